"""How quickly the app starts and how a long conversation behaves, against baselines in the same run.

Run: `python bench/app.py` (`--quick` for a smoke run). Ratios, not seconds, are the figures:

- **start-up to first frame**: `itms-tui` started in a new 140x45 terminal (a pseudo-terminal,
  Textual's real driver), timed until its first frame has been written to the terminal (the
  footer, the frame's last line, is there), against a bare Textual app that shows one label,
  timed the same way: the floor under any Textual app (the target is the --peers comparison
  below). Measured for a brand-new session (the demo world built and its steps replayed) and for
  a saved one resumed, in turns with the bare app;
- **start-up until idle**: the same three in headless mode, until Textual has nothing left to do
  (the settling after the first frame included);
- **imports alone**: a process that only imports what the app loads before its first frame
  (Textual's widgets, the engine, the store), nothing run or drawn, against one that imports
  what the bare app does: the floor under the first-frame figure;
- **appending** one message to a thread and showing it, at 5,000 messages against 50 (≤ 2x).

`python bench/app.py --peers` instead times the first frame of a saved session against real
Textual apps (frogmouth, toolong, posting; see bench/peers.py), each given something to show and
each in its own venv (made with pip under --peers-dir if missing), in turns in one run; itms-tui
too, installed there from this tree as a user installs it, and started by its own command.
Target: itms-tui's median at or below the fastest peer's.

Every interpreter here runs with a bytecode cache (as an installed package has), in a temporary
folder, filled by one unmeasured run of each program first: where PYTHONDONTWRITEBYTECODE is set,
every start would otherwise compile the package from source, which no user's second start does.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

# The repository's root, for the tests' worlds (tests/support/worlds.py), which bench shares.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from common import python_env, time_to_first_frame  # noqa: E402
from peers import PEERS, ensure_venv, installed_as_users_get_it, peer_env  # noqa: E402

SIZE = (140, 45)

BARE_APP = textwrap.dedent("""
    from textual.app import App
    from textual.widgets import Label

    class Bare(App):
        def compose(self):
            yield Label("one label")
""")

BARE_TERMINAL = BARE_APP + "Bare().run()\n"
ITMS_TERMINAL = "import sys\nfrom itms_tui.cli import main\nsys.exit(main([]))\n"
#: The footer's last key, at the end of the frame's last line.
ITMS_MARKER = b"palette"

IDLE = textwrap.dedent("""
    async def first_frame(pilot):
        await pilot.pause()  # until Textual has nothing left to do
        pilot.app.exit()
""")

BARE_IDLE = BARE_APP + IDLE + "Bare().run(headless=True, size=(140, 45), auto_pilot=first_frame)\n"
ITMS_IDLE = IDLE + textwrap.dedent("""
    from itms_tui.session import WorldSource, default_db, open_session
    from itms_tui.ui.factory import desk_app

    service = open_session(default_db(), WorldSource.demo())
    desk_app(service).run(headless=True, size=(140, 45), auto_pilot=first_frame)
    service.close()
