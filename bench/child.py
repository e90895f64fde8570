"""A measurement run in a process of its own: what it prints, read as JSON."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

# How much of a failed child's error output the message quotes.
MAX_ERROR_CHARS = 500


def printed_json(command: list[str], cwd: Path, failure: str) -> dict:
    """Run ``command`` in ``cwd`` and read what it prints as JSON; if it fails, stop the
    benchmark with ``failure`` and the end of the child's error output."""
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{failure}: {done.stderr.strip()[-MAX_ERROR_CHARS:]}")
    return json.loads(done.stdout)
