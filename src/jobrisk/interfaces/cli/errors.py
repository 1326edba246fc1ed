"""Exit codes for jobrisk errors: the one mapping used by every CLI command."""

from __future__ import annotations

from jobrisk import errors as e

EXIT_CODES: list[tuple[type[e.JobriskError], int]] = [
    (e.InputError, 2),
    (e.NotFoundError, 3),
    (e.NotAuthenticatedError, 11),
    (e.NotPermittedError, 12),
    (e.PartUnavailableError, 10),
    (e.ChecksumMismatchError, 4),
    (e.SourceUnavailableError, 5),
    (e.SchemaError, 6),
    (e.CatalogError, 7),
    (e.ModelError, 8),
    (e.DataError, 9),
    (e.JobriskError, 1),
]


def exit_code_for(error: e.JobriskError) -> int:
    for cls, code in EXIT_CODES:
        if isinstance(error, cls):
            return code
    return 1
