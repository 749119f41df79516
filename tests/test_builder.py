"""The exercise builder: a teacher writes a set by ticking words of the source; Lens writes and checks the file."""

from __future__ import annotations

import difflib
import re
import shutil

import pytest

from helpers import FIXTURE_EXERCISES, SEEDS, Teacher, config, make_teacher, text_of
from quiz import create_app
from quiz.bank.loading import check_bytes, load_bank
from quiz.bank.selection import range_of, source_words

SOURCE = (SEEDS / "mko-article.txt").read_text(encoding="utf-8")
WORDS = source_words(SOURCE)
NEW = "/teacher/exercises/build/new"
SET = {"title": "Who says so?", "set_id": "", "source": "mko-article", "set_skill": "loaded_wording", "intro": ""}
COMMENTED = """# yaml-language-server: $schema=./schema.json
# A hand-written set: these comments must survive an edit in the builder.
title: Commented set
source: mko-article
skill: loaded_wording
items:
  # The first item, left alone.
  - id: leopard
    type: highlight
    prompt: Mark the words that judge.
    passage: A leopard cannot change its spots.
    answers:
      - quote: A leopard cannot change its spots
        why: An idiom that says the group cannot change.  # the key
  # The second item, the one edited.
  - id: ugly
    type: highlight
    prompt: Mark the judgement.
    passage: >
      After settling in Albania, Mojahedin-e Khalq resorted to the United States
      to try to sanitize its ugly image; the Americans trusted them.
    answers:
      - quote: ugly image
        why: A judgement stated as a description.
"""


def words(phrase: str, nth: int | None = None) -> list[str]:
    """The first and last word numbers of a phrase of the source, as a teacher's two ticks send them."""
    first, last = range_of(SOURCE, WORDS, phrase, nth=nth)
    return [str(first), str(last)]


@pytest.fixture
def folders(tmp_path):
    exercises = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES, exercises)
    (exercises / "commented.yaml").write_text(COMMENTED, encoding="utf-8")
    return exercises


@pytest.fixture
def site(tmp_path, folders):
    app = create_app(config(tmp_path, EXERCISES_DIR=str(folders), BANK_CHECK_SECONDS=0))
    make_teacher(app)
    make_teacher(app, "other")
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    return app, teacher


def post(teacher, url: str, data: dict):
    return teacher.client.post(url, data={"csrf_token": teacher.token("/teacher/exercises/")} | data)


def start_new_set(teacher, item_type: str = "highlight", **fields) -> dict:
    """Send the new set's fields; the set fields every later page sends back, as the page holds them."""
    page = post(teacher, NEW, SET | {"type": item_type} | fields).get_data(as_text=True)
    assert f"A new {item_type} item in “{(SET | fields)['title']}”" in text_of(page)
    return SET | {"set_id": fields.get("set_id") or "who-says-so", "type": item_type}


LEOPARD_PASSAGE = "A leopard cannot change its spots. After settling in Albania"


def highlight_draft() -> dict:
    return {
        "prompt": "Mark the words that judge instead of inform.",
        "passage_from": words(LEOPARD_PASSAGE)[0],
        "passage_to": words(LEOPARD_PASSAGE)[1],
        "part_from": words("A leopard cannot change its spots")[0],
        "part_to": words("A leopard cannot change its spots")[1],
        "part_why": "An idiom that declares the group unable to change.",
        "part_label": "",
    }


