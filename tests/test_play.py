"""`itms-tui play`: scenarios played through the real app, judged exactly as `run` judges them."""

from __future__ import annotations

from pathlib import Path

import pytest

from itms_tui.cli import main
from itms_tui.scenarios import ScenarioInvalid, find_scenario_files, load_scenario
from itms_tui.scenarios.demo import load_demo_world
from itms_tui.scenarios.runner import ScenarioResult
from itms_tui.ui.factory import play_app
from tests.support.playing import play_in_one_app

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = find_scenario_files([ROOT / "scenarios"]) + [ROOT / "itms_tui" / "data" / "demo.yaml"]
#: Steps played in one app before the next app starts (tests/support/playing.py says why).
STEPS_PER_APP = 80


def _steps(path: Path) -> int:
    try:
        return len(load_scenario(path, demo_world=load_demo_world()).steps)
    except ScenarioInvalid:  # its test reports why
        return 0


def _batches(paths: list[Path]) -> list[list[Path]]:
    """The library cut into runs of scenarios of at most STEPS_PER_APP steps (a longer scenario
    has an app to itself)."""
    batches: list[list[Path]] = [[]]
    steps = 0
    for path in paths:
        count = _steps(path)
        if batches[-1] and steps + count > STEPS_PER_APP:
            batches.append([])
            steps = 0
        batches[-1].append(path)
        steps += count
    return batches


BATCHES = _batches(LIBRARY)
_played: dict[int, dict[Path, ScenarioResult]] = {}


def played(batch: int) -> dict[Path, ScenarioResult]:
    """The results of batch `batch`, played in one app (on this worker, once)."""
    if batch not in _played:
        paths = BATCHES[batch]
        scenarios = [load_scenario(path, demo_world=load_demo_world()) for path in paths]
        _played[batch] = dict(zip(paths, play_in_one_app(scenarios)))
    return _played[batch]


@pytest.mark.parametrize(("batch", "path"), [
    # A batch's tests are neighbours, so one worker usually plays it; a worker that steals part
    # of a batch plays it again for itself.
    pytest.param(batch, path, id=str(path.relative_to(ROOT)))
    for batch, paths in enumerate(BATCHES) for path in paths
])
def test_every_library_scenario_passes_through_the_widgets(batch, path):
    result = played(batch)[path]
    assert result.scenario.path == path
    if not result.passed:
        earlier = BATCHES[batch][:BATCHES[batch].index(path)]
        failure = result.failure.failure_lines() if result.failure else ["it stopped before its end"]
        after = f"(played in one app after {', '.join(p.name for p in earlier)})" if earlier else ""
        pytest.fail("\n".join([*failure, after]), pytrace=False)


FAILING = """\
name: A wrong expectation
world:
  company: {name: Acme, phone: "+18005550100", va_url: "https://pay.example.com", timezone: America/New_York}
  clock: "2026-03-02T10:00:00-05:00"
  clients: [{id: MED, name: Acme Medical}]
  accounts: [{id: "1001", consumer: Jane Doe, client: MED, balance: 10.00, phones: ["+16175550101"]}]
steps:
  - agent: quick_opt_in
  - expect: sms
    template: opt_in_pin
"""


def test_headless_play_reports_like_run(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(FAILING, encoding="utf-8")
    good = ROOT / "scenarios" / "opt_in" / "quick_opt_in.yaml"

    assert main(["play", "--headless", str(good)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 passed, 0 failed"

    assert main(["play", "--headless", str(good), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:9: step 2, expect: sms" in out
    assert "expected: sms to +16175550101 with template opt_in_pin" in out
    assert out.splitlines()[-1] == "1 passed, 1 failed"

    broken = tmp_path / "broken.yaml"
    broken.write_text("name: x\nsteps:\n  - agnet: quick_opt_in\n", encoding="utf-8")
    assert main(["play", "--headless", str(broken)]) == 2
    assert "did you mean 'agent'" in capsys.readouterr().out


async def until(pilot, condition, seconds: float = 10.0) -> None:
    """A played step waits on the desk's own message chain, so a single pause may not see it end."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


async def test_interactive_keys_step_restart_and_mark_failures(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(FAILING, encoding="utf-8")
    app = play_app([load_scenario(bad)])
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        strip = app.screen.query_one("#step-strip")
        assert "step 1/2" in str(strip.render())
        await pilot.press("n")  # Quick Opt In, pressed on the desk
        await until(pilot, lambda: len(app.run_state.outcomes) == 1)
        assert app.service.consent("+16175550101").state.value == "awaiting_yes"
        await pilot.press("n")  # the wrong expectation fails and opens its panel
        await until(pilot, lambda: type(app.screen).__name__ == "StepFailure")
        panel = "\n".join(str(w.render()) for w in app.screen.query("Static"))
        assert "expected: sms to +16175550101 with template opt_in_pin" in panel
        await pilot.press("escape")
        await pilot.press("r")  # restart: a new world, nothing done yet
        await until(pilot, lambda: app.run_state.outcomes == [])
        assert app.service.consent("+16175550101").state.value == "none"
        assert "step 1/2" in str(app.screen.query_one("#step-strip").render())


async def test_the_keys_line_offers_the_next_scenario_then_says_the_end():
    from tests.support.ui import until

    first, second = (load_scenario(ROOT / "scenarios" / "opt_in" / name)
                     for name in ("already_opted_in.yaml", "quick_opt_in.yaml"))
    app = play_app([first, second])
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()

        def strip() -> str:
            return str(app.screen.query_one("#step-strip").render())

        for scenario, keys in ((first, "n next scenario"), (second, "the end · r restart")):
            assert "n next · space autoplay" in strip()
            for _ in scenario.steps:
                await pilot.press("n")
                await app.workers.wait_for_complete()
            assert await until(pilot, lambda: app.run_state.finished)
            assert keys in strip(), strip()
            await pilot.press("n")  # on to the next scenario; after the last, nothing happens
            await app.workers.wait_for_complete()
        assert app.scenario is second and app.run_state.finished
        assert "the end · r restart · T take over" in strip() and "n next" not in strip()


async def test_autoplay_and_speed(tmp_path):
    scenario = load_scenario(ROOT / "scenarios" / "opt_in" / "quick_opt_in.yaml")
    app = play_app([scenario])
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        for _ in range(5):
            await pilot.press("plus")  # fastest
        await pilot.press("space")
        for _ in range(200):
            await pilot.pause(0.05)
            if app.run_state.finished:
                break
        assert app.run_state.finished and not app.run_state.failed
        strip = str(app.screen.query_one("#step-strip").render())
        assert "all steps passed" in strip
        # The last scenario is over: the keys line offers what still does something.
        assert "the end · r restart · T take over" in strip and "n next" not in strip
