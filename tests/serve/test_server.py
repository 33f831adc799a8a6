"""The classroom server without a browser: aiohttp clients where the browsers would be."""

from __future__ import annotations

import asyncio
from urllib.parse import quote

import pytest

from itms_tui.serve.server import CLOSE_REFUSED
from itms_tui.session import WorldSource, library_path, open_session
from itms_tui.store import open_repository
from itms_tui.training.curriculum import load_curriculum
from itms_tui.training.trainee_records import Attempt
from tests.support.serve import DOWN, TOKEN, classroom, trainee

DESK = "Accounts"  # the desk's first panel: the desk has drawn


async def test_a_trainee_gets_the_desk_on_a_folder_of_their_own(tmp_path):
    async with classroom(tmp_path) as (server, client), trainee(client, "Ana Lima") as ana:
        assert await ana.wait_for(DESK), ana.screen.text()
        assert "ITMS Simulator · Ana Lima · Harbor Point Recovery" in ana.screen.text()
        assert (tmp_path / "ana-lima" / "session.json.lock").exists()
        assert [p.name for p in tmp_path.iterdir()] == ["ana-lima"]


async def test_a_second_tab_for_the_same_trainee_is_told_why(tmp_path):
    async with classroom(tmp_path) as (server, client), trainee(client, "ana") as ana:
        assert await ana.wait_for(DESK)
        async with trainee(client, "ANA") as again:  # the same trainee, whatever the case
            assert await again.wait_closed() == (CLOSE_REFUSED,
                                                 "ANA is already open in another tab")
        assert len(server.sessions) == 1


async def test_a_session_that_cannot_open_says_so_instead_of_hanging(tmp_path):
    """Held by someone else (an itms-tui on the same folder): the app cannot start, and the page
    says why rather than staying on its splash screen."""
    (tmp_path / "ana").mkdir()
    held = open_repository(tmp_path / "ana" / "session.json")
    try:
        async with classroom(tmp_path) as (server, client), trainee(client, "ana") as ana:
            assert await ana.wait_closed() == (CLOSE_REFUSED,
                                               "ana is already open in another tab")
    finally:
        held.close()


async def test_the_first_focus_from_the_browser_puts_the_keys_on_the_account_list(tmp_path):
    async with classroom(tmp_path) as (server, client), trainee(client, "ana") as ana:
        assert await ana.wait_for(DESK)
        await ana.pump(1.0)  # the web driver blurs the app once it has started
        await ana.focus()
        await ana.keys(DOWN)
        assert await ana.wait_for("Account 1002 · Sam Ortiz", within=10), ana.screen.text()


async def test_closing_the_tab_saves_and_ends_the_app(tmp_path):
    async with classroom(tmp_path) as (server, client):
        async with trainee(client, "ana") as ana:
            assert await ana.wait_for(DESK)
            await ana.pump(1.0)
            await ana.focus()
            await ana.keys(DOWN)
            assert await ana.wait_for("Account 1002 · Sam Ortiz", within=10)
            await ana.keys("o")  # Send Opt In Request (held for his send window)
            assert await ana.wait_for("◐ awaiting YES", within=10), ana.screen.text()
            (session,) = server.sessions
            process = session.process
        # The tab has closed: the app quits, and its process ends.
        await asyncio.wait_for(process.wait(), 30)
        assert process.returncode == 0
        for _ in range(100):
            if not server.sessions:
                break
            await asyncio.sleep(0.1)
        assert not server.sessions and not server.connected
    service = open_session(tmp_path / "ana" / "session.json", WorldSource.demo())
    try:
        assert service.consent("+12085550102").state.value == "awaiting_yes"
    finally:
        service.close()


REFUSED = {
    "control character": ("ana\x1b[31m", "contains control characters"),
    "bidi override": ("ana\u202eevil", "contains control characters"),
    "too long": ("a" * 61, "longer than 60 characters"),
    "no letter": ("...", "needs a letter or a digit"),
    "a path": ("..\\etc", "cannot contain / or \\"),
    "blank": (" ", "is empty"),
}


