"""The username django-axes records a failed login under.

AccessAttempt.username is 255 characters; a longer username typed at the login
form made axes' own insert fail (a 500). Usernames are at most 150 characters
(Django's User), so the first 255 identify any real account.
"""

from django.http import HttpRequest

USERNAME_MAX_CHARS = 255


def attempted_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The username of a login attempt, cut to what axes can store."""
    if credentials:
        username = credentials.get("username")
    else:
        username = getattr(request, "POST", {}).get("username")
    if username is None:
        return None
    return str(username)[:USERNAME_MAX_CHARS]
