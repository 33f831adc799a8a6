"""One hostile string through every output path: no raw control byte comes out (SPEC section 9).

The string holds what a terminal obeys or a reader is fooled by: OSC 0/2 (window and pane title),
OSC 52 (clipboard), CSI 2J (clear screen), BEL, NUL, the 8-bit CSI 0x9B, DEL, a right-to-left
override, the bidi isolates and marks. It goes in as a scenario's name, description, tag,
company, client and consumer names, texts both ways, a file name and an unknown key; out come
`validate`, `run` (stdout, stderr, JUnit XML, Markdown transcripts), `play --headless`, `--setup`,
a trainee's Markdown and HTML report, and the app's screen.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rich.console import Console

from itms_tui.cli import main
from itms_tui.training.grading import Grade
from itms_tui.training.mistakes import Mistake
from itms_tui.training.trainee_records import TraineeRecords
from itms_tui.ui.app import ItmsApp
from itms_tui.ui.textual_internals import screen_render

HOSTILE = ("x \x1b]0;title\x07 \x1b]2;pane\x1b\\ \x1b]52;c;cHduZWQ=\x07 \x1b[2J \x07 \x00 \x9b31m "
           "\x7f \u202eevil\u202c \u2066\u2067\u2068\u2069 \u200e\u200f y")
#: Every raw character a stand-in must replace (a line feed is the only control let through).
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
#: The same string as YAML writes it inside double quotes.
YAML = ('x \\e]0;title\\a \\e]2;pane\\e\\\\ \\e]52;c;cHduZWQ=\\a \\e[2J \\a \\0 \\x9b31m \\x7f '
        '\\u202eevil\\u202c \\u2066\\u2067\\u2068\\u2069 \\u200e\\u200f y')
JANE = "+16175550101"

SCENARIO = f"""\
name: "{YAML}"
description: "{YAML}"
tags: ["{YAML}"]
world:
  company: {{name: "{YAML}", phone: "+18005550100", va_url: "https://pay.example.com/va",
            timezone: America/New_York}}
  clock: "2026-03-02T10:00:00-05:00"
  clients:
    - {{id: MED, name: "{YAML}", business_type: medical, auto_opt_in: false}}
  accounts:
    - {{id: "1001", consumer: "{YAML}", client: MED, balance: 1250.00, phones: ["{JANE}"]}}
  consent: {{"{JANE}": opted_in}}
steps:
  - consumer: "{YAML}"
  - agent: send_text
    text: "{YAML}"
  - expect: sms
    contains: "{YAML} (not sent)"
