"""Reading an uploaded or named file into the text that will be stored (pure).

The stored text is what offsets index: for HTML it is the visible text that
html.parser extracts, not the markup.
"""

from pathlib import PurePath

from core.limits import limit_exceeded_message, limit_value
from extraction.rules.text import html_to_text

TEXT_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm"})


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
    if len(raw) > limit_value("TEXT_BYTES"):
        raise ReadError(
            f"{name}: " + limit_exceeded_message("TEXT_BYTES", "A text", len(raw))
        )
    try:
        # utf-8-sig drops a byte-order mark, which would shift every offset.
        decoded = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ReadError(
            f"{name}: not UTF-8 text (byte {error.start}); save it as UTF-8 and retry."
        ) from error
    nul_message = nul_refusal(decoded)
    if nul_message:
        raise ReadError(f"{name}: {nul_message}")
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


def nul_refusal(text: str) -> str:
    """Why a text with a NUL character cannot be stored, or "" when it has none.

    The database refuses NUL in text, and a verbatim store must not silently
    drop it (that would change the text and its offsets), so it is refused.
    """
    position = text.find("\x00")
    if position == -1:
        return ""
    return (
        f"the text holds a NUL character (\\0) at character {position:,}; "
        "it cannot be stored verbatim. Remove it and try again."
    )
