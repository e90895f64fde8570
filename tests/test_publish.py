"""Publishing: the Datasette 1.0 configuration, `datasette publish` to each host,
and the package folder that `docker build` turns into an image."""

from __future__ import annotations

import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from bench.server import ROOT, free_port, running
from casualty_claims import publish

# Stand-ins for the hosts' command-line tools: each logs its arguments and, where the
# real tool would upload the generated folder, keeps a copy of it to inspect.
FAKE_TOOL = """#!/bin/sh
echo "$(basename "$0") $*" >> "$FAKE_LOG"
case "$*" in *"get-value project"*) echo fake-project;; esac
case "$*" in *"builds submit"*) cp -r . "$FAKE_UPLOAD";; esac
exit 0
"""


@pytest.fixture(scope="module")
def site_db(tmp_path_factory, seed_db) -> Path:
    """The seed database under the name the site serves (claims)."""
    path = tmp_path_factory.mktemp("site") / "claims.db"
    path.write_bytes(seed_db.read_bytes())
    return path


@pytest.fixture
def fake_hosts(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("gcloud", "flyctl", "vercel"):
        (bin_dir / tool).write_text(FAKE_TOOL)
        (bin_dir / tool).chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "calls.log"))
    monkeypatch.setenv("FAKE_UPLOAD", str(tmp_path / "uploaded"))
    return tmp_path


# `datasette publish` deploys the Datasette 0.65 that requirements.txt pins.
publishes_065 = pytest.mark.skipif(
    publish.datasette_major() >= 1, reason="the hosts are published with Datasette 0.65, not 1.0"
)


def deploy(host: str, db: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "casualty_claims.publish", "deploy", host, str(db), *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=os.environ,
    )


WHEEL = "casualty_claims-0.1.0-py3-none-any.whl"


def assert_serves_the_whole_site(folder: Path, command: str) -> None:
    """The generated app holds the database, metadata and the plugin's wheel (with its
    templates and assets), and serves them immutable with an inspect file, the pinned
    plugins and the limits, without arbitrary SQL or facet suggestions."""
    names = {p.name for p in folder.iterdir()}
    assert {"claims.db", "metadata.json", "plugins"} <= names
    assert_registers_the_plugin(folder / "plugins" / WHEEL)
    assert "--template-dir" not in command and "--static" not in command
    settings = dict(re.findall(r"--setting (\w+) (\S+)", command))
    assert settings["sql_time_limit_ms"] == "3000"
    # each host's tool writes a boolean its own way (off, False), and Datasette reads either
    assert {settings["default_allow_sql"].lower(), settings["suggest_facets"].lower()} <= {"off", "false"}
    metadata = yaml.safe_load((folder / "metadata.json").read_text())
    assert "newest_claims_atom" in metadata["databases"]["claims"]["queries"]


@publishes_065
def test_publish_cloudrun_ships_the_site_immutable_with_pinned_plugins(fake_hosts, site_db):
    result = deploy("cloudrun", site_db, "--name", "cc-test")
    assert result.returncode == 0, result.stderr
    uploaded = fake_hosts / "uploaded"
    dockerfile = (uploaded / "Dockerfile").read_text()
    command = dockerfile.split("\nCMD ", 1)[1]
    assert_serves_the_whole_site(uploaded, command)
    assert "-i claims.db --cors --inspect-file inspect-data.json" in command
    assert "RUN datasette inspect claims.db --inspect-file inspect-data.json" in dockerfile
    for requirement in ("datasette==0.65.5", "datasette-vega==0.6.2", "datasette-atom==0.9"):
        assert f" {requirement} " in dockerfile
    assert re.search(rf"RUN pip install -U .* \./plugins/{WHEEL}\n", dockerfile)  # after COPY . /app
    calls = (fake_hosts / "calls.log").read_text()
    assert "gcloud run deploy" in calls and "cc-test --memory 1Gi --max-instances 10" in calls


@publishes_065
def test_publish_fly_generates_the_same_app(fake_hosts, site_db):
    result = deploy("fly", site_db, "--generate-dir", str(fake_hosts / "fly"))
    assert result.returncode == 0, result.stderr
    dockerfile = (fake_hosts / "fly" / "Dockerfile").read_text()
    assert_serves_the_whole_site(fake_hosts / "fly", dockerfile.split("\nCMD ", 1)[1])
    assert re.search(rf"RUN pip install -U .* \./plugins/{WHEEL}\n", dockerfile)
    assert "-i claims.db --cors --inspect-file inspect-data.json" in dockerfile
    assert 'app = "casualty-claims"' in (fake_hosts / "fly" / "fly.toml").read_text()


@publishes_065
def test_publish_vercel_generates_an_app_with_the_plugin_and_settings(fake_hosts, site_db):
    result = deploy("vercel", site_db, "--generate-dir", str(fake_hosts / "vercel"))
    assert result.returncode == 0, result.stderr
    index = (fake_hosts / "vercel" / "index.py").read_text()
    settings = '{"sql_time_limit_ms": 3000, "max_returned_rows": 1000, "default_allow_sql": false, '
    assert f'settings={settings}"suggest_facets": false}}' in index and "true, false = True, False" in index
    assert_registers_the_plugin(fake_hosts / "vercel" / "plugins" / WHEEL)
    requirements = (fake_hosts / "vercel" / "requirements.txt").read_text().split("\n")
    assert {"datasette-vega==0.6.2", "datasette==0.65.5", f"./plugins/{WHEEL}"} <= set(requirements)


