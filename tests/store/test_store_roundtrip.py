"""Round trips shared by both repositories (the memory one "reopens" as itself)."""

from __future__ import annotations

import math
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itms_tui.core.repository import ChangeSet
from itms_tui.store import StoreError
from tests.support.store import StoreUnderTest, expected_tables, scripted_change_sets


def test_new_store_is_empty(store: StoreUnderTest) -> None:
    assert store.repo.load() == {}


def test_commits_survive_reopen(store: StoreUnderTest) -> None:
    change_sets = scripted_change_sets()
    for changes in change_sets:
        store.repo.commit(changes)
    assert store.repo.load() == expected_tables(change_sets)

    store.reopen()

    assert store.repo.load() == expected_tables(change_sets)


def test_empty_change_set_is_a_no_op(store: StoreUnderTest) -> None:
    store.repo.commit(ChangeSet())
    store.repo.commit(ChangeSet(puts={"t": {}}, deletes={"t": set()}))
    store.reopen()
    assert store.repo.load() == {}


def test_records_are_copied_in_and_out(store: StoreUnderTest) -> None:
    record = {"body": "hello", "parts": [1, 2]}
    changes = ChangeSet()
    changes.put("messages", "1", record)
    store.repo.commit(changes)

    record["parts"].append(3)
    loaded = store.repo.load()
    loaded["messages"]["1"]["body"] = "changed by the caller"

    assert store.repo.load() == {"messages": {"1": {"body": "hello", "parts": [1, 2]}}}


@pytest.mark.parametrize(
    ("bad_value", "error"),
    [(datetime(2024, 1, 1), TypeError), ({1, 2}, TypeError), (math.nan, ValueError)],
)
def test_unstorable_value_raises_and_changes_nothing(
    store: StoreUnderTest, bad_value: object, error: type[Exception]
) -> None:
    good = ChangeSet()
    good.put("messages", "1", {"body": "kept"})
    store.repo.commit(good)
    bad = ChangeSet()
    bad.put("messages", "2", {"body": "lost", "when": bad_value})
    bad.delete("messages", "1")

    with pytest.raises(error):
        store.repo.commit(bad)

    assert store.repo.load() == {"messages": {"1": {"body": "kept"}}}
    store.reopen()
    assert store.repo.load() == {"messages": {"1": {"body": "kept"}}}


@pytest.mark.parametrize(
    "changes",
    [
        ChangeSet(puts={"_itms_store": {"k": {}}}),
        ChangeSet(deletes={"_itms_store": {"k"}}),
        ChangeSet(puts={"messages": {"k": {"_key": "clash"}}}),
        ChangeSet(puts={"messages": {"k": ["not", "a", "dict"]}}),
    ],
    ids=["reserved-table-put", "reserved-table-delete", "reserved-field", "non-dict-record"],
)
def test_names_the_disk_format_reserves_are_refused(
    store: StoreUnderTest, changes: ChangeSet
) -> None:
    with pytest.raises((TypeError, ValueError)):
        store.repo.commit(changes)
    assert store.repo.load() == {}


def test_use_after_close_raises(store: StoreUnderTest) -> None:
    store.repo.close()
    with pytest.raises(StoreError):
        store.repo.load()
    with pytest.raises(StoreError):
        store.repo.commit(ChangeSet(puts={"t": {"k": {}}}))
    store.repo.close()  # closing twice is harmless


keys = st.sampled_from(["a", "b", "c", "ü", "😀"])
records = st.dictionaries(
    st.text(max_size=3).filter(lambda field: field != "_key"),
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=5),
        lambda children: st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=3), children, max_size=3),
        max_leaves=5,
    ),
    max_size=3,
)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("put"), st.sampled_from(["t1", "t2"]), keys, records),
        st.tuples(st.just("delete"), st.sampled_from(["t1", "t2"]), keys, st.none()),
        st.tuples(st.just("commit"), st.none(), st.none(), st.none()),
        st.tuples(st.just("reopen"), st.none(), st.none(), st.none()),
    ),
    max_size=30,
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(operations)
def test_any_sequence_of_commits_and_reopens_matches_a_model(
    store: StoreUnderTest, operation_list: list[tuple]
) -> None:
    # One store is shared by all examples, so the model starts from what it already holds.
    model = store.repo.load()
    pending = ChangeSet()
    for operation, table, key, record in [*operation_list, ("commit", None, None, None)]:
        if operation == "put":
            pending.put(table, key, record)
        elif operation == "delete":
            pending.delete(table, key)
        elif operation == "commit":
            store.repo.commit(pending)
            pending.apply_to(model)
            pending = ChangeSet()
        else:
            store.reopen()
        assert store.repo.load() == model