def test_a_new_set_with_a_highlight_item_chosen_by_ticked_words_is_saved_as_a_sound_file(site, folders):
    app, teacher = site
    fields = start_new_set(teacher)
    url = f"{NEW}/item"
    # The passage: the first and last word ticked in the document, then "Use as the passage".
    page = post(teacher, url, fields | {"action": "passage", "pick_passage": words(LEOPARD_PASSAGE)})
    assert "A leopard cannot change its spots. After settling in Albania ..." in text_of(page.get_data(as_text=True))
    # A key phrase: ticked in the passage, then "Add as a key phrase".
    draft = highlight_draft()
    added = fields | {k: v for k, v in draft.items() if not k.startswith("part_")} | {"action": "add-part"}
    page = text_of(post(teacher, url, added | {"pick_part": words("cannot change its spots")}).get_data(as_text=True))
    assert "Key phrase 1: cannot change its spots" in page
    saved = post(teacher, url, fields | draft | {"action": "save"})
    assert saved.status_code == 302
    written = (folders / "who-says-so.yaml").read_text(encoding="utf-8")
    assert "passage: A leopard cannot change its spots. After settling in Albania ..." in written
    with app.app_context():
        exercise_set, problems = check_bytes(
            written.encode(), "who-says-so.yaml", "who-says-so", load_bank(folders, SEEDS).sources
        )
    assert problems == [] and exercise_set.item("mark-the-words-that-judge").passage.cut_after
    result = app.test_cli_runner().invoke(args=["validate", str(folders / "who-says-so.yaml")])
    assert result.exit_code == 0 and "OK: 1 file(s), 1 item(s)" in result.output


def test_a_phrase_that_occurs_twice_gets_its_occurrence_and_a_cut_sentence_its_dots(site):
    _, teacher = site
    fields = start_new_set(teacher, "choice")
    # "Nothing Hurts Like the Truth" is the article's title, written twice at its top: the second one is ticked.
    draft = {"prompt": "What is this?", "passage_from": words("Nothing Hurts Like the Truth", 2)[0]}
    draft["passage_to"] = words("Nothing Hurts Like the Truth", 2)[1]
    download = post(teacher, f"{NEW}/item", fields | draft | {"action": "download"})
    assert download.headers["Content-Disposition"] == 'attachment; filename="who-says-so.yaml"'
    text = download.get_data(as_text=True)
    assert "passage: Nothing Hurts Like the Truth\n" in text and "occurrence: 2" in text
    # Cut in the middle of a sentence at both ends: dots at both ends.
    draft = {
        "prompt": "What is this?",
        "passage_from": words("cannot change")[0],
        "passage_to": words("cannot change")[1],
    }
    text = post(teacher, f"{NEW}/item", fields | draft | {"action": "download"}).get_data(as_text=True)
    assert 'passage: "... cannot change ..."' in text


