"""An actor's standing under an agreement on a day: party (and side), excluded, civilians, or neither.

Standing follows the actor id, never its name, so al-Nusra stays excluded as Jabhat Fateh al-Sham; a unit
inherits its parent's standing (a brigade of a party is the party). An obligation may also exclude actors by
listing (``params.excluded_listings``: designating bodies such as "UN Security Council"), read from the
actors' dated designations.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from jointmap.domain import Actor, ActorKind, Agreement

__all__ = ["Standing", "StandingKind", "Standings"]


class StandingKind(StrEnum):
    PARTY = "party"
    EXCLUDED = "excluded"
    CIVILIANS = "civilians"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Standing:
    actor: str
    kind: StandingKind
    side: str | None
    #: the name in force that day, e.g. "Jabhat Fateh al-Sham" after 28 July 2016
    name: str
    #: why: "listed as excluded", "party (government side) via parent saa", "UN listing ..."
    reason: str

    def describe(self) -> str:
        called = f"{self.name} ({self.actor})" if self.name != self.actor else self.actor
        return f"{called}: {self.reason}"


class Standings:
    """Resolves standings for one agreement; pure, built from the agreement and the actors."""

    def __init__(
        self, agreement: Agreement, actors: Mapping[str, Actor], excluded_listings: Iterable[str] = ()
    ) -> None:
        self.agreement = agreement
        self.actors = actors
        self.sides = {p.actor: p.side for p in agreement.parties}
        self.excluded = set(agreement.excluded)
        self.listings = tuple(excluded_listings)
        self._memo: dict[tuple[str, date], Standing] = {}

    def name(self, actor: str, day: date) -> str:
        known = self.actors.get(actor)
        return known.name_on(day) if known is not None else actor

    def _lineage(self, actor: str) -> list[str]:
        chain, seen = [actor], {actor}
        while (known := self.actors.get(chain[-1])) is not None and known.parent and known.parent not in seen:
            chain.append(known.parent)
            seen.add(known.parent)
        return chain

    def of(self, actor: str, day: date) -> Standing:
        """The actor's standing on ``day`` (memoised: a run asks about the same few actors and days)."""
        key = (actor, day)
        known = self._memo.get(key)
        if known is None:
            known = self._memo[key] = self._of(actor, day)
        return known

    def _of(self, actor: str, day: date) -> Standing:
        name = self.name(actor, day)
        known = self.actors.get(actor)
        if known is not None and known.kind is ActorKind.CIVILIANS:
            return Standing(actor, StandingKind.CIVILIANS, None, name, "civilians")
        agreement = self.agreement.id
        for ancestor in self._lineage(actor):
            via = "" if ancestor == actor else f" via parent {ancestor}"
            if ancestor in self.excluded:
                return Standing(actor, StandingKind.EXCLUDED, None, name, f"excluded by {agreement}{via}")
            if ancestor in self.sides:
                side = self.sides[ancestor]
                return Standing(actor, StandingKind.PARTY, side, name, f"party ({side} side){via}")
            listing = self._listed(ancestor, day)
            if listing is not None:
                return Standing(
                    actor, StandingKind.EXCLUDED, None, name, f"excluded as listed: {listing}{via}"
                )
        return Standing(
            actor, StandingKind.OTHER, None, name, f"neither party to nor excluded from {agreement}"
        )

    def _listed(self, actor: str, day: date) -> str | None:
        known = self.actors.get(actor)
        if known is None or not self.listings:
            return None
        for d in known.designations:
            if d.by in self.listings and d.contains(day):
                return f"{d.by}, {d.listing}"
        return None
