"""The order learners see: replies, options and steps shuffled from a seed, keys balanced.

Authors write the helpful reply first and letter options A, B, C... in the order that came to
mind, so authored order is a cue: a learner who always picks the first reply, or B, scores
well without reading. This module decides, from one course setting (the **presentation seed**),
the displayed order of

* every conversation node's replies (notebook player and the book's kernel-free player),
* every lettered checkpoint's options or steps (the marked notebooks), and
* through :func:`assign`, every knowledge check's options (:mod:`tic_course.book.knowledge_checks`).

How an order is chosen. Items are grouped (a checkpoint kind, ``conversation``, a knowledge-check
kind) and sorted by (group, module, scenario or chapter, id); a module is a chapter and the
scenarios whose ``chapter`` names it. Within a group, items with the same number of options share
one seeded cycle of positions, and each item's keys (the correct options, the helpful replies, an
ordering's first step) take the next positions of that cycle. So keys are spread evenly over the
positions across the whole bank and, because a module's items are consecutive, within each module
too. The other options fill the remaining places in a seeded shuffle; an ordering is reshuffled
until copying the displayed order is no better than a guess (see ``Ordering.acceptable``).

The same seed and the same bank give byte-identical notebooks and pages. Changing a scenario
can move other items of its group, which is why a release always plans over the whole course.

Option ids: an option's authored ``key`` is its id for good. The displayed letters are assigned
after shuffling (``LetteredKind.presented``); results and reports record the id.
"""

from __future__ import annotations

import copy
import itertools
import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tic_course.checkpoints import kind_of
from tic_course.checkpoints.lettered import LetteredKind
from tic_course.layout import CourseLayout
from tic_course.scenario.catalogue import load_all

# Where the seed lives: _config.yml, under ``sphinx.config``, so that the book (a Sphinx config
# value) and ``tic-course release`` (which reads the same file) always agree.
SEED_SETTING = "tic_presentation_seed"
DEFAULT_SEED = "tic-course"
CONVERSATION = "conversation"
SHUFFLE_TRIES = 200
SWAP_PASSES = 20
TARGETED = (0, 1)  # the first and second positions: where always-first and always-B habits aim
TARGETED_PENALTY = 10.0


class PresentationError(Exception):
    """The seed setting is unusable, or no acceptable order exists for an item."""


@dataclass(frozen=True)
class Entry:
    """One item to order: which options it has and which of them are keys."""

    group: str  # items balanced together (a checkpoint kind, "conversation", a knowledge-check kind)
    module: str  # the chapter the item belongs to
    owner: str  # scenario id, or chapter name for a knowledge check
    item: str  # checkpoint id, node id or knowledge-check id
    options: tuple[str, ...]  # option ids in authored order
    keyed: tuple[str, ...]  # option ids whose positions are balanced
    acceptable: Callable[[Sequence[str]], bool] | None = field(default=None, compare=False)
    weight: float = 1.0  # what a key is worth (a checkpoint's points; 0: its position scores nothing)
    family: str = ""  # items whose module balance is judged together (default: the group)

    @property
    def name(self) -> tuple[str, str, str]:
        return (self.group, self.owner, self.item)


def _cycle(seed: str, group: str, n: int) -> list[int]:
    """The order in which a group's keys take positions: the untargeted positions first (each in
    a seeded order), so that when a group's size is not a multiple of n the extra keys never
    land on the first or second position, where test-wise habits aim."""
    rng = random.Random(f"{seed}|cycle|{group}|{n}")
    later = [p for p in range(n) if p not in TARGETED]
    aimed = [p for p in range(n) if p in TARGETED]
    rng.shuffle(later)
    rng.shuffle(aimed)
    return later + aimed


def _order(entry: Entry, slots: list[int], rng: random.Random) -> tuple[str, ...]:
    keyed = list(entry.keyed)
    rng.shuffle(keyed)
    rest = [o for o in entry.options if o not in entry.keyed]
    free = [p for p in range(len(entry.options)) if p not in slots]

    def build(others: Sequence[str]) -> tuple[str, ...]:
        placed = dict(zip(slots, keyed, strict=True)) | dict(zip(free, others, strict=True))
        return tuple(placed[p] for p in range(len(entry.options)))

    ok = entry.acceptable or (lambda order: True)
    for _ in range(SHUFFLE_TRIES):
        rng.shuffle(rest)
        if ok(candidate := build(rest)):
            return candidate
    for others in itertools.permutations(sorted(rest)):  # small items: search them all
        if ok(candidate := build(others)):
            return candidate
    for every in itertools.permutations(entry.options):  # last resort: give up the balanced slot
        if ok(every):
            return tuple(every)
    raise PresentationError(f"{entry.owner}: {entry.item}: no displayed order is acceptable")


