from __future__ import annotations

import contextlib
import multiprocessing
import os
import pwd
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import yaml

from casualty_claims import cli, publish
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
    return site(seed_db, metadata)


def site(db: Path, metadata: dict):
    """The site serving ``db`` in-process, with the published site's settings."""
    from datasette.app import Datasette

    # Datasette 1.0 reads canned queries and settings from datasette.yaml
    if publish.datasette_major() >= 1:
        config = {"config": publish.datasette1_config(metadata)}
    else:
        config = {"settings": publish.SETTINGS}
    # the plugin, its templates and static files come from the installed package (its entry point)
    return Datasette([str(db)], metadata=metadata, **config)


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


@pytest.fixture
def shared_folder():
    """A folder every user may enter (pytest's own are its user's alone), removed after."""
    folder = Path(tempfile.mkdtemp())
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def _main_as(user: pwd.struct_passwd | None, argv: list[str], stderr) -> None:
    if user:
        os.setgid(user.pw_gid)
        os.setuid(user.pw_uid)
    with contextlib.redirect_stderr(stderr):
        code = cli.main(argv)
    stderr.flush()
    os._exit(code)


def _open_to_everyone(folder: Path) -> bool:
    """Whether any user may enter ``folder`` and every folder above it."""
    return all(path.stat().st_mode & stat.S_IXOTH for path in (folder, *folder.parents))


def run_unprivileged(argv: list[str], stderr_path: Path) -> tuple[int, str]:
    """The build command run in a process that file permissions bind: as root, a fork that
    becomes nobody (the interpreter itself may be out of nobody's reach)."""
    user = None
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("nobody")
        except KeyError:
            pytest.skip("no unprivileged user to run the build as")
        # the build reads the checkout's own files (its fingerprint, the lexicon)
        if not _open_to_everyone(ROOT / "casualty_claims"):
            pytest.skip(f"{ROOT} lies in a folder only its owner may enter: nobody cannot run the build")
    with open(stderr_path, "w", encoding="utf-8") as stderr:
        process = multiprocessing.get_context("fork").Process(target=_main_as, args=(user, argv, stderr))
        process.start()
        process.join(timeout=120)
    return process.exitcode, stderr_path.read_text(encoding="utf-8")


@pytest.fixture
def news_site():
    """The fixture news site (tests/fixture_site.py) served on the loopback address."""
    from tests.fixture_site import Site

    site = Site().start()
    yield site
    site.stop()
