"""The JSON Schema for editors agrees with the validator: same models, same verdicts where a schema can judge."""

import copy
import json

import jsonschema
import pytest

from helpers import FIXTURE_EXERCISES, ROOT, TESTS
from quiz.bank.validation import check_format
from quiz.bank.yamlsafe import YamlRefused, read_yaml
from quiz.cli import schema_text

SCHEMA_FILE = ROOT / "exercises" / "schema.json"
BAD = TESTS / "fixtures" / "bad"
GOOD = sorted(
    [
        *(ROOT / "exercises").glob("*.yaml"),
        *FIXTURE_EXERCISES.glob("*.yaml"),
        *(TESTS / "fixtures" / "contract").glob("*.yaml"),
        *(BAD / "duplicate-set-id").rglob("*.yaml"),  # sound on its own; only the bank has two of it
    ]
)
# The mistakes a schema can express: the shape of the file, not its agreement with the source or itself.
SCHEMA_CATCHES = {
    "bad-item-id.yaml",
    "correct-quoted.yaml",
    "date-becomes-date.yaml",
    "empty-items.yaml",
    "empty-value.yaml",
    "empty-why.yaml",
    "item-not-a-mapping.yaml",
    "many-problems.yaml",
    "missing-field.yaml",
    "missing-title.yaml",
    "missing-type.yaml",
    "no-becomes-false.yaml",
    "not-a-mapping.yaml",
    "number-as-label.yaml",
    "occurrence-not-a-number.yaml",
    "text-instead-of-list.yaml",
    "time-becomes-number.yaml",
    "too-few-options.yaml",
    "unknown-key-far.yaml",
    "unknown-key.yaml",
    "unknown-skill.yaml",
    "unknown-type.yaml",
    "yes-for-true.yaml",
}
# Caught by the schema in an editor, which reads YAML 1.2 (`yes` is text there), not in PyYAML's YAML 1.1 data.
EDITOR_READING = {"yes-for-true.yaml"}


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def data_of(path):
    """The file's data as the validator reads it (YAML's own conversions included), or None when it is not YAML."""
    try:
        return read_yaml(path.read_bytes())
    except YamlRefused:
        return None


def test_the_committed_schema_is_what_the_models_generate():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "exercises/schema.json is out of date with the models (quiz/bank/schema.py, quiz/items/): run `flask --app quiz schema` and commit it"
    )


def test_every_example_shipped_and_fixture_file_is_valid_under_the_schema(validator):
    assert len(GOOD) >= 6
    for path in GOOD:
        errors = [error.message for error in validator.iter_errors(data_of(path).data)]
        assert errors == [], path


@pytest.mark.parametrize("name", sorted(SCHEMA_CATCHES))
def test_each_bad_file_whose_mistake_a_schema_can_express_is_rejected_by_it(name, validator):
    document = data_of(BAD / name)
    assert not validator.is_valid(as_an_editor_reads_it(document) if name in EDITOR_READING else document.data)


def test_the_schema_and_the_format_check_agree_on_every_bad_file_that_is_yaml(validator):
    for path in sorted(BAD.glob("*.yaml")):
        document = data_of(path)
        if document is None:
            continue
        format_refuses = bool(check_format(document)[1])
        data = as_an_editor_reads_it(document) if path.name in EDITOR_READING else document.data
        assert (not validator.is_valid(data)) == format_refuses, path.name
        assert format_refuses == (path.name in SCHEMA_CATCHES), path.name


def as_an_editor_reads_it(document):
    """The data with YAML 1.1's extra booleans (`yes`, `on`...) back as the text a YAML 1.2 editor reads."""
    data = copy.deepcopy(document.data)
    for path, node in document.raw.items():
        if node.tag.endswith(":bool") and node.value.lower() not in ("true", "false"):
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = node.value
    return data


def test_the_example_file_points_editors_at_the_schema():
    first_line = (ROOT / "exercises" / "example.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=./schema.json"
