"""Following feeds (casualty_claims.watch, the watch command, the relevance test) against the
fixture news site on the loopback address: new entries only, the relevant ones kept and built,
what was seen kept across runs, interrupted runs, the lock, failures in one line."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from casualty_claims import add, command, lexicon, relevance
from casualty_claims.add import ADDED, FAILED, NOT_RELEVANT, UNCHANGED, Folder, stem_for
from casualty_claims.cli import build
from casualty_claims.fetch import Fetcher
from casualty_claims.target import BuildFailed
from casualty_claims.watch import State, WatchError, feed_entries, watch
from tests.fixture_site import ARTICLES, TROUBLES, atom, rss

TOLL, SHELLING, FAIR = list(ARTICLES)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def fetcher():
    return Fetcher(delay=0, timeout=0.5)


def run_watch(site, tmp_path, feeds, fetcher, **options):
    seen = []
    outcomes = watch(
        [site.url(feed) for feed in feeds],
        Folder(tmp_path / "articles"),
        fetcher,
        tmp_path / "state.json",
        lexicon.load(),
        seen.append,
        **options,
    )
    assert outcomes == seen  # each reported as it came
    return outcomes


def kinds(outcomes):
    return [(o.kind, o.url.rsplit("/", 1)[-1]) for o in outcomes]


def test_a_watch_adds_the_relevant_entries_and_then_only_the_new_one(news_site, tmp_path, fetcher):
    news_site.feed("/feed.rss", rss(news_site.base, [TOLL, FAIR]))
    first = run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)
    assert kinds(first) == [(ADDED, "front-line-toll.html"), (NOT_RELEVANT, "harvest-fair.html")]
    assert first[1].line.endswith("harvest-fair.html: not about the war: names neither Russia nor Ukraine")

    news_site.feed("/feed.rss", rss(news_site.base, [SHELLING, TOLL, FAIR]))
    second = run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)
    assert kinds(second) == [(ADDED, "village-shelling.html")]
    assert {path: news_site.count(path) for path in ARTICLES} == {TOLL: 1, SHELLING: 1, FAIR: 1}

    db = tmp_path / "claims.db"
    build([tmp_path / "articles"], db, jobs=1, reference_file=None, curation_file=None)
    with sqlite3.connect(db) as conn:
        claims = dict(conn.execute("SELECT article, count(*) FROM claims GROUP BY article"))
        values = {row[0] for row in conn.execute("SELECT value FROM claims")}
    assert set(claims) == {stem_for(news_site.url(TOLL)), stem_for(news_site.url(SHELLING))}
    assert {640, 7, 19} <= values


def test_what_was_seen_is_recorded_with_its_outcome(news_site, tmp_path, fetcher):
    news_site.feed("/feed.rss", rss(news_site.base, [TOLL, FAIR]))
    run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)
    state = json.loads((tmp_path / "state.json").read_text())
    assert {url: entry["outcome"] for url, entry in state["seen"].items()} == {
        news_site.url(TOLL): ADDED,
        news_site.url(FAIR): NOT_RELEVANT,
    }


def test_atom_feeds_and_sitemaps_give_their_entries(news_site, fetcher):
    assert feed_entries(news_site.url("/feed.atom"), fetcher) == [news_site.url(p) for p in (SHELLING, FAIR)]
    assert feed_entries(news_site.url("/sitemap.xml"), fetcher) == [news_site.url(p) for p in ARTICLES]
    index = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>{news_site.url("/sitemap.xml")}</loc></sitemap></sitemapindex>'
    news_site.feed("/sitemap-index.xml", index.encode())
    assert feed_entries(news_site.url("/sitemap-index.xml"), fetcher) == [news_site.url(p) for p in ARTICLES]


def test_a_failing_feed_or_entry_says_so_and_the_run_goes_on(news_site, tmp_path, fetcher):
    news_site.feed("/feed.atom", atom(news_site.base, [SHELLING]))
    news_site.feed("/feed.rss", rss(news_site.base, [TOLL]).replace(TOLL.encode(), b"/missing"))
    outcomes = run_watch(
        news_site, tmp_path, ["/bad-feed.xml", "/absent.rss", "/feed.rss", "/feed.atom"], fetcher
    )
    lines = [o.line for o in outcomes]
    assert lines[0].startswith(f"failed: {news_site.url('/bad-feed.xml')}: malformed feed (")
    assert lines[1] == f"failed: {news_site.url('/absent.rss')}: HTTP 404 Not Found"
    assert lines[2] == f"failed: {news_site.url('/missing')}: HTTP 404 Not Found"
    assert kinds(outcomes[3:]) == [(ADDED, "village-shelling.html")]
    # a missing page is done with; a feed is read anew every time
    assert news_site.url("/missing") in State.load(tmp_path / "state.json").seen


def test_every_entry_that_cannot_be_added_says_why_and_only_lasting_failures_are_recorded(
    news_site, tmp_path
):
    fetcher = Fetcher(delay=0, timeout=0.5, max_bytes=100_000)
    outcomes = run_watch(news_site, tmp_path, ["/troubles.rss"], fetcher)
    assert [o.url for o in outcomes] == [news_site.url(path) for path in TROUBLES]
    assert all(
        o.kind == FAILED and o.line.startswith(f"failed: {o.url}: ") and "\n" not in o.line for o in outcomes
    )
    seen = State.load(tmp_path / "state.json").seen
    transient = {"/broken", "/slow"}
    assert set(seen) == {news_site.url(path) for path in TROUBLES if path not in transient}
    assert seen[news_site.url("/report.pdf")]["problem"] == "not an HTML page (application/pdf)"


def test_a_page_that_did_not_answer_is_tried_again_next_time(news_site, tmp_path, fetcher):
    news_site.feed("/feed.rss", rss(news_site.base, [TOLL]).replace(TOLL.encode(), b"/broken"))
    assert kinds(run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)) == [(FAILED, "broken")]
    assert kinds(run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)) == [(FAILED, "broken")]
    assert news_site.count("/broken") == 2


def test_under_strict_the_first_failure_ends_the_run(news_site, tmp_path, fetcher):
    outcomes = run_watch(news_site, tmp_path, ["/bad-feed.xml", "/feed.rss"], fetcher, strict=True)
    assert [o.kind for o in outcomes] == [FAILED]
    assert news_site.count("/feed.rss") == 0


def test_an_interrupted_run_loses_nothing_and_fetches_nothing_twice(
    news_site, tmp_path, fetcher, monkeypatch
):
    news_site.feed("/feed.rss", rss(news_site.base, [TOLL, SHELLING, FAIR]))
    real_add, calls = add.add_address, []

    def interrupted_after_saving_the_second(url, folder, fetcher, keep=None):
        calls.append(url)
        outcome = real_add(url, folder, fetcher, keep)
        if len(calls) == 2:
            raise KeyboardInterrupt  # saved, not yet recorded
        return outcome

    monkeypatch.setattr("casualty_claims.watch.add_address", interrupted_after_saving_the_second)
    with pytest.raises(KeyboardInterrupt):
        run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)
    monkeypatch.undo()
    assert list(State.load(tmp_path / "state.json").seen) == [news_site.url(TOLL)]

    outcomes = run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)
    assert kinds(outcomes) == [(UNCHANGED, "village-shelling.html"), (NOT_RELEVANT, "harvest-fair.html")]
    assert {path: news_site.count(path) for path in ARTICLES} == {TOLL: 1, SHELLING: 1, FAIR: 1}
    assert not (tmp_path / ".lock").exists() and not list(tmp_path.glob(".state.json.lock"))


# Another watch, in a process of its own (a POSIX lock is its process's: one process may take it twice).
HOLD_LOCK = """
import sys
from pathlib import Path
from casualty_claims.target import target_lock
with target_lock(Path(sys.argv[1]), holder="watch"):
    print("held", flush=True)
    sys.stdin.read()
