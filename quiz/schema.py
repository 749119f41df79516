"""The exercise file format: the teachers' contract, declared once.

The validator checks files against these models; a JSON Schema for editors can be generated from the
same models. Field names here must keep working in every later version: add, never rename.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SKILLS = ("unsourced_claims", "loaded_wording", "missing_context")
SKILL_NAMES = {
    "unsourced_claims": "Unsourced claims",
    "loaded_wording": "Loaded wording",
    "missing_context": "Missing context",
}
DEFAULT_LABELS = ("named source", "vague source", "no source", "opinion")
ITEM_TYPES = ("highlight", "classify", "choice")

Skill = Literal["unsourced_claims", "loaded_wording", "missing_context"]
Text = Annotated[str, Field(min_length=1, max_length=5000, pattern=r"\S")]
Occurrence = Annotated[int, Field(ge=1)]
ID_PATTERN = r"^[A-Za-z0-9_-]+$"  # item ids and set ids (file names): safe in addresses and in the database
ID_MAX_LENGTH = 80
ItemId = Annotated[str, Field(pattern=ID_PATTERN, max_length=ID_MAX_LENGTH)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class KeyQuote(Strict):
    """Words a student should mark in a highlight item."""

    quote: Text
    why: Text
    occurrence: Occurrence | None = None


class Claim(Strict):
    """A sentence of the source the student labels in a classify item."""

    quote: Text
    label: Text
    why: Text
    occurrence: Occurrence | None = None


class Option(Strict):
    """One option of a choice item."""

    text: Text
    correct: bool = False
    why: Text


class ItemFields(Strict):
    id: ItemId
    skill: Skill | None = None
    prompt: Text
    passage: Text | None = None
    occurrence: Occurrence | None = None


class HighlightSpec(ItemFields):
    type: Literal["highlight"]
    passage: Text
    answers: Annotated[list[KeyQuote], Field(min_length=1, max_length=50)]


class ClassifySpec(ItemFields):
    type: Literal["classify"]
    labels: Annotated[list[Text], Field(min_length=2, max_length=12)] = list(DEFAULT_LABELS)
    claims: Annotated[list[Claim], Field(min_length=1, max_length=50)]


class ChoiceSpec(ItemFields):
    type: Literal["choice"]
    multiple: bool = False
    options: Annotated[list[Option], Field(min_length=2, max_length=20)]


ItemSpec = Annotated[HighlightSpec | ClassifySpec | ChoiceSpec, Field(discriminator="type")]
ITEM_MODELS = {"highlight": HighlightSpec, "classify": ClassifySpec, "choice": ChoiceSpec}
LIST_MODELS = {"answers": KeyQuote, "claims": Claim, "options": Option}


class SetSpec(Strict):
    """An exercise file: one set of items about one source document."""

    title: Text
    source: Text
    skill: Skill | None = None
    intro: Text | None = None
    items: Annotated[list[ItemSpec], Field(min_length=1, max_length=200)]


class SourceMeta(Strict):
    """What is known about where a source document comes from: seeds/NAME.meta.yaml."""

    title: Text | None = None
    author: Text = "unknown"
    publisher: Text = "unknown"
    date: Text = "unknown"
    note: Text | None = None  # for teachers reading the file; students see the four facts above


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
    node = data
    for part in path:
        if isinstance(node, (dict, list)):
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return None
        if isinstance(part, int):
            continue
        if part == "items":
            model = None
        elif part in LIST_MODELS:
            model = LIST_MODELS[part]
        else:
            return None
    if model is None and isinstance(node, dict):
        return ITEM_MODELS.get(node.get("type"), ItemFields)
    return model


def allowed_keys(data: object, path: tuple, root: type[BaseModel] = SetSpec) -> list[str]:
    """The keys a mapping at path may hold."""
    model = model_at(data, path, root)
    return list(model.model_fields) if model else []
