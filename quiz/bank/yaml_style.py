"""How the builder writes values, as a careful teacher writes an exercise file by hand (quiz/bank/writing.py puts
them in place): the guide's key order, short text plain where YAML reads it back the same, long text folded (`>`)
to 80 columns, labels on one line; and ruamel.yaml set up as the shipped files are indented."""

from __future__ import annotations

import re
from io import StringIO

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError as WritingError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
)

from quiz.bank.yamlsafe import Loader

OFFSET = 2  # a list's dash is written two columns in from its key, `- ` then its keys, as in the shipped files
WIDTH = 80  # new text is folded to fit here, as in the shipped files; lines already written keep their breaks
SET_KEYS = ("title", "source", "skill", "intro", "items")
ITEM_KEYS = ("id", "type", "skill", "prompt", "passage", "occurrence", "evidence")
ITEM_KEYS += ("answers", "labels", "claims", "multiple", "shuffle", "options")
ENTRY_KEYS = ("quote", "text", "occurrence", "label", "correct", "why", "sources")
ENTRY_KEYS += ("title", "by", "date", "address")  # a source's, in an explanation's `sources`
# The keys of mappings inside an item, by the key that holds them: an item's `evidence` and the record's `source`.
NESTED_KEYS = {"evidence": ("record", "source"), "source": ("title", "by", "date", "address")}
# Line breaks that YAML counts but str.split("\n") does not, and characters a block or a plain value cannot hold
# (ruamel fails on them in a block): written escaped in double quotes, so line numbers agree and the text survives.
ESCAPED = re.compile("[\r\x85\u2028\u2029\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
BLOCK = (FoldedScalarString, LiteralScalarString)


def styled_map(data: dict, column: int, order: tuple[str, ...]) -> CommentedMap:
    """The mapping in the guide's key order, without empty keys, each value styled for keys at that column."""
    return CommentedMap((key, styled(key, value, column)) for key, value in ordered(data, order).items())


def styled(key: str, value: object, column: int) -> object:
    if isinstance(value, str):
        return _text(value, column + len(key) + 2, column + 2)
    if isinstance(value, (list, tuple)) and value and all(isinstance(entry, str) for entry in value):
        return _words(list(value), column + len(key) + 2, column + 4)
    if isinstance(value, (list, tuple)):
        return CommentedSeq(_styled_entry(entry, column + 4) for entry in value)
    if isinstance(value, dict):
        return styled_map(value, column + 2, NESTED_KEYS.get(key, ()))
    return value


def _styled_entry(entry: object, column: int) -> object:
    if isinstance(entry, dict):
        return styled_map(entry, column, ENTRY_KEYS)
    return _text(entry, column, column) if isinstance(entry, str) else entry


def _text(text: str, after_key: int, block: int) -> object:
    """Plain when short and YAML reads it back as the same text, folded when long, else in double quotes."""
    if ESCAPED.search(text):
        return DoubleQuotedScalarString(text)
    if "\n" not in text and after_key + len(text) <= WIDTH:
        if dumped({"k": text}) == f"k: {text}\n" and _reads_back(text, text):
            return PlainScalarString(text)  # not str: ruamel would keep the style of the value it replaces
    else:
        for folded in (_folded(text, block), FoldedScalarString(text)):
            if _reads_back(folded, text) and not _ends_document(folded):
                return folded
    return DoubleQuotedScalarString(text)


def _folded(text: str, column: int) -> FoldedScalarString:
    """The text folded (`>`) with lines broken at single spaces to fit WIDTH, from that column."""
    folds, line_start, space = [], 0, None
    for place, character in enumerate(text):
        if character == "\n":
            line_start, space = place + 1, None
            continue
        if column + place - line_start >= WIDTH and space is not None:
            folds.append(space)
            line_start, space = space + 1, None
        if character == " " and 0 < place < len(text) - 1 and not _either_space(text[place - 1], text[place + 1]):
            space = place  # ruamel folds only at a single space between two words
    folded = FoldedScalarString(text)
    folded.fold_pos = folds
    return folded


def _either_space(before: str, after: str) -> bool:
    return before.isspace() or after.isspace()


def _words(words: list[str], after_key: int, block: int) -> CommentedSeq:
    """A short list of words (labels) on one line, `[a, b]`, as the guide writes it; else one per line."""
    inline = CommentedSeq(words)
    inline.fa.set_flow_style()
    if after_key + len(", ".join(words)) + 2 <= WIDTH and _reads_back(inline, words):
        if dumped({"k": inline}) == f"k: [{', '.join(words)}]\n":
            return inline
    return CommentedSeq(_text(word, block, block) for word in words)


def _ends_document(value: object) -> bool:
    """Whether ruamel writes `...` after the value, as it does after kept line breaks (`>+`): in a file, the rest of
    the file would then be cut off."""
    return dumped({"k": value}).endswith("\n...\n")


def _reads_back(value: object, expected: object) -> bool:
    try:
        return yaml.load(dumped({"k": value}), Loader=Loader) == {"k": expected}
    except (WritingError, yaml.YAMLError):
        return False


def writer() -> YAML:
    writer = YAML()  # round-trip
    writer.indent(mapping=2, sequence=4, offset=OFFSET)
    writer.width = 4096  # never re-wrap a line: new text is folded by _folded, and old text keeps its breaks
    writer.preserve_quotes = True
    return writer


def dumped(data: object) -> str:
    stream = StringIO()
    writer().dump(data, stream)
    return stream.getvalue()


def ordered(data: dict, order: tuple[str, ...]) -> dict:
    """The keys that hold something, in the guide's order; keys it does not know after them, as given."""
    return {key: data[key] for key in sorted(data, key=rank(order)) if data[key] is not None}


def rank(order: tuple[str, ...]):
    return lambda key: order.index(key) if key in order else len(order)
