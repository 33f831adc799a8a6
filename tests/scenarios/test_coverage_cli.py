"""`itms-tui coverage PATH…`: formats, -k, --fail-under, invalid files, and the library at 100%."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from itms_tui.cli import main
from itms_tui.cli.coverage import FORMATS
from itms_tui.scenarios import coverage_report
from tests.support.scenarios import doc
from tests.support.worlds import ONE_WORLD


LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"

PIN_FLOW = """
  - agent: send_opt_in_request
  - consumer: "YES"
  - agent: enter_auth_code
    code: "{pin}"
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pin.yaml").write_text(doc(PIN_FLOW, ONE_WORLD, name="PIN flow") +
                                       "tags: [pin]\n", encoding="utf-8")
    (tmp_path / "help.yaml").write_text(doc('  - consumer: "HELP"\n', ONE_WORLD, name="Help") +
                                        "tags: [help]\n", encoding="utf-8")
    return tmp_path


def test_the_project_library_is_fully_covered(capsys):
    """CI's gate: any rule without a scenario fails the build."""
    assert main(["coverage", str(LIBRARY), "--fail-under", "100"]) == 0
    out = capsys.readouterr().out
    assert "(100.0%)" in out and "Every item was exercised." in out


def test_text_report_and_fail_under(folder, capsys):
    assert main(["coverage", str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Rule coverage: ") and "exercised by 2 scenarios" in out
    assert "Never exercised" in out and "  flow: 2 — " in out
    assert "  flow: 1 — " not in out and "  flow: 9 — " not in out
    assert main(["coverage", str(folder), "--fail-under", "100"]) == 1
    assert "is below --fail-under 100%" in capsys.readouterr().err
    assert main(["coverage", str(folder), "--fail-under", "5"]) == 0


def test_k_selects_as_in_run(folder, capsys):
    assert main(["coverage", str(folder), "-k", "help", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenarios"] == 1
    assert "flow: 9" not in data["missed"] and "flow: 1" in data["missed"]
    assert main(["coverage", str(folder), "-k", "nothing-matches"]) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format(folder, capsys, fmt):
    assert main(["coverage", str(folder), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        data = json.loads(out)
        assert data["covered"] < data["total"] and "flow: 2" in data["missed"]
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and "flow: 2" in out
    elif fmt == "md":
        assert "| group | covered | total | % |" in out and "- `flow: 2`" in out
    else:
        assert "Never exercised" in out


def test_the_formats_offered_are_the_reports(folder):
    assert FORMATS == coverage_report.FORMATS


def test_an_invalid_file_exits_2_and_the_valid_ones_still_count(folder, capsys):
    (folder / "bad.yaml").write_text("name: bad\nsteps: []\n", encoding="utf-8")
    assert main(["coverage", str(folder)]) == 2
    captured = capsys.readouterr()
    assert "bad.yaml" in captured.err and "INVALID 1 file not run" in captured.err
    assert "exercised by 2 scenarios" in captured.out


def test_a_failing_scenario_exits_1(folder, capsys):
    (folder / "fails.yaml").write_text(doc("  - expect: consent\n    state: opted_out\n",
                                           ONE_WORLD, name="Fails"), encoding="utf-8")
    assert main(["coverage", str(folder)]) == 1
    assert "FAIL Fails" in capsys.readouterr().err


def test_bad_arguments_exit_2(folder, capsys):
    assert main(["coverage", str(folder / "missing")]) == 2
    assert main(["coverage", str(folder), "--fail-under", "140"]) == 2
    with pytest.raises(SystemExit) as exit_:
        main(["coverage", str(folder), "--format", "pdf"])
    assert exit_.value.code == 2


def test_a_hostile_scenario_name_stays_inert_on_stderr(folder, capsys):
    (folder / "fails.yaml").write_text(doc("  - expect: consent\n    state: opted_out\n",
                                           ONE_WORLD, name='"Fails \\e]0;owned\\a \\u202e"'),
                                       encoding="utf-8")
    assert main(["coverage", str(folder)]) == 1
    err = capsys.readouterr().err
    assert "FAIL Fails ␛]0;owned␇ ⟨U+202E⟩" in err
    assert "\x1b" not in err and "\u202e" not in err
