"""What is wrong with a scenario file, said so an educator can act on it.

Shared by the loader (schema problems) and the whole-file rules, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PathPart = str | int


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a scenario file."""

    path: tuple[PathPart, ...]
    message: str

    @property
    def field(self) -> str:
        """The field path in the notation an educator reads: ``checkpoints[2].options``."""
        out = ""
        for part in self.path:
            out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out or "(top level)"


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Deduplicate and order problems by where they are in the file."""
    return sorted(set(problems), key=lambda p: (p.field, p.message))


class ScenarioError(Exception):
    """A scenario file could not be used. ``str()`` lists every problem, one per line."""

    def __init__(self, file: Path, problems: list[Problem], lines: dict[tuple, int] | None = None):
        self.file = Path(file)
        self.problems = problems
        self.lines = lines or {}
        super().__init__(self.report())

    def line_of(self, path: tuple[PathPart, ...]) -> int | None:
        """The line of the closest enclosing field that has a known position."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]

    def report(self) -> str:
        rows = []
        for p in self.problems:
            line = self.line_of(p.path)
            where = f"{self.file}:{line}" if line else f"{self.file}"
            rows.append(f"{where}: {p.field}: {p.message}")
        return "\n".join(rows)
