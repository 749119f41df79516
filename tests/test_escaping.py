"""Nothing in an exercise file can put script into a student's page."""

from quiz import create_app

from conftest import ROOT, Student

HOSTILE = """\
title: <script>alert('title')</script>
source: mko-article
skill: loaded_wording
intro: <img src=x onerror=alert(1)>
items:
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
    app = create_app(
        {
            "SECRET_KEY": "t",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'db.sqlite'}",
            "EXERCISES_DIR": str(tmp_path),
            "SEEDS_DIR": str(ROOT / "seeds"),
        }
    )
    student = Student(app.test_client())
    pages = [student.page("/"), student.page("/sets/hostile"), student.page("/sets/hostile/items/x")]
    pages.append(student.answer("hostile", "x", picked="0").get_data(as_text=True))
    for html in pages:
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b onclick" not in html
        assert '" onmouseover="' not in html
    assert "&lt;script&gt;alert(&#39;why&#39;)&lt;/script&gt;" in pages[-1]
