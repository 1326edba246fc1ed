"""jobrisk: will AI replace my job? Task-level AI exposure and risk from public data.

Layers (imports point only leftwards)::

    sources -> catalog -> models -> scoring -> reports -> interfaces

The public surface is listed in ``__all__``; everything else is private.
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("jobrisk")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

from jobrisk.catalog import Catalog
from jobrisk.errors import JobriskError
from jobrisk.settings import Settings

__all__ = ["Catalog", "JobriskError", "Settings", "__version__", "audit_career"]


def __getattr__(name: str) -> object:
    """Heavier parts of the public API, imported on first use (keeps ``import jobrisk`` fast)."""
    if name == "audit_career":
        from jobrisk.app.career_audit import audit_career

        return audit_career
    raise AttributeError(f"module 'jobrisk' has no attribute {name!r}")
