"""`itms-tui report TRAINEE`: Markdown and self-contained HTML, user text escaped."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from itms_tui.cli import main
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.grading import Grade
from itms_tui.training.mistakes import Mistake
from itms_tui.training.records import TraineeRecords
from itms_tui.training.report import (
    build_report,
    md,
    render_html,
    render_markdown,
    slug,
)

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "scenarios" / "curriculum.yaml"
HOSTILE = "<script>alert(1)</script> [bold]x[/] | *y* [@click=app.quit]"


def fill(path: Path) -> None:
    clock = iter(datetime(2026, 3, 2, 10, minute, tzinfo=UTC) for minute in range(60))
    records = TraineeRecords.open(path, clock=lambda: next(clock))
    bad = Grade("Exercise 1: your first opt-in, with a PIN", 60, 80, (
        Mistake("no_opt_out_line", f"your text to 617-555-0101 ({HOSTILE!r}) does not say how "
                                   "to opt out", 3),
        Mistake("texted_opted_out", "you tried to text 617-555-0101, which has opted out", 2),
    ), 1, (), 75.0)
    good = Grade("Exercise 1: your first opt-in, with a PIN", 100, 80, (), 0, (), 42.0)
    records.add_attempt("Zoë <Trainee>", "ITMS consent, from first opt-in to tricky opt-outs",
                        "first-opt-in", good.scenario, bad)
    records.add_attempt("zoë <trainee>", "ITMS consent, from first opt-in to tricky opt-outs",
                        "first-opt-in", good.scenario, good)
    records.close()


def test_the_report_command_writes_both_files(tmp_path: Path, capsys) -> None:
    records = tmp_path / "training.json"
    fill(records)
    out = tmp_path / "reports"
    assert main(["report", "ZOË <TRAINEE>", "--records", str(records), "--out", str(out),
                 "--course", str(COURSE)]) == 0
    printed = capsys.readouterr().out.split()
    markdown, page = out / "zoe-trainee-training-report.md", out / "zoe-trainee-training-report.html"
    assert slug("Zoë <Trainee>") == "zoe-trainee"
    assert printed == [str(markdown), str(page)]

    text = markdown.read_text(encoding="utf-8")
    assert text.startswith("# Training report: Zoë \\<Trainee\\>")
    assert "- Exercises passed: 1 of 13" in text
    assert "| 1 | Your first opt\\-in, with a PIN | 100/100 | passed | 2 |" in text
    assert "| 2 | Quick Opt In and the portal link | — | not tried | 0 |" in text
    assert "| 6 | STOP means stop, until SIGNUP | — | locked | 0 |" in text
    assert "### Tried to text a number that has opted out (1×, −25 each)" in text
    assert "*Rule:* FCC 24\\-24" in text
    assert "<script>" not in text and "\\[bold\\]" in text and "\\|" in text

    page_text = page.read_text(encoding="utf-8")
    assert page_text.startswith("<!DOCTYPE html>")
    assert "<script" not in page_text.replace("&lt;script", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page_text
    assert "Zoë &lt;Trainee&gt;" in page_text
    # Self-contained: no external stylesheet, script, image or font.
    for needle in ("<link", "src=", "@import", "url("):
        assert needle not in page_text
    assert "Regulation F 12 CFR 1006.6(e)" in page_text
    assert page_text.count('class="card"') >= 2


def test_without_a_course_the_report_lists_what_was_tried(tmp_path: Path) -> None:
    path = tmp_path / "training.json"
    fill(path)
    records = TraineeRecords.open(path)
    report = build_report(records, "zoë <trainee>",
                          generated=datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    records.close()
    assert [(row.title, row.best, row.status, row.attempts) for row in report.rows] == [
        ("Exercise 1: your first opt-in, with a PIN (ITMS consent, from first opt-in to tricky "
         "opt-outs)", "100/100", "passed", 2)]
    assert report.mistake_counts == (("no_opt_out_line", 1), ("texted_opted_out", 1))
    markdown = render_markdown(report)
    assert "Score **60/100** (pass mark 80), not passed; 1m 15s; hints 1." in markdown
    assert "- **Sent a free text without an opt\\-out line** (task 3), −10:" in markdown
    assert render_html(report).count("<li class=\"mistake\">") == 2


def test_report_errors(tmp_path: Path, capsys) -> None:
    missing = tmp_path / "none.json"
    assert main(["report", "Zoë", "--records", str(missing)]) == 2
    assert "no trainee records" in capsys.readouterr().err
    path = tmp_path / "training.json"
    fill(path)
    assert main(["report", "Nobody", "--records", str(path)]) == 2
    assert "no trainee named 'Nobody' (trainees: Zoë <Trainee>)" in capsys.readouterr().err
    blocked = tmp_path / "file"
    blocked.write_text("x", encoding="utf-8")
    assert main(["report", "Zoë <Trainee>", "--records", str(path), "--out",
                 str(blocked / "sub")]) == 2
    assert "cannot write the report" in capsys.readouterr().err


def test_md_escapes_markdown() -> None:
    assert md("a|b *c* [d](e) <f>\nnew") == "a\\|b \\*c\\* \\[d\\]\\(e\\) \\<f\\> new"


def test_the_course_report_counts_exercises() -> None:
    course = load_curriculum(COURSE)
    records = TraineeRecords.in_memory()
    report = build_report(records, "Nobody Yet", course=course)
    assert report.passed == 0 and len(report.rows) == len(course.exercises)
    assert "No attempts" not in render_markdown(report)
