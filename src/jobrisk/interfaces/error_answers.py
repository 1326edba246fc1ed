"""How the interfaces answer each jobrisk error: the web app's HTTP status and error code, and the
CLI's exit code. One row per error class; an error gets the answer of the first row whose class it
is an instance of, so subclasses come before their parents."""

from __future__ import annotations

from jobrisk import errors as e

#: (error class, HTTP status, the error body's ``code``, CLI exit code)
ERROR_ANSWERS: tuple[tuple[type[e.JobriskError], int, str, int], ...] = (
    (e.InputTooLargeError, 413, "input_too_large", 2),
    (e.MissingColumnError, 422, "missing_column", 2),
    (e.InputError, 422, "invalid_input", 2),
    (e.NotFoundError, 404, "not_found", 3),
    (e.NotAuthenticatedError, 401, "unauthorized", 11),
    (e.NotPermittedError, 403, "forbidden", 12),
    (e.PartUnavailableError, 503, "part_unavailable", 10),
    (e.CatalogMissingError, 503, "catalog_missing", 7),
    (e.CatalogCorruptError, 503, "catalog_corrupt", 7),
    (e.CatalogError, 503, "catalog_unavailable", 7),
    (e.ModelNotTrainedError, 503, "model_not_trained", 8),
    (e.ArtifactCorruptError, 503, "artifact_corrupt", 8),
    (e.ModelError, 503, "model_unavailable", 8),
    (e.ChecksumMismatchError, 503, "data_unavailable", 4),
    (e.SourceUnavailableError, 503, "data_unavailable", 5),
    (e.SchemaError, 503, "data_unavailable", 6),
    (e.AppDatabaseError, 503, "app_database_unavailable", 9),
    (e.DataError, 503, "data_unavailable", 9),
    (e.JobriskError, 500, "internal_error", 1),
)


def _answer(error: e.JobriskError) -> tuple[int, str, int]:
    for cls, status, code, exit_code in ERROR_ANSWERS:
        if isinstance(error, cls):
            return status, code, exit_code
    return 500, "internal_error", 1


def status_for(error: e.JobriskError) -> tuple[int, str]:
    """The HTTP status and error code the web app answers ``error`` with."""
    status, code, _ = _answer(error)
    return status, code


def exit_code_for(error: e.JobriskError) -> int:
    """The exit code a CLI command stops with on ``error``."""
    return _answer(error)[2]
