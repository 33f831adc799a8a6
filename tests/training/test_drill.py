"""The recognition drill: what it asks (every keyword and emoji, variants, possible opt-outs,
decoys), that its answers are the engine's, how it scores and times, and the screen in the course
(keys y / p / n, the explanation of a wrong answer, the record, the score card)."""

from __future__ import annotations

from pathlib import Path

import pytest

from itms_tui.core.keywords import (
    DEFAULT_OPT_OUT,
    DEFAULT_OPT_OUT_EMOJI,
    Intent,
    KeywordSettings,
    classify,
    normalise,
)
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.drill import Answer, DrillRun, drill_items, shares
from itms_tui.training.trainee_records import TraineeRecords
from itms_tui.ui.factory import train_app
from itms_tui.ui.trainee.app import ScoreCard
from itms_tui.ui.trainee.drill import DrillScreen
from itms_tui.ui.trainee.progress import ProgressScreen
from tests.support.training import FakeTimer
from tests.support.ui import until

COURSE = Path(__file__).resolve().parents[2] / "scenarios" / "curriculum.yaml"
SNAPSHOTS = Path(__file__).resolve().parents[1] / "ui" / "snapshots"


def test_the_drill_covers_every_keyword_and_emoji_with_variants_possibles_and_decoys() -> None:
    items = drill_items(seed=1)
    keywords = {item.classification.matched[0] for item in items
                if item.family == "keyword" and item.classification.intent is Intent.OPT_OUT}
    assert keywords == {normalise(word) for word in DEFAULT_OPT_OUT}
    assert len({normalise(word.replace("fuck", "f***")) for word in keywords}) == 17
    emoji = [item for item in items if item.family == "emoji"]
    assert {item.classification.matched[0] for item in emoji} == set(DEFAULT_OPT_OUT_EMOJI)
    assert all(item.answer is Answer.OPTS_OUT for item in emoji)
    spellings = [item.text for item in emoji]
    assert any("\ufe0f" in text for text in spellings)  # a style selector
    assert any("\U0001F3FD" in text for text in spellings)  # a skin tone
    assert any(len(text.replace(" ", "")) > 1 and "\ufe0f" not in text
               and "\U0001F3FD" not in text for text in spellings)  # more than one
    answers = {item.answer for item in items}
    assert answers == {Answer.OPTS_OUT, Answer.POSSIBLE, Answer.NO}
    assert {item.family for item in items if item.answer is Answer.NO} == {"decoy"}
    assert any(item.text != item.text.strip() or item.text != item.text.lower()
               for item in items if item.family == "keyword")  # spelt as consumers do


def test_every_answer_and_explanation_is_the_engines() -> None:
    for item in drill_items(seed=2):
        assert item.classification == classify(item.text)
        found = classify(item.text)
        if found.reason:
            assert found.reason in item.explanation


def test_the_drill_follows_the_keyword_settings() -> None:
    """Answers are read from the engine with the course's settings, never from a list of the
    drill's own: a keyword the settings add is asked, and counts as an opt-out."""
    settings = KeywordSettings(opt_out=DEFAULT_OPT_OUT + ("basta",))
    items = drill_items(settings, seed=3)
    basta = [item for item in items if normalise(item.text) == "basta"]
    assert len(basta) == 1 and basta[0].answer is Answer.OPTS_OUT
    # With the FCC profile, "revoke" opts out by itself; a sentence holding it is still a
    # possible opt-out for a person to judge.
    revoke = next(item for item in drill_items(KeywordSettings(profile="fcc"))
                  if "revoke" in item.text)
    assert revoke.answer is Answer.POSSIBLE and 'keyword "revoke"' in revoke.explanation


def test_a_seed_draws_the_same_drill_and_another_seed_another_one() -> None:
    assert [i.text for i in drill_items(seed=5)] == [i.text for i in drill_items(seed=5)]
    assert [i.text for i in drill_items(seed=5)] != [i.text for i in drill_items(seed=6)]


def test_scores_per_item_timeouts_and_ending_early() -> None:
    assert sum(shares(48)) == 100 and sum(shares(7)) == 100
    items = drill_items(seed=4)
    timer = FakeTimer()
    run = DrillRun(items, pass_mark=90, seconds_per_item=10, timer=timer)
    wrong = next(a for a in Answer if a is not items[0].answer)
    assert not run.answer(wrong).right
    timer.wait(11)
    assert run.answer(items[1].answer).given is None  # too late counts as no answer
    for item in items[2:]:
        timer.wait(2)
        assert run.answer(item.answer).right
    grade = run.grade()
    points = shares(len(items))
    assert grade.score == 100 - points[0] - points[1]
    assert grade.passed is (grade.score >= 90)
    first, second = grade.mistakes
    assert (first.kind, first.task, first.points) == ("misread_opt_out", 1, points[0])
    assert f"you said {wrong.words}; it is {items[0].answer.words}" in first.detail
    assert items[0].explanation.rstrip(".") in first.detail
    assert "no answer in 10s" in second.detail
    assert [t.status for t in grade.tasks[:3]] == ["done", "open", "done"]

    early = DrillRun(items, timer=timer)
    early.answer(items[0].answer)
    early.stop()
    grade = early.grade()
    assert early.finished and not grade.completed and not grade.passed
    assert grade.score == points[0]
    assert "the drill ended before it" in grade.mistakes[0].detail


