"""Generated files (tools/generated_file.py): written whole, or checked without being touched."""

from __future__ import annotations

from tools.generated_file import write_or_check


def test_check_reports_a_stale_file_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "model.json"
    target.write_text("old\n", encoding="utf-8")
    assert write_or_check(target, "new\n", True, "the set", "python -m tools.x") == 1
    assert capsys.readouterr().out == f"{target}: differs from what the set produces; run python -m tools.x\n"
    assert target.read_text(encoding="utf-8") == "old\n"


def test_check_of_a_missing_file_fails_and_creates_nothing(tmp_path, capsys):
    target = tmp_path / "model.json"
    assert write_or_check(target, "new\n", True, "the set", "python -m tools.x") == 1
    assert not target.exists()


def test_a_current_file_passes_the_check_and_a_write_replaces_it_whole(tmp_path, capsys):
    target = tmp_path / "model.json"
    assert write_or_check(target, "new\n", False, "the set", "python -m tools.x") == 0
    assert capsys.readouterr().out == f"wrote {target}\n"
    assert write_or_check(target, "new\n", True, "the set", "python -m tools.x") == 0
    assert capsys.readouterr().out == f"{target}: matches the set\n"
    assert [p.name for p in tmp_path.iterdir()] == ["model.json"]  # no temporary file left behind
