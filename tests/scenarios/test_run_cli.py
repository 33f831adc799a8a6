"""`itms-tui run`, driven through `main([...])`: output, exit codes, -k, --junit, --transcript."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from itms_tui import cli
from itms_tui.cli import main
from itms_tui.cli.selection import compile_selection
from tests.support.scenarios import SPEC_EXAMPLE, doc
from tests.support.worlds import ONE_WORLD

CLOSING = re.compile(r"^\d+ passed, \d+ failed$")

PASSING = doc("""
- agent: quick_opt_in
- expect: sms
  template: opt_in
""", name="Quick opt-in passes")

FAILING = """\
name: Wrong template fails
tags: [pin, broken]
steps:
  - agent: send_opt_in_request
  - consumer: "YES"
  - expect: sms
    template: opted_in
""" + ONE_WORLD

INVALID = doc("- advance: 90x", name="bad")


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def lib(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "lib"
    write(folder, "a_spec.yaml", SPEC_EXAMPLE.replace("[opt-in, pin]", "[opt-in, pin, spec]"))
    write(folder, "sub/b_quick.yaml", PASSING)
    return folder


def lines(text: str) -> list[str]:
    return text.splitlines()


# -- output and exit codes -------------------------------------------------------------------------


def test_all_pass_exit_0(capsys: pytest.CaptureFixture[str], lib: Path) -> None:
    assert main(["run", "lib"]) == 0
    out, err = capsys.readouterr()
    assert lines(out) == [
        "PASS Agent-initiated opt-in with PIN (lib/a_spec.yaml)",
        "PASS Quick opt-in passes (lib/sub/b_quick.yaml)",
        "2 passed, 0 failed",
    ]
    assert err == ""


def test_a_failure_exit_1_with_where_expected_actual_and_messages(
    capsys: pytest.CaptureFixture[str], lib: Path
) -> None:
    write(lib, "c_fail.yaml", FAILING)
    assert main(["run", "lib"]) == 1
    out, _err = capsys.readouterr()
    text = lines(out)
    assert CLOSING.match(text[-1])
    assert text[-1] == "2 passed, 1 failed"
    start = text.index("FAIL Wrong template fails (lib/c_fail.yaml)")
    detail = text[start + 1:-1]
    assert detail[0] == "    lib/c_fail.yaml:6: step 3, expect: sms"
    assert detail[1] == "    expected: sms to +16175550101 with template opted_in"
    assert detail[2].startswith("    actual:   the oldest unchecked text is opt_in ")
    assert detail[3] == "    last messages:"
    assert any("← +16175550101 'YES' (delivered)" in line for line in detail)
    assert "    last consent changes:" in detail


def test_an_invalid_file_exit_2_the_valid_ones_still_run(
    capsys: pytest.CaptureFixture[str], lib: Path
) -> None:
    write(lib, "d_bad.yaml", INVALID)
    write(lib, "c_fail.yaml", FAILING)
    assert main(["run", "lib"]) == 2
    out, _err = capsys.readouterr()
    text = lines(out)
    bad = Path("lib") / "d_bad.yaml"
    assert text[0].startswith(f"{bad}:3:12: '90x' is not a duration")
    assert text[1] == f"INVALID 1 file not run: {bad}"
    assert "PASS Quick opt-in passes (lib/sub/b_quick.yaml)" in text
    assert text[-1] == "2 passed, 1 failed"


def test_files_are_run_in_the_order_given(capsys: pytest.CaptureFixture[str], lib: Path) -> None:
    assert main(["run", "lib/sub/b_quick.yaml", "lib/a_spec.yaml"]) == 0
    out, _ = capsys.readouterr()
    assert [line.split(" (")[0] for line in lines(out)[:2]] == [
        "PASS Quick opt-in passes", "PASS Agent-initiated opt-in with PIN"]


def test_missing_path_and_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["run", str(tmp_path / "nope")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["run", str(tmp_path / "empty")]) == 2
    assert "no scenario files" in capsys.readouterr().err


def test_a_scenario_without_world_runs_on_the_demo_world(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = write(tmp_path, "demo.yaml", doc("""
- consumer: STOP
  from: "+16175550101"
- expect: consent
  state: opted_out
