"""What every item type must do, checked for each type in the registry, so that a new type is covered at once.

tests/test_toy_item_type.py runs this module again with a toy type registered.
"""

from __future__ import annotations

import json
import os

import pytest
from fixtures.toy_type import TEMPLATES as TOY_TEMPLATES
from jinja2 import ChoiceLoader, FileSystemLoader

from helpers import Student, Teacher, config, make_teacher, text_of
from quiz import create_app
from quiz.bank.loading import check_bytes
from quiz.bank.schema import json_schema
from quiz.items import TYPES, decode_response, described, encode_response, perfect_response, score, strategies

HEADER = "title: Every type\nsource: mko-article\nskill: loaded_wording\nitems:\n"
HOSTILE = "<script>alert('prompt')</script>"


@pytest.fixture(params=sorted(TYPES), ids=str)
def item_type(request):
    return TYPES[request.param]


def example_item(item_type, sources):
    exercise_set, problems = check_bytes((HEADER + item_type.example).encode(), "x.yaml", "x", sources)
    assert problems == []
    (item,) = exercise_set.items
    return item


def site(tmp_path, item_type, prompt: str | None = None):
    """The app serving one set holding the type's example item, and a signed-in teacher."""
    example = item_type.example
    if prompt is not None:
        start = example.index("prompt:")
        example = example[:start] + f'prompt: "{prompt}"' + example[example.index("\n", start) :]
    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "every-type.yaml").write_text(HEADER + example, encoding="utf-8")
    app = create_app(config(tmp_path, EXERCISES_DIR=str(folder)))
    if os.environ.get("LENS_TEST_TOY_TYPE"):
        # The toy type's template lives with its module, where a new type's would live in templates/items/.
        app.jinja_loader = ChoiceLoader([app.jinja_loader, FileSystemLoader(TOY_TEMPLATES)])
    return app


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


def test_a_student_answers_it_without_seeing_its_key_and_the_teacher_exports_it(item_type, sources, tmp_path):
    app = site(tmp_path, item_type)
    item = example_item(item_type, sources)
    student = Student(app.test_client())
    url = f"/sets/every-type/items/{item.id}"
    question = student.page(url)
    for secret in item.explanations():
        assert secret[:60] not in question
    form = item_type.form_data(item, perfect_response(item))
    feedback = text_of(student.answer("every-type", item.id, **form).get_data(as_text=True))
    assert "Your score: 100%" in feedback
    assert all(secret in feedback for secret in item.explanations())
    make_teacher(app)
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    class_id, code = teacher.create_class("Every type")
    member = Student(app.test_client())
    member.join(code, "Ana")
    member.answer("every-type", item.id, **form)
    export = teacher.client.get(f"/teacher/classes/{class_id}/export/responses.csv").get_data(as_text=True)
    assert described(item, perfect_response(item)).strip() in export
    preview = text_of(teacher.page("/teacher/exercises/file/every-type.yaml"))
    assert all(secret in preview for secret in item.explanations())


def test_teacher_text_in_it_is_shown_escaped(item_type, sources, tmp_path):
    app = site(tmp_path, item_type, prompt=HOSTILE)
    item = example_item(item_type, sources)
    html = Student(app.test_client()).page(f"/sets/every-type/items/{item.id}")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;prompt&#39;)&lt;/script&gt;" in html
