"""Step 1, continued: turn the bytes of an article file into its text and metadata.

A ``.txt`` file is its own text. A ``.html`` page gives its main text, title,
publication date, address and site name, read by trafilatura, which drops scripts,
styles, navigation and other page furniture. A ``.json`` file in the common
news-crawler shape (news-please: ``title``, ``maintext``, ``date_publish``, ``url``,
``source_domain``) gives the same fields. For the last two the stored raw text is
the extracted text, headline first, and claim offsets point into it.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys

import charset_normalizer

# Legacy encodings we decode when UTF-8 fails and the guess is clear.
LEGACY_ENCODINGS = ["cp1251", "cp1252", "latin_1", "koi8_r", "cp1250"]
# How messy (charset_normalizer's chaos, 0 to 1) a legacy reading may be and still count as clear.
MAX_CHAOS = 0.1
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class FormatError(ValueError):
    """The file's content cannot be read as an article; the message says why."""


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the encoding it was read in: UTF-8 (with or without a byte-order
    mark), else one legacy encoding when charset_normalizer finds a clear reading."""
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as error:
        position = error.start
    best = charset_normalizer.from_bytes(data, cp_isolation=LEGACY_ENCODINGS).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise FormatError(f"not UTF-8 text (byte {position}) and no clear legacy encoding")
    return str(best), best.encoding


def without_surrogates(text: str) -> str:
    """The text with each lone surrogate (a JSON escape such as "\\ud800" gives one) replaced by
    U+FFFD, one character for one so that offsets hold: no UTF-8 encodes a lone surrogate, so
    neither hashing nor SQLite could take the text."""
    return LONE_SURROGATE.sub("\ufffd", text) if has_lone_surrogate(text) else text


def has_lone_surrogate(text: str) -> bool:
    """Whether the text holds a surrogate, which in a Python string always stands alone: the one
    thing UTF-8 cannot encode, so encoding the text says so, faster than a search."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def universal_newlines(text: str) -> str:
    """Line ends as ``Path.read_text`` gives them, so offsets match a reader's view."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def from_html(text: str) -> tuple[str, dict]:
    # trafilatura's import is slow and it logs its doubts; load it only for HTML input
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    document = trafilatura.bare_extraction(
        text,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    body = document.text if document else ""
    if not body or not body.strip():
        raise FormatError("no article text found in the HTML page")
    meta = {
        "title": document.title,
        "url": document.url,
        "outlet": document.sitename,
        "published": _iso_date(document.date),
        "published_from": "the page's metadata",
    }
    return _with_headline(document.title, body.split("\n")), _present(meta)


def from_json(text: str) -> tuple[str, dict]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(f"not valid JSON (line {error.lineno}: {error.msg})") from None
    except ValueError:  # past the digits Python converts to an int at once (sys.int_info)
        limit = sys.get_int_max_str_digits()
        raise FormatError(f"not valid JSON (a number of over {limit:,} digits)") from None
    except RecursionError:
        raise FormatError("not valid JSON (nested too deeply)") from None
    if not isinstance(document, dict):
        raise FormatError("JSON must be an object with title and maintext")
    body = document.get("maintext")
    if not isinstance(body, str) or not body.strip():
        raise FormatError("JSON has no maintext")
    title = document.get("title") if isinstance(document.get("title"), str) else None
    meta = {
        "title": title,
        "url": document.get("url"),
        "outlet": document.get("source_domain"),
        "published": _iso_date(document.get("date_publish")),
        "published_from": "the crawler's date_publish",
    }
    return _with_headline(title, universal_newlines(body).split("\n")), _present(meta)


def _with_headline(title: str | None, paragraphs: list[str]) -> str:
    """Headline, then one paragraph per line separated by blank lines, as a .txt article."""
    lines = [p.strip() for p in paragraphs if p.strip()]
    if title and (not lines or lines[0] != title.strip()):
        lines.insert(0, title.strip())
    return "\n\n".join(lines) + "\n"


def _iso_date(value) -> str | None:
    """A crawler's date ("2023-06-12 08:00:00", "2023-06-12T08:00:00Z") as an ISO date, or None."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        return None


def _present(meta: dict) -> dict:
    meta = {key: value for key, value in meta.items() if isinstance(value, str) and value.strip()}
    if "published" not in meta:
        meta.pop("published_from")
    return meta
