"""One bad file never stops a build: it is skipped (or read without the part that cannot be
used) with one line naming it, and the good articles beside it land."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from casualty_claims import figures, lexicon, pipeline
from casualty_claims.cli import BuildFailed, build
from casualty_claims.rows import claim_row as row_of_claim

from .conftest import run_build_command, run_unprivileged, write_article

GOOD = "Headline\n\nUkraine said 500 Russian soldiers were killed.\n"


def laughs(key: str) -> str:
    """A 'billion laughs' sidecar of a few hundred bytes: nine lists of nine aliases of the
    one before, a billion strings once expanded."""
    lines = [f"{key}:", '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for before, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"  {name}: &{name} [{','.join([f'*{before}'] * 9)}]")
    return "\n".join(lines) + "\n"


def build_beside_good(
    tmp_path, files: dict[str, str | bytes], **options
) -> tuple[list[str], dict[str, list]]:
    """Builds ``files`` beside a good article; the warnings, and each stored article's claim values."""
    folder = tmp_path / "in"
    write_article(folder, "good.txt", GOOD)
    for name, content in files.items():
        (folder / name).write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    db = tmp_path / "claims.db"
    warnings = build([folder], db, reference_file=None, curation_file=None, **options)
    values: dict[str, list] = {}
    for article, value in sqlite3.connect(db).execute(
        "SELECT articles.id, claims.value FROM articles LEFT JOIN claims ON claims.article = articles.id"
    ):
        values.setdefault(article, []).extend([value] if value is not None else [])
    assert values["good"] == [500], "the good article landed"
    return warnings, values


def one_line(warnings: list[str], name: str, problem: str) -> str:
    """The one warning, a line that names the file (within its folder) and the problem."""
    [warning] = warnings
    assert "\n" not in warning and "Traceback" not in warning
    assert warning.split(": ")[0].endswith(f"/in/{name}") and problem in warning, warning
    return warning


@pytest.mark.parametrize(
    "number", ["99999999999999999999", "9" * 400, "10,000,000,001", "1" + "0" * 40 + " thousand"]
)
def test_a_figure_no_war_counts_is_no_claim_and_no_crash(tmp_path, number):
    text = f"Headline\n\nUkraine said {number} Russian soldiers were killed, and 600 wounded.\n"
    warnings, values = build_beside_good(tmp_path, {"big.txt": text})
    assert warnings == []
    assert values["big"] == [600]


def test_digits_are_read_as_integers():
    assert figures.parse_digits("9" * 30) == int("9" * 30)  # a float would round it
    assert figures.parse_digits("9" * 400) is None  # past any count; a float overflows
    assert figures.parse_digits("1.1", "million") == 1_100_000  # 1.1 * 1e6 is 1100000.0000000002
    assert figures.parse_digits("16,000.5") is None
    assert figures.find("Ukraine said 10,000,000,001 soldiers died", lexicon.load()) == []
    assert [f.value for f in figures.find("Ukraine said 10,000,000,000 soldiers died", lexicon.load())] == [
        figures.MAX_COUNT
    ]


def test_lone_surrogates_in_json_text_are_replaced(tmp_path):
    record = (
        '{"title": "Losses \\ud800", "maintext": "Ukraine said 700 Russian soldiers \\udc00 were killed.", '
        '"source_domain": "\\udfff"}'
    )
    warnings, values = build_beside_good(tmp_path, {"record.json": record})
    assert warnings == [] and values["record"] == [700]
    title, outlet, raw = (
        sqlite3.connect(tmp_path / "claims.db")
        .execute(
            "SELECT title, outlet, raw_text FROM articles JOIN article_texts USING (id) WHERE id = 'record'"
        )
        .fetchone()
    )
    assert (title, outlet) == ("Losses \ufffd", "\ufffd") and "soldiers \ufffd were" in raw


@pytest.mark.parametrize(
    "text, lone",
    [
        ("plain", False),
        ("café, “quoted” 😀", False),
        ("a \ud800 b", True),
        ("\udfff", True),
        ("😀\udc00", True),
    ],
)
def test_a_lone_surrogate_is_found_by_encoding_the_text(text, lone):
    from casualty_claims import formats

    assert formats.has_lone_surrogate(text) is lone
    assert formats.without_surrogates(text) == formats.LONE_SURROGATE.sub("\ufffd", text)


