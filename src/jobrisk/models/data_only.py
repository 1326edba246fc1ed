"""Fitted models as data only: a JSON document for the structure, an ``.npz`` file for the numbers.

A saved model must never be code. Pickle (and joblib, which is pickle) runs whatever a replaced
file tells it to; this format cannot: loading it parses JSON and reads ``.npz`` arrays with
``allow_pickle=False``, and the only objects it rebuilds are of the classes the caller names as
trusted (for the task model: its estimator, featurizer and vocabulary, and scikit-learn's
``LogisticRegression``, ``TfidfVectorizer`` and ``TfidfTransformer``).

:func:`encode` turns a value into ``(document, arrays)``; :func:`decode` turns them back. What it
stores, and how it appears in the document:

- ``None``, ``bool``, ``int``, ``str``, finite ``float``: as they are (NaN and infinities as
  ``{"$float": "nan"}``); NumPy scalars as ``{"$scalar": dtype, "value": v}``;
- ``list`` as a JSON list; ``tuple``, ``set``, ``frozenset`` as ``{"$tuple": [...]}`` etc.;
- ``dict``: ``{"$dict": {...}}`` when every key is a string, else ``{"$pairs": [[k, v], ...]}``; a
  string-keyed dict of same-shape arrays as one stacked array, ``{"$array_dict": ...}``;
- NumPy arrays of numbers, booleans or strings as ``{"$array": "a12"}`` (a member of the
  ``.npz``); an object array only when every element is a string;
- SciPy CSR/CSC matrices as their data, indices and index pointer arrays, and shape;
- NumPy dtypes and scalar types (``dtype=np.float32`` of a vectorizer) as ``{"$dtype": ...}``;
- an instance of a trusted class as ``{"$object": "module.Class", "state": ...}``: its
  ``__getstate__()`` when saved; rebuilt with ``cls.__new__`` and ``__setstate__`` (or its
  ``__dict__``) when loaded.

Anything else fails at save time with the path of the value that cannot be stored, so a new
attribute of a model never silently turns the artifact back into pickle.

May import: ``jobrisk.errors``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from jobrisk.errors import ArtifactCorruptError

_NUMERIC_KINDS = frozenset("biufcU")
_PLAIN = frozenset({str, int, float, bool, type(None)})


def class_name(cls: type) -> str:
    """The name a class is stored under: ``module.QualifiedName``."""
    return f"{cls.__module__}.{cls.__qualname__}"


def trusted_classes(classes: Iterable[type]) -> dict[str, type]:
    """The ``{stored name: class}`` table :func:`encode` and :func:`decode` take."""
    return {class_name(cls): cls for cls in classes}


class _Encoder:
    def __init__(self, trusted: Mapping[str, type]):
        self.trusted = trusted
        self.arrays: dict[str, np.ndarray] = {}

    def array(self, value: np.ndarray, path: str) -> str:
        if value.dtype.kind == "O":
            if not all(isinstance(v, str) for v in value.flat):
                raise TypeError(f"{path}: an object array can be stored only when it holds strings")
            value = value.astype(str)
        elif value.dtype.kind not in _NUMERIC_KINDS:
            raise TypeError(f"{path}: arrays of dtype {value.dtype} cannot be stored")
        name = f"a{len(self.arrays)}"
        self.arrays[name] = value
        return name

    def __call__(self, value: Any, path: str) -> Any:
        if value is None or isinstance(value, (bool, int, str)) and not isinstance(value, np.generic):
            return value
        if isinstance(value, float) and not isinstance(value, np.generic):
            return value if math.isfinite(value) else {"$float": repr(value)}
        if isinstance(value, np.generic):
            if value.dtype.kind not in _NUMERIC_KINDS:
                raise TypeError(f"{path}: NumPy scalars of dtype {value.dtype} cannot be stored")
            return {"$scalar": value.dtype.str, "value": self(value.item(), path)}
        if isinstance(value, np.ndarray):
            return {"$array": self.array(value, path), "object": value.dtype.kind == "O"}
        if sparse.issparse(value):
            return self.sparse(value, path)
        if isinstance(value, list):
            return [self(v, f"{path}[{i}]") for i, v in enumerate(value)]
        if isinstance(value, (tuple, set, frozenset)):
            items = list(value)
            if not isinstance(value, tuple):
                try:
                    items.sort()
                except TypeError:
                    pass
            tag = {tuple: "$tuple", set: "$set", frozenset: "$frozenset"}[type(value)]
            return {tag: [self(v, f"{path}[{i}]") for i, v in enumerate(items)]}
        if isinstance(value, dict):
            return self.mapping(value, path)
        if isinstance(value, np.dtype) or isinstance(value, type) and issubclass(value, np.generic):
            return {"$dtype": np.dtype(value).str, "scalar_type": isinstance(value, type)}
        name = class_name(type(value))
        if self.trusted.get(name) is type(value):
            state = value.__getstate__()
            if not isinstance(state, dict):
                raise TypeError(f"{path}: {name} has a state that is not a dict")
            return {"$object": name, "state": self.mapping(state, f"{path}.", tagged=False)}
        raise TypeError(
            f"{path}: values of type {name} cannot be stored as data "
            "(add the class to the trusted ones or store its parts)"
        )

    def sparse(self, value: Any, path: str) -> dict[str, Any]:
        if value.format not in ("csr", "csc"):
            raise TypeError(f"{path}: sparse matrices are stored in CSR or CSC form; got {value.format}")
        return {
            "$sparse": value.format,
            "matrix": isinstance(value, sparse.spmatrix),
            "shape": list(value.shape),
            "data": self.array(value.data, path),
            "indices": self.array(value.indices, path),
            "indptr": self.array(value.indptr, path),
        }

    def mapping(self, value: dict, path: str, tagged: bool = True) -> Any:
        prefix = path if path.endswith(".") else f"{path}."
        if all(isinstance(k, str) for k in value):
            arrays = list(value.values())
            if (
                tagged
                and len(arrays) > 1
                and all(isinstance(a, np.ndarray) for a in arrays)
                and len({(a.shape, a.dtype.str) for a in arrays}) == 1
                and arrays[0].dtype.kind in "biuf"
            ):
                return {"$array_dict": list(value), "array": self.array(np.stack(arrays), path)}
            body = {k: self(v, f"{prefix}{k}") for k, v in value.items()}
            return {"$dict": body} if tagged else body
        if not tagged:
            raise TypeError(f"{path}: an object state needs string keys")
        return {"$pairs": [[self(k, f"{path}<key>"), self(v, f"{path}[{k!r}]")] for k, v in value.items()]}


def encode(value: Any, trusted: Mapping[str, type]) -> tuple[Any, dict[str, np.ndarray]]:
    """``(JSON-ready document, {name: array})`` for ``value``; TypeError names what cannot be stored."""
    encoder = _Encoder(trusted)
    return encoder(value, "value"), encoder.arrays


class _Decoder:
    def __init__(self, arrays: Mapping[str, np.ndarray], trusted: Mapping[str, type]):
        self.arrays = arrays
        self.trusted = trusted

    def array(self, name: Any) -> np.ndarray:
        if not isinstance(name, str) or name not in self.arrays:
            raise ValueError(f"the document names an array {name!r} the arrays file does not hold")
        return self.arrays[name]

    def __call__(self, node: Any) -> Any:
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            if all(v.__class__ in _PLAIN for v in node):
                return node  # a list of plain values decodes to itself (fast path)
            return [self(v) for v in node]
        if not isinstance(node, dict) or not node:
            raise ValueError(f"unexpected node {node!r:.80}")
        tag = next(iter(node))
        if tag == "$dict":
            values = node["$dict"]
            if all(v.__class__ in _PLAIN for v in values.values()):
                return values  # plain values decode to themselves (fast path: vocabularies)
            return {k: self(v) for k, v in values.items()}
        if tag == "$pairs":
            return {self._key(k): v if v.__class__ in _PLAIN else self(v) for k, v in node["$pairs"]}
        if tag == "$array_dict":
            stacked = self.array(node["array"])
            return dict(zip(node["$array_dict"], stacked, strict=True))  # each value: a row of the stack
        if tag == "$array":
            array = self.array(node["$array"])
            return array.astype(object) if node.get("object") else array
        if tag in ("$tuple", "$set", "$frozenset"):
            kind = {"$tuple": tuple, "$set": set, "$frozenset": frozenset}[tag]
            items = node[tag]
            if all(v.__class__ in _PLAIN for v in items):
                return kind(items)  # plain items decode to themselves (fast path)
            items = [self(v) for v in items]
            return kind(items) if kind is tuple else kind(_hashable(v) for v in items)
        if tag == "$float":
            return float(node["$float"])
        if tag == "$scalar":
            return np.dtype(node["$scalar"]).type(node["value"])
        if tag == "$dtype":
            dtype = np.dtype(node["$dtype"])
            return dtype.type if node.get("scalar_type") else dtype
        if tag == "$sparse":
            kind = {
                ("csr", True): sparse.csr_matrix,
                ("csc", True): sparse.csc_matrix,
                ("csr", False): sparse.csr_array,
                ("csc", False): sparse.csc_array,
            }[(node["$sparse"], bool(node["matrix"]))]
            return kind(
                (self.array(node["data"]), self.array(node["indices"]), self.array(node["indptr"])),
                shape=tuple(node["shape"]),
            )
        if tag == "$object":
            cls = self.trusted.get(node["$object"])
            if cls is None:
                raise ValueError(f"the document names a class {node['$object']!r} that is not trusted")
            state = {k: self(v) for k, v in node["state"].items()}
            obj: Any = object.__new__(cls)
            if getattr(cls, "__setstate__", None) is not None:
                obj.__setstate__(state)
            else:
                obj.__dict__.update(state)
            return obj
        raise ValueError(f"unknown tag {tag!r}")

    def _key(self, node: Any) -> Any:
        """A ``$pairs`` key: a tuple of plain values (the usual case) decoded without a call per item."""
        if node.__class__ is dict and next(iter(node), None) == "$tuple":
            items = node["$tuple"]
            if all(v.__class__ in _PLAIN for v in items):
                return tuple(items)
        return _hashable(self(node))


def _hashable(value: Any) -> Any:
    return tuple(_hashable(v) for v in value) if isinstance(value, list) else value


def decode(document: Any, arrays: Mapping[str, np.ndarray], trusted: Mapping[str, type]) -> Any:
    """The value :func:`encode` produced ``document`` and ``arrays`` from (ValueError when malformed)."""
    return _Decoder(arrays, trusted)(document)


def arrays_bytes(arrays: Mapping[str, np.ndarray]) -> bytes:
    """The ``.npz`` bytes of ``arrays`` (uncompressed: loading is a read, not a decompression)."""
    buffer = io.BytesIO()
    np.savez(buffer, **dict(arrays))  # type: ignore[arg-type]
    return buffer.getvalue()


def load_arrays(data: bytes, what: str, path: Path) -> dict[str, np.ndarray]:
    """The arrays of ``.npz`` bytes, read without pickle (object arrays are refused)."""
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            return {name: archive[name] for name in archive.files}
    except Exception as exc:  # noqa: BLE001 - a damaged archive of any kind is one error
        raise ArtifactCorruptError(what, path, f"its arrays could not be read ({type(exc).__name__}: {exc})") from exc
