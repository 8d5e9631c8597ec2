"""Verdicts: the judgement of one incident (or access request) under one agreement, with every fact used."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from enum import StrEnum
from functools import lru_cache
from typing import Annotated

from pydantic import Field, model_validator

from jointmap.domain._base import DomainModel, Identifier

__all__ = [
    "VALUE_SEPARATOR",
    "BatchedVerdict",
    "Fact",
    "Outcome",
    "Verdict",
    "VerdictBatch",
    "VerdictRows",
    "VerdictTemplate",
    "fill",
]


class Outcome(StrEnum):
    VIOLATION = "violation"
    NOT_COVERED = "not_covered"
    NO_VIOLATION = "no_violation"
    INDETERMINATE = "indeterminate"


class Fact(DomainModel):
    """One fact the verdict rests on and where it came from (incident field, layer version, rule)."""

    statement: str = Field(min_length=1)
    source: str = Field(min_length=1)


class Verdict(DomainModel):
    id: Identifier
    subject: Identifier  # incident or access request id
    agreement: Identifier
    outcome: Outcome
    responsible: tuple[Identifier, ...] = ()
    rule: Identifier | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    explanation: str = Field(min_length=1)
    facts: tuple[Fact, ...] = ()
    decided_at: datetime
    #: A reviewer's override: who and why.
    override_reason: str | None = None
    supersedes: Identifier | None = None
    #: The control layer and version the verdict cites (the one in force, when the finding did not need it);
    #: None for subjects judged without a layer. Typed so the verdicts table can be filtered on them.
    layer: Identifier | None = None
    layer_version: int | None = Field(default=None, ge=0)
    #: A rule asked for a human reviewer (self-defence, a hit on a protected site).
    needs_review: bool = False


class VerdictTemplate(DomainModel):
    """What many verdicts share: a verdict's content with ``{name}`` placeholders for what differs.

    A bulk adjudication judges one incident per situation (same dates, actors, rule inputs, holders of the
    ground) and writes the rest as this template (a ``verdict.template`` entry, keyed by ``key()``) plus
    each subject's values: ``{subject}`` (the incident id) and ``{hN_r}`` / ``{hN_v}`` / ``{hN_p}`` (the
    Nth holding's record id, recorded version and settlement). Rendering is plain substitution: ``{name}``
    (lower-case letters, digits, ``_``) by its value, ``{{`` and ``}}`` by one brace; any other brace makes
    the template invalid. So anyone holding the log can reproduce the full text of every verdict.
    """

    outcome: Outcome
    responsible: tuple[Identifier, ...] = ()
    rule: Identifier | None = None
    confidence: float = Field(ge=0.0, le=1.0)
    explanation: str = Field(min_length=1)
    facts: tuple[Fact, ...] = ()
    layer: Identifier | None = None
    layer_version: int | None = Field(default=None, ge=0)
    needs_review: bool = False

    def key(self) -> str:
        """The template's id in a batch: a hash of every field, joined with ASCII record/unit separators
        (which no field carries): cheaper than canonical JSON, and as easy to recompute."""
        parts = [
            self.outcome.value,
            "\x1f".join(self.responsible),
            self.rule or "",
            repr(float(self.confidence)),
            self.explanation,
            *(f"{f.statement}\x1f{f.source}" for f in self.facts),
            self.layer or "",
            "" if self.layer_version is None else str(self.layer_version),
            "review" if self.needs_review else "",
        ]
        return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:32]

    @model_validator(mode="after")
    def _only_simple_fields(self) -> VerdictTemplate:
        for text in self._texts():
            if _STRAY_BRACE.search(_TOKEN.sub("", text)):
                raise ValueError(
                    f"template text has a brace that is not {{name}}, {{{{ or }}}}: {text[:80]!r}"
                )
        return self

    def _texts(self) -> tuple[str, ...]:
        return (self.explanation, *(t for f in self.facts for t in (f.statement, f.source)))

    def filled_texts(self, values: dict[str, str]) -> tuple[str, ...]:
        """The explanation, then each fact's statement and source, filled with ``values`` (what ``render``
        puts in a verdict, without building one)."""
        return tuple(fill(text, values) for text in self._texts())

    def placeholders(self) -> frozenset[str]:
        return frozenset().union(*(_placeholder_names(t) for t in self._texts()))

    def render(
        self,
        *,
        id: str,
        subject: str,
        agreement: str,
        decided_at: datetime,
        supersedes: str | None,
        params: dict[str, str],
    ) -> Verdict:
        values = {**params, "subject": subject}
        return Verdict(
            id=id,
            subject=subject,
            agreement=agreement,
            outcome=self.outcome,
            responsible=self.responsible,
            rule=self.rule,
            confidence=self.confidence,
            explanation=fill(self.explanation, values),
            facts=tuple(
                Fact(statement=fill(f.statement, values), source=fill(f.source, values)) for f in self.facts
            ),
            decided_at=decided_at,
            supersedes=supersedes,
            layer=self.layer,
            layer_version=self.layer_version,
            needs_review=self.needs_review,
        )


class BatchedVerdict(DomainModel):
    """One verdict of a ``VerdictBatch``: its template (by id) and the values that fill it."""

    id: Identifier
    subject: Identifier
    template: str = Field(min_length=1, max_length=64)
    supersedes: Identifier | None = None
    params: dict[str, str] = Field(default_factory=dict)


class VerdictBatch(DomainModel):
    """Many machine verdicts under one agreement in one log entry (a bulk adjudication).

    Each verdict names its template by key; the template is a ``verdict.template`` entry earlier in the log
    (written once, whatever number of verdicts use it). Rendered, each verdict is the ``Verdict`` a
    ``verdict.record`` entry would hold.
    """

    agreement: Identifier
    decided_at: datetime
    verdicts: tuple[BatchedVerdict, ...]


#: Joins a verdict's values in a ``VerdictRows`` entry (and in the ``batch_verdicts`` table): the ASCII unit
#: separator, which no value may hold.
VALUE_SEPARATOR = "\x1f"


class VerdictRows(DomainModel):
    """Many machine verdicts under one agreement in one log entry, column by column (a bulk adjudication).

    Verdict ``n`` is on ``subjects[n]``, fills template ``templates[template[n]]`` (a ``verdict.template``
    entry earlier in the log) with ``values[n]`` — its values in the order of the template's sorted
    placeholder names (``{subject}`` aside), joined by ``VALUE_SEPARATOR`` — and replaces ``supersedes[n]``.
    Its id is ``vd.<seq>.<n>``, ``seq`` being the entry's. Columns rather than one object per verdict: a
    million verdicts are written in one run, and per-verdict objects were most of its cost. Rendered, each
    verdict is the ``Verdict`` a ``verdict.record`` entry would hold.
    """

    agreement: Identifier
    decided_at: datetime
    templates: tuple[Annotated[str, Field(min_length=1, max_length=64)], ...]
    subjects: tuple[Identifier, ...]
    template: tuple[Annotated[int, Field(ge=0)], ...]
    values: tuple[str, ...]
    supersedes: tuple[Identifier | None, ...]

    @model_validator(mode="after")
    def _columns_agree(self) -> VerdictRows:
        n = len(self.subjects)
        if not (len(self.template) == len(self.values) == len(self.supersedes) == n):
            raise ValueError("subjects, template, values and supersedes must have one item per verdict")
        if self.template and max(self.template) >= len(self.templates):
            raise ValueError(
                f"a verdict names template {max(self.template)}; the entry lists {len(self.templates)}"
            )
        return self


#: ``{{``, ``}}`` or ``{name}``: the only brace forms a template may hold.
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z0-9_]+)\}")
_STRAY_BRACE = re.compile(r"[{}]")


def fill(text: str, values: dict[str, str]) -> str:
    """A template text with every ``{name}`` replaced by its value and ``{{``/``}}`` by one brace."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return match.group(0)[0]
        return values[name]

    return _TOKEN.sub(one, text)


@lru_cache(maxsize=65536)
def _placeholder_names(text: str) -> frozenset[str]:
    return frozenset(m.group(1) for m in _TOKEN.finditer(text) if m.group(1) is not None)
