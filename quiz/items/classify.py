"""Classify items: the student puts a label on each claim, a sentence quoted from the source."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import ConfigDict, Field
from wtforms import RadioField, SelectChoice
from wtforms.validators import InputRequired

from quiz.items.answers import ForStudents, one_value
from quiz.items.base import Bar, BarRow, Item, ItemType, Point, Result, clamp
from quiz.items.fields import (
    OCCURRENCE,
    SOURCES,
    WHY,
    Citation,
    ItemFields,
    Occurrence,
    Sources,
    Strict,
    Text,
    described,
)
from quiz.items.gaming import strategy
from quiz.text.sources import Span

DEFAULT_LABELS = ("named source", "vague source", "no source", "opinion")
RIGHT, WRONG = "right", "wrong"
TONES = {RIGHT: "good", WRONG: "bad"}


class Claim(Strict):
    """A sentence of the source the student labels in a classify item."""

    model_config = ConfigDict(title="Claim (a sentence to label)")
    quote: Text = described("Required. A sentence or phrase that occurs in the source document, copied exactly.")
    label: Text = described("Required. The right label: one of the item's labels.")
    why: Text = described(WHY)
    sources: Sources | None = described(SOURCES, default=None)
    occurrence: Occurrence | None = described(OCCURRENCE + " Counted in the source.", default=None)


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


@dataclass(frozen=True)
class ClaimKey:
    quote: str
    label: str
    why: str
    span: Span
    sources: tuple[Citation, ...] = ()  # the why's, kept beside it


@dataclass(frozen=True)
class ClassifyItem(Item):
    labels: tuple[str, ...] = ()
    claims: tuple[ClaimKey, ...] = ()
    type: str = "classify"

    def _scored_parts(self) -> tuple:
        return (self.type, self.labels, tuple((claim.quote, claim.label) for claim in self.claims))

    def explanations(self) -> list[str]:
        return [claim.why for claim in self.claims]

    @property
    def spans(self) -> tuple[Span, ...]:
        """The passage, or else the claims: each is a sentence of the source."""
        return (self.passage.span,) if self.passage else tuple(claim.span for claim in self.claims)

    def quoted(self) -> tuple[Span, ...]:
        return ((self.passage.span,) if self.passage else ()) + tuple(claim.span for claim in self.claims)


class Classify(ItemType):
    name = "classify"
    spec = ClassifySpec
    lists = {"claims": Claim}
    entry_names = {"claims": "claim"}
    hints = {
        "claims": "the list of sentences to label",
        "quote": "the exact words from the text",
        "label": "the right label for this claim",
    }
    point_name = "Claim"
    example = """\
  - id: leopard-claim
    type: classify
    prompt: Where does the sentence say its information comes from?
    claims:
      - quote: A leopard cannot change its spots.
        label: opinion
        why: An idiom gives a judgement of the group, not a fact anyone could source.
"""

    def build(self, checker, spec: ClassifySpec, common: dict, path: tuple, passage, source) -> ClassifyItem:
        claims = _claims(checker, spec, path, source)
        return ClassifyItem(**common, labels=tuple(spec.labels), claims=claims)

    def score(self, item: ClassifyItem, labels: dict[int, str]) -> Result:
        """The share of claims given the right label."""
        points = []
        for index, claim in enumerate(item.claims):
            chosen = labels.get(index)
            verdict = RIGHT if chosen == claim.label else WRONG
            answered = f"You chose “{chosen}”." if chosen else "You gave no label."
            detail = f"{answered} The label is “{claim.label}”."
            points.append(Point(verdict, claim.quote, claim.why, detail, tone=TONES[verdict], sources=claim.sources))
        right = sum(point.verdict == RIGHT for point in points)
        summary = f"{right} of {len(item.claims)} claims labelled right."
        return Result(clamp(right / len(item.claims)), tuple(points), summary)

    def encode(self, item: ClassifyItem, labels: dict[int, str]) -> dict:
        return {"labels": {str(index): label for index, label in sorted(labels.items())}}

    def decode(self, item: ClassifyItem, data: dict) -> dict[int, str]:
        return {int(index): label for index, label in data.get("labels", {}).items()}

    def describe(self, item: ClassifyItem, labels: dict[int, str]) -> str:
        """Each claim with the label chosen."""
        return "; ".join(
            f"“{claim.quote}”: {labels.get(index, '(no label)')}" for index, claim in enumerate(item.claims)
        )

    def perfect(self, item: ClassifyItem) -> dict[int, str]:
        return {index: claim.label for index, claim in enumerate(item.claims)}

    def answer_fields(self, item: ClassifyItem) -> dict:
        return {
            f"claim_{index}": RadioField(
                choices=[SelectChoice(label) for label in item.labels],
                validators=[InputRequired(ForStudents(f"Choose a label for claim {index + 1}.")), one_value],
            )
            for index in range(len(item.claims))
        }

    def response_from(self, form, item: ClassifyItem) -> dict[int, str]:
        return {index: form[f"claim_{index}"].data for index in range(len(item.claims))}

    def form_data(self, item: ClassifyItem, labels: dict[int, str]) -> dict:
        return {f"claim_{index}": label for index, label in labels.items()}

    def question_parts(self, item: ClassifyItem, form) -> dict:
        """The claims' fields in claim order."""
        return {"claim_fields": [form[f"claim_{index}"] for index in range(len(item.claims))]}

    def class_view(self, item: ClassifyItem, responses: list[dict[int, str]]) -> list[BarRow]:
        """Each claim, with how many students gave it each of the item's labels."""
        rows = []
        for index, claim in enumerate(item.claims):
            given = Counter(labels.get(index) for labels in responses)
            bars = tuple(Bar(label, given[label], label == claim.label) for label in item.labels)
            rows.append(BarRow(claim.quote, bars))
        return rows

    def strategies(self, item: ClassifyItem) -> list:
        """Give every claim the label most often right in the item."""
        counts = Counter(claim.label for claim in item.claims)
        label = max(item.labels, key=lambda each: counts[each])  # the first of the labels on a tie
        share = self.score(item, {index: label for index in range(len(item.claims))}).score
        return [
            strategy(
                "one-label",
                f"label every claim “{label}”",
                share,
                f'labelling every claim "{label}"',
                "; add claims with other labels, so that no label is right for most of them",
            )
        ]


def _claims(checker, spec: ClassifySpec, path: tuple, source) -> tuple[ClaimKey, ...]:
    """The claims found in the source; each label not among the item's labels, and each quote not found, reported."""
    if len(set(spec.labels)) < len(spec.labels):
        checker.report(path + ("labels",), "the same label is listed twice: keep each label once")
    claims = []
    for index, claim in enumerate(spec.claims):
        claim_path = path + ("claims", index)
        if claim.label not in spec.labels:
            listed = ", ".join(f"`{label}`" for label in spec.labels)
            checker.report(claim_path + ("label",), f"label `{claim.label}` is not one of the item's labels ({listed})")
        if source is None:
            continue
        where = f"source `{source.stem}`"
        span = checker.locate(source.text, claim.quote, claim.occurrence, claim_path + ("quote",), where)
        if span is not None:
            sources = tuple(claim.sources or ())
            claims.append(ClaimKey(source.text[span.start : span.end], claim.label, claim.why, span, sources))
    return tuple(claims)