def test_deploy_without_a_database_says_so(tmp_path):
    result = deploy("cloudrun", tmp_path / "missing.db")
    assert result.returncode == 1
    assert result.stderr.strip() == f"{tmp_path / 'missing.db'}: no such database; run `make build` first"


def test_package_names_everything_and_its_command_serves_the_site(tmp_path, site_db):
    out = publish.write_package(site_db, tmp_path / "package")
    dockerfile = (out / "Dockerfile").read_text()
    assert dockerfile.startswith("# The casualty-claims site")
    command = shlex.split(dockerfile.split("\nCMD ", 1)[1].replace("$PORT", "PORT"))
    # every file the command names is in the folder that `COPY . .` copies
    for option in ("-i", "--inspect-file", "--metadata"):
        assert (out / command[command.index(option) + 1]).exists(), option
    assert f"COPY . .\nRUN pip install --no-cache-dir --no-deps plugins/{WHEEL}\n" in dockerfile
    assert_registers_the_plugin(out / "plugins" / WHEEL)
    requirements = (out / "requirements.txt").read_text().split()
    served = {f"{name}=={importlib.metadata.version(name)}" for name in publish.SERVE_PACKAGES}
    assert served <= set(requirements)
    assert all("==" in line for line in requirements)
    port = free_port()
    local = [sys.executable, "-m", *command[:-1], str(port)]  # the image's command, without Docker
    with running(local, out, port) as base:
        page = urllib.request.urlopen(base + "/-/contested").read().decode()
        assert "Russian military deaths" in page
        versions = urllib.request.urlopen(base + "/-/databases.json").read().decode()
        assert '"is_mutable": false' in versions
        with pytest.raises(urllib.error.HTTPError, match="403"):  # no arbitrary SQL in the image
            urllib.request.urlopen(base + "/claims.json?sql=select+1")


def assert_registers_the_plugin(wheel: Path) -> None:
    """``wheel``, installed on its own, registers the plugin through its entry point, and
    Datasette finds the plugin's templates and static files inside it."""
    import zipfile

    site = wheel.parent / "installed"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # an unpacked wheel is an installed package on sys.path
    show = (
        "from datasette.plugins import get_plugins\n"
        "(found,) = [p for p in get_plugins() if p['name'] == 'casualty-claims']\n"
        "print(found['templates_path'], found['static_path'], sorted(found['hooks']))"
    )
    env = dict(os.environ, PYTHONPATH=str(site))
    shown = subprocess.run([sys.executable, "-c", show], cwd=site, env=env, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    templates, static, hooks = shown.stdout.split(" ", 2)
    assert Path(templates) == site / "casualty_claims_plugin" / "templates"
    assert (Path(templates) / "casualty_claims" / "claim.html").is_file()
    assert (Path(static) / "vendor" / "vega-embed.min.js").is_file()
    assert "register_routes" in hooks and "render_cell" in hooks
    shutil.rmtree(site)


def test_the_plugin_is_registered_through_its_entry_point():
    (entry_point,) = importlib.metadata.entry_points(group="datasette", name="casualty_claims")
    assert entry_point.value == "casualty_claims_plugin"


def test_datasette_yaml_is_generated_from_metadata():
    assert (ROOT / "datasette.yaml").read_text() == publish.render_datasette1_config(), (
        "datasette.yaml is stale: run `make datasette.yaml`"
    )
    metadata = yaml.safe_load((ROOT / "metadata.yml").read_text())
    config = publish.datasette1_config(metadata)
    assert config["databases"]["claims"]["queries"] == metadata["databases"]["claims"]["queries"]
    assert config["settings"] == publish.SETTINGS


@pytest.mark.parametrize("major", [0, 1])
def test_serve_options_suit_each_datasette(major):
    options = publish.serve_options(major=major)
    assert ("--config" in options) == (major >= 1)
    assert ("--setting" in options) == (major == 0)


@pytest.mark.parametrize("major", [0, 1])
@pytest.mark.parametrize(
    "host, allow_sql",
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("example.org", False),
    ],
)
def test_make_serve_takes_arbitrary_sql_only_on_a_loopback_address(
    major, host, allow_sql, monkeypatch, capsys
):
    monkeypatch.setattr(publish, "datasette_major", lambda: major)
    assert publish.main(["options", "--host", host]) == 0
    options = shlex.split(capsys.readouterr().out)
    settings = {options[i + 1]: options[i + 2] for i, option in enumerate(options) if option == "--setting"}
    if major >= 1:  # the public settings come from datasette.yaml; only the exception is given
        config = yaml.safe_load((ROOT / options[options.index("--config") + 1]).read_text())
        assert config["settings"]["default_allow_sql"] is False
        assert settings == ({"default_allow_sql": "on"} if allow_sql else {})
    else:
        assert settings["default_allow_sql"] == ("on" if allow_sql else "off")
        assert settings["suggest_facets"] == "off"
