"""Sources under explanations and an item's evidence (a record it supplies): optional, checked, drawn, escaped, and
never a reason to tell stored answers apart (issue 16, format additions)."""

from __future__ import annotations

import json
import re
import shutil

import jsonschema
import pytest
import yaml

from helpers import (
    FIXTURE_EXERCISES,
    SHIPPED_EXERCISES,
    TESTS,
    Student,
    Teacher,
    built,
    config,
    make_teacher,
    set_file,
    text_of,
)
from quiz import create_app
from quiz.bank.loading import check_bytes
from quiz.bank.schema import SourceMeta
from quiz.bank.validation import check_model
from quiz.bank.writing import new_set_file
from quiz.bank.yamlsafe import read_yaml
from quiz.models import db

CONTRACT = TESTS / "fixtures" / "contract" / "sources-and-evidence.yaml"
SET = "sources-and-evidence"
AP_TITLE = "Clarification: Trump-Iranian Exiles story"
AP_ADDRESS = (
    "http://ap.stripes.com/dynamic/stories/M/ML_TRUMP_IRANIAN_EXILES?SITE=AP&amp;SECTION=HOME&amp;TEMPLATE=DEFAULT"
    "&amp;CTIME=2017-02-16-12-25-51"
)
AP_LINK = f'<a href="{AP_ADDRESS}" rel="noopener noreferrer"><cite>{AP_TITLE}</cite></a>'
RECORD = (
    '"The U.S. State Department and the FBI concluded that the group carried out those killings, and claims of '
    'responsibility were made at the time in the name of the MEK" ... "the current MEK leadership disavows the '
    'killings."'
)
# The fixture set's items as their versions were before sources and evidence existed: stored answers name these.
VERSIONS_BEFORE = {
    "leopard": "1b09771102e251e5",
    "twelve-thousand": "e583af58103bd614",
    "saddam-timeline": "8017ff711080af43",
    "what-to-check": "48fc65fbd097dbf5",
}


@pytest.fixture
def exercises_dir(tmp_path):
    """The app serves the contract file with sources and evidence, and the fixture set without them."""
    folder = tmp_path / "served"
    folder.mkdir()
    shutil.copy(CONTRACT, folder)
    shutil.copy(FIXTURE_EXERCISES / "demo.yaml", folder)
    return folder


def read(html: str) -> str:
    """The page's visible text on one line, inline tags left out as a browser does ("story, AP", not "story , AP")."""
    return text_of(re.sub(r"</?(?:a|cite|q|strong)\b[^>]*>", "", html))


def problems_of(text: str, sources) -> list[str]:
    return [
        f"{problem.line}:{problem.column}: {problem.message}"
        for problem in check_bytes(text.encode(), "x.yaml", "x", sources)[1]
    ]


# Loading, and the versions stored answers are told apart by


def test_a_file_without_them_loads_as_before_with_the_same_versions(demo):
    assert {item.id: item.version for item in demo.items} == VERSIONS_BEFORE
    assert all(item.evidence is None for item in demo.items)
    leopard, twelve, saddam, _ = demo.items
    assert [point.sources for point in leopard.key] == [(), ()]
    assert [claim.sources for claim in twelve.claims] == [(), ()]
    assert [option.sources for option in saddam.options] == [(), (), ()]


def test_the_file_with_them_loads_each_source_beside_its_why_and_the_record_on_its_item(sources):
    choice, highlight, classify = built(CONTRACT.read_text(encoding="utf-8"), sources).items
    assert choice.evidence.record.strip() == RECORD
    assert (choice.evidence.source.title, choice.evidence.source.by) == (AP_TITLE, "Associated Press")
    assert choice.evidence.source.date == "16 Feb 2017" and choice.evidence.source.address.startswith("http://ap.")
    assert [len(option.sources) for option in choice.options] == [1, 0, 2]
    assert choice.options[2].sources[1].by == "A publisher"
    assert highlight.evidence is None
    assert (
        highlight.key[0].sources[0].title == "A dictionary of idioms"
        and highlight.key[0].sources[0].date == "2019-05-27"
    )
    assert classify.evidence.source.title == "A printed record" and classify.evidence.source.address is None
    assert classify.claims[0].sources[0].by == "Meet the actual nature of MKO"


