"""Preferences page and calendar feeds (feeds authenticate by their secret token)."""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from access.scope import can_see_agreement, scope_key, visible_agreement_id_set
from commitments.models import Agreement
from core.cache_version import data_version
from notifications import selectors
from notifications.calendar_feeds import calendar_build
from notifications.feed_tokens import holder_token, holder_token_read
from notifications.forms import PreferencesForm
from notifications.services.preferences import (
    agreement_feed_ensure,
    agreement_feed_regenerate,
    calendar_token_regenerate,
    profile_update,
)
from notifications.user_locale import remember_preferences

ICS = "text/calendar; charset=utf-8"
FEED_PERMISSION = "commitments.view_commitment"


def may_read_feed(user) -> bool:
    """Whether a personal feed's owner may still see commitments (an inactive
    user has no permissions)."""
    return user.is_active and user.has_perm(FEED_PERMISSION)


def _agreement(request: HttpRequest, reference: str) -> Agreement:
    # Another desk's agreement is the same 404 as a missing one.
    try:
        return selectors.agreement_for_calendar(reference=reference, user=request.user)
    except Agreement.DoesNotExist:
        raise Http404("No such agreement.") from None


def _holder_feed_url(request: HttpRequest, secret: str) -> str:
    """The viewer's own address of an agreement feed (feed_tokens.py)."""
    token = holder_token(secret, request.user.pk)
    return request.build_absolute_uri(reverse("feeds:agreement_feed", args=[token]))


def preferences(request: HttpRequest) -> HttpResponse:
    """Choose digest frequency, hour and zone; see and revoke the feed URL.

    A GET saves nothing: someone who never saved preferences sees the defaults
    and is offered a feed address; saving or issuing one creates the profile.
    """
    profile = selectors.profile_get(user=request.user)
    form = PreferencesForm(
        request.POST or None,
        instance=profile,
        group_names={group.name for group in request.user.groups.all()},
    )
    if request.method == "POST" and form.is_valid():
        profile_update(
            profile=profile,
            actor=request.user,
            reason="preferences changed",
            **form.cleaned_data,
        )
        # The new language and time zone apply from the next page on.
        remember_preferences(
            request, language=profile.language, time_zone=profile.time_zone
        )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    feed_url = (
        None
        if profile._state.adding  # unsaved defaults: its token opens nothing
        else request.build_absolute_uri(
            reverse("feeds:personal_feed", args=[profile.calendar_token])
        )
    )
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "feed_url": feed_url},
    )


@require_POST
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    """Regenerate the personal feed token (the old URL stops working), or issue
    the first one."""
    profile = selectors.profile_get(user=request.user)
    had_one = not profile._state.adding
    calendar_token_regenerate(profile=profile, actor=request.user)
    messages.success(
        request,
        _("A new calendar URL was issued; the old one is revoked.")
        if had_one
        else _("Your calendar URL was issued."),
    )
    return redirect("notifications:preferences")


@permission_required("commitments.view_agreement", raise_exception=True)
def agreement_calendar(request: HttpRequest, reference: str) -> HttpResponse:
    """The viewer's own private address of the agreement's feed, and (for
    managers) a revoke button; a GET issues none (see agreement_calendar_issue)."""
    agreement = _agreement(request, reference)
    feed = selectors.agreement_feed_get(agreement=agreement)
    return render(
        request,
        "notifications/agreement_calendar.html",
        {
            "agreement": agreement,
            "feed_url": None if feed is None else _holder_feed_url(request, feed.token),
            "can_revoke": request.user.has_perm("commitments.change_agreement"),
        },
    )


@require_POST
@permission_required("commitments.view_agreement", raise_exception=True)
def agreement_calendar_issue(request: HttpRequest, reference: str) -> HttpResponse:
    """Issue the agreement's first feed address (whoever may read the agreement
    may see it); an address already issued is kept, not rotated."""
    agreement_feed_ensure(agreement=_agreement(request, reference), actor=request.user)
    return redirect("notifications:agreement_calendar", reference=reference)


@require_POST
def agreement_calendar_revoke(request: HttpRequest, reference: str) -> HttpResponse:
    """Regenerate an agreement's feed token (managers and administrators)."""
    if not request.user.has_perm("commitments.change_agreement"):
        return HttpResponse(
            _("Only managers may revoke an agreement feed."), status=403
        )
    agreement = _agreement(request, reference)
    feed = selectors.agreement_feed_get(agreement=agreement)
    if feed is None:  # nothing to revoke yet: issue the first address
        agreement_feed_ensure(agreement=agreement, actor=request.user)
    else:
        agreement_feed_regenerate(feed=feed, actor=request.user)
    messages.success(request, _("A new agreement calendar URL was issued."))
    return redirect("notifications:agreement_calendar", reference=reference)


@login_not_required
def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A person's milestones as iCalendar; the token in the URL is the secret."""
    profile = selectors.profile_by_calendar_token(token=token)
    # The token stands in for a login, so it opens no more than the login
    # would: a deactivated person, or one who has lost every role, gets the
    # same answer as a wrong token.
    if profile is None or not may_read_feed(profile.user):
        raise Http404("No such calendar.")
    # The feed's words (its name, the statuses) in its owner's language:
    # a calendar client sends no session and no useful Accept-Language.
    with selectors.in_locale_of(profile.user) as (language, _zone):
        name = _("Commitments of %(name)s") % {
            "name": profile.user.get_full_name() or profile.user
        }
        # The key names the owner's scope: a desk joined or left is a new feed.
        scope = scope_key(visible_agreement_id_set(profile.user))
        body = _cached_feed(
            f"user:{profile.user_id}:{scope}:{language}",
            lambda: calendar_build(
                name, selectors.feed_commitments_for_user(profile.user)
            ),
        )
    return HttpResponse(body, content_type=ICS)


@login_not_required
def agreement_feed(request: HttpRequest, token: str) -> HttpResponse:
    """An agreement's milestones as iCalendar. The token is one holder's
    address (feed_tokens.py): it opens the feed while the agreement's secret
    is current and the holder may still read it, and is a 404 otherwise (a
    wrong token, a revoked secret, a holder deactivated or moved off the
    agreement's desks: the same answer)."""
    found = holder_token_read(token)
    if found is None:
        raise Http404("No such calendar.")
    holder_id, secret = found
    feed = selectors.agreement_feed_by_token(token=secret)
    holder = None if feed is None else selectors.feed_holder(user_id=holder_id)
    if (
        feed is None
        or holder is None
        or not may_read_feed(holder)
        or not can_see_agreement(holder, feed.agreement)
    ):
        raise Http404("No such calendar.")
    # In the holder's language: one cached body per language, not per holder.
    with selectors.in_locale_of(holder) as (language, _zone):
        body = _cached_feed(
            f"agreement:{feed.agreement_id}:{language}",
            lambda: calendar_build(
                feed.agreement.title,
                selectors.feed_commitments_for_agreement(feed.agreement),
            ),
        )
    return HttpResponse(body, content_type=ICS)


# Calendar clients poll every feed every few minutes to hours; the body only
# changes when the data does (a committed write bumps the data version), on a
# new day (the window moves), or when a watch is added (the timeout bounds that).
FEED_CACHE_SECONDS = 600


def _cached_feed(subject: str, build: Callable[[], bytes]) -> bytes:
    key = (
        f"notifications:feed:{subject}:{data_version()}:"
        f"{timezone.localdate().isoformat()}"
    )
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, FEED_CACHE_SECONDS)
    return body
