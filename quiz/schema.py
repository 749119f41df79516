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


def described(text: str, **limits) -> object:
    """A field's explanation, shown by editors as the teacher types; limits as for pydantic's Field."""
    return Field(description=text, **limits)


WHY = "Required, not empty. The explanation the student reads after answering: why, about this passage."
OCCURRENCE = "Which occurrence is meant (1 = the first), when the words occur more than once."


class KeyQuote(Strict):
    """Words a student should mark in a highlight item."""

    model_config = ConfigDict(title="Answer (words to mark)")
    quote: Text = described("Required. Words that occur inside the item's passage, copied exactly.")
    why: Text = described(WHY)
    occurrence: Occurrence | None = described(OCCURRENCE + " Counted in the passage.", default=None)


class Claim(Strict):
    """A sentence of the source the student labels in a classify item."""

    model_config = ConfigDict(title="Claim (a sentence to label)")
    quote: Text = described("Required. A sentence or phrase that occurs in the source document, copied exactly.")
    label: Text = described("Required. The right label: one of the item's labels.")
    why: Text = described(WHY)
    occurrence: Occurrence | None = described(OCCURRENCE + " Counted in the source.", default=None)


class Option(Strict):
    """One option of a choice item."""

    model_config = ConfigDict(title="Option")
    text: Text = described("Required. The option as the student reads it.")
    correct: bool = described("Whether picking this option is right. Default: false.", default=False)
    why: Text = described("Required, not empty. Why this option is right or wrong; every option's why is shown.")


class ItemFields(Strict):
    id: ItemId = described(
        "Required, unique in the file. A short stable name: letters, digits, - and _ (like who-says-so). "
        "Students' progress is stored against it: do not rename it once students have answered."
    )
    skill: Skill | None = described(
        "The skill this item counts towards. Default: the set's skill.",
        default=None,
    )
    prompt: Text = described("Required. The question or instruction shown to the student.")
    passage: Text | None = described(
        "Words copied from the source document, shown above the question. They must occur there exactly, "
        "starting and ending on whole words. A ... at the start or end marks where you cut a sentence.",
        default=None,
    )
    occurrence: Occurrence | None = described(
        OCCURRENCE + " Counted in the source, for the passage.",
        default=None,
    )


class HighlightSpec(ItemFields):
    """The student marks words in the passage."""

    model_config = ConfigDict(title="Highlight item")
    type: Literal["highlight"] = described("Required. highlight: the student marks words in the passage.")
    passage: Text = described(
        "Required for highlight. Words copied from the source document, which the student marks words in. "
        "They must occur there exactly, starting and ending on whole words."
    )
    answers: Annotated[list[KeyQuote], Field(min_length=1, max_length=50)] = described(
        "Required, at least one. The key: the words the student should mark."
    )


class ClassifySpec(ItemFields):
    """The student puts a label on each claim."""

    model_config = ConfigDict(title="Classify item")
    type: Literal["classify"] = described("Required. classify: the student puts a label on each claim.")
    labels: Annotated[list[Text], Field(min_length=2, max_length=12)] = described(
        "The labels the student chooses from. Default: named source, vague source, no source, opinion.",
        default=list(DEFAULT_LABELS),
    )
    claims: Annotated[list[Claim], Field(min_length=1, max_length=50)] = described(
        "Required, at least one. The sentences the student labels."
    )


class ChoiceSpec(ItemFields):
    """The student picks the right option, or options."""

    model_config = ConfigDict(title="Choice item")
    type: Literal["choice"] = described("Required. choice: the student picks the right option(s).")
    multiple: bool = described(
        "false (the default): exactly one option is correct and the student picks one. "
        "true: at least one is correct and the student may pick several.",
        default=False,
    )
    options: Annotated[list[Option], Field(min_length=2, max_length=20)] = described(
        "Required, at least two. The options; each student sees them in an order shuffled for them, unless "
        "`shuffle: false`."
    )
    shuffle: bool = described(
        "true (the default): each student sees the options in an order of their own, kept for the whole attempt. "
        'false: in the order written here, for "all of the above" or an ordered scale.',
        default=True,
    )


ItemSpec = Annotated[HighlightSpec | ClassifySpec | ChoiceSpec, Field(discriminator="type")]
ITEM_MODELS = {"highlight": HighlightSpec, "classify": ClassifySpec, "choice": ChoiceSpec}
LIST_MODELS = {"answers": KeyQuote, "claims": Claim, "options": Option}


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
