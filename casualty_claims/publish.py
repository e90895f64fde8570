"""Serving and publishing the site: the options every way of serving shares, the
Datasette 1.0 configuration, and a self-contained package that `docker build`
turns into an image.

The plugin is an installed package (the project's ``datasette`` entry point, with its
templates and static files inside): `make venv` installs it here, and every deployment
carries it as a wheel, built by ``build_plugin_wheel``, that the deployment installs.

metadata.yml stays the one place for titles, descriptions and canned queries.
Datasette 0.65 reads canned queries from it; Datasette 1.0 reads them from
datasette.yaml, which ``datasette1_config`` derives from metadata.yml (the
committed datasette.yaml is checked against it by the tests).

    python -m casualty_claims.publish datasette-yaml        # rewrite datasette.yaml
    python -m casualty_claims.publish package DB OUT        # write the package folder
    python -m casualty_claims.publish deploy HOST DB        # datasette publish HOST
    python -m casualty_claims.publish options --host HOST   # serve options, for make

`package` and `deploy` publish the claims with their quotes, not the articles
(quotes_only.py), unless given ``--full-text``: newsrooms let their articles be quoted,
not republished.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import importlib.metadata
import ipaddress
import shlex
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from packaging.requirements import Requirement

from .quotes_only import write_quotes_only

ROOT = Path(__file__).resolve().parent.parent
METADATA = ROOT / "metadata.yml"
DATASETTE1_CONFIG = ROOT / "datasette.yaml"
# Where a deployment carries the plugin's wheel: the folder `datasette publish --plugins-dir`
# copies into the app (Datasette loads no module from it: it holds no .py file).
WHEEL_DIR = "plugins"
# Limits for a public, read-only site (documented in the README's "Serving limits"):
# no arbitrary SQL (canned queries, table filters and the JSON API stay), and no facet
# suggestions, which cost a table page nearly all of its time.
SETTINGS = {
    "sql_time_limit_ms": 3000,
    "max_returned_rows": 1000,
    "default_allow_sql": False,
    "suggest_facets": False,
}
# The Python packages the served site needs; their whole dependency tree is pinned
# to the versions installed here, the ones the tests ran against.
SERVE_PACKAGES = ("datasette", "datasette-vega", "datasette-atom")
# Keys Datasette 1.0 reads from datasette.yaml instead of metadata.
CONFIG_KEYS = ("queries", "plugins", "allow", "settings")
PYTHON_IMAGE = "python:3.11-slim-bookworm"


def private_tables(metadata: dict) -> set[str]:
    """The tables of the claims database the site serves to nobody (``allow: false``)."""
    tables = metadata["databases"]["claims"].get("tables") or {}
    return {name for name, settings in tables.items() if settings.get("allow") is False}


def datasette_major() -> int:
    return int(importlib.metadata.version("datasette").split(".")[0])


def datasette1_config(metadata: dict) -> dict:
    """The datasette.yaml that gives Datasette 1.0 what 0.65 reads from ``metadata``."""
    config: dict = {"settings": dict(SETTINGS)}
    for name, database in (metadata.get("databases") or {}).items():
        moved = {key: copy.deepcopy(database[key]) for key in CONFIG_KEYS if key in database}
        tables = {
            table: {"allow": copy.deepcopy(settings["allow"])}
            for table, settings in (database.get("tables") or {}).items()
            if "allow" in settings
        }
        if tables:  # who may see a table (article_texts: nobody) is configuration in 1.0
            moved["tables"] = tables
        if moved:
            config.setdefault("databases", {})[name] = moved
    for key in CONFIG_KEYS:
        if key in metadata and key != "settings":
            config[key] = copy.deepcopy(metadata[key])
    return config


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line strings (SQL, HTML) as readable literal blocks."""


_BlockDumper.add_representer(
    str,
    lambda dumper, text: dumper.represent_scalar(
        "tag:yaml.org,2002:str", text, style="|" if "\n" in text else None
    ),
)


def render_datasette1_config(metadata_file: Path = METADATA) -> str:
    config = datasette1_config(yaml.safe_load(metadata_file.read_text(encoding="utf-8")))
    header = (
        "# Datasette 1.0 configuration, generated from metadata.yml by\n"
        "# `make datasette.yaml`; edit metadata.yml, not this file.\n"
    )
    return header + yaml.dump(config, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)