def test_sources_and_evidence_leave_an_items_version_as_it_was(sources):
    """The contract file's highlight and classify items are the fixture set's, with sources and evidence added."""
    _, highlight, classify = built(CONTRACT.read_text(encoding="utf-8"), sources).items
    assert highlight.version == VERSIONS_BEFORE["leopard"]
    assert classify.version == VERSIONS_BEFORE["twelve-thousand"]


@pytest.mark.parametrize("path", sorted(SHIPPED_EXERCISES.glob("*.yaml")), ids=lambda path: path.stem)
def test_every_shipped_item_keeps_its_version_when_sources_and_evidence_are_added(path, sources):
    text = path.read_text(encoding="utf-8")
    exercise_set, problems = check_bytes(text.encode(), path.name, path.stem, sources)
    assert exercise_set is not None, problems
    data = yaml.safe_load(text)
    source = {"title": "A source", "by": "Someone", "date": "1 May 2020", "address": "https://example.org/a"}
    for item in data["items"]:
        item["evidence"] = {"record": "A record the item supplies.", "source": dict(source)}
        for key in ("answers", "claims", "options"):
            for entry in item.get(key, []):
                entry["sources"] = [dict(source), {"title": "Another source"}]  # copies: YAML writes no aliases
    changed, problems = check_bytes(yaml.safe_dump(data, allow_unicode=True).encode(), path.name, path.stem, sources)
    assert changed is not None, [str(problem) for problem in problems]
    assert [item.version for item in changed.items] == [item.version for item in exercise_set.items]
    assert all(item.evidence.source.title == "A source" for item in changed.items)


# What students and teachers see


def test_the_student_reads_the_record_above_the_question_and_the_sources_only_after_answering(client):
    student = Student(client)
    question = student.page(f"/sets/{SET}/items/killings-record")
    record = question.index('<section class="record">')
    assert question.index('<h1 id="prompt">') < record < question.index('<form method="post"')
    assert '<h2 class="record-heading">Record</h2>' in question
    assert read(question[record:]).startswith(f" Record {RECORD} Source: {AP_TITLE}, Associated Press, 16 Feb 2017 ")
    assert AP_LINK in question
    assert "A second source" not in question, "an explanation's sources are part of the feedback"

    feedback = student.answer(SET, "killings-record", picked="0").get_data(as_text=True)
    shown = read(feedback)
    assert "Your score: 100%" in shown
    assert f"Record {RECORD} Source: {AP_TITLE}, Associated Press, 16 Feb 2017" in shown
    assert (
        "The record names who concluded what, and gives the other side's answer. The sentence gives neither. "
        f"Source: {AP_TITLE}, Associated Press, 16 Feb 2017" in shown
    )
    assert "Sources: A source without an address; A second source, A publisher" in shown
    assert feedback.count(AP_LINK) == 2, "the record's source and the right option's"
    assert "<cite>A source without an address</cite>" in feedback, "no link without an address"


def test_a_highlight_and_a_classify_item_draw_their_sources_in_the_feedback(client):
    student = Student(client)
    assert 'class="record"' not in student.page(f"/sets/{SET}/items/leopard-sourced")
    feedback = read(
        student.answer(SET, "leopard-sourced", marked=["0", "1", "2", "3", "4", "5"]).get_data(as_text=True)
    )
    assert "it argues by metaphor, not evidence. Source: A dictionary of idioms, 2019-05-27" in feedback
    feedback = read(
        student.answer(SET, "twelve-sourced", claim_0="no source", claim_1="vague source").get_data(as_text=True)
    )
    assert "Record A record with no address in its source. Source: A printed record" in feedback
    assert "No count is attributed to anyone. Source: The article itself, Meet the actual nature of MKO" in feedback


def test_an_item_without_a_record_has_no_record_box(client):
    page = Student(client).page("/sets/demo/items/saddam-timeline")
    assert "record" not in page.lower()


