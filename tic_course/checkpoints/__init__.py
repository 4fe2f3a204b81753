"""Checkpoint kinds: one module per kind, found by this registry.

Each module in this package that defines ``KIND`` (an instance of
:class:`~tic_course.checkpoints.base.CheckpointKind`) adds that kind to the course: its schema
joins the scenario schema, its rules join validation, and the notebook builder, the results table
and the reports ask it how to show itself. Adding a kind is one new module plus its tests.
"""

from __future__ import annotations

import importlib
import pkgutil

from tic_course.checkpoints.base import CheckpointKind, Item


def _discover() -> dict[str, CheckpointKind]:
    found: dict[str, CheckpointKind] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, CheckpointKind):
            found[kind.name] = kind
    return found


KINDS: dict[str, CheckpointKind] = _discover()


def kind_of(item: Item) -> CheckpointKind:
    """The kind of a (validated) checkpoint item."""
    return KINDS[item["type"]]


def names(**flags: bool) -> tuple[str, ...]:
    """Kind names whose class flags match, e.g. ``names(hand_marked=True)`` -> ("reflection",)."""
    return tuple(n for n, k in KINDS.items() if all(getattr(k, f) == v for f, v in flags.items()))


__all__ = ["KINDS", "CheckpointKind", "kind_of", "names"]
