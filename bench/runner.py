"""How fast `itms-tui run` goes, against what merely starting it costs.

Run: `python bench/runner.py` (add `--quick` for a smoke run). Machines here are noisy, so the
figures that matter are taken in this same run, in turns, and compared with each other:

- **start-up and import**: a fresh interpreter importing what `itms-tui run` uses (the command
  line, the scenario reader, the runner and the engine), beside a bare `python -c pass` and
  beside `import itms_tui.cli` alone (what every `itms-tui` command pays: each subcommand then
  imports what it uses);
- **the library**: `itms-tui run scenarios/` in a fresh interpreter, timed from just after those
  imports to the end: finding and reading every file, validating it, building each world,
  running every step, printing. Target: less than start-up and import. Also shown: the whole
  command as a user waits for it, from the interpreter's start.
  All are measured twice: with a bytecode cache (as a pip-installed package has; the cache is
  kept in a temporary folder) and without one (PYTHONDONTWRITEBYTECODE=1, which some containers
  set: every import then compiles its source);
- **throughput**: 2,000 generated scenarios of 20 steps each, shaped like the library's (a PIN
  opt-in, Quick Opt In with HELP and a link, keyword opt-out and SIGNUP, possible opt-outs and
  no_one_available, held texts across the send window, bus faults), read and run in this process
  the way `itms-tui run` does: steps per second, split into reading and running;
- **linearity**: the same for 500 scenarios; 2,000 should take about 4 times as long;
- **coverage**: running with `itms-tui coverage`'s probe watching the engine, against running
  plain, on the library and on the 2,000 generated scenarios, in turns. Target: at most 1.3x.

Nothing here asserts: it prints the figures (exit status 1 only if a generated scenario fails).
"""

from __future__ import annotations

import argparse
import gc
import io
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import redirect_stdout
from pathlib import Path

from common import python_env

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "scenarios"
HEADER = "# yaml-language-server: $schema=https://itms-tui.example/schemas/scenario-v1.json\n"

WORLD = """\
world:
  company: {{name: Bench Recovery, phone: "+18005550100", va_url: "https://pay.bench.example/va",
            timezone: America/New_York}}
  clock: "2026-03-02T{hour}:00:00-05:00"
  clients:
    - {{id: MED, name: Bench Medical, business_type: medical, auto_opt_in: false}}
    - {{id: UTIL, name: Bench Power, business_type: utility, auto_opt_in: true}}
  accounts:
    - {{id: "{acct}", consumer: Consumer {n}, client: MED, balance: 100.00,
       phones: ["{a}", "{b}"]}}
    - {{id: "{acct2}", consumer: Consumer {n}, client: UTIL, balance: 50.00, phones: []}}
  consent: {{"{b}": opted_in}}
"""

