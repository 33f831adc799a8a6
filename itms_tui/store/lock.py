"""An exclusive, non-blocking lock on `<db>.lock` that the OS drops if the holder dies.

flock (not fcntl/lockf) is deliberate: its locks belong to the open file description, so a
second open of the same store inside one process is refused too, and the kernel releases
the lock when the process exits or is killed, so a crash never leaves a stale lock.
"""

from __future__ import annotations

import os
from pathlib import Path

from itms_tui.store.errors import StoreLocked

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt

# The pid is written at the start of the file; on Windows a locked byte cannot be read by
# others, so the lock sits past the pid where it does not hide it.
_PID_BYTES = 32


class StoreLock:
    """The lock for the store at `store_path`, kept in `<store_path>.lock`."""

    def __init__(self, store_path: Path) -> None:
        self.store_path = store_path
        self.path = store_path.with_name(store_path.name + ".lock")
        self._fd: int | None = None
        # Holding is counted so a caller can take the lock before anything moves (--fresh) and
        # hand it to the repository it then opens: each acquire() needs its own release().
        self._holds = 0

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock (again, if held) or raise StoreLocked naming the holder's pid."""
        if self._fd is not None:
            self._holds += 1
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if not _try_lock(fd):
                raise StoreLocked(self.store_path, _read_pid(fd))
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode("ascii"))
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._holds = 1

    def release(self) -> None:
        if self._fd is None:
            return
        self._holds -= 1
        if self._holds > 0:
            return
        fd, self._fd = self._fd, None
        try:
            _unlock(fd)
        finally:
            os.close(fd)


def _read_pid(fd: int) -> int | None:
    os.lseek(fd, 0, os.SEEK_SET)
    try:
        return int(os.read(fd, _PID_BYTES).strip())
    except ValueError:
        return None  # the holder has not written its pid yet


if fcntl is not None:

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

else:

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _PID_BYTES, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:  # msvcrt reports "held by someone else" only as a generic OSError
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, _PID_BYTES, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
