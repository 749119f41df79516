"""Words a teacher selects in a source document, turned into the exact quote an exercise file holds.

The builder's pages send word numbers (of the whole source, as quiz/text/words.py splits it), never typed text: the
quote is the source's own characters from the first word's start to the last word's end, so it always matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from quiz.bank.loading import ENTRY_KEYS
from quiz.bank.yamlsafe import YamlRefused, read_yaml
from quiz.text.sources import Span, find_all
from quiz.text.words import Word, split_words, words_in

# What ends a sentence just before a word, or just after one (closing quotes and brackets may follow the stop).
ENDS_SENTENCE = re.compile(r"[.!?…][\"'”’»)\]]*$")
OPENING = "\"'“‘«([—–-"


@dataclass(frozen=True)
class Selection:
    """A run of the source's words: the exact text, and the quote as a file writes it."""

    first: int
    last: int
    span: Span
    text: str
    cut_before: bool
    cut_after: bool

    def quote(self, mark_cuts: bool = True) -> str:
        """The text, with `...` where it starts or ends inside a sentence (when asked to mark cuts)."""
        if not mark_cuts:
            return self.text
        return ("... " if self.cut_before else "") + self.text + (" ..." if self.cut_after else "")


def selected(source: str, words: tuple[Word, ...], first: int, last: int) -> Selection | None:
    """The words first to last (in either order) of the source; None when a number is not one of its words."""
    first, last = min(first, last), max(first, last)
    if first < 0 or last >= len(words):
        return None
    span = Span(words[first].start, words[last].end)
    cut_before, cut_after = _cut_before(source, span), _cut_after(source, span)
    if not cut_after:  # a whole sentence keeps its full stop (and a closing quote mark), as a teacher copies it
        span = Span(span.start, span.end + _glued(source, span.end))
    return Selection(first, last, span, source[span.start : span.end], cut_before, cut_after)


def _glued(source: str, at: int) -> int:
    """How many characters of punctuation follow position at, up to a space."""
    length = 0
    while at + length < len(source) and not source[at + length].isspace():
        length += 1
    return length


def _cut_before(source: str, span: Span) -> bool:
    """Whether the text starts inside a sentence: what comes before its first word (past any opening quote mark)
    neither ends a sentence nor a line."""
    before = source[: span.start]
    glued = len(before) - len(before.rstrip("".join(OPENING)))
    earlier = before[: len(before) - glued]
    if earlier[-1:] and not earlier[-1].isspace():
        return True
    earlier = earlier.rstrip(" \t")
    return not (earlier == "" or earlier.endswith("\n") or ENDS_SENTENCE.search(earlier))


def _cut_after(source: str, span: Span) -> bool:
    """Whether the text ends inside a sentence: the punctuation after its last word ends none, nor does a line."""
    after = source[span.end :]
    token = after.split(maxsplit=1)[0] if after[:1] and not after[0].isspace() else ""
    if ENDS_SENTENCE.search(token):
        return False
    rest = after[len(token) :].lstrip(" \t")
    return not (rest == "" or rest.startswith("\n"))


def occurrence(haystack: str, text: str, start: int) -> int | None:
    """Which occurrence of text in haystack starts at start (1 = the first); None when it occurs only once."""
    spans = find_all(haystack, text)
    if len(spans) < 2:
        return None
    return next((number for number, span in enumerate(spans, 1) if span.start == start), None)


def range_of(source: str, words: tuple[Word, ...], quote: str, within: Span | None = None, nth: int | None = None):
    """The (first, last) source words of a quote found in the source (or inside within, counted there), or None."""
    start = within.start if within else 0
    haystack = source[start : within.end] if within else source
    spans = find_all(haystack, quote)
    if not spans or (nth or 1) > len(spans):
        return None
    found = spans[(nth or 1) - 1]
    numbers = words_in(words, Span(found.start + start, found.end + start))
    return (min(numbers), max(numbers)) if numbers else None


def source_words(source: str) -> tuple[Word, ...]:
    """The source's words, numbered as the builder's pages number them."""
    return split_words(source)


DEFAULT_LABELS = ("named source", "vague source", "no source", "opinion")


