"""The reminder digest, built with core.emails.email_message (the one email
builder), and the links it carries."""

import zoneinfo
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from commitments.models import Commitment
from core.emails import email_message
from notifications.models import Delivery, DeliveryKind, Digest
from notifications.selectors import in_locale_of


def commitment_url(commitment: Commitment) -> str:
    """An absolute link to the commitment's page."""
    path = reverse("commitments:commitment_detail", args=[commitment.reference])
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def milestone_url(milestone) -> str:
    """An absolute link to the milestone's row on its commitment's page: the
    occurrences of one recurring commitment each get their own address."""
    return f"{commitment_url(milestone.commitment)}#milestone-{milestone.pk}"


@dataclass(frozen=True)
class DigestItem:
    title: str
    commitment: str
    agreement: str
    due_local: str
    due_date: str
    kind: str
    reason: str
    url: str


def _due_words(milestone, agreement_zone: str, recipient_zone: str) -> str:
    """ "by the end of Tuesday 07 April 2026", in the recipient's zone too;
    the day and month names in the active language."""
    words = _("by the end of %(day)s (%(zone)s)") % {
        "day": date_format(milestone.due_date, "l d F Y"),
        "zone": agreement_zone,
    }
    if recipient_zone != agreement_zone:
        deadline = milestone.due_at.astimezone(zoneinfo.ZoneInfo(recipient_zone))
        words += _(", that is %(moment)s your time (%(zone)s)") % {
            "moment": date_format(deadline, "l d F Y H:i"),
            "zone": recipient_zone,
        }
    return words


def _item(delivery: Delivery, time_zone: str) -> DigestItem:
    milestone = delivery.milestone
    commitment = milestone.commitment
    if delivery.kind == DeliveryKind.ESCALATION:
        kind = (
            _("Overdue")
            if delivery.step == 1
            else _("Escalated (level %(step)s)") % {"step": delivery.step}
        )
    elif delivery.step == 0:
        kind = _("Due today")
    else:
        kind = ngettext(
            "Due in %(days)d day or less", "Due in %(days)d days or less", delivery.step
        ) % {"days": delivery.step}
    return DigestItem(
        title=milestone.title or commitment.title,
        commitment=commitment.title,
        agreement=commitment.agreement.title,
        due_date=milestone.due_date.isoformat(),
        due_local=_due_words(milestone, commitment.agreement.time_zone, time_zone),
        kind=kind,
        # A fixed reason ("You own this commitment.") in the reader's
        # language; one with a name or a count stays as it was stored.
        reason=_(delivery.reason) if delivery.reason else "",
        url=milestone_url(milestone),
    )


def digest_message(
    digest: Digest, deliveries: list[Delivery]
) -> EmailMultiAlternatives:
    """The email for a digest: one message listing every item, overdue first,
    in the recipient's language and time zone (whoever runs the sweep)."""
    with in_locale_of(digest.recipient) as (_language, time_zone):
        return _digest_message(digest, deliveries, time_zone)


def _digest_message(
    digest: Digest, deliveries: list[Delivery], time_zone: str
) -> EmailMultiAlternatives:
    ordered = sorted(
        deliveries,
        key=lambda d: (d.kind != DeliveryKind.ESCALATION, d.milestone.due_date),
    )
    items = [_item(delivery, time_zone) for delivery in ordered]
    overdue = sum(1 for d in deliveries if d.kind == DeliveryKind.ESCALATION)
    subject = ngettext(
        "Commitment Tracker: %(count)d item needs attention",
        "Commitment Tracker: %(count)d items need attention",
        len(items),
    ) % {"count": len(items)}
    if overdue:
        subject += _(", %(count)s overdue") % {"count": overdue}
    context = {
        "recipient": digest.recipient,
        "items": items,
        "time_zone": time_zone,
        "preferences_url": f"{settings.SITE_URL.rstrip('/')}"
        f"{reverse('notifications:preferences')}",
    }
    return email_message(
        subject=subject,
        template="notifications/email/digest",
        context=context,
        to=digest.recipient.email,
        message_id=digest.message_id,
    )
