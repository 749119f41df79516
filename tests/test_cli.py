import pytest

from helpers import FIXTURE_EXERCISES, ROOT

# How messages name a file under the working folder: by its path from there.
DEMO_FILE = "tests/fixtures/exercises/demo.yaml"


@pytest.fixture
def in_the_project(monkeypatch):
    """Commands run from the project's folder, as the README says."""
    monkeypatch.chdir(ROOT)


BROKEN = (
    "title: Broken\nsource: mko-article\nskill: loaded_wording\nitems:\n  - id: a\n    type: choice\n    prompt: 3:30\n"
)


def test_validate_reports_every_problem_as_file_line_column(runner, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN)
    result = runner.invoke(args=["validate", str(bad)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{bad}:5:5: item 1 is missing `options` (the list of options)"
    assert (
        lines[1]
        == f'{bad}:7:13: `prompt`: expected text, got the number 210 (YAML reads `3:30` that way): put the text in quotes, like "3:30"'
    )
    assert "Traceback" not in result.output


CLEAN = """\
title: Clean
source: mko-article
skill: unsourced_claims
items:
  - id: who-told
    type: highlight
    prompt: Mark who is said to have passed the information on.
    passage: The information about these U.S. advisers was transferred to the MEK by the USSR security service.
    answers:
      - quote: by the USSR security service
        why: A whole service is named, but no document or witness.
"""


def test_validate_sums_up_a_clean_bank(runner, tmp_path):
    clean = tmp_path / "clean.yaml"
    clean.write_text(CLEAN)
    result = runner.invoke(args=["validate", str(clean)])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 1 file(s), 1 item(s) (unsourced_claims 1).\n"


def test_validate_prints_warnings_after_the_problems_and_still_exits_0(runner, in_the_project):
    result = runner.invoke(args=["validate", str(FIXTURE_EXERCISES)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{DEMO_FILE}:5:1: warning: always picking the longest option scores 75% over the set's 2 choice items; make the wrong options as long as the right ones, so that length gives nothing away in more than about a third of them",
        f'{DEMO_FILE}:6:5: warning: marking the sentence "A leopard cannot change its spots." alone scores 50%; make the passage longer or the key more precise',
        f'{DEMO_FILE}:17:5: warning: labelling every claim "vague source" scores 50%; add claims with other labels, so that no label is right for most of them',
        f"{DEMO_FILE}:41:5: warning: ticking every option scores 50%; add wrong options, so that ticking them all costs more",
        "OK: 1 file(s), 4 item(s) (loaded_wording 1, missing_context 2, unsourced_claims 1). 4 warning(s): see above.",
    ]


def test_validate_strict_fails_on_warnings_alone(runner, tmp_path):
    warned = runner.invoke(args=["validate", "--strict", str(FIXTURE_EXERCISES)])
    assert warned.exit_code == 1
    assert warned.output.splitlines()[-1] == "Error: --strict: the 4 warning(s) count as failures."
    clean = tmp_path / "clean.yaml"
    clean.write_text(CLEAN)
    assert runner.invoke(args=["validate", "--strict", str(clean)]).exit_code == 0


def test_validate_still_fails_on_problems_and_counts_the_other_files_warnings(runner, tmp_path, in_the_project):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BROKEN)
    result = runner.invoke(args=["validate", str(bad), str(FIXTURE_EXERCISES)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{bad}:5:5: item 1 is missing `options`")
    assert lines[2].startswith(f"{DEMO_FILE}:5:1: warning: ")
    assert lines[-1] == "2 problem(s) in 1 file(s). 4 warning(s): see above."


def test_validate_checks_the_configured_folder_by_default(runner):
    result = runner.invoke(args=["validate"])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith("OK: 1 file(s)")


def test_schema_writes_the_json_schema_editors_read(runner, tmp_path):
    import json

    from quiz.bank.schema import json_schema

    target = tmp_path / "schema.json"
    result = runner.invoke(args=["schema", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {target}.\n"
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == json_schema()
    assert written["title"] == "Lens exercise file"
    assert written["required"] == ["title", "source", "items"]
