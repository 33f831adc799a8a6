"""The durable repository: a TinyDB snapshot plus an append-only journal.

TinyDB rewrites its whole file on every write, which would make each commit cost O(size
of the database). Instead each commit appends one JSON line to `<path>.journal`,
and the journal is folded into the TinyDB file (`path`) only once it has grown as large
as the snapshot, so the rewrite is paid for by the commits that made it necessary.

Files, all next to `path`:
  path            TinyDB database: one table per repository table, each document carrying
                  its record key in `_key`, plus table `_itms_store` holding
                  {"format": 1, "folded_seq": n} (the last journal seq it includes).
  path.journal    one line per commit: {"seq": n, "puts": {...}, "deletes": {...}}.
  path.lock       flock'd while a process has the store open; holds that process's pid.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware

from itms_tui.core.repository import ChangeSet, Tables
from itms_tui.store.codec import (
    KEY_FIELD,
    META_TABLE,
    NotJSON,
    change_set_from_json,
    change_set_to_json,
    copy_tables,
    dumps,
    loads,
)
from itms_tui.store.errors import StoreDamaged, StoreError, StoreUnavailable, StoreVersionError
from itms_tui.store.lock import StoreLock
from itms_tui.store.storage import (
    AtomicJSONStorage,
    fsync_directory,
    json_type_name,
    remove_stale_temp_files,
)

FORMAT_VERSION = 1
#: Below this the journal is never folded: rewriting a tiny snapshot often gains nothing.
DEFAULT_COMPACTION_MIN_BYTES = 1 << 20

logger = logging.getLogger(__name__)

# fdatasync skips the mtime update but still flushes the new size, which is all an append needs.
_sync_data = getattr(os, "fdatasync", os.fsync)


class Sync(StrEnum):
    """How hard a commit pushes its journal line to the disk (after SQLite's `synchronous`).

    Both survive the process dying at any point (a crash, SIGKILL, the terminal closing): the
    line is in the operating system's hands before `commit()` returns.
    """

    #: fsync every commit: also survives a power cut or a kernel crash, at ~0.2-1 ms a commit.
    FULL = "full"
    #: fsync at most once per `NORMAL_SYNC_INTERVAL` and at every compaction and close: a power
    #: cut can lose the actions of the last moments; nothing else can.
    NORMAL = "normal"


#: Seconds between fsyncs in NORMAL mode: a person acting on the desk syncs on nearly every
#: action; a scripted burst pays for one fsync per interval.
NORMAL_SYNC_INTERVAL = 1.0


class TinyDBRepository:
    """Repository persisted with TinyDB. Not thread-safe: use it from one thread.

    Opening takes the store's lock, then reads and checks everything; nothing is written before
    the first commit, compaction or close, so a store its reader rejects (StoreDamaged here, or
    the caller's own checks followed by `release()`) is left byte for byte as it was.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        compaction_min_bytes: int = DEFAULT_COMPACTION_MIN_BYTES,
        sync: Sync | str = Sync.FULL,
        lock: StoreLock | None = None,
    ) -> None:
        self.path = Path(path)
        self.sync = Sync(sync)
        self._last_sync = 0.0
        self.journal_path = _sibling(self.path, ".journal")
        self.compaction_min_bytes = compaction_min_bytes
        #: How many times the journal has been folded into the snapshot by this instance.
        self.compactions = 0
        self._closed = False
        self._failure: StoreError | None = None
        # After a failed compaction, wait for the journal to double before trying again, so
        # a full disk does not turn every commit into a whole-database rewrite attempt.
        self._compaction_retry_bytes = 0
        self._journal_fd: int | None = None
        #: (table, key) -> journal line whose put the record's current value came from.
        self._journal_lines: dict[tuple[str, str], int] = {}

        # A lock the caller holds (it took it before moving files aside) is held once more.
        self._lock = lock if lock is not None else StoreLock(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._lock.acquire()
        except OSError as error:
            raise StoreUnavailable(self.path, error) from None
        try:
            self._read_store()
        except OSError as error:
            self._lock.release()
            raise StoreUnavailable(self.path, error) from None
        except BaseException:
            self._lock.release()
            raise

    def load(self) -> Tables:
        """Everything acknowledged; still readable after a failed write stopped the store, so
        its user can go back to the last state that is on disk."""
        if self._closed:
            raise StoreError(f"{self.path} is closed")
        return copy_tables(self._tables)

    def origin(self, table: str, key: str) -> str:
        """Where the record's current value was read from, for messages about it."""
        line = self._journal_lines.get((table, key))
        if line is None:
            return str(self.path)
        return f"{self.journal_path} line {line}"

    def commit(self, changes: ChangeSet) -> None:
        """Append `changes` to the journal (fsynced as `sync` says); returning is the acknowledgement.

        A value JSON cannot hold raises TypeError or ValueError before any file is touched.
        """
        self._check_usable()
        if not changes:
            return
        seq = self._seq + 1
        line = (dumps({"seq": seq, **change_set_to_json(changes)}) + "\n").encode("ascii")
        # Applying the decoded line, not the caller's objects, keeps memory equal to what a
        # reload would produce and stops later caller mutations from leaking in.
        stored = change_set_from_json(json.loads(line))
        try:
            self._prepare_to_write()
        except OSError as error:
            raise StoreError(
                f"{self.journal_path} could not be opened for writing "
                f"({error.strerror or error}); the last action was not saved"
            ) from error
        self._append_to_journal(line)
        stored.apply_to(self._tables)
        self._seq = seq
        if self._journal_bytes > self._compaction_threshold():
            self._compact_after_commit()

    def compact(self) -> None:
        """Fold the journal into a new snapshot, then empty the journal.

        Crash-safe at every point: the snapshot is replaced atomically and records the last
        seq it contains, so if the process dies before the journal is emptied, the lines
        still there are recognised by their seq on the next open and skipped, not re-applied.
        """
        self._check_usable()
        self._prepare_to_write()
        # The journal must be on disk up to the seq the snapshot will claim before the snapshot
        # is, or a power cut could leave a journal that ends before it (which opening reports).
        _sync_data(self._journal_fd)
        self._write_snapshot()
        self._journal_lines.clear()
        os.ftruncate(self._journal_fd, 0)
        _sync_data(self._journal_fd)
        self._journal_bytes = 0
        self._compaction_retry_bytes = 0
        self.compactions += 1

    def close(self) -> None:
        """Fold the journal into the snapshot and release the lock.

        If folding fails nothing is lost (the journal is replayed on the next open); the
        lock is released anyway and the failure is raised as StoreError.
        """
        if self._closed:
            return
        try:
            if self._failure is None:
                with contextlib.suppress(OSError):  # a leftover only wastes space; retried next time
                    remove_stale_temp_files(self.path)
            if self._journal_bytes and self._failure is None:
                try:
                    self.compact()
                except OSError as error:
                    raise StoreError(
                        f"{self.path} could not be compacted on close ({error.strerror or error}); "
                        f"nothing was lost: {self.journal_path.name} is replayed on the next start"
                    ) from error
        finally:
            self._closed = True
            if self._journal_fd is not None:
                with contextlib.suppress(OSError):  # what NORMAL mode left unsynced, if compaction failed
                    _sync_data(self._journal_fd)
                os.close(self._journal_fd)
            self._lock.release()

    def release(self) -> None:
        """Let go of the store without writing anything: for a caller that rejected what it read.

        Nothing was written if nothing was committed, so the files stay exactly as they were."""
        if self._closed:
            return
        self._closed = True
        if self._journal_fd is not None:
            with contextlib.suppress(OSError):
                _sync_data(self._journal_fd)
            os.close(self._journal_fd)
        self._lock.release()

    def __enter__(self) -> TinyDBRepository:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- opening -------------------------------------------------------------------------

    def _read_store(self) -> None:
        tables, folded_seq, self._snapshot_bytes = self._read_snapshot()
        replay, self._seq, self._valid_journal_bytes, self._found_journal_bytes = (
            self._read_journal(folded_seq))
        for line_number, changes in replay:
            changes.apply_to(tables)
            for table, records in changes.puts.items():
                for key in records:
                    self._journal_lines[(table, key)] = line_number
            for table, keys in changes.deletes.items():
                for key in keys:
                    self._journal_lines.pop((table, key), None)
        self._tables = tables
        self._journal_bytes = self._valid_journal_bytes

    def _prepare_to_write(self) -> None:
        """Before the first write: clear a killed writer's leftovers and open the journal.

        Deferred from opening so that a store whose contents its user rejects is never touched.
        """
        if self._journal_fd is not None:
            return
        remove_stale_temp_files(self.path)
        append_flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0)
        fd = os.open(self.journal_path, append_flags, 0o600)
        try:
            if self._found_journal_bytes is None:
                fsync_directory(self.path.parent)  # make the new journal's name durable
            elif self._found_journal_bytes > self._valid_journal_bytes:
                # A torn final append was never acknowledged. Cut it off now, or the next line
                # would land after it and turn it into damage in the middle of the journal.
                os.ftruncate(fd, self._valid_journal_bytes)
                _sync_data(fd)
        except BaseException:
            os.close(fd)
            raise
        self._journal_fd = fd
        self._found_journal_bytes = self._valid_journal_bytes

    def _read_snapshot(self) -> tuple[Tables, int, int]:
        """(tables, last folded seq, file size) of the snapshot; empty if there is none."""
        try:
            size = self.path.stat().st_size
        except FileNotFoundError:
            return {}, 0, 0
        if size == 0:
            # This store never writes an empty file, so one means something went wrong;
            # reading it as "new store" could silently drop a whole history.
            raise StoreDamaged(self.path, "the file is empty")

        # The file's layout is TinyDB's (table -> document id -> document), read through the
        # storage TinyDB itself would use, but without building a TinyDB Document per record:
        # on a months-old session that costs more than parsing the file.
        layout = AtomicJSONStorage(self.path).read() or {}
        if META_TABLE not in layout:
            raise StoreDamaged(
                self.path, f"it is not an itms-tui store: it has no {META_TABLE!r} table"
            )
        folded_seq = self._read_meta(list(layout[META_TABLE].values()))
        tables: Tables = {}
        for name, documents in layout.items():
            if name == META_TABLE:
                continue
            records = tables[name] = {}
            for doc_id, record in documents.items():
                key = record.pop(KEY_FIELD, None)
                if not isinstance(key, str):
                    raise StoreDamaged(
                        self.path,
                        f"document {doc_id} of table {name!r} has no {KEY_FIELD!r} string",
                    )
                records[key] = record
        return tables, folded_seq, size

    def _read_meta(self, documents: list[Any]) -> int:
        if len(documents) != 1:
            raise StoreDamaged(
                self.path, f"table {META_TABLE!r} has {len(documents)} documents instead of 1"
            )
        meta = documents[0]
        format_version = meta.get("format")
        if _is_seq(format_version) and format_version > FORMAT_VERSION:
            raise StoreVersionError(self.path, format_version, FORMAT_VERSION)
        if format_version != FORMAT_VERSION:
            raise StoreDamaged(
                self.path, f"store format {format_version!r} is not one itms-tui wrote"
            )
        folded_seq = meta.get("folded_seq")
        if not _is_seq(folded_seq):
            raise StoreDamaged(self.path, f"folded_seq {folded_seq!r} is not a whole number")
        return folded_seq

    def _read_journal(
        self, folded_seq: int
    ) -> tuple[list[tuple[int, ChangeSet]], int, int, int | None]:
        """((line, change set) to replay, last seq, bytes of complete lines, file size or None)."""
        try:
            raw = self.journal_path.read_bytes()
        except FileNotFoundError:
            return [], folded_seq, 0, None
        # Every acknowledged commit ends in a newline; bytes after the last one are a torn
        # append from a process that died before acknowledging it.
        complete_bytes = raw.rfind(b"\n") + 1
        replay: list[tuple[int, ChangeSet]] = []
        last_seq = folded_seq
        # Lines already in the snapshot: compaction died before emptying the journal. They
        # must run without a gap and end exactly at the snapshot's seq; anything else means
        # the two files do not belong together, and skipping lines would hide that.
        folded_lines: list[int] = []
        for line_number, line in enumerate(raw[:complete_bytes].split(b"\n")[:-1], start=1):
            seq, changes = self._parse_journal_line(line, line_number)
            if last_seq == folded_seq and seq <= folded_seq:
                if folded_lines and seq != folded_lines[-1] + 1:
                    raise StoreDamaged(
                        self.journal_path,
                        f"line {line_number}: seq {seq} follows seq {folded_lines[-1]}",
                    )
                folded_lines.append(seq)
                continue
            if folded_lines and folded_lines[-1] != folded_seq:
                break  # reported below, with the line numbers that say so
            if seq != last_seq + 1:
                raise StoreDamaged(
                    self.journal_path,
                    f"line {line_number}: seq {seq} follows seq {last_seq}, so commits are "
                    f"missing (is {self.path.name} older than its journal?)",
                )
            last_seq = seq
            replay.append((line_number, changes))
        if folded_lines and folded_lines[-1] != folded_seq:
            raise StoreDamaged(
                self.journal_path,
                f"line {len(folded_lines)}: the journal's first {len(folded_lines)} lines end "
                f"at seq {folded_lines[-1]} but {self.path.name} holds up to seq {folded_seq}, "
                f"so they are not the lines it was made from (is the journal older than "
                f"{self.path.name}?)",
            )
        return replay, last_seq, complete_bytes, len(raw)

    def _parse_journal_line(self, line: bytes, line_number: int) -> tuple[int, ChangeSet]:
        try:
            entry = loads(line)
        except json.JSONDecodeError as error:
            raise StoreDamaged(
                self.journal_path, f"line {line_number} column {error.colno}: {error.msg}"
            ) from None
        except NotJSON as error:
            raise StoreDamaged(self.journal_path, f"line {line_number}: {error}") from None
        except UnicodeDecodeError:
            raise StoreDamaged(self.journal_path, f"line {line_number}: not UTF-8 text") from None
        problem = _journal_entry_problem(entry)
        if problem:
            raise StoreDamaged(self.journal_path, f"line {line_number}: {problem}")
        return entry["seq"], change_set_from_json(entry)

    # -- writing -------------------------------------------------------------------------

    def _append_to_journal(self, line: bytes) -> None:
        try:
            _write_all(self._journal_fd, line)
            now = time.monotonic()
            if self.sync is Sync.FULL or now - self._last_sync >= NORMAL_SYNC_INTERVAL:
                _sync_data(self._journal_fd)
                self._last_sync = now
        except OSError as error:
            # After a failed write or fsync the kernel may have dropped the data, and a
            # later fsync can falsely succeed; refusing further commits is the only honest
            # answer. The half-written line is cut off so the journal stays readable.
            with contextlib.suppress(OSError):  # a torn final line is ignored on reopen anyway
                os.ftruncate(self._journal_fd, self._journal_bytes)
            self._failure = StoreError(
                f"{self.journal_path} could not be written ({error.strerror or error}); the "
                "last action was not saved, and no more will be: make room or fix the folder, "
                "then restart itms-tui"
            )
            raise self._failure from error
        self._journal_bytes += len(line)

    def _compaction_threshold(self) -> int:
        # Folding only once the journal is as big as the snapshot makes each rewrite cost at
        # most about twice the journal bytes that triggered it: O(1) amortised per commit.
        return max(self.compaction_min_bytes, self._snapshot_bytes, self._compaction_retry_bytes)

    def _compact_after_commit(self) -> None:
        # The commit is already durable, so a failed fold must not make it look failed.
        try:
            self.compact()
        except OSError:
            logger.warning("could not compact %s; will retry later", self.path, exc_info=True)
            self._compaction_retry_bytes = 2 * self._journal_bytes

    def _write_snapshot(self) -> None:
        db = TinyDB(self.path, storage=CachingMiddleware(AtomicJSONStorage))
        # TinyDB writes once per table operation; caching them all and writing once at close
        # makes the new snapshot replace the old one as a single atomic unit.
        db.storage.WRITE_CACHE_SIZE = sys.maxsize
        db.drop_tables()
        for name, records in self._tables.items():
            db.table(name).insert_multiple(
                {**record, KEY_FIELD: key} for key, record in records.items()
            )
        db.table(META_TABLE).insert({"format": FORMAT_VERSION, "folded_seq": self._seq})
        # Deliberately not a `with` block: closing flushes, and a half-built snapshot must
        # never be flushed if building it raised.
        db.close()
        self._snapshot_bytes = self.path.stat().st_size

    def _check_usable(self) -> None:
        if self._closed:
            raise StoreError(f"{self.path} is closed")
        if self._failure is not None:
            raise self._failure


def _sibling(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _is_seq(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _journal_entry_problem(entry: Any) -> str | None:
    if not isinstance(entry, dict):
        return f"a JSON {json_type_name(entry)}, not an object"
    if not _is_seq(entry.get("seq")):
        return f"seq {entry.get('seq')!r} is not a whole number"
    puts, deletes = entry.get("puts"), entry.get("deletes")
    if not isinstance(puts, dict) or not all(
        isinstance(records, dict) and all(isinstance(record, dict) for record in records.values())
        for records in puts.values()
    ):
        return "puts is not an object of tables of records"
    if not isinstance(deletes, dict) or not all(
        isinstance(keys, list) and all(isinstance(key, str) for key in keys)
        for keys in deletes.values()
    ):
        return "deletes is not an object of tables of key lists"
    return None
