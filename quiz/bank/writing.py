"""Writing exercise files for the builder: new files that look hand-written, and edits that change only their item.

The safe loader (yamlsafe.read_yaml) reads: it finds an item and its lines, and it reads back every result, so
nothing is returned whose data differs from what was asked. ruamel.yaml writes, in round-trip mode for an item
being edited, so that the comments, quotes and line breaks of the values left alone survive.

An edit replaces the item's own lines and leaves every other line as it was, byte for byte. Dumping the whole file
again would do that for today's files, but not for every file: ruamel hangs a comment written between two items
(the next item's heading) on the last value of the one before, so changing that value would lose it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.error import YAMLError as WritingError
from ruamel.yaml.tokens import CommentToken

from quiz.bank.yaml_style import (
    BLOCK,
    ENTRY_KEYS,
    ITEM_KEYS,
    OFFSET,
    SET_KEYS,
    dumped,
    ordered,
    rank,
    styled,
    styled_map,
    writer,
)
from quiz.bank.yamlsafe import Document, YamlRefused, read_yaml

SCHEMA_COMMENT = "# yaml-language-server: $schema=./schema.json"
EMPTY_ITEMS = re.compile(r"^(?P<indent> *)items:\s*(\[\s*\])?\s*(?P<comment>#.*)?$")


def new_set_file(fields: dict, items: list[dict]) -> str:
    """A whole exercise file as a careful teacher writes one: the schema comment, the set's keys, a blank line
    before `items:` and before each item, long text folded (`>`), short text plain unless YAML needs quotes."""
    head = ordered({key: value for key, value in fields.items() if key != "items"}, SET_KEYS)
    parts = [SCHEMA_COMMENT + "\n"]
    if head:
        parts.append(dumped(styled_map(head, 0, SET_KEYS)))
    parts.append("\nitems:\n" if items else "\nitems: []\n")
    parts += ["\n" + "\n".join(_item_lines(item, dash=2)) + "\n" for item in items]
    text = "".join(parts)
    return _checked(text, {**head, "items": [_cleaned(item) for item in items]})


def add_item(text: str, item: dict) -> str:
    """The file with the item appended at the end of `items:`; every other line, comment and blank line unchanged."""
    return _in_plain_line_ends(text, lambda text: _added(text, item))


def replace_item(text: str, item_id: str, item: dict) -> str:
    """The file with the item of that id replaced. Lines outside that item are unchanged, and so are the values of
    the item that keep their data (with their quotes, line breaks and comments); a comment inside the item, next to
    a value that changes or is removed, may be lost. KeyError if no item has that id."""
    return _in_plain_line_ends(text, lambda text: _replaced(text, item_id, item))


def item_of(text: str, item_id: str) -> dict:
    """An item as plain data (for the edit form), read with the project's safe loader. KeyError if none has that id;
    YamlRefused if the file cannot be read."""
    document = read_yaml(text.encode())
    return document.data["items"][_index_of(document, item_id)]


# Editing: find the item's lines, write them again, put them back.


@dataclass(frozen=True)
class _Span:
    """Where an item is written: its first line (the one with its dash), its last line (0-based), its dash's column."""

    first: int
    last: int
    dash: int


def _replaced(text: str, item_id: str, item: dict) -> str:
    document = read_yaml(text.encode())
    index = _index_of(document, item_id)
    lines = text.split("\n")
    span = _span(lines, document, index)
    expected = {**document.data, "items": list(document.data["items"])}
    expected["items"][index] = _cleaned(item)
    region, old = lines[span.first : span.last + 1], document.data["items"][index]
    # Round-trip keeps what is unchanged as it was written; a fresh item is the fallback for what ruamel cannot read.
    for rewrite in (_round_tripped, _fresh):
        try:
            written = rewrite(region, span.dash, old, item)
        except (WritingError, ValueError, TypeError):
            continue
        result = "\n".join(lines[: span.first] + written + lines[span.last + 1 :])
        if _reads_as(result, expected):
            return result
    raise ValueError(f"the item `{item_id}` could not be written without changing the rest of the file")


def _added(text: str, item: dict) -> str:
    document = read_yaml(text.encode())
    if not isinstance(document.data, dict):
        raise ValueError("the file is not an exercise set: it does not start with keys such as `title:`")
    items = document.data.get("items")
    lines = text.split("\n")
    if isinstance(items, list) and items:
        span = _span(lines, document, len(items) - 1)
        gap = [""] if span.first > 0 and not lines[span.first - 1].strip() else []  # as the items before are spaced
        lines[span.last + 1 : span.last + 1] = gap + _item_lines(item, span.dash)
    else:
        lines = _first_item(lines, document, item)
    return _checked("\n".join(lines), {**document.data, "items": [*(items or []), _cleaned(item)]})