def test_the_course_lists_the_drill(tmp_path: Path) -> None:
    course = load_curriculum(COURSE)
    (drill,) = course.drills
    assert (drill.id, drill.kind, drill.pass_mark, drill.seconds_per_item) == (
        "recognition-drill", "recognition", 90, 10)


async def answer_all(pilot, screen: DrillScreen, wrong_first: bool = False) -> None:
    for index, item in enumerate(list(screen.run.items)):
        key = item.answer.value
        if wrong_first and index == 0:
            key = next(a for a in Answer if a is not item.answer).value
        await pilot.press(key)
    await pilot.pause()


async def test_the_drill_from_the_course_keys_feedback_record_and_score_card(tmp_path: Path) -> None:
    records = TraineeRecords.open(tmp_path / "training.json")
    timer = FakeTimer()
    app = train_app(course=load_curriculum(COURSE), records=records, trainee="Pat Lee",
                    timer=timer)
    app.drill_seeds = lambda: 11
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DrillScreen)
        items = screen.run.items
        assert [i.text for i in items] == [i.text for i in drill_items(seed=11)]
        first = items[0]
        wrong = next(a for a in Answer if a is not first.answer)
        await pilot.press(wrong.value)
        await pilot.pause()
        feedback = str(screen.query_one("#drill-feedback").render())
        assert f"You said {wrong.words}" in feedback and first.answer.words in feedback
        assert first.explanation[:40] in " ".join(feedback.split())
        assert str(screen.query_one("#drill-text").render()).strip() == " ".join(
            items[1].text.split()) or items[1].text.strip()
        # The second text's time runs out: it counts as not answered, and the third comes up.
        timer.wait(11)  # seen at the drill's next tick
        assert await until(pilot, lambda: len(screen.run.results) == 2)
        assert screen.run.results[1].given is None
        assert "No answer in time" in str(screen.query_one("#drill-feedback").render())
        for item in items[2:]:
            await pilot.press(item.answer.value)
        await pilot.pause()
        assert isinstance(app.screen, ScoreCard)
        points = shares(len(items))
        assert app.screen.grade.score == 100 - points[0] - points[1]
        (attempt,) = records.attempts("Pat Lee", app.course.name, "recognition-drill")
        assert (attempt.score, attempt.seed, attempt.mode) == (app.screen.grade.score, 11,
                                                               "practice")
        assert attempt.mistakes[0].kind == "misread_opt_out"
        # The texts missed, by kind, for the reports: the wrong answer and the one too late.
        assert attempt.drill == screen.run.tally() and attempt.drill.missed_count == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        options = app.screen.query_one("#progress-list")
        last = str(options.get_option_at_index(options.option_count - 1).prompt)
        assert "d. Does this opt out?" in last and "1 attempt" in last
    records.close()


async def test_a_perfect_drill_passes_and_shows_passed_in_the_course(tmp_path: Path) -> None:
    records = TraineeRecords.in_memory()
    app = train_app(course=load_curriculum(COURSE), records=records, trainee="Pat Lee",
                    timer=FakeTimer())
    app.drill_seeds = lambda: 3
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await answer_all(pilot, app.screen)
        assert isinstance(app.screen, ScoreCard) and app.screen.grade.score == 100
        assert app.screen.grade.passed
        await pilot.press("escape")
        await pilot.pause()
        options = app.screen.query_one("#progress-list")
        assert "✓" in str(options.get_option_at_index(options.option_count - 1).prompt)
        # The drill does not count as an exercise of the course.
        assert "0 of 19 exercises passed" in str(app.screen.query_one("#progress-head").render())


@pytest.mark.parametrize("size", [(80, 24), (140, 45)])
async def test_drill_screen_snapshot(snapshot, size) -> None:
    snapshot.snapshot_dir = SNAPSHOTS
    app = train_app(course=load_curriculum(COURSE), records=TraineeRecords.in_memory(),
                    trainee="Pat Lee", timer=FakeTimer())
    app.drill_seeds = lambda: 3
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        item = screen.run.items[0]
        await pilot.press(next(a for a in Answer if a is not item.answer).value)
        await pilot.pause()
        text = str(screen.query_one("#drill-feedback").render())
        assert "✗ You said" in text
        snapshot.assert_match(app.export_screenshot(), f"drill-{size[0]}x{size[1]}.svg")


def test_a_drill_entry_is_checked_like_the_rest_of_the_course(tmp_path: Path) -> None:
    from itms_tui.scenarios import ScenarioInvalid
    from tests.training.test_course import write_course

    path = write_course(tmp_path, """\
        name: C
        exercises:
          - file: one.yaml
        drills:
          - drill: recognitoin
          - drill: recognition
            seconds_per_item: 1
        """)
    with pytest.raises(ScenarioInvalid) as raised:
        load_curriculum(path)
    assert [f"{e.line}:{e.col}: {e.message}" for e in raised.value.errors] == [
        "5:12: 'recognitoin' is not a kind of drill (did you mean 'recognition'?)",
        "7:23: must be at least 3, got 1",
    ]
