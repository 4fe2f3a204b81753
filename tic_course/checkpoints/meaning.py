"""How close in meaning a reply is to another text: static word embeddings that ship inside a wheel.

The rewrite criteria (:mod:`tic_course.checkpoints.rubric`) match words an educator wrote down, so
a good reply in words nobody thought of misses a criterion. The overall reading
(:mod:`tic_course.checkpoints.band_model`) also weighs how close the reply is in meaning to the
scenario's model answer and to the original it replaces. That closeness comes from WordLlama
(MIT licence): a 256-number vector for each token of a large vocabulary, averaged over the reply,
compared by cosine. It runs offline and in well under a millisecond per reply.

**Nothing is downloaded.** The weights (16 MB) and the tokenizer ship inside the ``wordllama``
wheel pinned in ``requirements.txt``; this module opens both files from the installed package by
their own paths and says which one is missing if one is. It does not call ``WordLlama.load()``:
in 0.4.0 that looks for the tokenizer in a ``tokenizer/`` folder while the wheel ships it in
``tokenizers/``, and then tries to fetch it from Hugging Face.

**Nor does it import wordllama's Python code**, which costs about 0.15 s (its configuration
classes) in every autograded notebook, where the whole reading is needed once. Its embedding is
four lines: tokenize, look up each token's vector, average, scale to length 1. They are repeated
here with the same tokenizer (``tokenizers``) and weights (``safetensors``), and a test checks the
vectors equal ``WordLlamaInference.embed``'s on varied texts. Loading takes about 0.1 s.

The closeness is a number for the overall reading, not a verdict shown on its own: a reply that
says "don't hold him down" and one that says "hold him down" are close in meaning by this measure
(it reads words, not their order), which is why the criteria and detectors still decide what the
learner is told, and the overall reading may move the band only one step.
"""

from __future__ import annotations

import importlib.util
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"  # inside the installed wordllama package
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"


class MeaningModelError(Exception):
    """The embedding model cannot be loaded; the message names the file."""


def package_folder() -> Path:
    """Where the wordllama package is installed, found without running its code."""
    spec = importlib.util.find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise MeaningModelError("the wordllama package is not installed; run make venv")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def _model() -> tuple[Any, Any]:
    """(tokenizer, vectors) from the files in wordllama's wheel (loaded once per process, ~0.1 s)."""
    from safetensors.numpy import load_file
    from tokenizers import Tokenizer

    root = package_folder()
    for part in (WEIGHTS, TOKENIZER):
        if not (root / part).is_file():
            raise MeaningModelError(f"{root / part}: missing from the wordllama package; reinstall it (make venv)")
    return Tokenizer.from_file(str(root / TOKENIZER)), load_file(str(root / WEIGHTS))["embedding.weight"]


@lru_cache(maxsize=256)
def vector(text: str) -> Any:
    """The text's unit vector: the average of its tokens' vectors (WordLlama's pooling), length 1."""
    import numpy as np

    tokenizer, vectors = _model()
    encoded = tokenizer.encode(text, add_special_tokens=False)
    ids = np.clip(np.array(encoded.ids, dtype=np.int64), 0, vectors.shape[0] - 1)
    mask = np.array(encoded.attention_mask, dtype=np.float32)
    pooled = (vectors[ids] * mask[:, None]).sum(axis=0) / max(float(mask.sum()), 1e-9)
    length = float(np.linalg.norm(pooled))
    return pooled / length if length else pooled


def closeness(text: str, other: str) -> float:
    """Cosine of the two texts' averaged word vectors, rounded to 4 places (about -0.2 to 1)."""
    if not text.strip() or not other.strip():
        return 0.0
    return round(float(vector(text) @ vector(other)), 4)