def _first_item(lines: list[str], document: Document, item: dict) -> list[str]:
    """The lines with the first item written under `items:` (or `items: []`), or with `items:` added at the end."""
    where = document.keys.get(("items",))
    if where is None:
        while lines and not lines[-1].strip():
            lines.pop()
        return lines + ["", "items:", "", *_item_lines(item, dash=2), ""]
    written = EMPTY_ITEMS.match(lines[where.line - 1])
    if not written or document.data["items"] not in (None, []):
        raise ValueError("`items` is not a list written with `- `: the item cannot be added to it")
    indent, comment = written["indent"], written["comment"]
    lines[where.line - 1] = f"{indent}items:" + (f"  {comment}" if comment else "")
    lines[where.line : where.line] = ["", *_item_lines(item, dash=len(indent) + 2)]
    return lines


def _index_of(document: Document, item_id: str) -> int:
    items = document.data.get("items") if isinstance(document.data, dict) else None
    for index, entry in enumerate(items if isinstance(items, list) else []):
        if isinstance(entry, dict) and entry.get("id") == item_id:
            return index
    raise KeyError(item_id)


def _span(lines: list[str], document: Document, index: int) -> _Span:
    """The item's lines: from its dash to its last value, and on through the comments indented under it."""
    first, dash = _dash(lines, document.values[("items", index)])
    ends = [_last_line(node.end_mark) for path, node in document.raw.items() if path[:2] == ("items", index)]
    last = max(ends, default=first)
    while last > first and not lines[last].strip():  # a block scalar's end takes in the blank lines after it
        last -= 1
    for number in range(last + 1, len(lines)):
        if lines[number].strip():
            if _indent(lines[number]) <= dash:  # the next item, its heading comment, or the next key of the set
                break
            last = number
    return _Span(first, last, dash)


def _dash(lines: list[str], start) -> tuple[int, int]:
    """The line and column of the `-` that opens the item whose first key is at start."""
    number = start.line - 1
    before = lines[number][: start.column - 1]
    while not before.strip() or before.lstrip().startswith("#"):
        number -= 1  # a dash alone on its line, with the keys below it
        if number < 0:
            raise ValueError("`items` is not a list written with `- `")
        before = lines[number]
    if not before.rstrip().endswith("-") and not before.strip().startswith("- "):
        raise ValueError("`items` is not a list written with `- `")
    return number, before.index("-")


def _last_line(mark) -> int:
    return mark.line if mark.column > 0 else mark.line - 1


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _round_tripped(region: list[str], dash: int, old: dict, new: dict) -> list[str]:
    """The item's lines read by ruamel and changed only where the data changes."""
    # Read where ruamel writes a list's dash, so that comments, which it keeps at their column, stay with the item.
    written = writer().load("\n".join(_shifted(region, OFFSET - dash)) + "\n")  # ending the last block scalar
    if not (isinstance(written, CommentedSeq) and len(written) == 1 and isinstance(written[0], CommentedMap)):
        raise ValueError("not one item")
    _merge(written[0], old, _cleaned(new), dash + 2, ITEM_KEYS)
    return _placed(dumped(written), dash)


def _fresh(region: list[str], dash: int, old: dict, new: dict) -> list[str]:
    return _item_lines(new, dash)


def _merge(node: CommentedMap, old: dict, new: dict, column: int, order: tuple[str, ...]) -> None:
    """Make node hold new, keeping every value whose data does not change as it is written."""
    for key in [key for key in node if key not in new]:
        _delete(node, key)
    for key, value in new.items():
        if key not in node:
            node.insert(_place(node, key, order), key, styled(key, value, column))
        elif old.get(key) != value:
            if _entry_lists(node[key], old.get(key), value):
                _merge_entries(node[key], old[key], value, column + 4)
            else:
                _set(node, key, styled(key, value, column))


def _set(node: CommentedMap, key: str, value: object) -> None:
    """Change a value, keeping the comment lines that followed the old one on their own lines after the new one."""
    after = _comment_after(node, key)
    if after is not None and isinstance(node[key], BLOCK) != isinstance(value, BLOCK):
        node.ca.items[key][2] = _comment_moved(after, to_block=isinstance(value, BLOCK))
    node[key] = value


