"""Building one record from another that has fields of the same names.

Report sections and API shapes mirror the records they show: most of their fields are the
record's own, under the same name. ``copy_fields(Section, record, other=value)`` takes every
field of ``Section`` that ``record`` has and the given values for the rest, so a mapping is
written once instead of one ``name=record.name`` line per field. Works for pydantic models and
dataclasses (as the target; the source can be any object).
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

T = TypeVar("T")


def field_names(kind: type) -> tuple[str, ...]:
    """The names ``kind`` is constructed with: a pydantic model's fields or a dataclass's init fields."""
    model_fields = getattr(kind, "model_fields", None)
    if isinstance(model_fields, dict):
        return tuple(model_fields)
    if dataclasses.is_dataclass(kind):
        return tuple(f.name for f in dataclasses.fields(kind) if f.init)
    raise TypeError(f"{kind.__name__} is neither a pydantic model nor a dataclass")


def copy_fields(kind: type[T], *sources: object, **values: Any) -> T:
    """A ``kind`` made of ``values`` and, for its other fields, the sources' attributes of the same name.

    The first source that has the attribute gives it. A field neither given nor on any source takes
    its default (or fails as a missing field).
    """
    data = dict(values)
    for name in field_names(kind):
        if name not in data:
            for source in sources:
                if hasattr(source, name):
                    data[name] = getattr(source, name)
                    break
    return kind(**data)
