"""The built title index as a cached artifact in ``settings.models_dir / "title_coder"``.

Cleaning ~69,000 O*NET titles, fitting the TF-IDF tables and embedding ~50,000 cleaned titles
takes tens of seconds; the artifact loads in about a second. Its manifest pins the catalog
fingerprint, a checksum of the curated knowledge files and the cleaning code, the encoder name
and the index version; :func:`load_index` refuses (returns None, so the caller rebuilds) when
any differs. :func:`build_title_index` is the post-build step registered in
:mod:`jobrisk.app.pipeline`.

The index is stored as data only (:mod:`jobrisk.models.data_only_files`): a JSON document and
an ``.npz`` of arrays, switched together by one manifest rename, each checked against the
sha256 in the manifest before anything is parsed. Loading rebuilds only the classes in
``TRUSTED``, so a replaced file can make the index wrong but never run code; its scikit-learn
vectorizers load into the NumPy-only classes of :mod:`jobrisk.models.fitted_sklearn` (the same
numbers, without importing scikit-learn to serve). A truncated,
damaged or swapped file is logged once and treated as missing: the coder rebuilds the index
from the catalog (and saves a good one).
"""

from __future__ import annotations

import hashlib
import logging
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from jobrisk.durable import read_manifest
from jobrisk.errors import ArtifactCorruptError
from jobrisk.models import fitted_sklearn
from jobrisk.models.data_only import trusted_classes
from jobrisk.models.data_only_files import MANIFEST_FILE, load_pair, save_pair
from jobrisk.models.title_coder.features import FeatureTables, tables
from jobrisk.models.title_coder.index import TitleIndex

if TYPE_CHECKING:
    from jobrisk.models.embeddings import TextEncoder

ARTIFACT_DIR = "title_coder"
INDEX_PREFIX = "title_index"
INDEX_VERSION = 6
WHAT = "title index"
#: The only classes a stored index may contain (stored name -> the class it loads into).
TRUSTED = {**trusted_classes([TitleIndex, FeatureTables]), **fitted_sklearn.TRUSTED_NAMES}
_OLD_PICKLE = "title_index.pkl"

log = logging.getLogger("jobrisk.models.title_coder")


def knowledge_checksum() -> str:
    """sha256 of the shipped alias files, structure.toml and the cleaning code (a change invalidates the index)."""
    h = hashlib.sha256()
    for name in ("aliases.toml", "workplace_aliases.toml", "structure.toml", "normalize.py", "gates.py", "index.py"):
        h.update(resources.files("jobrisk.models.title_coder").joinpath(name).read_bytes())
    return h.hexdigest()


def _built_for(fingerprint: str, encoder_name: str | None) -> dict:
    return {
        "catalog_fingerprint": fingerprint,
        "knowledge_sha256": knowledge_checksum(),
        "encoder": encoder_name,
        "index_version": INDEX_VERSION,
    }


def save_index(index: TitleIndex, models_dir: Path, fingerprint: str) -> Path:
    """Write the index as a new pair of files and switch the manifest to it; returns the folder."""
    folder = Path(models_dir) / ARTIFACT_DIR
    from sklearn.feature_extraction.text import TfidfTransformer, TfidfVectorizer

    tables(index)  # stored with the index: bulk coding needs them
    save_pair(
        folder,
        INDEX_PREFIX,
        index,
        trusted_classes([TitleIndex, FeatureTables, TfidfVectorizer, TfidfTransformer]),
        _built_for(fingerprint, getattr(index.encoder, "name", None)),
        stale=[_OLD_PICKLE],
    )
    return folder


def load_index(models_dir: Path, fingerprint: str, encoder: TextEncoder | None) -> TitleIndex | None:
    """The cached index when it was built for this catalog, knowledge files and encoder; else None."""
    folder = Path(models_dir) / ARTIFACT_DIR
    if not fingerprint or not (folder / MANIFEST_FILE).exists():
        return None
    try:
        manifest = read_manifest(folder, WHAT, MANIFEST_FILE)
        built_for = {k: manifest.get(k) for k in _built_for("", None)}
        if built_for != _built_for(fingerprint, getattr(encoder, "name", None)):
            return None  # made for another catalog, knowledge files, encoder or version
        index = load_pair(folder, manifest, WHAT, TRUSTED)
        if not isinstance(index, TitleIndex):
            raise ArtifactCorruptError(
                WHAT, folder / MANIFEST_FILE, f"it holds a {type(index).__name__}, not a title index"
            )
    except ArtifactCorruptError as exc:
        log.warning("title index %s is unusable (%s); rebuilding it from the catalog", exc.path, exc.reason)
        return None
    index.attach_encoder(encoder)
    return index


def build_title_index(catalog, settings) -> None:
    """Post-build step: build the title index for the new catalog and cache it."""
    from jobrisk.models.title_coder.coder import build_index

    index = build_index(catalog)
    save_index(index, Path(settings.models_dir), catalog.fingerprint())
