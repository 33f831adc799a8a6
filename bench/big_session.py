"""A months-old session against the demo's, as a person at a terminal meets them.

    python bench/big_session.py                 # the figures (bench/app.py --big runs this)
    python bench/big_session.py --write /tmp/big.yaml   # only write the scenario, then:
    itms-tui --setup /tmp/big.yaml --db /tmp/big/session.json   # the session, opened in the app

The figures, each a median over rounds taken in turns (demo, big, demo, …) in a new 140x45
pseudo-terminal running the installed `itms-tui` on a saved session (made first, not timed):
the first frame (the footer's last key drawn), the audit timeline drawn after `a`, and four keys
typed into the reply box echoed. Target (issue 9): each at most 2x the demo's.

The scenario:
One conversation (Jane Doe's number, opted in) holds `--texts` texts, consumer and agent in turn.
A second number of the same account gathers the audit entries: each round opts it out (STOP),
back in (SIGNUP, YES) and has the agent try a text while it is awaiting YES (refused), so about
six audit entries and four texts per round; there are enough rounds for `--audit` entries. The
clock moves a minute between texts, so the conversation spans weeks of simulated time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import Terminal, python_env

JANE, LEE = "+16175550101", "+16175550102"
AUDIT_PER_ROUND = 6  # STOP (opt-out), SIGNUP (request), YES (opted in), refused text ×1, …

WORLD = f"""\
world:
  company: {{name: Harbor Point Recovery, phone: "+18005550100",
            va_url: "https://pay.harborpoint.example/va", timezone: America/New_York}}
  clock: "2026-03-02T09:00:00-05:00"
  settings: {{send_window: "00:00-24:00"}}
  clients:
    - {{id: MED, name: Acme Medical Group, business_type: medical, auto_opt_in: false}}
  accounts:
    - {{id: "1001", consumer: Jane Doe, client: MED, balance: 1250.00,
       phones: ["{JANE}", "{LEE}"]}}
  consent: {{"{JANE}": opted_in, "{LEE}": opted_in}}
"""


def scenario(texts: int, audit: int) -> str:
    lines = ["name: A months-old session", "description: >-",
             f"  {texts} texts in one conversation and at least {audit} audit entries "
             "(bench/big_session.py).", "tags: [bench]", "steps:"]
    for n in range(texts // 2):
        lines.append(f'  - {{consumer: "Question {n} about my balance", from: "{JANE}"}}')
        lines.append(f'  - {{agent: send_text, account: "1001", phone: "{JANE}", '
                     f'text: "Answer {n}: your balance is unchanged."}}')
        lines.append("  - advance: 1m")
    for _ in range(-(-audit // AUDIT_PER_ROUND)):
        lines.append(f'  - {{consumer: STOP, from: "{LEE}"}}')
        lines.append(f'  - {{consumer: SIGNUP, from: "{LEE}"}}')
        lines.append(f'  - {{agent: send_text, account: "1001", phone: "{LEE}", text: "Hi", '
                     "expect_error: not_opted_in}")
        lines.append(f'  - {{agent: opt_out, account: "1001", phone: "{LEE}"}}')
        lines.append(f'  - {{consumer: SIGNUP, from: "{LEE}"}}')
        lines.append(f'  - {{consumer: "YES", from: "{LEE}"}}')
    return "\n".join(lines) + "\n" + WORLD


#: What each figure waits for: the footer's last key; the audit's title; the typed probe.
FRAME, AUDIT, PROBE = b"palette", b"Audit timeline", b"zqxj"
SIZE = (140, 45)
#: The installed command, as a user starts it.
ITMS_TUI = [str(Path(sys.executable).parent / "itms-tui")]


def make_session(db: Path, env: dict[str, str], setup: Path | None) -> None:
    """A saved session at `db`: the demo's, or the one `setup` builds (untimed)."""
    argv = [*ITMS_TUI, "--db", str(db)] + (["--setup", str(setup)] if setup else [])
    terminal = Terminal(argv, env, size=SIZE)
    try:
        terminal.wait_for(FRAME, timeout=1800)
    finally:
        terminal.close()


