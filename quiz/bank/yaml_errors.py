"""YAML's syntax errors in a teacher's words: where to look, and what is usually wrong there."""

from __future__ import annotations

import yaml

SYNTAX_HINTS = {
    # PyYAML notices a lost `:` or a key indented too far a line or two below it, so the hints look upwards too.
    "mapping values are not allowed": "a value that contains `: ` must be put in quotes; or a line above has "
    "lost its `:`, or this line is indented further than the keys beside it",
    "could not find expected ':'": "each line inside a mapping needs `key: value`: this line or one just above "
    "may be missing its `:`",
    "did not find expected comment or line break": "after `>` or `|` the text starts on the next line, indented",
    "did not find expected key": "check the indentation of this line against the lines above it",
    "did not find expected '-' indicator": "check the indentation of this list item",
    "found undefined alias": "a value starting with `*` must be put in quotes",
    "found character that cannot start any token": "a value starting with `@`, `` ` `` or `%` must be put in quotes",
}


# Where YAML notices a quote or bracket left open is far below it; the teacher needs the line that opened it.
UNCLOSED = {
    ("while scanning a quoted scalar", "found unexpected end of stream"): "a quote mark opened here is never closed: "
    "add the closing quote mark",
    ("while parsing a flow sequence", "expected ','"): "a `[` opened here is never closed: add the closing `]`",
    ("while parsing a flow mapping", "expected ','"): "a `{` opened here is never closed: add the closing `}`",
}


def explained(error: yaml.MarkedYAMLError, text: str) -> tuple[object, str]:
    """Where the teacher should look (PyYAML's mark) and what to do there."""
    problem = error.problem or ""
    for (context, clue), message in UNCLOSED.items():
        if error.context == context and clue in problem and error.context_mark is not None:
            return error.context_mark, f"YAML syntax error: {message}"
    mark = error.problem_mark or error.context_mark
    return mark, _syntax_message(error, text, mark)


def _syntax_message(error: yaml.MarkedYAMLError, text: str, mark) -> str:
    problem = (error.problem or str(error)).strip()
    if mark is not None and text[mark.index : mark.index + 1] == "\t":
        return "YAML syntax error: a tab character: indent with spaces, not tabs"
    if mark is not None and _after_closing_quote(text, mark):
        return (
            "YAML syntax error: text after a closing quote mark: a value that starts with a quote mark must end "
            "with it, so write the value on the next line after `>`, or put it all in quotes"
        )
    hint = next((hint for start, hint in SYNTAX_HINTS.items() if problem.startswith(start)), "")
    message = f"YAML syntax error: {problem}"
    return f"{message}: {hint}" if hint else message


def _after_closing_quote(text: str, mark) -> bool:
    """Whether YAML stopped at words following a quoted value, as in `why: "Spin" is a verdict.`"""
    lines = text.splitlines()
    before = lines[mark.line][: mark.column] if mark.line < len(lines) else ""
    return before.rstrip().endswith(('"', "'"))
