"""Frozen dataclasses <-> JSON-ready values, driven by their type hints (data only, no pickle).

:func:`encode` turns a dataclass tree (tuples, mappings, frozensets, numbers, strings, None)
into lists and dicts, a dataclass as the list of its field values (compact: a file of many
scores does not repeat every field name); :func:`schema` names each dataclass's fields in that
order, so a reader can check that the file was written with the same types before
:func:`decode` rebuilds them from the type hints (TypeError / ValueError when a value does
not fit). Floats survive the JSON round trip exactly.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Callable, Union, get_args, get_origin, get_type_hints


def encode(value: Any) -> Any:
    """JSON-ready form of ``value`` (a dataclass becomes the list of its init fields' values)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [encode(getattr(value, f.name)) for f in dataclasses.fields(value) if f.init]
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(encode(v) for v in value)
    if isinstance(value, Mapping):
        return {str(k): encode(v) for k, v in value.items()}
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} in a score artifact")


def decode(hint: Any, data: Any) -> Any:
    """Rebuild a value of type ``hint`` from :func:`encode`'s output (TypeError / ValueError
    when the data does not fit the type)."""
    return _decoder(hint)(data)


Decoder = Callable[[Any], Any]


def _check(kind: type | tuple[type, ...], what: str) -> Callable[[Any], None]:
    def check(data: Any) -> None:
        if not isinstance(data, kind):
            raise TypeError(f"expected {what}; got {type(data).__name__}")

    return check


def _number(data: Any) -> float:
    if type(data) is float:
        return data
    if isinstance(data, bool) or not isinstance(data, int):
        raise TypeError(f"expected a number; got {data!r}")
    return float(data)


def _exact(kind: type) -> Decoder:
    def read(data: Any) -> Any:
        if type(data) is not kind:
            raise TypeError(f"expected {kind.__name__}; got {data!r}")
        return data

    return read


def _none(data: Any) -> None:
    if data is not None:
        raise TypeError(f"expected null; got {data!r}")


@lru_cache(maxsize=None)
def _decoder(hint: Any) -> Decoder:  # noqa: C901 - one branch per kind of type
    """A function reading ``hint`` values, built once per type."""
    if hint is Any:
        return lambda data: data
    origin = get_origin(hint)
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(hint) if a is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot read the union {hint} (ambiguous) from stored data")
        inner = _decoder(options[0])
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        args = get_args(hint)
        is_list = _check(list, f"a list for {hint}")
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])

            def read_tuple(data: Any) -> tuple[Any, ...]:
                is_list(data)
                return tuple([item(v) for v in data])

            return read_tuple
        items = [_decoder(a) for a in args]

        def read_fixed(data: Any) -> tuple[Any, ...]:
            is_list(data)
            if len(data) != len(items):
                raise ValueError(f"expected {len(items)} values for {hint}; got {len(data)}")
            return tuple([d(v) for d, v in zip(items, data)])

        return read_fixed
    if origin is frozenset:
        (arg,) = get_args(hint)
        member = _decoder(arg)
        return lambda data: frozenset(member(v) for v in data)
    if origin is not None and isinstance(origin, type) and issubclass(origin, Mapping):
        key_t, val_t = get_args(hint)
        key, val = _decoder(key_t), _decoder(val_t)
        is_dict = _check(dict, f"an object for {hint}")
        if key_t is str and val_t is float:  # the most common stored mapping, read in one pass

            def read_numbers(data: Any) -> dict[str, float]:
                is_dict(data)
                out = {k: v if type(v) is float else _number(v) for k, v in data.items()}
                if not all(type(k) is str for k in out):
                    raise TypeError(f"expected string keys for {hint}")
                return out

            return read_numbers

        def read_mapping(data: Any) -> dict[Any, Any]:
            is_dict(data)
            return {key(k): val(v) for k, v in data.items()}

        return read_mapping
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        cls = hint
        hints = get_type_hints(cls)
        readers = [_decoder(hints[f.name]) for f in dataclasses.fields(cls) if f.init]
        is_row = _check(list, f"a list for {cls.__name__}")

        def read_dataclass(data: Any) -> Any:
            is_row(data)
            if len(data) != len(readers):
                raise ValueError(f"expected {len(readers)} fields for {cls.__name__}; got {len(data)}")
            return cls(*[read(v) for read, v in zip(readers, data)])

        return read_dataclass
    if hint is float:
        return _number
    if hint in (int, str, bool):
        return _exact(hint)
    if hint is type(None):
        return _none
    raise TypeError(f"cannot read {hint!r} from stored data")


def schema(*hints: Any) -> dict[str, list[str]]:
    """Every dataclass reachable from ``hints``: qualified name -> its init fields, in order."""
    out: dict[str, list[str]] = {}

    def visit(hint: Any) -> None:
        for arg in get_args(hint):
            visit(arg)
        if dataclasses.is_dataclass(hint) and isinstance(hint, type):
            name = f"{hint.__module__}.{hint.__qualname__}"
            if name in out:
                return
            out[name] = [f.name for f in dataclasses.fields(hint) if f.init]
            hints_of = get_type_hints(hint)
            for f in dataclasses.fields(hint):
                if f.init:
                    visit(hints_of[f.name])

    for hint in hints:
        visit(hint)
    return dict(sorted(out.items()))
