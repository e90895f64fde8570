"""Adding articles by address (casualty_claims.add, .fetch, the add command) against the
fixture news site on the loopback address: what is kept, what is not fetched again, and
each way a fetch fails, said in one line."""

from __future__ import annotations

import time

import pytest
import yaml

from casualty_claims import command
from casualty_claims.add import (
    ADDED,
    DUPLICATE,
    FAILED,
    UNCHANGED,
    Folder,
    add_address,
    normalise_url,
    read_addresses,
    stem_for,
)
from casualty_claims.fetch import Fetcher
from casualty_claims.read import read_article, read_sidecar
from tests.fixture_site import COPY_PATH, closed_port

ARTICLE = "/news/front-line-toll.html"


@pytest.fixture
def fetcher():
    return Fetcher(delay=0, timeout=0.5, max_bytes=100_000)


@pytest.fixture
def folder(tmp_path):
    return Folder(tmp_path / "articles")


def test_a_page_is_kept_with_a_sidecar_the_build_reads(news_site, folder, fetcher):
    outcome = add_address(news_site.url(ARTICLE), folder, fetcher)
    assert outcome.kind == ADDED, outcome.line
    path = folder.page_path(news_site.url(ARTICLE))
    assert path.read_bytes().startswith(b"<!DOCTYPE html>")
    sidecar = yaml.safe_load(path.with_name(path.stem + ".meta.yml").read_text())
    assert sidecar["url"] == sidecar["final_url"] == news_site.url(ARTICLE)
    assert sidecar["outlet"] == "Northern Wire"
    assert sidecar["published"] == "2024-03-04"
    assert sidecar["title"] == "Kyiv reports heavy Russian losses near the river crossing"
    assert sidecar["fetched_at"].endswith("+00:00")
    assert read_sidecar(path)["published"] == "2024-03-04"  # as the build checks it
    assert "640 Russian soldiers were killed" in read_article(path).raw
    assert str(path) in outcome.line and "Northern Wire, 2024-03-04" in outcome.line


def test_adding_an_address_again_fetches_and_changes_nothing(news_site, folder, fetcher):
    url = news_site.url(ARTICLE)
    add_address(url, folder, fetcher)
    path = folder.page_path(url)
    before = {p.name: p.stat().st_mtime_ns for p in folder.directory.iterdir()}
    again = add_address(url + "#comments", folder, fetcher)  # the same page, however written
    assert again.kind == UNCHANGED
    assert again.line == f"unchanged: {url}#comments already added as {path}"
    assert news_site.count(ARTICLE) == 1
    assert {p.name: p.stat().st_mtime_ns for p in folder.directory.iterdir()} == before


def test_the_same_text_under_a_second_address_is_kept_once(news_site, folder, fetcher):
    first = folder.page_path(news_site.url(ARTICLE))
    add_address(news_site.url(ARTICLE), folder, fetcher)
    copy = add_address(news_site.url(COPY_PATH), folder, fetcher)
    assert copy.kind == DUPLICATE
    assert copy.line == f"duplicate: {news_site.url(COPY_PATH)}: same text as {first}; not kept"
    assert sorted(p.name for p in folder.directory.glob("*.html")) == [first.name]


def test_the_text_of_an_article_put_there_by_hand_is_known_too(news_site, folder, fetcher):
    add_address(news_site.url(ARTICLE), folder, fetcher)
    page = folder.page_path(news_site.url(ARTICLE))
    renamed = folder.directory / "by-hand.html"
    page.rename(renamed)  # and its sidecar gone: the text alone counts
    page.with_name(page.stem + ".meta.yml").unlink()
    copy = add_address(news_site.url(COPY_PATH), Folder(folder.directory), fetcher)
    assert copy.kind == DUPLICATE and str(renamed) in copy.line


def test_the_folder_reads_again_only_the_articles_that_changed(news_site, folder, fetcher, monkeypatch):
    add_address(news_site.url(ARTICLE), folder, fetcher)
    (folder.directory / "by-hand.txt").write_text("A headline\n\nA text written by hand.\n")
    read = []
    monkeypatch.setattr(
        "casualty_claims.add.read_article", lambda path: read.append(path.name) or read_article(path)
    )
    assert Folder(folder.directory).same_text("0" * 64) is None
    assert read == ["by-hand.txt"]  # the page added before is in the index
    assert Folder(folder.directory).same_text("0" * 64) is None
    assert read == ["by-hand.txt"]


