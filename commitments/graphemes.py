"""Whether an offset falls between two user-perceived characters (pure).

A quote cut between a letter and its combining mark (an Urdu zer), inside a
ZWJ emoji sequence, before a skin-tone modifier or between the two halves of
a flag would store half a character. This is a small subset of Unicode's
extended grapheme cluster rules (UAX #29), the cases a source text holds.
"""

import unicodedata

ZWJ = "\u200d"
REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
SKIN_TONES = range(0x1F3FB, 0x1F400)


def _extends(char: str) -> bool:
    """A character that belongs to the one before it."""
    code = ord(char)
    return (
        unicodedata.category(char) in {"Mn", "Mc", "Me"}
        or char == ZWJ
        or 0xFE00 <= code <= 0xFE0F  # variation selectors
        or 0xE0020 <= code <= 0xE007F  # tag characters (subdivision flags)
        or code in SKIN_TONES
    )


def _is_regional(char: str) -> bool:
    return ord(char) in REGIONAL_INDICATORS


def is_boundary(text: str, offset: int) -> bool:
    """True when `offset` (in code points) does not split a character."""
    if offset <= 0 or offset >= len(text):
        return True
    before, after = text[offset - 1], text[offset]
    if _extends(after) or before == ZWJ:
        return False
    if _is_regional(before) and _is_regional(after):
        # Flags pair up from the start of a run of regional indicators.
        run = 0
        while offset - run - 1 >= 0 and _is_regional(text[offset - run - 1]):
            run += 1
        return run % 2 == 0
    return True
