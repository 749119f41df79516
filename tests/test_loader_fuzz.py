"""Whatever a file holds, the loader answers with problems, never with an exception, and within a second."""

import re
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FIXTURE_EXERCISES, ROOT, TESTS
from quiz.bank.loading import check_bytes

DEMO_LINES = (FIXTURE_EXERCISES / "demo.yaml").read_text().splitlines(keepends=True)
FUZZ = settings(max_examples=150, deadline=None)


def check(raw: bytes, sources) -> None:
    started = time.perf_counter()
    exercise_set, problems = check_bytes(raw, "fuzz.yaml", "fuzz", sources)
    assert time.perf_counter() - started < 1.0
    assert (exercise_set is None) == bool(problems)
    assert all(p.line >= 1 and p.column >= 1 and p.message for p in problems)


@FUZZ
@given(raw=st.binary(max_size=2000))
def test_arbitrary_bytes(raw, sources):
    check(raw, sources)


@FUZZ
@given(text=st.text(alphabet=st.sampled_from(list("abc:-[]{}&*!|>'\"#\n\t ?,%@`0123456789")), max_size=400))
def test_arbitrary_yaml_punctuation(text, sources):
    check(text.encode(), sources)


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(["drop", "repeat", "indent", "dedent", "cut"]), st.integers(0, len(DEMO_LINES) - 1)),
        min_size=1,
        max_size=4,
    )
)
def test_a_real_file_mangled(edits, sources):
    lines = list(DEMO_LINES)
    for kind, at in edits:
        at %= len(lines)
        if kind == "drop":
            del lines[at]
        elif kind == "repeat":
            lines.insert(at, lines[at])
        elif kind == "indent":
            lines[at] = "  " + lines[at]
        elif kind == "dedent":
            lines[at] = lines[at][2:]
        else:
            lines[at] = lines[at][: len(lines[at]) // 2] + "\n"
        if not lines:
            break
    check("".join(lines).encode(), sources)


VALID_FILES = sorted([*(ROOT / "exercises").glob("*.yaml"), *(TESTS / "fixtures" / "contract").glob("*.yaml")])
# Values that YAML reads as something other than text, or that the loader must refuse.
HOSTILE_VALUES = [
    "no",
    "3:30",
    "",
    "~",
    "[]",
    "{}",
    "[a, b]",
    "2019-05-27",
    "1e999",
    "-1",
    "0",
    "*a",
    "&a x",
    "!!binary aGk=",
    '"',
    "'",
    "|",
    ">",
    "- x",
    "\t",
    "é" * 300,
]
VALUE_LINE = re.compile(r"^(\s*(?:- )?[A-Za-z_]+:)( .*)?$")


@FUZZ
@given(
    index=st.integers(0, len(VALID_FILES) - 1),
    edits=st.lists(
        st.tuples(st.integers(0, 10_000), st.sampled_from(HOSTILE_VALUES + ["typo", "rename", "swap"])),
        min_size=1,
        max_size=2,  # each mistyped passage costs a search of the source: keep a file well inside its second
    ),
)
def test_a_valid_file_with_values_mutated(index, edits, sources):
    lines = VALID_FILES[index].read_text(encoding="utf-8").splitlines(keepends=True)
    for at, change in edits:
        value_lines = [number for number, line in enumerate(lines) if VALUE_LINE.match(line.rstrip("\n"))]
        if not value_lines:
            break
        number = value_lines[at % len(value_lines)]
        key, value = VALUE_LINE.match(lines[number].rstrip("\n")).groups()
        if change == "typo":  # a letter dropped mid-value: the kind of slip that sends the loader searching the source
            value = value[: len(value) // 2] + value[len(value) // 2 + 1 :] if value else " x"
        elif change == "rename":
            key = key[:-2] + key[-1]
        elif change == "swap":
            lines[number], lines[-1] = lines[-1], lines[number]
            continue
        else:
            value = f" {change}"
        lines[number] = f"{key}{value}\n"
    check("".join(lines).encode(), sources)
