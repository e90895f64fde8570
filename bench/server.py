"""A real `datasette serve` process on loopback, for the load test, the benchmark and the browser tests."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from casualty_claims import publish

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(db: Path, timeout: float = 30, allow_sql: bool = False) -> Iterator[str]:
    """Serve ``db`` immutable with an inspect file on a free loopback port, with the
    published site's options (or, as `make serve` does, arbitrary SQL allowed); yields
    the base URL."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        inspect_file = Path(folder) / "inspect.json"
        subprocess.run(
            [sys.executable, "-m", "datasette", "inspect", str(db), "--inspect-file", str(inspect_file)],
            check=True,
            capture_output=True,
        )
        command = [
            sys.executable,
            "-m",
            "datasette",
            "serve",
            "-i",
            str(db),
            "--inspect-file",
            str(inspect_file),
            "--port",
            str(port),
            *publish.serve_options(allow_sql=allow_sql),
        ]
        with running(command, ROOT, port, timeout) as base:
            yield base


@contextlib.contextmanager
def running(command: list[str], cwd: Path, port: int, timeout: float = 30) -> Iterator[str]:
    """Run a `datasette serve` ``command`` listening on ``port``; yields the base URL once it answers."""
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
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
