"""Closeness in meaning (meaning.py): the word vectors load from the wordllama wheel's own files with
no network, give fixed numbers for fixed texts, and a missing file is named, not downloaded."""

from __future__ import annotations

import socket

import pytest

from tic_course.checkpoints import meaning


@pytest.fixture
def fresh(monkeypatch):
    """Forget the loaded model, so the test loads it again (and the next test reloads the real one)."""
    meaning._model.cache_clear()
    meaning._vector.cache_clear()
    yield
    meaning._model.cache_clear()
    meaning._vector.cache_clear()


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
