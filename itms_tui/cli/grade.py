"""`itms-tui grade EXERCISE RECORDING`: a recorded session graded against an exercise, no screen."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from .common import FAILED, INVALID, OK, PROG, complain, complain_all, say


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("exercise", metavar="EXERCISE", help="the exercise (a scenario file)")
    parser.add_argument("recording", metavar="RECORDING",
                        help="what the trainee did: a scenario file on the exercise's world "
                             "whose agent and supervisor steps are the trainee's actions "
                             "(what `itms-tui record` or ctrl+r writes)")
    parser.add_argument("--json", action="store_true",
                        help="print the grade as one JSON object instead of lines")


def cmd_grade(args: argparse.Namespace) -> int:
    """Grade RECORDING against EXERCISE: exit 0 passed, 1 failed, 2 a bad file."""
    from ..scenarios import ScenarioInvalid, load_scenario
    from ..scenarios.demo import load_demo_world
    from ..training.replay import grade_recording, trainee_moves
    from ..training.tasks import is_task

    demo = load_demo_world()
    loaded = []
    for role, name in (("exercise", args.exercise), ("recording", args.recording)):
        path = Path(name)
        if not path.is_file():
            complain(f"{PROG} grade: {path}: no such file")
            return INVALID
        try:
            loaded.append(load_scenario(path, demo_world=demo))
        except ScenarioInvalid as problem:
            complain_all(problem.errors)
            return INVALID
    exercise, recording = loaded
    if not any(is_task(step) for step in exercise.steps):
        complain(f"{PROG} grade: {args.exercise} has no agent or supervisor step, so nothing "
                 "to grade")
        return INVALID
    if not trainee_moves(recording):
        complain(f"{PROG} grade: {args.recording} has no agent or supervisor step: the trainee "
                 "did nothing")
        # Nothing done is still a grade (every task skipped): carry on and report it.
    grade = grade_recording(exercise, recording, demo)
    if args.json:
        say(json.dumps(grade.to_data(), ensure_ascii=False))
    else:
        verdict = "passed" if grade.passed else "failed"
        say(f"score {grade.score}/100, {verdict} (pass mark {grade.pass_mark}): {exercise.name}")
        for mistake in grade.mistakes:
            where = f" (task {mistake.task})" if mistake.task else ""
            say(f"  -{mistake.points} {mistake.title}{where}: {mistake.detail}.")
            say(f"      {mistake.why} Rule: {mistake.rule}.")
        if grade.hints:
            say(f"  hints used: {grade.hints}")
        for divergence in grade.divergences:
            say(f"  not scored, the world left the script: {divergence}")
    return OK if grade.passed else FAILED