def test_a_file_name_that_is_not_utf8_is_named_escaped(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/bad\xffname.txt", "w", encoding="utf-8") as file:
        file.write("Headline\n\nUkraine said 630 Russian soldiers were killed.\n")
    warnings, values = build_beside_good(tmp_path, {})
    one_line(warnings, "bad\\xffname.txt", "not UTF-8")
    assert list(values) == ["good"]


@pytest.mark.parametrize(
    "name, content, problem",
    [
        ("nested.json", "[" * 2_000_000 + "]" * 2_000_000, "nested too deeply"),  # 4 MB
        (
            "number.json",
            '{"maintext": "Ukraine said 800 soldiers died.", "n": ' + "1" * 5000 + "}",
            "a number of over 4,300 digits",
        ),
    ],
)
def test_json_python_cannot_parse_is_named(tmp_path, name, content, problem):
    warnings, values = build_beside_good(tmp_path, {name: content})
    one_line(warnings, name, f"not valid JSON ({problem}")
    assert list(values) == ["good"]


@pytest.mark.parametrize(
    "sidecar, problem",
    [
        ("published: 2022-02-30\n", "published is not an ISO date: '2022-02-30'"),
        ("published: 0000-01-01\n", "published is not an ISO date: '0000-01-01'"),
        ("published: 2022-03-01T25:00:00\n", "published is not an ISO date: '2022-03-01T25:00:00'"),
        ("published: 2099-01-01\n", "published is in the future: 2099-01-01"),
        ("title: " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
        ("title: " + "1" * 5000 + "\n", "cannot read"),
        (laughs("published"), "aliases (*name) are not allowed"),
        ("url: ' https://example.org/a'\n", "url must be an http or https address"),
    ],
    ids=[
        "february-30",
        "year-0",
        "hour-25",
        "future",
        "nested",
        "long-number",
        "billion-laughs",
        "url-space",
    ],
)
def test_a_bad_sidecar_is_named_and_its_article_skipped(tmp_path, sidecar, problem):
    warnings, values = build_beside_good(
        tmp_path, {"x.txt": GOOD.replace("500", "610"), "x.meta.yml": sidecar}
    )
    warning = one_line(warnings, "x.meta.yml", problem)
    assert len(warning) < 300  # a value quoted in it is shortened
    assert list(values) == ["good"]


def test_a_sidecar_that_cannot_be_read_is_named_not_its_article(tmp_path):
    (tmp_path / "in" / "x.meta.yml").mkdir(parents=True)
    warnings, _ = build_beside_good(tmp_path, {"x.txt": GOOD.replace("500", "610")})
    one_line(warnings, "x.meta.yml", "sidecar cannot be read")


def test_a_sidecar_datetime_gives_its_date(tmp_path):
    warnings, _ = build_beside_good(
        tmp_path, {"x.txt": GOOD.replace("500", "610"), "x.meta.yml": "published: 2022-03-01 10:00:00\n"}
    )
    assert warnings == []
    db = sqlite3.connect(tmp_path / "claims.db")
    assert db.execute("SELECT published FROM articles WHERE id = 'x'").fetchone() == ("2022-03-01",)


def test_an_unreadable_sub_folder_is_reported(shared_folder):
    folder, locked, out = shared_folder / "in", shared_folder / "in" / "locked", shared_folder / "out"
    write_article(folder, "good.txt", GOOD)
    write_article(locked, "hidden.txt", GOOD.replace("500", "640"))
    out.mkdir()
    out.chmod(0o777)
    locked.chmod(0)
    try:
        argv = [str(folder), "--db", str(out / "claims.db"), "--no-reference", "--no-curation"]
        code, stderr = run_unprivileged(argv, shared_folder / "stderr.txt")
    finally:
        locked.chmod(0o755)
    assert code == 0
    assert (
        stderr == f"warning: {locked}: folder cannot be read (Permission denied); its articles are left out\n"
    )
    assert sqlite3.connect(out / "claims.db").execute("SELECT id FROM articles").fetchall() == [("good",)]


def spinning(article_id: str, monkeypatch) -> None:
    """The extraction of one article made to spin for four CPU seconds (or until interrupted)."""
    real = pipeline.process

    def process(article, *args):
        if article.id == article_id:
            until = time.process_time() + 4
            while time.process_time() < until:
                pass
        return real(article, *args)

    monkeypatch.setattr(pipeline, "process", process)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_over_its_time_budget_is_skipped(tmp_path, monkeypatch, jobs):
    spinning("slow", monkeypatch)
    started = time.monotonic()
    files = {"slow.txt": GOOD.replace("500", "650"), "other.txt": GOOD.replace("500", "660")}
    warnings, values = build_beside_good(tmp_path, files, jobs=jobs, budget=0.5)
    one_line(warnings, "slow.txt", "skipped, extracting it took over 0.5 seconds")
    assert values == {"good": [500], "other": [660]}
    assert time.monotonic() - started < 30  # (a build of three small articles)


def test_the_budget_option_reaches_the_build(tmp_path):
    folder = tmp_path / "in"
    claims = (f"Ukraine said {100 + n} Russian soldiers were killed on day {n}.\n\n" for n in range(300))
    write_article(folder, "long.txt", "Headline\n\n" + "".join(claims))  # a tenth of a second
    result = run_build_command(folder, "--db", tmp_path / "c.db", "--no-reference", "--no-curation",
                               "--article-budget", "0.001")  # fmt: skip
    assert result.returncode == 0
    assert (
        result.stderr == f"warning: {folder / 'long.txt'}: skipped, extracting it took over 0.001 seconds "
        "(see --article-budget)\n"
    )


def test_an_unforeseen_error_costs_one_article(tmp_path, monkeypatch):
    real = pipeline.process

    def process(article, *args):
        if article.id == "buggy":
            raise RuntimeError("a bug nobody foresaw\nwith a second line")
        return real(article, *args)

    monkeypatch.setattr(pipeline, "process", process)
    warnings, values = build_beside_good(tmp_path, {"buggy.txt": GOOD.replace("500", "670")})
    one_line(warnings, "buggy.txt", "skipped, extraction failed (RuntimeError: a bug nobody foresaw)")
    assert list(values) == ["good"]


def test_rows_sqlite_cannot_store_cost_one_article(tmp_path, monkeypatch):
    real = row_of_claim

    def claim_row(claim):  # a future bug that lets a figure past 64 bits through
        row = real(claim)
        return dict(row, value=2**70) if row["article"] == "huge" else row

    monkeypatch.setattr("casualty_claims.rows.claim_row", claim_row)
    warnings, values = build_beside_good(tmp_path, {"huge.txt": GOOD.replace("500", "680")})
    one_line(warnings, "huge.txt", "claims.value 1.18e+21 is past SQLite's 64-bit integers")
    assert list(values) == ["good"]


def test_strict_fails_on_a_bad_file_without_a_traceback(tmp_path):
    folder = tmp_path / "in"
    write_article(folder, "good.txt", GOOD)
    write_article(folder, "nested.json", "[" * 100_000 + "]" * 100_000)
    db = tmp_path / "claims.db"
    result = run_build_command(folder, "--db", db, "--no-reference", "--no-curation", "--strict")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"warning: {folder / 'nested.json'}: not valid JSON (nested too deeply)",
        f"error: 1 warning(s) under --strict; {db} left as it was",
    ]
    assert not db.exists()
    with pytest.raises(BuildFailed):
        build([folder], db, strict=True, reference_file=None, curation_file=None)


def test_the_grammar_is_compiled_before_any_budget_runs(tmp_path):
    """Compiling the grammar (half a second) is charged to no article: a budget far below it
    still lets small articles through, in one process and in several."""
    folder = tmp_path / "in"
    for n in range(3):
        write_article(folder, f"a{n}.txt", GOOD.replace("500", f"50{n}"))
    for jobs in ("1", "2"):
        result = run_build_command(folder, "--db", tmp_path / "c.db", "--no-reference", "--no-curation",
                                   "--article-budget", "0.25", "--jobs", jobs, "--full")  # fmt: skip
        assert (result.returncode, result.stderr) == (0, "")
