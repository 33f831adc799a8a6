"""The consent diagram (d): drawn from the rules, lit for the number in focus, live with every change."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.content import Content

from itms_tui.core.names import ConsentState
from itms_tui.core.transitions import TRANSITIONS
from itms_tui.ui.widgets.diagram import ConsentDiagram, drawing, edge_of
from tests.support.ui import (
    DARNELL, JAMES, NARROW, SIZE, flat, make_app, open_account, screen_text, until,
)

SNAPSHOTS = Path(__file__).parent / "snapshots"


@pytest.fixture
def svg(snapshot):
    snapshot.snapshot_dir = SNAPSHOTS

    def compare(app, name: str) -> None:
        snapshot.assert_match(app.export_screenshot(), f"{name}.svg")

    return compare


def styled(diagram: ConsentDiagram, word: str) -> str:
    """The style of the first span that covers `word` in the diagram's text."""
    shown = diagram.content
    assert isinstance(shown, Content)
    start = shown.plain.index(word)
    styles = [str(span.style) for span in shown.spans if span.start <= start < span.end]
    return " ".join(styles)


def lit(diagram: ConsentDiagram) -> set[str]:
    """The states drawn lit (reversed) in the diagram."""
    return {state.value for state in ConsentState
            if "reverse" in styled(diagram, f" {state.value} ")}


def test_every_state_and_every_transition_of_the_rules_is_drawn():
    text = "\n".join("".join(char for char, _ in row) for row in drawing())
    assert max(len(line.rstrip()) for line in text.splitlines()) <= 66  # the desk column
    tags = {tag for row in drawing() for _, tag in row if tag}
    for state in ConsentState:
        assert state.value in tags and f" {state.value} " in text
    for transition in TRANSITIONS:
        edge = edge_of(transition.before, transition.after, transition.cause.value)
        assert edge in tags, transition.key


async def test_d_toggles_the_diagram_and_the_palette_offers_it():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # Not even mounted until first shown: the desk's first frame has no use for it.
        assert not app.screen.query(ConsentDiagram)
        await pilot.press("d")
        await pilot.pause()
        diagram = app.screen.query_one(ConsentDiagram)
        assert diagram.display and "Consent diagram" in screen_text(app)
        commands = [command.title for command in app.get_system_commands(app.screen)]
        assert "Consent diagram" in commands
        await pilot.press("d")
        await pilot.pause()
        assert not diagram.display


async def test_the_diagram_follows_a_live_pin_flow():
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("escape", "d")
        await pilot.pause()
        diagram = app.screen.query_one(ConsentDiagram)
        assert lit(diagram) == {"none"}
        assert "Last: no transition yet" in flat(screen_text(app))

        await pilot.press("o")  # Send Opt In Request
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.AWAITING_YES
        assert lit(diagram) == {"awaiting_yes"}
        text = flat(screen_text(app))
        assert "Last: none → awaiting_yes · opt_in_request by agent · Mon 10:00" in text
        assert "warning" in styled(diagram, "request ┌")

        await pilot.click("#quick-0")  # the consumer taps YES
        await pilot.pause()
        assert lit(diagram) == {"awaiting_pin"}
        assert "Last: awaiting_yes → awaiting_pin · yes by consumer" in flat(screen_text(app))
        assert "warning" in styled(diagram, "YES (PIN)")

        await pilot.press("escape", "p", *app.service.pin_for_consumer(JAMES), "enter")
        await pilot.pause()
        assert app.service.consent(JAMES).state is ConsentState.OPTED_IN
        assert lit(diagram) == {"opted_in"}
        text = flat(screen_text(app))
        assert "Last: awaiting_pin → opted_in · pin_accepted by agent" in text
        # The rules refuse a new request now, and the diagram says so.
        assert "✗ opted_in → awaiting_yes by agent's request: already_opted_in" in text


async def test_refused_transitions_of_an_opted_out_number():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1005")
        await pilot.press("escape", "d")
        await pilot.pause()
        assert app.service.consent(DARNELL).state is ConsentState.OPTED_OUT
        text = flat(screen_text(app))
        assert "✗ opted_out → awaiting_yes by agent's request: opted_out" in text
        assert "✗ opted_out → opted_out by agent's opt-out: opted_out" in text
        diagram = app.screen.query_one(ConsentDiagram)
        assert lit(diagram) == {"opted_out"}
        # SIGNUP is the consumer's way back: allowed, so not struck.
        assert "strike" not in styled(diagram, "SIGNUP ")


