"""A TinyDB storage whose writes cannot leave a half-written file behind.

TinyDB's own JSONStorage truncates and rewrites its file in place through a handle it keeps
open, so a crash or an unserialisable value mid-write destroys the database (tinydb #89,
#301). This storage serialises first, writes a sibling temp file, fsyncs it and renames it
over the target, so readers only ever see the old file or the complete new one.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from itms_tui.store.codec import NotJSON, loads
from itms_tui.store.errors import StoreDamaged

#: table name -> document id (decimal string) -> document
TinyDBLayout = dict[str, dict[str, dict[str, Any]]]

_TEMP_SUFFIX = ".tmp"


class AtomicJSONStorage(Storage):
    """Whole-database JSON storage for `TinyDB(path, storage=AtomicJSONStorage)`.

    No handle is kept open: `os.replace` swaps the inode, so a long-lived handle would go on
    reading the unlinked old file. Extra keyword arguments go to `json.dumps`.
    """

    def __init__(self, path: str | Path, create_dirs: bool = False, **dumps_options: Any) -> None:
        super().__init__()
        self.path = Path(path)
        self._create_dirs = create_dirs
        # NaN and Infinity are not JSON; refusing them keeps the file readable by anything.
        self._dumps_options = {"allow_nan": False, **dumps_options}

    def read(self) -> TinyDBLayout | None:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return None
        if not raw:
            return None  # TinyDB's convention for "no database yet"
        return parse_tinydb_layout(self.path, raw)

    def write(self, data: TinyDBLayout) -> None:
        # Encoding fully before opening anything means a bad value fails with the file untouched.
        encoded = json.dumps(data, **self._dumps_options).encode("utf-8")
        if self._create_dirs:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        replace_file_atomically(self.path, encoded)


def parse_tinydb_layout(path: Path, raw: bytes) -> TinyDBLayout:
    """Decode a TinyDB file, raising StoreDamaged (naming `path`) if it is not one."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise StoreDamaged(path, f"byte {error.start}: not UTF-8 text") from None
    try:
        data = loads(text)
    except json.JSONDecodeError as error:
        raise StoreDamaged(path, f"line {error.lineno} column {error.colno}: {error.msg}") from None
    except NotJSON as error:
        raise StoreDamaged(path, str(error)) from None
    problem = _layout_problem(data)
    if problem:
        raise StoreDamaged(path, problem)
    return data


def _layout_problem(data: Any) -> str | None:
    if not isinstance(data, dict):
        return f"the top level is a JSON {json_type_name(data)}, not an object of tables"
    for table_name, table in data.items():
        if not isinstance(table, dict):
            return (
                f"table {table_name!r} is a JSON {json_type_name(table)}, "
                "not an object of documents"
            )
        for doc_id, document in table.items():
            if not doc_id.isdecimal():
                return f"table {table_name!r} has a document id {doc_id!r} that is not a number"
            if not isinstance(document, dict):
                return (
                    f"document {doc_id} of table {table_name!r} is a JSON "
                    f"{json_type_name(document)}, not an object"
                )
    return None


def json_type_name(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages about malformed files."""
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    return "number"


def replace_file_atomically(path: Path, content: bytes) -> None:
    """Make `path` hold `content`, surviving a crash at any point as either old or new file."""
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=_TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as temp_file:
            temp_file.write(content)
            temp_file.flush()
            os.fsync(temp_file.fileno())
        _keep_existing_mode(path, temp_name)
        # os.replace, unlike os.rename, also overwrites on Windows (tinydb PR #468 was
        # reverted for using os.rename).
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    fsync_directory(path.parent)


def _keep_existing_mode(path: Path, temp_name: str) -> None:
    # mkstemp creates 0600; a file someone made group-readable should stay that way.
    with contextlib.suppress(FileNotFoundError):
        os.chmod(temp_name, stat.S_IMODE(os.stat(path).st_mode))


def fsync_directory(directory: Path) -> None:
    """Make a rename or a new file in `directory` durable (a no-op where it is not possible)."""
    if os.name == "nt":
        return  # directories cannot be opened on Windows; NTFS journals the metadata itself
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_stale_temp_files(path: Path) -> None:
    """Delete temp files a killed writer of `path` left behind; only safe while holding its lock."""
    temp_name_pattern = f".{glob.escape(path.name)}.*{_TEMP_SUFFIX}"
    for stale in glob.glob(os.path.join(glob.escape(str(path.parent)), temp_name_pattern)):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(stale)
