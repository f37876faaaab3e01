"""Helpers the views share."""

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404

T = TypeVar("T")


def found(selector: Callable[..., T], **arguments: Any) -> T:
    """Call a selector that gets one row; a missing row is a 404."""
    try:
        return selector(**arguments)
    except ObjectDoesNotExist as error:
        raise Http404(str(error)) from error
