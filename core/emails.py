"""The one email builder: plain text with an HTML alternative.

Shared plumbing (notifications' reminder digests and reporting's weekly
summary both send through it), so it lives in core rather than inside one
feature app that the other would have to reach into.
"""

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string


def email_message(
    *, subject: str, template: str, context: dict, to: str, message_id: str
) -> EmailMultiAlternatives:
    """An email to one address: `template`.txt as the body, `template`.html as
    its HTML alternative, and the outbox row's Message-ID (a resend after a
    crash carries the same one)."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"{template}.txt", context),
        to=[to],
        headers={"Message-ID": message_id},
    )
    message.attach_alternative(
        render_to_string(f"{template}.html", context), "text/html"
    )
    return message