def one_round(db: Path, env: dict[str, str]) -> dict[str, float]:
    """Seconds: {"frame", "audit", "key"} on the saved session at `db`."""
    terminal = Terminal([*ITMS_TUI, "--db", str(db)], env, size=SIZE)
    try:
        figures = {"frame": terminal.wait_for(FRAME)}
        time.sleep(0.5)  # let the desk settle, as a person looking at it would
        figures["audit"] = terminal.wait_for(AUDIT, since=terminal.type(b"a"))
        terminal.type(b"a")  # the audit again: back to the desk
        time.sleep(0.5)
        terminal.type(b"t")  # into the reply box
        time.sleep(0.5)
        figures["key"] = terminal.wait_for(PROBE, since=terminal.type(PROBE))
        return figures
    finally:
        terminal.close()


def figures(runs: int, texts: int, audit: int) -> dict[str, dict[str, list[float]]]:
    """{"demo" | "big": {"frame" | "audit" | "key": [seconds of each round]}}."""
    with tempfile.TemporaryDirectory(prefix="itms-big-") as scratch:
        folder = Path(scratch)
        env = python_env(str(folder / "pycache"),
                         dict(os.environ, ITMS_TUI_DATA=str(folder), TERM="xterm-256color"))
        scenario_file = folder / "big.yaml"
        scenario_file.write_text(scenario(texts, audit), encoding="utf-8")
        sessions = {"demo": folder / "demo" / "session.json", "big": folder / "big" / "session.json"}
        started = time.perf_counter()
        make_session(sessions["demo"], env, None)
        make_session(sessions["big"], env, scenario_file)
        size = sessions["big"].stat().st_size
        print(f"sessions made in {time.perf_counter() - started:.0f} s (the big one: "
              f"{size / 1e6:.1f} MB)", flush=True)
        times = {name: {"frame": [], "audit": [], "key": []} for name in sessions}
        for _ in range(runs):
            for name, db in sessions.items():  # in turns: a change of load hits both alike
                for key, seconds in one_round(db, env).items():
                    times[name][key].append(seconds)
        shutil.rmtree(folder / "pycache", ignore_errors=True)
    return times


def report(times: dict[str, dict[str, list[float]]], texts: int, audit: int) -> bool:
    """Print the figures; True if each is within the target (2x the demo's)."""
    runs = len(times["demo"]["frame"])
    print(f"a months-old session ({texts:,} texts in one conversation, >= {audit:,} audit "
          f"entries) against the demo, in a {SIZE[0]}x{SIZE[1]} terminal (median of {runs}, "
          f"in turns; load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    met = True
    for key, label in (("frame", "first frame"), ("audit", "audit shown after a"),
                       ("key", "4 keys echoed in reply box")):
        demo = statistics.median(times["demo"][key])
        big = statistics.median(times["big"][key])
        met &= big <= 2 * demo
        print(f"  {label:<28}demo {demo * 1000:7.0f} ms   big {big * 1000:7.0f} ms   "
              f"{big / demo:5.2f}x")
    print(f"target: each at most 2x the demo's: {'met' if met else 'not met'}")
    return met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", type=Path, metavar="FILE",
                        help="only write the scenario that builds the session to FILE")
    parser.add_argument("--texts", type=int, default=10_000,
                        help="texts in the one conversation (default 10,000)")
    parser.add_argument("--audit", type=int, default=5_000,
                        help="audit entries at least (default 5,000)")
    parser.add_argument("--runs", type=int, default=7, help="rounds of timing (default 7)")
    args = parser.parse_args()
    if args.write:
        args.write.write_text(scenario(args.texts, args.audit), encoding="utf-8")
        print(f"wrote {args.write}; make the session with: itms-tui --setup {args.write} --db PATH")
        return
    report(figures(args.runs, args.texts, args.audit), args.texts, args.audit)


if __name__ == "__main__":
    main()
