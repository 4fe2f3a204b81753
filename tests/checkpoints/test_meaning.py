"""Closeness in meaning (meaning.py): the word vectors load from the wordllama wheel's own files with
no network, equal the library's own embedding, give fixed numbers for fixed texts, and a missing
file is named, not downloaded."""

from __future__ import annotations

import socket

import pytest

from tic_course.checkpoints import meaning


@pytest.fixture
def fresh(monkeypatch):
    """Forget the loaded model, so the test loads it again (and the next test reloads the real one)."""
    meaning._model.cache_clear()
    meaning.vector.cache_clear()
    yield
    meaning._model.cache_clear()
    meaning.vector.cache_clear()


def test_the_vectors_load_with_no_network(fresh, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("meaning.py tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert meaning.closeness("It's OK to be scared.", "It's OK to be scared.") == pytest.approx(1.0, abs=1e-4)


def test_closeness_is_higher_for_the_same_meaning_in_other_words():
    model = "It's OK to be scared, and it's OK to cry."
    same = meaning.closeness("Being frightened is completely normal, you can cry if you need to.", model)
    other = meaning.closeness("Please hold him down so we can get this done quickly.", model)
    assert same == pytest.approx(0.6119, abs=5e-4)
    assert other == pytest.approx(0.0038, abs=5e-4)


def test_empty_text_is_not_close_to_anything():
    assert meaning.closeness("", "anything at all") == 0.0
    assert meaning.closeness("anything at all", "   ") == 0.0


def test_a_missing_weights_file_is_named_and_nothing_is_downloaded(fresh, monkeypatch):
    monkeypatch.setattr(meaning, "WEIGHTS", meaning.WEIGHTS.with_name("missing.safetensors"))
    with pytest.raises(meaning.MeaningModelError, match=r"weights/missing\.safetensors: missing from the wordllama"):
        meaning.closeness("a reply", "a model answer")


@pytest.mark.parametrize(
    "text",
    [
        "It's OK to be scared, Oscar.",
        "You are a regular here but I can see something is different and changed tonight.",
        "Entiendo que este dolor es diferente.",
        "\U0001f642 caf\u00e9 na\u00efve \u201cquoted\u201d",
        "Stop. Remove speculum. Sorry it hurt. " * 40,
    ],
)
def test_the_vectors_are_wordllamas_own(text):
    """The four lines of pooling in meaning.py give WordLlama's own embedding, to float precision."""
    import numpy as np
    from wordllama.inference import WordLlamaInference

    tokenizer, vectors = meaning._model()
    library = WordLlamaInference(vectors, tokenizer, binary=False).embed([text], norm=True)[0]
    assert np.abs(meaning.vector(text) - library).max() < 1e-6
