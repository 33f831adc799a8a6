"""`itms-tui train --exam`: variants drawn from a seed (and reproduced by it), each still a fair
exercise; no hints, no coach, a countdown; exam attempts kept apart from practice and shown apart
in the reports; one-line CLI errors."""

from __future__ import annotations

import random
import textwrap
from pathlib import Path

from itms_tui.cli import main
from itms_tui.core.keywords import Intent, classify
from itms_tui.scenarios.yamlnodes import read_text
from itms_tui.training.cohort import build_cohort, render_cohort_html, render_cohort_markdown
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.exam import exam_exercise, exam_exercises, rewrite, scores_100
from itms_tui.training.trainee_records import EXAM, TraineeRecords
from itms_tui.training.trainee_report import build_report, render_html, render_markdown
from itms_tui.ui.factory import exam_app
from itms_tui.ui.trainee.exam import ExamBreak, ExamResults
from tests.support.training import FakeTimer
from tests.support.ui import notifications, until

ROOT = Path(__file__).resolve().parents[2]
COURSE = ROOT / "scenarios" / "curriculum.yaml"


def test_every_exercise_of_the_course_gets_a_fair_variant() -> None:
    course = load_curriculum(COURSE)
    for item in exam_exercises(course, 42):
        original = item.exercise.scenario
        assert item.varied, item.exercise.id
        assert scores_100(item.scenario), item.exercise.id
        assert item.scenario.world["clock"] != original.world["clock"], item.exercise.id
        # Whole weeks back: the same weekday and the same offset from UTC.
        before, after = original.world["clock"], item.scenario.world["clock"]
        assert before[-6:] == after[-6:]


def test_names_numbers_keyword_and_date_change_and_the_seed_reproduces_them() -> None:
    course = load_curriculum(COURSE)
    stop = course.exercise("stop-means-stop")
    one, again, other = (exam_exercise(stop, seed) for seed in (42, 42, 43))
    assert one.scenario == again.scenario and one.seed == again.seed
    assert one.scenario.world != other.scenario.world
    (account,) = one.scenario.world["accounts"]
    assert account["consumer"] != "Jane Doe"
    (number,) = account["phones"]
    assert number != "+16175550101" and number.startswith("+1617555")  # same area code
    said = [s.action for s in one.scenario.steps if s.kind == "consumer"]
    opt_out = [text for text in said if classify(text).intent is Intent.OPT_OUT]
    assert opt_out and opt_out != ["STOP"]
    # The prose follows: the task names the new consumer, not Jane.
    tasks = [s.task for s in one.scenario.steps if s.task]
    first_name = account["consumer"].split()[0]
    assert all("Jane" not in task for task in tasks) and any(first_name in t for t in tasks)


def test_an_emoji_is_swapped_for_another_emoji() -> None:
    source = read_text(COURSE.parent / "training" / "09_revoke_and_emoji.yaml", "x")
    rewritten = rewrite(source, random.Random(1))
    assert '- consumer: "🛑"' not in rewritten and "stop-sign emoji" not in rewritten
    line = next(l for l in rewritten.splitlines() if l.startswith("  - consumer:")
                and "revoke" not in l)
    assert classify(line.split(":", 1)[1].strip().strip('"')).intent is Intent.OPT_OUT


def small_course(folder: Path) -> Path:
    training = COURSE.parent / "training"
    path = folder / "exam.curriculum.yaml"
    path.write_text(textwrap.dedent(f"""\
        name: Small course
        exercises:
          - id: stop-means-stop
            file: {training / "06_stop_means_stop.yaml"}
            time_limit: 2m
          - id: agent-opt-out
            file: {training / "07_agent_opt_out.yaml"}
        """), encoding="utf-8")
    return path


