"""Fuzzing `validate` and `run` with the library's own scenario files, mutated.

Each case takes one library file and mutates it (a line deleted or duplicated, two scalars
swapped, random bytes, deep nesting, huge numbers, far dates and durations), then runs
`itms-tui validate` and `itms-tui run` on it as the CLI does. Neither may raise, print a traceback
or an "internal error", or take more than 5 s (an alarm stops the case); `run` may not pass a file
`validate` rejects. The seed is fixed: a failure names its case, and the case replays.
"""

from __future__ import annotations

import random
import re
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from itms_tui.cli import main

LIBRARY = Path(__file__).resolve().parents[2] / "scenarios"
SOURCES = sorted(p for p in LIBRARY.rglob("*.yaml") if p.name != "curriculum.yaml")
#: How long one case (validate and run of one file) may take before it counts as a hang.
CASE_SECONDS = 5
#: The quick loop's share: a smoke check; the slow test below is the search.
EVERYDAY_CASES = 50
SLOW_CASES = 3000

_SCALAR_LINE = re.compile(r"^(\s*(?:- )?[\w-]+: )(\S.*)$")
_NUMBER = re.compile(r"(?<![\w.+-])\d+(?:\.\d+)?(?![\w.])")
_CLOCK = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d')
_DURATION = re.compile(r"(advance: |pin_ttl: |duration: )(\S+)")
FAR_TIMES = ["0001-01-01T00:00:00+00:00", "9999-12-31T23:59:59-12:00", "1969-12-31T23:59:59+14:00",
             "2999-12-31T23:59:59-12:00", "99999-01-01T00:00:00+00:00", "2026-02-30T10:00:00Z"]
HUGE_NUMBERS = ["9" * 400, "1e999999", "-1", "0", "1" + "0" * 5000, ".inf", ".nan", "0x7fffffffffffffff"]
LONG_DURATIONS = ["2912381d", "3650d", "3650d1s", "9" * 30 + "d", "999999999h", "0s", "1d" * 50]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    del lines[rng.randrange(len(lines))]
    return "\n".join(lines)


