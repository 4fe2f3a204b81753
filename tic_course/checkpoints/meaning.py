"""How close in meaning a reply is to another text: static word embeddings that ship inside a wheel.

The rewrite criteria (:mod:`tic_course.checkpoints.rubric`) match words an educator wrote down, so
a good reply in words nobody thought of misses a criterion. The overall reading
(:mod:`tic_course.checkpoints.band_model`) also weighs how close the reply is in meaning to the
scenario's model answer and to the original it replaces. That closeness comes from WordLlama
(MIT licence): a 256-number vector for each token of a large vocabulary, averaged over the reply,
compared by cosine. It runs offline and in well under a millisecond per reply.

**Nothing is downloaded.** The weights (16 MB) and the tokenizer ship inside the ``wordllama``
wheel pinned in ``requirements.txt``. ``WordLlama.load()`` is not used: in 0.4.0 it looks for the
tokenizer in a ``tokenizer/`` folder while the wheel ships it in ``tokenizers/``, and then tries to
fetch it from Hugging Face. This module opens both files from the installed package by their own
paths and builds the model from them, and says which file is missing if one is.

The closeness is a number for the overall reading, not a verdict shown on its own: a reply that
says "don't hold him down" and one that says "hold him down" are close in meaning by this measure
(it reads words, not their order), which is why the criteria and detectors still decide what the
learner is told, and the overall reading may move the band only one step.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

WEIGHTS = Path("weights") / "l2_supercat_256.safetensors"  # inside the installed wordllama package
TOKENIZER = Path("tokenizers") / "l2_supercat_tokenizer_config.json"


class MeaningModelError(Exception):
    """The embedding model cannot be loaded; the message names the file."""


@cache
def _model() -> Any:
    """The WordLlama model built from the files in its wheel (loaded once per process, ~0.3 s)."""
    try:
        import wordllama
        from safetensors import safe_open
        from wordllama.inference import WordLlamaInference
        from wordllama.wordllama import WordLlama
    except ImportError as exc:
        raise MeaningModelError(f"the wordllama package is not installed ({exc}); run make venv") from None
    root = Path(wordllama.__file__).parent
    for part in (WEIGHTS, TOKENIZER):
        if not (root / part).is_file():
            raise MeaningModelError(f"{root / part}: missing from the wordllama package; reinstall it (make venv)")
    tokenizer = WordLlama.load_tokenizer(root / TOKENIZER)
    with safe_open(str(root / WEIGHTS), framework="np", device="cpu") as f:
        embedding = f.get_tensor("embedding.weight")
    return WordLlamaInference(embedding, tokenizer, binary=False)


@lru_cache(maxsize=256)
def _vector(text: str) -> Any:
    """The unit vector of a text (cached: a scenario's model answer and original recur for every reply)."""
    return _model().embed([text], norm=True)[0]


def closeness(text: str, other: str) -> float:
    """Cosine of the two texts' averaged word vectors, rounded to 4 places (about -0.2 to 1)."""
    if not text.strip() or not other.strip():
        return 0.0
    return round(float(_vector(text) @ _vector(other)), 4)
