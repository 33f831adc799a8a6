"""The scenario library in `scenarios/`: every file passes, and together they cover what the
library promises to teach. Coverage is computed from the files (and, where it depends on the
state a step meets, from running them), never listed by hand."""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import pytest

from itms_tui.core.keywords import (
    DEFAULT_HELP,
    DEFAULT_OPT_OUT,
    DEFAULT_OPT_OUT_EMOJI,
    Intent,
    classify,
    normalise,
)
from itms_tui.core.names import CarrierStatus, ConsentState, ErrorCode, FaultKind, Template
from itms_tui.core.rules import zones_for_number
from itms_tui.scenarios import Scenario, Step, find_scenario_files, load_scenario
from itms_tui.scenarios.step_kinds import STEP_KINDS
from itms_tui.scenarios.demo import load_demo_world
from itms_tui.scenarios.runner import ScenarioRun, build_service, run_scenario

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "scenarios"
FILES = find_scenario_files([LIBRARY])
SCHEMA_LINE = "# yaml-language-server: $schema=https://itms-tui.example/schemas/scenario-v1.json"
FOLDERS = ("opt_in", "opt_out", "supervisor", "rules", "faults", "demo", "training")


def _id(path: Path) -> str:
    return str(path.relative_to(LIBRARY))


@lru_cache(maxsize=None)
def library() -> tuple[Scenario, ...]:
    return tuple(load_scenario(path, demo_world=load_demo_world()) for path in FILES)


