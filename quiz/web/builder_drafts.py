"""The builder's draft of an item between requests, and where it goes: the draft lives in the page's hidden fields,
as typed fields and word numbers (never quote text), and each button changes it (quiz/web/builder.py draws it and
checks it)."""

from __future__ import annotations

from dataclasses import dataclass

from quiz.bank import selection, writing
from quiz.bank.schema import SKILL_NAMES
from quiz.text.sources import Source

ITEM_TYPES = ("highlight", "classify", "choice")
PART_NAMES = {"highlight": "key phrase", "classify": "claim"}


@dataclass
class Target:
    """Where the item goes: a new set (its fields in the form), or a set on disk (its text), adding or replacing."""

    set_id: str
    title: str
    source: Source
    action_url: str  # where the page's buttons send the form; its live checks go to action_url/check.json
    fields: dict | None = None  # a new set's title, source, skill and intro
    text: str | None = None  # the file of an existing set
    replacing: str | None = None  # the id of the item being edited
    taken: frozenset[str] = frozenset()  # the other items' ids
    index: int = 0  # the item's place in the file's list
    original: dict | None = None  # the item being edited, as the file has it

    def file_text(self, item: dict) -> str:
        if self.text is None:
            return writing.new_set_file(self.fields, [item])
        if self.replacing is None:
            return writing.add_item(self.text, item)
        item = selection.with_unedited_fields(self.original, item)
        return writing.replace_item(self.text, self.replacing, selection.as_written(self.original, item))


def empty_draft(item_type: str) -> dict:
    item_type = item_type if item_type in ITEM_TYPES else "highlight"
    options = [{"text": "", "correct": False, "why": ""} for _ in range(3)] if item_type == "choice" else []
    return {
        "id": "",
        "type": item_type,
        "skill": "",
        "prompt": "",
        "passage": None,
        "parts": [],
        "labels": list(selection.DEFAULT_LABELS),
        "options": options,
        "multiple": False,
        "shuffle": True,
    }


def number(value: str | None) -> int | None:
    # ASCII only: "²" is a digit to str.isdigit(), not to int().
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 9 else None


def typed(value: str) -> str:
    """A text as the teacher typed it: a browser sends Enter as \r\n, which the file must not keep."""
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def draft_from_form(form, item_type: str) -> dict:
    """The draft as the page sent it back: typed fields, and word numbers for the passage and the parts."""
    draft = empty_draft(item_type)
    draft |= {key: typed(form.get(name, "")) for key, name in (("id", "item_id"), ("prompt", "prompt"))}
    draft["skill"] = form.get("skill", "") if form.get("skill", "") in SKILL_NAMES else ""
    first, last = number(form.get("passage_from")), number(form.get("passage_to"))
    draft["passage"] = (first, last) if first is not None and last is not None else None
    rows = zip(form.getlist("part_from"), form.getlist("part_to"), form.getlist("part_why"), strict=False)
    labels = form.getlist("part_label")
    for index, (first, last, why) in enumerate(rows):
        if number(first) is not None and number(last) is not None:
            label = labels[index] if index < len(labels) else ""
            draft["parts"].append({"from": number(first), "to": number(last), "why": typed(why), "label": label})
    labels_typed = [line.strip() for line in form.get("labels", "").splitlines() if line.strip()]
    draft["labels"] = labels_typed or list(selection.DEFAULT_LABELS)
    if item_type == "choice":
        correct = set(form.getlist("option_correct"))
        texts, whys = form.getlist("option_text"), form.getlist("option_why")
        draft["options"] = [
            {"text": typed(text), "correct": str(index) in correct, "why": typed(why)}
            for index, (text, why) in enumerate(zip(texts, whys, strict=False))
        ]
        draft["multiple"] = form.get("multiple") == "several"
        draft["shuffle"] = form.get("shuffle") == "on"
    return draft


def ticked(form, name: str) -> list[int]:
    return sorted(number for number in map(number, form.getlist(name)) if number is not None)


def apply_action(action: str, draft: dict, form) -> str:
    """Change the draft as the button pressed asks; what to tell the teacher when nothing could be done."""
    if action == "passage":
        picked = ticked(form, "pick_passage")
        if not picked:
            return "Tick the first and the last word of the passage in the document, then press “Use as the passage”."
        draft["passage"] = (picked[0], picked[-1])
    elif action == "no-passage":
        draft["passage"] = None
    elif action == "add-part":
        picked = ticked(form, "pick_part")
        if not picked:
            return f"Tick the first and the last word of the {PART_NAMES[draft['type']]} in the passage first."
        draft["parts"].append({"from": picked[0], "to": picked[-1], "why": "", "label": ""})
    elif action.startswith("remove-part-") and number(action[12:]) is not None:
        del draft["parts"][number(action[12:]) : number(action[12:]) + 1]
    elif action == "add-option":
        draft["options"].append({"text": "", "correct": False, "why": ""})
    elif action.startswith("remove-option-") and number(action[14:]) is not None:
        del draft["options"][number(action[14:]) : number(action[14:]) + 1]
    return ""