"""
INVALID = f'name: x\nsteps:\n  - advance: 1h\n    "{YAML}": 1\n'


def assert_inert(where: str, text: str) -> None:
    found = RAW.search(text)
    assert found is None, f"{where}: raw {found.group()!r} at {found.start()}: {text[max(0, found.start() - 40):found.start() + 40]!r}"


def test_it_is_the_string_it_claims_to_be():
    """The YAML spelling reads back as the hostile string (so the files below carry it)."""
    import yaml

    assert yaml.safe_load(f'v: "{YAML}"')["v"] == HOSTILE
    assert RAW.search(HOSTILE)


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / f"lib{HOSTILE[:12]}"
    folder.mkdir()
    scenario = folder / f"s{HOSTILE[:22]}.yaml"  # a file name holding OSC 0 and OSC 2
    scenario.write_text(SCENARIO, encoding="utf-8")
    invalid = folder / f"bad{HOSTILE[:12]}.yaml"
    invalid.write_text(INVALID, encoding="utf-8")
    return scenario, invalid


def test_every_command_prints_and_writes_it_inert(files, tmp_path, capsys, monkeypatch):
    scenario, invalid = files
    junit, transcripts = tmp_path / "junit.xml", tmp_path / "transcripts"

    assert main(["validate", str(invalid), str(scenario)]) == 2
    out, err = capsys.readouterr()
    assert "␛]0;title␇" in out
    assert_inert("validate", out + err)

    assert main(["run", str(scenario), str(invalid), "--junit", str(junit),
                 "--transcript", str(transcripts)]) == 2
    out, err = capsys.readouterr()
    assert "FAIL x ␛]0;title␇ ␛]2;pane␛\\ ␛]52;c;cHduZWQ=␇ ␛[2J ␇ ␀ ⟨U+009B⟩31m ␡ ⟨U+202E⟩evil" in out
    assert_inert("run", out + err)
    assert_inert("junit", junit.read_text(encoding="utf-8"))
    [transcript] = transcripts.iterdir()
    written = transcript.read_text(encoding="utf-8")
    assert "⟨U+202E⟩evil" in written
    assert_inert("transcript", written)

    assert main(["run", str(scenario), "-k", "nothing matches"]) == 2
    assert_inert("run -k", "".join(capsys.readouterr()))
    assert main(["play", "--headless", str(scenario)]) == 1
    out, err = capsys.readouterr()
    assert "FAIL x ␛]0;title␇" in out
    assert_inert("play --headless", out + err)

    started = []
    monkeypatch.setattr(ItmsApp, "run", lambda app: started.append(app))
    assert main(["--setup", str(invalid), "--db", str(tmp_path / "db.json")]) == 2
    assert main(["--world", str(tmp_path / f"{HOSTILE[:12]}.yaml"), "--db",
                 str(tmp_path / "db2.json")]) == 2
    assert_inert("--setup, --world", "".join(capsys.readouterr()))
    with pytest.raises(SystemExit):
        main(["run", "x.yaml", "--bogus\x1b]0;title\x07\u202e"])  # no space: an option
    err = capsys.readouterr().err
    assert "unrecognized arguments: --bogus␛]0;title␇⟨U+202E⟩" in err
    assert_inert("argparse", err)


def test_a_trainees_report_is_inert_in_markdown_and_html(tmp_path, capsys):
    records_path, out = tmp_path / "training.json", tmp_path / "reports"
    records = TraineeRecords.open(records_path, clock=lambda: datetime(2026, 3, 2, tzinfo=UTC))
    grade = Grade(HOSTILE, 60, 80, (Mistake("no_opt_out_line", f"your text {HOSTILE}", 3),),
                  1, (), 75.0)
    records.add_attempt("Zoë", HOSTILE, "first-opt-in", HOSTILE, grade)
    records.close()
    assert main(["report", "Zoë", "--records", str(records_path), "--out", str(out)]) == 0
    assert_inert("report", "".join(capsys.readouterr()))
    for page in out.iterdir():
        text = page.read_text(encoding="utf-8")
        assert ("⟨U\\+202E⟩evil" if page.suffix == ".md" else "⟨U+202E⟩evil") in text, page.name
        assert_inert(page.name, text)


async def test_the_app_draws_it_inert(files):
    """The app on the hostile world: names, both conversations, a box filled by a program and a
    notification, as the terminal would receive them (the app's own SGR and cursor moves aside)."""
    from itms_tui.core.service import ItmsService
    from itms_tui.core.world import build_world
    from itms_tui.scenarios import load_scenario

    scenario = load_scenario(files[0])
    service = ItmsService(build_world(scenario.world))
    service.consumer_text(JANE, HOSTILE)
    service.send_text("1001", JANE, HOSTILE)
    app = ItmsApp(service, title=HOSTILE)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        app.screen.query_one("#reply-box").value = HOSTILE
        app.screen.query_one("#phone-compose").value = HOSTILE
        app.notify(HOSTILE, title=HOSTILE, markup=False)
        await pilot.pause()
        width, height = app.size
        console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                          color_system="truecolor", legacy_windows=False, safe_box=False)
        console.print(screen_render(app))
        drawn = re.sub(r"\x1b\[[0-9;]*[mH]", "", console.file.getvalue())
        assert "⟨U+202E⟩evil" in drawn and "␛]52;c;cHduZWQ=␇" in drawn
        assert_inert("app", drawn)
