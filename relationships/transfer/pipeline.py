"""An import's chunks written on two database connections in turn (PostgreSQL).

A chunk's commit runs the deferred foreign-key checks of every row it wrote: about a
third of the database's time per chunk. Here the next chunk's rows go in on a second
connection while the chunk before it commits, so the two overlap on the server's cores.

Order is kept wherever it shows. The chunks' statements run one chunk at a time in file
order, each planned against everything before it but the chunk still committing (and a
chunk sharing an address with that one waits for its commit before planning, so the
address is found, not inserted twice). Commits happen in file order too: the run's
rows_done counts whole chunks from the start of the file, as the sequential path's does,
and a killed worker still resumes after the last whole chunk.

A chunk's transaction never waits for a later chunk's: a later chunk starts only once
this one's statements are done, and the commit of this one takes no lock the later one
holds. A conflict the planning can't foresee (a unique address written by someone else
meanwhile, a deadlock) stops the pipeline; the caller writes the rest sequentially, where
a chunk is planned again on conflict.
"""

import queue
import threading
from collections.abc import Callable, Iterable

from django.db import IntegrityError, OperationalError, connection, transaction

# How long a written chunk waits for the chunk before it to commit. Never reached in a
# healthy run (a commit takes tens of milliseconds); if it is, the chunk rolls back and
# the rest of the file is written sequentially.
WAIT_SECONDS = 60.0


class WriteRestSequentially(Exception):
    """The pipeline stopped on a conflict; whole chunks before it are committed."""


class _Abandoned(Exception):
    """A chunk given up because a chunk before it failed."""


class _Turns:
    """Which chunks have their statements done, which are committed, and the first chunk
    that failed (only the chunks after it are given up)."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.written = -1
        self.committed = -1
        self.failed_at: int | None = None
        self.error: BaseException | None = None

    def wait(self, index: int, ready: Callable[[], bool], timeout: float | None = None) -> None:
        def given_up() -> bool:
            return self.failed_at is not None and self.failed_at < index

        with self.changed:
            if not self.changed.wait_for(lambda: ready() or given_up(), timeout):
                raise TimeoutError("the chunk before this one did not commit in time")
            if given_up():
                raise _Abandoned

    def mark(self, *, written: int | None = None, committed: int | None = None) -> None:
        with self.changed:
            if written is not None:
                self.written = written
            if committed is not None:
                self.committed = committed
            self.changed.notify_all()

    def fail(self, index: int, error: BaseException) -> None:
        with self.changed:
            if not isinstance(error, _Abandoned) and (
                self.failed_at is None or index < self.failed_at
            ):
                self.failed_at, self.error = index, error
            self.changed.notify_all()


class PipelinedWrites:
    """`write(rows, addresses)` for each chunk in file order, inside `with`; on leaving,
    every chunk handed over is committed or rolled back. `statements(rows)` writes one
    chunk in the transaction it is called in."""

    writers = 2

    def __init__(self, statements: Callable[[list], None]) -> None:
        self.statements = statements
        self.turns = _Turns()
        self.queues: list[queue.Queue] = [queue.Queue(maxsize=1) for _ in range(self.writers)]
        self.threads = [
            threading.Thread(target=self._work, args=(q,), name=f"import-writer-{n}", daemon=True)
            for n, q in enumerate(self.queues)
        ]
        self.handed = 0
        self.previous: frozenset[str] = frozenset()

    def __enter__(self) -> "PipelinedWrites":
        for thread in self.threads:
            thread.start()
        return self

    def write(self, rows: list, addresses: Iterable[str]) -> None:
        if self.turns.error is not None:
            raise self._stopped()
        addresses = frozenset(addresses)
        shares = not addresses.isdisjoint(self.previous)
        self.previous = addresses
        self.queues[self.handed % self.writers].put((self.handed, rows, shares))
        self.handed += 1

    def __exit__(self, kind, error, traceback) -> None:
        # Chunks already handed over finish either way: an error in the reading (raised
        # here) still leaves every whole chunk before it committed, as sequentially.
        for q in self.queues:
            q.put(None)
        for thread in self.threads:
            thread.join()
        if error is None and self.turns.error is not None:
            raise self._stopped()

    def _stopped(self) -> BaseException:
        """What the importing thread raises for the first failed chunk: a conflict the
        sequential path resolves by planning again, or the error itself."""
        failure = self.turns.error
        if isinstance(failure, IntegrityError | OperationalError | TimeoutError):
            stopped = WriteRestSequentially()
            stopped.__cause__ = failure
            return stopped
        return failure

    def _work(self, chunks: queue.Queue) -> None:
        try:
            while (item := chunks.get()) is not None:
                index = item[0]
                failed_at = self.turns.failed_at
                if failed_at is None or index < failed_at:
                    try:
                        self._write(*item)
                    except BaseException as error:  # handed to the importing thread
                        self.turns.fail(index, error)
        finally:
            connection.close()

    def _write(self, index: int, rows: list, shares: bool) -> None:
        turns = self.turns
        turns.wait(index, lambda: turns.written >= index - 1)
        if shares:
            turns.wait(index, lambda: turns.committed >= index - 1)
        with transaction.atomic():
            self.statements(rows)
            turns.mark(written=index)
            turns.wait(index, lambda: turns.committed >= index - 1, WAIT_SECONDS)
        turns.mark(committed=index)
