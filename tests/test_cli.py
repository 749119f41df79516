from helpers import FIXTURE_EXERCISES

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


def test_validate_sums_up_a_clean_bank(runner):
    result = runner.invoke(args=["validate", str(FIXTURE_EXERCISES)])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 1 file(s), 4 item(s) (loaded_wording 1, missing_context 2, unsourced_claims 1).\n"


def test_validate_checks_the_configured_folder_by_default(runner):
    result = runner.invoke(args=["validate"])
    assert result.exit_code == 0
    assert result.output.startswith("OK: 1 file(s)")


def test_schema_writes_the_json_schema_editors_read(runner, tmp_path):
    import json

    from quiz.schema import json_schema

    target = tmp_path / "schema.json"
    result = runner.invoke(args=["schema", "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert result.output == f"Wrote {target}.\n"
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written == json_schema()
    assert written["title"] == "Lens exercise file"
    assert written["required"] == ["title", "source", "items"]