"""


def test_a_second_watch_of_the_same_state_fails_at_once(news_site, tmp_path, fetcher):
    state = tmp_path / "state.json"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(state)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline() == "held\n"
        with pytest.raises(BuildFailed) as failed:
            run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    assert (
        str(failed.value)
        == f"{state}: another watch (process {holder.pid}) is writing it; try again when it ends"
    )
    assert news_site.count("/feed.rss") == 0


def test_a_state_file_that_cannot_be_read_is_not_overwritten(news_site, tmp_path, fetcher):
    (tmp_path / "state.json").write_text("{not json")
    with pytest.raises(WatchError, match="state file cannot be read"):
        run_watch(news_site, tmp_path, ["/feed.rss"], fetcher)
    assert (tmp_path / "state.json").read_text() == "{not json"


def test_the_watch_command_reports_each_entry_and_a_summary(news_site, tmp_path, capsys):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# the fixture site\n{news_site.url('/feed.atom')}\n{news_site.url('/bad-feed.xml')}\n")
    argv = ["watch", str(feeds), "--to", str(tmp_path / "a"), "--delay", "0", "--timeout", "0.5"]
    assert command.main(argv) == 0
    out, err = capsys.readouterr()
    assert (
        out.splitlines()[0]
        == f"added: {news_site.url(SHELLING)} -> {tmp_path / 'a' / stem_for(news_site.url(SHELLING))}.html (Northern Wire, 2024-03-06)"
    )
    assert out.splitlines()[-1] == f"{tmp_path / 'a'}: 1 added, 1 not relevant, 1 failed"
    assert err.startswith(f"failed: {news_site.url('/bad-feed.xml')}: malformed feed")
    assert (tmp_path / "feeds.state.json").exists()
    assert command.main([*argv, "--strict"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == f"{tmp_path / 'a'}: 1 failed"


# The relevance test, both ways, on sentences written for it.
RELEVANT = [
    "Ukraine's army said 300 Russian soldiers were killed near the town on Tuesday.",
    "The Kremlin admitted that 89 of its troops had died in the strike.",
    "Officials in Kyiv said the death toll from the missile attack had risen to 23.",
    "Russia says it has taken 1,200 prisoners of war since the spring.",
    "Ukrainian officials counted thousands of casualties among the attackers.",
]
NOT_RELEVANT_TEXTS = [
    "A flood killed 40 people in the valley last week.",  # no side of the war
    "Ukraine's grain exports rose to 4 million tonnes in March.",  # no casualty word
    "Kyiv's marathon drew 12,000 runners along the river on a warm Sunday morning.",
    # money, a date and a year are no figures
    "Ukraine received $500 million to repair the hospitals where the wounded are treated.",
    "Russia's losses were discussed at the meeting on 12 March 2024.",
    "In 2022 the Russian parliament passed a law on the burial of the dead.",
]


@pytest.mark.parametrize("text", RELEVANT)
def test_a_text_reporting_casualties_of_the_war_is_relevant(text):
    assert relevance.why_not_relevant(text, lexicon.load()) is None


@pytest.mark.parametrize("text", NOT_RELEVANT_TEXTS)
def test_a_text_without_casualty_figures_of_the_war_is_not(text):
    assert relevance.why_not_relevant(text, lexicon.load()) is not None