def test_an_empty_why_is_shown_beside_its_key_phrase_and_nothing_is_saved(site, folders):
    _, teacher = site
    fields = start_new_set(teacher)
    page = post(teacher, f"{NEW}/item", fields | highlight_draft() | {"part_why": "", "action": "save"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "1 problem: each is shown beside its field." in text_of(html)
    beside = html[html.index('id="part-0"') : html.index("</fieldset>", html.index('id="part-0"'))]
    assert "why is empty: write the text" in text_of(beside)
    assert not (folders / "who-says-so.yaml").exists()


def test_a_classify_and_a_choice_item_are_added_to_the_teachers_own_set(site, folders):
    app, teacher = site
    fields = start_new_set(teacher)
    assert post(teacher, f"{NEW}/item", fields | highlight_draft() | {"action": "save"}).status_code == 302
    classify = {
        "prompt": "Where does each claim say its information comes from?",
        "skill": "unsourced_claims",
        "labels": "named source\nvague source\nno source\nopinion",
        "passage_from": words("The MEK, a terrorist organization, killed 12,000")[0],
        "passage_to": words("fellow Iranians")[1],
        "part_from": words("The MEK, a terrorist organization, killed 12,000")[0],
        "part_to": words("fellow Iranians")[1],
        "part_label": "no source",
        "part_why": "No count is given to anyone.",
        "type": "classify",
    }
    saved = post(teacher, "/teacher/exercises/build/who-says-so/add", classify | {"action": "save"})
    assert saved.status_code == 200 and "Replace" in text_of(saved.get_data(as_text=True))  # the uploads' confirmation
    token = saved.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    post(teacher, "/teacher/exercises/upload/confirm", {"token": token})
    choice = {
        "type": "choice",
        "prompt": "Which fact would a reader need?",
        "skill": "missing_context",
        "option_text": ["Who counted the dead, and how.", "How long the article is.", "Who typed it up."],
        "option_why": ["A number needs its source.", "Length says nothing.", "The typist is not the source."],
        "option_correct": ["0"],
        "multiple": "one",
        "shuffle": "on",
    }
    check = post(teacher, "/teacher/exercises/build/who-says-so/add", choice | {"action": "check"})
    page = text_of(check.get_data(as_text=True))
    assert "No problems: the file is sound." in page and "Preview: the item as a student sees it" in page
    # The teacher tries a wrong answer in the preview: told as a student would be, stored nowhere.
    tried = post(
        teacher, "/teacher/exercises/build/who-says-so/add", choice | {"action": "try", "attempt": "1", "picked": "1"}
    )
    assert "0%: what a student would be told" in text_of(tried.get_data(as_text=True))
    saved = post(teacher, "/teacher/exercises/build/who-says-so/add", choice | {"action": "save"})
    token = saved.get_data(as_text=True).split('name="token" value="')[1].split('"')[0]
    post(teacher, "/teacher/exercises/upload/confirm", {"token": token})
    bank = load_bank(folders, SEEDS)
    assert [item.type for item in bank.sets["who-says-so"].items] == ["highlight", "classify", "choice"]


def test_editing_one_item_of_a_commented_file_changes_only_its_lines(site, folders):
    _, teacher = site
    url = "/teacher/exercises/build/commented/edit/ugly"
    with teacher.client.application.app_context():
        from quiz.models import BankFile, db
        from quiz.models import Teacher as Account

        owner = db.session.execute(db.select(Account).filter_by(username="teacher")).scalar_one()
        db.session.add(BankFile(kind="exercise", stem="commented", owner_id=owner.id))
        db.session.commit()
    page = text_of(teacher.page(url))
    assert "Key phrase 1: ugly image" in page and "A judgement stated as a description." in page
    edited = {
        "type": "highlight",
        "item_id": "ugly",
        "prompt": "Mark the judgement.",
        "passage_from": words("After settling in Albania")[0],
        "passage_to": words("the Americans trusted them")[1],
        "part_from": words("ugly image")[0],
        "part_to": words("ugly image")[1],
        "part_why": "A judgement stated as if it were a description.",
        "part_label": "",
    }
    text = post(teacher, url, edited | {"action": "download"}).get_data(as_text=True)
    changed = [
        line
        for line in difflib.unified_diff(COMMENTED.splitlines(), text.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-        why: A judgement stated as a description.",
        "+        why: A judgement stated as if it were a description.",
    ]
    for comment in [line for line in COMMENTED.splitlines() if "#" in line]:
        assert comment in text


def test_an_edit_keeps_what_the_builder_does_not_edit_evidence_and_sources(site, folders):
    _, teacher = site
    with_extras = COMMENTED.replace(
        "  - id: ugly\n    type: highlight\n    prompt: Mark the judgement.\n",
        "  - id: ugly\n    type: highlight\n    prompt: Mark the judgement.\n"
        "    evidence:\n      record: A quoted record.\n      source:\n        title: A Record\n",
    ).replace(
        "        why: A judgement stated as a description.\n",
        "        why: A judgement stated as a description.\n        sources:\n          - title: A Dictionary\n",
    )
    (folders / "commented.yaml").write_text(with_extras, encoding="utf-8")
    with teacher.client.application.app_context():
        from quiz.models import BankFile, db
        from quiz.models import Teacher as Account

        owner = db.session.execute(db.select(Account).filter_by(username="teacher")).scalar_one()
        db.session.add(BankFile(kind="exercise", stem="commented", owner_id=owner.id))
        db.session.commit()
    edited = {
        "type": "highlight",
        "item_id": "ugly",
        "prompt": "Mark the judgement, then say why.",
        "passage_from": words("After settling in Albania")[0],
        "passage_to": words("the Americans trusted them")[1],
        "part_from": words("ugly image")[0],
        "part_to": words("ugly image")[1],
        "part_why": "A judgement stated as a description.",
        "part_label": "",
    }
    text = post(teacher, "/teacher/exercises/build/commented/edit/ugly", edited | {"action": "download"}).get_data(
        as_text=True
    )
    assert "prompt: Mark the judgement, then say why." in text
    assert "record: A quoted record." in text and "title: A Record" in text and "title: A Dictionary" in text


def test_another_teacher_can_neither_open_nor_save_over_someone_elses_set(site, folders):
    app, teacher = site
    fields = start_new_set(teacher)
    assert post(teacher, f"{NEW}/item", fields | highlight_draft() | {"action": "save"}).status_code == 302
    other = Teacher(app.test_client())
    other.sign_in("other")
    assert other.client.get("/teacher/exercises/build/who-says-so/add?type=choice").status_code == 403
    assert other.client.get("/teacher/exercises/build/who-says-so/edit/mark-the-words-that-judge").status_code == 403
    before = (folders / "who-says-so.yaml").read_bytes()
    attempt = post(
        other, "/teacher/exercises/build/who-says-so/add", highlight_draft() | {"type": "highlight", "action": "save"}
    )
    assert attempt.status_code == 403
    # Nor as a "new" set of the same name.
    page = post(other, NEW, SET | {"set_id": "who-says-so", "type": "highlight"})
    assert "There is already a set called “who-says-so”" in text_of(page.get_data(as_text=True))
    assert (folders / "who-says-so.yaml").read_bytes() == before
    # Preview links are offered to the owner only.
    assert "Edit item 1" not in other.page("/teacher/exercises/file/who-says-so.yaml")
    assert "Edit item 1" in teacher.page("/teacher/exercises/file/who-says-so.yaml")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../x", "The file name “../x” cannot be used: name it with letters, digits, - and _ only"),
        ("a/b", "The file name “a/b” cannot be used: name it with letters, digits, - and _ only"),
        ("CON", "Windows reserves the name CON for a device"),
    ],
)
def test_hostile_set_names_are_refused_and_nothing_is_written(site, folders, tmp_path, name, message):
    _, teacher = site
    before = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*"))
    page = post(teacher, NEW, SET | {"set_id": name, "type": "highlight"})
    assert message in text_of(page.get_data(as_text=True))
    # Sent straight to the item page too (a tampered form): refused the same way.
    page = post(
        teacher, f"{NEW}/item", SET | {"set_id": name} | highlight_draft() | {"type": "highlight", "action": "save"}
    )
    assert page.status_code == 400 and message in text_of(page.get_data(as_text=True))
    assert sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if "sqlite" not in path.name) == [
        path for path in before if "sqlite" not in path.name
    ]


