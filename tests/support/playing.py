"""Scenarios played through the real desk, several in one app: an app's start-up costs about as
much as ten steps, and most scenarios have fewer than twenty."""

from __future__ import annotations

import asyncio

from itms_tui.scenarios import Scenario
from itms_tui.scenarios.runner import ScenarioResult
from itms_tui.ui.factory import play_app
from itms_tui.ui.playback.app import HEADLESS_SIZE


def play_in_one_app(scenarios: list[Scenario]) -> list[ScenarioResult]:
    """Each scenario played at full speed, one after another in one app, as `itms-tui play
    FOLDER` plays a folder: each starts on a new world on the same desk."""

    async def play() -> list[ScenarioResult]:
        app = play_app(scenarios, interactive=False)
        results = []
        async with app.run_test(size=HEADLESS_SIZE) as pilot:
            await pilot.pause()
            for index in range(len(scenarios)):
                if index:  # the last one finished: `n`'s action goes on to the next
                    # (called, not pressed: a scenario may end with a dialog's box focused)
                    app.action_next_step()
                    await app.workers.wait_for_complete()
                    assert app.scenario is scenarios[index], "n did not go on to the next scenario"
                results.append(await app.play_all())
        return results

    return asyncio.run(play())
