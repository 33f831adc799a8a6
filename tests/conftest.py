"""Shared by every test: the run spreads over every core, slow tests carry the `slow` mark,
`async def` tests run on a fresh event loop, and nothing touches the user's real data folder."""

from __future__ import annotations

import asyncio
import inspect
import os
import sys

import platformdirs
import pytest


def keep_bytecode_out_of_the_tree() -> None:
    """Under PYTHONDONTWRITEBYTECODE, compiled modules go to a cache of the user's instead of
    nowhere: this process, its xdist workers and the app processes tests start read them there.

    Otherwise every one of those processes compiles the package again, and every worker rewrites
    the asserts of every test module again: a third of the everyday loop's time (19 s against
    23-28 s, paired). The variable asks for a source tree without `__pycache__` folders, and it
    stays so; a user's own PYTHONPYCACHEPREFIX is kept.
    """
    if not sys.dont_write_bytecode:
        return
    prefix = sys.pycache_prefix or str(platformdirs.user_cache_path("itms-tui") / "bytecode")
    sys.pycache_prefix = prefix
    sys.dont_write_bytecode = False
    os.environ["PYTHONPYCACHEPREFIX"] = prefix
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


keep_bytecode_out_of_the_tree()  # before this module imports the package

from tests.support.worlds import PIN  # noqa: E402


@pytest.hookimpl(tryfirst=True)
def pytest_cmdline_main(config: pytest.Config) -> None:
    """`-n auto --dist worksteal` unless the command line says otherwise (`-n0`, `-n 3`,
    `-p no:xdist`, another `--dist`).

    Set here rather than in `addopts`, where `-n` would be an unknown option under `-p no:xdist`.
    Runs before pytest-xdist's own hook, which turns `auto` into pytest_xdist_auto_num_workers.
    Work stealing: a worker that runs out of tests takes half of the busiest one's, so no worker
    waits while another still holds a queue of long Pilot tests.
    """
    if hasattr(config, "workerinput"):  # a worker of a distributed run: it runs its own tests
        return
    if config.pluginmanager.hasplugin("xdist") and config.option.numprocesses is None:
        config.option.numprocesses = "auto"
        if config.option.dist == "no":
            config.option.dist = "worksteal"


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: `-p no:xdist` has none
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Three workers for every two cores, one a core for the everyday loop (`-m "not slow"`);
    PYTEST_XDIST_AUTO_NUM_WORKERS still decides.

    A test that drives the app through Pilot waits for it to go idle after every key and pause,
    and a browser test waits for Chromium: 40% of a worker's time was spent so (190 s of 481 s of
    worker time over a whole run with one worker a core), and a third worker on two cores runs
    while the others wait (211 s against 267 s, paired). The everyday loop has none of those
    tests and only waits for the cores: a third worker there costs its start (18.4 s against
    16.2 s).
    """
    if "PYTEST_XDIST_AUTO_NUM_WORKERS" in os.environ:
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count() or 1)
    return cores if "not slow" in (config.option.markexpr or "") else cores * 3 // 2


#: Modules slow as a whole: the hypothesis state machine, the crash tests that kill child
#: processes, and every library scenario played through the widgets.
SLOW_MODULES = {"test_properties.py", "test_store_durability.py", "test_play.py"}
#: The longest single tests (20-50 s each), run before everything else: one of them handed out
#: last keeps a worker busy long after the other has finished.
LONGEST = ("tests/test_properties.py", "tests/scenarios/test_fuzz.py::test_many_mutated",
           "tests/training/test_every_exercise.py::test_the_whole_course_on_the_desk")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `slow` every `async def` test (each drives the real app through Pilot), every
    hypothesis property, every browser test and every test of SLOW_MODULES; a slow test
    elsewhere carries `@pytest.mark.slow` itself."""
    for item in items:
        test = getattr(item, "obj", None)
        if (item.path.name in SLOW_MODULES or inspect.iscoroutinefunction(test)
                or getattr(test, "is_hypothesis_test", False) or item.get_closest_marker("browser")):
            item.add_marker(pytest.mark.slow)
        if item.get_closest_marker("browser") and not item.get_closest_marker("timeout"):
            # A browser test first waits for the machine-wide browser lock, which another run of
            # the suite may hold for minutes.
            item.add_marker(pytest.mark.timeout(900))
    # Each worker starts on its own stretch of this order and an idle one steals the end of the
    # busiest one's: long ones first, so that at the end every worker is finishing quick tests
    # rather than one of them a long one.
    items.sort(key=lambda item: (not item.nodeid.startswith(LONGEST),
                                 item.get_closest_marker("slow") is None))


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests with asyncio.run: Textual's run_test needs nothing more, so the
    suite does without an async plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    arguments = {name: pyfuncitem.funcargs[name]
                 for name in inspect.signature(pyfuncitem.obj).parameters}
    asyncio.run(pyfuncitem.obj(**arguments))
    return True


@pytest.fixture(autouse=True)
def fixed_pin(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every PIN the service draws is 4821 (a test about the drawing itself sets `draw_pin`), so
    that every run is the same, as screens and snapshots need."""
    monkeypatch.setattr("itms_tui.core.service.draw_pin",
                        lambda length, avoiding=(): PIN[:length].ljust(length, "0"))
    return PIN


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never read or write the user's real itms-tui data folder."""
    monkeypatch.setenv("ITMS_TUI_DATA", str(tmp_path_factory.mktemp("itms-tui-data")))