def duplicate_line(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    index = rng.randrange(len(lines))
    lines.insert(index, lines[index])
    return "\n".join(lines)


def swap_scalars(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    scalars = [i for i, line in enumerate(lines) if _SCALAR_LINE.match(line)]
    if len(scalars) < 2:
        return delete_line(text, rng)
    a, b = rng.sample(scalars, 2)
    ma, mb = _SCALAR_LINE.match(lines[a]), _SCALAR_LINE.match(lines[b])
    assert ma is not None and mb is not None
    lines[a], lines[b] = ma.group(1) + mb.group(2), mb.group(1) + ma.group(2)
    return "\n".join(lines)


def random_bytes(text: str, rng: random.Random) -> bytes:
    data = bytearray(text.encode("utf-8"))
    for _ in range(rng.randint(1, 8)):
        at = rng.randrange(len(data) + 1)
        data[at:at] = rng.randbytes(rng.randint(1, 6))
    return bytes(data)


def deep_nesting(text: str, rng: random.Random) -> str:
    depth = rng.choice([30, 70, 1000, 100_000])
    opener, closer = rng.choice([("[", "]"), ("{a: ", "}")])
    lines = _lines(text)
    scalars = [i for i, line in enumerate(lines) if _SCALAR_LINE.match(line)]
    index = rng.choice(scalars) if scalars else 0
    match = _SCALAR_LINE.match(lines[index])
    head, value = (match.group(1), match.group(2)) if match else ("x: ", "1")
    lines[index] = head + opener * depth + value + closer * rng.choice([depth, 0])
    return "\n".join(lines)


def huge_number(text: str, rng: random.Random) -> str:
    spots = list(_NUMBER.finditer(text))
    if not spots:
        return text + f"\nbalance: {rng.choice(HUGE_NUMBERS)}\n"
    spot = rng.choice(spots)
    return text[:spot.start()] + rng.choice(HUGE_NUMBERS) + text[spot.end():]


def far_time(text: str, rng: random.Random) -> str:
    spots = list(_CLOCK.finditer(text))
    if spots:
        spot = rng.choice(spots)
        return text[:spot.start()] + rng.choice(FAR_TIMES) + text[spot.end():]
    durations = list(_DURATION.finditer(text))
    if durations:
        spot = rng.choice(durations)
        return text[:spot.start(2)] + rng.choice(LONG_DURATIONS) + text[spot.end(2):]
    return text.replace("steps:\n", f"steps:\n  - advance: {rng.choice(LONG_DURATIONS)}\n", 1)


MUTATIONS: list[Callable[[str, random.Random], str | bytes]] = [
    delete_line, duplicate_line, swap_scalars, random_bytes, deep_nesting, huge_number, far_time,
]


def cases(count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """`count` mutated files: (a name that says how to make it again, the file's bytes)."""
    rng = random.Random(seed)
    texts = {path: path.read_text(encoding="utf-8") for path in SOURCES}
    for number in range(count):
        source = rng.choice(SOURCES)
        text: str | bytes = texts[source]
        applied = []
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            mutation = rng.choice(MUTATIONS)
            if isinstance(text, bytes):
                text = text.decode("utf-8", "replace")
            text = mutation(text, rng)
            applied.append(mutation.__name__)
        data = text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass")
        yield f"case {number} (seed {seed}): {source.relative_to(LIBRARY)} + {', '.join(applied)}", data


class Hung(Exception):
    pass


@contextmanager
def at_most(seconds: int, what: str) -> Iterator[None]:
    def stop(_signum, _frame):
        raise Hung(f"{what} took more than {seconds} s")

    # pytest-timeout may have its own alarm set: it is put back, less the time taken.
    started = time.monotonic()
    outer = signal.alarm(0)
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.alarm(max(1, outer - int(time.monotonic() - started)))


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


def check(capsys: pytest.CaptureFixture[str], tmp_path: Path, count: int, seed: int) -> None:
    problems = []
    for name, data in cases(count, seed):
        path = tmp_path / "fuzzed.yaml"
        path.write_bytes(data)
        try:
            with at_most(CASE_SECONDS, name):
                validated, validate_out = cli(capsys, "validate", str(path))
                ran, run_out = cli(capsys, "run", str(path))
        except Hung as hung:
            problems.append(str(hung))
            continue
        except BaseException as error:  # noqa: BLE001 - every escape is a finding
            capsys.readouterr()
            problems.append(f"{name}: raised {type(error).__name__}: {error}"[:300])
            continue
        for output in (validate_out, run_out):
            if "Traceback" in output or "internal error" in output:
                problems.append(f"{name}: {output.strip().splitlines()[-1][:300]}")
        if validated not in (0, 2) or ran not in (0, 1, 2):
            problems.append(f"{name}: exit codes validate {validated}, run {ran}")
        if validated != 0 and ran != 2:
            problems.append(f"{name}: validate rejected it (exit {validated}) but run exited {ran}")
    assert problems == []


def test_mutated_library_files_are_refused_or_run_never_crash(capsys, tmp_path):
    check(capsys, tmp_path, EVERYDAY_CASES, seed=9)


@pytest.mark.slow
def test_many_mutated_library_files(capsys, tmp_path):
    check(capsys, tmp_path, SLOW_CASES, seed=20261201)


#: What the fuzzing found, each once an "internal error": (what, the file's text, the problem).
FOUND = [
    ("an amount past Decimal's precision",
     'name: x\nsteps:\n  - agent: arrange_payment_plan\n    account: "1001"\n'
     '    phone: "+16175550101"\n    amount: 1' + "0" * 40 + "\n",
     "6:13: the amount '1" + "0" * 40 + "' is too large: at most 15 digits before the point"),
    ("a whole number past int()'s 4,300 digits",
     "name: x\nsteps:\n  - set: {max_invitations: 1" + "0" * 5000 + "}\n",
     "3:28: '1" + "0" * 58 + "…' is too large a number"),
]


@pytest.mark.parametrize(("what", "text", "problem"), FOUND, ids=[f[0] for f in FOUND])
def test_what_the_fuzzing_found_is_one_placed_line(capsys, tmp_path, what, text, problem):
    path = tmp_path / "found.yaml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().out.splitlines()[0] == f"{path}:{problem}"
    assert main(["run", str(path)]) == 2
