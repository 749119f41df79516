"""The guide's step-by-step file is what the guide says it is: sound, and with nothing for the gaming checks."""

import re

from helpers import ROOT, text_of

GUIDE = ROOT / "docs" / "authoring.md"


def test_the_file_the_guide_builds_step_by_step_validates_with_no_warning(runner, tmp_path):
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)
    steps = [block for block in blocks if block.startswith(("# yaml-language-server", "\nitems:", "\n  - id:"))]
    assert len(steps) == 4, "steps 1, 2, 4 and 5 each add one block"
    path = tmp_path / "meps-and-money.yaml"
    path.write_text("".join(steps), encoding="utf-8")
    result = runner.invoke(args=["validate", "--strict", str(path)])
    assert result.output == "OK: 1 file(s), 3 item(s) (loaded_wording 1, missing_context 1, unsourced_claims 1).\n"
    assert result.exit_code == 0


def passage_problem(tmp_path, passage: str, source: str = "Their view – an old one – was wrong.") -> str:
    """The message the validator gives on a highlight item with this passage, quoting a one-line source."""
    from quiz.bank.loading import load_bank

    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "doc.txt").write_text(source, encoding="utf-8")
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "x.yaml").write_text(
        "title: T\nsource: doc\nskill: loaded_wording\nitems:\n  - id: a\n    type: highlight\n    prompt: Mark it.\n"
        f"    passage: {passage}\n    answers:\n      - quote: view\n        why: Because.\n",
        encoding="utf-8",
    )
    problems = load_bank(tmp_path / "exercises", tmp_path / "seeds").problems
    assert len(problems) == 1
    return problems[0].message


def test_the_guide_quotes_the_validators_message_for_curly_quote_marks_around_a_passage(tmp_path):
    message = passage_problem(tmp_path, "“Their view – an old one – was wrong.”")
    assert message.startswith("passage not found in the source `doc`; ")
    row = "| `passage not found in the source …; " + message.split("; ", 1)[1] + "` |"
    assert row in GUIDE.read_text(encoding="utf-8")


def test_dashes_must_match_as_the_guide_says(tmp_path):
    assert "**Dashes must match exactly**" in GUIDE.read_text(encoding="utf-8")
    assert '(you wrote "-", the text has "–")' in passage_problem(tmp_path, "Their view - an old one - was wrong.")


def test_the_pages_the_guide_sends_a_browser_user_to_are_named_as_the_app_names_them(teacher):
    guide = GUIDE.read_text(encoding="utf-8")
    assert "**Exercise files** (in the menu)" in guide and "**Add a source document**" in guide
    assert "**Upload an exercise file**" in guide
    files = text_of(teacher.page("/teacher/exercises/"))
    assert "Upload an exercise file" in files and "Add a source document" in files
    assert "<h1>Add a source document</h1>" in teacher.page("/teacher/exercises/sources/new")
    assert "restart the app" not in guide.lower() and "when it starts" not in guide
