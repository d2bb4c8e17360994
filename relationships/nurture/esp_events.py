"""What an email provider tells us back, through django-anymail's webhooks.

Bounces and complaints withdraw consent at once; opens and clicks become
signals for the coach; an inbound reply stops automation (record_reply).
Sending tags each message with its delivery id (anymail metadata), which the
provider echoes in its events; replies are matched by In-Reply-To.
"""

import logging

from django.dispatch import receiver
from django.utils import timezone

from relationships.models import Delivery, Prospect
from relationships.nurture.messages import delivery_id_from_message_id
from relationships.nurture.signals import record_open
from relationships.people.consent import mark_bounced, mark_complained, unsubscribe
from relationships.people.replies import record_reply

logger = logging.getLogger(__name__)

METADATA_KEY = "bridge_delivery"


def delivery_for_event(event) -> Delivery | None:
    raw = (event.metadata or {}).get(METADATA_KEY)
    if raw is None or not str(raw).isdigit():
        return None
    return Delivery.objects.select_related("prospect").filter(pk=int(raw)).first()


def handle_tracking(event, esp_name: str) -> str:
    """Apply one tracking event; returns what was done (for logs and tests)."""
    delivery = delivery_for_event(event)
    if delivery is None:
        return "ignored: not a Bridge message"
    prospect = delivery.prospect
    detail = (event.description or event.mta_response or event.reject_reason or "")[:150]
    at = event.timestamp or timezone.now()
    match event.event_type:
        case "bounced" | "rejected" if event.reject_reason in (None, "bounced", "invalid"):
            mark_bounced(prospect, detail=f"{esp_name}: {detail or 'hard bounce'}")
            Delivery.objects.filter(pk=delivery.pk).update(last_error=f"Bounced: {detail}")
            return "bounced"
        case "complained":
            mark_complained(prospect, detail=f"{esp_name} spam complaint")
            return "complained"
        case "unsubscribed":
            unsubscribe(prospect, via=f"{esp_name} unsubscribe")
            return "unsubscribed"
        case "opened":
            record_open(delivery.pk, at=at)
            return "opened"
        case "clicked":
            Delivery.objects.filter(pk=delivery.pk, clicked_at__isnull=True).update(clicked_at=at)
            return "clicked"
    return f"ignored: {event.event_type}"


def handle_inbound(event, esp_name: str) -> str:
    """A reply from a prospect: find the delivery it answers, then stop automation."""
    message = event.message
    refs = " ".join(filter(None, [message.get("In-Reply-To"), message.get("References")]))
    delivery = None
    for ref in refs.split():
        delivery_id = delivery_id_from_message_id(ref)
        if delivery_id:
            delivery = Delivery.objects.select_related("prospect").filter(pk=delivery_id).first()
            if delivery:
                break
    if delivery is not None:
        prospect = delivery.prospect
    else:
        sender = (message.from_email.addr_spec if message.from_email else "").lower()
        matches = list(Prospect.objects.filter(email__iexact=sender)[:2])
        if len(matches) != 1:  # unknown, or the same person in two workspaces: ask a human
            logger.warning("Inbound mail from %s matched %d prospects", sender, len(matches))
            return "ignored: no single prospect"
        prospect = matches[0]
    text = (message.text or "").strip()
    summary = f"Replied to “{message.subject or 'an email'}”: {text[:1500]}"
    record_reply(prospect, summary=summary, delivery=delivery)
    return "reply recorded"


try:
    from anymail.signals import inbound, tracking
except ImportError:  # pragma: no cover - anymail is a declared dependency
    pass
else:

    @receiver(tracking, dispatch_uid="bridge-esp-tracking")
    def on_tracking(sender, event, esp_name, **kwargs):
        handle_tracking(event, esp_name)

    @receiver(inbound, dispatch_uid="bridge-esp-inbound")
    def on_inbound(sender, event, esp_name, **kwargs):
        handle_inbound(event, esp_name)