def item_from_draft(draft: dict, source: str, words: tuple[Word, ...]) -> dict:
    """The item as the file format writes it, from the builder's draft (word numbers, whys, options)."""
    item: dict = {"id": draft["id"], "type": draft["type"]}
    if draft.get("skill"):
        item["skill"] = draft["skill"]
    item["prompt"] = draft["prompt"]
    passage = selected(source, words, *draft["passage"]) if draft.get("passage") else None
    if passage:
        item["passage"] = passage.quote()
        nth = occurrence(source, passage.text, passage.span.start)
        if nth:
            item["occurrence"] = nth
    if draft["type"] == "highlight":
        item["answers"] = [_answer(part, source, words, passage) for part in draft["parts"]]
    elif draft["type"] == "classify":
        if tuple(draft["labels"]) != DEFAULT_LABELS:
            item["labels"] = list(draft["labels"])
        item["claims"] = [_claim(part, source, words) for part in draft["parts"]]
    else:
        item["options"] = [_option(option) for option in draft["options"]]
        if draft.get("multiple"):
            item["multiple"] = True
        if not draft.get("shuffle", True):
            item["shuffle"] = False
    return item


def _answer(part: dict, source: str, words: tuple[Word, ...], passage: Selection | None) -> dict:
    """A key phrase: its words as the source has them; its occurrence counted in the passage, as the checker does."""
    chosen = selected(source, words, part["from"], part["to"])
    answer = {"quote": chosen.text if chosen else "", "why": part["why"]}
    if chosen and passage and passage.span.start <= chosen.span.start:
        nth = occurrence(passage.text, chosen.text, chosen.span.start - passage.span.start)
        if nth:
            answer["occurrence"] = nth
    return answer


def _claim(part: dict, source: str, words: tuple[Word, ...]) -> dict:
    """A claim: shown to students on its own, so a cut sentence says so with `...`; counted in the whole source."""
    chosen = selected(source, words, part["from"], part["to"])
    claim = {"quote": chosen.quote() if chosen else "", "label": part["label"], "why": part["why"]}
    nth = occurrence(source, chosen.text, chosen.span.start) if chosen else None
    if nth:
        claim["occurrence"] = nth
    return claim


def _option(option: dict) -> dict:
    written = {"text": option["text"]}
    if option.get("correct"):
        written["correct"] = True
    written["why"] = option["why"]
    return written


def draft_from_item(item: dict, source: str, words: tuple[Word, ...]) -> dict:
    """The builder's draft of an item read from a file: its quotes found again as word numbers of the source."""
    draft = {
        "id": item.get("id", ""),
        "type": item.get("type", "highlight"),
        "skill": item.get("skill") or "",
        "prompt": item.get("prompt", ""),
        "passage": None,
        "parts": [],
        "labels": list(item.get("labels") or DEFAULT_LABELS),
        "options": [
            dict(text=o.get("text", ""), correct=bool(o.get("correct")), why=o.get("why", ""))
            for o in item.get("options", [])
        ],
        "multiple": bool(item.get("multiple")),
        "shuffle": item.get("shuffle", True) is not False,
    }
    if item.get("passage"):
        draft["passage"] = range_of(source, words, item["passage"], nth=item.get("occurrence"))
    within = selected(source, words, *draft["passage"]).span if draft["passage"] else None
    for answer in item.get("answers", []):
        found = range_of(source, words, answer["quote"], within, answer.get("occurrence"))
        if found:
            draft["parts"].append({"from": found[0], "to": found[1], "why": answer.get("why", ""), "label": ""})
    for claim in item.get("claims", []):
        found = range_of(source, words, claim["quote"], nth=claim.get("occurrence"))
        if found:
            draft["parts"].append(
                {"from": found[0], "to": found[1], "why": claim.get("why", ""), "label": claim.get("label", "")}
            )
    return draft


def suggested_id(text: str, taken: set[str] | frozenset[str] = frozenset(), fallback: str = "item") -> str:
    """A short id from a title or a prompt (its first words, lower case, joined by -), not one of those taken."""
    words = re.findall(r"[a-z0-9]+", text.lower().translate(str.maketrans("", "", "'’")))
    stem = "-".join(words[:5])[:60].strip("-") or fallback
    candidate, number = stem, 2
    while candidate in taken:
        candidate, number = f"{stem}-{number}", number + 1
    return candidate


