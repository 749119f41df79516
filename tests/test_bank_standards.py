"""The shipped bank, second edition (issue 16): readable at 14, no lazy strategy pays, facts sourced, both sides compared.

The limits are those `flask --app quiz validate --strict` enforces (docs/authoring.md, "Gaming checks" and
"Readability checks"); the tests below name each offender, so that a failure says which item to fix.
"""

from __future__ import annotations

import re

import pytest

from helpers import SHIPPED_EXERCISES
from quiz.bank.loading import MAX_GRADE, MAX_PROMPT_WORDS, MAX_WHY_WORDS
from quiz.bank.schema import SKILLS
from quiz.items import set_warnings, strategies
from quiz.items.gaming import THRESHOLD
from quiz.text.readability import Measure, measure, word_count

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
QUOTED = re.compile(r'"[^"]*"|“[^”]*”')
# The set that sets the article beside what the other side said of the same events (issue 16, part 6's fallback).
COMPARISON_SET = "missing-context3-compare-the-sides"


def every_item(shipped):
    return [(exercise_set.id, item) for exercise_set in shipped.sets.values() for item in exercise_set.items]


def explained_points(item) -> list:
    """Each part of an item's key with its `why`, its sources, and the words the student reads beside it."""
    if item.type == "highlight":
        return [(point.why, point.sources, point.quote) for point in item.key]
    if item.type == "classify":
        return [(claim.why, claim.sources, claim.quote) for claim in item.claims]
    return [(option.why, option.sources, option.text) for option in item.options]


def test_validate_strict_passes_on_the_whole_shipped_bank(runner):
    result = runner.invoke(args=["validate", "--strict", str(SHIPPED_EXERCISES)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


def test_every_prompt_and_every_why_is_short_enough_for_a_phone(shipped):
    long_prompts = [
        (set_id, item.id, word_count(item.prompt))
        for set_id, item in every_item(shipped)
        if word_count(item.prompt) > MAX_PROMPT_WORDS
    ]
    long_whys = [
        (set_id, item.id, word_count(why))
        for set_id, item in every_item(shipped)
        for why in item.explanations()
        if word_count(why) > MAX_WHY_WORDS
    ]
    assert (long_prompts, long_whys) == ([], [])


def test_every_sets_explanations_read_at_grade_8_5_or_below(shipped):
    grades = {
        exercise_set.id: sum((measure(why) for item in exercise_set.items for why in item.explanations()), Measure())
        for exercise_set in shipped.sets.values()
    }
    assert {set_id: round(m.grade, 1) for set_id, m in grades.items() if round(m.grade, 1) > MAX_GRADE} == {}


def test_no_lazy_strategy_scores_over_a_third_on_any_item_or_across_any_set(shipped):
    too_high = [
        (set_id, item.id, strategy.name, strategy.percent)
        for set_id, item in every_item(shipped)
        for strategy in strategies(item)
        if strategy.warns
    ]
    across_sets = {
        exercise_set.id: set_warnings(exercise_set.items)
        for exercise_set in shipped.sets.values()
        if set_warnings(exercise_set.items)
    }
    assert (too_high, across_sets) == ([], {})


def test_the_right_option_is_the_longest_in_about_a_third_of_the_banks_choice_items_at_most(shipped):
    choices = [item for _, item in every_item(shipped) if item.type == "choice"]
    by_length = [
        next(strategy for strategy in strategies(item) if strategy.name == "longest-option").score for item in choices
    ]
    assert len(choices) >= 20
    assert sum(by_length) / len(by_length) <= THRESHOLD


def test_every_why_that_gives_a_number_from_outside_the_item_names_its_source(shipped):
    unsourced = []
    for set_id, item in every_item(shipped):
        shown = " ".join(
            [item.prompt, item.passage.text if item.passage else "", item.evidence.record if item.evidence else ""]
        )
        for why, sources, beside in explained_points(item):
            new_numbers = set(NUMBER.findall(why)) - set(NUMBER.findall(f"{shown} {beside}"))
            if new_numbers and not sources:
                unsourced.append((set_id, item.id, beside[:40], sorted(new_numbers)))
    assert unsourced == []


def test_a_set_compares_the_article_with_the_other_sides_own_words_on_the_same_events(shipped):
    comparison = shipped.sets[COMPARISON_SET]
    assert len(comparison.items) >= 8
    assert set(comparison.skills) == set(SKILLS)
    # Every item quotes the article and sets a record beside it (the other side's words), with where it comes from.
    for item in comparison.items:
        assert item.passage is not None or item.type == "classify", item.id
        assert item.evidence is not None and item.evidence.source.title, item.id


@pytest.mark.parametrize("word", ["disavow", "pseudonymity", "cultic", "subpoenaed", "boilerplate", "insinuation"])
def test_the_hard_words_the_review_found_are_used_only_inside_quotations(shipped, word):
    """A source's own words may be quoted (and then explained); the bank's own prose says them plainly."""
    found = [
        (set_id, item.id)
        for set_id, item in every_item(shipped)
        if word in QUOTED.sub("", " ".join([item.prompt, *item.explanations()])).lower()
    ]
    assert found == []
