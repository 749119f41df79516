"""The "closest text" hint for a quote not in its source costs a bounded amount of work (issue 14, H1).

A quote or claim that is not in its source gets a hint: the closest text, found with difflib. Against a 1 MB source
that search took 5 to 9 s a quote, and an exercise file of 20 such claims, uploaded three times at once, held every
gunicorn worker past its timeout. The work is now bounded per quote and per file, whatever the source's size.
"""

import difflib
import random
import time
from collections import Counter

import pytest

from helpers import SHIPPED_EXERCISES, set_file
from quiz.bank import exercises
from quiz.bank.exercises import FILE_HINT_WORK, FILE_SEARCH_WORK
from quiz.bank.loading import check_bytes
from quiz.bank.uploads import LARGEST_SOURCE, UploadRefused, save_source
from quiz.text.closest import HINT_WORK, closest
from quiz.text.sources import LOOKING_AT_ONE, MOST_LOOKED_AT, SCANNED_PER_UNIT, Source

# Like the report's big-src.txt: sentences of the NATO alphabet, common words and random tokens, so that the attack's
# words ("zulu yankee xray") are in the source thousands of times and every one of them is a place to look.
WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliett kilo lima mike november oscar papa quebec romeo "
    "sierra tango uniform victor whiskey xray yankee zulu the a of and to in is was for on that with as by it from at "
    "said not but have has were which this be are or an their they who been had its more one about after report"
).split()
ATTACK_QUOTE = "zulu yankee xray wKxI"


def varied_text(size: int, seed: int = 14) -> str:
    """About size bytes of varied sentences of 6 to 24 words, in paragraphs."""
    rng = random.Random(seed)
    paragraphs, sentences, length = [], [], 0
    while length < size:
        words = [rng.choice(WORDS) if rng.random() < 0.8 else _token(rng) for _ in range(rng.randint(6, 24))]
        sentences.append(" ".join(words).capitalize() + rng.choice(".....!?"))
        length += len(sentences[-1]) + 1
        if rng.random() < 0.15:
            paragraphs.append(" ".join(sentences))
            sentences = []
    return "\n\n".join([*paragraphs, " ".join(sentences)])[:size]


def _token(rng: random.Random) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4))


def attack_file(quotes: list[str]) -> bytes:
    """The report's exercise file: one classify item whose claims are the quotes (20 in the report)."""
    claims = "".join(f'      - quote: "{quote}"\n        label: opinion\n        why: w\n' for quote in quotes)
    return (
        "title: slow\nsource: big-src\nskill: unsourced_claims\nitems:\n"
        "  - id: c1\n    type: classify\n    prompt: p\n    labels: [opinion, fact]\n    claims:\n" + claims
    ).encode()


@pytest.fixture(scope="module")
def big_sources() -> dict[int, dict[str, Source]]:
    """A source of about 100 KB and one of about 1 MB (the upload limit), each as the bank's only source."""
    return {size: {"big-src": Source("big-src", varied_text(size, seed=size), "Big")} for size in (100_000, 1_000_000)}


@pytest.fixture
def difflib_counts(monkeypatch) -> Counter:
    """What difflib compares, counted as it runs: calls, characters read by quick_ratio(), pairs tried by ratio()."""
    counts: Counter = Counter()
    ratio, quick_ratio = difflib.SequenceMatcher.ratio, difflib.SequenceMatcher.quick_ratio

    def counted_ratio(matcher):
        counts["calls"] += 1
        counts["pairs"] += len(matcher.a) * len(matcher.b)
        return ratio(matcher)

    def counted_quick_ratio(matcher):
        counts["calls"] += 1
        counts["characters"] += len(matcher.a)
        return quick_ratio(matcher)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted_ratio)
    monkeypatch.setattr(difflib.SequenceMatcher, "quick_ratio", counted_quick_ratio)
    return counts


