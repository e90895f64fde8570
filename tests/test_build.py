"""The build: schema, foreign keys, atomic writes, determinism, bad input."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
import sqlite_utils

from casualty_claims import incremental, relink
from casualty_claims.cli import BuildFailed, build
from casualty_claims.rows import _occurrences as figure_occurrences

from .conftest import SEEDS, run_build_command, write_article

SCORER_COLUMNS = [
    "article", "claimant", "claimant_side", "subject_side", "population", "measure", "value",
    "value_low", "value_high", "qualifier", "as_of", "quote", "span_start", "span_end",
]  # fmt: skip


def test_schema_has_every_table_and_view(seed_db):
    db = sqlite_utils.Database(seed_db)
    assert set(db.table_names()) >= {
        "articles", "article_texts", "sentences", "sides", "claimants", "claimant_aliases", "claims",
        "mentions", "furniture", "measures", "populations", "qualifiers",
        "articles_fts", "sentences_fts", "claim_groups", "counterclaims",
    }  # fmt: skip
    assert {"claims_flat", "counterclaims_flat"} <= set(db.view_names())
    columns = [c.name for c in db["claims_flat"].columns]
    assert all(c in columns for c in SCORER_COLUMNS)


def test_every_foreign_key_is_declared_indexed_and_holds(seed_db):
    db = sqlite_utils.Database(seed_db)
    claims_fks = {fk.column: fk.other_table for fk in db["claims"].foreign_keys}
    assert claims_fks == {
        "article": "articles", "sentence": "sentences", "claimant": "claimants", "via": "claimants",
        "subject_side": "sides", "population": "populations", "measure": "measures",
        "qualifier": "qualifiers", "claim_group": "claim_groups", "subject": "subjects", "scope": "scopes",
        "place": "places",
    }  # fmt: skip
    for table in db.tables:
        indexed = {tuple(index.columns)[0] for index in table.indexes}
        for fk in table.foreign_keys:
            assert fk.column in indexed, f"{table.name}.{fk.column} has no index"
    assert list(db.execute("PRAGMA foreign_key_check")) == []


def test_every_seed_article_has_a_claim(seed_conn):
    rows = seed_conn.execute(
        "SELECT articles.id, count(claims.id) FROM articles "
        "JOIN article_texts ON article_texts.id = articles.id "
        "LEFT JOIN claims ON claims.article = articles.id AND claims.origin = 'news' "
        "WHERE article_texts.raw_text != '' GROUP BY articles.id"
    ).fetchall()
    assert len(rows) == len(list(SEEDS.glob("*.txt")))
    assert all(count > 0 for _, count in rows)


def test_spans_point_at_the_figure_in_the_raw_text(seed_conn):
    for row in seed_conn.execute(
        "SELECT claims.*, article_texts.raw_text FROM claims JOIN article_texts ON article_texts.id = claims.article "
        "WHERE claims.origin = 'news'"
    ):
        assert row["raw_text"][row["span_start"] : row["span_end"]] == row["figure_text"]
        assert row["quote"] in row["raw_text"]


def test_full_text_search_finds_sentences(seed_conn):
    hits = seed_conn.execute(
        "SELECT sentences.text FROM sentences_fts JOIN sentences ON sentences.rowid = sentences_fts.rowid "
        "WHERE sentences_fts MATCH 'Konashenkov'"
    ).fetchall()
    assert hits and all("Konashenkov" in text for (text,) in hits)


def dump(path):
    """Every row of every table, but for the time of the build."""
    conn = sqlite3.connect(path)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    rows = {
        t: conn.execute(f"SELECT * FROM [{t}] ORDER BY 1").fetchall()
        for t in tables
        if "_fts" not in t and not t.startswith("sqlite_")  # search indexes, planner statistics
    }
    rows["build"] = conn.execute("SELECT articles, claims, claimants, counterclaims FROM build").fetchall()
    return rows


def test_same_input_gives_same_rows_and_ids(tmp_path):
    build([SEEDS], tmp_path / "a.db")
    build([SEEDS], tmp_path / "b.db")
    a, b = dump(tmp_path / "a.db"), dump(tmp_path / "b.db")
    assert a == b
    assert len(a["claims"]) > 10


def test_claim_ids_survive_changes_elsewhere_in_the_article(tmp_path):
    text = "Heavy fighting\n\nRussia's defence ministry said 1,200 Ukrainian soldiers were killed.\n"
    write_article(tmp_path / "a", "x.txt", text)
    write_article(tmp_path / "b", "x.txt", text + "\nAn unrelated paragraph about weather in Kyiv.\n")
    build([tmp_path / "a"], tmp_path / "a.db", reference_file=None, curation_file=None)
    build([tmp_path / "b"], tmp_path / "b.db", reference_file=None, curation_file=None)
    ids = [
        sqlite_utils.Database(tmp_path / f"{n}.db").execute("SELECT id FROM claims").fetchall() for n in "ab"
    ]
    assert ids[0] == ids[1] and len(ids[0]) == 1


def test_a_failed_build_leaves_the_previous_database(tmp_path, monkeypatch):
    db_path = tmp_path / "claims.db"
    build([SEEDS], db_path)
    before = dump(db_path)

    def explode(*args):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(relink, "work_out_links", explode)  # in the linking thread of a full build
    monkeypatch.setattr(relink, "relink_changes", explode)
    for full in (False, True):  # an incremental build and a full one
        with pytest.raises(RuntimeError):
            build([SEEDS], db_path, full=full)
    assert dump(db_path) == before
    assert [p.name for p in tmp_path.iterdir()] == ["claims.db"]


def test_an_incremental_build_that_breaks_a_foreign_key_fails(tmp_path, monkeypatch):
    folder, db_path = tmp_path / "in", tmp_path / "claims.db"
    shutil.copytree(SEEDS, folder)
    build([folder], db_path, reference_file=None, curation_file=None)
    before = dump(db_path)
    (folder / "000_37b49ff60204eea0.txt").unlink()  # its claims go, and the groups they speak for
    monkeypatch.setattr(incremental, "RELINK_ALL_ABOVE", 0.5)  # one of five articles is few changes
    monkeypatch.setattr(relink, "relink_changes", lambda *args: None)
    with pytest.raises(BuildFailed, match=r"foreign keys broken: \[\('counterclaims'"):
        build([folder], db_path, reference_file=None, curation_file=None)
    assert dump(db_path) == before
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["claims.db"]


def test_bad_files_are_reported_in_one_line_and_skipped(tmp_path):
    folder = tmp_path / "in"
    write_article(folder, "good.txt", "Headline\n\nUkraine said 500 Russian soldiers were killed.\n")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "latin.txt").write_bytes(bytes([0x81, 0x8D, 0x8F, 0x90, 0x9D, 0xFF, 0xFE, 0x80]) * 5)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    write_article(folder, "meta.txt", "Headline\n\nText.\n", meta="published: [unclosed\n")
    warnings = build([folder], tmp_path / "claims.db", reference_file=None, curation_file=None)
    assert len(warnings) == 4
    assert all("\n" not in w for w in warnings)
    by_file = {w.split(":")[0].rsplit("/", 1)[-1]: w for w in warnings}
    assert "empty file" in by_file["empty.txt"]
    assert "not UTF-8" in by_file["latin.txt"]
    assert "NUL" in by_file["binary.txt"]
    assert "sidecar" in by_file["meta.meta.yml"]
    db = sqlite_utils.Database(tmp_path / "claims.db")
    assert [r["id"] for r in db["articles"].rows] == ["good"]


def test_strict_fails_and_keeps_the_old_database(tmp_path):
    folder = tmp_path / "in"
    write_article(folder, "good.txt", "Headline\n\nUkraine said 500 Russian soldiers were killed.\n")
    db_path = tmp_path / "claims.db"
    build([folder], db_path, strict=True, reference_file=None, curation_file=None)
    (folder / "empty.txt").write_bytes(b"")
    before = dump(db_path)
    with pytest.raises(BuildFailed):
        build([folder], db_path, strict=True, reference_file=None, curation_file=None)
    assert dump(db_path) == before


def test_sidecar_sets_metadata(tmp_path):
    folder = tmp_path / "in"
    write_article(
        folder,
        "a.txt",
        "Headline text\n\nOn Friday Russia said 300 of its soldiers had died.\n",
        meta="url: https://example.org/a\noutlet: Example News\npublished: 2022-03-25\ntitle: A title\n",
    )
    build([folder], tmp_path / "claims.db", reference_file=None, curation_file=None)
    db = sqlite_utils.Database(tmp_path / "claims.db")
    article = db["articles"].get("a")
    assert (article["url"], article["outlet"], article["title"]) == (
        "https://example.org/a", "Example News", "A title",
    )  # fmt: skip
    assert (article["published"], article["published_method"]) == ("2022-03-25", "sidecar")
    claim = next(db["claims_flat"].rows)
    assert (claim["value"], claim["subject_side"], claim["as_of"]) == (300, "russia", "2022-03-25")


def test_duplicate_text_under_two_names_is_kept_once(tmp_path):
    folder = tmp_path / "in"
    text = "Headline\n\nUkraine said 500 Russian soldiers were killed.\n"
    write_article(folder, "a.txt", text)
    write_article(folder, "b.txt", text)
    warnings = build([folder], tmp_path / "claims.db", reference_file=None, curation_file=None)
    assert len(warnings) == 1 and "same text as" in warnings[0]


def test_command_line_reports_errors_without_traceback(tmp_path):
    result = run_build_command(tmp_path / "missing", "--db", tmp_path / "x.db")
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "missing: not a folder" in result.stderr


def test_sidecar_url_must_be_a_web_address(tmp_path):
    folder = tmp_path / "in"
    write_article(folder, "a.txt", "Headline\n\nUkraine said 500 Russian soldiers were killed.\n",
                  meta="url: javascript:alert(1)\n")  # fmt: skip
    warnings = build([folder], tmp_path / "claims.db", reference_file=None, curation_file=None)
    assert len(warnings) == 1
    assert "a.meta.yml" in warnings[0] and "http or https" in warnings[0]


def test_size_limit_is_configurable_and_strict_keeps_the_old_database(tmp_path):
    folder = tmp_path / "in"
    write_article(folder, "small.txt", "Headline\n\nUkraine said 500 Russian soldiers were killed.\n")
    write_article(folder, "large.txt", "Headline\n\n" + "Kyiv said 900 Russian troops died. " * 100)
    db_path = tmp_path / "claims.db"

    def run(*options):
        return run_build_command(folder, "--db", db_path, "--no-reference", "--no-curation", *options)

    result = run("--max-bytes", "1000")
    assert result.returncode == 0
    assert result.stderr.strip().startswith("warning: ") and result.stderr.count("\n") == 1
    size = (folder / "large.txt").stat().st_size
    assert f"large.txt: file is {size:,} bytes, over the limit of 1,000" in result.stderr
    before = dump(db_path)
    assert [row[0] for row in before["articles"]] == ["small"]

    result = run("--max-bytes", "1000", "--strict")
    assert result.returncode == 1 and "left as it was" in result.stderr
    assert dump(db_path) == before
    assert run().returncode == 0
    assert [row[0] for row in dump(db_path)["articles"]] == ["large", "small"]


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("They said 16,000 died. Then 16,000, again.", [10, 28]),
        ("Not 116,000 nor 16,0001 nor 16,000.5 nor x16,000.", []),
        ("(16,000) and 16,000.", [1, 13]),
    ],
)
def test_a_figure_repeats_only_as_a_whole_number(raw, expected):
    assert list(figure_occurrences(raw, "16,000")) == expected
