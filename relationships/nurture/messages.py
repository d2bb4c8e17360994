"""What one delivery sends: composed once, then handed to SMTP as bytes or to any backend.

Content is rendered once per batch (rendering.py); composing a message only
fills in the person's values, links and headers.
"""

import dataclasses
import functools
import re
from email.utils import formataddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.message import sanitize_address
from django.urls import reverse

from relationships.models import Delivery, DeliveryKind
from relationships.nurture.mime import alternative_bytes
from relationships.nurture.rendering import (
    RenderedContent,
    personalize,
    render_content,
    render_transactional,
)
from relationships.selfservice.links import PROSPECT_CHOICES, LinkTemplates
from relationships.selfservice.tokens import make_token


def message_id_for(delivery_id: int, domain: str) -> str:
    """The same delivery always gets the same Message-ID, so a resend is recognisable."""
    return f"<nurture.{delivery_id}@{domain}>"


def delivery_id_from_message_id(message_id: str) -> int | None:
    local = message_id.strip().strip("<>").split("@", 1)[0]
    prefix, _, number = local.partition(".")
    return int(number) if prefix == "nurture" and number.isdigit() else None


def sender_domain(workspace) -> str:
    address = workspace.sender_email or settings.DEFAULT_FROM_EMAIL
    return address.rsplit("@", 1)[-1].strip(" >") or urlsplit(settings.SITE_URL).hostname


def merge_values(prospect, workspace) -> dict[str, str]:
    return {
        "first_name": prospect.first_name or "there",
        "name": prospect.name,
        "coach_name": workspace.sender_name or workspace.name,
        "sender_name": workspace.sender_name or workspace.name,
        "workspace_name": workspace.name,
    }


def render_key(delivery: Delivery) -> tuple:
    if delivery.kind == DeliveryKind.NURTURE:
        return (delivery.kind, delivery.step.content_id)
    if delivery.kind == DeliveryKind.TEST:
        return (delivery.kind, delivery.pk)
    return (delivery.kind, delivery.workspace_id)


def render_delivery(delivery: Delivery) -> RenderedContent:
    """The parts of what this delivery sends, before personal values go in."""
    if delivery.kind == DeliveryKind.NURTURE:
        content = delivery.step.content
        return render_content(
            subject=content.subject,
            body=content.body,
            workspace=delivery.workspace,
            track_opens=settings.NURTURE_TRACK_OPENS,
        )
    if delivery.kind == DeliveryKind.TEST:
        content = delivery.content
        return render_content(
            subject=f"[Test] {content.subject}",
            body=f"*{TEST_NOTE.format(name=delivery.prospect.name)}*\n\n{content.body}",
            workspace=delivery.workspace,
        )
    return render_transactional(delivery.kind, workspace=delivery.workspace)


TEST_NOTE = (
    "A test, sent only to you, with {name}'s details filled in. "
    "Its links lead to your workspace, not to their pages."
)


PLAIN_MAILBOX = re.compile(
    r"(?:[A-Za-z0-9'_-]+(?: [A-Za-z0-9'_-]+)* )?"  # a name with nothing to quote or encode
    r"<[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+>"
)


@functools.lru_cache(maxsize=1024)
def sanitized(address: str) -> str:
    """sanitize_address, remembered: a batch sends from the same few senders."""
    return sanitize_address(address, settings.DEFAULT_CHARSET)


def mailbox(name: str, address: str) -> str:
    """ "Name <address>"; sanitize_address encodes what isn't ASCII when it is sent."""
    try:
        return formataddr((name, address))
    except UnicodeEncodeError:  # an internationalized address: leave it to sanitize_address
        return f"{name} <{address}>" if name else address


def from_address(workspace) -> str:
    if workspace.sender_email:
        return mailbox(workspace.sender_name or workspace.name, workspace.sender_email)
    return settings.DEFAULT_FROM_EMAIL


@dataclasses.dataclass(frozen=True)
class Outgoing:
    delivery_id: int
    from_email: str
    to: str
    subject: str
    text: str
    html: str
    headers: dict[str, str]

    def as_email_message(self, connection=None) -> EmailMultiAlternatives:
        """For any Django email backend (SMTP, django-anymail, file, locmem)."""
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.text,
            from_email=self.from_email,
            to=[self.to],
            connection=connection,
            headers=self.headers,
        )
        message.attach_alternative(self.html, "text/html")
        # django-anymail passes this to the provider, whose webhook events echo it
        # back (relationships.nurture.esp_events); other backends ignore the attribute.
        message.metadata = {"bridge_delivery": str(self.delivery_id)}
        return message

    def smtp_envelope(self) -> tuple[str, str, bytes]:
        """(sender, recipient, message bytes) for smtplib's sendmail."""
        sender = sanitized(self.from_email)
        # What sanitize_address would return anyway for a plain ASCII mailbox (~65 µs saved).
        recipient = self.to if PLAIN_MAILBOX.fullmatch(self.to) else sanitized(self.to)
        data = alternative_bytes(
            sender=sender,
            recipient=recipient,
            subject=self.subject,
            headers=self.headers,
            text=self.text,
            html=self.html,
        )
        return sender, recipient, data


def compose(delivery: Delivery, rendered: RenderedContent, links: LinkTemplates) -> Outgoing:
    prospect, workspace = delivery.prospect, delivery.workspace
    values = {**merge_values(prospect, workspace), **links.for_prospect(prospect.pk)}
    if delivery.kind == DeliveryKind.TEST:
        # A coach clicking "Stop" in their test must not unsubscribe the prospect.
        values.update({f"{purpose}_url": settings.SITE_URL + "/" for purpose in PROSPECT_CHOICES})
    if delivery.kind == DeliveryKind.CONFIRM_SIGNUP:
        values["confirm_url"] = settings.SITE_URL + reverse(
            "public:confirm_signup", kwargs={"token": make_token(prospect.pk, "confirm")}
        )
    if settings.NURTURE_TRACK_OPENS:
        values["open_pixel_url"] = settings.SITE_URL + reverse(
            "public:opened", kwargs={"token": make_token(delivery.pk, "open")}
        )
    subject, text, html = personalize(rendered, values)
    headers = {
        "Message-ID": message_id_for(delivery.pk, sender_domain(workspace)),
        "X-Bridge-Delivery": str(delivery.pk),
    }
    if delivery.kind == DeliveryKind.TEST:
        headers["X-Bridge-Test"] = "yes"
    if delivery.kind == DeliveryKind.NURTURE:
        # RFC 8058 one-click unsubscribe; the URL carries an opaque signed token.
        headers["List-Unsubscribe"] = f"<{values['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return Outgoing(
        delivery_id=delivery.pk,
        from_email=from_address(workspace),
        to=delivery.to_address
        if delivery.kind == DeliveryKind.TEST
        else mailbox(prospect.name, prospect.email),
        subject=subject,
        text=text,
        html=html,
        headers=headers,
    )


def build_message(delivery: Delivery, rendered: RenderedContent, connection=None):
    """The EmailMessage one delivery sends (for backends other than the SMTP fast path)."""
    return compose(delivery, rendered, LinkTemplates(absolute=True)).as_email_message(connection)
