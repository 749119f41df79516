"""Whatever a file holds, the loader answers with problems, never with an exception."""

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import FIXTURE_EXERCISES
from quiz.bank import check_bytes

DEMO_LINES = (FIXTURE_EXERCISES / "demo.yaml").read_text().splitlines(keepends=True)
FUZZ = settings(max_examples=150, deadline=None)


def check(raw: bytes, sources) -> None:
    exercise_set, problems = check_bytes(raw, "fuzz.yaml", "fuzz", sources)
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
