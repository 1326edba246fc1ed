"""Refuse a query parameter given twice where the route takes one value.

Starlette keeps every value of a repeated parameter and FastAPI reads the last one for a scalar, so
``?limit=1&limit=50`` answered 50 results without a word. A repeated value the route cannot take is
now a 422 that names the parameter; list parameters (``?codes=A&codes=B``) keep every value, and a
parameter the route does not take is ignored, repeated or not, as FastAPI ignores it.
"""

from __future__ import annotations

import types
from collections import Counter
from typing import Annotated, Union, get_args, get_origin

from fastapi import Request
from fastapi.exceptions import RequestValidationError

SEQUENCES = (list, tuple, set, frozenset)


def takes_many(annotation: object) -> bool:
    """Whether a parameter's annotation accepts several values (``list[str]``, ``list[str] | None`` ...)."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return takes_many(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return any(takes_many(arg) for arg in get_args(annotation))
    return origin in SEQUENCES or annotation in SEQUENCES


def single_valued_query(request: Request) -> None:
    """FastAPI dependency: a 422 naming each scalar query parameter that is given more than once."""
    counts = Counter(key for key, _ in request.query_params.multi_items())
    repeated = [key for key, n in counts.items() if n > 1]
    if not repeated:
        return
    dependant = getattr(request.scope.get("route"), "dependant", None)
    scalars = {field.alias for field in _query_fields(dependant) if not takes_many(field.field_info.annotation)}
    refused = [key for key in repeated if key in scalars]  # a parameter the route does not take is ignored
    if refused:
        raise RequestValidationError(
            [
                {"type": "repeated", "loc": ("query", key), "msg": "give this parameter once", "input": None}
                for key in refused
            ]
        )


def _query_fields(dependant) -> list:  # the route's query parameters, its sub-dependencies' included
    if dependant is None:
        return []
    fields = list(dependant.query_params)
    for sub in dependant.dependencies:
        fields.extend(_query_fields(sub))
    return fields
