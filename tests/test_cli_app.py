"""The default command: the app on a saved session, a new demo session, or a scenario's world."""

from __future__ import annotations

from pathlib import Path

import pytest

from itms_tui import cli
from itms_tui.session import WorldSource, open_session
from itms_tui.ui.app import ItmsApp

ROOT = Path(__file__).resolve().parents[1]


class _Started(list):
    actions: list


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("ITMS_TUI_DATA", str(tmp_path / "data"))
    started = _Started()

    def run(app):  # stands in for the terminal: what a user would do happens here, in `actions`
        started.append(app.service)
        while actions:
            actions.pop(0)(app.service)

    actions: list = []
    monkeypatch.setattr(ItmsApp, "run", run)
    started.actions = actions
    return tmp_path / "data", started


def test_first_start_seeds_the_demo_and_a_restart_resumes_it(data_dir):
    folder, started = data_dir
    assert cli.main([]) == 0
    first = started[-1]
    assert len(first.accounts()) == 28
    assert [i.number for i in first.inbox() if i.account_id is None] == ["+17185550199"]
    assert cli.main([]) == 0
    resumed = started[-1]
    assert resumed.resumed and len(resumed.messages()) == len(first.messages())
    assert (folder / "session.json").exists()


def test_world_from_a_scenario_file(data_dir, capsys):
    folder, started = data_dir
    world = ROOT / "scenarios" / "opt_in" / "agent_pin.yaml"
    assert cli.main(["--db", str(folder / "pin.json"), "--world", str(world)]) == 0
    assert started[-1].account("1001").consumer == "Jane Doe"
    # A saved session is never replaced by another world without --fresh.
    assert cli.main(["--db", str(folder / "pin.json"), "--world", str(ROOT / "itms_tui/data/demo.yaml")]) == 0
    assert cli.main(["--db", str(folder / "pin.json"),
                     "--world", str(ROOT / "scenarios/supervisor/welcome.yaml")]) == 2
    assert "already holds a saved session" in capsys.readouterr().err


def test_fresh_asks_first_and_keeps_the_old_session(data_dir, monkeypatch, capsys):
    folder, started = data_dir
    started.actions.append(lambda service: service.quick_opt_in("1002", "+12085550102"))
    assert cli.main([]) == 0
    monkeypatch.setattr("sys.stdin.isatty", lambda: False, raising=False)
    assert cli.main(["--fresh"]) == 2
    assert "--fresh needs a yes" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin.isatty", lambda: True, raising=False)
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert cli.main(["--fresh"]) == 2
    monkeypatch.setattr("builtins.input", lambda prompt: "y")
    states = []
    started.actions.append(lambda service: states.append(service.consent("+12085550102").state.value))
    assert cli.main(["--fresh"]) == 0
    assert states == ["none"]
    assert (folder / "session.json.previous").exists() or (folder / "session.json.previous.journal").exists()


def test_a_damaged_or_locked_store_is_one_line_and_untouched(data_dir, capsys):
    folder, started = data_dir
    folder.mkdir(parents=True)
    session = folder / "session.json"
    session.write_bytes(b'{"broken": ')
    assert cli.main([]) == 2
    said = capsys.readouterr().err
    assert "is damaged" in said and said.endswith("move it away, or start with --fresh\n")
    assert session.read_bytes() == b'{"broken": '
    session.unlink()
    holder = open_session(session, WorldSource.demo())
    try:
        assert cli.main([]) == 2
        assert "in use by another itms-tui process" in capsys.readouterr().err
    finally:
        holder.close()


def test_bad_world_file_is_reported_with_its_position(data_dir, tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("world:\n  company: {name: X}\n", encoding="utf-8")
    assert cli.main(["--world", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:2:" in err and "Traceback" not in err


def test_locate(data_dir, capsys):
    folder, _ = data_dir
    assert cli.main(["locate"]) == 0
    out = capsys.readouterr().out
    assert f"session     {folder / 'session.json'}" in out
    assert "scenarios" in out and "schema" in out


def test_the_command_line_is_built_once_and_each_call_parses_only_its_own_words(data_dir):
    """`main` keeps one parser a process (argparse reads its translations from disk for each of
    the dozen subcommands' parsers it makes): what one call typed never reaches the next."""
    folder, started = data_dir
    assert cli.build_parser() is cli.build_parser()
    assert cli.main(["--db", str(folder / "pin.json"),
                     "--world", str(ROOT / "scenarios" / "opt_in" / "agent_pin.yaml")]) == 0
    assert cli.main([]) == 0  # the default session and the demo world, not pin.json's
    assert len(started[-1].accounts()) == 28
    first, second = (cli.build_parser().parse_args(words) for words in (["--fresh"], []))
    assert first.fresh and not second.fresh and first is not second
