"""`itms-tui validate` and `itms-tui schema`, driven through `main([...])`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from itms_tui import cli
from itms_tui.cli import main
from itms_tui.scenarios.schema import scenario_schema
from tests.support.scenarios import SPEC_EXAMPLE, doc


@pytest.fixture
def library(tmp_path: Path) -> Path:
    (tmp_path / "lib" / "pin").mkdir(parents=True)
    (tmp_path / "lib" / "a.yaml").write_text(SPEC_EXAMPLE, encoding="utf-8")
    (tmp_path / "lib" / "pin" / "b.yaml").write_text(doc("- agent: quick_opt_in"),
                                                     encoding="utf-8")
    (tmp_path / "lib" / "pin" / "c.yaml").write_text(doc("- advance: 90x\n- expect: smss"),
                                                     encoding="utf-8")
    (tmp_path / "lib" / "notes.txt").write_text("not a scenario", encoding="utf-8")
    return tmp_path / "lib"


def test_validate_a_valid_file(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    assert main(["validate", str(library / "a.yaml")]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("1 file valid, 0 invalid\n", "")


def test_validate_a_folder_recursively(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    assert main(["validate", str(library)]) == 2
    out, err = capsys.readouterr()
    bad = library / "pin" / "c.yaml"
    assert out.splitlines() == [
        f"{bad}:3:12: '90x' is not a duration: use integers with units d, h, m, s in that order,"
        " e.g. 90s, 15m, 2h, 1d5h, 1h30m",
        f"{bad}:4:11: unknown expectation 'smss' (did you mean 'sms'?)",
        "2 files valid, 1 invalid",
    ]
    assert err == ""


def test_validate_reports_hostile_files_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "junk.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "empty.yaml").write_bytes(b"")
    assert main(["validate", str(tmp_path / "junk.yaml"), str(tmp_path / "empty.yaml")]) == 2
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{tmp_path / 'junk.yaml'}:1:1: the file is not UTF-8 text: byte 0x89 cannot be read "
        "(binary data, or text in another encoding: save it as UTF-8)",
        f"{tmp_path / 'empty.yaml'}:1:1: the file is empty: a scenario needs name and steps",
        "0 files valid, 2 invalid",
    ]
    assert "Traceback" not in err


def test_validate_a_missing_path(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    missing = library / "missing.yaml"
    assert main(["validate", str(library / "a.yaml"), str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"itms-tui validate: {missing}: no such file or folder\n"


def test_validate_a_folder_without_scenarios(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"itms-tui validate: no scenario files (*.yaml) in {tmp_path}\n"


def test_validate_needs_a_path(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["validate"])
    assert exited.value.code == 2
    assert "usage: itms-tui validate" in capsys.readouterr().err


def test_a_bad_flag_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--frobnicate"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: itms-tui") and "Traceback" not in err


def test_schema_prints_the_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out) == scenario_schema()
    assert out.startswith('{\n  "$schema": ')
    assert err == ""


def test_the_console_entry_exits_with_mains_code(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str],
                                                 library: Path) -> None:
    monkeypatch.setattr(sys, "argv", ["itms-tui", "validate", str(library / "a.yaml")])
    with pytest.raises(SystemExit) as exited:
        cli.console_entry()
    assert exited.value.code == 0
    assert capsys.readouterr().out == "1 file valid, 0 invalid\n"
