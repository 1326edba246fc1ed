"""The built title index as a cached artifact in ``settings.models_dir / "title_coder"``.

Cleaning ~69,000 O*NET titles, fitting the TF-IDF tables and embedding ~50,000 cleaned titles
takes tens of seconds; the artifact loads in about a second. Its manifest pins the catalog
fingerprint, a checksum of the curated aliases file, the encoder name and the artifact
format; :func:`load_index` refuses (returns None, so the caller rebuilds) when any differs.
:func:`build_title_index` is the post-build step registered in :mod:`jobrisk.app.pipeline`.

Durability (:mod:`jobrisk.durable`): the index is written to a uniquely named temp file,
fsync-ed and renamed, then the manifest, which records the index file's sha256 and size, is
written the same way. :func:`load_index` verifies the file against the manifest *before*
unpickling it: a truncated, damaged or swapped index is never unpickled; it is logged once and
treated as missing, so the coder rebuilds it from the catalog (and saves a good one).
"""

from __future__ import annotations

import hashlib
import logging
import pickle
from importlib import resources
from pathlib import Path

from jobrisk.durable import atomic_path, read_manifest, verified_load, write_manifest
from jobrisk.errors import ArtifactCorruptError

from jobrisk.models.title_coder.index import TitleIndex

ARTIFACT_DIR = "title_coder"
INDEX_FILE = "title_index.pkl"
MANIFEST_FILE = "manifest.json"
FORMAT_VERSION = 5
WHAT = "title index"

log = logging.getLogger("jobrisk.models.title_coder")


def knowledge_checksum() -> str:
    """sha256 of the shipped aliases.toml, structure.toml and the cleaning code (a change invalidates the index)."""
    h = hashlib.sha256()
    for name in ("aliases.toml", "structure.toml", "normalize.py", "index.py"):
        h.update(resources.files("jobrisk.models.title_coder").joinpath(name).read_bytes())
    return h.hexdigest()


def _manifest(fingerprint: str, encoder_name: str | None) -> dict:
    return {"catalog_fingerprint": fingerprint, "knowledge_sha256": knowledge_checksum(),
            "encoder": encoder_name, "format": FORMAT_VERSION}


def save_index(index: TitleIndex, models_dir: Path, fingerprint: str) -> Path:
    """Write the index and its manifest atomically; returns the artifact folder."""
    folder = Path(models_dir) / ARTIFACT_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with atomic_path(folder / INDEX_FILE) as tmp:
        with open(tmp, "wb") as fh:
            pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
    encoder_name = getattr(index.encoder, "name", None)
    write_manifest(folder, [INDEX_FILE], _manifest(fingerprint, encoder_name), name=MANIFEST_FILE)
    return folder


def _unpickle(path: Path) -> TitleIndex:
    with open(path, "rb") as fh:
        index = pickle.load(fh)            # only after its sha256 matched the manifest
    if not isinstance(index, TitleIndex):
        raise TypeError(f"it holds a {type(index).__name__}, not a TitleIndex")
    return index


def load_index(models_dir: Path, fingerprint: str, encoder: object | None) -> TitleIndex | None:
    """The cached index when it was built for this catalog, aliases file and encoder; else None."""
    folder = Path(models_dir) / ARTIFACT_DIR
    manifest_path, index_path = folder / MANIFEST_FILE, folder / INDEX_FILE
    if not fingerprint or not manifest_path.exists() or not index_path.exists():
        return None
    try:
        manifest = read_manifest(folder, WHAT, MANIFEST_FILE)
        files = manifest.pop("files", None)
        if manifest != _manifest(fingerprint, getattr(encoder, "name", None)):
            return None                    # made for another catalog, aliases file or encoder
        if not isinstance(files, dict) or not isinstance(files.get(INDEX_FILE), dict):
            raise ArtifactCorruptError(WHAT, manifest_path, "its manifest records no checksum")
        index = verified_load(index_path, files[INDEX_FILE], WHAT, _unpickle)
    except ArtifactCorruptError as exc:
        log.warning("title index %s is unusable (%s); rebuilding it from the catalog",
                    exc.path, exc.reason)
        return None
    index.attach_encoder(encoder)
    return index


def build_title_index(catalog, settings) -> None:
    """Post-build step: build the title index for the new catalog and cache it."""
    from jobrisk.models.title_coder.coder import build_index

    index = build_index(catalog)
    save_index(index, Path(settings.models_dir), catalog.fingerprint())