def test_the_attack_file_is_checked_with_work_that_does_not_grow_with_the_source(big_sources, difflib_counts):
    raw = attack_file([ATTACK_QUOTE] * 20)
    assert len(raw) < 2000
    work = {}
    for size, sources in big_sources.items():
        difflib_counts.clear()
        started = time.perf_counter()
        _, problems = check_bytes(raw, "slow.yaml", "slow", sources)
        assert time.perf_counter() - started < 10  # about 0.3 s at 1 MB, most of it reading the source
        assert len(problems) == 20
        assert all(p.message.startswith("quote not found in the source `big-src`; ") for p in problems)
        work[size] = dict(difflib_counts)
    assert work[100_000]["calls"] > 0  # the hints did search
    for counts in work.values():
        # A unit of the budget pays for two pairs of characters of ratio(), or half a character of quick_ratio().
        assert counts["pairs"] + counts["characters"] <= 2 * FILE_HINT_WORK
    assert work[1_000_000]["calls"] <= 1.5 * work[100_000]["calls"]


def test_a_file_of_the_worst_quotes_still_spends_no_more_than_its_budget(big_sources, difflib_counts):
    """Claims made of the source's own words, each different: every place they share words with is a candidate."""
    sources = big_sources[1_000_000]
    words = sources["big-src"].text.split()
    rng = random.Random(3)
    quotes = [" ".join(rng.choice(words) for _ in range(rng.choice((3, 8, 20, 40)))).strip(".!?") for _ in range(50)]
    started = time.perf_counter()
    _, problems = check_bytes(attack_file(quotes), "worst.yaml", "worst", sources)
    assert time.perf_counter() - started < 10  # about 0.3 s
    assert len(problems) == 50
    assert difflib_counts["pairs"] + difflib_counts["characters"] <= 2 * FILE_HINT_WORK
    # Once the file's budget is spent the last claims get no closest text, only the advice to check the copy.
    assert problems[-1].message == "quote not found in the source `big-src`; check that it is copied from the text"


def test_a_slip_in_a_sentence_deep_in_a_big_source_still_gets_the_closest_text(big_sources):
    text = big_sources[1_000_000]["big-src"].text
    sentence = next(s for s in text[900_000:].split(". ")[1:] if len(s.split()) >= 12)
    words = sentence.split()
    cases = [
        (" ".join(words[:5] + ["kilogram"] + words[6:]), f'you wrote "kilogram", the text has "{words[5]}"'),
        (" ".join(words[:4] + [words[4] + "s"] + words[5:]), f'you wrote "{words[4]}s", the text has "{words[4]}"'),
        (" ".join(words[:7] + words[8:]), f'the text has "{words[7]}" here'),
    ]
    for quote, difference in cases:
        found = closest(text, quote)
        assert (found.text, found.likeness > 0.9) == (sentence, True)
        assert found.work <= HINT_WORK
        _, problems = check_bytes(attack_file([quote]), "slip.yaml", "slip", big_sources[1_000_000])
        assert problems[0].message.endswith(f"({difference})")


