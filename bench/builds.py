"""A build of a benchmark corpus timed from outside: its seconds, its peak memory summed over
its processes, and the build's own timings of its steps."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    seconds: float
    peak_mb: float
    timings: dict = field(default_factory=dict)


def _tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS"))
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except (OSError, StopIteration):
            continue
    return total / 1024


def timed_build(corpus: Path, db: Path, *options: str) -> Run:
    timings_file = db.with_suffix(".timings.json")
    command = [
        sys.executable,
        "build.py",
        str(corpus),
        "--db",
        str(db),
        "--no-curation",
        "--timings",
        str(timings_file),
        *options,
    ]
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    peak = 0.0

    def sample():
        nonlocal peak
        while process.poll() is None:
            peak = max(peak, _tree_rss_mb(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    _, errors = process.communicate()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"build of {corpus} failed: {errors[-500:]}")
    return Run(time.perf_counter() - started, peak, json.loads(timings_file.read_text()))
