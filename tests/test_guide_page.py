"""The authoring guide and the editors' schema, served to teachers by the app; and validator messages on the teacher's
pages, whose `code` marks (as the guide writes them) are drawn as code, escaped."""

import io
import json
import re
import shutil

import pytest

from helpers import FIXTURE_EXERCISES, ROOT, SEEDS, Teacher, config, make_teacher
from quiz import create_app
from quiz.web.guide import rendered, slug
from quiz.web.templating import ticks

GUIDE = ROOT / "docs" / "authoring.md"


def test_the_guide_page_has_every_heading_of_the_guide_with_the_anchors_its_links_use(teacher):
    page = teacher.page("/teacher/guide")
    markdown = GUIDE.read_text(encoding="utf-8")
    headings = re.findall(r"^(#{1,3}) (.+)$", re.sub(r"```.*?```", "", markdown, flags=re.S), re.M)
    assert len(headings) > 20
    shown = dict(re.findall(r'<h[1-3] id="([^"]+)">(.*?)</h[1-3]>', page))
    for _, heading in headings:
        assert slug(heading.replace("`", "")) in shown, heading
    for anchor in set(re.findall(r"\]\(#([^)]+)\)", markdown)):
        assert f'id="{anchor}"' in page, anchor
        assert f'href="#{anchor}"' in page, anchor
    assert shown["what-the-messages-mean"] == "What the messages mean"
    assert shown["highlight-mark-the-words"] == "<code>highlight</code>: mark the words"


def test_the_guide_is_in_the_teachers_menu_and_links_to_the_schema(teacher):
    classes = teacher.page("/teacher/")
    assert '<a href="/teacher/guide">Writing exercises</a>' in classes
    page = teacher.page("/teacher/guide")
    assert "<title>Writing exercises for Lens · Lens</title>" in page
    assert '<a href="/teacher/guide/schema.json">the schema</a>' in page


def test_html_in_the_guide_is_shown_as_text_and_links_to_project_files_become_the_apps_pages_or_text():
    _, body = rendered(
        "# Title\n\n<script>alert(1)</script>\n\nSee <b onclick=x>this</b>, [the schema](../exercises/schema.json)"
        " and [the README](../README.md), or [elsewhere](https://example.org/) and [below](#title).\n\n"
        "| a | b |\n| --- | --- |\n| `<i>` | 2 |\n",
        {"../exercises/schema.json": "/teacher/guide/schema.json"},
    )
    assert "<script>" not in body and "<b " not in body and "<i>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert '<a href="/teacher/guide/schema.json">the schema</a>' in body
    assert " and the README, or " in body
    assert '<a href="https://example.org/">elsewhere</a>' in body and '<a href="#title">below</a>' in body
    assert '<div class="table-scroll" role="region" aria-label="Table: Title" tabindex="0"><table>' in body


def test_headings_with_the_same_words_get_anchors_of_their_own():
    _, body = rendered("## Notes\n\n## Notes\n\n## Step 1: the top (`x_y`)\n", {})
    assert re.findall(r'id="([^"]+)"', body) == ["notes", "notes-1", "step-1-the-top-x_y"]


def test_the_schema_is_served_as_json_as_the_project_keeps_it(teacher):
    with teacher.client.get("/teacher/guide/schema.json") as response:
        assert response.status_code == 200
        assert response.mimetype == "application/json"
        assert response.get_json() == json.loads((ROOT / "exercises" / "schema.json").read_text(encoding="utf-8"))


def test_the_guide_and_the_schema_are_for_teachers_only(client):
    for url in ("/teacher/guide", "/teacher/guide/schema.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/teacher/sign-in" in response.headers["Location"], url


@pytest.mark.parametrize(
    "message, html",
    [
        (
            "unknown key `promt`; did you mean `prompt`?",
            "unknown key <code>promt</code>; did you mean <code>prompt</code>?",
        ),
        ("unknown key `<script>`", "unknown key <code>&lt;script&gt;</code>"),
        ("<b>`x`</b>", "&lt;b&gt;<code>x</code>&lt;/b&gt;"),
        ("starting with `@`, `` ` `` or `%`", "starting with <code>@</code>, <code>`</code> or <code>%</code>"),
        ("a lone ` stays", "a lone ` stays"),
    ],
)
def test_code_marks_in_a_message_become_code_and_everything_else_stays_text(message, html):
    assert str(ticks(message)) == html


def test_a_problem_quoting_script_is_drawn_as_code_and_escaped_on_the_teachers_pages(tmp_path):
    exercises = tmp_path / "exercises"
    shutil.copytree(FIXTURE_EXERCISES, exercises)
    (exercises / "hostile.yaml").write_text(
        "title: T\nsource: mko-article\nskill: loaded_wording\n<script>x</script>: 1\nitems: []\n", encoding="utf-8"
    )
    app = create_app(config(tmp_path, EXERCISES_DIR=str(exercises), SEEDS_DIR=str(SEEDS)))
    make_teacher(app)
    teacher = Teacher(app.test_client())
    teacher.sign_in()
    for url in ("/teacher/exercises/", "/teacher/exercises/file/hostile.yaml"):
        page = teacher.page(url)
        assert "unknown key <code>&lt;script&gt;x&lt;/script&gt;</code>" in page, url
        assert "<script>x" not in page
    uploaded = teacher.client.post(
        "/teacher/exercises/upload",
        data={
            "csrf_token": teacher.token("/teacher/exercises/"),
            "file": (io.BytesIO((exercises / "hostile.yaml").read_bytes()), "hostile2.yaml"),
        },
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "unknown key <code>&lt;script&gt;x&lt;/script&gt;</code>" in uploaded
