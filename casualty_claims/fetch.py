"""Fetching web pages and feeds politely, each failure named in one line.

``Fetcher.get`` asks one address: it says who is asking (``USER_AGENT``), keeps to what the
site's robots.txt allows, waits ``delay`` seconds between two requests to the same host (one at
a time: the fetcher is used by one thread), gives up after ``timeout`` seconds without an
answer, reads no more than ``max_bytes``, and follows redirects itself, so that a loop is
reported as one. Every failure raises ``FetchError`` naming the address and what went wrong;
``transient`` tells a failure worth trying again later (no answer, a server error) from one that
will not change (a missing page, a page that is not HTML).

Why urllib3 and not trafilatura's ``fetch_url``/``fetch_response`` (which use urllib3
themselves): those return None for every failure alike (a DNS failure, a refused connection,
a time-out, a redirect loop, a page over the size limit), only logging the cause; they retry
server errors with back-offs of half the time-out; and after a certificate error they try
again without checking the certificate. Here each failure must say what it was.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3

from .read import DEFAULT_MAX_BYTES

USER_AGENT = "casualty-claims/0.1 (collects news reports of the Russia-Ukraine war's casualty figures)"
# the name robots.txt rules are matched against
ROBOTS_AGENT = "casualty-claims"
DEFAULT_DELAY = 2.0
DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
# a whole answer, however slowly it trickles in, takes at most this many time-outs
ANSWER_TIMEOUTS = 3
HTML_TYPES = ("text/html", "application/xhtml+xml")
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
CHUNK_BYTES = 64 * 1024


class FetchError(Exception):
    """An address could not be fetched; the message names it and says why."""

    def __init__(self, url: str, problem: str, transient: bool = False):
        super().__init__(f"{url}: {problem}")
        self.url, self.problem, self.transient = url, problem, transient


@dataclass(frozen=True)
class Answer:
    """What an address gave: the address finally answered after redirects, its media type
    ("text/html") and its body."""

    url: str
    final_url: str
    media_type: str
    body: bytes

    @property
    def is_html(self) -> bool:
        return self.media_type in HTML_TYPES


@dataclass
class Fetcher:
    """Fetches addresses one at a time, with the settings above; ``requests`` counts the
    requests sent, robots.txt included."""

    delay: float = DEFAULT_DELAY
    timeout: float = DEFAULT_TIMEOUT
    max_bytes: int = DEFAULT_MAX_BYTES
    requests: int = 0
    _pool: urllib3.PoolManager = field(default_factory=urllib3.PoolManager, repr=False)
    _last_request: dict[str, float] = field(default_factory=dict, repr=False)
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict, repr=False)

    def get(self, url: str, html_only: bool = False) -> Answer:
        """The answer at ``url`` after any redirects, or FetchError; when ``html_only``, an
        answer of another media type fails before its body is read."""
        seen = [url]
        current = url
        while True:
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(url, f"not an http or https address: {current}")
            self._check_robots(url, current)
            response = self._request(url, current)
            if response.status not in REDIRECT_STATUSES:
                break
            location = response.headers.get("Location")
            _close(response)
            if not location:
                raise FetchError(url, f"redirect ({response.status}) without a Location")
            current = urljoin(current, location)
            if current in seen:
                raise FetchError(url, f"redirect loop ({' -> '.join([*seen, current])})")
            seen.append(current)
            if len(seen) > MAX_REDIRECTS + 1:
                raise FetchError(url, f"more than {MAX_REDIRECTS} redirects (last to {current})")
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        try:
            _check_status(url, response.status, response.reason)
            if html_only and media_type and media_type not in HTML_TYPES:
                raise FetchError(url, f"not an HTML page ({media_type})")
            body = self._body(url, response)
        except FetchError:
            _close(response)
            raise
        response.release_conn()
        return Answer(url, current, media_type, body)

    def _request(self, url: str, current: str) -> urllib3.BaseHTTPResponse:
        """One GET of ``current`` (asked for ``url``), after the pause the host is owed."""
        parts = urlsplit(current)
        self._wait_for(parts.hostname)
        self.requests += 1
        try:
            return self._pool.request(
                "GET",
                current,
                headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
                retries=False,
                redirect=False,
                timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
                preload_content=False,
            )
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(url, _connection_problem(error, parts.hostname, self.timeout), True) from None
        finally:
            self._last_request[parts.hostname] = time.monotonic()

    def _wait_for(self, host: str) -> None:
        last = self._last_request.get(host)
        if last is not None:
            time.sleep(max(0.0, last + self.delay - time.monotonic()))

    def _body(self, url: str, response: urllib3.BaseHTTPResponse) -> bytes:
        """The body, read up to the size limit and within the answer's deadline."""
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(url, f"page of {int(declared):,} bytes, over the limit of {self.max_bytes:,}")
        deadline = time.monotonic() + ANSWER_TIMEOUTS * self.timeout
        body = bytearray()
        try:
            for chunk in response.stream(CHUNK_BYTES, decode_content=True):
                body += chunk
                if len(body) > self.max_bytes:
                    raise FetchError(url, f"page over the limit of {self.max_bytes:,} bytes")
                if time.monotonic() > deadline:
                    raise FetchError(url, f"answer took over {ANSWER_TIMEOUTS * self.timeout:g} s", True)
        except urllib3.exceptions.HTTPError as error:
            host = urlsplit(response.geturl() or url).hostname or url
            raise FetchError(url, _connection_problem(error, host, self.timeout), True) from None
        return bytes(body)

    def _check_robots(self, url: str, current: str) -> None:
        parts = urlsplit(current)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._read_robots(url, origin)
        if not self._robots[origin].can_fetch(ROBOTS_AGENT, current):
            raise FetchError(url, f"robots.txt of {origin} disallows {current}")

    def _read_robots(self, url: str, origin: str) -> urllib.robotparser.RobotFileParser:
        """The site's rules, read as urllib.robotparser reads them: none when robots.txt is
        missing (or any answer 400 and up but 401 and 403), all refused when access to it is
        refused. A site that does not answer at all fails the page (FetchError)."""
        robots = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        response = self._request(url, robots.url)
        try:
            if response.status in (401, 403):
                robots.disallow_all = True
            elif response.status >= 400 or response.status in REDIRECT_STATUSES:
                robots.allow_all = True
            else:
                robots.parse(self._body(url, response).decode("utf-8", "replace").splitlines())
        finally:
            _close(response)
        return robots