""", world=None, name="On the demo world"))
    assert main(["run", str(path)]) == 0
    assert lines(capsys.readouterr().out)[-1] == "1 passed, 0 failed"


def test_marks_on_a_terminal_and_no_colour(
    capsys: pytest.CaptureFixture[str], lib: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(lib, "c_fail.yaml", FAILING)
    monkeypatch.setattr(cli.common, "is_tty", lambda stream: stream is sys.stdout)
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["run", "lib"]) == 1
    out, err = capsys.readouterr()
    assert "✓ PASS Quick opt-in passes (lib/sub/b_quick.yaml)" in lines(out)
    assert "✗ FAIL Wrong template fails (lib/c_fail.yaml)" in lines(out)
    assert "\x1b" not in out
    assert lines(out)[-1] == "2 passed, 1 failed"
    assert err == ""


def test_progress_bar_only_on_a_terminal_stderr_and_many_scenarios(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for i in range(12):
        write(tmp_path / "many", f"s{i:02}.yaml", PASSING.replace("Quick opt-in passes", f"S{i}"))
    assert main(["run", "many"]) == 0
    assert capsys.readouterr().err == ""  # not a terminal: no bar
    monkeypatch.setattr(cli.common, "is_tty", lambda stream: stream is sys.stderr)
    assert main(["run", "many"]) == 0
    out, err = capsys.readouterr()
    assert "[###" in err and "11/12 S10" in err
    assert re.search(r"\r\x1b\[Kran 12 scenarios in \d+\.\d\ds\n$", err)
    assert lines(out)[-1] == "12 passed, 0 failed"
    assert "\r" not in out


# -- -k --------------------------------------------------------------------------------------------


def names(out: str) -> list[str]:
    return [line.split(" ", 1)[1].rsplit(" (", 1)[0] for line in lines(out)
            if line.startswith(("PASS ", "FAIL "))]


@pytest.mark.parametrize(("expression", "expected"), [
    ("quick", ["Quick opt-in passes"]),
    ("QUICK", ["Quick opt-in passes"]),
    ("spec", ["Agent-initiated opt-in with PIN"]),           # a tag
    ("pin", ["Agent-initiated opt-in with PIN", "Wrong template fails"]),
    ("not pin", ["Quick opt-in passes"]),
    ("pin and not broken", ["Agent-initiated opt-in with PIN"]),
    ("quick or broken", ["Quick opt-in passes", "Wrong template fails"]),
    ("(quick or spec) and not PIN", ["Quick opt-in passes"]),
    ("opt-in passes", ["Quick opt-in passes"]),               # no operator: one phrase
])
def test_k_selects_by_name_or_tag(capsys: pytest.CaptureFixture[str], lib: Path,
                                  expression: str, expected: list[str]) -> None:
    write(lib, "c_fail.yaml", FAILING)
    code = main(["run", "lib", "-k", expression])
    out, _ = capsys.readouterr()
    assert sorted(names(out)) == sorted(expected)
    assert code == (1 if "Wrong template fails" in expected else 0)
    assert lines(out)[-1] == f"{len(expected) - ('Wrong template fails' in expected)} passed, " \
                             f"{int('Wrong template fails' in expected)} failed"


def test_k_matching_nothing_or_unreadable_is_an_error(
    capsys: pytest.CaptureFixture[str], lib: Path
) -> None:
    assert main(["run", "lib", "-k", "optin"]) == 2
    out, err = capsys.readouterr()
    assert "no scenario matches -k 'optin'" in err
    assert lines(out)[-1] == "0 passed, 0 failed"
    for bad in ("pin and", "(pin", "pin quick or spec", "and", ")"):
        assert main(["run", "lib", "-k", bad]) == 2
        assert "-k" in capsys.readouterr().err


def test_compile_selection_directly() -> None:
    select = compile_selection("not (opt-in and pin) or demo")
    assert select("Demo day", ())
    assert not select("Agent opt-in", ("pin",))
    assert select("Agent opt-in", ("quick",))


# -- --junit ---------------------------------------------------------------------------------------


def test_junit_report(capsys: pytest.CaptureFixture[str], lib: Path, tmp_path: Path) -> None:
    write(lib, "c_fail.yaml", FAILING)
    write(lib, "d_bad.yaml", INVALID)
    report = tmp_path / "out" / "junit.xml"
    report.parent.mkdir()
    assert main(["run", "lib", "--junit", str(report)]) == 2
    capsys.readouterr()
    root = ET.parse(report).getroot()
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "1")
    cases = {case.get("name"): case for case in suite.iter("testcase")}
    assert set(cases) == {"Agent-initiated opt-in with PIN", "Quick opt-in passes",
                          "Wrong template fails", "d_bad.yaml"}
    assert cases["Quick opt-in passes"].get("classname") == "lib.sub.b_quick"
    assert cases["Quick opt-in passes"].find("failure") is None
    failure = cases["Wrong template fails"].find("failure")
    assert failure is not None
    message = failure.get("message") or ""
    assert message.startswith("lib/c_fail.yaml:6: expected sms to +16175550101 with template "
                              "opted_in; actual: the oldest unchecked text is opt_in")
    assert "last messages:" in (failure.text or "")
    assert cases["Wrong template fails"].get("line") == "6"
    error = cases["d_bad.yaml"].find("error")
    assert error is not None and "'90x' is not a duration" in (error.text or "")
    out = cases["Quick opt-in passes"].find("system-out")
    assert out is not None and "ok   step 1" in (out.text or "")


def test_junit_survives_characters_xml_cannot_carry(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "s.yaml", doc("""
- consumer: "bell \\a and <tag> & \\"quotes\\""
- expect: consent
  state: opted_in
