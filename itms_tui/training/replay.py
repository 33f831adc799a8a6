"""Grading without a screen: a recorded session judged against an exercise.

A recording is any scenario on the exercise's world whose agent and supervisor steps are what the
trainee did: what `itms-tui record` (or `ctrl+r`) writes, or the exercise's own steps. Those steps
are the trainee's moves, in order; everything else in the recording (consumer texts, clock moves,
expectations) is ignored, because the exercise's script plays its own side, exactly as on the desk.
The same `TrainingRun` that grades the live desk judges each move, so the score is the one the
trainee would have been given.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..scenarios.scenario import Scenario, Step
from ..scenarios.runner import ScenarioRun, StepNotResolvable, build_service
from .grading import Grade, TrainingRun
from .tasks import is_task


class _StillClock:
    """Wall-clock seconds for a replay: none pass, so no time limit is ever exceeded."""

    def __call__(self) -> float:
        return 0.0


def trainee_moves(recording: Scenario) -> list[Step]:
    """The steps of `recording` that stand for what the trainee did on the desk."""
    return [step for step in recording.steps if is_task(step)]


def grade_recording(exercise: Scenario, recording: Scenario,
                    demo_world: Mapping[str, Any] | None = None) -> Grade:
    """The grade `recording`'s moves earn on `exercise`, as the live desk would give it."""
    service = build_service(exercise, demo_world)
    training = TrainingRun(exercise, service, timer=_StillClock())
    try:
        training.start()
        hand = ScenarioRun(recording, service)
        for move in trainee_moves(recording):
            if training.finished:
                break
            try:
                resolved = hand.resolve(move)
            except StepNotResolvable:
                # `{pin}` with no PIN on the phone: the trainee typed a code nobody gave them.
                resolved = move
            hand.perform(resolved)
        if not training.finished:
            training.finish()
        return training.grade()
    finally:
        training.close()


__all__ = ["grade_recording", "trainee_moves"]
