"""One regular expression for a list of words, built as a trie.

A plain alternation of a thousand names tries every name at every position of
the text; a trie tries only the names that start with the characters already
read, which keeps a 100 KB text well under the extraction time budget.
"""

import re
from collections.abc import Collection
from functools import lru_cache
from typing import Any

_END = ""  # the key that marks the end of a word in the trie


def _trie(words: Collection[str], fold: bool) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for char in word.lower() if fold else word:
            node = node.setdefault(char, {})
        node[_END] = True
    return root


def _pattern(node: dict[str, Any]) -> str:
    ends = _END in node
    branches = [
        re.escape(char) + _pattern(child) for char, child in node.items() if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        # Longest match first: the optional tail is tried before stopping here.
        return "(?:" + body + ")?"
    return body


def word_pattern(words: Collection[str], *, flags: int = 0) -> re.Pattern[str] | None:
    """A pattern matching any of `words` as a whole word (not inside another
    word or hyphenated compound), preferring the longest."""
    kept = tuple(sorted({w for w in words if w}))
    return _compiled(kept, flags) if kept else None


@lru_cache(maxsize=64)
def _compiled(words: tuple[str, ...], flags: int) -> re.Pattern[str]:
    # Every text compiles the same thousand country words: build them once.
    body = _pattern(_trie(words, bool(flags & re.IGNORECASE)))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", flags)
