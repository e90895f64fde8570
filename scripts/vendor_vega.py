"""Vendor pinned browser builds of vega, vega-lite and vega-embed into plugin/casualty_claims_plugin/static/vendor/.

The site draws its charts with these and must load nothing from a third-party CDN.
Each tarball comes from the npm registry and is checked against the registry's
sha512 integrity before its minified UMD build and its licence are copied.
Run it (`make vendor`) after changing a version below; commit what it writes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSIONS = {"vega": "6.4.0", "vega-lite": "6.5.0", "vega-embed": "7.3.0"}
REGISTRY = "https://registry.npmjs.org"
VENDOR = Path(__file__).resolve().parent.parent / "plugin" / "casualty_claims_plugin" / "static" / "vendor"


class VendorError(Exception):
    pass


def fetch(name: str, version: str) -> tuple[str, str, bytes]:
    with urllib.request.urlopen(f"{REGISTRY}/{name}/{version}", timeout=60) as response:
        dist = json.load(response)["dist"]
    with urllib.request.urlopen(dist["tarball"], timeout=120) as response:
        tarball = response.read()
    algorithm, _, expected = dist["integrity"].partition("-")
    if algorithm != "sha512":
        raise VendorError(f"unexpected integrity algorithm {algorithm}")
    if base64.b64encode(hashlib.sha512(tarball).digest()).decode() != expected:
        raise VendorError("tarball does not match the registry's sha512 integrity")
    return dist["tarball"], dist["integrity"], tarball


def member(archive: tarfile.TarFile, path: str) -> bytes:
    try:
        return archive.extractfile(f"package/{path}").read()
    except KeyError:
        raise VendorError(f"tarball has no {path}") from None


def main() -> int:
    VENDOR.mkdir(parents=True, exist_ok=True)
    lines = []
    for name, version in VERSIONS.items():
        try:
            url, integrity, tarball = fetch(name, version)
            with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
                (VENDOR / f"{name}.min.js").write_bytes(member(archive, f"build/{name}.min.js"))
                (VENDOR / f"LICENSE-{name}.txt").write_bytes(member(archive, "LICENSE"))
        except (OSError, VendorError, KeyError, ValueError) as error:
            print(f"vendor_vega: {name}@{version}: {error}", file=sys.stderr)
            return 1
        lines.append(f"{name} {version} {url} {integrity}")
    (VENDOR / "VERSIONS.txt").write_text(
        "# name version tarball integrity (written by scripts/vendor_vega.py)\n" + "\n".join(lines) + "\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
