"""Turning format errors into messages a teacher can act on: where, what is wrong, what to do."""

from __future__ import annotations

import difflib

from pydantic import BaseModel, TypeAdapter, ValidationError

from quiz.bank.schema import (
    ITEM_MODELS,
    ITEM_TYPES,
    LIST_MODELS,
    SKILLS,
    ItemSpec,
    SetSpec,
    Text,
    allowed_keys,
    error_path,
)
from quiz.bank.yamlsafe import Document, Position
from quiz.items import TYPES
from quiz.items.fields import RECORD_MAX_LENGTH

# "`highlight`, `classify` or `choice`": every type the registry knows.
TYPE_NAMES = ", ".join(f"`{name}`" for name in ITEM_TYPES[:-1]) + f" or `{ITEM_TYPES[-1]}`"
FIELD_HINTS = {
    "title": "the set's name, shown to students",
    "source": "the name of a document in seeds/, without .txt",
    "items": "the list of questions",
    "id": "a short stable name like `leopard`",
    "type": TYPE_NAMES,
    "prompt": "the question the student answers",
    "passage": "the words of the source the item is about",
    "why": "the explanation the student reads after answering",
}
# Each item type's own: its lists and their fields.
for _kind in TYPES.values():
    FIELD_HINTS.update(_kind.hints)
# Inside an item's `evidence` and a source (an explanation's `sources`, the evidence's `source`), where `title` and
# `source` mean something else than at the top of the file.
CITED_HINTS = {
    "title": "the title of the article, page, book or record",
    "record": "the record's words, quoted exactly",
    "source": "where the record comes from, with its `title`",
    "sources": "where the facts in the explanation come from",
    "address": "its web address, starting with https://; or leave the line out",
}

# Every true-or-false field of every item type's models, so that `yes` is caught in any of them.
BOOLEAN_FIELDS = {
    name
    for model in [*ITEM_MODELS.values(), *LIST_MODELS.values()]
    for name, field in model.model_fields.items()
    if field.annotation is bool
}
BOOLEANS = ("true", "false")
# The key an entry of each list starts with (its model's first field), for "like `quote: ...`".
FIRST_KEYS = {"items": "id", "sources": "title"}
FIRST_KEYS |= {name: next(iter(model.model_fields)) for name, model in LIST_MODELS.items()}
ENTRY_NAMES = {"items": "item", "sources": "source"}
ENTRY_NAMES |= {name: noun for kind in TYPES.values() for name, noun in kind.entry_names.items()}
# Keys a teacher may write for a field Lens names otherwise (a source document's .meta.yaml says `author`).
SAME_AS = {"author": "by", "publisher": "by", "url": "address", "link": "address"}
MAPPING_ERRORS = ("model_type", "dict_type", "model_attributes_type")
YAML_READINGS = {bool: "true or false", int: "a number", float: "a number", type(None): "nothing"}
ITEM = TypeAdapter(ItemSpec)
TEXT = TypeAdapter(Text)


def check_format(document: Document) -> tuple[SetSpec | None, list[tuple[Position, str]]]:
    """Validate an exercise file against the format; every problem with its position."""
    spec, problems = check_model(document, SetSpec, "`title:`, `source:` and `items:`")
    spelled = _yes_and_no(document)
    return (None if spelled else spec), problems + spelled


def _yes_and_no(document: Document) -> list[tuple[Position, str]]:
    """`correct: yes` is true to PyYAML (YAML 1.1) but text to editors and the schema (YAML 1.2): ask for
    `true` or `false`, so that what the editor checks is what the app reads."""
    found = []
    for path, node in document.raw.items():
        if path and path[-1] in BOOLEAN_FIELDS and node.tag.endswith(":bool") and node.value.lower() not in BOOLEANS:
            meant = "true" if document_value(document, path) else "false"
            message = (
                f"`{path[-1]}: {node.value}`: write `{meant}`; editors read `{node.value}` as text, not true or false"
            )
            found.append((document.where(path), message))
    return found


def document_value(document: Document, path: tuple):
    value = document.data
    for step in path:
        value = value[step]
    return value


def check_model(document: Document, model: type[BaseModel], first_keys: str) -> tuple:
    """Validate a document against a model: the instance, or None and every problem with its position."""
    if not isinstance(document.data, dict):
        return None, [(Position(1, 1), f"the file must be a mapping starting with {first_keys}")]
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        details = _without_missing_keys_misspelt(document, error.errors(include_url=False), model)
        problems = [_explain(document, detail, model) for detail in details]
        return None, list(dict.fromkeys(problems))


