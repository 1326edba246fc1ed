"""Settings, read once at start-up into one frozen object.

Precedence: explicit arguments (CLI flags) > environment variables > defaults.
Nothing here reads the environment at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Mapping

from platformdirs import user_data_dir

ENV_DATA_DIR = "JOBRISK_DATA_DIR"
ENV_MIRROR = "JOBRISK_MIRROR"
ENV_DATABASE_URL = "JOBRISK_DATABASE_URL"


@dataclass(frozen=True)
class Settings:
    """Where jobrisk keeps its data and artifacts."""

    data_dir: Path
    mirror_dir: Path | None = None
    database_url: str | None = None  # the application database; None = SQLite in the data dir
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def raw_dir(self) -> Path:
        """Downloaded / copied source files, one folder per source."""
        return self.data_dir / "raw"

    @property
    def catalog_path(self) -> Path:
        return self.data_dir / "catalog.sqlite"

    @property
    def models_dir(self) -> Path:
        return self.data_dir / "models"

    @property
    def app_database_url(self) -> str:
        """The application database (organisations, keys, audits): ``JOBRISK_DATABASE_URL`` or
        SQLite ``app.sqlite`` in the data dir."""
        return self.database_url or f"sqlite:///{self.data_dir / 'app.sqlite'}"

    @classmethod
    def load(
        cls,
        data_dir: str | Path | None = None,
        mirror_dir: str | Path | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> "Settings":
        env = os.environ if environ is None else environ
        chosen = data_dir or env.get(ENV_DATA_DIR) or user_data_dir("jobrisk", appauthor=False)
        mirror = mirror_dir or env.get(ENV_MIRROR) or None
        return cls(
            data_dir=Path(chosen).expanduser().resolve(),
            mirror_dir=Path(mirror).expanduser().resolve() if mirror else None,
            database_url=(env.get(ENV_DATABASE_URL) or "").strip() or None,
        )

    def with_data_dir(self, data_dir: str | Path) -> "Settings":
        return replace(self, data_dir=Path(data_dir).expanduser().resolve())