def _cost(entries: list[Entry], slots: dict[int, list[int]]) -> float:
    """How unevenly one module's keys sit, weighted by what a key is worth (points).

    Squared deviation of each position's keyed weight from its fair share, as a share of the
    module's weight, plus a heavy extra for any excess at the positions test-wise habits aim at
    (first and second): a small module cannot be balanced everywhere, so its unavoidable excess
    goes where no habit finds it.
    """
    total = sum(e.weight for e in entries)
    if not total:
        return 0.0
    cost = 0.0
    for p in range(max(len(e.options) for e in entries)):
        dev = sum(
            e.weight * ((p in slots[id(e)]) / len(e.keyed) - 1 / len(e.options))
            for e in entries
            if e.keyed and p < len(e.options)
        )
        dev /= total
        cost += dev * dev + (TARGETED_PENALTY * dev * dev if p in TARGETED and dev > 0 else 0.0)
    return cost


def _spread_over_modules(
    members: list[Entry], modules: dict[tuple[str, str], list[Entry]], slots: dict[int, list[int]]
) -> None:
    """Swap slot sets between items of one group (same n and number of keys), which keeps the
    bank's balance exact, while that lowers the summed costs of their modules (:func:`_cost`,
    over every item of the module, whatever its group)."""

    def cost(e: Entry) -> float:
        return _cost(modules[(e.family or e.group, e.module)], slots)

    for _ in range(SWAP_PASSES):
        improved = False
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if a.module == b.module or len(a.keyed) != len(b.keyed) or not (a.weight or b.weight):
                    continue
                before = cost(a) + cost(b)
                slots[id(a)], slots[id(b)] = slots[id(b)], slots[id(a)]
                if cost(a) + cost(b) < before - 1e-12:
                    improved = True
                else:
                    slots[id(a)], slots[id(b)] = slots[id(b)], slots[id(a)]
        if not improved:
            return


def assign(entries: Iterable[Entry], seed: str) -> dict[tuple[str, str, str], tuple[str, ...]]:
    """The displayed order (option ids) of every entry, keyed by ``Entry.name``.

    Keys first take the next positions of a seeded cycle per (group, number of options), which
    balances them over the bank; then whole slot sets are swapped between modules so that each
    module is as balanced as its size allows (:func:`_spread_over_modules`); then the other
    options are shuffled into the free places.
    """
    counters: dict[tuple[str, int], int] = {}
    ordered = sorted(entries, key=lambda e: (e.group, e.module, e.owner, e.item))
    slots: dict[int, list[int]] = {}
    groups: dict[tuple[str, int], list[Entry]] = {}
    for entry in ordered:
        n = len(entry.options)
        cycle = _cycle(seed, entry.group, n)
        start = counters.get((entry.group, n), 0)
        slots[id(entry)] = [cycle[(start + j) % n] for j in range(len(entry.keyed))]
        counters[(entry.group, n)] = start + len(entry.keyed)
        groups.setdefault((entry.group, n), []).append(entry)
    modules: dict[tuple[str, str], list[Entry]] = {}
    for entry in ordered:
        modules.setdefault((entry.family or entry.group, entry.module), []).append(entry)
    for members in groups.values():
        _spread_over_modules(members, modules, slots)
    orders = {}
    for entry in ordered:
        rng = random.Random(f"{seed}|{entry.group}|{entry.owner}|{entry.item}")
        orders[entry.name] = _order(entry, slots[id(entry)], rng)
    return orders


@dataclass(frozen=True)
class Presentation:
    """The displayed order of every conversation node and lettered checkpoint of a bank."""

    seed: str
    orders: dict[tuple[str, str, str], tuple[str, ...]]

    def order(self, group: str, owner: str, item: str) -> tuple[str, ...] | None:
        return self.orders.get((group, owner, item))


