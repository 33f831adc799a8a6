"""The classroom as trainees and their trainer use it: a headless Chromium on `itms-tui serve`.

One browser at a time: a lock shared by every test run on the machine, taken by each test.
Assertions are on text: what the app drew, read back from the websocket, or the page's own text.
Screenshots are kept (see browser.py).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from itms_tui.session import WorldSource, open_session
from tests.support.browser import (TOKEN, WAIT, chromium, one_browser_at_a_time, open_tab,
                                   require_browser, serving)

pytestmark = pytest.mark.browser

SAM = "+12085550102"
DOWN, ENTER, ESCAPE = "\ue015", "\ue007", "\ue00c"  # selenium's Keys.ARROW_DOWN, ENTER, ESCAPE


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """One classroom for this module's tests, each trainee under their own name."""
    require_browser()
    root = tmp_path_factory.mktemp("classroom") / "room"
    with serving(root) as url:
        yield url, root


@pytest.fixture
def classroom(served):
    """A browser of its own for each test, so that a browser lost in one test (Chromium's
    session ending) cannot fail the next.

    The lock is taken for one test, not for the module: a worker that took some of this module's
    tests from another would otherwise wait for it to finish all of its own work."""
    url, root = served
    with one_browser_at_a_time():
        driver = chromium()
        try:
            yield driver, url, root
        finally:
            driver.quit()


def open_desk(classroom, name: str):
    driver, url, _root = classroom
    tab = open_tab(driver, f"{url}/t/{name}")
    tab.wait_for("Accounts")  # the desk has drawn
    time.sleep(1.0)  # the web driver blurs the app once it has started; then the page's focus
    tab.focus()
    return tab


def choose_sam_ortiz(tab) -> None:
    tab.keys(DOWN)
    tab.wait_for("Account 1002 · Sam Ortiz")


def test_a_trainee_does_the_pin_flow_by_keys(classroom):
    ana = open_desk(classroom, "ana")
    assert "ITMS Simulator · ana · Harbor Point Recovery" in ana.screen()
    ana.screenshot("1-ana-desk")
    choose_sam_ortiz(ana)
    ana.keys("o")
    ana.wait_for("◐ awaiting YES")
    ana.keys("w")  # the send window opens: the request is delivered
    ana.wait_for("reply YES")
    ana.keys("c", "YES", ENTER)  # the consumer answers on the phone
    # The phone shows the PIN ("… your PIN for texts from us is 8723. Give it …"); the desk
    # shows it masked.
    pin = ana.wait_for_pattern(r"\bis (\d{4})\. Give it").group(1)
    ana.keys(ESCAPE, "p", pin, ENTER)  # back from the phone to the desk; the PIN box
    # The header's line, not the first "● opted in" drawn: a busy machine draws panes in turns.
    ana.wait_for("(208) 555-0102 ● opted in")
    ana.screenshot("2-ana-opted-in")


def test_two_trainees_at_once_stay_independent(classroom):
    bea = open_desk(classroom, "bea")
    cal = open_desk(classroom, "cal")
    choose_sam_ortiz(bea)
    bea.keys("o")
    bea.wait_for("◐ awaiting YES")
    choose_sam_ortiz(cal)
    assert "(208) 555-0102 ○ not opted in" in cal.screen()
    assert "ITMS Simulator · cal ·" in cal.screen() and "ITMS Simulator · bea ·" in bea.screen()
    cal.screenshot("3-cal-untouched-by-bea")


def test_a_second_tab_for_a_trainee_says_why(classroom):
    dee = open_desk(classroom, "dee")
    again = open_tab(classroom[0], f"{classroom[1]}/t/dee")
    again.wait_for("dee is already open in another tab", page=True)
    again.screenshot("4-dee-second-tab")
    assert "Accounts" in dee.screen()  # the first tab goes on


def test_closing_the_tab_saves_and_ends_the_app(classroom):
    root = classroom[2]
    eli = open_desk(classroom, "eli")
    choose_sam_ortiz(eli)
    eli.keys("o")
    eli.wait_for("◐ awaiting YES")
    pid = int((root / "eli" / "session.json.lock").read_text().split()[0])
    eli.close()
    end = time.monotonic() + WAIT
    while Path(f"/proc/{pid}").exists() and time.monotonic() < end:
        time.sleep(0.2)
    assert not Path(f"/proc/{pid}").exists(), "the app's process is still running"
    service = open_session(root / "eli" / "session.json", WorldSource.demo())
    try:
        assert service.consent(SAM).state.value == "awaiting_yes"
    finally:
        service.close()


def test_the_trainers_page_lists_the_trainees_with_their_progress(classroom):
    driver, url, _root = classroom
    fay = open_desk(classroom, "fay")
    gus = open_desk(classroom, "gus")
    fay.ctrl("t")  # the course, in the same page
    fay.wait_for("Trainee: fay · 0 of 19 exercises passed")
    fay.keys(ENTER)  # the first exercise
    fay.wait_for("Task:")
    fay.screenshot("5-fay-exercise")
    trainer = open_tab(driver, f"{url}/trainer?token={TOKEN}")
    page = trainer.wait_for("Your first opt-in, with a PIN", page=True)
    rows = {line.split("\t")[0]: line for line in page.splitlines() if "\t" in line}
    assert "connected\tYour first opt-in, with a PIN\t0 of 19" in rows["fay"]
    assert "connected\tat the desk\t0 of 19" in rows["gus"]
    trainer.screenshot("6-trainer")
    assert gus.screen()  # gus is still there