def test_the_teachers_preview_and_worksheet_draw_the_record_and_every_source(teacher):
    preview = teacher.page(f"/teacher/exercises/file/{SET}.yaml")
    first = preview.split('<section class="preview-item"')[1]
    assert first.index('<h3 class="record-heading">Record</h3>') < first.index('<blockquote class="passage">')
    assert read(first).count(f"Source: {AP_TITLE}, Associated Press, 16 Feb 2017") == 2
    assert "Source: A dictionary of idioms, 2019-05-27" in read(preview)
    assert "Source: The article itself, Meet the actual nature of MKO" in read(preview)

    worksheet = teacher.page(f"/teacher/exercises/worksheet/{SET}")
    question, key = worksheet.split('<section class="worksheet-key"')
    first = question.split('<section class="worksheet-item"')[1]
    assert first.index('<p class="prompt">') < first.index('<section class="record">')
    assert first.index('<section class="record">') < first.index('<blockquote class="passage">')
    assert f"Record {RECORD} Source: {AP_TITLE}, Associated Press, 16 Feb 2017" in read(first)
    assert "A dictionary of idioms" not in question, "the explanations' sources are in the key only"
    assert "Source: A dictionary of idioms, 2019-05-27" in read(key)
    assert AP_LINK in key


def test_teacher_text_in_sources_and_records_is_escaped(tmp_path, sources):
    """<script> in each text of a source and a record reaches the page as text, never as markup."""
    hostile = "<script>alert(1)</script>"
    text = CONTRACT.read_text(encoding="utf-8")
    for before, after in (
        ("title: A source without an address", f'title: "{hostile} title"'),
        ("by: A publisher", f'by: "{hostile} by"'),
        ("title: A printed record", f'title: "{hostile} record title"'),
        ("record: A record with no address in its source.", f'record: "{hostile} record"'),
        ('date: "2019-05-27"', f'date: "{hostile} date"'),
    ):
        assert before in text
        text = text.replace(before, after)
    assert built(text, sources)
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / f"{SET}.yaml").write_text(text, encoding="utf-8")
    app = create_app(config(tmp_path, EXERCISES_DIR=str(folder)))
    try:
        student = Student(app.test_client())
        pages = [student.page(f"/sets/{SET}/items/twelve-sourced")]
        pages.append(student.answer(SET, "killings-record", picked="2").get_data(as_text=True))
        pages.append(student.answer(SET, "leopard-sourced", marked=["0"]).get_data(as_text=True))
        pages.append(student.answer(SET, "twelve-sourced", claim_0="opinion", claim_1="opinion").get_data(as_text=True))
        make_teacher(app, "hostile")
        teacher = Teacher(app.test_client())
        teacher.sign_in("hostile")
        pages += [
            teacher.page(f"/teacher/exercises/file/{SET}.yaml"),
            teacher.page(f"/teacher/exercises/worksheet/{SET}"),
        ]
    finally:
        with app.app_context():
            db.engine.dispose()
    for html in pages:
        assert "<script>alert" not in html
    everything = "".join(pages)
    for shown in ("title", "by", "record title", "record", "date"):
        assert f"&lt;script&gt;alert(1)&lt;/script&gt; {shown}" in everything, shown


# The checks and their messages


BAD = """\
  - id: bad
    type: choice
    prompt: Which?
    evidence:
      record: "   "
      source:
        title: A record
        author: Someone
    options:
      - text: A
        correct: true
        why: Because.
        sources:
          - title: A page
            address: javascript:alert(1)
          - title: ""
            autor: Someone
      - text: B
        why: Not this.
        sources:
          - by: Nobody
            url: https://example.org
      - text: C
        why: Not this either.
        sources: []
"""


def test_the_checks_say_what_is_wrong_in_a_source_and_a_record(sources):
    assert problems_of(set_file(BAD), sources) == [
        "9:15: `record` is empty: write the text (the record's words, quoted exactly)",
        "12:9: unknown key `author`; did you mean `by`?",
        "19:22: `address` must be a web address starting with https:// or http://, not `javascript:alert(1)`",
        "20:20: `title` is empty: write the text (the title of the article, page, book or record)",
        "21:13: unknown key `autor`; did you mean `by`?",
        "25:13: source 1 is missing `title` (the title of the article, page, book or record)",
        "26:13: unknown key `url`; did you mean `address`?",
        "29:18: `sources` is empty: add at least 1 entry",
    ]