def test_a_redirect_is_followed_and_the_final_address_recorded(news_site, folder, fetcher):
    outcome = add_address(news_site.url("/moved"), folder, fetcher)
    assert outcome.kind == ADDED
    path = folder.page_path(news_site.url("/moved"))
    sidecar = read_sidecar(path)
    assert sidecar["url"] == news_site.url("/moved")
    assert sidecar["final_url"] == news_site.url("/news/village-shelling.html")


FAILURES = [
    ("/missing", "HTTP 404 Not Found"),
    ("/broken", "HTTP 500 Internal Server Error"),
    ("/loop-a", "redirect loop ({base}/loop-a -> {base}/loop-b -> {base}/loop-a)"),
    ("/slow", "no answer from 127.0.0.1 within 0.5 s (time-out)"),
    ("/report.pdf", "not an HTML page (application/pdf)"),
    ("/untyped", "not an HTML page (no media type)"),
    ("/huge.html", "bytes, over the limit of 100,000"),
    ("/huge-unannounced.html", "page over the limit of 100,000 bytes"),
    ("/menu-only.html", "no article text: 2 words after the title"),
    ("/blank.html", "no article text found in the HTML page"),
    ("/private/notes.html", "robots.txt of {base} disallows {base}/private/notes.html"),
]


@pytest.mark.parametrize(("path", "problem"), FAILURES, ids=[path for path, _ in FAILURES])
def test_each_failure_says_what_and_where_in_one_line(news_site, folder, fetcher, path, problem):
    url = news_site.url(path)
    outcome = add_address(url, folder, fetcher)
    assert outcome.kind == FAILED
    assert outcome.line.startswith(f"failed: {url}: ")
    assert problem.format(base=news_site.base) in outcome.line
    assert "\n" not in outcome.line
    assert not list(folder.directory.glob("*.html"))


def test_an_unknown_host_and_a_refused_connection_say_so(folder, fetcher):
    unknown = add_address("http://no-such-newsroom.invalid/story", folder, fetcher)
    assert (
        unknown.line
        == "failed: http://no-such-newsroom.invalid/story: DNS lookup failed for no-such-newsroom.invalid"
    )
    url = f"http://127.0.0.1:{closed_port()}/story"
    refused = add_address(url, folder, fetcher)
    assert refused.line == f"failed: {url}: connection refused by 127.0.0.1"
    assert unknown.error.transient and refused.error.transient


def test_a_page_that_breaks_the_reader_fails_alone(news_site, folder, fetcher, monkeypatch):
    def broken(text):
        raise RuntimeError("unforeseen\nsecond line")

    monkeypatch.setattr("casualty_claims.formats.from_html", broken)
    outcome = add_address(news_site.url(ARTICLE), folder, fetcher)
    assert outcome.line == f"failed: {news_site.url(ARTICLE)}: cannot be read (RuntimeError: unforeseen)"


def test_an_address_that_is_not_http_fails_before_any_request(folder, fetcher):
    outcome = add_address("ftp://example.org/story", folder, fetcher)
    assert (
        outcome.line
        == "failed: ftp://example.org/story: not an http or https address: ftp://example.org/story"
    )
    assert fetcher.requests == 0


def test_a_missing_page_is_a_lasting_failure_a_server_error_a_passing_one(news_site, folder, fetcher):
    assert not add_address(news_site.url("/missing"), folder, fetcher).error.transient
    assert add_address(news_site.url("/broken"), folder, fetcher).error.transient


def test_requests_to_one_host_wait_for_the_delay(news_site):
    fetcher = Fetcher(delay=0.3, timeout=2)
    started = time.monotonic()
    for path in ("/news/harvest-fair.html", "/news/village-shelling.html"):
        fetcher.get(news_site.url(path))
    # robots.txt, then two pages: two pauses
    assert time.monotonic() - started >= 0.6
    assert news_site.count("/robots.txt") == 1 and fetcher.requests == 3


