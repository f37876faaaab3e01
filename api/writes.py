"""What every write endpoint shares: the required reason, the version a
client saw, and a page form's errors as the API's 400.

Writes validate with the pages' own forms (so the limits, date ranges and
rule checks are the same, not copies) and call the pages' services with the
API user as the actor.
"""

import re
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.request import Request

REASON_HEADER = "X-Reason"
REASON_REQUIRED = "Say why: every change needs a `reason` field or an X-Reason header."
# If-Match: "3", W/"3" or a bare 3 (a client that forgot the quotes).
_ETAG = re.compile(r'^\s*(?:W/)?"?(\d{1,9})"?\s*$')


class StaleVersion(APIException):
    """Someone changed the record since the client read it."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale_version"

    def __init__(self, *, current: int, precondition: bool) -> None:
        # If-Match is an HTTP precondition (412); a body field is a conflict (409).
        self.status_code = (
            status.HTTP_412_PRECONDITION_FAILED
            if precondition
            else status.HTTP_409_CONFLICT
        )
        super().__init__()
        # Set after: APIException would turn the number into a string.
        self.detail = {
            "detail": "The record changed since you read it: read it again "
            "and resend your change with the current version.",
            "current_version": current,
        }


def request_reason(request: Request) -> str:
    """The change's reason, from the body or the X-Reason header (400 if none)."""
    value = ""
    if hasattr(request.data, "get"):
        value = request.data.get("reason") or ""
    if not isinstance(value, str):
        raise ValidationError({"reason": ["Must be a string."]})
    value = value.strip() or request.headers.get(REASON_HEADER, "").strip()
    if not value:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    return value


def request_version(request: Request) -> tuple[int, bool]:
    """The version the client saw, and whether it came as If-Match."""
    header = request.headers.get("If-Match")
    if header is not None:
        match = _ETAG.match(header)
        if not match:
            raise ValidationError(
                {"version": ['If-Match must be the record\'s version, e.g. "3".']}
            )
        return int(match.group(1)), True
    value = request.data.get("version") if hasattr(request.data, "get") else None
    if value is None or value == "":
        raise ValidationError(
            {
                "version": [
                    "Send the version you read (a `version` field or If-Match), "
                    "so that nobody's change is overwritten unseen."
                ]
            }
        )
    try:
        number = int(str(value))
    except ValueError:
        raise ValidationError({"version": ["A whole number."]}) from None
    if not 0 <= number < 10**9:
        raise ValidationError({"version": ["A whole number."]})
    return number, False


def form_data(
    request: Request, *, drop: tuple[str, ...] = (), multiple: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The body as a form's data: one value per key (a list of ids for the
    `multiple` fields), files left out; a list or object elsewhere is a 400."""
    if not hasattr(request.data, "keys"):
        raise ValidationError({"non_field_errors": ["Send a JSON object."]})
    data: dict[str, Any] = {}
    for key in request.data:
        if key in drop or key in request.FILES:
            continue
        value = request.data.get(key)
        if hasattr(request.data, "getlist") and key in multiple:
            value = request.data.getlist(key)
        if value is None:
            value = ""
        elif isinstance(value, bool):
            value = "on" if value else ""
        elif (
            key in multiple
            and isinstance(value, list)
            and all(
                isinstance(item, str | int) and not isinstance(item, bool)
                for item in value
            )
        ):
            value = [str(item) for item in value]  # a multiple choice's ids
        elif key in multiple:
            value = [str(value)]
        elif not isinstance(value, str | int | float):
            raise ValidationError({key: ["A single value, not a list or an object."]})
        data[key] = value
    return data


def reject_unknown(data: dict[str, Any], allowed: set[str]) -> None:
    """A field the endpoint does not take is a 400, not silently ignored."""
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in unknown})


def form_errors(form: forms.Form) -> ValidationError:
    """A page form's errors as the API's 400 (a message list per field)."""
    errors: dict[str, list[str]] = {}
    for name, messages in form.errors.items():
        key = "non_field_errors" if name == NON_FIELD_ERRORS else name
        errors[key] = [str(message) for message in messages]
    return ValidationError(errors)
