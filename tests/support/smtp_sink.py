"""A real SMTP server for tests and the benchmark (aiosmtpd), with scripted faults.

Recipients steer the faults, so one server covers every case:
- `tempfail-N-...@`  answers 451 to the first N RCPTs for that address, then accepts;
- `busy-N-...@`      answers 421 (service closing) to the first N, then accepts;
- `unknown-...@`     answers 550 5.1.1 (no such user);
- `rejectdata-...@`  answers 554 after DATA;
- `drop-N-...@`      drops the connection during DATA the first N times;
- `acceptdrop-N-...@` keeps the message, answers 250 and closes the connection, N times;
- `lostreply-N-...@`  keeps the message and closes without answering, N times (the client
                     never hears of the accept: it must send again, the same Message-ID).
Everything accepted is kept: in memory (`Sink.messages`) and, when a log path
is given, as one Message-ID per line (for another process to count).

Run standalone, in its own process:
`python -m tests.support.smtp_sink PORT [LOGFILE]`.
"""

import asyncio
import collections
import email
import email.policy
import re
import sys
import threading
import time
from collections import Counter
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.support.processes import free_port

FAULT = re.compile(r"^(tempfail|busy|drop|acceptdrop|lostreply)-(\d+)-")


class Handler:
    def __init__(self, log_path: str | None = None, keep: bool = True):
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.tries = collections.Counter()
        self.lock = threading.Lock()
        self.keep = keep
        self.log = open(log_path, "a", buffering=1) if log_path else None  # noqa: SIM115
        self.accepted = 0

    def faulted(self, kind: str, address: str) -> bool:
        match = FAULT.match(address)
        if not match or match.group(1) != kind:
            return False
        with self.lock:
            self.tries[address] += 1
            return self.tries[address] <= int(match.group(2))

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("unknown-"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if self.faulted("tempfail", address):
            return "451 4.7.1 Greylisted, please try again later"
        if self.faulted("busy", address):
            return "421 4.3.2 Service busy, closing transmission channel"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if any(a.startswith("rejectdata-") for a in envelope.rcpt_tos):
            return "554 5.6.0 Message content rejected"
        if any(self.faulted("drop", a) for a in envelope.rcpt_tos):
            server.transport.close()
            return None
        hang_up = any(self.faulted("acceptdrop", a) for a in envelope.rcpt_tos)
        lose_reply = any(self.faulted("lostreply", a) for a in envelope.rcpt_tos)
        self.keep_message(envelope)
        if lose_reply:
            server.transport.close()
            return None
        if hang_up:
            # Runs once the 250 is written (close() flushes it), before the next command.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 Message accepted for delivery"

    def keep_message(self, envelope) -> None:
        raw = envelope.original_content or envelope.content
        with self.lock:
            self.accepted += 1
            if self.keep:
                self.messages.append(email.message_from_bytes(raw, policy=email.policy.default))
                self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            if self.log:
                found = re.search(rb"^Message-ID:\s*(\S+)", raw, re.MULTILINE | re.IGNORECASE)
                self.log.write((found.group(1).decode() if found else "?") + "\n")


class Sink:
    """An SMTP server on 127.0.0.1 in a background thread of this process."""

    def __init__(self, port: int = 0, log_path: str | None = None, keep: bool = True):
        self.port = port or free_port()
        self.handler = Handler(log_path, keep)
        self.controller = Controller(
            self.handler, hostname="127.0.0.1", port=self.port, decode_data=False
        )

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def messages(self):
        return self.handler.messages

    def wait_for(self, count: int, timeout: float = 30) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.handler.accepted >= count:
                return True
            time.sleep(0.05)
        return self.handler.accepted >= count


def main() -> None:
    port = int(sys.argv[1])
    log_path = sys.argv[2] if len(sys.argv) > 2 else None
    with Sink(port, log_path, keep=False):
        print(f"smtp sink listening on 127.0.0.1:{port}", flush=True)
        threading.Event().wait()


if __name__ == "__main__":
    main()


def message_ids(log_path: Path) -> Counter:
    """How often the sink accepted each Message-ID."""
    if not log_path.exists():
        return Counter()
    return Counter(line.strip() for line in log_path.read_text().splitlines() if line.strip())
