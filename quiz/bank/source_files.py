"""Reading the source documents in seeds/: each .txt file, with what its .meta.yaml says of where it comes from."""

from __future__ import annotations

from pathlib import Path

from quiz.bank.schema import SourceMeta
from quiz.bank.validation import check_model
from quiz.bank.yamlsafe import Problem, YamlRefused, read_yaml
from quiz.text.sources import Source

MAX_SOURCE_BYTES = 2 * 1024 * 1024


def load_sources(seeds_dir: Path) -> tuple[dict[str, Source], list[Problem]]:
    """Every .txt document in seeds_dir with its optional .meta.yaml, and the problems of those left out."""
    sources: dict[str, Source] = {}
    problems: list[Problem] = []
    for path in sorted(Path(seeds_dir).glob("*.txt")):
        source, found = _read_source(path)
        problems.extend(found)
        if source is not None:
            sources[path.stem] = source
    return sources, problems


def _read_source(path: Path) -> tuple[Source | None, list[Problem]]:
    name = str(path)
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_SOURCE_BYTES:
            return None, [Problem(name, 1, 1, f"the document is over {MAX_SOURCE_BYTES // 1024 // 1024} MiB: split it")]
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem(name, line, 1, "the document is not UTF-8 text: save it as UTF-8 in your editor")]
    except OSError as error:
        return None, [Problem(name, 1, 1, f"cannot read the document: {error.strerror}")]
    meta, problems = _read_meta(path.with_suffix(".meta.yaml"))
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), path.stem)
    source = Source(
        stem=path.stem,
        text=text,
        title=meta.title or first_line,
        author=meta.author,
        publisher=meta.publisher,
        date=meta.date,
        address=meta.address or "",
    )
    return source, problems


def _read_meta(path: Path) -> tuple[SourceMeta, list[Problem]]:
    """The document's metadata; when the file is missing or wrong, "unknown" everywhere and the problems."""
    if not path.exists():
        return SourceMeta(), []
    try:
        document = read_yaml(path.read_bytes())
    except YamlRefused as refused:
        return SourceMeta(), [Problem(str(path), refused.position.line, refused.position.column, refused.message)]
    meta, found = check_model(document, SourceMeta, "`title:`")
    found = document.problems + found
    return meta or SourceMeta(), [Problem(str(path), where.line, where.column, message) for where, message in found]