#: Twenty steps each, the library's patterns with the names changed.
PATTERNS = {
    "pin": """\
  - agent: send_opt_in_request
    account: "{acct}"
    phone: "{a}"
  - expect: sms
    template: opt_in
  - expect: consent
    state: awaiting_yes
  - consumer: "YES"
  - expect: sms
    template: opt_in_pin
  - agent: enter_auth_code
    code: "98765"
    expect_error: wrong_code
  - agent: enter_auth_code
    code: "{{pin}}"
  - expect: consent
    state: opted_in
  - expect: sms
    template: opted_in
  - expect: audit
    event: pin_accepted
  - agent: send_text
    text: "Hello {n}, thanks for opting in."
  - expect: sms
    contains: thanks for opting in
  - consumer: "Can I pay on Friday?"
  - expect: inbox
    queue: agent
    contains: Friday
  - agent: send_link
  - expect: sms
    template: link
  - agent: send_opt_in_request
    expect_error: already_opted_in
  - expect: no_sms
  - expect: consent
    state: opted_in
  - expect: audit
    event: already_opted_in
""",
    "quick_help": """\
  - agent: quick_opt_in
    account: "{acct}"
    phone: "{a}"
  - consumer: HELP
  - expect: sms
    template: opt_in
  - expect: sms
    template: help
  - expect: consent
    state: awaiting_yes
  - agent: send_text
    text: "Did you get it?"
    expect_error: not_opted_in
  - consumer: "Yes!"
  - expect: consent
    state: opted_in
  - expect: sms
    template: opted_in
  - agent: send_link
  - expect: sms
    template: link
  - consumer: INFO
  - expect: sms
    template: help
  - agent: arrange_payment_plan
    amount: 120
  - expect: no_sms
  - expect: audit
    event: already_opted_in
  - agent: add_phone
    account: "{acct2}"
    phone: "{c}"
  - expect: consent
    state: opted_in
  - expect: sms
    template: opted_in
  - expect: audit
    event: auto_opt_in
""",
    "stop_signup": """\
  - consumer: "{keyword}"
    from: "{b}"
  - expect: consent
    state: opted_out
  - expect: sms
    template: opted_out
  - expect: audit
    event: keyword_opt_out
  - agent: send_text
    account: "{acct}"
    text: "One more thing"
    expect_error: opted_out
  - agent: quick_opt_in
    expect_error: opted_out
  - consumer: STOP
  - expect: no_sms
  - consumer: HELP
  - expect: sms
    template: help
  - consumer: SIGNUP
  - expect: sms
    template: opt_in
  - expect: audit
    event: signup
  - consumer: "YES"
  - expect: consent
    state: opted_in
  - expect: sms
    template: opted_in
  - agent: opt_out
  - expect: sms
    template: opted_out
  - agent: opt_out
    expect_error: opted_out
  - expect: consent
    state: opted_out
""",
    "possible": """\
  - consumer: "please stop texting me at work"
    from: "{b}"
  - expect: inbox
    queue: possible_opt_out
  - expect: consent
    state: opted_in
  - consumer: "I want to cancel my payment plan"
  - expect: inbox
    queue: possible_opt_out
    contains: cancel
  - consumer: "stopped by the store"
  - expect: inbox
    queue: agent
    contains: stopped
  - expect: no_sms
  - set: {{agents_available: false}}
  - consumer: "anyone there?"
  - expect: sms
    template: no_one_available
  - consumer: "hello??"
  - expect: no_sms
  - advance: 1d
  - consumer: "hello again"
  - expect: sms
    template: no_one_available
  - consumer: "{emoji}"
  - expect: consent
    state: opted_out
  - expect: sms
    template: opted_out
  - expect: no_sms
""",
    "window": """\
  - agent: send_text
    account: "{acct}"
    phone: "{b}"
    text: "Late reminder about your balance."
  - expect: sms
    status: scheduled
  - agent: quick_opt_in
    phone: "{a}"
  - expect: consent
    state: awaiting_yes
  - advance: 11h
  - expect: sms
    template: opt_in
    status: delivered
  - consumer: "Yes"
  - expect: sms
    template: opted_in
  - expect: no_sms
    to: "{b}"
  - agent: send_text
    text: "Good morning!"
  - expect: sms
    status: delivered
  - consumer: HELP
  - expect: sms
    template: help
  - advance: 13h
  - agent: send_text
    text: "Too late now."
  - expect: sms
    status: scheduled
  - agent: opt_out
  - expect: sms
    template: opted_out
  - advance: 11h
  - expect: no_sms
""",
    "faults": """\
  - fault: delay
    to: "{b}"
    duration: 5m
  - agent: send_text
    account: "{acct}"
    text: "Delayed one"
  - expect: sms
    status: sent
  - advance: 5m
  - fault: drop
  - agent: send_text
    text: "Dropped one"
  - expect: sms
    status: sent
  - fault: duplicate
  - agent: send_text
    text: "Twice"
  - expect: sms
    status: delivered
  - fault: fail
    status: {status}
  - agent: send_text
    text: "Bounced"
  - expect: sms
    status: failed
  - fault: duplicate
    direction: in
  - consumer: STOP
  - expect: sms
    template: opted_out
  - expect: no_sms
  - expect: consent
    state: opted_out
  - agent: send_text
    text: "After STOP"
    expect_error: opted_out
  - expect: audit
    event: keyword_opt_out
""",
}
#: The hour each pattern starts at: the window pattern starts at 21:00, when texts are held.
HOURS = {"window": "21"}
KEYWORDS = ["STOP", "unsubscribe", "Cancel", "end", "QUIT", "stopall", "opt-out", "opt out",
            "optout", "delete", "go away", "leave", "cease", "block", "halt", "Stop.", "🛑"]
EMOJI = ["🛑", "🚫", "❌", "⛔️", "🔕", "📴", "🖕🏽"]
STATUSES = ["BOUNCED", "BLOCKED", "SPAM"]