async def test_the_exam_on_the_desk_no_hints_a_countdown_recorded_apart(tmp_path: Path) -> None:
    course = load_curriculum(small_course(tmp_path))
    records = TraineeRecords.open(tmp_path / "training.json")
    timer = FakeTimer()
    app = exam_app(course, records=records, seed=42, trainee="Pat Lee", timer=timer)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert app.exercise.id == "stop-means-stop"
        assert app.scenario == exam_exercise(course.exercises[0], 42).scenario
        # The first exercise starts once: one toast says so, not two.
        assert [n for n in notifications(app) if "Exam: exercise" in n] == [
            "Exam: exercise 1 of 2: END means stop, until the consumer says SIGNUP"]
        assert course.exercises[0].title.startswith("STOP means stop")  # the variant's, above
        card = str(app.screen.query_one("#task-card").render())
        assert "⏱ 2:00 left" in card and "exam 1 of 2" in card
        assert "no hints, no coach" in card and "h hint" not in card
        await pilot.press("h", "k", "ctrl+s")  # not in an exam
        await pilot.pause()
        assert app.training.hints_used == 0 and not app.coach
        assert app.training.current.number == 1
        await pilot.press("ctrl+z")  # a retry is allowed in the exam too, and shown with the scores
        await pilot.pause()
        assert app.training.rewinds == {1: 1} and app.training.current.number == 1
        assert "· rewinds 1 · exam 1 of 2" in str(app.screen.query_one("#task-card").render())
        timer.wait(61)  # the countdown's own timer shows it at its next tick
        assert await until(
            pilot, lambda: "⏱ 0:59 left" in str(app.screen.query_one("#task-card").render()))
        # Time runs out: the exercise ends where it stands and is recorded as an exam attempt.
        timer.wait(60)
        assert await until(pilot, lambda: isinstance(app.screen, ExamBreak))
        (attempt,) = records.attempts("Pat Lee", course.name, mode=EXAM)
        assert (attempt.exercise, attempt.mode, attempt.seed, attempt.completed,
                attempt.rewinds) == ("stop-means-stop", EXAM, 42, False, 1)
        assert records.attempts("Pat Lee", course.name) == []  # practice untouched
        assert records.passed("Pat Lee", course.name) == set()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert app.exercise.id == "agent-opt-out"
        await pilot.press("ctrl+g", "ctrl+g")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ExamResults)
        text = " ".join(str(w.render()) for w in app.screen.query("Static"))
        assert "EXAM NOT PASSED: 0 of 2" in text and "--seed 42" in text
        assert text.count("went back to a task's start once") == 1
    sittings = records.exam_sittings("Pat Lee", course.name)
    assert len(sittings) == 1 and [a.exercise for a in sittings[0]] == [
        "stop-means-stop", "agent-opt-out"]
    report = build_report(records, "Pat Lee", course=course)
    markdown, page = render_markdown(report), render_html(report)
    assert "## Exams (apart from practice)" in markdown and "seed 42" in markdown
    exams = markdown.split("## Exams")[1]
    assert "not passed; 2 mistakes; went back to a task's start once" in exams
    assert "went back to a task's start once</li>" in page.split("<h2>Exams")[1]
    assert "Exercises passed: 0 of 2" in markdown and "- Attempts: 0" in markdown
    assert "Exam 1: <span" in page
    cohort = build_cohort(records, course=course)
    cohort_exams = render_cohort_markdown(cohort).split("## Exams")[1]
    assert "| Rewinds |" in cohort_exams and "| Pat Lee |" in cohort_exams
    assert "| 0 of 2 | 1 | not passed |" in cohort_exams
    assert "<td>0 of 2</td><td>1</td>" in render_cohort_html(cohort).split("<h2>Exams")[1]
    records.close()


def test_exam_cli_errors_are_one_line_with_exit_2(tmp_path: Path, capsys) -> None:
    single = str(COURSE.parent / "training" / "01_first_opt_in.yaml")
    cases = [
        (["train", "--seed", "3", str(COURSE)], "--seed goes with --exam"),
        (["train", "--exam", single], "--exam needs a course"),
        (["train", "--exam", "--seed", "x1", str(COURSE)], "'x1' is not a seed"),
        (["train", "--exam", str(tmp_path / "none.yaml")], "no such file"),
    ]
    for argv, message in cases:
        assert main(argv + ["--records", str(tmp_path / "r.json")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err
