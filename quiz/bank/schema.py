"""The exercise file format: the teachers' contract, declared once.

The validator checks files against these models; a JSON Schema for editors can be generated from the
same models. Each item type's own fields are declared in its module in quiz/items/; the set and the fields
every item shares are here and in quiz/items/fields.py. Field names must keep working in every later version:
add, never rename.
"""

from __future__ import annotations

from typing import Annotated, Union, get_args

from pydantic import BaseModel, ConfigDict, Field

from quiz.items import TYPES
from quiz.items.fields import ID_MAX_LENGTH, ID_PATTERN, SKILL_NAMES, SKILLS, ItemFields, Skill, Strict, Text, described

ITEM_TYPES = tuple(TYPES)
ItemSpec = Annotated[Union[tuple(kind.spec for kind in TYPES.values())], Field(discriminator="type")]  # noqa: UP007
ITEM_MODELS = {name: kind.spec for name, kind in TYPES.items()}
LIST_MODELS = {key: model for kind in TYPES.values() for key, model in kind.lists.items()}
__all__ = ["ID_MAX_LENGTH", "ID_PATTERN", "SKILL_NAMES", "SKILLS", "Text"]


class SetSpec(Strict):
    """One set of items about one source document. Check it with: flask --app quiz validate FILE"""

    model_config = ConfigDict(title="Lens exercise file")
    title: Text = described("Required. The set's name, shown to students.")
    source: Text = described(
        "Required. The source document the passages quote: the name of a .txt file in seeds/ without .txt "
        "(like mko-article)."
    )
    skill: Skill | None = described(
        "The skill the set practises, and the default for its items: unsourced_claims, loaded_wording "
        "or missing_context.",
        default=None,
    )
    intro: Text | None = described("A short reminder shown at the top of the set.", default=None)
    items: Annotated[list[ItemSpec], Field(min_length=1, max_length=200)] = described(
        "Required, at least one. The questions, shown one at a time in this order. Each starts with - id:"
    )


# Draft 7, the newest that VS Code's YAML extension fully supports; the models generate nothing newer.
JSON_SCHEMA_DIALECT = "http://json-schema.org/draft-07/schema#"


def json_schema() -> dict:
    """The exercise format as JSON Schema, for editors: generated from the models the validator uses."""
    generated = SetSpec.model_json_schema()
    return {"$schema": JSON_SCHEMA_DIALECT, **generated}


class SourceMeta(Strict):
    """What is known about where a source document comes from: seeds/NAME.meta.yaml."""

    title: Text | None = None
    author: Text = "unknown"
    publisher: Text = "unknown"
    date: Text = "unknown"
    address: Text | None = None  # the web address it was found at; added later, so optional like the rest
    note: Text | None = None  # for teachers reading the file; students see the facts above


def error_path(error: dict) -> tuple:
    """The error's location as a path into the file's data, without pydantic's union tags."""
    location = list(error["loc"])
    path = []
    for index, part in enumerate(location):
        follows_item = index >= 2 and location[index - 2] == "items" and isinstance(location[index - 1], int)
        if follows_item and part in ITEM_TYPES:
            continue
        path.append(part)
    return tuple(path)


def model_at(data: object, path: tuple, root: type[BaseModel] = SetSpec) -> type[BaseModel] | None:
    """The model that describes the mapping at path in the file's data, if one does."""
    model: type[BaseModel] | None = root
    node, item = data, None
    for part in path:
        if isinstance(node, (dict, list)):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        if isinstance(part, int):
            if model is None and isinstance(node, dict):
                item = node  # an item: its type says what its lists hold
            continue
        if part == "items":
            model = None
            continue
        if model is None and item is not None and part in _lists_of(item):
            model = _lists_of(item)[part]
        elif model is None and item is not None:  # a mapping in an item, such as its `evidence`
            model = _field_model(ITEM_MODELS.get(item.get("type"), ItemFields), part)
        else:  # a mapping in a mapping, such as an explanation's `sources` or the evidence's `source`
            model = _field_model(model, part)
        if model is None:
            return None
    if model is None and isinstance(node, dict):
        return ITEM_MODELS.get(node.get("type"), ItemFields)
    return model


def _field_model(model: type[BaseModel] | None, name: object) -> type[BaseModel] | None:
    """The model of what a field holds (a mapping, or a list of them), if it holds one."""
    field = model.model_fields.get(name) if model is not None and isinstance(name, str) else None
    return _model_in(field.annotation) if field is not None else None


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for inner in get_args(annotation):
        found = _model_in(inner)
        if found is not None:
            return found
    return None


def _lists_of(item: dict) -> dict[str, type[BaseModel]]:
    """The models of an item's lists, by its type; every type's when the type is missing or wrong."""
    kind = TYPES.get(item.get("type")) if isinstance(item.get("type"), str) else None
    return kind.lists if kind else LIST_MODELS


def allowed_keys(data: object, path: tuple, root: type[BaseModel] = SetSpec) -> list[str]:
    """The keys a mapping at path may hold."""
    model = model_at(data, path, root)
    return list(model.model_fields) if model else []