def test_a_record_over_the_limit_is_refused_with_the_limit(sources):
    item = """\
  - id: long
    type: choice
    prompt: Which?
    evidence:
      record: RECORD
      source:
        title: A record
    options:
      - text: A
        correct: true
        why: Because.
      - text: B
        why: Not this.
"""
    assert problems_of(set_file(item.replace("RECORD", "word " * 300 + "end")), sources) == [
        "9:15: `record` is too long (1,503 characters; at most 1,500): quote only the part of the record the item "
        "asks about"
    ]
    assert problems_of(set_file(item.replace("RECORD", "x" * 1500)), sources) == []
    missing = item.replace("      source:\n        title: A record\n", "")
    assert problems_of(set_file(missing), sources) == [
        "9:7: `evidence` is missing `source` (where the record comes from, with its `title`)"
    ]


def test_a_source_that_is_not_a_list_of_mappings_says_how_one_is_written(sources):
    item = set_file(
        "  - id: a\n    type: highlight\n    prompt: Mark it.\n    passage: A leopard cannot change its spots.\n"
        "    answers:\n      - quote: A leopard\n        why: An idiom.\n        sources: [The article]\n"
    )
    assert problems_of(item, sources) == [
        "12:19: source 1: expected keys and values (like `title: ...`), got the text `The article`"
    ]


# The format as editors and the builder know it


def test_the_editors_schema_knows_sources_and_evidence_and_refuses_what_lens_refuses():
    schema = json.loads((SHIPPED_EXERCISES / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema)
    data = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
    assert list(validator.iter_errors(data)) == []
    assert {"Citation", "Evidence"} <= set(schema["$defs"])
    assert schema["$defs"]["Citation"]["required"] == ["title"]
    assert schema["$defs"]["Evidence"]["properties"]["record"]["maxLength"] == 1500
    for change in (
        lambda data: data["items"][0]["options"][0]["sources"][0].update(address="javascript:alert(1)"),
        lambda data: data["items"][0]["options"][0]["sources"][0].update(author="Someone"),
        lambda data: data["items"][0]["evidence"].update(record=""),
        lambda data: data["items"][0]["evidence"].pop("source"),
    ):
        bad = yaml.safe_load(CONTRACT.read_text(encoding="utf-8"))
        change(bad)
        assert not validator.is_valid(bad)


def test_the_builder_writes_evidence_after_the_passage_and_sources_after_the_why(sources):
    item = {
        "options": [
            {"sources": [{"title": "A page", "date": "1 May 2020"}], "why": "Because.", "correct": True, "text": "A"},
            {"why": "Not this.", "text": "B"},
        ],
        "evidence": {"record": "A record.", "source": {"title": "A record"}},
        "passage": "A leopard cannot change its spots.",
        "prompt": "Which?",
        "type": "choice",
        "id": "written",
    }
    text = new_set_file({"title": "S", "source": "mko-article", "skill": "missing_context"}, [item])
    keys = re.findall(r"^ *(?:- )?([a-z]+):", text, re.M)
    assert keys[keys.index("id") :] == [
        "id", "type", "prompt", "passage", "evidence", "record", "source", "title", "options",
        "text", "correct", "why", "sources", "title", "date", "text", "why",
    ]  # fmt: skip
    (written,) = built(text, sources).items
    assert written.options[0].sources[0].title == "A page" and written.evidence.record == "A record."


def test_the_guides_examples_of_sources_and_evidence_load_as_one_item(sources):
    guide = (TESTS.parent / "docs" / "authoring.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", guide, re.S)
    (option,) = [block for block in blocks if block.startswith("      - text:") and "sources:" in block]
    (evidence,) = [block for block in blocks if block.startswith("    evidence:")]
    item = "  - id: guide\n    type: choice\n    prompt: Which?\n" + evidence + "    options:\n" + option
    item += "      - text: Nothing more.\n        why: It leaves out who concluded it.\n"
    (built_item,) = built(set_file(item), sources).items
    assert built_item.evidence.source.by == "Associated Press"
    assert built_item.options[0].sources[0].title == "Clarification: Trump-Iranian Exiles story"


def test_a_source_documents_meta_file_still_says_author_where_a_source_in_an_item_says_by():
    _, problems = check_model(read_yaml(b"title: A leaflet\nautor: Someone\n"), SourceMeta, "`title:`")
    assert [message for _, message in problems] == ["unknown key `autor`; did you mean `author`?"]
