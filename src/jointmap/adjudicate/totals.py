"""Running totals of violations per party, rule, governorate and week since the agreement took effect."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from jointmap.domain import Outcome

__all__ = ["Counted", "SubjectPlace", "Totals", "running_totals"]


@dataclass(frozen=True)
class SubjectPlace:
    """When and where a verdict's subject happened (an incident's start, a convoy's last step)."""

    day: date
    governorate: str | None


class Counted(Protocol):
    """What the totals read of a verdict (a ``Verdict``, or a store row's ``VerdictOutline``)."""

    @property
    def subject(self) -> str: ...
    @property
    def outcome(self) -> Outcome: ...
    @property
    def rule(self) -> str | None: ...
    @property
    def responsible(self) -> tuple[str, ...]: ...


@dataclass
class Totals:
    since: date
    #: outcome → number of current verdicts
    outcomes: Counter[str] = field(default_factory=Counter)
    by_party: Counter[str] = field(default_factory=Counter)
    by_side: Counter[str] = field(default_factory=Counter)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_governorate: Counter[str] = field(default_factory=Counter)
    #: week start (weeks counted from the effective date) → violations
    by_week: Counter[date] = field(default_factory=Counter)


def running_totals(
    verdicts: Iterable[Counted],
    places: Mapping[str, SubjectPlace],
    since: date,
    sides: Mapping[str, str] | None = None,
    week_origin: date | None = None,
) -> Totals:
    """Count current verdicts on subjects from ``since`` on; violations broken down four ways.

    A verdict naming several responsible actors (hedged: "Russian or Syrian aircraft") counts once per
    party, so party totals can exceed the number of violations; side totals count each verdict once.
    """
    origin = week_origin or since
    totals = Totals(since)
    for v in verdicts:
        place = places.get(v.subject)
        if place is None or place.day < since:
            continue
        totals.outcomes[v.outcome.value] += 1
        if v.outcome is not Outcome.VIOLATION:
            continue
        for actor in v.responsible:
            totals.by_party[actor] += 1
        for side in sorted({(sides or {}).get(a, "unknown side") for a in v.responsible}):
            totals.by_side[side] += 1
        totals.by_rule[v.rule or "(agreement terms)"] += 1
        totals.by_governorate[place.governorate or "(unknown)"] += 1
        weeks = (place.day - origin).days // 7
        totals.by_week[origin + timedelta(days=7 * weeks)] += 1
    return totals
