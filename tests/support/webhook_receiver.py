"""A real webhook receiver for tests and the benchmark: an HTTP/1.1 server with keep-alive
that verifies every request with the `standardwebhooks` library, as a receiver would.

It answers per a script: `answers` maps a path to a list of status codes given in turn
for each webhook-id (the last one repeats), e.g. {"/flaky": [500, 200]}; "/slow" waits
before answering. Everything received is kept: in memory (`Receiver.requests`) and, with
a log path, one line per request, "webhook-id status verified", for another process.

"?delay_ms=N" on any path answers after N ms.

Run standalone, in its own process (`receiver_process`):
`python -m tests.support.webhook_receiver PORT SECRET LOGFILE`.
"""

import collections
import contextlib
import dataclasses
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook, WebhookVerificationError


@dataclasses.dataclass
class Received:
    path: str
    webhook_id: str
    status: int
    verified: bool
    headers: dict
    body: dict | None


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, port: int, secret: str, *, answers=None, log_path: str | None = None):
        super().__init__(("127.0.0.1", port), Handler)
        self.verifier = Webhook(secret)
        self.answers = answers or {}
        self.seen = collections.Counter()
        self.requests: list[Received] = []
        self.lock = threading.Lock()
        self.log = open(log_path, "a", buffering=1) if log_path else None  # noqa: SIM115

    def handle_error(self, request, client_address):
        # A sender killed mid-request (the fault test does it) is not the receiver's fault.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the sender reuses its connection
    # Headers and body go out as two writes: without this, Nagle's algorithm holds the
    # body until the sender's delayed ACK, 40 ms per request.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):
        pass

    def do_POST(self):
        server: Server = self.server
        raw = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {key.lower(): value for key, value in self.headers.items()}
        try:
            body = server.verifier.verify(raw, headers)
            verified = True
        except (WebhookVerificationError, ValueError):
            body, verified = None, False
        webhook_id = headers.get("webhook-id", "")
        path = self.path.split("?", 1)[0]
        with server.lock:
            server.seen[(path, webhook_id)] += 1
            script = server.answers.get(path, [200])
            status = script[min(server.seen[(path, webhook_id)], len(script)) - 1]
            if not verified:
                status = 401
            server.requests.append(Received(path, webhook_id, status, verified, headers, body))
            if server.log:
                server.log.write(f"{webhook_id} {status} {int(verified)}\n")
        if path == "/slow":
            time.sleep(3)
        if "delay_ms=" in self.path:
            time.sleep(int(self.path.rsplit("delay_ms=", 1)[1].split("&")[0]) / 1000)
        reply = json.dumps({"ok": status < 300}).encode()
        self.send_response(status)
        if status == 429:
            self.send_header("Retry-After", "120")
        if 300 <= status < 400:
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)


class Receiver:
    """The receiver on a thread of this process: `with Receiver(secret) as receiver:`."""

    def __init__(self, secret: str, *, port: int | None = None, answers=None):
        from tests.support.processes import free_port

        self.port = port or free_port()
        self.server = Server(self.port, secret, answers=answers)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    @property
    def requests(self) -> list[Received]:
        with self.server.lock:
            return list(self.server.requests)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@contextlib.contextmanager
def receiver_process(secret: str, log_path, *, timeout: float = 20) -> Iterator[int]:
    """The receiver in its own process (so it never competes for this one's GIL); yields
    its port. Each request adds a line to `log_path` (see `received`)."""
    from tests.support.processes import ROOT, free_port, stop

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.webhook_receiver", str(port), secret, str(log_path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"the webhook receiver exited with {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("the webhook receiver did not start listening") from None
                time.sleep(0.05)
        yield port
    finally:
        stop(process)


def received(log_path) -> collections.Counter:
    """webhook-id → how many verified requests with a 2xx answer the log holds."""
    counts = collections.Counter()
    with open(log_path) as log:
        for line in log:
            webhook_id, status, verified = line.split()
            if verified == "1" and status.startswith("2"):
                counts[webhook_id] += 1
    return counts


if __name__ == "__main__":
    port, secret, log = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    Server(port, secret, log_path=log).serve_forever()
