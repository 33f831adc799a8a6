"""The suite's own set-up (tests/conftest.py): the ways the README and the conftest say it can be
run all start, and the worker count follows what is run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import keep_bytecode_out_of_the_tree, pytest_xdist_auto_num_workers

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


@pytest.mark.slow
def test_under_dont_write_bytecode_the_compiled_modules_go_to_the_users_cache(tmp_path) -> None:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "XDG_CACHE_HOME": str(tmp_path)}
    env.pop("PYTHONPYCACHEPREFIX", None)
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                          "-p", "no:xdist", "tests/core/test_bus.py"],
                         cwd=ROOT, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    cache = tmp_path / "itms-tui" / "bytecode"
    compiled = {path.name.split(".")[0] for path in cache.rglob("*.pyc")}
    assert {"bus", "test_bus"} <= compiled  # the package, and a test module rewritten


def test_a_users_own_bytecode_prefix_is_kept(monkeypatch) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(sys, "pycache_prefix", "/somewhere/of/theirs")
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.setenv("PYTHONPYCACHEPREFIX", "/somewhere/of/theirs")
    keep_bytecode_out_of_the_tree()
    assert (sys.dont_write_bytecode, sys.pycache_prefix) == (False, "/somewhere/of/theirs")
    assert os.environ["PYTHONPYCACHEPREFIX"] == "/somewhere/of/theirs"
    assert "PYTHONDONTWRITEBYTECODE" not in os.environ
