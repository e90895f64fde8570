from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from casualty_claims import publish
from casualty_claims.cli import build

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory) -> Path:
    """The seed articles built into a fresh database."""
    path = tmp_path_factory.mktemp("seed") / "claims.db"
    build([SEEDS], path)
    return path


@pytest.fixture
def seed_conn(seed_db):
    conn = sqlite3.connect(seed_db)
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def metadata() -> dict:
    return yaml.safe_load((ROOT / "metadata.yml").read_text())


@pytest.fixture
def datasette(seed_db, metadata):
    from datasette.app import Datasette

    # Datasette 1.0 reads canned queries and settings from datasette.yaml
    config = {"config": publish.datasette1_config(metadata)} if publish.datasette_major() >= 1 else {}
    return Datasette(
        [str(seed_db)],
        metadata=metadata,
        **config,
        plugins_dir=str(ROOT / "plugin"),
        template_dir=str(ROOT / "plugin" / "templates"),
        static_mounts=[("assets", str(ROOT / "plugin" / "static"))],
    )


def write_article(folder: Path, name: str, text: str, meta: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if meta is not None:
        (folder / f"{path.stem}.meta.yml").write_text(meta, encoding="utf-8")
    return path


def run_build_command(*args: str | Path) -> subprocess.CompletedProcess:
    """``build.py`` run as a user runs it, in its own process."""
    return subprocess.run(
        [sys.executable, "build.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True
    )
