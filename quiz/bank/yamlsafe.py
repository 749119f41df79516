"""Reading teacher-written YAML safely, keeping the line and column of every key and value.

PyYAML's safe_load has no limits of its own: an alias "bomb" of a few hundred bytes expands to
billions of values in whatever walks the result, so aliases are refused before anything is built.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from quiz.bank.yaml_errors import explained

Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 256 * 1024
MAX_DEPTH = 20
MAX_NODES = 20_000
TEXT_TAG = "tag:yaml.org,2002:str"
ALLOWED_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")} | {"!"}

EMPTY = "the file is empty: start with `title:`, `source:` and `items:`"
NESTED_TOO_DEEP = f"the file nests lists and keys more than {MAX_DEPTH} levels deep"
TOO_MANY_VALUES = f"the file holds more than {MAX_NODES} values: split it into smaller sets"
# YAML reads `&`, `*` and `!` as an anchor, alias or tag only where a value starts, never right after a letter, digit
# or _ ("Q&A", "wow!" are text). A file with none but those is read without checking its events one by one.
MAY_HOLD_PROPERTIES = re.compile(r"[&*!](?<!\w[&*!])")  # the look-behind last, so the search skips ahead fast

KeyPath = tuple  # of str keys and int list indexes, e.g. ("items", 0, "why")


@dataclass(frozen=True, slots=True)  # slots: a file has a position for every key and value, built fast
class Position:
    """A 1-based line and column in a file."""

    line: int
    column: int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, said so that an editor can jump to it."""

    file: str
    line: int
    column: int
    message: str
    warning: bool = False  # a warning never keeps a file out; it says what could be better

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.file}:{self.line}:{self.column}: {kind}{self.message}"


class YamlRefused(Exception):
    """The file cannot be read as YAML at all; one message says why."""

    def __init__(self, position: Position, message: str):
        super().__init__(message)
        self.position = position
        self.message = message


@dataclass
class Document:
    """Plain Python data from a YAML file, with where each value and key was written."""

    data: object
    values: dict[KeyPath, Position] = field(default_factory=dict)
    keys: dict[KeyPath, Position] = field(default_factory=dict)
    raw: dict[KeyPath, yaml.ScalarNode] = field(default_factory=dict)
    problems: list[tuple[Position, str]] = field(default_factory=list)

    def where(self, path: KeyPath) -> Position:
        """The position of the value at path, or of its nearest written parent."""
        while path not in self.values and path:
            path = path[:-1]
        return self.values.get(path, Position(1, 1))

    def keeping(self, key: str, kept: list[int]) -> Document:
        """A copy whose list at key holds only the kept entries, renumbered, each still where it was written."""
        renumber = {old: new for new, old in enumerate(kept)}

        def moved(path: KeyPath) -> KeyPath | None:
            if len(path) < 2 or path[0] != key or not isinstance(path[1], int):
                return path
            return (key, renumber[path[1]]) + path[2:] if path[1] in renumber else None

        def remapped(table: dict) -> dict:
            return {new: value for path, value in table.items() if (new := moved(path)) is not None}

        data = dict(self.data) if isinstance(self.data, dict) else {}
        entries = data.get(key)
        data[key] = [entries[index] for index in kept] if isinstance(entries, list) else []
        return Document(data, remapped(self.values), remapped(self.keys), remapped(self.raw), list(self.problems))


def read_yaml(raw: bytes, entry_keys: tuple[str, ...] = ()) -> Document:
    """Parse raw bytes into a Document, or raise YamlRefused with one clear message. entry_keys are the keys an
    entry of a list starts with, for the hint when a teacher has left out the `- ` before one."""
    if len(raw) > MAX_BYTES:
        raise YamlRefused(
            Position(1, 1),
            f"the file is {len(raw) // 1024} KiB, over the {MAX_BYTES // 1024} KiB limit: split it into smaller sets",
        )
    text = _decode(raw)
    if not text.strip() or all(line.lstrip().startswith("#") for line in text.splitlines() if line.strip()):
        raise YamlRefused(Position(1, 1), EMPTY)
    try:
        node = _compose_checked(text)
    except yaml.MarkedYAMLError as error:
        raise _syntax_refusal(error, text) from None
    except yaml.YAMLError as error:
        raise YamlRefused(Position(1, 1), f"YAML syntax error: {error}") from None
    if node is None or (isinstance(node, yaml.ScalarNode) and not node.value and not node.style):  # only `---`
        raise YamlRefused(Position(1, 1), EMPTY)
    document = Document(data=None)
    document.data = _Builder(document, entry_keys).value(node, (), depth=0)
    return document


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        raise YamlRefused(
            Position(line, column),
            f"the file is not UTF-8 text (byte 0x{raw[error.start]:02x}): save it as UTF-8 in your editor",
        ) from None
    if "\x00" in text:
        offset = text.index("\x00")
        raise YamlRefused(_offset_position(text, offset), "the file holds binary data, not YAML text")
    return text


