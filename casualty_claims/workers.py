"""The worker processes that extract articles in parallel, each article within its CPU budget
(``Context.budget``), their outcomes streamed back in the order of the articles so that the
database does not depend on how many processes worked (or which machines: ``cluster``)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Iterator
from pathlib import Path

from .clean import FurnitureRules
from .pipeline import Context, Outcome, extract, warm_up

# Below this many articles per process, starting processes costs more than it saves.
ARTICLES_PER_JOB = 50

# What each worker process extracts with, set once as it starts.
_worker: tuple[Context, FurnitureRules] | None = None


def _start_worker(context: Context) -> None:
    global _worker
    # the parent handles interrupts and stops its workers itself
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _worker = (context, FurnitureRules(context.lexicon))


def _extract_in_worker(path: Path) -> Outcome:
    return extract(path, *_worker)


def outcomes(
    paths: list[Path], unchanged: list[bool], context: Context, jobs: int | None, scheduler: str | None = None
) -> Iterator[Outcome]:
    """Every article's outcome, in the order of ``paths`` however many processes work.
    Articles whose files are as the previous build found them (``unchanged``) are
    not sent to a worker."""
    todo = [path for path, same in zip(paths, unchanged, strict=True) if not same]
    with contextlib.closing(_extracted(todo, context, jobs, scheduler)) as results:
        for path, same in zip(paths, unchanged, strict=True):
            yield Outcome(path, id=path.stem) if same else next(results)


def _extracted(
    todo: list[Path], context: Context, jobs: int | None, scheduler: str | None
) -> Iterator[Outcome]:
    """The outcomes of ``todo`` in order: from the Dask cluster at ``scheduler``, or from a
    pool of ``jobs`` processes, or from this process."""
    if not todo:
        return
    if scheduler:
        from . import cluster  # Dask is loaded only by the builds that use it

        yield from cluster.outcomes(todo, context, scheduler)
        return
    warm_up(context.lexicon)  # once, before the workers fork, which inherit the compiled grammar
    jobs = job_count(jobs, len(todo))
    if jobs <= 1:
        rules = FurnitureRules(context.lexicon)
        yield from (extract(path, context, rules) for path in todo)
        return
    with multiprocessing.get_context("fork").Pool(jobs, _start_worker, (context,)) as pool:
        yield from pool.imap(_extract_in_worker, todo, chunksize=8)


def job_count(jobs: int | None, articles: int) -> int:
    """``jobs`` if given, else one process per core, but none idle for want of articles."""
    if jobs is not None:
        return max(1, jobs)
    return max(1, min(os.cpu_count() or 1, articles // ARTICLES_PER_JOB))
