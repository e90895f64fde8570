"""What the list pages (/-/articles, /-/claimants) share: the order and page a reader asks
for, read from the query string as Datasette's tables read theirs (``_sort``, ``_sort_desc``,
``_size``, and ``_page``, counted from 1), checked against the columns a list may be sorted
by; the ORDER BY that order makes; and the addresses of the other orders and pages.

``listed`` reads a page of a list's rows with them. A bad value is a 400 that says what is allowed, never an error of the database: the order
is one of the list's own SQL expressions, chosen by name, and the page and its size are
bound as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from datasette.utils.asgi import BadRequest

# Rows a page lists unless asked for another number, and the most it lists.
DEFAULT_SIZE = 50
MAX_SIZE = 500
# The last page a reader may ask for: past any list's end, and an offset SQLite can bind.
MAX_PAGE = 1_000_000_000
# Query string keys the lists read; any other is kept in their links but ignored.
ORDER_KEYS = ("_sort", "_sort_desc")


@dataclass(frozen=True)
class Order:
    """How a list is sorted and paged: by the column ``sort``, descending or not, rows
    ``size`` to a page, the ``page``-th page (from 1)."""

    sort: str
    descending: bool
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size


def requested_order(request, columns: dict[str, str], default: Order) -> Order:
    """The order and page the query string asks for (``default`` where it asks for none);
    a BadRequest naming the columns or values allowed for anything else."""
    args = request.args
    if "_sort" in args and "_sort_desc" in args:
        raise BadRequest("Sort by _sort or by _sort_desc, not both")
    key = next((k for k in ORDER_KEYS if k in args), None)
    sort, descending = (args[key], key == "_sort_desc") if key else (default.sort, default.descending)
    if sort not in columns:
        raise BadRequest(f"Cannot sort by {sort!r}: sort by one of {', '.join(columns)}")
    if args.get("_size") == "max":
        size = MAX_SIZE
    else:
        size = _number(args.get("_size"), "_size", default.size, MAX_SIZE, " (or max)")
    page = _number(args.get("_page"), "_page", 1, MAX_PAGE)
    return Order(sort, descending, page, size)


def _number(value: str | None, name: str, default: int, maximum: int, or_else: str = "") -> int:
    """A whole number from 1 to ``maximum``, or ``default`` when absent."""
    if value is None or value == "":
        return default
    if not value.isascii() or not value.isdigit() or not 1 <= int(value) <= maximum:
        raise BadRequest(f"{name} must be a whole number from 1 to {maximum:,}{or_else}, not {value[:40]!r}")
    return int(value)


def order_by(columns: dict[str, str], order: Order, tie: str) -> str:
    """The ORDER BY clause of ``order``: the column's expression with rows of no value last
    whichever the direction, then ``tie`` (the list's id) so that pages never overlap."""
    expression = columns[order.sort]
    direction = "DESC" if order.descending else "ASC"
    return f"({expression}) IS NULL, {expression} {direction}, {tie}"


def paging(datasette, request, columns: dict[str, str], order: Order, count: int) -> dict:
    """What a list page says of its order and pages: how many rows in all, the page and the
    last page, the addresses of the previous and next pages (None at either end; the JSON's
    ``next_url`` absolute, as Datasette's), and of the list sorted by each column."""
    path = request.path
    last_page = max(1, -(-count // order.size))
    following = _address(request, path, _page=order.page + 1) if order.page < last_page else None
    return {
        "count": count,
        "sort": order.sort,
        "descending": order.descending,
        "page": order.page,
        "size": order.size,
        "last_page": last_page,
        "previous_url": _address(request, path, _page=order.page - 1) if order.page > 1 else None,
        "next_url": following and datasette.absolute_url(request, following),
        "sort_urls": {column: _sort_address(request, path, order, column) for column in columns},
    }


def _sort_address(request, path: str, order: Order, column: str) -> str:
    """The address of the list sorted by ``column``: ascending, or descending when it already
    is ascending; back on its first page."""
    descending = column == order.sort and not order.descending
    changes = dict.fromkeys(("_page", *ORDER_KEYS))
    changes["_sort_desc" if descending else "_sort"] = column
    return _address(request, path, **changes)


def _address(request, path: str, **changes) -> str:
    """``path`` with the request's query string, less the keys ``changes`` sets to None, plus the rest."""
    args = {key: request.args[key] for key in request.args if key not in changes}
    args.update({key: value for key, value in changes.items() if value is not None})
    return path + ("?" + urlencode(args) if args else "")


@dataclass(frozen=True)
class Listing:
    """A list page's queries: ``sql`` selects its rows (``{order}``, ``:limit`` and ``:offset``
    to fill), ``count_sql`` counts them; ``sorts`` are the columns it may be sorted by,
    ``default`` its order unless asked for another, ``tie`` the column that breaks ties."""

    sql: str
    count_sql: str
    sorts: dict[str, str]
    default: Order
    tie: str


async def listed(datasette, request, db, listing: Listing) -> tuple[list, dict]:
    """The page of the list's rows the request asks for, and its paging (``paging``)."""
    order = requested_order(request, listing.sorts, listing.default)
    count = (await db.execute(listing.count_sql)).first()[0]
    sql = listing.sql.format(order=order_by(listing.sorts, order, tie=listing.tie))
    found = await db.execute(sql, {"limit": order.size, "offset": order.offset})
    return found.rows, paging(datasette, request, listing.sorts, order, count)
