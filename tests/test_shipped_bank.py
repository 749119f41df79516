"""The exercises shipped in exercises/ all load, and cover every skill."""

from quiz.bank.schema import SKILLS
from quiz.items import score
from quiz.items.gaming import sentences


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
            whys = item.explanations()
            assert whys and all(len(why.split()) >= 5 for why in whys), (exercise_set.id, item.id)


def highlight_items(shipped) -> dict:
    """Every shipped highlight item, by set and item id."""
    return {
        (exercise_set.id, item.id): item
        for exercise_set in shipped.sets.values()
        for item in exercise_set.items
        if item.type == "highlight"
    }


def test_marking_every_word_scores_nothing_on_every_shipped_highlight_item(shipped):
    items = highlight_items(shipped)
    assert items
    everything = {
        name: score(item, frozenset(word.index for word in item.passage.words)) for name, item in items.items()
    }
    assert {name: result.score for name, result in everything.items() if result.score != 0} == {}


def test_marking_the_first_sentence_scores_at_most_a_quarter_on_average(shipped):
    scores = [score(item, sentences(item.passage)[0].words).score for item in highlight_items(shipped).values()]
    assert scores
    assert sum(scores) / len(scores) <= 0.25