# -- every scenario passes -------------------------------------------------------------------------


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_scenario_passes(path: Path) -> None:
    scenario = load_scenario(path, demo_world=load_demo_world())
    result = run_scenario(scenario)
    assert result.passed, "\n".join(result.failure.failure_lines() if result.failure else
                                    ["did not run to the end"])


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_scenario_reads_as_documentation(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == SCHEMA_LINE
    scenario = load_scenario(path, demo_world=load_demo_world())
    assert len(scenario.name) >= 10
    assert len(scenario.description) >= 60, "the description explains what happens"
    assert scenario.tags
    # A comment explains the why: at least a few comment lines besides the schema line.
    comments = [line for line in text.splitlines()[1:] if line.lstrip().startswith("#")]
    assert len(comments) >= 2
    assert path.parent.name in FOLDERS


def test_the_library_is_big_enough_and_names_are_unique() -> None:
    assert len(FILES) >= 35
    assert {path.parent.name for path in FILES} == set(FOLDERS)
    names = [s.name for s in library()]
    assert len(names) == len(set(names))
    # Most scenarios read standalone with their own small world; a few use the demo world.
    own = sum(1 for s in library() if s.world is not None)
    assert own >= len(FILES) - 5
    assert own < len(FILES)


# -- coverage, from the files ----------------------------------------------------------------------


def steps() -> list[tuple[Scenario, int, Step]]:
    return [(s, i, step) for s in library() for i, step in enumerate(s.steps)]


def consumer_texts() -> list[tuple[Scenario, int, Step]]:
    return [(s, i, step) for s, i, step in steps() if step.kind == "consumer"]


def test_every_error_code_is_expected_somewhere() -> None:
    expected = {step.expect_error for _s, _i, step in steps() if step.expect_error}
    assert expected == {code.value for code in ErrorCode}


def test_every_template_is_expected_somewhere() -> None:
    checked = {step.args.get("template") for _s, _i, step in steps()
               if step.kind == "expect" and step.action == "sms"}
    assert {t.value for t in Template} <= checked


def test_every_step_kind_and_action_is_used() -> None:
    used = {(step.kind, step.action if STEP_KINDS[step.kind].variants else None)
            for _s, _i, step in steps()}
    for name, kind in STEP_KINDS.items():
        actions = kind.variants or {None: None}
        for action in actions:
            assert (name, action) in used, f"{name}: {action} is never used"


def test_every_fault_kind_status_and_direction_is_used() -> None:
    faults = [step for _s, _i, step in steps() if step.kind == "fault"]
    used = {(step.action, step.args["direction"]) for step in faults}
    for kind in FaultKind:
        assert (kind.value, "out") in used, kind
    assert ("duplicate", "in") in used
    statuses = {step.args["status"] for step in faults if step.action == "fail"}
    assert statuses == {status.value for status in CarrierStatus}


def _followed_by_opt_out(scenario: Scenario, index: int, number: str) -> bool:
    """A later step checks that `number` is opted out (or got the opted_out text)."""
    for step in scenario.steps[index + 1:]:
        if step.kind != "expect":
            continue
        if step.action == "consent" and step.args["phone"] == number:
            return step.args["state"] == "opted_out"
        if step.action == "sms" and step.args["to"] == number and \
                step.args.get("template") == "opted_out":
            return True
    return False


def opt_out_texts() -> list[tuple[str, str]]:
    """(text, phone) of every consumer opt-out whose effect the scenario then checks."""
    found = []
    for scenario, index, step in consumer_texts():
        if classify(step.action).intent is Intent.OPT_OUT and \
                _followed_by_opt_out(scenario, index, step.args["from"]):
            found.append((step.action, step.args["from"]))
    return found


def test_every_opt_out_keyword_opts_out_somewhere() -> None:
    covered = {normalise(text) for text, _phone in opt_out_texts()}
    keywords = {normalise(word) for word in DEFAULT_OPT_OUT}
    assert len(keywords) == 19  # the 17 of ITMS's list + the two uncensored spellings
    assert keywords <= covered, f"never shown: {sorted(keywords - covered)}"


def test_keyword_variants_are_shown() -> None:
    texts = [text for text, _phone in opt_out_texts() if not _only_emoji(text)]
    assert any(text.isupper() for text in texts), "all capitals"
    assert any(text.islower() for text in texts), "all lower case"
    assert any(text[:1].isupper() and not text.isupper() for text in texts), "capitalised"
    assert any(text != text.strip() for text in texts), "surrounding spaces"
    assert any(text.strip()[-1:] in ".!?" for text in texts), "punctuation"
    assert any("\u200b" in text for text in texts), "a zero-width space"
    assert any(text != normalise(text) and text.casefold() != normalise(text) and
               text.strip().casefold() != normalise(text) for text in texts)


def _only_emoji(text: str) -> bool:
    return all(not ch.isalpha() for ch in text)


def test_every_opt_out_emoji_opts_out_with_variants() -> None:
    texts = [text for text, _phone in opt_out_texts() if _only_emoji(text)]
    for emoji in DEFAULT_OPT_OUT_EMOJI:
        assert any(emoji in text for text in texts), f"{emoji} (U+{ord(emoji):04X}) never shown"
    assert any("\ufe0f" in text for text in texts), "a variation selector 16 (U+FE0F)"
    assert any("\ufe0e" in text for text in texts), "a variation selector 15 (U+FE0E)"
    assert any(any(0x1F3FB <= ord(ch) <= 0x1F3FF for ch in text) for text in texts), "skin tone"
    assert any(len([ch for ch in text if ord(ch) > 0x2000 and ch not in "\ufe0e\ufe0f"]) > 1
               for text in texts), "several emoji in one text"
    assert any(" " in text.strip() for text in texts), "emoji separated by spaces"


def test_possible_opt_outs_are_shown_to_change_nothing() -> None:
    shown = 0
    for scenario, index, step in consumer_texts():
        if classify(step.action).intent is not Intent.POSSIBLE_OPT_OUT:
            continue
        later = scenario.steps[index + 1:index + 6]
        flagged = any(s.kind == "expect" and s.action == "inbox" and
                      s.args["queue"] == "possible_opt_out" and
                      s.args["phone"] == step.args["from"] for s in later)
        shown += flagged
    assert shown >= 5


def test_send_window_cases_are_shown() -> None:
    held = [(s, step) for s, _i, step in steps()
            if step.kind == "expect" and step.action == "sms" and
            step.args.get("status") == "scheduled"]
    assert len({s.name for s, _step in held}) >= 3
    multi_zone = {step.args["to"] for _s, step in held if len(zones_for_number(step.args["to"])) > 1}
    assert any(number.startswith("+1208") for number in multi_zone)
    assert set(zones_for_number("+12085550102")) == {"America/Boise", "America/Los_Angeles"}
    blocked = [step for _s, _i, step in steps()
               if step.kind == "expect" and step.args.get("status") == "blocked"]
    assert blocked, "a held text blocked after an opt-out"


def test_a_number_shared_by_two_accounts_is_used() -> None:
    shared = []
    for s in library():
        world = s.world or load_demo_world()
        count: dict[str, int] = defaultdict(int)
        for account in world["accounts"]:
            for number in account["phones"]:
                count[number] += 1
        if any(n > 1 for n in count.values()):
            shared.append(s.name)
    assert len(shared) >= 3


def test_every_flow_has_a_scenario_of_its_own() -> None:
    """Each of the eleven flows of SPEC section 3 is tagged by a scenario outside demo/, and
    the tagged scenario performs the flow's characteristic step."""
    performs = {
        1: lambda st: st.kind == "agent" and st.action == "enter_auth_code",
        2: lambda st: st.kind == "agent" and st.action == "quick_opt_in",
        3: lambda st: st.kind == "agent" and st.action == "arrange_payment_plan",
        4: lambda st: st.kind == "supervisor" and st.action == "link_number",
        5: lambda st: st.kind == "expect" and st.action == "audit" and
        st.args["event"] == "auto_opt_in",
        6: lambda st: st.kind == "consumer" and classify(st.action).intent is Intent.OPT_OUT,
        7: lambda st: st.kind == "agent" and st.action == "opt_out",
        8: lambda st: st.kind == "consumer" and classify(st.action).intent is Intent.SIGNUP,
        9: lambda st: st.kind == "consumer" and classify(st.action).intent is Intent.HELP,
        10: lambda st: st.kind == "expect" and st.action == "inbox",
        11: lambda st: st.kind in ("agent", "supervisor") and
        st.action in ("send_text", "send_link", "reply"),
    }
    for flow, does in performs.items():
        tagged = [s for s in library() if f"flow-{flow}" in s.tags and s.path.parent.name != "demo"]
        assert tagged, f"flow {flow} has no scenario"
        assert all(any(does(step) for step in s.steps) for s in tagged), f"flow {flow}"


# -- coverage that depends on the state a step meets (found by running) ----------------------------


@lru_cache(maxsize=None)
def walked() -> tuple[tuple[Scenario, Step, ConsentState, bool, tuple[str, ...], int], ...]:
    """Every step of the library with, just before it ran: the consent state of the number it
    names, whether that number is on an account, the causes of that number's consent changes so
    far, and how many accounts list it."""
    seen = []
    for scenario in library():
        service = build_service(scenario)
        flow = ScenarioRun(scenario, service)
        while (step := flow.next_step()) is not None:
            number = step.args.get("from") or step.args.get("phone") or step.args.get("to")
            if number is not None and not number.startswith("+"):
                number = None
            state = service.consent(number).state if number else ConsentState.NONE
            on_account = bool(number and service.accounts_for(number))
            causes = tuple(e.event for e in service.audit()
                           if e.number == number and not e.is_refusal)
            accounts = len(service.accounts_for(number)) if number else 0
            seen.append((scenario, step, state, on_account, causes, accounts))
            assert flow.execute(step).passed
    return tuple(seen)


def test_help_is_shown_in_every_state_and_from_an_unknown_number() -> None:
    helps = {normalise(word) for word in DEFAULT_HELP}
    states = set()
    unknown = False
    for _s, step, state, on_account, _causes, _n in walked():
        if step.kind == "consumer" and normalise(step.action) in helps:
            states.add(state)
            unknown |= not on_account
    assert states == set(ConsentState)
    assert unknown
    words = {normalise(step.action) for _s, step, *_rest in walked() if step.kind == "consumer"}
    assert helps <= words, "both HELP and INFO"


def test_signup_is_shown_after_both_kinds_of_opt_out() -> None:
    after = set()
    for _s, step, state, _on, causes, _n in walked():
        if step.kind == "consumer" and classify(step.action).intent is Intent.SIGNUP and \
                state is ConsentState.OPTED_OUT and causes:
            after.add(causes[-1])
    assert {"keyword_opt_out", "agent_opt_out"} <= after


def test_pin_refusals_are_shown_with_the_placeholder() -> None:
    codes = {step.expect_error for _s, step, *_rest in walked()
             if step.kind == "agent" and step.action == "enter_auth_code" and
             step.args["code"] == "{pin}"}
    # The real PIN, once expired, and once voided (by a new request or too many attempts).
    assert {"code_expired", "no_pending_pin", None} <= codes
    wrong = {step.expect_error for _s, step, *_rest in walked()
             if step.kind == "agent" and step.action == "enter_auth_code" and
             step.args["code"] != "{pin}"}
    assert {"wrong_code", "too_many_attempts"} <= wrong


def test_max_invitations_is_shown_across_two_accounts() -> None:
    assert any(step.expect_error == "max_invitations" and accounts >= 2
               for _s, step, _st, _on, _c, accounts in walked())


def test_no_one_available_is_shown_once_per_24_hours() -> None:
    # A scenario where no_one_available is expected twice for one number, with texts from that
    # number in between that got nothing (no_sms).
    for scenario in library():
        replies = [i for i, step in enumerate(scenario.steps)
                   if step.kind == "expect" and step.action == "sms" and
                   step.args.get("template") == "no_one_available"]
        if len(replies) < 2:
            continue
        first, second = replies[0], replies[1]
        between = scenario.steps[first:second]
        if any(s.kind == "consumer" for s in between) and \
                any(s.kind == "expect" and s.action == "no_sms" for s in between) and \
                any(s.kind == "advance" for s in between):
            return
    pytest.fail("no scenario shows no_one_available held back within 24 hours")
