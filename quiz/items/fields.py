"""The fields every item type shares in the exercise file format, for the item types' own models to build on.

Field names here must keep working in every later version: add, never rename.
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
RECORD_MAX_LENGTH = 1500  # about 250 words: a record the student reads before the question, not a document
# A web address a student may open: http or https only (never javascript: or a file on the school's computer).
WebAddress = Annotated[str, Field(min_length=1, max_length=2000, pattern=r"^https?://[^\s]+$")]


class Citation(Strict):
    """Where a fact in an explanation or a record comes from, shown in small print: "Sources: title, by, date"."""

    model_config = ConfigDict(title="Source (where a fact comes from)")
    title: Text = described("Required. The title of the article, page, book or record.")
    by: Text | None = described("Who wrote or published it: an author, a body or a publisher.", default=None)
    date: Text | None = described(
        'When it was published, in words (27 May 2019) or in double quotes ("2019-05-27").', default=None
    )
    address: WebAddress | None = described(
        "Its web address, starting with https:// or http://: students can open it.", default=None
    )


SOURCES = (
    "Where the facts in this explanation come from, shown in small print under it, so that the why stays plain "
    "prose. Each source has a title, and may have by, date and address."
)
Sources = Annotated[list[Citation], Field(min_length=1, max_length=10)]


class Evidence(Strict):
    """A record the item supplies, so that the student reads the facts it tests instead of recalling them."""

    model_config = ConfigDict(title="Evidence (a record the student reads)")
    record: Annotated[str, Field(min_length=1, max_length=RECORD_MAX_LENGTH, pattern=r"\S")] = described(
        f"Required, at most {RECORD_MAX_LENGTH:,} characters. The record's words, quoted exactly from its source: "
        "shown in a box headed Record, above the question."
    )
    source: Citation = described("Required. Where the record comes from: title, and by, date and address if known.")


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
    evidence: Evidence | None = described(
        "A record the item supplies (record: its words; source: where it comes from), shown above the question, "
        "so that the student reads the facts the item tests instead of recalling them.",
        default=None,
    )
