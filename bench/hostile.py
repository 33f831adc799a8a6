"""How long hostile scenario files take to be refused, against files of the same size that load.

Run: `python bench/hostile.py` (add `--quick` for a smoke run). The tests check what a hostile file
is refused with; this checks that refusing it costs about what reading an honest file costs, so
that no file can hold `run` or `validate` up:

- an alias bomb and 10,000 nested brackets / a library scenario loaded from disk;
- a million brackets read by the pure-Python parser (used where PyYAML has no libyaml) / the same
  bytes read by the default parser;
- a 4 MB file whose last line is wrong / the same file with that line right.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from itms_tui.scenarios import ScenarioInvalid, load_scenario, parse_scenario, yamlnodes

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.worlds import ONE_WORLD  # noqa: E402  (the tests' one-number world)
LIBRARY_SCENARIO = ROOT / "scenarios" / "opt_in" / "agent_pin.yaml"

BOMB = "name: x\na: &a [" + ",".join(['"lol"'] * 9) + "]\n" + "".join(
    f"{b}: &{b} [" + ",".join([f"*{a}"] * 9) + "]\n" for a, b in zip("abcdefgh", "bcdefghi")
) + "steps: [*i]\n"



def four_megabytes(last_step: str) -> str:
    head = "name: big\n" + ONE_WORLD + "steps:\n"
    steps = ('  - consumer: "hello there, how are you"\n    from: "+16175550101"\n'
             "  - expect: sms\n    template: opt_in\n")
    return head + steps * ((4 * 1024 * 1024 - len(head)) // len(steps) + 1) + last_step


def seconds(action: Callable[[], object], rounds: int) -> float:
    """The median wall-clock time of `action` over `rounds` calls."""
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def refused(action: Callable[[], object]) -> Callable[[], None]:
    def run() -> None:
        try:
            action()
        except ScenarioInvalid:
            return
        raise AssertionError("the hostile file was accepted")
    return run


def with_parser(parser: type, action: Callable[[], object]) -> Callable[[], object]:
    def run() -> object:
        default, yamlnodes.PARSER = yamlnodes.PARSER, parser
        try:
            return action()
        finally:
            yamlnodes.PARSER = default
    return run


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--quick", action="store_true", help="one round each, for a smoke run")
    rounds = 1 if options.parse_args().quick else 5
    folder = Path(tempfile.mkdtemp(prefix="itms-bench-hostile-"))
    files = {
        "alias bomb": BOMB,
        "10,000 nested brackets": "name: x\nsteps: " + "[" * 10_000,
        "4 MB, last line wrong": four_megabytes("  - expect: sms\n    template: opt_inn\n"),
        "4 MB, all right": four_megabytes("  - expect: sms\n    template: opt_in\n"),
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / f"{len(paths)}.yaml"
        paths[name].write_text(text, encoding="utf-8")

    honest = seconds(lambda: load_scenario(LIBRARY_SCENARIO), rounds)
    print(f"library scenario loaded: {honest * 1000:.1f} ms")
    for name in ("alias bomb", "10,000 nested brackets"):
        took = seconds(refused(lambda: load_scenario(paths[name])), rounds)
        print(f"{name} refused: {took * 1000:.1f} ms = {took / honest:.2f}x the library scenario")

    brackets = "name: x\nsteps: " + "[" * 1_000_000
    default = seconds(refused(lambda: parse_scenario(brackets, "deep.yaml")), rounds)
    pure = seconds(refused(with_parser(yamlnodes.PurePythonParser,
                                       lambda: parse_scenario(brackets, "deep.yaml"))), rounds)
    print(f"a million brackets refused: pure-Python parser {pure * 1000:.0f} ms, default "
          f"{default * 1000:.0f} ms = {pure / default:.1f}x")

    wrong = seconds(refused(lambda: load_scenario(paths["4 MB, last line wrong"])), rounds)
    right = seconds(lambda: load_scenario(paths["4 MB, all right"]), rounds)
    print(f"4 MB with its last line wrong refused: {wrong:.2f} s, loaded when right: {right:.2f} s"
          f" = {wrong / right:.2f}x")


if __name__ == "__main__":
    main()
