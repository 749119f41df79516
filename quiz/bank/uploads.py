"""Saving files teachers upload: exercise files (never silently over another) and new source documents.

Plain file handling with no Flask import; the pages that call it are in authoring.py.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import unicodedata
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

from quiz.bank.file_kinds import binary_kind
from quiz.bank.loading import exercise_files

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
EXERCISE_SUFFIXES = (".yaml", ".yml")
SOURCE_SUFFIXES = (".txt",)
LARGEST_SOURCE = 1024 * 1024
# Names Windows reserves for devices, whatever the case and the suffix: such a file cannot be made on a Windows server
# or a shared folder (the README suggests SMB shares), and may not be opened where it was.
WINDOWS_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", *(f"COM{digit}" for digit in range(1, 10)), *(f"LPT{digit}" for digit in range(1, 10))]
)


class UploadRefused(ValueError):
    """An upload that cannot be saved; the message says what to do."""


def stem_of(filename: str, suffixes: tuple[str, ...]) -> str:
    """The name a file is saved under, from the name the browser sent, or UploadRefused."""
    name = name_with_suffix(filename, suffixes)
    stem = name.rpartition(".")[0]
    if not NAME.fullmatch(stem):
        raise UploadRefused(f"The file name “{name}” cannot be used: {_naming_rule(suffixes)}")
    return _not_a_device(stem, name, suffixes)


def name_with_suffix(filename: str, suffixes: tuple[str, ...]) -> str:
    """The file's name without its folders, or UploadRefused unless it ends in one of the suffixes."""
    name = Path(filename.replace("\\", "/")).name
    if not name.lower().endswith(suffixes):
        raise UploadRefused(f"“{name}” is not a {' or '.join(suffixes)} file: choose one whose name ends that way.")
    return name


def _naming_rule(suffixes: tuple[str, ...]) -> str:
    """How to name a file, in the words of what the name becomes: a set's id, or the name exercises quote."""
    if suffixes == SOURCE_SUFFIXES:
        return (
            "name it with letters, digits, - and _ only (no spaces), like council-leaflet.txt. Exercise files quote "
            "the document by this name, without .txt."
        )
    return (
        "name it with letters, digits, - and _ only (no spaces), like unsourced-claims-2.yaml. "
        "The name becomes the set's id."
    )


def _not_a_device(stem: str, name: str, suffixes: tuple[str, ...]) -> str:
    if stem.upper() in WINDOWS_DEVICES:
        raise UploadRefused(
            f"The file name “{name}” cannot be used: Windows reserves the name {stem} for a device, so the file could "
            f"not be kept on a Windows computer or shared folder. Give it another name, like {stem}-1{suffixes[0]}."
        )
    return stem


def existing_exercise_file(exercises_dir: Path, stem: str) -> Path | None:
    """The bank's file with this id, in whichever subfolder it lives."""
    return next((path for path in exercise_files([exercises_dir]) if path.stem == stem), None)


@dataclass(frozen=True)
class Saved:
    path: Path
    previous: Path | None = None


def save_exercise_file(exercises_dir: Path, history_dir: Path, stem: str, raw: bytes, replace: bool) -> Saved:
    """Write the file into the bank; an existing one is replaced only when asked, and kept in history_dir."""
    existing = existing_exercise_file(exercises_dir, stem)
    if existing is None:
        return Saved(_write_new(exercises_dir / f"{stem}.yaml", raw))
    if not replace:
        raise FileExistsError(existing)
    previous = _keep_old_version(existing, history_dir)
    _write_atomically(existing, raw)
    return Saved(existing, previous)


def _keep_old_version(path: Path, history_dir: Path) -> Path:
    history_dir.mkdir(parents=True, exist_ok=True)
    kept = history_dir / f"{path.stem}-{datetime.now(UTC):%Y%m%dT%H%M%S%f}{path.suffix}"
    shutil.copy2(path, kept)
    return kept


def _write_atomically(target: Path, raw: bytes) -> None:
    """Readers (this app, other app servers) see the old file or the new one, never half of one."""
    temporary = _written_aside(target, raw)
    os.replace(temporary, target)


def _write_new(target: Path, raw: bytes) -> Path:
    """Write a file that must not exist yet; FileExistsError if another upload got there first."""
    temporary = _written_aside(target, raw)
    try:
        # A hard link fails when the name is taken, so two uploads at once cannot both "create" it.
        os.link(temporary, target)
    finally:
        temporary.unlink()
    return target


