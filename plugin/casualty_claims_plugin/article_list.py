"""/-/articles: the news articles the claims were read from, each with its outlet, date,
headline and number of claims, linked to its page; sorted by any of those, a page at a time.

The ministry's daily reports (the reference series, stored as claims of a pseudo-article)
are no news article: they are left out, as the home page's count of articles leaves them
out, and the page points to the ministry's page and the reports' table instead.
"""

from __future__ import annotations

from casualty_claims.reference import CLAIMANT as SERIES_CLAIMANT
from casualty_claims.vocabulary import COUNTS

from .listing import DEFAULT_SIZE, Listing, Order, listed
from .site import check_permissions, database, links, page_url, respond

# An article of the news, not of the reference series: as the build counts articles (store.py).
NEWS_ARTICLE = "articles.id NOT IN (SELECT article FROM claims WHERE origin = 'reference')"
# The columns a reader may sort by, by the name the query string gives them.
SORTS = {
    "outlet": "articles.outlet COLLATE NOCASE",
    "date": "articles.published",
    "headline": "articles.title COLLATE NOCASE",
    "claims": "coalesce(counted.claims, 0)",
}
NEWEST_FIRST = Order(sort="date", descending=True, page=1, size=DEFAULT_SIZE)
# {order} is one of SORTS' expressions, never the reader's text.
ARTICLES = f"""
SELECT articles.id, articles.outlet, articles.published, articles.title,
    coalesce(counted.claims, 0) AS claims
FROM articles
LEFT JOIN (
    SELECT article, count(*) AS claims FROM claims WHERE origin = 'news' AND {COUNTS} GROUP BY article
) AS counted ON counted.article = articles.id
WHERE {NEWS_ARTICLE}
ORDER BY {{order}}
LIMIT :limit OFFSET :offset
"""
ARTICLE_COUNT = f"SELECT count(*) FROM articles WHERE {NEWS_ARTICLE}"
ARTICLE_LIST = Listing(ARTICLES, ARTICLE_COUNT, SORTS, NEWEST_FIRST, tie="articles.id")
SERIES_REPORTS = "SELECT count(*) FROM reference_reports"


async def article_list_page(datasette, request):
    await check_permissions(datasette, request)
    db = database(datasette)
    rows, pages = await listed(datasette, request, db, ARTICLE_LIST)
    data = {
        "title": "Articles",
        "rows": [_article(datasette, row) for row in rows],
        **pages,
        "series_reports": (await db.execute(SERIES_REPORTS)).first()[0],
        "series_page": page_url(datasette, "claimants", SERIES_CLAIMANT),
        "links": links(datasette),
    }
    return await respond(datasette, request, "article_list.html", data)


def _article(datasette, row) -> dict:
    return {
        "id": row["id"],
        "outlet": row["outlet"],
        "published": row["published"],
        "headline": row["title"],
        "claims": row["claims"],
        "page": page_url(datasette, "articles", row["id"]),
    }
