"""Real Textual apps that itms-tui's start-up is compared with, each in its own venv.

Every peer is given something to show, so that its first frame holds content as the desk's does,
and a marker: bytes its first frame writes to the terminal once that content is drawn.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Peer:
    name: str
    #: What pip installs into the peer's venv (the version compared, and any pin it needs here).
    requirements: tuple[str, ...]
    script: str
    #: The arguments after the script, given the folder holding what `make_input` wrote.
    arguments: Callable[[Path], list[str]]
    make_input: Callable[[Path], None]
    marker: bytes

    def argv(self, venv: Path, inputs: Path) -> list[str]:
        return [str(venv / "bin" / self.script), *self.arguments(inputs)]


LOG_LINES = 5_000
#: The log's last line ends with a word no other line has (toolong colours numbers and times, so
#: a marker with them would be split by colour codes).
LOG_END = "goodnight"


def _markdown(folder: Path) -> None:
    # A real document of the project, as a user would open one.
    (folder / "architecture.md").write_text((REPO / "docs" / "architecture.md").read_text())


def _log(folder: Path) -> None:
    with open(folder / "app.log", "w") as log:
        for i in range(1, LOG_LINES + 1):
            log.write(f"2026-03-02T10:{i // 60 % 60:02d}:{i % 60:02d} INFO sms {i} delivered "
                      f"to +1617555{i % 10000:04d}{' ' + LOG_END if i == LOG_LINES else ''}\n")


def _collection(folder: Path) -> None:
    collection = folder / "collection"
    collection.mkdir(exist_ok=True)
    for name, method, path in (("accounts", "GET", "accounts"), ("opt-in", "POST", "opt-in"),
                               ("messages", "GET", "messages")):
        (collection / f"{name}.posting.yaml").write_text(
            f"name: {name}\nmethod: {method}\nurl: https://itms.example.com/{path}\n")


PEERS = (
    # The document's heading is drawn once frogmouth has loaded and rendered the file.
    Peer("frogmouth", ("frogmouth==0.9.2",), "frogmouth",
         lambda inputs: [str(inputs / "architecture.md")], _markdown, b"Architecture"),
    # toolong follows the end of the file: its last line is drawn once the file is indexed.
    Peer("toolong", ("toolong==1.5.0",), "tl",
         lambda inputs: [str(inputs / "app.log")], _log, LOG_END.encode()),
    # tree-sitter 0.26 makes Textual 6.1's TextArea crash (a segmentation fault) on posting's
    # first screen; 0.25 is what that Textual was released against. Its footer ends with Quit.
    Peer("posting", ("posting==2.11.1", "tree-sitter<0.26"), "posting",
         lambda inputs: ["--collection", str(inputs / "collection")], _collection, b"Quit"),
)


def ensure_venv(peer: Peer, peers_dir: Path) -> Path:
    """The peer's venv under `peers_dir`, created with pip if it is not there yet."""
    venv = peers_dir / peer.name
    if (venv / "bin" / peer.script).exists():
        return venv
    print(f"creating {venv} ({' '.join(peer.requirements)})", file=sys.stderr)
    _make_venv(venv, *peer.requirements)
    return venv


def _make_venv(venv: Path, *requirements: str) -> None:
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    _pip_install(venv, *requirements)


def _pip_install(venv: Path, *arguments: str) -> None:
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", *arguments],
                   check=True)


def installed_as_users_get_it(peers_dir: Path) -> Path:
    """A venv under `peers_dir` holding this working tree installed as a user installs the
    package (not editable, no test extras) and started by its command, as each peer is: the
    project's own .venv holds an editable install, whose finder every interpreter start imports,
    and the test tools. The tree is installed again on each call: the code measured is this."""
    venv = peers_dir / "itms-tui"
    if not (venv / "bin" / "python").exists():
        _make_venv(venv, str(REPO))
    else:
        _pip_install(venv, "--no-deps", "--force-reinstall", str(REPO))
    return venv


def peer_env(base: dict[str, str], home: Path) -> dict[str, str]:
    """Configuration and data of the peers kept out of the real home directory."""
    env = dict(base)
    for variable, folder in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                             ("XDG_CACHE_HOME", "cache")):
        env[variable] = str(home / folder)
        os.makedirs(home / folder, exist_ok=True)
    return env
