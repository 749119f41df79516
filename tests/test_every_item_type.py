"""What every item type must do, checked for each type in the registry, so that a new type is covered at once.

tests/test_toy_item_type.py runs this module again with a toy type registered.
"""

from __future__ import annotations

import copy
import json
import os

import pytest
import yaml
from fixtures.toy_type import TEMPLATES as TOY_TEMPLATES
from flask import render_template_string
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import escape

from helpers import Student, Teacher, built, config, make_teacher, set_file, text_of
from quiz import create_app
from quiz.bank.loading import check_bytes
from quiz.bank.schema import json_schema
from quiz.items import TYPES, decode_response, described, encode_response, perfect_response, score, strategies
from quiz.models import db

HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(params=sorted(TYPES), ids=str)
def item_type(request):
    return TYPES[request.param]


def example_item(item_type, sources):
    (item,) = built(set_file(item_type.example), sources).items
    return item


@pytest.fixture
def site(tmp_path):
    """Makes the app serving one set, every-type.yaml, written as given; each one's connections closed at the end."""
    made = []

    def make(text: str, folder_name: str = "exercises"):
        folder = tmp_path / folder_name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "every-type.yaml").write_text(text, encoding="utf-8")
        app = create_app(config(tmp_path / folder_name, EXERCISES_DIR=str(folder)))
        if os.environ.get("LENS_TEST_TOY_TYPE"):
            # The toy type's template lives with its module, where a new type's would live in templates/items/.
            app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(TOY_TEMPLATES)])
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            db.engine.dispose()


def signed_in_teacher(app, username: str = "teacher") -> Teacher:
    make_teacher(app, username)
    teacher = Teacher(app.test_client())
    teacher.sign_in(username)
    return teacher


def test_its_example_loads_and_editors_know_its_fields(item_type, sources):
    item = example_item(item_type, sources)
    assert item.type == item_type.name
    schema = json.dumps(json_schema())
    assert f'"const": "{item_type.name}"' in schema
    assert item.explanations() and all(item.explanations())


def test_the_perfect_answer_scores_full_marks_survives_storage_and_reads_in_words(item_type, sources):
    item = example_item(item_type, sources)
    perfect = perfect_response(item)
    assert score(item, perfect).score == 1.0
    assert decode_response(item, json.loads(json.dumps(encode_response(item, perfect)))) == perfect
    assert described(item, perfect).strip()
    for found in strategies(item):
        assert 0.0 <= found.score <= 1.0 and found.description


def test_a_student_answers_it_without_seeing_its_key_and_the_teacher_reads_and_exports_it(item_type, sources, site):
    app = site(set_file(item_type.example))
    item = example_item(item_type, sources)
    form = item_type.form_data(item, perfect_response(item))
    teacher = signed_in_teacher(app)
    class_id, code = teacher.create_class("Every type")
    student = Student(app.test_client())
    student.join(code, "Ana")
    question = student.page(f"/sets/every-type/items/{item.id}")
    assert all(secret[:60] not in question for secret in item.explanations())
    feedback = text_of(student.answer("every-type", item.id, **form).get_data(as_text=True))
    assert "Your score: 100%" in feedback
    assert all(secret in feedback for secret in item.explanations())
    export = teacher.client.get(f"/teacher/classes/{class_id}/export/responses.csv").get_data(as_text=True)
    assert described(item, perfect_response(item)).strip() in export
    learner = teacher.page(f"/teacher/classes/{class_id}").split("/students/")[1].split('"')[0]
    for page in (f"/teacher/classes/{class_id}/students/{learner}", "/teacher/exercises/file/every-type.yaml"):
        assert all(secret in text_of(teacher.page(page)) for secret in item.explanations()), page
    assert Student(app.test_client()).page("/scoring"), "every type says how it is scored"
    statistics = text_of(teacher.page(f"/teacher/classes/{class_id}/sets/every-type"))
    assert f"{item_type.point_name} Students" in statistics


def test_an_empty_answer_is_refused_in_the_types_own_words(item_type, sources, site):
    app = site(set_file(item_type.example))
    item = example_item(item_type, sources)
    refused = Student(app.test_client()).answer("every-type", item.id)
    assert refused.status_code == 400
    page = text_of(refused.get_data(as_text=True))
    assert "Reload the page and answer again" not in page, "the type's message was taken for tampering"


def test_its_key_alone_shows_every_explanation(item_type, sources, site):
    """Drawn when the author has changed an item since the student answered it."""
    app = site(set_file(item_type.example))
    item = example_item(item_type, sources)
    with app.test_request_context():
        html = render_template_string('{% include "_key_only.html" %}', item=item)
    assert all(escape(secret) in html for secret in item.explanations())


def test_teacher_text_anywhere_in_it_is_shown_escaped(item_type, sources, site):
    """Every text of the example that can be changed and still load gets script in it; no page runs it."""
    data = yaml.safe_load(set_file(item_type.example))
    hostile_files = [yaml.safe_dump(changed, allow_unicode=True) for changed in _with_script_in_each_text(data)]
    loadable = [text for text in hostile_files if not check_bytes(text.encode(), "x.yaml", "x", sources)[1]]
    assert loadable, "no text of the example can hold teacher-written words"
    for number, text in enumerate(loadable):
        app = site(text, f"variant-{number}")
        (item,) = built(text, sources).items
        student = Student(app.test_client())
        pages = [student.page(f"/sets/every-type/items/{item.id}")]
        form = item_type.form_data(item, perfect_response(item))
        pages.append(student.answer("every-type", item.id, **form).get_data(as_text=True))
        # One name each: on PostgreSQL every app of a test run shares one database.
        pages.append(signed_in_teacher(app, f"teacher{number}").page("/teacher/exercises/file/every-type.yaml"))
        for html in pages:
            assert "<script>alert" not in html


def _with_script_in_each_text(data: dict):
    """The file's data once for each text in its item, with script put before that text."""
    item = data["items"][0]
    for path, value in _texts(item, ()):
        if path[-1] in ("id", "type"):
            continue
        changed = copy.deepcopy(data)
        node = changed["items"][0]
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = HOSTILE + value
        yield changed


def _texts(node, path: tuple):
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _texts(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _texts(value, path + (index,))
