"""A real `datasette serve` process for the browser tests and the load test."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The options `make serve` passes, minus host and port.
SERVE_OPTIONS = [
    "--metadata", "metadata.yml", "--plugins-dir", "plugin", "--template-dir", "plugin/templates",
    "--static", "assets:plugin/static", "--setting", "sql_time_limit_ms", "3000",
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path, timeout: float = 30) -> Iterator[str]:
    """Serve ``db`` immutable on a free loopback port; yields the base URL."""
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", "-i", str(db), "--port", str(port), *SERVE_OPTIONS],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=1)
                break
            except OSError:
                if process.poll() is not None:
                    raise RuntimeError(f"datasette exited: {process.stderr.read().decode()[-500:]}") from None
                if time.monotonic() > deadline:
                    raise RuntimeError(f"datasette did not start within {timeout:.0f} seconds") from None
                time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)
