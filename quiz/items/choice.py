"""Choice items: the student picks the right option, or options, shown in an order of their own.

The order is derived, never stored: the same learner, attempt and item always give the same order, across reloads
and devices, while the answer names options by their place in the file, so scores never depend on the order shown.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, replace
from typing import Annotated, Literal

from pydantic import ConfigDict, Field
from wtforms import RadioField, SelectChoice, SelectMultipleField
from wtforms.validators import InputRequired
from wtforms.widgets import CheckboxInput

from quiz.items.answers import Chosen, ForStudents, one_value
from quiz.items.base import Bar, BarRow, Item, ItemType, Point, Result, Seat, clamp, whole_percent
from quiz.items.fields import SOURCES, Citation, ItemFields, Sources, Strict, Text, described
from quiz.items.gaming import THRESHOLD, Strategy, strategy

PICKED_RIGHT, PICKED_WRONG = "right pick", "wrong pick"
MISSED_OPTION, LEFT_OUT = "right option you missed", "rightly left out"
TONES = {PICKED_RIGHT: "good", PICKED_WRONG: "bad", MISSED_OPTION: "bad", LEFT_OUT: "neutral"}


class Option(Strict):
    """One option of a choice item."""

    model_config = ConfigDict(title="Option")
    text: Text = described("Required. The option as the student reads it.")
    correct: bool = described("Whether picking this option is right. Default: false.", default=False)
    why: Text = described("Required, not empty. Why this option is right or wrong; every option's why is shown.")
    sources: Sources | None = described(SOURCES, default=None)


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


@dataclass(frozen=True)
class OptionKey:
    text: str
    correct: bool
    why: str
    sources: tuple[Citation, ...] = ()  # the why's, kept beside it


@dataclass(frozen=True)
class ChoiceItem(Item):
    multiple: bool = False
    options: tuple[OptionKey, ...] = ()
    # Display only: responses name options by their place in the file, so the order shown never affects scores.
    shuffle: bool = True
    type: str = "choice"

    def _scored_parts(self) -> tuple:
        return (self.type, self.multiple, tuple((option.text, option.correct) for option in self.options))

    def explanations(self) -> list[str]:
        return [option.why for option in self.options]

    @property
    def correct(self) -> frozenset[int]:
        return frozenset(index for index, option in enumerate(self.options) if option.correct)

    def longest(self) -> list[int]:
        """The options with the most characters (more than one when they tie)."""
        most = max(len(option.text) for option in self.options)
        return [index for index, option in enumerate(self.options) if len(option.text) == most]


class Choice(ItemType):
    name = "choice"
    spec = ChoiceSpec
    lists = {"options": Option}
    entry_names = {"options": "option"}
    hints = {"options": "the list of options", "text": "the option as the student reads it"}
    point_name = "Option"
    example = """\
  - id: leopard-choice
    type: choice
    prompt: What does the sentence offer as its evidence?
    passage: A leopard cannot change its spots.
    options:
      - text: None, as it is an idiom standing in for an argument.
        correct: true
        why: The sentence names no event, source or figure, and a saying does the arguing.
      - text: A study of the group's history, cited in the sentence.
        why: No study is cited anywhere in the sentence.
      - text: The words of a named witness quoted in the sentence.
        why: Nobody is named or quoted in the sentence.
"""

    def build(self, checker, spec: ChoiceSpec, common: dict, path: tuple, passage, source) -> ChoiceItem:
        options = _options(checker, spec, path)
        return ChoiceItem(**common, multiple=spec.multiple, options=options, shuffle=spec.shuffle)

    def score(self, item: ChoiceItem, picked: frozenset[int]) -> Result:
        """1 or 0 for one answer; for several, right picks minus wrong picks over the right options, at least 0."""
        correct = item.correct
        picked = frozenset(index for index in picked if 0 <= index < len(item.options))
        right, wrong = len(picked & correct), len(picked - correct)
        score = max(0.0, (right - wrong) / len(correct)) if item.multiple else float(picked == correct)
        points = tuple(_point(index in picked, option) for index, option in enumerate(item.options))
        return Result(clamp(score), points, _summary(item, right, wrong, len(correct)))

    def encode(self, item: ChoiceItem, picked: frozenset[int]) -> dict:
        return {"picked": sorted(picked)}

    def decode(self, item: ChoiceItem, data: dict) -> frozenset[int]:
        return frozenset(int(index) for index in data.get("picked", []))

    def describe(self, item: ChoiceItem, picked: frozenset[int]) -> str:
        """The options picked, in the file's order."""
        # Stripped: a folded YAML value (`>`) ends with a line break, which a spreadsheet cell would keep.
        return "; ".join(option.text.strip() for index, option in enumerate(item.options) if index in picked)

    def perfect(self, item: ChoiceItem) -> frozenset[int]:
        return item.correct

    def answer_fields(self, item: ChoiceItem) -> dict:
        choices = [SelectChoice(index, option.text) for index, option in enumerate(item.options)]
        if item.multiple:
            picked = SelectMultipleField(
                choices=choices,
                coerce=int,
                option_widget=CheckboxInput(),
                validators=[Chosen(ForStudents("Pick at least one option."))],
            )
        else:
            picked = RadioField(
                choices=choices, coerce=int, validators=[InputRequired(ForStudents("Pick an option.")), one_value]
            )
        return {"picked": picked}

    def response_from(self, form, item: ChoiceItem) -> frozenset[int]:
        data = form.picked.data
        return frozenset(data if isinstance(data, list) else [data])

    def form_data(self, item: ChoiceItem, picked: frozenset[int]) -> dict:
        return {"picked": [str(place) for place in sorted(picked)]}

    def arrange(self, form, item: ChoiceItem, seat: Seat) -> None:
        """List the options in this learner's order; their values stay their places in the file."""
        form.picked.choices = [SelectChoice(place, item.options[place].text) for place in option_order(item, seat)]

    def as_seen(self, result: Result, item: ChoiceItem, seat: Seat) -> Result:
        return replace(result, points=tuple(result.points[place] for place in option_order(item, seat)))

    def strategies(self, item: ChoiceItem) -> list:
        """Always the first option shown; always the longest; for multiple answers, tick them all."""
        alone = _alone(self, item)
        found = [_first_option(item, alone), _longest_option(item, alone)]
        if item.multiple:
            everything = self.score(item, frozenset(range(len(item.options)))).score
            advice = "; add wrong options, so that ticking them all costs more"
            found.append(strategy("tick-all", "tick every option", everything, "ticking every option", advice))
        return found

    def class_view(self, item: ChoiceItem, responses: list[frozenset[int]]) -> list[BarRow]:
        """Each option in the file's order, with how many students picked it."""
        picks = Counter(place for picked in responses for place in picked)
        return [
            BarRow(option.text, (Bar("picked", picks[place], option.correct),))
            for place, option in enumerate(item.options)
        ]

    def set_warnings(self, items: list[ChoiceItem]) -> list[str]:
        """When always picking the longest option would score over a third across the set's choice items: in a set
        of one or two, when it would score more than one right pick would (one item may have its right option the
        longest)."""
        if not items:
            return []
        by_length = sum(_longest_option(item, _alone(self, item)).score for item in items) / len(items)
        if by_length <= max(THRESHOLD, 1 / len(items)):
            return []
        return [
            f"always picking the longest option scores {whole_percent(by_length)}% over the set's {len(items)} "
            "choice items; make the wrong options as long as the right ones, so that length gives nothing away in "
            "more than about a third of them"
        ]


