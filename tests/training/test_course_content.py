"""What the shipped course teaches, and in what order: the opt-out exercises right after the
first opt-in, and each of the newer exercises scoring 100 when walked as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from itms_tui.core.keywords import Intent, classify
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.replay import grade_recording

COURSE = Path(__file__).resolve().parents[2] / "scenarios" / "curriculum.yaml"
ADDED = ("pin-lockout", "held-request", "start-unstop", "shared-number", "link-auto-opt-in")


def test_opt_outs_come_right_after_the_first_opt_in() -> None:
    course = load_curriculum(COURSE)
    order = [e.id for e in course.exercises]
    opt_outs = ["stop-means-stop", "start-unstop", "agent-opt-out", "possible-opt-out",
                "revoke-and-emoji"]
    assert order[:1 + len(opt_outs)] == ["first-opt-in", *opt_outs]
    # Only the first exercise is open at the start; the opt-outs open right after it.
    assert [e.id for e in course.unlocked(set())] == ["first-opt-in"]
    assert course.next_exercise({"first-opt-in"}).id == "stop-means-stop"
    assert course.exercises[-1].id == "busy-morning"


@pytest.mark.parametrize("exercise_id", ADDED)
def test_each_added_exercise_scores_100_walked_as_written(exercise_id: str) -> None:
    exercise = load_curriculum(COURSE).exercise(exercise_id)
    assert exercise is not None, f"{exercise_id} is not in the course"
    grade = grade_recording(exercise.scenario, exercise.scenario)
    assert (grade.score, grade.passed, grade.mistakes, grade.divergences) == (100, True, (), ())


def test_the_added_exercises_cover_what_costs_agents_most() -> None:
    course = load_curriculum(COURSE)
    steps = {e.id: e.scenario.steps for e in course.exercises}
    texts = {s.action for s in steps["start-unstop"] if s.kind == "consumer"}
    assert {"START", "UNSTOP"} <= texts
    assert any(classify(text).intent is Intent.OPT_OUT and text not in ("STOP", "🛑")
               for text in texts)  # an opt-out keyword besides the two the course had
    lockout = [s.expect_error for s in steps["pin-lockout"] if s.expect_error]
    assert lockout == ["wrong_code", "wrong_code", "too_many_attempts"]
    assert any(s.args.get("status") == "scheduled" and s.args.get("template") == "opt_in"
               for s in steps["held-request"] if s.kind == "expect")
    shared = [s for s in steps["shared-number"] if s.kind == "agent"]
    assert len({s.args.get("account") for s in shared}) == 2
    assert len({s.args.get("phone") for s in shared}) == 1
    linked = steps["link-auto-opt-in"]
    assert ("supervisor", "link_number") in {(s.kind, s.action) for s in linked}
    assert {"number_linked", "auto_opt_in"} <= {s.args.get("event") for s in linked
                                                if s.kind == "expect"}
