"""copy_fields: a record built from another's same-named fields and the values given."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pydantic import BaseModel, ValidationError

from jobrisk.field_copy import copy_fields, field_names


@dataclass(frozen=True)
class Source:
    code: str
    title: str
    score: float
    extra: str = "not a field of the target"


class Target(BaseModel):
    code: str
    title: str
    score: float
    url: str
    note: str = "default"


@dataclass(frozen=True)
class Plain:
    code: str
    url: str
    derived: int = field(default=0, init=False)


def test_copies_same_named_fields_and_takes_given_values_first() -> None:
    out = copy_fields(Target, Source("15-2051.00", "Data Scientists", 41.5), url="/o/15-2051.00", title="Data people")
    assert out == Target(code="15-2051.00", title="Data people", score=41.5, url="/o/15-2051.00")


def test_the_first_source_with_an_attribute_gives_it() -> None:
    other = Source("00-0000.00", "Other", 1.0)
    out = copy_fields(Target, Source("15-2051.00", "Data Scientists", 41.5), other, url="u")
    assert (out.code, out.title, out.score) == ("15-2051.00", "Data Scientists", 41.5)


def test_dataclass_targets_take_only_their_init_fields() -> None:
    assert field_names(Plain) == ("code", "url")
    assert copy_fields(Plain, Source("a", "b", 1.0), url="u") == Plain(code="a", url="u")


def test_a_field_on_no_source_and_not_given_fails_as_missing() -> None:
    with pytest.raises(ValidationError, match="url"):
        copy_fields(Target, Source("a", "b", 1.0))


def test_other_classes_are_refused() -> None:
    with pytest.raises(TypeError, match="neither a pydantic model nor a dataclass"):
        field_names(Source("a", "b", 1.0).__class__.__mro__[1])
