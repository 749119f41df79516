"""What an uploaded file seems to be when it is not text: a Word document, a PDF, an image, or binary data."""

from __future__ import annotations

UTF16 = "text saved as UTF-16 (“Unicode” in some editors)"
# The first bytes of the files a teacher is likely to pick by mistake, and what to call them.
SIGNATURES = (
    (b"PK\x03\x04", "a Word or other Office document, or a zip file"),
    (b"%PDF", "a PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an older Word or other Office document (.doc)"),
    (b"{\\rtf", "a Rich Text document (.rtf)"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\xff\xfe", UTF16),
    (b"\xfe\xff", UTF16),
)
# Control characters that no text file holds; tab, line breaks and form feed are text.
CONTROL_BYTES = frozenset(range(32)) - {9, 10, 12, 13}
SAMPLE = 8192


def binary_kind(raw: bytes) -> str | None:
    """What the file seems to be if it is not text, in a teacher's words; None for text, in any encoding."""
    for signature, kind in SIGNATURES:
        if raw.startswith(signature):
            return kind
    sample = raw[:SAMPLE]
    # Text saved in another encoding (Windows-1252, say) is not UTF-8 either, but holds no control characters:
    # its own message says where the first odd letter is, and its lines are worth showing.
    if not _is_utf8(sample) and any(byte in CONTROL_BYTES for byte in sample):
        return "a binary file"
    return None


def not_text_message(kind: str) -> str:
    """The one problem reported for a file that is not text."""
    if kind == UTF16:
        return f"the file is {kind}, not UTF-8: save it as UTF-8 in your editor"
    return (
        f"this looks like {kind}, not a text file: an exercise file is plain text, written in a text editor "
        "(or exported as plain text) and saved as UTF-8 with the ending .yaml"
    )


def _is_utf8(sample: bytes) -> bool:
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as error:
        # The sample may end inside a character: only a bad byte before its last three counts.
        return error.start >= len(sample) - 3 and error.reason == "unexpected end of data"
    return True