def option_order(item: ChoiceItem, seat: Seat) -> tuple[int, ...]:
    """The options' places in the file, in the order this learner sees them in this attempt."""
    places = range(len(item.options))
    if not item.shuffle:
        return tuple(places)
    seed = f"{seat.learner}\0{seat.set_id}\0{seat.attempt}\0{item.id}\0"
    # A hash per option rather than random.shuffle: the order must not change with a Python version.
    return tuple(sorted(places, key=lambda place: hashlib.sha256(f"{seed}{place}".encode()).digest()))


def _options(checker, spec: ChoiceSpec, path: tuple) -> tuple[OptionKey, ...]:
    correct = sum(option.correct for option in spec.options)
    if correct == 0:
        checker.report(path + ("options",), "no option has `correct: true`: mark the right option")
    elif correct > 1 and not spec.multiple:
        checker.report(
            path + ("options",),
            f"{correct} options have `correct: true`: keep one, or add `multiple: true` to the item",
        )
    return tuple(
        OptionKey(option.text, option.correct, option.why, tuple(option.sources or ())) for option in spec.options
    )


def _point(picked: bool, option: OptionKey) -> Point:
    if picked:
        verdict = PICKED_RIGHT if option.correct else PICKED_WRONG
    else:
        verdict = MISSED_OPTION if option.correct else LEFT_OUT
    return Point(verdict, option.text, option.why, tone=TONES[verdict], sources=option.sources)


def _summary(item: ChoiceItem, right: int, wrong: int, correct: int) -> str:
    if not item.multiple:
        return "You picked the right option." if right else "You picked an option that is not the best answer."
    # The arithmetic itself, since one right and one wrong pick scoring 0% surprises students who are not shown it.
    picks = f"You picked {right} of the {correct} right option{_plural(correct)}"
    if not wrong:
        return f"{picks}: {right} ÷ {correct} = {whole_percent(right / correct)}%."
    picks += f" and {wrong} wrong one{_plural(wrong)}"
    if wrong > right:
        return f"{picks}: ({right} − {wrong}) ÷ {correct} is below zero, so the score is 0%."
    return f"{picks}: ({right} − {wrong}) ÷ {correct} = {whole_percent((right - wrong) / correct)}%."


def _plural(n: int) -> str:
    return "" if n == 1 else "s"


def _mean(scores: list[float]) -> float:
    """The expected score of picking one of these, each as likely as the others."""
    return sum(scores) / len(scores)


def _first_option(item: ChoiceItem, alone: list[float]):
    if item.shuffle:
        return strategy(
            "first-option",
            "always the first option shown (shuffled: the mean over options)",
            _mean(alone),
            "picking whichever option is shown first",
            " on average, as options are shuffled; add wrong options, so that a guess scores less",
        )
    return strategy(
        "first-option",
        "always the first option shown (not shuffled: the file's first)",
        alone[0],
        "always picking the first option",
        ", as `shuffle: false` shows the file's order; move the right option down, or remove `shuffle: false`",
    )


def _alone(item_type, item: ChoiceItem) -> list[float]:
    """What picking each option alone scores."""
    return [item_type.score(item, frozenset({index})).score for index in range(len(item.options))]


def _longest_option(item: ChoiceItem, alone: list[float]) -> Strategy:
    return Strategy(
        "longest-option",
        "always the longest option (the mean over any that tie)",
        _mean([alone[index] for index in item.longest()]),
        across_set=True,
    )
