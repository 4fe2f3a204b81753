"""The diagrams are drawn from source."""

from __future__ import annotations

from tic_course.book.figures import FIGURES, generate


def test_every_figure_is_drawn_as_a_png(tmp_path):
    written = generate(tmp_path)
    assert sorted(p.name for p in written) == sorted(FIGURES)
    for p in written:
        assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(FIGURES)  # no temporary files left
