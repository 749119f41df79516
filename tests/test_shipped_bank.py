"""The exercises shipped in exercises/ all load, and cover every skill."""

import pytest

from helpers import ROOT
from quiz.bank import load_bank
from quiz.schema import SKILLS


@pytest.fixture(scope="module")
def shipped():
    return load_bank(ROOT / "exercises", ROOT / "seeds")


def test_every_shipped_file_is_valid(shipped):
    assert [str(problem) for problem in shipped.problems] == []
    assert shipped.files_checked == len(shipped.sets) >= 4


def test_every_skill_has_a_set_and_the_example_mixes_all_three(shipped):
    skills = {exercise_set.skill for exercise_set in shipped.sets.values()}
    assert set(SKILLS) <= skills
    example = shipped.sets["example"]
    assert set(example.skills) == set(SKILLS)
    assert {item.type for item in example.items} == {"highlight", "classify", "choice"}


def test_every_explanation_is_written_out(shipped):
    for exercise_set in shipped.sets.values():
        for item in exercise_set.items:
            whys = [p.why for p in getattr(item, "key", ())] + [c.why for c in getattr(item, "claims", ())]
            whys += [o.why for o in getattr(item, "options", ())]
            assert all(len(why.split()) >= 5 for why in whys), (exercise_set.id, item.id)