# The site's files, as `datasette serve` and `datasette publish` take them, relative to
# the project or to a package folder; the plugin brings its own templates and static files.
SITE_OPTIONS = ["--metadata", "metadata.yml"]


def serve_options(major: int | None = None, allow_sql: bool = False) -> list[str]:
    """The options for `datasette serve`, minus databases, host and port: the public
    site's, or with arbitrary SQL allowed within the same limits."""
    major = datasette_major() if major is None else major
    options = list(SITE_OPTIONS)
    if major >= 1:  # 1.0 reads the settings from datasette.yaml
        options += ["--config", "datasette.yaml"]
        settings = {}
    else:
        settings = dict(SETTINGS)
    if allow_sql:
        settings["default_allow_sql"] = True
    return options + setting_options(settings)


def setting_options(settings: dict) -> list[str]:
    """``settings`` as `datasette serve` and `datasette publish` take them."""
    options = []
    for name, value in settings.items():
        options += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
    return options


def is_loopback(host: str) -> bool:
    """Whether a server listening on ``host`` answers only this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def pinned_requirements(packages: tuple[str, ...] = SERVE_PACKAGES) -> list[str]:
    """``name==version`` for ``packages`` and everything they depend on, as installed."""
    pins: dict[str, str] = {}
    todo = list(packages)
    while todo:
        name = todo.pop()
        dist = importlib.metadata.distribution(name)
        key = dist.metadata["Name"].lower().replace("_", "-")
        if key in pins:
            continue
        pins[key] = f"{dist.metadata['Name']}=={dist.version}"
        for spec in dist.requires or []:
            requirement = Requirement(spec)
            if requirement.name != "pip" and (
                requirement.marker is None or requirement.marker.evaluate({"extra": ""})
            ):
                todo.append(requirement.name)
    return [pins[key] for key in sorted(pins)]


def build_plugin_wheel(out: Path) -> Path:
    """The project built into a wheel in ``out``: the plugin with its templates and static
    files, the vocabulary it reads, and the entry point through which Datasette finds it."""
    out.mkdir(parents=True, exist_ok=True)
    # setuptools builds in the project's build/ folder and would ship a file left there by an
    # earlier build that the project no longer has: every build starts without it
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    pip_wheel = ["-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps"]
    subprocess.run([sys.executable, *pip_wheel, "--wheel-dir", str(out), str(ROOT)], check=True)
    shutil.rmtree(ROOT / "build", ignore_errors=True)
    (wheel,) = out.glob("casualty_claims-*.whl")
    return wheel


def dockerfile(db_name: str, wheel_name: str) -> str:
    command = ["datasette", "serve", "--host", "0.0.0.0", "-i", db_name]
    command += ["--inspect-file", "inspect-data.json", *serve_options()]
    return (
        "# The casualty-claims site: `docker build -t casualty-claims .` then\n"
        "# `docker run -p 8001:8001 casualty-claims`. Written by `make package`.\n"
        f"FROM {PYTHON_IMAGE}\n"
        "WORKDIR /app\n"
        "COPY requirements.txt .\n"
        "RUN pip install --no-cache-dir -r requirements.txt\n"
        "COPY . .\n"
        f"RUN pip install --no-cache-dir --no-deps {WHEEL_DIR}/{wheel_name}\n"
        "ENV PORT=8001\n"
        "EXPOSE 8001\n"
        # a shell form, so that $PORT (set by Cloud Run and others) is expanded
        f"CMD {shlex.join(command)} --port $PORT\n"
    )


# How each host names the deployment, and the limits that host takes.
HOSTS = {
    "cloudrun": ["--service", "{name}", "--memory", "1Gi", "--max-instances", "10"],
    "fly": ["--app", "{name}"],
    "vercel": ["--project", "{name}"],
}


def publish_command(
    host: str, db: Path, name: str, wheel: Path, version_note: str | None = None
) -> list[str]:
    """The `datasette publish` command that deploys ``db`` with the whole site to ``host``,
    the plugin installed from ``wheel`` (which it carries in its plugins folder)."""
    command = ["datasette", "publish", host, str(db)]
    command += [part.format(name=name) for part in HOSTS[host]] + SITE_OPTIONS
    command += ["--plugins-dir", str(wheel.parent)]
    for requirement in [*pinned_requirements(), f"./{WHEEL_DIR}/{wheel.name}"]:
        command += ["--install", requirement]
    if host == "cloudrun":  # Cloud Run takes settings as options for `datasette serve`
        command += ["--extra-options", shlex.join(setting_options(SETTINGS))]
    else:
        command += setting_options(SETTINGS)
    if version_note:
        command += ["--version-note", version_note]
    return command


def published_database(db: Path, folder: Path, full_text: bool = False) -> Path:
    """The database to publish, written into ``folder`` under the name of ``db`` (the site's
    database is named after its file): the claims with their quotes only, or with ``full_text``
    a copy of ``db`` as it was built."""
    if full_text:
        return Path(shutil.copy2(db, folder / db.name))
    return write_quotes_only(db, folder / db.name)


def write_package(db: Path, out: Path, full_text: bool = False) -> Path:
    """Write a folder holding everything the site needs; `docker build` needs nothing else.
    Its database holds the articles' quotes only, unless ``full_text``."""
    from datasette.cli import cli as datasette_cli

    if not db.is_file():
        raise SystemExit(f"{db}: no such database; run `make build` first")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    published_database(db, out, full_text)
    shutil.copy2(METADATA, out / "metadata.yml")
    shutil.copy2(DATASETTE1_CONFIG, out / "datasette.yaml")
    wheel = build_plugin_wheel(out / WHEEL_DIR)
    (out / "requirements.txt").write_text("\n".join(pinned_requirements()) + "\n")
    (out / "Dockerfile").write_text(dockerfile(db.name, wheel.name))
    (out / ".dockerignore").write_text("Dockerfile\n.dockerignore\n")
    # Counting every table once at build time lets the image open the database immutable.
    datasette_cli.main(
        ["inspect", str(out / db.name), "--inspect-file", str(out / "inspect-data.json")],
        standalone_mode=False,
    )
    return out


