"""The one error tree of jobrisk.

Every error a user can cause or meet derives from :class:`JobriskError`::

    JobriskError
    ├── DataError                  data files and sources
    │   ├── SourceUnavailableError   offline, HTTP error, mirror folder missing a file
    │   ├── ChecksumMismatchError    a file's sha256 differs from the registry
    │   ├── SchemaError              a file lacks a column it must have (names file and column)
    │   └── AppDatabaseError         the application database (organisations, keys, audits) is
    │                                damaged or unreachable
    ├── CatalogError               the reference catalog
    │   ├── CatalogMissingError      no catalog built yet
    │   ├── CatalogCorruptError      the catalog file is damaged (empty, truncated, junk): rebuild it
    │   └── CatalogMismatchError     an artifact was built against another catalog
    ├── ModelError                 trained models
    │   ├── ModelNotTrainedError
    │   └── ArtifactCorruptError     a built artifact's file differs from its manifest or won't decode
    ├── InputError                 user input (CSV files, titles, tasks, codes)
    │   ├── MissingColumnError       a CSV lacks a required column (names the columns found)
    │   └── InputTooLargeError
    ├── NotFoundError              an occupation code or other key that does not exist
    ├── NotAuthenticatedError      no API key, or one that is unknown or revoked
    ├── NotPermittedError          a valid key whose member's role does not allow the action
    └── PartUnavailableError       a part (model, scorebook, report builder) is not built or not loadable

How the interfaces answer each (HTTP status and code, CLI exit code) is one table:
``interfaces/error_answers.py``.
"""

from __future__ import annotations

from typing import Any


class JobriskError(Exception):
    """Base class of every jobrisk error. ``details``: what a program answering the error may
    want besides the message (say, the candidate occupations of an unsure title), shown in the
    web API's ``error.details``; None when there is nothing more."""

    details: list[dict[str, Any]] | None = None


class DataError(JobriskError):
    """A data source or data file is unusable."""


class SourceUnavailableError(DataError):
    """A source could not be obtained (offline, HTTP error, missing mirror file)."""


class ChecksumMismatchError(DataError):
    """A file's sha256 does not match the registry."""

    def __init__(self, path: str, expected: str, actual: str):
        self.path, self.expected, self.actual = path, expected, actual
        super().__init__(
            f"Checksum mismatch for {path}: expected sha256 {expected}, got {actual}. "
            "The file was not used; delete it and sync again, or check the mirror."
        )


class SchemaError(DataError):
    """A data file lacks a column it must have."""

    def __init__(self, path: str, missing: list[str], found: list[str]):
        self.path, self.missing, self.found = path, missing, found
        super().__init__(
            f"{path}: missing column(s) {', '.join(repr(m) for m in missing)}; found columns: {', '.join(found)}"
        )


class AppDatabaseError(DataError):
    """The application database cannot be opened or read (a damaged file, an unreachable server)."""


class CatalogError(JobriskError):
    """The reference catalog is missing or inconsistent."""


class CatalogMissingError(CatalogError):
    """No catalog has been built at the configured location."""


class CatalogCorruptError(CatalogError):
    """The catalog file exists but is damaged (empty, truncated, not SQLite, failed integrity check).

    The message always ends with the fix: ``catalog is corrupt: run `jobrisk build```.
    """

    def __init__(self, path: object, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"catalog is corrupt: run `jobrisk build` ({path}: {reason})")


class CatalogMismatchError(CatalogError):
    """An artifact was built against a different catalog."""


class ModelError(JobriskError):
    """A trained model is missing or unusable."""


class ModelNotTrainedError(ModelError):
    """A model was used before it was fitted or trained."""


class ArtifactCorruptError(ModelError):
    """A built artifact (title index, task model, ...) fails verification or cannot be decoded.

    Raised by :mod:`jobrisk.durable` when a file's sha256 or size differs from its manifest,
    the manifest is unreadable, or the verified bytes do not decode. Rebuilding fixes it.
    """

    def __init__(self, what: str, path: object, reason: str):
        self.what, self.path, self.reason = what, str(path), reason
        super().__init__(f"The {what} at {path} is corrupt: {reason}. Run `jobrisk build` to rebuild it.")


class InputError(JobriskError):
    """User input cannot be used as given."""


class MissingColumnError(InputError):
    """A user's CSV lacks a required column."""

    def __init__(self, what: str, column: str, found: list[str]):
        self.column, self.found = column, found
        shown = ", ".join(found) if found else "(none)"
        super().__init__(f"{what} column '{column}' is missing; got columns: {shown}")


class InputTooLargeError(InputError):
    """An upload or text exceeds the allowed size."""


class NotFoundError(JobriskError):
    """A requested item (such as an occupation code) does not exist."""


class NotAuthenticatedError(JobriskError):
    """A request needs an organisation's API key and has none that is valid."""


class NotPermittedError(JobriskError):
    """A signed-in member asked for something its role does not allow (the rules:
    :mod:`jobrisk.app.org_access`)."""


class PartUnavailableError(JobriskError):
    """A part of jobrisk (a model, the scorebook, the report builder) is not installed or not built."""