async def test_the_diagram_follows_the_number_in_focus():
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("escape", "d")
        await pilot.pause()
        diagram = app.screen.query_one(ConsentDiagram)
        assert lit(diagram) == {"none"}
        await open_account(pilot, "1005")
        await pilot.pause()
        assert lit(diagram) == {"opted_out"}
        assert "(404) 555-0105" in str(diagram.border_title)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_snapshot_pin_flow(svg, theme):
    app = make_app()
    async with app.run_test(size=SIZE, notifications=False) as pilot:
        await open_account(pilot, "1011")
        await pilot.press("o")
        await pilot.click("#quick-0")
        await pilot.press("escape", "d")
        app.theme = theme
        await pilot.pause()
        assert "Last: awaiting_yes → awaiting_pin" in flat(screen_text(app))
        svg(app, f"diagram-pin-flow-{theme}")


async def test_snapshot_at_80x24(svg):
    app = make_app()
    async with app.run_test(size=NARROW, notifications=False) as pilot:
        await open_account(pilot, "1005")
        await pilot.press("escape", "d")
        await pilot.pause()
        text = flat(screen_text(app))
        assert "opted_out → awaiting_yes by agent's request: opted_out" in text
        assert "PIN expired" in text and "opted_in" in text
        svg(app, "diagram-80x24")


async def test_the_diagram_follows_a_scenario_as_it_plays():
    from itms_tui.scenarios import load_scenario
    from itms_tui.ui.factory import play_app

    library = Path(__file__).resolve().parents[2] / "scenarios"
    app = play_app([load_scenario(library / "opt_in" / "agent_pin.yaml")])
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        diagram = app.screen.query_one(ConsentDiagram)
        seen = []
        for _ in range(12):
            done = len(app.run_state.outcomes)
            await pilot.press("n")
            # A played step waits on the desk's own message chain.
            assert await until(pilot, lambda: len(app.run_state.outcomes) > done)
            assert not app.run_state.failed
            state = app.service.consent("+16175550101").state.value
            await pilot.pause()
            assert lit(diagram) == {state}
            if not seen or seen[-1] != state:
                seen.append(state)
            if app.run_state.finished:
                break
        assert seen == ["awaiting_yes", "awaiting_pin", "opted_in"]
        assert "Last: awaiting_pin → opted_in · pin_accepted by agent" in flat(screen_text(app))


async def test_trainee_mode_hints_the_next_transition_only_after_a_hint():
    from itms_tui.scenarios import load_scenario
    from itms_tui.ui.factory import train_app

    library = Path(__file__).resolve().parents[2] / "scenarios"
    app = train_app(load_scenario(library / "training" / "01_first_opt_in.yaml"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        diagram = app.screen.query_one(ConsentDiagram)
        assert "Next (hint)" not in str(diagram.content)
        assert "success" not in styled(diagram, "request ┌")
        await pilot.press("h")  # the trainee pays for the task's hint
        await pilot.pause()
        assert "Next (hint): agent's request → awaiting_yes" in str(diagram.content)
        assert "success" in styled(diagram, "request ┌")


async def test_the_hint_is_shown_only_on_the_number_the_task_is_about():
    from tests.support.training import JANE, JANE_WORK, exercise
    from itms_tui.ui.factory import train_app

    app = train_app(exercise(f"""
        - agent: send_opt_in_request
          account: "1001"
          phone: "{JANE_WORK}"
        - agent: add_phone
          account: "1002"
          phone: "{JANE}"
        """))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("d", "h")
        await pilot.pause()
        assert app.screen.number == JANE
        assert app.diagram_hint(JANE) is None and app.diagram_hint(JANE_WORK) == "agent's request"
        diagram = app.screen.query_one(ConsentDiagram)
        assert "Next (hint)" not in str(diagram.content)
        await pilot.press("n")  # Jane's work number, the task's
        await pilot.pause()
        assert "Next (hint): agent's request → awaiting_yes" in str(diagram.content)
        app.training.skip()  # the next task adds a number to an ordinary client's account
        await pilot.press("h")
        await pilot.pause()
        assert app.diagram_hint(JANE) is None  # adding it changes no consent state
