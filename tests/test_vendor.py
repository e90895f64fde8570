"""The vendored chart libraries are complete, licensed and need no CDN."""

from __future__ import annotations

from tests.conftest import ROOT

VENDOR = ROOT / "plugin" / "casualty_claims_plugin" / "static" / "vendor"


def _versions() -> dict[str, str]:
    lines = (VENDOR / "VERSIONS.txt").read_text().splitlines()
    return dict(line.split()[:2] for line in lines if line and not line.startswith("#"))


def test_every_library_is_vendored_with_its_licence():
    versions = _versions()
    assert set(versions) == {"vega", "vega-lite", "vega-embed"}
    for name, version in versions.items():
        script = (VENDOR / f"{name}.min.js").read_text(encoding="utf-8")
        assert len(script) > 10_000
        assert "Copyright" in (VENDOR / f"LICENSE-{name}.txt").read_text()
        assert (
            f"https://registry.npmjs.org/{name}/-/{name}-{version}.tgz"
            in (VENDOR / "VERSIONS.txt").read_text()
        )


def test_vendor_script_pins_what_versions_txt_records():
    import importlib.util

    spec = importlib.util.spec_from_file_location("vendor_vega", ROOT / "scripts" / "vendor_vega.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert _versions() == module.VERSIONS


def test_libraries_load_nothing_from_a_cdn():
    for name in ("vega", "vega-lite", "vega-embed"):
        script = (VENDOR / f"{name}.min.js").read_text(encoding="utf-8")
        for host in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com"):
            assert host not in script, f"{name} refers to {host}"
