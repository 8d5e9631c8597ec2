"""Agreements: parties, excluded actors, dates, scope and obligations as machine-readable rules."""

from __future__ import annotations

from pydantic import Field, model_validator

from jointmap.domain._base import AwareDatetime, DomainModel, Identifier

__all__ = ["Agreement", "Obligation", "Party"]


class Party(DomainModel):
    actor: Identifier
    #: Which side of the agreement the actor is on ("government", "opposition").
    side: str = Field(min_length=1)


class Obligation(DomainModel):
    """A rule: ``predicate`` names the check in code; ``params`` are its data."""

    id: Identifier
    predicate: str = Field(min_length=1)
    text: str = Field(min_length=1)
    applies_to: tuple[str, ...] = ()
    params: dict[str, str | int | float | bool | list[str]] = Field(default_factory=dict)
    needs_review: bool = False


class Agreement(DomainModel):
    id: Identifier
    name: str = Field(min_length=1)
    effective_from: AwareDatetime
    effective_to: AwareDatetime | None = None
    parties: tuple[Party, ...] = Field(min_length=1)
    excluded: tuple[Identifier, ...] = ()
    #: Organisations that must cosign a checkpoint for it to be "joint".
    guarantors: tuple[Identifier, ...] = ()
    #: ISO 3166 country codes the agreement covers; area_wkt narrows it further.
    scope_countries: tuple[str, ...] = ()
    scope_area_wkt: str | None = None
    obligations: tuple[Obligation, ...] = ()
    text_url: str | None = None
    notes: str = ""

    @model_validator(mode="after")
    def _consistent(self) -> Agreement:
        party_ids = {p.actor for p in self.parties}
        both = party_ids & set(self.excluded)
        if both:
            raise ValueError(f"actors both party and excluded: {sorted(both)}")
        if self.effective_to is not None and self.effective_to <= self.effective_from:
            raise ValueError("effective_to must be after effective_from")
        return self