def scenario_entries(scenario: dict[str, Any]) -> list[Entry]:
    """The entries of one (validated, authored) scenario: lettered checkpoints and reply turns."""
    sid, module = scenario["id"], scenario["chapter"]
    out = []
    for item in scenario["checkpoints"]:
        kind = kind_of(item)
        if isinstance(kind, LetteredKind):
            out.append(
                Entry(
                    item["type"],
                    module,
                    sid,
                    item["id"],
                    tuple(kind.option_ids(item).values()),
                    tuple(kind.keyed(item)),
                    lambda order, kind=kind, item=item: kind.acceptable(item, order),
                    # A choice key's position is what a position habit wins; an ordering's first step is not.
                    float(item["points"]) if kind.distractor_analysis else 0.0,
                    "checkpoints",
                )
            )
    for node in scenario["conversation"]["nodes"]:
        replies = node.get("responses", [])
        if len(replies) >= 2:
            helpful = tuple(r["id"] for r in replies if r["quality"] == "helpful")
            out.append(Entry(CONVERSATION, module, sid, node["id"], tuple(r["id"] for r in replies), helpful))
    return out


def plan(scenarios: Iterable[dict[str, Any]], seed: str) -> Presentation:
    """The presentation of a whole bank of scenarios (every scenario of the course)."""
    entries = [e for s in scenarios for e in scenario_entries(s)]
    return Presentation(seed, assign(entries, seed))


def present(scenario: dict[str, Any], presentation: Presentation | None) -> dict[str, Any]:
    """A copy of an authored scenario as learners see it (``None``: the authored order).

    Replies are reordered; lettered checkpoints are relettered by their kind (each entry keeps
    its option id). Items the presentation does not know keep their authored order.
    """
    shown = copy.deepcopy(scenario)
    if presentation is None:
        return shown
    sid = scenario["id"]
    for node in shown["conversation"]["nodes"]:
        order = presentation.order(CONVERSATION, sid, node["id"])
        if order and "responses" in node:
            by_id = {r["id"]: r for r in node["responses"]}
            node["responses"] = [by_id[r] for r in order]
    for i, item in enumerate(shown["checkpoints"]):
        kind = kind_of(item)
        order = presentation.order(item["type"], sid, item["id"])
        if order and isinstance(kind, LetteredKind):
            shown["checkpoints"][i] = kind.presented(item, order)
    return shown


def displayed_options(
    scenario: dict[str, Any], checkpoint: dict[str, Any], presentation: Presentation | None
) -> list[tuple[str, dict[str, Any]]]:
    """(displayed letter, authored option) for one lettered checkpoint, in displayed order.

    ``scenario`` and ``checkpoint`` are the authored (validated) data; ``presentation`` is the
    course's (:func:`course_presentation`), or ``None`` for the authored order. The option dicts
    are the authored ones, so ``option["key"]`` is the option id and its text and feedback are
    as written. Raises ValueError for a checkpoint whose kind has no lettered options.
    """
    kind = kind_of(checkpoint)
    if not isinstance(kind, LetteredKind):
        raise ValueError(f"checkpoint {checkpoint['id']!r} has no lettered options")
    by_id = {o["key"]: o for o in checkpoint[kind.listed]}
    order = presentation.order(checkpoint["type"], scenario["id"], checkpoint["id"]) if presentation else None
    shown = kind.presented(checkpoint, order or tuple(by_id))
    return [(entry["key"], by_id[entry["option_id"]]) for entry in shown[kind.listed]]


def read_seed(root: Path) -> str:
    """The presentation seed from ``<root>/_config.yml`` (``sphinx.config.tic_presentation_seed``),
    or DEFAULT_SEED when the setting or the file is absent."""
    file = Path(root) / "_config.yml"
    if not file.exists():
        return DEFAULT_SEED
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PresentationError(f"{file}: invalid YAML: {exc}") from None
    value = ((data.get("sphinx") or {}).get("config") or {}).get(SEED_SETTING, DEFAULT_SEED)
    if isinstance(value, bool) or not isinstance(value, str | int) or not str(value).strip():
        raise PresentationError(
            f"{file}: sphinx.config.{SEED_SETTING}: {value!r} is not a seed; write a word or a number"
        )
    return str(value).strip()


def course_presentation(
    root: Path, scenarios: Iterable[dict[str, Any]] = (), seed: str | None = None
) -> Presentation:
    """The presentation of the course at ``root``: its seed, planned over every scenario in its
    ``exercises/`` plus ``scenarios`` (which replace same-id files, e.g. one being edited).
    ``seed`` overrides the course setting (the book passes its Sphinx config value, read from
    the same setting).

    Raises CatalogueError when a scenario of the course is invalid: the orders depend on the
    whole bank, so a release cannot be planned around a broken file.
    """
    bank = {s["id"]: s for s in load_all(CourseLayout(Path(root)).scenario_files())}
    bank.update({s["id"]: s for s in scenarios})
    return plan(sorted(bank.values(), key=lambda s: s["id"]), read_seed(root) if seed is None else seed)
