"""The SMTP fast path writes the same message Django's EmailMultiAlternatives writes."""

import email
import email.policy

import pytest
from django.core.mail import BadHeaderError

from relationships.nurture.messages import Outgoing

HTML = "<p>Hi Zoë,</p><p>A small idea for your week.</p>"


def outgoing(**changes) -> Outgoing:
    fields = {
        "delivery_id": 7,
        "from_email": "Sam Rivers <sam@northstar.example>",
        "to": "Ada Lovelace <ada@example.org>",
        "subject": "One small idea for your week",
        "text": "Hi Ada,\n\nA small idea for your week.\n\nSam",
        "html": HTML,
        "headers": {
            "Message-ID": "<nurture.7@northstar.example>",
            "List-Unsubscribe": "<https://bridge.example.com/p/unsubscribe/abc/>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }
    return Outgoing(**{**fields, **changes})


def parsed(data: bytes):
    return email.message_from_bytes(data, policy=email.policy.default)


def summary(message) -> dict:
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    return {
        "headers": {
            name: str(message[name])
            for name in ("Subject", "From", "To", "Message-ID", "List-Unsubscribe",
                         "List-Unsubscribe-Post", "MIME-Version")
        },
        "type": message.get_content_type(),
        "parts": [
            (part.get_content_type(), part.get_content_charset(), part.get_content().rstrip("\n"))
            for part in (plain, html)
        ],
    }  # fmt: skip


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"subject": "Un petit exercice pour ta semaine — essaie-le"},
        {"to": "Zoë Ñúñez <zoe@example.org>", "text": "Salut Zoë,\n\nÇa va ?"},
        {"from_email": "Søren Kierkegaard <soren@northstar.example>"},
        {"to": "Ada <ada@exämple.org>"},
        {"text": "word " * 400, "html": "<p>" + "mot " * 400 + "</p>"},
        {"subject": ("A subject " * 20).strip()},
        {"text": "one\r\ntwo\rthree\nfour"},
    ],
    ids=["ascii", "accents-subject", "accents-name", "accents-sender", "idn", "long-lines",
         "long-subject", "mixed-newlines"],
)  # fmt: skip
def test_the_fast_path_carries_the_same_message_as_django(changes):
    message = outgoing(**changes)
    sender, recipient, data = message.smtp_envelope()
    django = message.as_email_message().message().as_bytes(linesep="\r\n")
    assert summary(parsed(data)) == summary(parsed(django))
    assert all(len(line) <= 998 for line in data.split(b"\r\n"))
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert recipient.endswith(">") and sender.endswith(">")


def test_a_header_with_a_newline_is_refused():
    with pytest.raises(BadHeaderError):
        outgoing(subject="Hello\nBcc: everyone@example.org").smtp_envelope()


@pytest.mark.parametrize(
    "to",
    [
        "Ada Lovelace <ada@example.org>",
        "O'Brien <ob@example.org>",
        '"Lovelace, Ada" <ada@example.org>',
        "Zoë <zoe@example.org>",
        "Ada <ada@exämple.org>",
        "ada@example.org",
    ],
)
def test_the_recipient_is_what_django_would_put_on_the_envelope(to):
    from django.core.mail.message import sanitize_address

    _, recipient, _ = outgoing(to=to).smtp_envelope()
    assert recipient == sanitize_address(to, "utf-8")