def _written_aside(target: Path, raw: bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    temporary.write_bytes(raw)
    return temporary


def source_name(typed: str) -> str:
    """The name a new source document is saved under, as a teacher typed it (with or without .txt), or
    UploadRefused."""
    typed = typed.strip()
    stem = typed[: -len(".txt")] if typed.lower().endswith(".txt") else typed
    if not NAME.fullmatch(stem):
        raise UploadRefused(
            f"The name “{typed}” cannot be used: use letters, digits, - and _ only (no spaces), like council-leaflet. "
            "Exercise files quote the document by this name."
        )
    return _not_a_device(stem, typed, SOURCE_SUFFIXES)


def suggested_name(title: str) -> str:
    """A name for a document's file, made from its title: “Parking: what’s next?” gives parking-whats-next."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode().replace("'", "").lower()
    name = "-".join(re.findall(r"[a-z0-9]+", plain))[:60].strip("-") or "source"
    return f"{name}-1" if name.upper() in WINDOWS_DEVICES else name


@dataclass(frozen=True)
class SourceFacts:
    """What a teacher says of where a new source document comes from; empty facts are left out of its meta file,
    and students then read "unknown" for them."""

    title: str
    author: str = ""
    publisher: str = ""
    date: str = ""
    address: str = ""  # the web address it was found at
    note: str = ""  # for teachers reading the file


LONGEST_FACTS = {"title": 200, "author": 200, "publisher": 200, "date": 60, "address": 2000, "note": 2000}
WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
META_HEADER = (
    "# What is known about where seeds/{stem}.txt comes from, as the teacher who added it wrote.\n"
    "# The text itself is kept byte for byte as it was added, so that exercises' quotes stay right:\n"
    "# never edit it.\n"
)


def facts_problems(facts: SourceFacts) -> list[str]:
    """What is wrong with the facts given, each said so that the teacher knows what to change."""
    problems = []
    if not facts.title.strip():
        problems.append("Give the document its title, as it was published.")
    for name, longest in LONGEST_FACTS.items():
        if len(getattr(facts, name)) > longest:
            problems.append(f"The {name} is over {longest} characters: shorten it.")
    if facts.address and not WEB_ADDRESS.fullmatch(facts.address):
        problems.append(
            "The address must be a web address as the browser's address bar shows it, starting with https:// or "
            "http://; or leave it empty."
        )
    return problems


def source_meta_yaml(stem: str, facts: SourceFacts) -> str:
    """The text of seeds/NAME.meta.yaml: the facts given, quoted wherever YAML would read them as something else
    (a date, `yes`, a `#`)."""
    given = {name: value for name, value in asdict(facts).items() if value}
    return META_HEADER.format(stem=stem) + yaml.safe_dump(given, allow_unicode=True, sort_keys=False, width=100)


def save_source(seeds_dir: Path, stem: str, raw: bytes, meta: SourceFacts | None = None) -> Path:
    """A new source document, as plain UTF-8 text, with its meta file when facts are given; an existing one is never
    changed (sources stay verbatim)."""
    _check_source_text(raw)
    target = seeds_dir / f"{stem}.txt"
    if target.exists():
        raise _source_exists(stem)
    written_meta = None
    try:
        # The meta file first: the document appears to the bank only with its facts beside it. Written as new, it
        # also keeps two teachers adding one name at once from both going on.
        if meta is not None:
            written_meta = _write_new(seeds_dir / f"{stem}.meta.yaml", source_meta_yaml(stem, meta).encode("utf-8"))
        return _write_new(target, raw)
    except FileExistsError:
        if written_meta is not None:
            written_meta.unlink()
        raise _source_exists(stem) from None


def _source_exists(stem: str) -> UploadRefused:
    return UploadRefused(
        f"There is already a source document called “{stem}”. Sources are kept exactly as they were "
        "first added, so students' quotes stay right: give the new one another name."
    )


def _check_source_text(raw: bytes) -> None:
    """UploadRefused unless the document is plain UTF-8 text of a size the bank reads."""
    if len(raw) > LARGEST_SOURCE:
        raise UploadRefused(f"The document is over {LARGEST_SOURCE // 1024} KiB: upload the article's text only.")
    kind = binary_kind(raw)
    if kind is not None:
        raise UploadRefused(
            f"This looks like {kind}, not a text file: open it, copy the article's text into a plain-text editor "
            "and save it as “Plain text, UTF-8” (.txt), or paste the text on the “Add a source document” page."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise UploadRefused(
            f"The document is not UTF-8 text (byte {error.start + 1} cannot be read): in your editor, "
            "save it as “Plain text, UTF-8” and upload it again."
        ) from None
    if not text.strip():
        raise UploadRefused("The document is empty.")
    if "\0" in text:
        raise UploadRefused("The document holds binary data: upload plain text (.txt) only.")


def pending_upload(pending_dir: Path, token: str) -> tuple[str, bytes] | None:
    """The name and contents of the upload waiting under this token, taken out of waiting; None if none is."""
    if not re.fullmatch(r"[0-9a-f]{32}", token or ""):
        return None
    for path in pending_dir.glob(f"{token}.*.yaml"):
        raw = path.read_bytes()
        path.unlink(missing_ok=True)
        return path.name.split(".")[1], raw
    return None


def hold_for_confirmation(pending_dir: Path, stem: str, raw: bytes) -> str:
    """Keep an upload until the teacher confirms it; uploads never confirmed are dropped after a day."""
    pending_dir.mkdir(parents=True, exist_ok=True)
    day_ago = datetime.now(UTC).timestamp() - 24 * 3600
    for old in pending_dir.glob("*.yaml"):
        if old.stat().st_mtime < day_ago:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    # The name is kept with the contents: the confirmation replaces the file it was compared with, no other.
    (pending_dir / f"{token}.{stem}.yaml").write_bytes(raw)
    return token
