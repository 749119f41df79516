"""The shipped bank covers the whole seed article, every skill, and runs easy to hard."""

import pytest

from quiz.bank.schema import SKILLS
from quiz.text.sources import paragraphs

SEED = "mko-article"
# The format's own example is the teachers' reference, kept by someone else: the bank must
# stand without it.
REFERENCE_SETS = {"example"}
# Within a skill the home page lists sets in file-name order: this is the intended easy-to-hard run.
SET_ORDER = {
    "unsourced_claims": ["unsourced-claims", "unsourced-claims2", "unsourced-claims3-what-kind-of-text"],
    "loaded_wording": ["loaded-wording", "loaded-wording2", "loaded-wording3-how-it-argues"],
    "missing_context": [
        "missing-context",
        "missing-context2",
        "missing-context3-compare-the-sides",
        "missing-context3-lateral-reading",
    ],
}


@pytest.fixture(scope="module")
def bank_sets(shipped):
    return [s for s in shipped.sets.values() if s.id not in REFERENCE_SETS]


@pytest.fixture(scope="module")
def items(bank_sets):
    return [item for exercise_set in bank_sets for item in exercise_set.items]


def quoted_spans(item):
    """Where in the seed an item quotes, as its type says: a new type is covered without a change here."""
    return list(item.quoted())


def test_every_paragraph_of_the_seed_is_quoted_by_an_item(shipped, bank_sets, items):
    assert all(exercise_set.source == SEED for exercise_set in bank_sets)
    marks = [span for item in items for span in quoted_spans(item)]
    uncovered = [
        "".join(segment.text for segment in paragraph)
        for paragraph in paragraphs(shipped.sources[SEED].text, marks)
        if not any(segment.marked for segment in paragraph)
    ]
    assert uncovered == [], "paragraphs no item quotes:\n" + "\n".join(text[:80] for text in uncovered)


def test_there_are_enough_items_for_each_skill(items):
    assert len(items) >= 36
    for skill in SKILLS:
        count = sum(item.skill == skill for item in items)
        assert count >= 10, f"only {count} items practise {skill}"


def test_every_set_opens_with_a_two_line_reminder(bank_sets):
    for exercise_set in bank_sets:
        lines = (exercise_set.intro or "").strip().splitlines()
        assert len(lines) == 2 and all(line.strip() for line in lines), exercise_set.id


def test_the_sets_of_each_skill_are_listed_easy_to_hard(shipped):
    for skill, expected in SET_ORDER.items():
        listed = [set_id for set_id, exercise_set in shipped.sets.items() if exercise_set.skill == skill]
        assert listed == expected, skill
