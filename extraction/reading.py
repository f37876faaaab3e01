"""Reading an uploaded or named file into the text that will be stored (pure).

The stored text is what offsets index: for HTML it is the visible text that
html.parser extracts, not the markup.
"""

from pathlib import PurePath

from extraction.rules.text import html_to_text

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
MAX_BYTES = 2 * 1024 * 1024


class ReadError(ValueError):
    """A file that cannot be read as a text, with a message a person can act on."""


def read_text(name: str, raw: bytes) -> tuple[str, str]:
    """(text to store, title suggested by the file); raises ReadError."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise ReadError(
            f"{name}: only .txt, .md and .html files can be read "
            f"(got {suffix or 'no extension'})."
        )
    if len(raw) > MAX_BYTES:
        raise ReadError(f"{name}: larger than {MAX_BYTES // 1024} KB.")
    try:
        # utf-8-sig drops a byte-order mark, which would shift every offset.
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(
            f"{name}: not UTF-8 text (byte {error.start}); save it as UTF-8 and retry."
        ) from error
    decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")
    if suffix in HTML_SUFFIXES:
        text, title = html_to_text(decoded)
    else:
        text, title = decoded, ""
    if not text.strip():
        raise ReadError(f"{name}: the file has no text.")
    if not title:
        first = next(
            (line.strip("# ").strip() for line in text.splitlines() if line.strip()), ""
        )
        title = first[:400]
    return text, title
