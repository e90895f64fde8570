"""One maker of claim rows (schema.claim_row) for the grammar's claims, the ministry's series
and a hand's curation: each row has every column but those an article's rows add."""

import datetime as dt

import pytest

from casualty_claims import reference, schema


def test_a_claim_row_takes_the_defaults_under_its_own_values():
    row = schema.claim_row({"id": "c1", "value": 5, "scope": "period"})
    assert row["scope"] == "period" and row["value"] == 5
    assert row["status"] == "extracted" and row["origin"] == "news" and row["in_quote"] == 0
    assert schema.CLAIM_DEFAULTS["scope"] == "total"  # the defaults are not changed by a row


def test_a_value_for_no_column_is_refused():
    with pytest.raises(KeyError, match="no column qualifer"):
        schema.claim_row({"id": "c1", "qualifer": "exact"})


def test_the_series_rows_have_every_column_of_the_claims_table():
    report = reference.Report(
        dt.date(2022, 11, 13), "https://example.org/report", 7, dict.fromkeys(reference.FIELDS, None)
    )
    report.counts["personnel"] = 80_860
    (row,) = reference.claim_rows([report])
    # "subject" is added with the article's rows (rows.article_rows) and "claim_group" by
    # linking, as for every claim
    assert set(schema.TABLES["claims"][0]) - set(row) == {"subject", "claim_group"}
    assert row["status"] == "extracted" and row["via"] is None and row["display"] == "about 80,860"