def test_a_quote_whose_budget_runs_out_gets_no_closest_text(big_sources):
    text = big_sources[100_000]["big-src"].text
    sentence = text.split(". ")[40]
    quote = sentence.replace(" ", "  x ", 1)
    assert closest(text, quote).likeness > 0.9
    spent = closest(text, quote).work
    starved = closest(text, quote, budget=spent // 10)
    assert (starved.text, starved.likeness) == ("", 0.0)
    assert starved.work <= spent // 10


PASSAGE = """\
  - id: item-{number}
    type: highlight
    prompt: Mark the judgement.
    passage: {passage}
    answers:
      - quote: leopard
        why: An idiom.
"""


def test_the_hints_of_one_file_share_its_budget(sources, monkeypatch):
    mistyped = "A leopard cannot change his spots."
    text = set_file(*(PASSAGE.format(number=number, passage=mistyped) for number in range(3)))
    hint = 'the closest text (97% alike) is: "A leopard cannot change its spots." (you wrote "his", the text has "its")'
    _, problems = check_bytes(text.encode(), "x.yaml", "x", sources)
    assert [p.message for p in problems] == [f"passage not found in the source `mko-article`; {hint}"] * 3
    one_hint = closest(sources["mko-article"].text, mistyped).work
    monkeypatch.setattr(exercises, "FILE_HINT_WORK", 2 * one_hint)
    _, problems = check_bytes(text.encode(), "x.yaml", "x", sources)
    assert [p.message.split("; ")[1] for p in problems] == [hint, hint, "check that it is copied from the text"]


def test_a_source_over_the_size_limit_is_refused_with_the_limit_and_what_to_do(tmp_path):
    with pytest.raises(UploadRefused) as refused:
        save_source(tmp_path, "big", b"x" * (LARGEST_SOURCE + 1))
    assert str(refused.value) == "The document is over 1024 KiB: upload the article's text only."
    assert list(tmp_path.iterdir()) == []
    assert save_source(tmp_path, "at-the-limit", b"x" * LARGEST_SOURCE).stat().st_size == LARGEST_SOURCE


def many_items_of_claims(quotes: list[str], per_item: int = 50) -> bytes:
    """A file of classify items (50 claims each at most) whose claims are looked for in the whole source."""
    items = []
    for first in range(0, len(quotes), per_item):
        claims = "".join(
            f'      - quote: "{q}"\n        label: opinion\n        why: w\n' for q in quotes[first:][:per_item]
        )
        items.append(f"  - id: c{first}\n    type: classify\n    prompt: p\n    labels: [opinion, fact]\n    claims:\n")
        items.append(claims)
    return ("title: slow\nsource: big-src\nskill: unsourced_claims\nitems:\n" + "".join(items)).encode()


@pytest.fixture
def search_work(monkeypatch) -> list[int]:
    """The work of every search the checker makes, as it makes them."""
    spent: list[int] = []
    search = exercises.search

    def counted(*args, **kwargs):
        found = search(*args, **kwargs)
        spent.append(found.work)
        return found

    monkeypatch.setattr(exercises, "search", counted)
    return spent


@pytest.mark.parametrize("quote", ["the", "e", "the of", ATTACK_QUOTE])
def test_thousands_of_quotes_in_a_big_source_stop_at_the_files_search_budget(big_sources, search_work, quote):
    """Finding a quote costs work for every place its string appears: 2,000 claims of "the" against a 1 MB source
    took 14.5 s before the budget."""
    _, problems = check_bytes(many_items_of_claims([quote] * 2000), "slow.yaml", "slow", big_sources[1_000_000])
    assert "Lens stopped checking this file here" in problems[-1].message
    assert "Split it into smaller files" in problems[-1].message
    largest_search = LOOKING_AT_ONE * MOST_LOOKED_AT + 1_000_000 // SCANNED_PER_UNIT + 1
    assert sum(search_work) <= FILE_SEARCH_WORK + largest_search
    assert max(search_work) <= largest_search


def test_a_quote_found_in_too_many_places_asks_for_more_words(big_sources):
    _, problems = check_bytes(attack_file(["e"]), "slow.yaml", "slow", big_sources[1_000_000])
    assert [p.message for p in problems] == [
        f"the quote is found more than {MOST_LOOKED_AT} times in the source `big-src` (inside other words too): "
        "quote more words, so that it points to one place"
    ]


def test_the_shipped_bank_spends_a_hundredth_of_the_search_budget_at_most(shipped, search_work):
    for set_id in shipped.sets:
        search_work.clear()
        raw = (SHIPPED_EXERCISES / f"{set_id}.yaml").read_bytes()
        _, problems = check_bytes(raw, f"{set_id}.yaml", set_id, shipped.sources)
        assert problems == []
        assert sum(search_work) < FILE_SEARCH_WORK / 100, set_id