def _without_missing_keys_misspelt(document: Document, details: list[dict], model: type[BaseModel]) -> list[dict]:
    """Leave out "missing `prompt`" when `promt` is there: the unknown key's "did you mean" says it all, and a
    teacher told first that `prompt` is missing would add a second one."""
    misspelt = set()
    for detail in details:
        path = error_path(detail)
        if detail["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(path[-1]), allowed_keys(document.data, path[:-1], model), n=1)
            misspelt.update((path[:-1], key) for key in close)
    return [d for d in details if not (d["type"] == "missing" and _split(error_path(d)) in misspelt)]


def _split(path: tuple) -> tuple[tuple, object]:
    return path[:-1], path[-1]


def items_that_parse(document: Document) -> dict[int, ItemSpec]:
    """The items that match the format on their own, by their place in the file, when the whole file may not."""
    entries = document.data.get("items") if isinstance(document.data, dict) else None
    parsed = {}
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        try:
            parsed[index] = ITEM.validate_python(entry, strict=True)
        except ValidationError:
            continue  # its problems are already reported by check_format
    return parsed


def text_at(document: Document, key: str) -> str | None:
    """The text of a top-level field when it is valid text, else None."""
    value = document.data.get(key) if isinstance(document.data, dict) else None
    try:
        return TEXT.validate_python(value, strict=True)
    except ValidationError:
        return None


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A "did you mean ...?" hint, or nothing when no choice is close."""
    close = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""


def _explain(document: Document, error: dict, model: type[BaseModel]) -> tuple[Position, str]:
    path = error_path(error)
    kind = error["type"]
    name = _field_name(path)
    if kind == "extra_forbidden":
        key = path[-1]
        allowed = allowed_keys(document.data, path[:-1], model)
        same_as = {other: meant for other, meant in SAME_AS.items() if meant in allowed and other not in allowed}
        hint = did_you_mean(key, allowed + list(same_as))
        for other, meant in same_as.items():  # `author` (or `autor`) in a source: did you mean `by`?
            hint = hint.replace(f"`{other}`", f"`{meant}`")
        where = document.keys.get(path, document.where(path))
        return where, f"unknown key `{key}`{hint or '; remove it or check its spelling'}"
    if kind == "missing":
        owner = _describe_owner(path[:-1])
        hint = _hint(path)
        return document.where(path[:-1]), f"{owner} is missing `{path[-1]}`" + (f" ({hint})" if hint else "")
    if kind == "union_tag_not_found":
        message = f"{_describe_owner(path)} is missing `type`: add `type: {TYPE_NAMES.removeprefix('`')}"
        return document.where(path), message
    if kind == "union_tag_invalid":
        got = error["ctx"].get("tag")
        where = document.where(path + ("type",))
        return where, f"`type` must be {TYPE_NAMES}, not `{got}`{did_you_mean(got, ITEM_TYPES)}"
    if kind in MAPPING_ERRORS and len(path) >= 2 and isinstance(path[-1], int):
        example = FIRST_KEYS.get(path[-2], "key")
        got = _describe(error.get("input"))
        message = f"{_describe_owner(path)}: expected keys and values (like `{example}: ...`), got {got}"
        return document.where(path), message
    problem = _value_problem(document, path, error)
    separator = " " if problem.startswith(("is ", "has ", "must ")) else ": "
    return document.where(path), f"`{name}`{separator}{problem}"


def _value_problem(document: Document, path: tuple, error: dict) -> str:
    kind, value = error["type"], error.get("input")
    if kind == "string_type":
        return f"expected text, got {_yaml_reading(document, path, value)}"
    if kind in ("string_too_short", "string_pattern_mismatch") and path[-1] == "id":
        return f"`{value}` is not a usable id: use only letters, digits, `-` and `_`, with no spaces"
    if kind == "string_pattern_mismatch" and path[-1] == "address" and str(value).strip():
        return f"must be a web address starting with https:// or http://, not `{str(value)[:60]}`"
    if kind in ("string_too_short", "string_pattern_mismatch"):
        return "is empty: write the text" + (f" ({_hint(path)})" if _hint(path) else "")
    if kind == "string_too_long" and path[-1] == "record":
        return (
            f"is too long ({len(value):,} characters; at most {RECORD_MAX_LENGTH:,}): "
            "quote only the part of the record the item asks about"
        )
    if kind == "string_too_long":
        return f"is too long (over {error['ctx']['max_length']} characters)"
    if kind == "bool_type":
        return f"expected `true` or `false`, got {_describe(value)}"
    if kind in ("int_type", "greater_than_equal"):
        return f"expected a whole number from 1, got {_describe(value)}"
    if kind == "list_type":
        return f"expected a list (lines starting with `- `), got {_describe(value)}"
    if kind in MAPPING_ERRORS:
        return f"expected keys and values (like `quote: ...`), got {_describe(value)}"
    if kind == "too_short":
        need, have = error["ctx"]["min_length"], error["ctx"]["actual_length"]
        if not have:
            return f"is empty: add at least {need} {'entry' if need == 1 else 'entries'}"
        return f"has {have} {'entry' if have == 1 else 'entries'}: add at least {need}"
    if kind == "too_long":
        return f"has too many entries (at most {error['ctx']['max_length']})"
    if kind == "literal_error" and path[-1] == "skill":
        return f"must be one of {', '.join(SKILLS)}, not `{value}`{did_you_mean(value, SKILLS)}"
    return error["msg"]


def _hint(path: tuple) -> str:
    """What a missing or empty field is for, in the words of the mapping it is in."""
    cited = "evidence" in path or "sources" in path
    return CITED_HINTS.get(path[-1], "") if cited else FIELD_HINTS.get(path[-1], "")


def _yaml_reading(document: Document, path: tuple, value: object) -> str:
    node = document.raw.get(path)
    if node is not None and not node.style and type(value) in YAML_READINGS:
        if value is None:
            return "nothing: write the text after the colon"
        reading = "true or false" if isinstance(value, bool) else f"the number {value}"
        return f'{reading} (YAML reads `{node.value}` that way): put the text in quotes, like "{node.value}"'
    if node is not None and not node.style and node.tag.endswith(":timestamp"):
        return f'a date (YAML reads `{node.value}` that way): put the text in quotes, like "{node.value}"'
    return _describe(value)


def _describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text `{value[:40]}`"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "keys and values"
    return f"a {type(value).__name__}"


def _field_name(path: tuple) -> str:
    named = [part for part in path if isinstance(part, str)]
    return named[-1] if named else "file"


def _describe_owner(path: tuple) -> str:
    if not path:
        return "the file"
    if len(path) >= 2 and isinstance(path[-1], int):
        kind = ENTRY_NAMES.get(path[-2], "entry")
        return f"{kind} {path[-1] + 1}"
    return f"`{path[-1]}`"