""", name="Odd <characters> & bell"))
    assert main(["run", "s.yaml", "--junit", "j.xml"]) == 1
    capsys.readouterr()
    root = ET.parse(tmp_path / "j.xml").getroot()
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("name") == "Odd <characters> & bell"


def test_unwritable_junit_is_a_clear_error(capsys: pytest.CaptureFixture[str], lib: Path) -> None:
    assert main(["run", "lib", "--junit", str(lib / "no" / "such" / "dir" / "j.xml")]) == 2
    assert "cannot write" in capsys.readouterr().err


# -- --transcript ----------------------------------------------------------------------------------


def test_transcripts_are_written_one_per_scenario(
    capsys: pytest.CaptureFixture[str], lib: Path, tmp_path: Path
) -> None:
    write(lib, "c_fail.yaml", FAILING)
    out_dir = tmp_path / "evidence"
    assert main(["run", "lib", "--transcript", str(out_dir)]) == 1
    capsys.readouterr()
    files = sorted(p.name for p in out_dir.iterdir())
    assert files == ["lib__a_spec.md", "lib__c_fail.md", "lib__sub__b_quick.md"]
    text = (out_dir / "lib__a_spec.md").read_text(encoding="utf-8")
    assert text.startswith("# Agent-initiated opt-in with PIN\n")
    assert "| Result | PASS (8 of 8 steps) |" in text
    for heading in ("## Steps", "## Messages", "## Consent timeline", "## Audit log"):
        assert heading in text
    assert "| 1 | Mon 02 Mar 10:00:00 EST | → out | +16175550101 | 1001 | opt_in | delivered |" \
        in text
    assert "none → awaiting_yes | opt_in_request | agent |" in text
    assert "awaiting_pin → opted_in | pin_accepted | agent |" in text
    assert "| 1 | 15 | agent: send_opt_in_request · account 1001 · phone +16175550101 | ✓ pass |" \
        in text
    failed = (out_dir / "lib__c_fail.md").read_text(encoding="utf-8")
    assert "| Result | FAIL at step 3 (lib/c_fail.yaml:6) |" in failed
    assert "## Failure" in failed and "```text\nlib/c_fail.yaml:6: step 3, expect: sms" in failed
    assert "| ✗ FAIL |" in failed


def test_transcript_escapes_consumer_text_for_tables(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "s.yaml", doc("""
- consumer: "pay | later\\nsecond line <b>bold</b> *x* [link](http://x)"
- expect: inbox
  queue: agent
  contains: "| later"
""", name="Pipes | and newlines"))
    assert main(["run", "s.yaml", "--transcript", "t"]) == 0
    capsys.readouterr()
    text = (tmp_path / "t" / "s.md").read_text(encoding="utf-8")
    assert text.startswith("# Pipes \\| and newlines\n")
    row = next(line for line in text.splitlines() if line.startswith("| 1 | Mon 02 Mar"))
    assert row.endswith("| pay \\| later<br>second line &lt;b&gt;bold&lt;/b&gt; \\*x\\* "
                        "\\[link\\](http://x) |")
    # Every table row has the same number of unescaped pipes as its header.
    for block in text.split("\n\n"):
        rows = [line for line in block.splitlines() if line.startswith("|")]
        if rows:
            counts = {len(re.findall(r"(?<!\\)\|", line)) for line in rows}
            assert len(counts) == 1, rows


def test_transcript_names_do_not_collide(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path / "..")
    a = write(tmp_path / "x", "s.yaml", PASSING)
    b = write(tmp_path / "y", "s.yaml", PASSING.replace("Quick opt-in passes", "Other"))
    out_dir = tmp_path / "t"
    assert main(["run", str(a), str(b), "--transcript", str(out_dir)]) == 0
    capsys.readouterr()
    assert len(list(out_dir.iterdir())) == 2


def test_run_help_lists_the_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["run", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("-k EXPR", "--junit FILE", "--transcript DIR"):
        assert option in out


def test_library_runs_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    library = Path(__file__).resolve().parents[2] / "scenarios"
    assert main(["run", str(library)]) == 0
    out = capsys.readouterr().out
    assert CLOSING.match(lines(out)[-1])
    assert lines(out)[-1].endswith(" passed, 0 failed")


def test_output_is_plain_text_when_not_a_terminal(capsys: pytest.CaptureFixture[str],
                                                  lib: Path) -> None:
    assert main(["run", "lib"]) == 0
    out = capsys.readouterr().out
    assert "✓" not in out and "\x1b" not in out


# -- SPEC section 9: the agency side never prints a PIN -----------------------------------------


def test_run_output_and_transcripts_mask_the_pin(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("itms_tui.core.service.draw_pin", lambda length, avoiding=(): "4821")
    write(tmp_path, "fail.yaml", FAILING)
    assert main(["run", "fail.yaml", "--transcript", "t"]) == 1
    out, _err = capsys.readouterr()
    transcript = next((tmp_path / "t").glob("*.md")).read_text(encoding="utf-8")
    for shown in (out, transcript):
        assert "opt_in_pin" in shown
        assert "is \u2022\u2022\u2022\u2022." in shown
        assert "4821" not in shown
