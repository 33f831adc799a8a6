"""`itms-tui train`: trainee mode, on one exercise (a scenario file) or a course (a curriculum)."""

from __future__ import annotations

import argparse
from pathlib import Path

from .common import INVALID, OK, OTHER_RECORDS, PROG, complain, complain_all, store_problem


def cmd_train(args: argparse.Namespace) -> int:
    """Trainee mode: one exercise (a scenario file), or a course (a curriculum file)."""
    from ..scenarios import ScenarioInvalid, load_scenario
    from ..scenarios.demo import load_demo_world
    from ..scenarios.discovery import is_curriculum_file

    path = Path(args.path)
    exam = getattr(args, "exam", False)
    if getattr(args, "seed", None) is not None and not exam:
        complain(f"{PROG} train: --seed goes with --exam (it draws an exam's variants)")
        return INVALID
    if not path.is_file():
        complain(f"{PROG} train: {path}: no such file")
        return INVALID
    if exam:
        if not is_curriculum_file(path):
            complain(f"{PROG} train: --exam needs a course (curriculum.yaml or "
                     f"*.curriculum.yaml), and {path} is a single exercise")
            return INVALID
        return train_exam(args, path)
    if is_curriculum_file(path):
        return train_course(args, path)
    try:
        scenario = load_scenario(path, demo_world=load_demo_world())
    except ScenarioInvalid as problem:
        complain_all(problem.errors)
        return INVALID
    from ..training.tasks import is_task

    if not any(is_task(step) for step in scenario.steps):
        complain(f"{PROG} train: {path} has no agent or supervisor step, so no task for a trainee")
        return INVALID
    records = None
    if args.trainee is not None:
        records = open_records(args)
        if records is None:
            return INVALID
    from ..ui.factory import train_app

    def graded(scenario, grade) -> None:
        if records is not None:
            records.add_attempt(args.trainee, None, path.stem, scenario.name, grade)

    try:
        app = train_app(scenario, coach=not args.no_coach, on_graded=graded,
                        title=f"Training · {args.trainee}" if args.trainee else "Training")
        app.run()
    finally:
        if records is not None:
            records.close()
    return OK


def open_records(args: argparse.Namespace):
    """The trainee records `args` point at, or None once the reason was said."""
    from ..store import StoreError
    from ..training.trainee_records import RecordsError, TraineeRecords, check_trainee_name

    problem = check_trainee_name(args.trainee) if args.trainee is not None else None
    if problem is not None:
        complain(f"{PROG}: --trainee: {problem}")
        return None
    try:
        return TraineeRecords.open(Path(args.records) if args.records else None)
    except (StoreError, RecordsError) as error:
        complain(f"{PROG}: {store_problem(error, OTHER_RECORDS)}")
        return None


def train_course(args: argparse.Namespace, path: Path) -> int:
    """The course of the curriculum at `path`, opened on the trainee's progress."""
    from ..scenarios import ScenarioInvalid
    from ..scenarios.demo import load_demo_world
    from ..training.curriculum import load_curriculum

    try:
        course = load_curriculum(path, demo_world=load_demo_world())
    except ScenarioInvalid as problem:
        complain_all(problem.errors)
        return INVALID
    records = open_records(args)  # without --trainee, the app asks for the name
    if records is None:
        return INVALID
    from ..ui.factory import train_app

    try:
        trainee = records.add_trainee(args.trainee) if args.trainee is not None else None
        app = train_app(course=course, records=records, trainee=trainee,
                        coach=not args.no_coach, title="Training")
        app.run()
    finally:
        records.close()
    return OK


#: Largest exam seed: what `new_exam_seed` draws below.
SEED_LIMIT = 2**31


def train_exam(args: argparse.Namespace, path: Path) -> int:
    """The course at `path` as an exam, with its variants drawn from --seed (or a new seed)."""
    from ..scenarios import ScenarioInvalid
    from ..scenarios.demo import load_demo_world
    from ..training.curriculum import load_curriculum
    from ..training.exam import new_exam_seed

    if args.seed is None:
        seed = new_exam_seed()
    else:
        text = str(args.seed).strip()
        if not text.isdigit() or int(text) >= SEED_LIMIT:
            complain(f"{PROG} train: --seed: {text!r} is not a seed (a whole number from 0 to "
                     f"{SEED_LIMIT - 1})")
            return INVALID
        seed = int(text)
    try:
        course = load_curriculum(path, demo_world=load_demo_world())
    except ScenarioInvalid as problem:
        complain_all(problem.errors)
        return INVALID
    records = open_records(args)
    if records is None:
        return INVALID
    from ..ui.factory import exam_app

    try:
        trainee = records.add_trainee(args.trainee) if args.trainee is not None else None
        exam_app(course, records=records, seed=seed, trainee=trainee).run()
    finally:
        records.close()
    return OK
