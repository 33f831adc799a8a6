"""Reading a YAML file safely into a tree of nodes that remember where they were written.

Nothing here constructs Python objects from YAML: scalars stay the text they were written as
(`YES`, `0123`, `1e3`, `~` are all just text), and the validator decides what a value means where
it is used. The composer is our own loop over the parser's events, so that

- nesting depth is bounded without recursion (10,000 nested `[` is one error, not a crash);
- every use of an alias is counted, and a file whose aliases would expand past a small budget
  (the "billion laughs") is refused at the alias that crosses it;
- an alias keeps its own position (a step written as `- *greeting` is placed where it is used);
- a second document, an anchor used before it is complete, or an exotic tag is an error.

Bytes are checked before YAML sees them: size (refused unread past the limit), UTF-16/32,
non-UTF-8 bytes, NUL and other control characters, byte order marks past the first character.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from .errors import ScenarioError, ScenarioInvalid

#: Files larger than this are refused without being read.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: Deeper nesting than this is refused (a scenario needs about six levels).
MAX_DEPTH = 64
#: How many nodes all aliases of a file may add, together, when expanded.
ALIAS_BUDGET = 10_000
#: How much of a value an error message quotes.
_DESCRIBED = 60

_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels: a scenario file needs only a few"


class _TooDeep(yaml.scanner.ScannerError):
    pass


class PurePythonParser(yaml.SafeLoader):
    """PyYAML's own parser, its flow nesting bounded: its scanner slows down with the square of
    the depth, so 100,000 `[` would take minutes (libyaml stops at 1,000 by itself)."""

    def fetch_flow_collection_start(self, TokenClass):  # type: ignore[no-untyped-def]
        if self.flow_level >= MAX_DEPTH:
            raise _TooDeep(None, None, _TOO_DEEP, self.get_mark())
        super().fetch_flow_collection_start(TokenClass)


#: libyaml's parser when PyYAML was built with it (about 15x faster), else the pure-Python one.
PARSER = getattr(yaml, "CSafeLoader", PurePythonParser)

_STR_TAG = "tag:yaml.org,2002:str"
_ALLOWED_TAGS = {
    None, "!", _STR_TAG, "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map",
}
# Characters YAML 1.1 allows in a stream (its "printable" set), besides which nothing may appear.
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]"
)


class Node:
    __slots__ = ("line", "col", "size")

    line: int  # 1-based
    col: int  # 1-based
    size: int  # how many nodes this one stands for, aliases expanded


class Scalar(Node):
    __slots__ = ("value", "plain")

    def __init__(self, value: str, plain: bool, line: int, col: int) -> None:
        self.value = value
        #: Written without quotes or block style (`plain` scalars may be read as numbers/bools).
        self.plain = plain
        self.line, self.col, self.size = line, col, 1

    @property
    def is_null(self) -> bool:
        """Written as nothing at all (`key:` with no value)."""
        return self.plain and not self.value

    def __repr__(self) -> str:
        return f"Scalar({self.value!r}, plain={self.plain}, {self.line}:{self.col})"


class Seq(Node):
    __slots__ = ("items",)

    def __init__(self, line: int, col: int) -> None:
        self.items: list[Node] = []
        self.line, self.col, self.size = line, col, 1


class Map(Node):
    __slots__ = ("pairs",)

    def __init__(self, line: int, col: int) -> None:
        self.pairs: list[tuple[Node, Node]] = []
        self.line, self.col, self.size = line, col, 1


class Alias(Node):
    """A use of `*name`: stands for `target`, but keeps its own position."""

    __slots__ = ("name", "target")

    def __init__(self, name: str, target: Node, line: int, col: int) -> None:
        self.name = name
        self.target = target
        self.line, self.col, self.size = line, col, target.size


def resolve(node: Node) -> Node:
    """The node an alias stands for (the node itself when it is no alias).

    An alias always stands for a real node: YAML puts anchors on nodes, never on aliases.
    """
    return node.target if node.__class__ is Alias else node  # type: ignore[attr-defined]


def describe(node: Node) -> str:
    """A node's shape in a few words, for "expected …, got …" messages."""
    node = resolve(node)
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    assert isinstance(node, Scalar)
    if node.is_null:
        return "nothing"
    # A whole file can be one plain scalar (a text file given as a scenario): quote its start.
    value = node.value
    return repr(value if len(value) <= _DESCRIBED else value[: _DESCRIBED - 1] + "…")


