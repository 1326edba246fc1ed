"""The source registry: complete against the data mirror, and strict about malformed entries."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from jobrisk.errors import NotFoundError
from jobrisk.sources.checksums import sha256_file
from jobrisk.sources.registry import CHECKSUM_STATUSES, RegistryError, default_registry, load_registry

REPO = Path(__file__).resolve().parents[2]
MIRROR = Path(os.environ.get("JOBRISK_MIRROR") or REPO.parent / "shared" / "data")
needs_mirror = pytest.mark.skipif(not MIRROR.is_dir(), reason=f"no data mirror at {MIRROR}")


@needs_mirror
def test_every_registry_file_is_in_the_mirror_with_its_sha256():
    wrong = []
    for f in default_registry().files():
        path = MIRROR / f.mirror_folder / f.name
        if not path.is_file():
            wrong.append(f"{f.key}: missing")
        elif sha256_file(path) != f.sha256_mirror:
            wrong.append(f"{f.key}: sha256 differs")
    assert wrong == []


@needs_mirror
def test_every_mirror_data_file_is_listed_in_the_registry():
    listed = {f.key for f in default_registry().files()}
    on_disk = {f"{p.parent.name}/{p.name}" for p in MIRROR.glob("*/*") if p.is_file() and p.name != "PROVENANCE.md"}
    assert on_disk - listed == set()


def test_every_source_and_file_carries_licence_and_attribution():
    for source in default_registry():
        assert source.license.strip() and source.attribution.strip(), source.id
        assert source.landing_url.startswith("https://"), source.id
        for f in source.files:
            assert f.attribution.strip(), f.key


def test_registry_covers_the_sources_jobrisk_needs():
    ids = set(default_registry().ids)
    assert {
        "onet",
        "gpts_are_gpts",
        "aioe",
        "frey_osborne",
        "bls_oews",
        "bls_ep",
        "soc_2010_2018",
        "soc_2018_definitions",
        "census_2018_occupations",
        "nem_onet_soc_crosswalk",
    } <= ids


def test_onet_files_from_other_releases_record_their_release():
    onet = default_registry().source("onet")
    releases = {f.name: f.release for f in onet.files if f.release_differs}
    assert releases == {
        "Abilities.txt.gz": "30.0",
        "Work Activities.txt.gz": "28.2",
        "Work Context (CX CT means).txt.gz": "28.2",
    }
    assert "30.0" in onet.file("Abilities.txt.gz").attribution
    assert onet.file("Task Statements.txt").release == onet.version


def test_official_checksums_are_known_only_for_byte_copies():
    for f in default_registry().files():
        assert f.checksum_status in CHECKSUM_STATUSES
        if f.checksum_status == "official":
            assert f.sha256_official == f.sha256_mirror, f.key
        else:
            assert f.sha256_official is None and f.sha256_official_reason, f.key


def test_gpts_files_are_marked_as_mirror_subsets():
    statuses = {f.checksum_status for f in default_registry().source("gpts_are_gpts").files}
    assert statuses == {"mirror-subset"}


def test_every_file_either_downloads_or_says_it_needs_a_mirror():
    for f in default_registry().files():
        assert f.downloadable or (f.conversion == "mirror-only" and f.sha256_official_reason)


def test_source_code_repeats_no_version_string_or_url_of_the_registry():
    registry = default_registry()
    facts = {u for f in registry.files() for u in f.urls} | {s.landing_url for s in registry}
    facts |= {s.version for s in registry if len(s.version) >= 4}
    code = "".join(p.read_text(encoding="utf-8") for p in (REPO / "src" / "jobrisk" / "sources").glob("*.py"))
    repeated = [fact for fact in facts if re.search(rf"(?<![\w\\]){re.escape(fact)}(?!\w)", code)]
    assert sorted(repeated) == []


def test_unknown_source_id_lists_the_known_ones():
    with pytest.raises(NotFoundError, match="known sources: onet"):
        default_registry().source("onet_30")


BASE = """schema_version = 1
[[source]]
id = "demo"
title = "Demo"
publisher = "Demo publisher"
version = "1.0"
release_date = "2025"
license = "CC BY 4.0"
license_url = "https://example.org/licence"
attribution = "Demo data, CC BY 4.0."
landing_url = "https://example.org/"
mirror_folder = "demo"
[[source.file]]
name = "a.csv"
urls = ["https://example.org/a.csv"]
conversion = "none"
"""
SHA_A = "a" * 64
SHA_B = "b" * 64
OFFICIAL = f'checksum_status = "official"\nsha256_official = "{SHA_A}"\nsha256_mirror = "{SHA_A}"\n'


def _load(tmp_path: Path, text: str):
    path = tmp_path / "registry.toml"
    path.write_text(text, encoding="utf-8")
    return load_registry(path)


def test_a_well_formed_registry_loads(tmp_path):
    reg = _load(tmp_path, BASE + OFFICIAL)
    f = reg.source("demo").file("a.csv")
    assert (f.key, f.release, f.release_differs, f.attribution) == ("demo/a.csv", "1.0", False, "Demo data, CC BY 4.0.")


def test_official_status_with_differing_checksums_is_rejected(tmp_path):
    with pytest.raises(RegistryError, match="'a.csv'.*must equal sha256_mirror"):
        _load(tmp_path, BASE + OFFICIAL.replace(f'sha256_mirror = "{SHA_A}"', f'sha256_mirror = "{SHA_B}"'))


def test_unknown_official_checksum_needs_a_reason(tmp_path):
    with pytest.raises(RegistryError, match="no sha256_official_reason"):
        _load(
            tmp_path, BASE + f'checksum_status = "converted"\nsha256_official = "unknown"\nsha256_mirror = "{SHA_B}"\n'
        )


def test_missing_attribution_is_rejected(tmp_path):
    text = BASE.replace('attribution = "Demo data, CC BY 4.0."\n', "")
    with pytest.raises(RegistryError, match="field 'attribution' must be a non-empty string"):
        _load(tmp_path, text + OFFICIAL)


def test_misspelt_field_is_rejected_with_the_allowed_names(tmp_path):
    with pytest.raises(RegistryError, match="unknown field.*sha256_mirorr"):
        _load(tmp_path, BASE + OFFICIAL.replace("sha256_mirror", "sha256_mirorr"))


def test_file_name_that_escapes_its_folder_is_rejected(tmp_path):
    text = BASE.replace('name = "a.csv"', 'name = "../a.csv"')
    with pytest.raises(RegistryError, match="plain file or folder name"):
        _load(tmp_path, text + OFFICIAL)


def test_derived_table_must_name_earlier_files_of_its_source(tmp_path):
    derived = (
        f'\n[[source.file]]\nname = "b.csv"\nurls = []\nconversion = "derive"\n'
        f'derived_from = ["later.xlsx"]\nrecipe = "excel-sheet-csv"\n'
        f'recipe_sheet = "Sheet1"\nchecksum_status = "converted"\n'
        f'sha256_official = "unknown"\nsha256_official_reason = "derived"\n'
        f'sha256_mirror = "{SHA_B}"\n'
    )
    with pytest.raises(RegistryError, match="derived_from names \\['later.xlsx'\\]"):
        _load(
            tmp_path,
            BASE + f'checksum_status = "official"\nsha256_official = "{SHA_A}"\nsha256_mirror = "{SHA_A}"\n' + derived,
        )