def _close(response: urllib3.BaseHTTPResponse) -> None:
    """Done with an answer whose body may be left unread: its connection is closed, not
    handed to the next request, which would read the rest as its own answer."""
    response.close()
    response.release_conn()


def _check_status(url: str, status: int, reason: str | None) -> None:
    if status >= 400 or status < 200:
        # a server error or too many requests may pass; a missing or forbidden page stays so
        raise FetchError(
            url, f"HTTP {status} {reason or ''}".rstrip(), transient=status >= 500 or status == 429
        )


def _connection_problem(error: urllib3.exceptions.HTTPError, host: str, timeout: float) -> str:
    """What went wrong before an answer came, in words (NewConnectionError is a kind of
    ConnectTimeoutError in urllib3, hence the order)."""
    if isinstance(error, urllib3.exceptions.NameResolutionError):
        return f"DNS lookup failed for {host}"
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        cause = error.__context__ or error.__cause__
        if isinstance(cause, ConnectionRefusedError) or "refused" in str(error).lower():
            return f"connection refused by {host}"
        return f"cannot connect to {host} ({_reason(error)})"
    if isinstance(error, urllib3.exceptions.TimeoutError):
        return f"no answer from {host} within {timeout:g} s (time-out)"
    if isinstance(error, urllib3.exceptions.SSLError):
        return f"TLS failed with {host} ({_reason(error)})"
    return f"connection to {host} failed ({_reason(error)})"


def _reason(error: Exception) -> str:
    return str(error).split(": ", 1)[-1][:160]