def test_an_address_is_named_by_its_normal_form():
    assert normalise_url("HTTPS://News.Example.ORG:443/a/b?utm_source=x&z=1&a=2#top") == (
        "https://news.example.org/a/b?a=2&z=1"
    )
    assert normalise_url("http://example.org") == "http://example.org/"
    assert normalise_url("http://example.org:8080/x") == "http://example.org:8080/x"
    assert normalise_url("http://example.org:port/x") == "http://example.org/x"
    stem = stem_for("https://www.example.org/news/2024/03/Losses-Rise.html?utm_medium=feed")
    assert stem.startswith("example-org-news-2024-03-losses-rise-html-")
    assert stem == stem_for("https://WWW.example.org/news/2024/03/Losses-Rise.html")
    assert stem != stem_for("https://www.example.org/news/2024/03/Losses-Rise.html?page=2")


def test_a_future_date_in_the_page_is_left_out_of_the_sidecar(news_site, folder, fetcher):
    from tests.fixture_site import article_page

    news_site.page("/news/dated-ahead.html", article_page("Losses", "Wire", "2999-01-01", [
        "Ukraine's army said that 300 Russian soldiers were killed in a week of fighting near the town, "
        "a figure that could not be checked by anyone outside the army itself.",
        "The statement gave no breakdown by unit, and did not say how the losses were counted or by whom.",
    ]))  # fmt: skip
    outcome = add_address(news_site.url("/news/dated-ahead.html"), folder, fetcher)
    assert outcome.kind == ADDED
    path = folder.page_path(news_site.url("/news/dated-ahead.html"))
    assert "published" not in read_sidecar(path)


def run_add(*argv, capsys):
    code = command.main(["add", *map(str, argv), "--delay", "0", "--timeout", "0.5"])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_add_command_goes_on_after_a_failure(news_site, tmp_path, capsys):
    addresses = tmp_path / "addresses.txt"
    addresses.write_text(f"# to read\n{news_site.url('/news/village-shelling.html')}\n\n")
    code, out, err = run_add(
        news_site.url("/missing"),
        news_site.url(ARTICLE),
        "--from",
        addresses,
        "--to",
        tmp_path / "a",
        capsys=capsys,
    )
    assert code == 0
    assert err == f"failed: {news_site.url('/missing')}: HTTP 404 Not Found\n"
    assert out.count("added: ") == 2
    assert out.splitlines()[-1] == f"{tmp_path / 'a'}: 1 failed, 2 added"


def test_under_strict_the_first_failure_ends_the_run(news_site, tmp_path, capsys):
    code, out, err = run_add(
        news_site.url("/broken"), news_site.url(ARTICLE), "--strict", "--to", tmp_path, capsys=capsys
    )
    assert code == 1
    assert err.startswith(f"failed: {news_site.url('/broken')}: HTTP 500")
    assert news_site.count(ARTICLE) == 0


def test_a_file_of_addresses_names_its_bad_line(tmp_path, capsys):
    addresses = tmp_path / "addresses.txt"
    addresses.write_text("https://example.org/a\nexample.org/b\n")
    with pytest.raises(
        Exception, match=r"addresses.txt, line 2: not an http or https address: example.org/b"
    ):
        read_addresses(addresses)
    code, _, err = run_add("--from", addresses, "--to", tmp_path, capsys=capsys)
    assert code == 1 and "line 2" in err


def test_the_command_builds_as_build_py_does(news_site, tmp_path, capsys):
    run_add(news_site.url(ARTICLE), "--to", tmp_path / "a", capsys=capsys)
    db = tmp_path / "claims.db"
    argv = ["build", str(tmp_path / "a"), "--db", str(db), "--no-reference", "--no-curation", "--jobs", "1"]
    assert command.main(argv) == 0
    assert capsys.readouterr().out == f"{db}: 1 articles, 1 claims\n"


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "final_url: ftp://example.org/a",
            "final_url must be an http or https address: 'ftp://example.org/a'",
        ),
        ("fetched_at: yesterday", "fetched_at is not an ISO time: 'yesterday'"),
    ],
)
def test_the_build_checks_what_add_writes_in_a_sidecar(tmp_path, line, problem):
    from casualty_claims.read import ArticleError

    (tmp_path / "a.txt").write_text("A headline\n\nText.\n")
    (tmp_path / "a.meta.yml").write_text(line + "\n")
    with pytest.raises(ArticleError) as refused:
        read_sidecar(tmp_path / "a.txt")
    assert str(refused.value) == f"{tmp_path / 'a.meta.yml'}: {problem}"