# -- bytes to text ---------------------------------------------------------------------------------


def _fail(file: str, line: int, col: int, message: str) -> ScenarioInvalid:
    return ScenarioInvalid([ScenarioError(file, line, col, message)])


def _line_col(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def read_text(path: Path, file: str | None = None) -> str:
    """The text of `path`, or ScenarioInvalid saying why it cannot be a YAML scenario file."""
    file = str(path) if file is None else file
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise _fail(file, 1, 1, "this is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device could block or never end
            raise _fail(file, 1, 1, "this is not a regular file")
        size = info.st_size
        if size > MAX_FILE_BYTES:
            raise _fail(
                file, 1, 1,
                f"the file is {size / 1_048_576:.1f} MB: scenario files are limited to "
                f"{MAX_FILE_BYTES // 1_048_576} MB, so it was not read",
            )
        with path.open("rb") as handle:
            # Bounded even when the size lied (a device, a pipe, a file still growing).
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _fail(file, 1, 1, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _fail(file, 1, 1, f"the file is larger than {MAX_FILE_BYTES // 1_048_576} MB: "
                                "it was not read to the end")
    return decode(data, file)


def decode(data: bytes, file: str) -> str:
    """UTF-8 text (a leading BOM dropped) from `data`, or ScenarioInvalid placing the problem."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        raise _fail(file, 1, 1, "the file is UTF-32: save it as UTF-8")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _fail(file, 1, 1, "the file is UTF-16: save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # editors add it; it means nothing
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", "replace")) + 1
        raise _fail(
            file, line, col,
            f"the file is not UTF-8 text: byte 0x{data[error.start]:02x} cannot be read "
            "(binary data, or text in another encoding: save it as UTF-8)",
        ) from None
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line, col = _line_col(text, bad.start())
        char = bad.group()
        if char == "\0":
            message = ("the file contains a NUL byte: it is binary, or UTF-16/32 text "
                       "(save it as UTF-8)")
        else:
            message = f"the character U+{ord(char):04X} is not allowed in a YAML file"
        raise _fail(file, line, col, message)
    bom = text.find("\ufeff")
    if bom >= 0:
        line, col = _line_col(text, bom)
        raise _fail(file, line, col, "a byte order mark (U+FEFF) in the middle of the file: "
                                     "only the very start of a file may have one")
    return text


# -- text to nodes ---------------------------------------------------------------------------------


def _short_tag(tag: str) -> str:
    return "!!" + tag[len("tag:yaml.org,2002:"):] if tag.startswith("tag:yaml.org,2002:") else tag


def _yaml_error(error: yaml.YAMLError, text: str, file: str) -> ScenarioError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = getattr(error, "problem", None) or str(error)
    context = getattr(error, "context", None)
    lines = text.split("\n", line)
    source = lines[line - 1] if line - 1 < len(lines) else ""
    indent = source[: len(source) - len(source.lstrip(" \t"))]
    if "\t" in indent or (col - 1 < len(source) and source[col - 1] == "\t"):
        tab = source.index("\t") if "\t" in indent else col - 1
        return ScenarioError(file, line, tab + 1,
                             "a tab is used for indentation: YAML indents with spaces only")
    if isinstance(error, _TooDeep) or "maximum nesting depth" in str(problem):
        return ScenarioError(file, line, col, _TOO_DEEP)
    message = f"YAML syntax error: {problem}"
    context_mark = getattr(error, "context_mark", None)
    if context and context_mark is not None and context_mark is not mark:
        message += f" ({context} at line {context_mark.line + 1})"
    elif context:
        message += f" ({context})"
    return ScenarioError(file, line, col, message)


def compose(text: str, file: str) -> Node | None:
    """The single document of `text` as nodes (None when there is none), or ScenarioInvalid.

    Problems that stop reading (syntax, depth, aliases, a second document) are raised at once;
    tags are collected and raised together after the document is read.
    """
    loader = PARSER(text)
    errors: list[ScenarioError] = []
    anchors: dict[str, Node] = {}
    top: list[Node] = []  # the document's root, once complete
    # The list the next finished node joins (a map's is flat, key, value, …, paired at its end),
    # and the open collections: (node, anchor, the list it joins, `made` when it opened).
    children: list[Any] = top
    stack: list[tuple[Node, str | None, list[Any], int]] = []
    documents = 0
    made = 0  # nodes so far, aliases counted as the nodes they stand for
    expanded = 0  # nodes added by aliases
    try:
        get_event = loader.get_event
        while True:
            event = get_event()
            cls = event.__class__
            if cls is ScalarEvent:
                mark = event.start_mark
                tag = event.tag
                if tag is not None and tag not in _ALLOWED_TAGS:
                    errors.append(_tag_error(file, mark, tag))
                node: Node = Scalar(event.value, not event.style and tag is None,
                                    mark.line + 1, mark.column + 1)
                made += 1
                if event.anchor is not None:
                    anchors[event.anchor] = node
                children.append(node)
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                node, anchor, children, start = stack.pop()
                node.size = made - start + 1
                if cls is MappingEndEvent:
                    flat = node.pairs  # type: ignore[attr-defined]
                    node.pairs = list(zip(flat[0::2], flat[1::2]))  # type: ignore[attr-defined]
                if anchor is not None:
                    anchors[anchor] = node
                children.append(node)
            elif cls is MappingStartEvent or cls is SequenceStartEvent:
                mark = event.start_mark
                if event.tag is not None and event.tag not in _ALLOWED_TAGS:
                    errors.append(_tag_error(file, mark, event.tag))
                if len(stack) >= MAX_DEPTH:
                    raise _fail(file, mark.line + 1, mark.column + 1, _TOO_DEEP)
                made += 1
                if cls is MappingStartEvent:
                    node = Map(mark.line + 1, mark.column + 1)
                    stack.append((node, event.anchor, children, made))
                    children = node.pairs  # type: ignore[attr-defined]
                else:
                    node = Seq(mark.line + 1, mark.column + 1)
                    stack.append((node, event.anchor, children, made))
                    children = node.items  # type: ignore[attr-defined]
            elif cls is AliasEvent:
                mark = event.start_mark
                target = anchors.get(event.anchor)
                if target is None:
                    raise _fail(file, mark.line + 1, mark.column + 1,
                                f"alias '*{event.anchor}' names no anchor defined (and complete) "
                                "before it")
                expanded += target.size
                if expanded > ALIAS_BUDGET:
                    raise _fail(file, mark.line + 1, mark.column + 1,
                                f"alias '*{event.anchor}' expands the file past the limit of "
                                f"{ALIAS_BUDGET} nodes that aliases may add: "
                                "aliases may only repeat small parts of a file")
                made += target.size
                children.append(Alias(event.anchor, target, mark.line + 1, mark.column + 1))
            elif cls is DocumentStartEvent:
                documents += 1
                if documents > 1:
                    mark = event.start_mark
                    raise _fail(file, mark.line + 1, mark.column + 1,
                                "a second YAML document starts here: one scenario per file")
            elif event is None or cls is StreamEndEvent:
                break
    except yaml.YAMLError as error:
        raise ScenarioInvalid([_yaml_error(error, text, file)]) from None
    finally:
        loader.dispose()
    if errors:
        raise ScenarioInvalid(errors)
    return top[0] if top else None


def _tag_error(file: str, mark: Any, tag: str) -> ScenarioError:
    return ScenarioError(file, mark.line + 1, mark.column + 1,
                         f"YAML tags like '{_short_tag(tag)}' are not used in scenario files")
