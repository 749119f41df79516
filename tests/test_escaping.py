"""Nothing in an exercise file can put script into a student's page."""

from helpers import Student, config
from quiz import create_app

HOSTILE = """\
title: <script>alert('title')</script>
source: mko-article
skill: loaded_wording
intro: <img src=x onerror=alert(1)>
items:
  - id: h
    type: highlight
    prompt: Mark <em>this</em>
    passage: A leopard cannot change its spots.
    answers:
      - quote: leopard
        why: <script>alert('highlight why')</script>
  - id: c
    type: classify
    prompt: Label it
    labels: ["<i>named</i>", "<script>alert('label')</script>"]
    claims:
      - quote: A leopard cannot change its spots.
        label: "<i>named</i>"
        why: <img src=x onerror=alert('claim')>
  - id: x
    type: choice
    prompt: </h1><script>alert('prompt')</script>
    passage: A leopard cannot change its spots.
    options:
      - text: <b onclick=alert(1)>bold</b>
        correct: true
        why: <script>alert('why')</script>
      - text: '" onmouseover="alert(1)'
        why: plain
"""


def test_teacher_text_is_shown_escaped(tmp_path):
    (tmp_path / "hostile.yaml").write_text(HOSTILE)
    app = create_app(config(tmp_path, EXERCISES_DIR=str(tmp_path)))
    student = Student(app.test_client())
    pages = [student.page("/"), student.page("/sets/hostile")]
    pages += [student.page(f"/sets/hostile/items/{item}") for item in ("h", "c", "x")]
    pages.append(student.answer("hostile", "h", marked=["1"]).get_data(as_text=True))
    pages.append(student.answer("hostile", "c", claim_0="<script>alert('label')</script>").get_data(as_text=True))
    pages.append(student.answer("hostile", "x", picked="0").get_data(as_text=True))
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b onclick" not in html
        assert '" onmouseover="' not in html
        assert "<em>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(&#39;why&#39;)&lt;/script&gt;" in pages[-1]


def test_source_metadata_is_shown_escaped(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "doc.txt").write_text("A text.\n", encoding="utf-8")
    (seeds / "doc.meta.yaml").write_text("title: <script>alert(1)</script>\nnote: <b>bold</b>\n", encoding="utf-8")
    app = create_app(config(tmp_path, SEEDS_DIR=str(seeds)))
    html = Student(app.test_client()).page("/sources/doc")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