def generate(folder: Path, count: int) -> int:
    """Write `count` scenarios of 20 steps into `folder`; returns the number of steps."""
    names = list(PATTERNS)
    steps = 0
    for i in range(count):
        pattern = names[i % len(names)]
        # Numbers in Boston's 617 area, all distinct: 617-2xx-xxxx exchanges are valid.
        base = 2_000_000 + i * 3
        a, b, c = (f"+1617{base + k:07d}" for k in range(3))
        values = dict(acct=f"A{i}", acct2=f"B{i}", n=i, a=a, b=b, c=c,
                      keyword=KEYWORDS[i % len(KEYWORDS)], emoji=EMOJI[i % len(EMOJI)],
                      status=STATUSES[i % len(STATUSES)], hour=HOURS.get(pattern, "10"))
        body = PATTERNS[pattern].format(**values)
        steps += sum(1 for line in body.splitlines() if line.startswith("  - "))
        text = (HEADER + f"name: Bench {i} ({pattern})\n"
                f"description: Generated from the library's {pattern} pattern.\n"
                f"tags: [bench, {pattern}]\n" + WORLD.format(**values) + "steps:\n" + body)
        (folder / f"s{i:05d}.yaml").write_text(text, encoding="utf-8")
    return steps


ENV: dict[str, str] = {}


def timed_subprocess(code: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, stdout=subprocess.DEVNULL,
                   env=ENV)
    return time.perf_counter() - start


#: What `itms-tui run` imports before it reads a file.
PACKAGE_IMPORT = "import itms_tui.cli, itms_tui.scenarios.runner"

LIBRARY_RUN = f"""\
import io, sys, time
from contextlib import redirect_stdout
{PACKAGE_IMPORT}
start = time.perf_counter()
with redirect_stdout(io.StringIO()):
    code = itms_tui.cli.main(["run", "scenarios"])
sys.stderr.write(f"{{time.perf_counter() - start:.6f}} {{code}}\\n")
"""


