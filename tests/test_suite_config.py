"""The suite's own set-up (tests/conftest.py): the ways the README and the conftest say it can be
run all start, and the worker count follows what is run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import pytest_xdist_auto_num_workers

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
@pytest.mark.parametrize("how", [["-p", "no:xdist"], ["-n0"], ["-n", "2"]], ids=" ".join)
def test_the_suite_runs_however_it_is_started(how: list[str]) -> None:
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *how,
                          "tests/core/test_bus.py"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert " passed" in run.stdout


def test_three_workers_for_two_cores_and_one_a_core_for_the_everyday_loop(monkeypatch) -> None:
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1}, raising=False)
    def config(markexpr: str) -> SimpleNamespace:
        return SimpleNamespace(option=SimpleNamespace(markexpr=markexpr))

    assert pytest_xdist_auto_num_workers(config("")) == 3
    assert pytest_xdist_auto_num_workers(config("browser")) == 3
    assert pytest_xdist_auto_num_workers(config("not slow")) == 2
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "5")
    assert pytest_xdist_auto_num_workers(config("")) == 5