def test_a_hostile_item_id_is_a_problem_beside_the_id_field(site, folders):
    _, teacher = site
    fields = start_new_set(teacher)
    page = post(teacher, f"{NEW}/item", fields | highlight_draft() | {"item_id": "../x", "action": "save"})
    html = page.get_data(as_text=True)
    beside = html[html.index('for="item-id"') : html.index('id="item-id"')]
    assert "item-id" in beside and "field-error" in beside
    assert not (folders / "who-says-so.yaml").exists()


def test_the_live_check_answers_by_field_what_check_and_preview_shows_beside_the_fields(site, folders):
    _, teacher = site
    fields = start_new_set(teacher)
    sent = fields | highlight_draft() | {"part_why": "", "item_id": "has space"}
    live = teacher.client.post(
        f"{NEW}/item/check.json", data=sent, headers={"X-CSRFToken": teacher.token("/teacher/exercises/")}
    )
    assert live.status_code == 200 and live.mimetype == "application/json"
    checks = live.get_json()
    assert checks["count"] == 2 and checks["warnings"] == []
    assert set(checks["fields"]) == {"item_id", "part-0"}
    assert checks["fields"]["part-0"] == [
        "`why` is empty: write the text (the explanation the student reads after answering)"
    ]
    # The same messages, beside the same fields, as the page the button draws.
    html = post(teacher, f"{NEW}/item", sent | {"action": "check"}).get_data(as_text=True)
    for field, messages in checks["fields"].items():
        slot = html[html.index(f'id="{field}-error"') : html.index("</div>", html.index(f'id="{field}-error"'))]
        # The page draws a message's `code` marks as code.
        drawn = [part.split("</p>")[0] for part in slot.split("<p>")[1:]]
        assert drawn == [re.sub(r"`([^`]*)`", r"<code>\1</code>", message) for message in messages]
    assert not (folders / "who-says-so.yaml").exists()


