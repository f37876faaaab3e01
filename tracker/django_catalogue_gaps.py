"""Django's own strings that its Urdu catalogue leaves in English.

Django ships a partial Urdu translation: the password pages' help texts and
errors, and the spans of `timesince` ("3 days ago" on My work), are missing
from it. Listing them here (gettext_noop: marked, not
translated at import) puts them in the project's catalogue (locale/), which
comes before Django's (LOCALE_PATHS), so makemessages keeps them and the
catalogue check (tests/unit/test_translations.py) demands their translation.
Each msgid is copied exactly from django/contrib/auth and
django/utils/timesince.py.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_AUTH_STRINGS = (
    gettext_noop("New password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("The two password fields didn’t match."),
    gettext_noop("Your old password was entered incorrectly. Please enter it again."),
    gettext_noop(
        "Your password can’t be too similar to your other personal information."
    ),
    gettext_noop("The password is too similar to the %(verbose_name)s."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("This password is too common."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("This password is entirely numeric."),
)
# Plurals: ngettext_lazy only marks them (nothing is translated at import).
DJANGO_AUTH_PLURALS = (
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "min_length",
    ),
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)
# django.utils.timesince.TIME_STRINGS
TIMESINCE_PLURALS = (
    ngettext_lazy("%(num)d year", "%(num)d years", "num"),
    ngettext_lazy("%(num)d month", "%(num)d months", "num"),
    ngettext_lazy("%(num)d week", "%(num)d weeks", "num"),
    ngettext_lazy("%(num)d day", "%(num)d days", "num"),
    ngettext_lazy("%(num)d hour", "%(num)d hours", "num"),
    ngettext_lazy("%(num)d minute", "%(num)d minutes", "num"),
)