def library_run_cold() -> tuple[float, float, int]:
    """Seconds of `itms-tui run scenarios/` after its imports, in a fresh process; seconds of
    the whole process; the exit status of the run."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", LIBRARY_RUN], check=True, cwd=ROOT,
                          capture_output=True, text=True, env=ENV)
    whole = time.perf_counter() - start
    seconds, code = done.stderr.split()[-2:]
    return float(seconds), whole, int(code)


def interleaved(repeat: int) -> tuple[dict[str, list[float]], int]:
    """Bare start-up, start-up + imports, and the library run, taken in turns so that a machine
    whose load changes during the bench affects them all alike."""
    times: dict[str, list[float]] = {"bare": [], "cli": [], "package": [], "library": [],
                                     "whole": []}
    code = 0
    for _ in range(repeat):
        times["bare"].append(timed_subprocess("pass"))
        times["cli"].append(timed_subprocess("import itms_tui.cli"))
        times["package"].append(timed_subprocess(PACKAGE_IMPORT))
        seconds, whole, code = library_run_cold()
        times["library"].append(seconds)
        times["whole"].append(whole)
    return times, code


def load_and_run(folder: Path) -> tuple[float, float, int, int]:
    """Seconds to read and to run every scenario in `folder`; steps run; scenarios failed."""
    from itms_tui.cli.run import read_scenarios
    from itms_tui.scenarios import find_scenario_files
    from itms_tui.scenarios.demo import load_demo_world
    from itms_tui.scenarios.runner import run_scenario

    demo = load_demo_world()
    files = find_scenario_files([folder])
    gc.collect()
    start = time.perf_counter()
    scenarios, invalid = read_scenarios(files, demo)  # as `itms-tui run` reads them
    assert not invalid, invalid[0].errors[0]
    loaded = time.perf_counter()
    gc.freeze()  # as `itms-tui run` does once every file is read
    failed = steps = 0
    for scenario in scenarios:
        result = run_scenario(scenario, demo)
        steps += len(result.outcomes)
        if not result.passed:
            failed += 1
            if failed == 1:
                print(f"FAILED {scenario.path}:\n" + str(result.failure), file=sys.stderr)
    ran = time.perf_counter()
    gc.unfreeze()
    return loaded - start, ran - loaded, steps, failed


def coverage_ratio(folder: Path, rounds: int) -> tuple[float, float, float]:
    """Seconds to run every scenario in `folder` plain and with the coverage probe (medians of
    `rounds` runs taken in turns), and their ratio. Reading the files is common to both and left
    out, so the ratio is of the runs alone (the strictest comparison)."""
    from itms_tui.cli.run import read_scenarios
    from itms_tui.scenarios import find_scenario_files
    from itms_tui.scenarios.coverage import Coverage, run_with_coverage
    from itms_tui.scenarios.demo import load_demo_world
    from itms_tui.scenarios.runner import run_scenario

    demo = load_demo_world()
    scenarios, invalid = read_scenarios(find_scenario_files([folder]), demo)
    assert not invalid, invalid[0].errors[0]
    plain: list[float] = []
    covered: list[float] = []
    gc.collect()
    gc.freeze()
    for _ in range(rounds):
        start = time.perf_counter()
        for scenario in scenarios:
            run_scenario(scenario, demo)
        plain.append(time.perf_counter() - start)
        coverage = Coverage()
        start = time.perf_counter()
        for scenario in scenarios:
            run_with_coverage(scenario, coverage, demo)
        covered.append(time.perf_counter() - start)
    gc.unfreeze()
    return (statistics.median(plain), statistics.median(covered),
            statistics.median(covered) / statistics.median(plain))


def ms(values: list[float]) -> str:
    return (f"median {statistics.median(values) * 1000:6.1f} ms, "
            f"best {min(values) * 1000:6.1f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a smoke run: fewer, smaller runs")
    args = parser.parse_args()
    big, small, repeat = (200, 50, 3) if args.quick else (2000, 500, 7)

    print(f"python {sys.version.split()[0]} on {sys.platform}")
    from itms_tui.scenarios import find_scenario_files

    library_files = len(find_scenario_files([LIBRARY]))  # the curriculum file is no scenario
    with tempfile.TemporaryDirectory(prefix="itms-pycache-") as pycache:
        for cached in (True, False):
            ENV.clear()
            ENV.update(python_env(pycache if cached else None))
            if cached:
                library_run_cold()  # fills the bytecode cache
            times, code = interleaved(repeat)
            print(f"{'with' if cached else 'without'} a bytecode cache"
                  f"{' (an installed package)' if cached else ' (PYTHONDONTWRITEBYTECODE=1)'}:")
            print(f"  start-up:        bare interpreter              {ms(times['bare'])}")
            print(f"                   + import itms_tui.cli         {ms(times['cli'])}")
            print(f"                   + what `run` imports          {ms(times['package'])}")
            print(f"  library:         {library_files} scenarios, fresh process  "
                  f"{ms(times['library'])}   (exit {code}; {repeat} runs of each, in turns)")
            print(f"  whole command:   start to end                  {ms(times['whole'])}")
            for label, pick in (("median", statistics.median), ("best", min)):
                ratio = pick(times["library"]) / pick(times["package"])
                verdict = "below" if ratio < 1 else "ABOVE"
                print(f"                   library / start-up+import ({label}): {ratio:.2f} — "
                      f"{verdict} the target (< 1.00)")
    with redirect_stdout(io.StringIO()):
        from itms_tui.cli import main as cli_main

        cli_main(["run", str(LIBRARY)])  # warm the caches
        start = time.perf_counter()
        cli_main(["run", str(LIBRARY)])
        warm = time.perf_counter() - start
    print(f"  library, warm:   again in this process        {warm * 1000:6.1f} ms")

    failed_total = 0
    figures = {}
    with tempfile.TemporaryDirectory(prefix="itms-bench-") as tmp:
        for count in (small, big):
            folder = Path(tmp) / f"n{count}"
            folder.mkdir()
            written = generate(folder, count)
            read, ran, steps, failed = load_and_run(folder)
            failed_total += failed
            figures[count] = read + ran
            assert steps == written == 20 * count or failed, (steps, written)
            print(f"{count:5d} scenarios:   {steps} steps; read {read:6.2f} s, run {ran:6.2f} s; "
                  f"{steps / (read + ran):9.0f} steps/s overall, {steps / ran:9.0f} steps/s "
                  f"running; {failed} failed")
            if count == big:
                plain, covered, ratio = coverage_ratio(folder, 3)
                print(f"coverage:          {count} scenarios run {plain:6.2f} s plain, "
                      f"{covered:6.2f} s with coverage: {ratio:.2f}x (target <= 1.30)")
    ratio = figures[big] / figures[small]
    print(f"linearity:         {big} / {small} scenarios took {ratio:.2f} x as long "
          f"(ideal {big / small:.0f})")
    plain, covered, ratio = coverage_ratio(LIBRARY, 7 if not args.quick else 3)
    print(f"coverage:          the library run {plain * 1000:6.1f} ms plain, "
          f"{covered * 1000:6.1f} ms with coverage: {ratio:.2f}x (target <= 1.30)")
    return 1 if failed_total else 0


if __name__ == "__main__":
    sys.exit(main())
