"""Readability checks: words, sentences and syllables counted as a reader counts them, the Flesch–Kincaid grade, and
the warnings authors read when a prompt, a `why` or a set's explanations are too long or too hard for 14-year-olds."""

import pytest

from helpers import built, set_file
from quiz.text.readability import Measure, grade, measure, sentence_count, syllable_count, word_count, words

READABILITY = ("the prompt is ", "this `why` is ", "the set's explanations read at grade ")

# 23 sentences of 3 words and one of 1: 70 words, the most a `why` may have; 71 with one word more.
WHY_70 = "Nobody is named. " * 23 + "Ask."
WHY_71 = "Nobody is named. " * 23 + "Ask who."
# 13 sentences of 3 words and one of 1: 40 words, the most a prompt may have; 41 with one word more.
PROMPT_40 = "Mark the words. " * 13 + "Stop."
PROMPT_41 = "Mark the words. " * 13 + "Then stop."
# By hand: The 1, gov-ern-ment 3, or-gan-i-za-tion 5, is 1, i-den-ti-fied 4, but 1, no 1, doc-u-men-ta-ry 5,
# ev-i-dence 3, is 1, pro-vid-ed 3: 28 syllables in 11 words and 1 sentence.
HARD = "The government organization is identified, but no documentary evidence is provided."


def item(prompt: str = "Mark who is said to have passed the information on.", why: str = "Nobody is named.") -> str:
    """A highlight item that passes the gaming checks: starting at line 5 of a set_file, its prompt's value is at
    7:13 and its why's at 11:14."""
    return f"""\
  - id: who-told
    type: highlight
    prompt: {prompt}
    passage: The information about these U.S. advisers was transferred to the MEK by the USSR security service.
    answers:
      - quote: by the USSR security service
        why: {why}
"""


def readability_warnings(text: str, sources) -> list[str]:
    """The readability warnings of the set a file builds, as validate prints them."""
    exercise_set = built(set_file(text, skill="unsourced_claims"), sources)
    return [str(warning) for warning in exercise_set.warnings if warning.message.startswith(READABILITY)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 6 words, 1 sentence, 6 syllables: 0.39 × 6 + 11.8 × 1 − 15.59 = 2.34 + 11.8 − 15.59 = −1.45.
        ("The cat sat on the mat.", -1.45),
        # Stu-dents 2, read 1, the 1, pas-sage 2, slow-ly 2; then 9 words of one syllable: 14 words, 2 sentences,
        # 17 syllables: 0.39 × 7 + 11.8 × 17/14 − 15.59 = 2.73 + 14.3286 − 15.59 = 1.4686.
        ("Students read the passage slowly. Then they mark each word that needs a source.", 1.4686),
        # 11 words, 1 sentence, 28 syllables: 0.39 × 11 + 11.8 × 28/11 − 15.59 = 4.29 + 30.0364 − 15.59 = 18.7364.
        (HARD, 18.7364),
        # One word of two syllables (hel-lo): 0.39 + 23.6 − 15.59 = 8.4.
        ("Hello.", 8.4),
        # A number is a word of one syllable: 4 words, 1 sentence, 4 syllables: 1.56 + 11.8 − 15.59 = −2.23.
        ("In 1981 and 1997.", -2.23),
    ],
)
def test_the_flesch_kincaid_grade_of_texts_counted_by_hand(text, expected):
    assert grade(text) == pytest.approx(expected, abs=0.0001)


def test_a_text_without_words_has_no_grade():
    assert measure("") == Measure(0, 0, 0)
    assert grade("") is None
    assert grade(" — ... ") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("Word", 1),
        ("A — B ... c", 3),  # a dash or dots standing alone is not a word
        ("The U.S. list, 1997–2012: removed.", 5),
        ("Rajavi's well-known group", 3),
        ("  spaces\tand\nnew lines  ", 4),
    ],
)
def test_words_are_counted_as_a_reader_counts_them(text, expected):
    assert word_count(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", 0),
        ("no stop at the end", 1),
        ("One. Two! Three? Four.", 4),
        ("The U.S. government agreed. It was 1997.", 2),  # initials do not end a sentence
        ("Dr. Smith spoke. Mr. Jones did not.", 2),  # nor titles
        ("Read it, e.g. this line.", 1),
        ('He said "Go." Then he left.', 2),  # the stop inside a closing quote mark
        ("It ended. and went on", 1),  # a small letter after the stop: not a new sentence
        ("In 1980. 1981 came.", 2),  # a digit starts one
        ("First paragraph\n\nsecond paragraph", 2),  # so does a blank line
    ],
)
def test_sentences_end_where_a_reader_sees_them_end(text, expected):
    assert sentence_count(text) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("cat", 1),
        ("beautiful", 3),  # beau-ti-ful, from the hyphenation dictionary
        ("organization", 5),
        ("about", 2),  # a-bout: hyphenation never splits the first two letters; the vowels count it
        ("idea,", 2),  # i-de-a has three; the estimate misses one where two vowels sit together
        ("walked", 1),
        ("table", 2),
        ("whole", 1),
        ("places", 2),
        ("well-known", 2),
        ("Rajavi's", 3),
        ("U.S.", 2),
        ("1981", 1),
        ("—", 1),
    ],
)
def test_syllables(word, expected):
    assert syllable_count(word) == expected