def deploy_site(host: str, db: Path, name: str, full_text: bool, extra: list[str]) -> int:
    """`datasette publish` the site to ``host``, with ``extra`` options for it."""
    if not db.is_file():
        raise SystemExit(f"{db}: no such database; run `make build` first")
    note = f"built {dt.datetime.fromtimestamp(db.stat().st_mtime, dt.UTC):%Y-%m-%d %H:%M} UTC"
    binary = Path(sys.executable).with_name("datasette")
    with tempfile.TemporaryDirectory() as folder:
        wheel = build_plugin_wheel(Path(folder) / WHEEL_DIR)
        published = published_database(db, Path(folder), full_text)
        command = publish_command(host, published, name, wheel, note)
        return subprocess.run([str(binary), *command[1:], *extra], cwd=ROOT).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m casualty_claims.publish")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("datasette-yaml", help="rewrite datasette.yaml from metadata.yml")
    options = commands.add_parser("options", help="print the `datasette serve` options")
    options.add_argument(
        "--host",
        default="0.0.0.0",
        help="where the server listens: on a loopback address it takes arbitrary SQL",
    )
    deploy = commands.add_parser(
        "deploy", help="publish the site with `datasette publish`; other options go to the host"
    )
    deploy.add_argument("host", choices=sorted(HOSTS))
    deploy.add_argument("db", type=Path)
    deploy.add_argument("--name", default="casualty-claims", help="service, app or project name")
    package = commands.add_parser("package", help="write a folder that docker build serves")
    package.add_argument("db", type=Path)
    package.add_argument("out", type=Path)
    for command in (deploy, package):
        command.add_argument(
            "--full-text",
            action="store_true",
            help="publish every article's whole text, not only the sentences that carry a claim",
        )
    # options this parser does not know go on to `datasette publish HOST`
    args, extra = parser.parse_known_args(argv)
    if extra and args.command != "deploy":
        parser.error(f"unrecognised arguments: {' '.join(extra)}")
    if args.command == "datasette-yaml":
        DATASETTE1_CONFIG.write_text(render_datasette1_config(), encoding="utf-8")
    elif args.command == "options":
        print(shlex.join(serve_options(allow_sql=is_loopback(args.host))))
    elif args.command == "deploy":
        return deploy_site(args.host, args.db, args.name, args.full_text, extra)
    else:
        out = write_package(args.db, args.out, args.full_text)
        print(f"{out}: docker build -t casualty-claims {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