""")


def _empty(folder: str) -> None:
    for name in os.listdir(folder):
        path = os.path.join(folder, name)
        shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)


def _in_terminal(code: str, marker: bytes, env: dict[str, str]) -> float:
    return time_to_first_frame([sys.executable, "-c", code], marker, env, size=SIZE)


def _headless(code: str, env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - started


# Timed, like a first frame, until they say so (not until the interpreter has shut down).
IMPORTED = b"imports done"
BARE_IMPORTS = ("from textual.app import App\nfrom textual.widgets import Label\n"
                f"print({IMPORTED.decode()!r}, flush=True)\n")
ITMS_IMPORTS = ("import itms_tui.cli, itms_tui.session, itms_tui.ui.app, "
                f"itms_tui.ui.screens.desk\nprint({IMPORTED.decode()!r}, flush=True)\n")


def start_up(runs: int) -> dict[str, dict[str, float]]:
    """Medians in seconds: {"frame"|"idle"|"imports": {"bare"|"new"|"resumed": seconds}}
    ("imports" has the same figure for "new" and "resumed": nothing is opened)."""
    with tempfile.TemporaryDirectory(prefix="itms-pycache-") as pycache, \
            tempfile.TemporaryDirectory(prefix="itms-data-") as data:
        env = python_env(pycache, dict(os.environ, ITMS_TUI_DATA=data, TERM="xterm-256color"))
        ways = {
            "frame": (lambda: _in_terminal(BARE_TERMINAL, b"one label", env),
                      lambda: _in_terminal(ITMS_TERMINAL, ITMS_MARKER, env)),
            "idle": (lambda: _headless(BARE_IDLE, env), lambda: _headless(ITMS_IDLE, env)),
            "imports": (lambda: _in_terminal(BARE_IMPORTS, IMPORTED, env),
                        lambda: _in_terminal(ITMS_IMPORTS, IMPORTED, env)),
        }
        for bare, itms in ways.values():
            bare(), itms()  # unmeasured: fill the bytecode cache
        times = {way: {"bare": [], "new": [], "resumed": []} for way in ways}
        # In turns, every figure in every round, so that a change in the machine's load (these
        # machines are noisy) hits them all alike.
        for _ in range(runs):
            for way, (bare, itms) in ways.items():
                times[way]["bare"].append(bare())
                _empty(data)
                times[way]["new"].append(itms())
                times[way]["resumed"].append(itms())
        figures = {way: {key: statistics.median(values) for key, values in by_key.items()}
                   for way, by_key in times.items()}
    return figures


async def append_cost(history: int, appends: int) -> float:
    from itms_tui.core.service import ItmsService
    from itms_tui.ui.factory import desk_app
    from tests.support.worlds import BOSTON, long_session_world

    service = ItmsService(long_session_world(history))
    app = desk_app(service)
    times = []
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.pause()
        for i in range(appends):
            started = time.perf_counter()
            if i % 2:
                service.send_text("1", BOSTON, f"Agent reminder {i}")
            else:
                service.consumer_text(BOSTON, f"Consumer reply {i}")
            await pilot.pause()
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def against_peers(runs: int, peers_dir: Path) -> dict[str, list[float]]:
    """First-frame seconds of every run: {"itms-tui" | peer name: [seconds, ...]}."""
    venvs = {peer.name: ensure_venv(peer, peers_dir) for peer in PEERS}
    own = installed_as_users_get_it(peers_dir)
    with tempfile.TemporaryDirectory(prefix="itms-pycache-") as pycache, \
            tempfile.TemporaryDirectory(prefix="itms-peers-") as scratch:
        scratch_path = Path(scratch)
        inputs = scratch_path / "inputs"
        inputs.mkdir()
        for peer in PEERS:
            peer.make_input(inputs)
        env = python_env(pycache, dict(os.environ, ITMS_TUI_DATA=str(scratch_path / "itms"),
                                       TERM="xterm-256color"))
        env = peer_env(env, scratch_path / "home")
        programs = {"itms-tui": lambda: time_to_first_frame([str(own / "bin" / "itms-tui")],
                                                            ITMS_MARKER, env, size=SIZE)}
        for peer in PEERS:
            argv = peer.argv(venvs[peer.name], inputs)
            programs[peer.name] = (lambda argv=argv, marker=peer.marker:
                                   time_to_first_frame(argv, marker, env, size=SIZE))
        for program in programs.values():
            program()  # unmeasured: fill the bytecode cache; itms-tui saves its demo session
        times: dict[str, list[float]] = {name: [] for name in programs}
        order = list(programs)
        for round_ in range(runs):
            # In turns, each round starting with the next program, so that neither a change of
            # the machine's load nor the position in a round favours one of them.
            shift = round_ % len(order)
            for name in order[shift:] + order[:shift]:
                times[name].append(programs[name]())
    return times


def report_peers(times: dict[str, list[float]]) -> None:
    medians = {name: statistics.median(values) for name, values in times.items()}
    fastest = min((name for name in medians if name != "itms-tui"), key=medians.get)
    runs = len(times["itms-tui"])
    print(f"start-up to first frame in a {SIZE[0]}x{SIZE[1]} terminal, saved session "
          f"(median of {runs}, in turns; load average at the end: {os.getloadavg()[0]:.1f})")
    for name, median in sorted(medians.items(), key=lambda item: item[1]):
        low, high = min(times[name]), max(times[name])
        print(f"  {name:<12}{median * 1000:8.0f} ms  (range {low * 1000:.0f}-{high * 1000:.0f})"
              f"   {median / medians[fastest]:.2f}x {fastest}")
    verdict = "met" if medians["itms-tui"] <= medians[fastest] else "not met"
    print(f"target: itms-tui at or below the fastest peer ({fastest}): {verdict}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for a smoke run")
    parser.add_argument("--big", action="store_true",
                        help="only a months-old session (10,000 texts, 5,000 audit entries) against the demo, in a terminal (bench/big_session.py)")
    parser.add_argument("--peers", action="store_true",
                        help="first frame against frogmouth, toolong and posting instead")
    parser.add_argument("--peers-dir", type=Path,
                        default=Path(tempfile.gettempdir()) / "itms-bench-peers",
                        help="where the peers' venvs are (made there if missing)")
    parser.add_argument("--runs", type=int, help="rounds of timing (default 9, 3 with --quick)")
    args = parser.parse_args()
    runs, appends = (3, 10) if args.quick else (9, 40)
    if args.big:
        import big_session
        runs = args.runs or (3 if args.quick else 7)
        big_session.report(big_session.figures(runs, 10_000, 5_000), 10_000, 5_000)
        return 0
    runs = args.runs or runs

    if args.peers:
        print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        report_peers(against_peers(runs, args.peers_dir))
        return 0

    startup = start_up(runs)
    short = asyncio.run(append_cost(50, appends))
    long = asyncio.run(append_cost(5_000, appends))

    titles = {"frame": "start-up to first frame, in a terminal",
              "idle": "start-up until idle, headless",
              "imports": "imports alone, nothing run or drawn"}
    for way, figures in startup.items():
        if way == "imports":
            imports = figures["resumed"]
            print(f"{titles[way]} (whole process, median of {runs}, in turns)")
            print(f"  what the bare app imports     {figures['bare'] * 1000:8.0f} ms")
            print(f"  what itms-tui imports         {imports * 1000:8.0f} ms   "
                  f"{imports / figures['bare']:.2f}x; "
                  f"{imports / startup['frame']['bare']:.2f}x the bare app's first frame")
            continue
        print(f"{titles[way]} (whole process, median of {runs}, in turns)")
        print(f"  bare Textual app, one label   {figures['bare'] * 1000:8.0f} ms")
        for key, label in (("new", "itms-tui, new demo session"),
                           ("resumed", "itms-tui, saved session")):
            print(f"  {label:<30}{figures[key] * 1000:8.0f} ms   "
                  f"{figures[key] / figures['bare']:.2f}x bare")
    print(f"append a message and show it (median of {appends})")
    print(f"  thread of 50                  {short * 1000:8.1f} ms")
    print(f"  thread of 5,000               {long * 1000:8.1f} ms   {long / short:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