# ---- The validator's problems with a file the builder wrote, put beside the builder's fields.

ITEM_FIELDS = {"id": "item_id", "prompt": "prompt", "skill": "skill", "passage": "passage", "occurrence": "passage"}
SET_KEYS = ("title", "source", "skill", "intro")
# A key left out is reported where its owner starts ("item 1 is missing `passage` ..."): its field is the key's.
MISSING = re.compile(r"is missing `(\w+)`|has no `(\w+)`")


def problems_by_field(text: str, problems: list, index: int, kept_options: list[int]) -> dict[str, list[str]]:
    """Each problem's message under the field it concerns: read from where the written file put each key. Problems
    elsewhere in the file go under "file"; kept_options are the draft's numbers of the options written."""
    try:
        document = read_yaml(text.encode("utf-8"), ENTRY_KEYS)
    except YamlRefused:
        return {"file": [problem.message for problem in problems]}
    at = {(where.line, where.column): path for path, where in [*document.keys.items(), *document.values.items()]}
    placed: dict[str, list[str]] = {}
    for problem in problems:
        path = at.get((problem.line, problem.column))
        if path is None:  # the nearest key written before the problem
            earlier = [spot for spot in at if spot <= (problem.line, problem.column)]
            path = at[max(earlier)] if earlier else ()
        missing = MISSING.search(problem.message)
        path = (*path, missing.group(1) or missing.group(2)) if missing else path
        placed.setdefault(field_of(path, index, kept_options), []).append(problem.message)
    return placed


def field_of(path: tuple, index: int, kept_options: list[int]) -> str:
    """The builder's field that holds what is at path of the file."""
    if len(path) == 1 and path[0] in SET_KEYS:
        return "set"
    if path[:2] != ("items", index):
        return "file"
    rest = path[2:]
    if not rest:
        return "item"
    if rest[0] in ("answers", "claims") and len(rest) > 1:
        return f"part-{rest[1]}"
    if rest[0] == "options" and len(rest) > 1 and rest[1] < len(kept_options):
        return f"option-{kept_options[rest[1]]}"
    if rest[0] in ("options", "multiple", "shuffle"):
        return "options"
    if rest[0] in ("answers", "claims"):
        return "parts"
    return ITEM_FIELDS.get(rest[0], "labels" if rest[0] == "labels" else "item")


def as_written(old: object, new: object) -> object:
    """The new item, keeping each old value whose text differs only in spaces and line breaks (a folded `>` value
    ends in a line break the form never sends back), so that an edit rewrites only what the teacher changed."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {key: as_written(old.get(key), value) for key, value in new.items()}
    if isinstance(old, list) and isinstance(new, list):
        return [as_written(old[index] if index < len(old) else None, value) for index, value in enumerate(new)]
    if isinstance(old, str) and isinstance(new, str) and old.split() == new.split():
        return old
    return new


# What the builder's form edits; whatever else an item or an entry holds (evidence, an explanation's sources, a field
# a later format adds) is carried over from the file untouched when the teacher saves an edit.
BUILT_ITEM_KEYS = frozenset(
    {"id", "type", "skill", "prompt", "passage", "occurrence", "answers", "labels", "claims", "options"}
    | {"multiple", "shuffle"}
)
BUILT_ENTRY_KEYS = frozenset({"quote", "text", "occurrence", "label", "correct", "why"})
ENTRY_LISTS = {"answers": "quote", "claims": "quote", "options": "text"}


def with_unedited_fields(old: dict, new: dict) -> dict:
    """The edited item with what the builder does not edit kept from the file's item: its own other keys, and each
    entry's (matched by its quote or option text)."""
    kept = {key: value for key, value in old.items() if key not in BUILT_ITEM_KEYS and key not in new}
    result = dict(new) | kept
    for name, identity in ENTRY_LISTS.items():
        if name in result and isinstance(old.get(name), list):
            by_identity = {entry.get(identity): entry for entry in old[name] if isinstance(entry, dict)}
            result[name] = [_entry_kept(by_identity.get(entry.get(identity)), entry) for entry in result[name]]
    return result


def _entry_kept(old: dict | None, new: dict) -> dict:
    if old is None:
        return new
    return dict(new) | {key: value for key, value in old.items() if key not in BUILT_ENTRY_KEYS and key not in new}
