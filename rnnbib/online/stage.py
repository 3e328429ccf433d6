"""The protocol every resolution stage implements, and what the stages of one run share.

A stage (one row of :data:`rnnbib.online.services.SERVICES` with a ``resolver``) does two
things: :meth:`Resolver.plan` picks, over all works, what to ask its service (a :class:`Plan`:
lookup key -> the works that want it, each with a role), and :meth:`Resolver.resolve` asks and
folds the answers into the works.  Stages run in table order, each planning after the earlier
ones resolved, so a later stage sees what they found (:meth:`Run.claimed`, :meth:`Run.outcome`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..model import Work
from .config import ResolveConfig
from .http import HttpClient
from .outcome import record_outcome
from .progress import Progress
from .record import Lookup

PRIMARY = "primary"
"""The role of a lookup that decides a work's status (the work's own identity)."""


@dataclass
class Plan:
    """The lookups of one stage: key (lower case) -> ``(work, role)`` pairs, in the order planned."""

    targets: dict[str, list[tuple[Work, str]]] = field(default_factory=lambda: defaultdict(list))
    spelling: dict[str, str] = field(default_factory=dict)
    """Lower-case key -> the first spelling seen (what is sent to the service)."""

    def add(self, value: str, work: Work, role: str = PRIMARY) -> None:
        """Ask for ``value`` on behalf of ``work`` (case-insensitively merged with earlier asks)."""
        key = value.lower()
        self.spelling.setdefault(key, value)
        targets = self.targets[key]
        if all(w is not work or r != role for w, r in targets):
            targets.append((work, role))

    def __len__(self) -> int:
        return len(self.targets)


@dataclass
class Run:
    """One resolution run: settings, the HTTP client, progress bars, and the stages' outcomes."""

    config: ResolveConfig
    http: HttpClient
    progress: Progress
    primary: dict[int, tuple[str, Lookup]] = field(default_factory=dict)
    """``id(work)`` -> (stage, lookup) of the stage that looked the work up as itself."""

    def claimed(self, work: Work) -> bool:
        """True once an earlier stage looked ``work`` up as its primary identity."""
        return id(work) in self.primary

    def outcome(self, work: Work, stage: str) -> Lookup | None:
        """The primary lookup of ``work`` if ``stage`` made it."""
        found = self.primary.get(id(work))
        return found[1] if found is not None and found[0] == stage else None

    def record(self, work: Work, lookup: Lookup, service: str, *, stage: str, primary: bool = True,
               replace_preprint: bool = False) -> None:
        """Fold ``lookup`` into ``work`` (:func:`~rnnbib.online.outcome.record_outcome`), noting primaries."""
        record_outcome(work, lookup, service, primary=primary, replace_preprint=replace_preprint)
        if primary:
            self.primary[id(work)] = (stage, lookup)


class Resolver(Protocol):
    """One resolution stage (see the module docstring)."""

    name: str
    """The stage's service name (its row in :data:`~rnnbib.online.services.SERVICES`)."""

    def plan(self, works: Sequence[Work], run: Run) -> Plan:
        """What this stage will ask, given the works and what earlier stages found."""

    def resolve(self, plan: Plan, run: Run) -> None:
        """Ask the service and fold the answers into the planned works."""


def resolve_each(plan: Plan, run: Run, label: str, lookup: Callable[[str], Lookup],
                 apply: Callable[[Work, str, str, Lookup], None], unit: str = "id") -> None:
    """Look every key of ``plan`` up one by one (a progress bar per stage) and ``apply`` each answer.

    ``apply(work, role, value, lookup)`` is called for every work that planned the key.
    """
    with run.progress.bar(label, len(plan), unit=unit) as bar:
        for key, targets in plan.targets.items():
            value = plan.spelling[key]
            answer = lookup(value)
            for work, role in targets:
                apply(work, role, value, answer)
            bar.update(1)
