"""Hostile files: each is refused with one reason at its position, never a traceback (how fast:
bench/hostile.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from itms_tui.scenarios import ScenarioInvalid, load_scenario, parse_scenario
from itms_tui.scenarios import yamlnodes
from tests.support.scenarios import SPEC_EXAMPLE
from tests.support.worlds import ONE_WORLD

TOO_DEEP = "nesting deeper than 64 levels: a scenario file needs only a few"
NOT_UTF8 = "(binary data, or text in another encoding: save it as UTF-8)"

BOMB = b"""\
name: x
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
steps: [*i]
"""

#: (name, file bytes, the one problem expected as `line:col: message`)
HOSTILE = [
    ("empty file", b"", "1:1: the file is empty: a scenario needs name and steps"),
    ("only comments", b"# nothing here\n\n", "1:1: the file is empty: a scenario needs name and steps"),
    ("only a document marker", b"---\n", "1:1: the file is empty: a scenario needs name and steps"),
    ("top-level list", b"- name: x\n- steps: []\n",
     "1:1: a scenario file must be a mapping of keys (name, steps, …), got a list"),
    ("top-level scalar", b"hello\n",
     "1:1: a scenario file must be a mapping of keys (name, steps, …), got 'hello'"),
    ("a text file (one long plain scalar)", b"Dear customer,\nthis letter is about your account "
     b"and the payment plan we spoke of.\n" * 400,
     "1:1: a scenario file must be a mapping of keys (name, steps, …), got 'Dear customer, this "
     "letter is about your account and the pa…'"),
    ("binary junk", b"\x89PNG\r\n\x1a\n" + random.Random(7).randbytes(4096),
     f"1:1: the file is not UTF-8 text: byte 0x89 cannot be read {NOT_UTF8}"),
    ("NUL byte", b"name: x\nsteps: [\x00]\n",
     "2:9: the file contains a NUL byte: it is binary, or UTF-16/32 text (save it as UTF-8)"),
    ("control character", b"name: x\x07\n",
     "1:8: the character U+0007 is not allowed in a YAML file"),
    ("latin-1 text", "name: café\nsteps:\n  - consumer: déjà\n".encode("latin-1"),
     f"1:10: the file is not UTF-8 text: byte 0xe9 cannot be read {NOT_UTF8}"),
    ("non-UTF-8 on a later line", "name: x\nsteps:\n  - consumer: ¡hola\n".encode("cp1252"),
     f"3:15: the file is not UTF-8 text: byte 0xa1 cannot be read {NOT_UTF8}"),
    ("UTF-16 LE with BOM", "\ufeffname: x\n".encode("utf-16-le"),
     "1:1: the file is UTF-16: save it as UTF-8"),
    ("UTF-16 BE with BOM", "\ufeffname: x\n".encode("utf-16-be"),
     "1:1: the file is UTF-16: save it as UTF-8"),
    ("UTF-16 without BOM", "name: x\n".encode("utf-16-le"),
     "1:2: the file contains a NUL byte: it is binary, or UTF-16/32 text (save it as UTF-8)"),
    ("UTF-32", "\ufeffname: x\n".encode("utf-32"), "1:1: the file is UTF-32: save it as UTF-8"),
    ("BOM in the middle", 'name: x\nsteps: [{consumer: "a\ufeffb"}]\n'.encode(),
     "2:22: a byte order mark (U+FEFF) in the middle of the file: "
     "only the very start of a file may have one"),
    ("tab indentation", b"name: x\nsteps:\n\t- advance: 1h\n",
     "3:1: a tab is used for indentation: YAML indents with spaces only"),
    ("tab inside indentation", b"name: x\nsteps:\n  - advance: 1h\n  \t  x: 1\n",
     "4:3: a tab is used for indentation: YAML indents with spaces only"),
    ("deep block nesting", b"name: x\nsteps:\n" + b"".join(b" " * i + b"- \n"
                                                         for i in range(0, 400, 2)),
     f"66:127: {TOO_DEEP}"),
    ("deep flow mappings", b"name: x\nsteps: " + b"{a: " * 10_000, f"2:260: {TOO_DEEP}"),
    ("alias bomb", BOMB,
     "6:8: alias '*d' expands the file past the limit of 10000 nodes that aliases may add: "
     "aliases may only repeat small parts of a file"),
    ("undefined alias", b"name: *x\n",
     "1:7: alias '*x' names no anchor defined (and complete) before it"),
    ("recursive alias", b"name: x\nsteps: &s [*s]\n",
     "2:12: alias '*s' names no anchor defined (and complete) before it"),
    ("duplicate keys", b"name: x\nname: y\nsteps: [{advance: 1h}]\n",
     "2:1: duplicate key 'name' (first at line 1)"),
    ("two documents", b"name: x\nsteps: [{advance: 1h}]\n---\nname: y\n",
     "3:1: a second YAML document starts here: one scenario per file"),
    ("python object tag", b'name: !!python/object/apply:os.system ["echo hi"]\n'
                          b"steps: [{advance: 1h}]\n",
     "1:7: YAML tags like '!!python/object/apply:os.system' are not used in scenario files"),
    ("binary tag", b"name: !!binary aGk=\nsteps: [{advance: 1h}]\n",
     "1:7: YAML tags like '!!binary' are not used in scenario files"),
    ("unterminated quote", b'name: "x\nsteps: []\n',
     "3:1: YAML syntax error: found unexpected end of stream "
     "(while scanning a quoted scalar at line 1)"),
    ("bad indentation", b"name: x\n steps: []\n",
     "2:7: YAML syntax error: mapping values are not allowed in this context"),
]


@pytest.mark.parametrize(("data", "expected"), [case[1:] for case in HOSTILE],
                         ids=[case[0] for case in HOSTILE])
def test_hostile_file_is_refused_with_a_positioned_reason(tmp_path: Path, data: bytes,
                                                          expected: str) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(path)
    assert [str(e) for e in raised.value.errors] == [f"{path}:{expected}"]


def test_deep_flow_sequences_stop_at_the_parser_limit(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_bytes(b"name: x\nsteps: " + b"[" * 10_000)
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(path)
    (error,) = raised.value.errors
    assert (error.line, error.message) == (2, TOO_DEEP)


@pytest.mark.parametrize("name", ["deep block nesting", "deep flow mappings", "alias bomb",
                                  "tab indentation", "unterminated quote", "recursive alias"])
def test_the_pure_python_parser_gives_the_same_answers(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str
) -> None:
    monkeypatch.setattr(yamlnodes, "PARSER", yamlnodes.PurePythonParser)
    data, expected = next(case[1:] for case in HOSTILE if case[0] == name)
    path = tmp_path / "hostile.yaml"
    path.write_bytes(data)
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(path)
    assert [str(e) for e in raised.value.errors] == [f"{path}:{expected}"]


def test_the_pure_python_parser_survives_a_million_brackets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(yamlnodes, "PARSER", yamlnodes.PurePythonParser)
    with pytest.raises(ScenarioInvalid, match=TOO_DEEP):
        parse_scenario("name: x\nsteps: " + "[" * 1_000_000, "deep.yaml")


def test_a_utf8_bom_at_the_start_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + SPEC_EXAMPLE.encode())
    scenario = load_scenario(path)
    assert scenario.steps[0].line == 15  # the BOM moves no position


def test_a_file_over_5_mb_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(5 * 1024 * 1024 + 1)  # sparse: NULs that would be refused if read

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(path)
    assert [str(e) for e in raised.value.errors] == [
        f"{path}:1:1: the file is 5.0 MB: scenario files are limited to 5 MB, so it was not read"
    ]


def _four_megabytes(last_step: str) -> str:
    head = "name: big\n" + ONE_WORLD + "steps:\n"
    steps = ('  - consumer: "hello there, how are you"\n    from: "+16175550101"\n'
             "  - expect: sms\n    template: opt_in\n")
    count = (4 * 1024 * 1024 - len(head)) // len(steps) + 1
    return head + steps * count + last_step


@pytest.mark.slow
@pytest.mark.parametrize(("last_step", "message"), [
    ("  - expect: sms\n    template: opt_inn\n",
     "'opt_inn' is not a template (did you mean 'opt_in'?)"),
    ("  - expect: sms\n    template: [opt_in\n",
     "YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at "
     "line {line})"),
])
def test_a_4_mb_file_with_one_error_on_its_last_line(tmp_path: Path, last_step: str,
                                                     message: str) -> None:
    text = _four_megabytes(last_step)
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    assert 4 * 1024 * 1024 <= path.stat().st_size < 5 * 1024 * 1024
    last_line = text.count("\n")
    with pytest.raises(ScenarioInvalid) as raised:
        load_scenario(path)
    (error,) = raised.value.errors
    if "{line}" in message:  # the parser notices at the end of the file, one line on
        assert (error.line, error.message) == (last_line + 1, message.format(line=last_line))
    else:
        assert (error.line, error.col, error.message) == (last_line, 15, message)


# -- fuzzing: whatever the bytes, a Scenario or ScenarioInvalid --------------------------------------

_YAMLISH = st.text(alphabet=st.sampled_from(list("-:[]{}&*!|>'\"#,? \n\tab01~%@`\ufeff\x00é")),
                   max_size=200)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_YAMLISH, st.binary(max_size=200).map(lambda b: b.decode("latin-1"))))
def test_arbitrary_text_never_raises_anything_else(text: str) -> None:
    try:
        parse_scenario(text, "fuzz.yaml")
    except ScenarioInvalid as invalid:
        assert invalid.errors and all(e.line >= 1 and e.col >= 1 for e in invalid.errors)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_anything_else(tmp_path_factory, data: bytes) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "f.yaml"
    path.write_bytes(data)
    try:
        load_scenario(path)
    except ScenarioInvalid as invalid:
        assert invalid.errors


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_mutated_scenarios_never_raise_anything_else(data: st.DataObject) -> None:
    text = SPEC_EXAMPLE
    for _ in range(data.draw(st.integers(1, 4))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 12))
        insert = data.draw(st.sampled_from(["", " ", "\n", "- ", ": ", "x", "[", "{", "&a ", "*a",
                                            "1e3", "'", '"', "\t", "~", "agent: ", "expect: "]))
        text = text[:at] + insert + text[at + cut:]
    try:
        parse_scenario(text, "fuzz.yaml")
    except ScenarioInvalid as invalid:
        assert invalid.errors
