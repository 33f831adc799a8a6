"""`itms-tui report TRAINEE`: Markdown and self-contained HTML, user text escaped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
import shutil
from pathlib import Path

from itms_tui.cli import main
from itms_tui.training.cohort import (
    build_cohort,
    render_cohort_csv,
    render_cohort_html,
    render_cohort_markdown,
)
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.grading import Grade
from itms_tui.training.mistakes import Mistake
from itms_tui.training.trainee_records import TraineeRecords
from itms_tui.training.trainee_report import (
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
    assert "- Exercises passed: 1 of 19" in text
    assert "| 1 | Your first opt\\-in, with a PIN | 80 | 100/100 | 60/100 | passed | 2 |" in text
    assert "| 2 | STOP means stop, until SIGNUP | 80 | — | — | not tried | 0 |" in text
    assert "| 4 | Opting out one number, not the other | 80 | — | — | locked | 0 |" in text
    assert "### Tried to text a number that has opted out (1×, −25 each)" in text
    assert "- Compliance violations: 2" in text and "- Procedural slips: 0" in text
    assert "Average" not in text
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
    assert [(row.title, row.best, row.first_try, row.status, len(row.attempts))
            for row in report.rows] == [
        ("Exercise 1: your first opt-in, with a PIN (ITMS consent, from first opt-in to tricky "
         "opt-outs)", 100, 60, "passed", 2)]
    assert report.mistake_counts == (("no_opt_out_line", 1), ("texted_opted_out", 1))
    markdown = render_markdown(report)
    assert "score **60/100** (pass mark 80), not passed; 1m 15s; hints 1." in markdown
    assert "  - **Sent a free text without an opt\\-out line** (task 3), violation, −10:" in markdown
    page = render_html(report)
    assert page.count("<li class=\"mistake\">") == 2
    assert "</strong> (task 3), " in page


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


# -- best and first try, violations and slips, grouping, certificate ------------------------------

COURSE_NAME = "ITMS consent, from first opt-in to tricky opt-outs"


def grade(score: int, *mistakes: Mistake, scenario: str = "An exercise") -> Grade:
    return Grade(scenario, score, 80, tuple(mistakes), 0, (), 30.0)


def records_at(path: Path) -> TraineeRecords:
    clock = iter(datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=m) for m in range(500))
    return TraineeRecords.open(path, clock=lambda: next(clock))


def test_best_and_first_try_scores_and_attempts_grouped_in_natural_order(tmp_path: Path) -> None:
    records = records_at(tmp_path / "training.json")
    slip = Mistake("wrong_number", "you texted the other number", 1)
    violation = Mistake("texted_opted_out", "you texted an opted-out number", 2)
    records.add_attempt("Ana", None, "ex10", "Exercise 10", grade(90, scenario="Exercise 10"))
    records.add_attempt("Ana", None, "ex2", "Exercise 2", grade(65, violation, slip,
                                                                 scenario="Exercise 2"))
    records.add_attempt("Ana", None, "ex2", "Exercise 2", grade(100, scenario="Exercise 2"))
    records.add_attempt("Ana", None, "ex2", "Exercise 2", grade(85, scenario="Exercise 2"))
    report = build_report(records, "ana")
    records.close()
    assert [(r.title, r.best, r.first_try, len(r.attempts)) for r in report.rows] == [
        ("Exercise 2", 100, 65, 3), ("Exercise 10", 90, 90, 1)]
    assert report.violations == (("texted_opted_out", 1),)
    assert report.slips == (("wrong_number", 1),)
    markdown = render_markdown(report)
    assert markdown.index("### 1. Exercise 2") < markdown.index("### 2. Exercise 10")
    assert "## Compliance violations and the rules behind them" in markdown
    assert "## Procedural slips and the rules behind them" in markdown
    assert markdown.index("## Compliance violations") < markdown.index("## Procedural slips")
    assert "(task 2), violation, −25" in markdown and "(task 1), slip, −10" in markdown


def passed_course(path: Path) -> None:
    course = load_curriculum(COURSE)
    records = records_at(path)
    for exercise in course.exercises:
        records.add_attempt("Pat Lee", course.name, exercise.id, exercise.scenario.name,
                            grade(95, scenario=exercise.scenario.name))
    records.close()


def test_a_course_passed_in_full_gets_a_certificate_signed_by_the_trainer(tmp_path: Path,
                                                                          capsys) -> None:
    path = tmp_path / "training.json"
    passed_course(path)
    out = tmp_path / "out"
    assert main(["report", "pat lee", "--records", str(path), "--course", str(COURSE),
                 "--trainer", "Dana Cole", "--out", str(out)]) == 0
    text = (out / "pat-lee-training-report.md").read_text(encoding="utf-8")
    assert "**Certificate of completion.** Pat Lee passed every exercise of the course" in text
    assert "completing it on 2026\\-03\\-02" in text
    assert "> - Your first opt\\-in, with a PIN: 95/100 (pass mark 80)" in text
    assert "> Trainer: Dana Cole" in text
    page = (out / "pat-lee-training-report.html").read_text(encoding="utf-8")
    assert '<div class="certificate">' in page and "Trainer: Dana Cole" in page


def test_an_unfinished_course_says_what_is_left_to_pass(tmp_path: Path) -> None:
    path = tmp_path / "training.json"
    fill(path)
    records = TraineeRecords.open(path)
    report = build_report(records, "Zoë <Trainee>", course=load_curriculum(COURSE))
    records.close()
    assert report.certificate is None
    text = render_markdown(report)
    assert "Not yet: 1 of 19 exercises passed. Still to pass: STOP means stop" in text


def test_control_characters_never_reach_a_report(tmp_path: Path) -> None:
    records = records_at(tmp_path / "training.json")
    hostile = "Eve \x1b]0;owned\x07\x1b[2J\u202e\x9b"
    # Trainee names refuse control characters; scenario names, mistakes and --trainer carry them.
    records.add_attempt("Eve", None, "ex1", f"Exercise {hostile}",
                        grade(50, Mistake("wrong_action", f"typed {hostile}", 1)))
    report = build_report(records, "Eve", trainer=hostile)
    cohort = build_cohort(records)
    records.close()
    for text in (render_markdown(report), render_html(report), render_cohort_markdown(cohort),
                 render_cohort_csv(cohort), render_cohort_html(cohort)):
        assert not any(c in text for c in "\x1b\x07\u202e\x9b"), text
        assert "␛" in text


# -- the cohort ---------------------------------------------------------------------------------

def cohort_records(path: Path) -> None:
    course = load_curriculum(COURSE)
    first, second = course.exercises[0], course.exercises[1]
    records = records_at(path)
    ok = grade(100)
    bad = grade(40, Mistake("texted_opted_out", "x", 1), Mistake("wrong_number", "y", 1))
    records.add_attempt("Ana", course.name, first.id, first.scenario.name, ok)
    records.add_attempt("Ana", course.name, second.id, second.scenario.name, bad)
    records.add_attempt("Ana", course.name, second.id, second.scenario.name, bad)
    records.add_attempt("Ben", course.name, first.id, first.scenario.name, bad)
    records.add_attempt("Ben", course.name, first.id, first.scenario.name, ok)
    records.add_trainee("=HYPERLINK(\"http://x\")")
    records.close()


def test_the_cohort_shows_pass_rates_mistakes_per_rule_and_who_is_stuck(tmp_path: Path) -> None:
    path = tmp_path / "training.json"
    cohort_records(path)
    records = TraineeRecords.open(path)
    cohort = build_cohort(records, course=load_curriculum(COURSE))
    records.close()
    first, second = cohort.exercises[0], cohort.exercises[1]
    assert (first.tried, first.passed, first.first_try, first.attempts) == (2, 2, 1, 3)
    assert (second.tried, second.passed, second.pass_rate) == (1, 0, 0.0)
    assert cohort.exercises[2].pass_rate is None
    ana, ben, nobody = cohort.standings
    assert (ana.trainee, ana.passed, ana.stuck_on, ana.attempts_on_it) == (
        "Ana", 1, "STOP means stop, until SIGNUP", 2)
    assert (ben.stuck_on, ben.passed, ben.last_mistake) == (None, 1, "Acted on the wrong number")
    assert (nobody.passed, nobody.stuck_on) == (0, None)
    assert [(r.kind, r.mistakes, r.trainees) for r in cohort.rules] == [
        ("texted_opted_out", 3, 2), ("wrong_number", 3, 2)]


def test_the_cohort_command_writes_markdown_csv_and_html_with_charts(tmp_path: Path,
                                                                     capsys) -> None:
    path = tmp_path / "training.json"
    cohort_records(path)
    out = tmp_path / "out"
    assert main(["report", "--cohort", "--records", str(path), "--course", str(COURSE),
                 "--out", str(out)]) == 0
    assert capsys.readouterr().out.split() == [str(out / f"cohort-report{s}")
                                               for s in (".md", ".csv", ".html")]
    markdown = (out / "cohort-report.md").read_text(encoding="utf-8")
    assert "| 1 | Your first opt\\-in, with a PIN | 2 | 2 | 100% | 1 | 3 |" in markdown
    assert "| Ana | 1 of 19 | STOP means stop, until SIGNUP | 2 |" in markdown
    rows = (out / "cohort-report.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("trainee,exercise_number,exercise,attempts,best,first_try,passed")
    assert rows[1].startswith("Ana,1,")
    assert any(row.startswith("Ben,1,\"Your first opt-in, with a PIN\",2,100,40,yes,1,1,")
               for row in rows)
    page = (out / "cohort-report.html").read_text(encoding="utf-8")
    assert page.count("<svg") == 2 and "<script" not in page
    for needle in ("<link", "src=", "@import", "url("):
        assert needle not in page


def test_a_cohort_csv_cell_is_never_a_formula(tmp_path: Path) -> None:
    assert render_cohort_csv  # the writer guards every text cell
    from itms_tui.training.cohort import _csv_cell

    assert _csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert _csv_cell("-2+3") == "'-2+3" and _csv_cell("Ana") == "Ana"


def test_report_wants_one_trainee_or_the_cohort(tmp_path: Path, capsys) -> None:
    path = tmp_path / "training.json"
    fill(path)
    assert main(["report", "--records", str(path)]) == 2
    assert "name one TRAINEE, or give --cohort" in capsys.readouterr().err
    assert main(["report", "Zoë", "--cohort", "--records", str(path)]) == 2


def test_a_report_reads_records_a_course_still_open_has_only_journaled(tmp_path: Path) -> None:
    # While a course is open its records are in the journal alone: the snapshot comes at close.
    live, copy = tmp_path / "live" / "training.json", tmp_path / "copy" / "training.json"
    records = TraineeRecords.open(live)
    records.add_attempt("Kim", "A course", "first-opt-in", "Your first opt-in",
                        Grade("Your first opt-in", 100, 80, (), 0, (), 30.0))
    copy.parent.mkdir()
    shutil.copy(f"{live}.journal", f"{copy}.journal")
    records.close()
    assert not copy.exists()
    out = tmp_path / "reports"
    assert main(["report", "Kim", "--records", str(copy), "--out", str(out)]) == 0
    assert "Your first opt" in (out / "kim-training-report.md").read_text(encoding="utf-8")