def test_the_live_check_warns_of_a_long_prompt_and_a_long_why_as_validate_does(site):
    _, teacher = site
    fields = start_new_set(teacher)
    long_prompt = " ".join(["Mark"] + ["the words that judge"] * 10)
    long_why = " ".join(["An idiom"] + ["that declares the group unable to change"] * 10)
    sent = fields | highlight_draft() | {"prompt": long_prompt, "part_why": long_why}
    live = teacher.client.post(
        f"{NEW}/item/check.json", data=sent, headers={"X-CSRFToken": teacher.token("/teacher/exercises/")}
    )
    warnings = live.get_json()["warnings"]
    assert "the prompt is 41 words: keep it to 40 (put a record to read in `evidence:`)" in warnings
    assert "this `why` is 72 words: keep it to 70 (move sources into `sources:`)" in warnings
    short = fields | highlight_draft()
    live = teacher.client.post(
        f"{NEW}/item/check.json", data=short, headers={"X-CSRFToken": teacher.token("/teacher/exercises/")}
    )
    assert not [warning for warning in live.get_json()["warnings"] if "words: keep it to" in warning]


def test_the_live_check_warns_of_a_set_too_hard_to_read_as_the_preview_does(site):
    _, teacher = site
    fields = start_new_set(teacher)
    hard = (
        "Metaphorical characterisation institutionalises irreversibility, substituting rhetorical immutability "
        "for documentary substantiation."
    )
    live = teacher.client.post(
        f"{NEW}/item/check.json",
        data=fields | highlight_draft() | {"part_why": hard},
        headers={"X-CSRFToken": teacher.token("/teacher/exercises/")},
    )
    [grade] = [warning for warning in live.get_json()["warnings"] if warning.startswith("the set's explanations")]
    assert "(Flesch–Kincaid): aim for 8.5 or below" in grade


def test_the_live_check_wants_the_pages_token_and_the_sets_owner(site):
    app, teacher = site
    fields = start_new_set(teacher)
    assert post(teacher, f"{NEW}/item", fields | highlight_draft() | {"action": "save"}).status_code == 302
    url = "/teacher/exercises/build/who-says-so/add/check.json"
    assert teacher.client.post(url, data=highlight_draft() | {"type": "highlight"}).status_code == 400  # no token
    sound = teacher.client.post(
        url,
        data=highlight_draft() | {"type": "highlight", "item_id": "second"},
        headers={"X-CSRFToken": teacher.token("/teacher/exercises/")},
    )
    assert sound.get_json() == {"fields": {}, "warnings": sound.get_json()["warnings"], "count": 0}
    other = Teacher(app.test_client())
    other.sign_in("other")
    refused = other.client.post(
        url, data=highlight_draft() | {"type": "highlight"}, headers={"X-CSRFToken": other.token("/teacher/exercises/")}
    )
    assert refused.status_code == 403