def test_counts_add_up_so_that_a_set_is_graded_as_one_text():
    # 3 words, 1 sentence, 5 syllables (no-bo-dy, is, named) and 11, 1, 28 (HARD): 14 words, 2 sentences, 33
    # syllables: 0.39 × 7 + 11.8 × 33/14 − 15.59 = 2.73 + 27.8143 − 15.59 = 14.9543, not the mean of the two grades.
    both = measure("Nobody is named.") + measure(HARD)
    assert both == Measure(14, 2, 33)
    assert both.grade == pytest.approx(14.9543, abs=0.0001)


def test_a_file_within_the_limits_gets_no_readability_warning(sources):
    assert readability_warnings(item(PROMPT_40, WHY_70), sources) == []


def test_a_long_why_is_warned_at_its_why(sources):
    assert readability_warnings(item(why=WHY_71), sources) == [
        "x.yaml:11:14: warning: this `why` is 71 words: keep it to 70 (move sources into `sources:`)"
    ]


def test_a_long_prompt_is_warned_at_its_prompt(sources):
    assert readability_warnings(item(prompt=PROMPT_41), sources) == [
        "x.yaml:7:13: warning: the prompt is 41 words: keep it to 40 (put a record to read in `evidence:`)"
    ]


def test_every_why_of_a_list_is_checked_where_it_is_written(sources):
    options = f"""\
  - id: which
    type: choice
    prompt: Which?
    options:
      - text: One
        why: Nobody is named.
        correct: true
      - text: Two
        why: Nobody is named.
      - text: Three
        why: {WHY_71}
"""
    assert readability_warnings(options, sources) == [
        "x.yaml:15:14: warning: this `why` is 71 words: keep it to 70 (move sources into `sources:`)"
    ]


def test_a_hard_set_is_warned_at_items_with_the_grade_of_all_its_explanations(sources):
    # The two whys together: grade 14.9543 (above), shown as 15.0.
    hard = item(why="Nobody is named.") + item(why=HARD).replace("who-told", "who-else")
    assert readability_warnings(hard, sources) == [
        "x.yaml:4:1: warning: the set's explanations read at grade 15.0 (Flesch–Kincaid): aim for 8.5 or below — "
        "shorter sentences and shorter words"
    ]


def test_validate_prints_readability_warnings_and_strict_makes_them_fail(runner, tmp_path):
    path = tmp_path / "long.yaml"
    path.write_text(set_file(item(why=WHY_71), skill="unsourced_claims"), encoding="utf-8")
    plain = runner.invoke(args=["validate", str(path)])
    assert plain.exit_code == 0, plain.output
    assert plain.output.splitlines() == [
        f"{path}:11:14: warning: this `why` is 71 words: keep it to 70 (move sources into `sources:`)",
        "OK: 1 file(s), 1 item(s) (unsourced_claims 1). 1 warning(s): see above.",
    ]
    strict = runner.invoke(args=["validate", "--strict", str(path)])
    assert strict.exit_code == 1
    assert strict.output.splitlines()[-1] == "Error: --strict: the 1 warning(s) count as failures."


def test_the_shipped_bank_still_loads_whatever_its_readability(shipped):
    assert [str(problem) for problem in shipped.problems] == []
    assert shipped.sets
    assert all(warning.warning for warning in shipped.warnings)


def test_a_long_run_of_marks_counts_no_word_and_is_read_once():
    """Dashes or dots by the thousand in a `why` (a file may hold 5,000 characters there) count as no word; the
    word pattern starts only at the beginning of a run, or checking such a file would take a minute."""
    assert words("-" * 5000) == [] and words("-" * 5000 + " a —— b") == ["a", "b"]
