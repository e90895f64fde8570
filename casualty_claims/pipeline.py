"""The steps from one article file to its rows, as pure functions of the text.

read → clean → sentences → figures → claims → curation → rows, one article at a time
(in parallel, see ``cli``); ``store`` writes the rows, and ``relink`` links the claims
across articles once they are stored.
"""

from __future__ import annotations

import signal
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from . import claims, curate, prefilter, reference, rows, sentences
from .clean import Cleaned, FurnitureRules, clean
from .lexicon import Lexicon
from .outlets import named_outlet
from .publication_date import publication_date
from .read import DEFAULT_MAX_BYTES, Article, ArticleError, read_article, shown_path
from .rows import Processed

T = TypeVar("T")

# CPU seconds one article's reading and extraction may take before it is skipped: far past
# any real article's, short enough that no pathological file holds up a build for long.
ARTICLE_BUDGET_SECONDS = 30.0
# After the budget, how often it is raised again until the article gives up (a signal that
# lands before the extraction starts, or in a finalizer, raises nothing).
BUDGET_REPEAT_SECONDS = 0.01
# How much of an unforeseen error's message a warning quotes.
MAX_PROBLEM_CHARS = 160


def process(article: Article, lexicon: Lexicon, rules: FurnitureRules) -> Processed:
    article = with_outlet(article, lexicon)
    cleaned = clean(article.raw, rules)
    return _read_claims(article, cleaned, _sentences(cleaned, lexicon), lexicon)


def _sentences(cleaned: Cleaned, lexicon: Lexicon) -> list[sentences.Sentence]:
    """The article's sentences; none where no sentence may hold a claim (most news, found by
    the prefilter in one scan of its text): nothing reads the sentences of an article without
    claims."""
    return (
        sentences.split(cleaned.blocks) if prefilter.article_may_hold_claims(cleaned.blocks, lexicon) else []
    )


def _read_claims(
    article: Article, cleaned: Cleaned, split: list[sentences.Sentence], lexicon: Lexicon
) -> Processed:
    lines = [block.text for block in cleaned.blocks]
    published = publication_date(article.meta, article.headline, lines)
    # the grammar reads only as far as a claim may be (prefilter: none at all in most news)
    needed = prefilter.sentences_to_read(split, lexicon)
    readings = claims.read(split[:needed], published, lexicon, article.meta.get("outlet")) if needed else []
    return Processed(
        article=article,
        cleaned=cleaned,
        sentences=split,
        published=published,
        claims=claims.consolidate(article.id, article.raw, readings),
    )


def with_outlet(article: Article, lexicon: Lexicon) -> Article:
    """The article with the outlet its text names itself by, where its sidecar and its page's
    metadata name none (``outlets``)."""
    if article.meta.get("outlet"):
        return article
    outlet = named_outlet(article.raw, article.meta.get("title"), lexicon)
    return replace(article, meta=article.meta | {"outlet": outlet}) if outlet else article


# An article that takes the prefilter and the grammar through their usual paths, read before any
# article's time budget runs: compiling them (half a second) is no one article's cost.
WARM_UP_TEXT = "Losses\n\nUkraine's General Staff said on Monday that 500 Russian soldiers were killed.\n"


def warm_up(lexicon: Lexicon) -> None:
    split = _sentences(clean(WARM_UP_TEXT, FurnitureRules(lexicon)), lexicon)
    claims.read(split[: prefilter.sentences_to_read(split, lexicon)], None, lexicon)


def date_by_reference(item: Processed, series: reference.Series, lexicon: Lexicon) -> Processed:
    """An article the text does not date to the day, dated by the one daily report
    its running total matches (its claims read again, so that they take that date)."""
    if item.published and item.published.precision == "day":
        return item
    claim_rows = [rows.claim_row(claim) for claim in item.claims]
    figures = [
        (row["value"], reference.field_of(row)) for row in claim_rows if row["subject_side"] == "russia"
    ]
    evidence = reference.dating_evidence([f for f in figures if f[1]], series, item.published)
    if evidence is None:
        return item
    day, value = evidence
    meta = dict(
        item.article.meta,
        published=day.isoformat(),
        published_from=f"its figure {value:,} matches the ministry's report of {day.isoformat()}",
    )
    return _read_claims(replace(item.article, meta=meta), item.cleaned, item.sentences, lexicon)


def curated_claims(item: Processed, curation: curate.Curation | None) -> tuple[list[dict], set[str]]:
    """The curation step: the article's claims as rows, every entry of the hand curation
    applied (with no curation, each only marked as extracted), and the ids of the entries
    that matched something in it."""
    inferred = rows.inferred_claimants(item.claims)
    return curate.apply(
        curation or curate.Curation(curate.CURATION_FILE),
        [rows.claim_row(claim) for claim in item.claims],
        {item.article.id: item.article.raw},
        {id: claimant.name for id, claimant in inferred.items()},
    )