def test_a_passage_left_out_is_shown_beside_the_passage_not_above_the_item(site):
    _, teacher = site
    fields = start_new_set(teacher)
    draft = {"prompt": "Mark the words.", "type": "highlight"}
    checks = teacher.client.post(
        f"{NEW}/item/check.json", data=fields | draft, headers={"X-CSRFToken": teacher.token("/teacher/exercises/")}
    ).get_json()
    assert checks["fields"] == {
        "passage": ["item 1 is missing `passage` (the words of the source the item is about)"],
        "parts": ["`answers` is empty: add at least 1 entry"],
    }
    html = post(teacher, f"{NEW}/item", fields | draft | {"action": "check"}).get_data(as_text=True)
    beside = html[html.index('id="passage-heading"') : html.index("No passage chosen yet.")]
    assert "item 1 is missing <code>passage</code>" in beside
    # Nor is an id left empty, before there is a prompt to make one from, a problem: the hint promises one.
    empty = teacher.client.post(
        f"{NEW}/item/check.json",
        data=fields | highlight_draft() | {"prompt": ""},
        headers={"X-CSRFToken": teacher.token("/teacher/exercises/")},
    ).get_json()
    assert empty["fields"] == {"prompt": ["`prompt` is empty: write the text (the question the student answers)"]}


def test_line_breaks_typed_in_a_browser_are_written_as_a_folded_block_not_as_escapes(site):
    _, teacher = site
    fields = start_new_set(teacher)
    why = "An idiom that declares the group unable to change.\r\nIt is a metaphor, not evidence, and it is long enough."
    text = post(teacher, f"{NEW}/item", fields | highlight_draft() | {"part_why": why, "action": "download"})
    written = text.get_data(as_text=True)
    assert "\\r" not in written and "\r" not in written
    assert "why: >" in written or "why: |" in written


def test_a_word_number_that_is_a_digit_only_to_unicode_is_ignored_not_a_crash(site):
    _, teacher = site
    fields = start_new_set(teacher)
    page = post(teacher, f"{NEW}/item", fields | highlight_draft() | {"passage_from": "²", "action": "check"})
    assert page.status_code == 200


def test_an_item_with_no_skill_is_told_so_beside_the_skill_field(site):
    _, teacher = site
    fields = start_new_set(teacher, set_skill="")
    page = post(teacher, f"{NEW}/item", fields | {"set_skill": ""} | highlight_draft() | {"action": "check"})
    html = page.get_data(as_text=True)
    beside = html[html.index('id="skill-error"') :][:600]
    assert "has no <code>skill</code>" in beside


def test_a_claims_label_taken_out_of_the_labels_stays_chosen_and_is_told(site):
    _, teacher = site
    fields = start_new_set(teacher, "classify")
    claim = {
        "prompt": "Sort the claim.",
        "part_from": words("A leopard cannot change its spots")[0],
        "part_to": words("A leopard cannot change its spots")[1],
        "part_why": "No source is given.",
        "part_label": "hearsay",
        "labels": "named source\r\nno source",
        "action": "check",
    }
    html = post(teacher, f"{NEW}/item", fields | claim).get_data(as_text=True)
    assert '<option value="hearsay" selected>hearsay (not among the labels)</option>' in html


def test_a_text_the_writer_cannot_write_back_exactly_is_told_not_a_crash(site, folders):
    _, teacher = site
    fields = start_new_set(teacher)
    # Over a thousand escaped control characters with no space: the YAML writer must break the line somewhere,
    # and a reader would put a space there, so the file would not read back as typed.
    unwritable = "\x9f" * 1100 + " and a word"
    page = post(teacher, f"{NEW}/item", fields | highlight_draft() | {"part_why": unwritable, "action": "save"})
    assert page.status_code == 400
    assert "could not write this item so that the file reads back exactly" in text_of(page.get_data(as_text=True))
    assert not (folders / "who-says-so.yaml").exists()