@pytest.mark.parametrize("name, reason", REFUSED.values(), ids=REFUSED.keys())
async def test_names_that_cannot_join_are_refused_before_any_app_starts(tmp_path, name, reason):
    async with classroom(tmp_path) as (server, client):
        page = await client.get(f"/t/{quote(name, safe='')}")
        assert page.status == 400
        assert reason in await page.text()
        joined = await client.get(f"/join?name={quote(name, safe='')}", allow_redirects=False)
        assert joined.status == 400
        async with trainee(client, quote(name, safe="")) as refused:
            code, message = await refused.wait_closed()
        assert code == CLOSE_REFUSED and reason in message
        assert list(tmp_path.iterdir()) == [] and not server.sessions


async def test_a_good_name_joins_at_its_own_page(tmp_path):
    async with classroom(tmp_path) as (server, client):
        joined = await client.get("/join?name=Pat%20Lee", allow_redirects=False)
        assert joined.status == 303 and joined.headers["Location"] == "/t/Pat%20Lee"
        page = await client.get("/t/Pat%20Lee")
        text = await page.text()
        assert page.status == 200 and "/ws/Pat%20Lee" in text
        assert "googleapis" not in text and "http" not in text.replace(server.public_url, "")


async def test_nothing_outside_the_static_files_and_no_listing(tmp_path):
    async with classroom(tmp_path) as (server, client):
        assert (await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")).status == 200
        assert (await client.get("/static/")).status in (403, 404)
        assert (await client.get("/static/fonts/")).status in (403, 404)
        assert (await client.get("/static/%2E%2E/server.py")).status in (403, 404)
        assert (await client.get("/static/../../pyproject.toml")).status in (403, 404)
        assert (await client.get("/trainer")).status == 403
        assert (await client.get("/trainer/state?token=wrong")).status == 403
        report = await client.get(f"/trainer/report/%2E%2E?token={TOKEN}")
        assert report.status == 404


async def test_the_trainers_state_lists_who_is_connected(tmp_path):
    async with classroom(tmp_path, warm=2) as (server, client):
        async with trainee(client, "ana") as ana, trainee(client, "bob") as bob:
            # Both read at once, as two browsers would (each answers the server's pings).
            assert all(await asyncio.gather(ana.wait_for(DESK), bob.wait_for(DESK)))
            state = await (await client.get(f"/trainer/state?token={TOKEN}")).json()
            rows = {row["name"]: row for row in state["trainees"]}
            assert set(rows) == {"ana", "bob"}
            exercises = len(load_curriculum(library_path() / "curriculum.yaml").exercises)
            assert all(row["connected"] and row["passed"] == 0 and row["exercises"] == exercises
                       for row in rows.values())
            assert rows["ana"]["report"] == f"trainer/report/ana?token={TOKEN}"
            report = await client.get("/" + rows["ana"]["report"])
            assert report.status == 200 and "ana" in await report.text()
            cohort = await client.get(f"/trainer/cohort?token={TOKEN}")
            text = await cohort.text()
            assert cohort.status == 200 and "ana" in text and "bob" in text
            assert (await client.get("/trainer/cohort?token=wrong")).status == 403


def test_an_attempt_reads_back_as_the_classroom_writes_it():
    data = {"trainee": "ana", "course": "ITMS consent", "exercise": "first-opt-in",
            "scenario": "Your first opt-in", "score": 75, "pass_mark": 80, "passed": False,
            "completed": True, "hints": 1, "seconds": 93.5, "at": "2026-12-01T22:00:00+00:00",
            "mistakes": [{"kind": "skipped", "detail": "task 3 was not done", "task": 3,
                          "at": "Mon 10:04", "points": 20}]}
    attempt = Attempt.from_data(1, data)
    assert Attempt.from_data(1, attempt.to_data()) == attempt
