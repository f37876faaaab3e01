"""Number words and calendar names the temporal rules share (pure data)."""

from commitments.cadence import NUMBER_WORDS

# Longest first, so that "twenty-four" wins over "twenty".
NUMBER = (
    r"(?:\d{1,3}|"
    + "|".join(sorted((w for w in NUMBER_WORDS if len(w) > 2), key=len, reverse=True))
    + ")"
)
MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Full names never take a full stop (it would end the sentence); "Sept." may.
_FULL = [name for name in MONTHS if len(name) > 4 or name in {"may", "june", "july"}]
_SHORT = [name for name in MONTHS if name not in _FULL]
MONTH = (
    r"(?:(?:"
    + "|".join(sorted(_FULL, key=len, reverse=True))
    + r")(?![a-z])|(?:"
    + "|".join(sorted(_SHORT, key=len, reverse=True))
    + r")(?![a-z])\.?)"
)
WEEKDAYS = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)


def number(word: str) -> int | None:
    """'three' -> 3, '90' -> 90; None for a word that is not a number."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def month(word: str) -> int:
    """'Sept.' -> 9."""
    return MONTHS[word.lower().rstrip(".")]