def curated_rows(
    item: Processed, lexicon: Lexicon, curation: curate.Curation | None
) -> tuple[dict[str, list[dict]], set[str]]:
    """Every row one article adds, its claims curated first, and the curation entries that
    matched something in it."""
    claims_as_curated, used = curated_claims(item, curation)
    return rows.article_rows(item, claims_as_curated, lexicon), used


@dataclass(frozen=True)
class Context:
    """What every article's extraction needs; sent once to each worker process."""

    lexicon: Lexicon
    curation: curate.Curation | None = None
    series: reference.Series | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    budget: float | None = ARTICLE_BUDGET_SECONDS  # None: no time budget


@dataclass(frozen=True)
class Outcome:
    """One file's result: a warning, an article unchanged since the previous build
    (``rows`` is None), or the rows of a new or changed article."""

    path: Path
    id: str | None = None
    sha256: str | None = None
    rows: dict[str, list[tuple]] | None = None
    used: frozenset[str] = frozenset()
    warning: str | None = None
    # seconds spent reading, extracting (clean, sentences, figures, claims) and making rows
    seconds: tuple[float, float, float] = (0.0, 0.0, 0.0)


class BudgetExceeded(BaseException):
    """An article's extraction ran past its time budget. Not an Exception, as KeyboardInterrupt
    is not: no ``except Exception`` on the way may swallow it and carry on."""


def within_budget(seconds: float | None, function: Callable[..., T], *args) -> T:
    """``function(*args)``, or BudgetExceeded once the process has spent ``seconds`` of CPU
    time in it (CPU time: a machine busy with other work must not skip articles). A signal
    interrupts whatever runs, pure Python or the regex engine. It raises only while
    ``function`` runs, never in the set-up or clean-up around it however the timing falls,
    and repeats every ``BUDGET_REPEAT_SECONDS``: Python ignores an exception raised in a
    finalizer (``__del__``) that happened to be running. Only the main thread receives
    signals: a build run from another thread has no budget."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        return function(*args)

    def expire(signum, frame):
        while frame is not None:
            if frame.f_code is function.__code__:
                raise BudgetExceeded
            frame = frame.f_back

    def unraisable(report):  # a budget swallowed by a finalizer: the next signal raises it again
        if not isinstance(report.exc_value, BudgetExceeded):
            previous_hook(report)

    previous, previous_hook = signal.signal(signal.SIGPROF, expire), sys.unraisablehook
    sys.unraisablehook = unraisable
    signal.setitimer(signal.ITIMER_PROF, seconds, BUDGET_REPEAT_SECONDS)
    try:
        return function(*args)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        sys.unraisablehook = previous_hook


def extract(path: Path, context: Context, rules: FurnitureRules) -> Outcome:
    """One file's outcome. Whatever goes wrong with one article (a file that cannot be read,
    input no rule foresaw, a bug, its time budget spent) is a warning of one line naming it,
    and the build goes on with the others."""
    try:
        return within_budget(context.budget, _extract, path, context, rules)
    except ArticleError as error:
        return Outcome(path, warning=str(error))
    except OSError as error:
        return Outcome(path, warning=f"{shown_path(path)}: cannot be read ({error.strerror or error})")
    except BudgetExceeded:
        took = f"over {context.budget:g} seconds (see --article-budget)"
        return Outcome(path, warning=f"{shown_path(path)}: skipped, extracting it took {took}")
    except Exception as error:  # one article's failure, whatever it is, is not the build's
        return Outcome(
            path, warning=f"{shown_path(path)}: skipped, extraction failed ({problem_in_brief(error)})"
        )


def problem_in_brief(error: Exception) -> str:
    """An unforeseen error in a few words: its kind and the first line of its message, shortened."""
    text = f"{type(error).__name__}: {error}".splitlines()[0].removesuffix(": ")
    return text if len(text) <= MAX_PROBLEM_CHARS else text[: MAX_PROBLEM_CHARS - 1] + "…"


def _extract(path: Path, context: Context, rules: FurnitureRules) -> Outcome:
    started = time.perf_counter()
    article = read_article(path, context.max_bytes)
    used: set[str] = set()
    if context.curation:
        meta, used = context.curation.article_meta(article.id)
        article = replace(article, meta=article.meta | meta)
    read_at = time.perf_counter()
    item = process(article, context.lexicon, rules)
    if context.series:
        item = date_by_reference(item, context.series, context.lexicon)
    extracted_at = time.perf_counter()
    article_rows, matched = curated_rows(item, context.lexicon, context.curation)
    used |= matched
    article_rows["articles"][0]["curation_entries"] = ",".join(sorted(used)) or None
    # tuples, not dicts: cheaper to send, and the main process only has to insert them
    values = {table: list(rows.values(table, table_rows)) for table, table_rows in article_rows.items()}
    problem = rows.unstorable(values)
    if problem:  # found here, where the article is known, not when a batch of many is inserted
        return Outcome(path, warning=f"{shown_path(path)}: skipped, {problem}")
    seconds = (read_at - started, extracted_at - read_at, time.perf_counter() - extracted_at)
    return Outcome(path, article.id, article.sha256, values, frozenset(used), seconds=seconds)