def _delete(node: CommentedMap, key: str) -> None:
    """Remove a key. The comment lines after its value introduce the next key, so they take the place of those
    after the key before it (which introduced the removed key), if that key holds one value."""
    keys = list(node)
    place = keys.index(key)
    after = _comment_after(node, key)
    previous = keys[place - 1] if place else None
    if after is not None and previous is not None and not isinstance(node[previous], (CommentedMap, CommentedSeq)):
        to_block = isinstance(node[previous], BLOCK)
        if to_block != isinstance(node[key], BLOCK):
            after = _comment_moved(after, to_block)
        own = _comment_after(node, previous)
        if own is not None and not to_block and not own.value.startswith("\n"):  # keep the comment on its line
            after = CommentToken(own.value.split("\n")[0] + after.value, own.start_mark)
        node.ca.items.setdefault(previous, [None, None, None, None])[2] = after
    del node[key]


def _comment_after(node: CommentedMap, key: str) -> CommentToken | None:
    comments = node.ca.items.get(key)
    return comments[2] if comments and len(comments) > 2 else None


def _comment_moved(comment: CommentToken, to_block: bool) -> CommentToken:
    """The comment after a value, for a value of the other kind: ruamel ends a block scalar's line itself and writes
    the comment from its column, while after any other value the comment's own text starts the next line."""
    if not to_block:
        return CommentToken("\n" + " " * comment.start_mark.column + comment.value, CommentMark(0))
    if not comment.value.startswith("\n"):  # a comment at the end of the value's line goes below the block
        return comment
    text = comment.value[1:]
    spaces = len(text) - len(text.lstrip(" "))
    return CommentToken(text[spaces:], CommentMark(spaces))


def _entry_lists(node: object, old: object, new: object) -> bool:
    """Whether a list of entries (answers, claims, options) can be changed entry by entry."""
    lists = isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list)
    return lists and len(node) == len(old) and all(isinstance(entry, dict) for entry in new)


def _merge_entries(node: CommentedSeq, old: list, new: list[dict], column: int) -> None:
    for index, entry in enumerate(new):
        if index >= len(node):
            node.append(styled_map(entry, column, ENTRY_KEYS))
        elif isinstance(node[index], CommentedMap) and isinstance(old[index], dict):
            _merge(node[index], old[index], entry, column, ENTRY_KEYS)
        elif old[index] != entry:
            node[index] = styled_map(entry, column, ENTRY_KEYS)
    del node[len(new) :]


def _place(node: CommentedMap, key: str, order: tuple[str, ...]) -> int:
    """Where a new key goes among those written: after the last one the guide puts before it."""
    position = rank(order)
    earlier = [place for place, written in enumerate(node) if position(written) < position(key)]
    return earlier[-1] + 1 if earlier else 0


# Writing values as a teacher would.


def _item_lines(item: dict, dash: int) -> list[str]:
    """A fresh item's lines, its dash at that column."""
    return _placed(dumped([styled_map(item, dash + 2, ITEM_KEYS)]), dash)


def _placed(dumped: str, dash: int) -> list[str]:
    """A dumped one-item list as lines, moved so that its dash is at that column."""
    lines = dumped.rstrip("\n").split("\n")
    return _shifted(lines, dash - _indent(lines[0]))


def _shifted(lines: list[str], by: int) -> list[str]:
    """The lines indented by more (or fewer) spaces; moving every line alike keeps YAML's meaning."""
    if by >= 0:
        return [" " * by + line if line else line for line in lines]
    if any(line.strip() and _indent(line) < -by for line in lines):
        raise ValueError("a line is indented less than the item")
    return [line[-by:] for line in lines]


def _cleaned(item: dict) -> dict:
    """The item as it reads back: no empty keys, lists for tuples."""

    def cleaned(value: object) -> object:
        if isinstance(value, dict):
            return {key: cleaned(inner) for key, inner in value.items() if inner is not None}
        return [cleaned(inner) for inner in value] if isinstance(value, (list, tuple)) else value

    return cleaned(item)


def _reads_as(text: str, expected: dict) -> bool:
    try:
        return read_yaml(text.encode()).data == expected
    except YamlRefused:
        return False


def _checked(text: str, expected: dict) -> str:
    if not _reads_as(text, expected):
        raise ValueError("the file could not be written so that it reads back as the data given")
    return text


def _in_plain_line_ends(text: str, edit) -> str:
    """The edit made on the text with \\n line ends, given back with the file's own (\\r\\n if it uses them)."""
    if "\r\n" not in text:
        return edit(text)
    return edit(text.replace("\r\n", "\n")).replace("\n", "\r\n")