def _offset_position(text: str, offset: int) -> Position:
    line_start = text.rfind("\n", 0, offset) + 1
    return Position(text.count("\n", 0, offset) + 1, offset - line_start + 1)


def _compose_checked(text: str) -> yaml.Node | None:
    """The file's node tree, once it is known to hold nothing refused; the first refusal or syntax error if not."""
    if MAY_HOLD_PROPERTIES.search(text):
        _check_events(text)
        return yaml.compose(text, Loader=Loader)
    # Without anchors, aliases or tags the tree is no bigger than the text, so it is safe to build before it is
    # counted (by _Builder, as it turns it into data), and libyaml reads the file once rather than twice.
    try:
        return yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        _check_events(text)  # a refusal above the syntax error is reported, as when the events are read first
        raise


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _check_events(text: str) -> None:
    """Refuse aliases, custom tags, deep nesting, too many values and a second document, building nothing."""
    depth = nodes = documents = 0
    for event in yaml.parse(text, Loader=Loader):
        where = _position(event.start_mark)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlRefused(where, "a second YAML document (`---`) starts here: keep one exercise set per file")
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlRefused(
                where, "anchors and aliases (`&name`, `*name`) are not allowed: write the text out in full"
            )
        tag = getattr(event, "tag", None)
        if tag and tag not in ALLOWED_TAGS and not _implicit(event):
            raise YamlRefused(where, f"the tag `{tag}` is not allowed: remove it")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlRefused(where, NESTED_TOO_DEEP)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, yaml.NodeEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise YamlRefused(where, TOO_MANY_VALUES)


def _implicit(event: yaml.Event) -> bool:
    implicit = getattr(event, "implicit", False)
    return any(implicit) if isinstance(implicit, tuple) else bool(implicit)


def _position(mark) -> Position:
    if mark is None:
        return Position(1, 1)
    return Position(mark.line + 1, mark.column + 1)


# The keys that open an item, a quote, a claim or an option; a dash forgotten before them doubles the entry above.


def _syntax_refusal(error: yaml.MarkedYAMLError, text: str) -> YamlRefused:
    if "maximum nesting depth" in (error.problem or ""):
        return YamlRefused(_position(error.problem_mark or error.context_mark), NESTED_TOO_DEEP)
    mark, message = explained(error, text)
    return YamlRefused(_position(mark), message)


class _Builder:
    """Turns one file's node tree into plain data, noting where each key and value was written.

    It counts every node in written order as it goes, refusing deep nesting and too many values where
    _check_events would, so a file read without its events is still refused at the same place.
    """

    def __init__(self, document: Document, entry_keys: tuple[str, ...]):
        self.document = document
        self.entry_keys = entry_keys
        # A constructor per file: PyYAML's keeps every object it has built for as long as it lives.
        self.constructor = yaml.constructor.SafeConstructor()
        self.count = 0

    def value(self, node: yaml.Node, path: KeyPath, depth: int) -> object:
        depth = self._counted(node, depth)
        self.document.values[path] = _position(node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [self.value(child, path + (index,), depth) for index, child in enumerate(node.value)]
        self.document.raw[path] = node
        if node.tag == TEXT_TAG:
            return node.value  # what the constructor would build, without its bookkeeping: most values are text
        try:
            return self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            return node.value

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, depth: int) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            where = _position(key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode):
                self._skipped(key_node, depth)
                self._skipped(value_node, depth)
                self.document.problems.append((where, "a key must be a plain name like `title`"))
                continue
            self._counted(key_node, depth)
            # The raw text, so that a key like `no` stays the word "no" rather than False.
            key = key_node.value
            if key in result:
                self._skipped(value_node, depth)
                self.document.problems.append((where, self._duplicate(key, path)))
                continue
            self.document.keys[path + (key,)] = where
            result[key] = self.value(value_node, path + (key,), depth)
        return result

    def _duplicate(self, key: str, path: KeyPath) -> str:
        first = self.document.keys[path + (key,)]
        message = f"duplicate key `{key}` (first written at line {first.line}): keep one"
        if key in self.entry_keys and path and isinstance(path[-1], int):
            # Every key of an entry written twice: the teacher left out the `- ` that starts the next entry.
            message += f", or, if a new entry starts here, write `- {key}:`"
        return message

    def _counted(self, node: yaml.Node, depth: int) -> int:
        """Count the node, or refuse it; the depth of what is inside it."""
        if isinstance(node, yaml.CollectionNode):
            depth += 1
            if depth > MAX_DEPTH:
                raise YamlRefused(_position(node.start_mark), NESTED_TOO_DEEP)
        self.count += 1
        if self.count > MAX_NODES:
            raise YamlRefused(_position(node.start_mark), TOO_MANY_VALUES)
        return depth

    def _skipped(self, node: yaml.Node, depth: int) -> None:
        """Count a part that is left out of the data (a key that is not a name, a duplicate's value) all the same."""
        depth = self._counted(node, depth)
        for child in _children(node):
            self._skipped(child, depth)
