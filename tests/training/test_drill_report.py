"""The recognition drill in the reports: its attempts kept with the texts missed by kind, shown
apart from the exercises in `report`, `report --cohort` (Markdown, CSV, HTML) and the
certificate."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from itms_tui.cli import main
from itms_tui.training.cohort import (
    build_cohort,
    render_cohort_csv,
    render_cohort_html,
    render_cohort_markdown,
)
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.drill import TEXT_KINDS, Answer, DrillRun, DrillTally, drill_items
from itms_tui.training.grading import Grade
from itms_tui.training.mistakes import Mistake
from itms_tui.training.trainee_records import TraineeRecords
from itms_tui.training.trainee_report import build_report, render_html, render_markdown
from tests.support.training import FakeTimer

COURSE = Path(__file__).resolve().parents[2] / "scenarios" / "curriculum.yaml"
DRILL = "recognition-drill"
DRILL_TITLE = "Does this opt out? (recognition drill)"


def records_at(path: Path) -> TraineeRecords:
    clock = iter(datetime(2026, 3, 2, 9, 0, tzinfo=UTC) + timedelta(minutes=m)
                 for m in range(500))
    return TraineeRecords.open(path, clock=lambda: next(clock))


def drill_run(wrong_kinds: tuple[str, ...], seed: int = 5) -> DrillRun:
    """A drill answered right but for the first text of each kind in `wrong_kinds`."""
    items = drill_items(seed=seed)
    timer = FakeTimer()
    run = DrillRun(items, name=DRILL_TITLE, pass_mark=90, timer=timer)
    pending = list(wrong_kinds)
    for item in items:
        timer.wait(2)
        if item.kind in pending:
            pending.remove(item.kind)
            run.answer(next(a for a in Answer if a is not item.answer))
        else:
            run.answer(item.answer)
    assert not pending
    return run


def test_the_tally_counts_the_texts_missed_by_the_engines_reading() -> None:
    run = drill_run(("opt-out emoji", "opt-out emoji", "possible opt-out"))
    tally = run.tally()
    assert tally.texts == len(run.items)
    assert tally.missed == (("opt-out emoji", 2), ("possible opt-out", 1))
    assert {item.kind for item in run.items} == set(TEXT_KINDS)
    # A text not reached counts as missed too, like in the score.
    early = DrillRun(drill_items(seed=5), timer=FakeTimer())
    early.stop()
    assert early.tally().missed_count == len(early.items)


def test_the_records_keep_a_drills_tally(tmp_path: Path) -> None:
    path = tmp_path / "training.json"
    records = records_at(path)
    run = drill_run(("not an opt-out",))
    records.add_attempt("Ana", "c", DRILL, DRILL_TITLE, run.grade(), seed=5, drill=run.tally())
    records.add_attempt("Ana", "c", "ex1", "Exercise 1", Grade("Exercise 1", 100, 80, (), 0, (),
                                                               10.0))
    records.close()
    records = TraineeRecords.open(path)
    drill, exercise = records.attempts("Ana")
    records.close()
    assert drill.drill == DrillTally(len(run.items), (("not an opt-out", 1),))
    assert exercise.drill is None


def drill_records(path: Path) -> None:
    """Pat: the drill twice (a miss, then none) and the first exercise; Ana: the drill once."""
    course = load_curriculum(COURSE)
    first = course.exercises[0]
    records = records_at(path)
    for trainee, misses in (("Pat Lee", ("opt-out emoji", "possible opt-out", "possible opt-out",
                                         "opt-out keyword")),
                            ("Pat Lee", ()), ("Ana", ("opt-out emoji",))):
        run = drill_run(misses)
        records.add_attempt(trainee, course.name, DRILL, DRILL_TITLE, run.grade(), seed=5,
                            drill=run.tally())
    records.add_attempt("Pat Lee", course.name, first.id, first.scenario.name,
                        Grade(first.scenario.name, 100, 80, (), 0, (), 30.0))
    records.close()


def test_the_trainee_report_shows_the_drill_apart_from_the_exercises(tmp_path: Path) -> None:
    path = tmp_path / "training.json"
    drill_records(path)
    records = TraineeRecords.open(path)
    with_course = build_report(records, "pat lee", course=load_curriculum(COURSE))
    without = build_report(records, "pat lee")
    records.close()
    for report in (with_course, without):
        (drill,) = report.drills
        assert (drill.title, drill.best, drill.first_try, drill.status, len(drill.attempts)) == (
            DRILL_TITLE, 100, drill.attempts[0].score, "passed", 2)
        assert drill.attempts[0].score < 100
        assert drill.missed == (("opt-out keyword", 1), ("opt-out emoji", 1),
                                ("possible opt-out", 2))
        # Not an exercise, and its misreads are not the exercises' slips.
        assert all("recognition drill" not in row.title for row in report.rows)
        assert report.mistake_counts == ()
    assert [row.title for row in without.rows] == [
        "Your first opt-in, with a PIN (ITMS consent, from first opt-in to tricky opt-outs)"]
    markdown = render_markdown(with_course)
    section = markdown.split("## Recognition drill")[1].split("\n## ")[0]
    first_score = with_course.drills[0].first_try
    assert (f"| {DRILL_TITLE.replace('(', chr(92) + '(').replace(')', chr(92) + ')')} | 90 | "
            f"100/100 | {first_score}/100 | passed | 2 | 1 opt\\-out keyword, 1 opt\\-out emoji, "
            "2 possible opt\\-out |") in section
    assert "missed 4 of" in section and "none of" in section
    assert "you said" in section  # the texts missed, each with the engine's reason
    assert "- Drills passed: 1 of 1" in markdown
    page = render_html(with_course)
    assert "<h2>Recognition drill</h2>" in page
    assert "<td>1 opt-out keyword, 1 opt-out emoji, 2 possible opt-out</td>" in page


def test_the_certificate_lists_the_drill_passed(tmp_path: Path) -> None:
    path = tmp_path / "training.json"
    course = load_curriculum(COURSE)
    drill_records(path)
    records = records_at(path)
    for exercise in course.exercises:
        records.add_attempt("Pat Lee", course.name, exercise.id, exercise.scenario.name,
                            Grade(exercise.scenario.name, 95, 80, (), 0, (), 30.0))
    records.close()
    out = tmp_path / "out"
    assert main(["report", "pat lee", "--records", str(path), "--course", str(COURSE),
                 "--out", str(out)]) == 0
    text = (out / "pat-lee-training-report.md").read_text(encoding="utf-8")
    certificate = text.split("## Certificate")[1].split("\n## ")[0]
    assert "> Drills passed as well:" in certificate
    assert "recognition drill\\): 100/100 (pass mark 90)" in certificate
    page = (out / "pat-lee-training-report.html").read_text(encoding="utf-8")
    assert "<p>Drills passed as well:</p>" in page


def test_the_cohort_shows_each_trainees_drill_and_the_texts_missed_by_kind(tmp_path: Path
                                                                           ) -> None:
    path = tmp_path / "training.json"
    drill_records(path)
    records = TraineeRecords.open(path)
    cohort = build_cohort(records, course=load_curriculum(COURSE))
    plain = build_cohort(records)
    records.close()
    assert [(name, d.best, len(d.attempts)) for name, d in cohort.drills] == [
        ("Pat Lee", 100, 2), ("Ana", cohort.drills[1][1].first_try, 1)]
    assert cohort.drill_missed == (("opt-out keyword", 1), ("opt-out emoji", 2),
                                   ("possible opt-out", 2))
    # The drill is neither an exercise nor a rule of the exercises' mistakes.
    assert cohort.rules == ()
    assert [s.title for s in plain.exercises] == ["Your first opt-in, with a PIN"]
    assert all(s.stuck_on is None for s in plain.standings)
    assert [s.last_seen for s in cohort.standings] == ["2026-03-02 09:05 UTC",
                                                       "2026-03-02 09:04 UTC"]
    markdown = render_cohort_markdown(cohort)
    assert ("Texts missed by the cohort, by kind: 1 opt\\-out keyword, 2 opt\\-out emoji, "
            "2 possible opt\\-out.") in markdown
    assert "| Ana | Does this opt out? \\(recognition drill\\) | 1 |" in markdown
    rows = list(csv.reader(io.StringIO(render_cohort_csv(cohort))))
    drill_rows = [row for row in rows if row[1] == "d"]
    assert [(row[0], row[3], row[4], row[6]) for row in drill_rows] == [
        ("Pat Lee", "2", "100", "yes"), ("Ana", "1", drill_rows[1][4], "yes")]
    page = render_cohort_html(cohort)
    assert "<h2>Recognition drill</h2>" in page
    assert 'aria-label="Texts missed in the drill by the cohort, by kind"' in page


def test_a_drill_attempt_of_older_records_still_counts_as_the_courses_drill(tmp_path: Path
                                                                            ) -> None:
    records = records_at(tmp_path / "training.json")
    course = load_curriculum(COURSE)
    misread = Mistake("misread_opt_out", "“STOP”: you said not an opt-out", 1, points=3)
    records.add_attempt("Ana", course.name, DRILL, DRILL_TITLE,
                        Grade(DRILL_TITLE, 97, 90, (misread,), 0, (), 30.0))
    report = build_report(records, "Ana", course=course)
    records.close()
    (drill,) = report.drills
    assert (drill.best, drill.status, drill.missed) == (97, "passed", ())
    assert "missed 1." in render_markdown(report)
