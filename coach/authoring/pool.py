"""Batch work in worker processes that may die: nothing is lost, every item is accounted for.

The rules engine is a C extension that holds the GIL (threads give no speed-up) and can crash
the process it runs in. So batches run in worker processes, a few chunks in flight at a time,
forked from this one where that is safe (`start_method`) and started fresh otherwise. When a
worker dies, the pool is replaced and the chunks that were in flight are run again, one at a
time, so that a second crash is known to be the fault of the chunk running alone; such a chunk
is split in halves to find the item at fault, and a single item that crashes its worker
`max_attempts` times is reported as failed, never dropped silently.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

Chunk = list[tuple[int, Any]]


@dataclass
class PoolOutcome:
    """Results by item index, the items that could not be done and why, and restarts."""

    results: dict[int, Any] = field(default_factory=dict)
    failed: dict[int, str] = field(default_factory=dict)
    restarts: int = 0


@dataclass(frozen=True)
class ItemError:
    """An item whose work raised an exception (its message, to report)."""

    message: str

    @classmethod
    def of(cls, error: Exception) -> ItemError:
        """The error's own message (a ContentError's lists every problem), or its type and text."""
        message = getattr(error, "message", None) or f"{type(error).__name__}: {error}"
        return cls(str(message))


Work = Callable[[list[Any]], list[Any]]
"""Does a chunk's items in order: one result or `ItemError` per item (an item that fails must
not stop the others)."""


def run_chunk(work: Work, chunk: Chunk, parent: int | None = None) -> list[tuple[int, Any]]:
    """Worker side: do a chunk's items; should `work` itself raise, every item fails with it.

    A worker whose parent has gone (the command was killed) stops at once instead of working
    on for nobody.
    """
    if parent is not None and os.getppid() != parent:
        os._exit(1)
    indexes = [index for index, _ in chunk]
    try:
        results = work([item for _, item in chunk])
    except Exception as error:  # noqa: BLE001 - reported per item by the caller
        results = [ItemError.of(error)] * len(chunk)
    return list(zip(indexes, results, strict=True))


@dataclass
class _Job:
    chunk: Chunk
    attempts: int = 0  # crashes this job was alone in the pool for: surely its own fault
    suspect: bool = False  # in flight when a worker died: run it alone next time


def run_resilient(
    work: Work,
    items: Sequence[Any],
    *,
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
    chunk_size: int = 50,
    max_attempts: int = 3,
    on_progress: Callable[[int], None] | None = None,
) -> PoolOutcome:
    """Run `work` on every item, a chunk at a time, in `workers` processes; survive deaths.

    `work` and `initializer` must be importable module-level functions (they may be sent to
    fresh processes). An `ItemError` from `work` fails that item with its message; a dead
    worker only costs a retry.
    """
    outcome = PoolOutcome()
    pending = deque(
        _Job([(i, items[i]) for i in range(start, min(start + chunk_size, len(items)))])
        for start in range(0, len(items), chunk_size)
    )
    while pending:
        context = multiprocessing.get_context(start_method())
        with ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=context,
            initializer=initializer,
            initargs=initargs,
        ) as executor:
            lost = _drain(executor, work, pending, outcome, workers, on_progress)
        if lost:
            outcome.restarts += 1
            _requeue(lost, pending, outcome, max_attempts, on_progress)
    return outcome


def start_method() -> str:
    """How to start workers: `fork` on Linux while this process runs no other thread.

    A forked worker starts from this process's imports and loaded data (about 40 ms where a
    fresh interpreter took 0.3 s to import and unpickle the packs). It is safe only where fork
    is (Linux; macOS's system libraries are not fork-safe) and while no other thread runs: a
    lock held by another thread at the fork (a stream being written, say) would stay locked
    in the worker for ever. Otherwise workers start fresh (`spawn`).
    """
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"


def _drain(
    executor: ProcessPoolExecutor,
    work: Work,
    pending: deque[_Job],
    outcome: PoolOutcome,
    workers: int,
    on_progress: Callable[[int], None] | None,
) -> list[_Job]:
    """Run jobs until all are done or the pool breaks; return the jobs lost in a break.

    A suspect job runs alone, so that if the pool breaks again the fault is known to be its own.
    """
    window = max(2, 2 * workers)
    running: dict[Future[list[tuple[int, Any]]], _Job] = {}
    while pending or running:
        while pending and len(running) < window:
            alone = pending[0].suspect or any(job.suspect for job in running.values())
            if alone and running:
                break
            job = pending.popleft()
            running[executor.submit(run_chunk, work, job.chunk, os.getpid())] = job
            if alone:
                break
        done, _ = wait(running, return_when=FIRST_COMPLETED)
        for future in done:
            job = running.pop(future)
            try:
                results = future.result()
            except BrokenProcessPool:
                return [job, *running.values()]
            except Exception as error:  # noqa: BLE001 - e.g. a result that cannot be pickled
                message = f"{type(error).__name__}: {error}"
                outcome.failed.update({index: message for index, _ in job.chunk})
            else:
                for index, value in results:
                    if isinstance(value, ItemError):
                        outcome.failed[index] = value.message
                    else:
                        outcome.results[index] = value
            if on_progress is not None:
                on_progress(len(job.chunk))
    return []


def _requeue(
    lost: list[_Job],
    pending: deque[_Job],
    outcome: PoolOutcome,
    max_attempts: int,
    on_progress: Callable[[int], None] | None,
) -> None:
    """Put lost jobs back: as suspects, or, for a job that broke the pool alone, retry or split."""
    if len(lost) > 1:
        for job in reversed(lost):
            job.suspect = True
            pending.appendleft(job)
        return
    (job,) = lost
    job.attempts += 1
    if len(job.chunk) == 1 and job.attempts >= max_attempts:
        index = job.chunk[0][0]
        outcome.failed[index] = (
            f"the worker process died {job.attempts} times while assessing this item"
        )
        if on_progress is not None:
            on_progress(1)
    elif len(job.chunk) > 1:
        middle = len(job.chunk) // 2
        pending.appendleft(_Job(job.chunk[middle:], suspect=True))
        pending.appendleft(_Job(job.chunk[:middle], suspect=True))
    else:
        job.suspect = True
        pending.appendleft(job)
