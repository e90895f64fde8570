"""Each count on the home page opens a table of as many rows as it says."""

from __future__ import annotations

import html
import re
from urllib.parse import urlencode, urlsplit

import pytest

# "<a href="/claims/claims?origin=news&amp;…">33 claims</a>"
COUNT_LINK = re.compile(r'<a href="([^"]+)">([\d,]+) ([a-z ]+)</a>')


async def _rows_behind(client, href: str) -> int:
    """How many rows the table at ``href`` holds, page after page of its JSON."""
    parts = urlsplit(html.unescape(href))
    url = f"{parts.path}.json?{parts.query}&" + urlencode({"_shape": "objects", "_size": "max"})
    count = 0
    while url:
        response = await client.get(url)
        assert response.status_code == 200, (url, response.text[:300])
        data = response.json()
        count += len(data["rows"])
        url = data.get("next_url") and urlsplit(data["next_url"])._replace(scheme="", netloc="").geturl()
    return count


@pytest.mark.asyncio
async def test_each_home_page_count_equals_the_rows_its_link_opens(datasette, seed_conn):
    page = (await datasette.client.get("/")).text
    counts = {what: (href, int(number.replace(",", ""))) for href, number, what in COUNT_LINK.findall(page)}
    assert set(counts) == {"claims", "claimants", "articles", "counterclaim pairs", "daily reports"}
    for what, (href, count) in counts.items():
        assert await _rows_behind(datasette.client, href) == count, (what, href)
    # the series' pseudo-article, vague amounts and claimants of no claim are what the unfiltered
    # tables held beside the counted rows
    build = seed_conn.execute("SELECT articles, claims, claimants FROM build").fetchone()
    assert seed_conn.execute("SELECT count(*) FROM articles").fetchone()[0] > build["articles"]
    assert seed_conn.execute("SELECT count(*) FROM claims_flat").fetchone()[0] < build["claims"]
    assert seed_conn.execute("SELECT count(*) FROM claimants").fetchone()[0] > build["claimants"]
