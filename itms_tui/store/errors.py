"""Errors the store raises; each message is one line a person can act on."""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class: the store could not do what was asked."""


class StoreLocked(StoreError):
    """Another process (or another open in this process) holds the store."""

    def __init__(self, path: Path, holder_pid: int | None) -> None:
        self.path = path
        self.holder_pid = holder_pid
        holder = f"pid {holder_pid}" if holder_pid is not None else "pid unknown"
        super().__init__(
            f"{path} is in use by another itms-tui process ({holder}); "
            "close it or use --db to pick another file"
        )


class StoreDamaged(StoreError):
    """A store file cannot be read; it has been left exactly as it was."""

    def __init__(self, path: Path, problem: str) -> None:
        self.path = path
        self.problem = problem
        # What else to do depends on the command (the desk's --fresh, train's --records): the
        # command says it (cli/common.py, `store_problem`).
        super().__init__(f"{path} is damaged ({problem}); it was left as it is: move it away")


class StoreVersionError(StoreError):
    """The store was written in a format this version cannot read."""

    def __init__(self, path: Path, found: object, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path} uses store format {found!r} but this itms-tui reads format {supported}; "
            "open it with the itms-tui that wrote it, or use --db to pick another file"
        )


class StoreUnavailable(StoreError):
    """The operating system refused to let the store be opened (permissions, a directory where a
    file should be, a full disk); nothing was changed."""

    def __init__(self, path: Path, error: OSError) -> None:
        self.path = path
        self.error = error
        where = Path(error.filename) if error.filename else path
        reason = error.strerror or type(error).__name__
        super().__init__(f"{where} cannot be used ({reason}); nothing was changed")
