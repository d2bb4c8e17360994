"""The embedded mode's mail: each message saved as an .eml file, one line on the console.

`make run` sends the demo's mail here. A mail app opens the files as they are; the
Sent mail page (DEBUG only) lists and shows them. The console gets one line per
message, so the address and the login box stay in view.
"""

import dataclasses
import datetime
import email
import email.policy
import itertools
import os
import re
import sys
import threading
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

EML_NAME = re.compile(r"^[0-9]{8}-[0-9]{6}-[0-9]{6}-[0-9]+-[0-9]+\.eml$")
_counter = itertools.count(1)
_lock = threading.Lock()


class LocalMailBackend(BaseEmailBackend):
    """Writes each message to its own .eml file in EMAIL_FILE_PATH and says so in one line."""

    def __init__(self, *args, file_path: str | None = None, stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)
        self.stream = stream or sys.stdout

    def send_messages(self, email_messages) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            path = self.folder / eml_name()
            path.write_bytes(message.message().as_bytes(linesep="\r\n"))
            with _lock:
                self.stream.write(f"  mail → {', '.join(message.to)}: {message.subject}\n")
                self.stream.flush()
            sent += 1
        return sent


def eml_name() -> str:
    """Sortable by time, unique across the worker's processes."""
    now = datetime.datetime.now(datetime.UTC)
    return f"{now:%Y%m%d-%H%M%S-%f}-{os.getpid()}-{next(_counter)}.eml"


# ---- reading them back (the Sent mail page) --------------------------------------------------


@dataclasses.dataclass(frozen=True)
class SentMail:
    name: str
    subject: str
    sender: str
    to: str
    date: datetime.datetime | None
    text: str
    html: str


def read_eml(path: Path) -> SentMail:
    message: EmailMessage = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    try:
        date = parsedate_to_datetime(message["Date"]) if message["Date"] else None
    except (TypeError, ValueError):
        date = None
    return SentMail(
        name=path.name,
        subject=str(message["Subject"] or "(no subject)"),
        sender=str(message["From"] or ""),
        to=str(message["To"] or ""),
        date=date,
        text=text.get_content() if text is not None else "",
        html=html.get_content() if html is not None else "",
    )


def sent_mail(folder: Path | str | None = None, *, limit: int = 200) -> list[SentMail]:
    """The newest messages first."""
    folder = Path(folder or settings.EMAIL_FILE_PATH)
    if not folder.is_dir():
        return []
    names = sorted((p.name for p in folder.iterdir() if EML_NAME.match(p.name)), reverse=True)
    return [read_eml(folder / name) for name in names[:limit]]


def one_sent_mail(name: str, folder: Path | str | None = None) -> SentMail | None:
    """One message by its file name; None for anything that isn't one of ours."""
    folder = Path(folder or settings.EMAIL_FILE_PATH)
    if not EML_NAME.match(name) or not (folder / name).is_file():
        return None
    return read_eml(folder / name)
