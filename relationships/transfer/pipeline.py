"""An import's chunks written on two database connections in turn (PostgreSQL).

A chunk's commit runs the deferred foreign-key checks of every row it wrote, and most of
its rows (stage changes, tag links, notes, events) matter to no later chunk. So while one
chunk writes those and commits on one connection, the next chunk is planned and its
prospects go in on the other: the two overlap on the server's cores.

Order is kept wherever it shows. Chunks are planned one at a time in file order, each
against every chunk before it (a chunk sharing an address with the chunk still
committing waits for that commit before planning, so the address is found, not inserted
twice); the run's row is counted and the chunks commit in file order too, so rows_done
counts whole chunks from the start of the file, as the sequential path's does, and a
killed worker still resumes after the last whole chunk.

A chunk's transaction never waits for a later chunk's: the later one starts planning
only once this one's prospects and tags are in, the rows this one writes after are its
own, its commit takes no lock the later one holds, and the run's row is updated in file
order. A conflict the planning can't foresee (an address written by someone else
meanwhile, a deadlock) stops the pipeline; the caller writes the rest one chunk at a
time, where a chunk is planned again on conflict.
"""

import queue
import threading
from collections.abc import Callable, Iterable, Iterator

from django.db import IntegrityError, OperationalError, connection, transaction

# How long a chunk waits for the chunk before it to be counted or committed. Never
# reached in a healthy run (a commit takes tens of milliseconds); if it is, the chunk
# rolls back and the rest of the file is written one chunk at a time.
WAIT_SECONDS = 60.0


class WriteRestSequentially(Exception):
    """The pipeline stopped on a conflict; whole chunks before it are committed."""


class _Abandoned(Exception):
    """A chunk given up because a chunk before it failed."""


class _Turns:
    """The last chunk planned (its new prospects and tags in), counted on the run, and
    committed, and the first chunk that failed (only the chunks after it are given up)."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.planned = -1
        self.counted = -1
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

    def mark(self, **reached: int) -> None:
        with self.changed:
            for stage, index in reached.items():
                setattr(self, stage, index)
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
    every chunk handed over is committed or rolled back. `steps(rows)` writes one chunk
    in the transaction it runs in, pausing twice: once planned with its new prospects
    and tags in (the next chunk may plan), and before its count on the run."""

    # Two: a writer takes its next chunk only once its last one is committed, so when a
    # chunk plans, the one before it is the only chunk that may be uncommitted (the one
    # `shares` is checked against).
    writers = 2

    def __init__(self, steps: Callable[[list], Iterator[None]]) -> None:
        self.steps = steps
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
        turns.wait(index, lambda: turns.planned >= index - 1)
        if shares:
            turns.wait(index, lambda: turns.committed >= index - 1)
        with transaction.atomic():
            steps = self.steps(rows)
            next(steps)  # planned, its new prospects and tags in
            turns.mark(planned=index)
            next(steps)  # the rest of its rows
            turns.wait(index, lambda: turns.counted >= index - 1, WAIT_SECONDS)
            for _ in steps:  # its count on the run
                pass
            turns.mark(counted=index)
            turns.wait(index, lambda: turns.committed >= index - 1, WAIT_SECONDS)
        turns.mark(committed=index)
