"""Extraction on a Dask cluster (``build.py --scheduler ADDRESS``): the articles go to the
cluster's workers in batches, and their outcomes come back in the order of the articles, as
from the local processes of ``workers``, into the same storing loop.

A worker reads the article files at the paths the build names (a folder the machines share)
and extracts them with the lexicon of its own copy of this package, loaded once per worker
process; a worker whose code or lexicon differs from the build's fails the build rather than
store other claims. What else articles are read against (the curation and the reference
series) is sent to every worker once. Workers run tasks in threads, which no signal reaches:
there the per-article CPU budget (``pipeline.within_budget``) does not apply.
"""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import functools
import threading
from collections.abc import Iterator
from pathlib import Path

import distributed

from .clean import FurnitureRules
from .incremental import code_digest
from .lexicon import Lexicon
from .lexicon import load as load_lexicon
from .pipeline import Context, Outcome, extract, problem_in_brief, warm_up
from .read import shown_path
from .target import BuildFailed

# Articles per task: enough that a task's round trip costs little beside its extraction.
ARTICLES_PER_TASK = 16
# Tasks sent ahead per worker: enough to keep every worker busy while the outcomes of the
# first are stored, few enough that memory does not grow with the corpus.
TASKS_PER_WORKER = 2
# Seconds to wait for the scheduler to answer, and for it to have a worker.
CONNECT_SECONDS = 10.0


def outcomes(paths: list[Path], context: Context, address: str) -> Iterator[Outcome]:
    """Every article's outcome, in the order of ``paths``, extracted by the workers of the
    scheduler at ``address``; at most a few tasks per worker are out at a time."""
    relative = next((path for path in paths if not path.is_absolute()), None)
    if relative:  # a worker would read it from its own working directory, and store another path
        raise BuildFailed(
            f"{shown_path(relative)}: with --scheduler, name the article folders by absolute paths"
            " (the workers read the files at the paths the build names)"
        )
    with _connected(address) as client:
        # the lexicon stays behind: each worker loads its own (see _extraction_tools)
        shared = client.scatter(dataclasses.replace(context, lexicon=None), broadcast=True, hash=False)
        ahead = TASKS_PER_WORKER * max(1, len(client.nthreads()))
        digest = code_digest()
        sent: collections.deque[tuple[list[Path], distributed.Future]] = collections.deque()
        for start in range(0, len(paths), ARTICLES_PER_TASK):
            batch = paths[start : start + ARTICLES_PER_TASK]
            sent.append((batch, client.submit(extract_batch, batch, shared, digest, pure=False)))
            if len(sent) >= ahead:
                yield from _received(*sent.popleft())
        while sent:
            yield from _received(*sent.popleft())


@contextlib.contextmanager
def _connected(address: str) -> Iterator[distributed.Client]:
    """A client of the scheduler at ``address`` that has a worker, or BuildFailed in one line."""
    try:
        client = distributed.Client(address, timeout=CONNECT_SECONDS, set_as_default=False)
    except (OSError, ValueError) as error:  # refused, timed out (an OSError), or no address
        raise BuildFailed(
            f"cannot reach the Dask scheduler at {address} ({problem_in_brief(error)})"
        ) from None
    with client:
        try:
            client.wait_for_workers(1, timeout=CONNECT_SECONDS)
        except TimeoutError:
            raise BuildFailed(
                f"the Dask scheduler at {address} has no worker after {CONNECT_SECONDS:g} seconds"
            ) from None
        yield client


def _received(batch: list[Path], future: distributed.Future) -> list[Outcome]:
    """A batch's outcomes; where its worker failed (died, or lost the connection), a
    warning for each of its articles, so that none is lost without a word."""
    try:
        return future.result()
    except BuildFailed:
        raise
    except Exception as error:
        problem = problem_in_brief(error)
        return [
            Outcome(path, warning=f"{shown_path(path)}: skipped, its Dask worker failed ({problem})")
            for path in batch
        ]


# A worker's threads extract one batch at a time: the prefilter's scanner holds one scratch
# space per process (``prefilter.engine``), and the extraction, pure Python, holds the GIL anyway.
_ONE_BATCH_AT_A_TIME = threading.Lock()


def extract_batch(paths: list[Path], shared: Context, digest: str) -> list[Outcome]:
    """On a worker: the outcomes of ``paths``, read against ``shared`` and the worker's own
    lexicon, which must be the build's (its code and lexicon digest is ``digest``)."""
    lexicon, rules = _extraction_tools(digest)
    context = dataclasses.replace(shared, lexicon=lexicon)
    with _ONE_BATCH_AT_A_TIME:
        return [extract(path, context, rules) for path in paths]


@functools.cache  # once per worker process and version of the build's code
def _extraction_tools(digest: str) -> tuple[Lexicon, FurnitureRules]:
    if code_digest() != digest:
        where = distributed.get_worker().address
        raise BuildFailed(
            f"the Dask worker at {where} runs another version of casualty_claims or its lexicon; "
            "install the build's on every worker"
        )
    lexicon = load_lexicon()
    warm_up(lexicon)
    return lexicon, FurnitureRules(lexicon)
