"""Verdict templates cut from a judgement: what ``BulkJudge`` stores once per situation, and the columns a
bulk run returns.

A situation's representative is judged with stand-ins (``SUBJECT``, ``stand_in``) in place of its id and its
holdings' record ids, versions and settlements; ``template_of`` replaces the stand-ins by placeholders. A
template must say exactly what judging an incident in full says once filled with that incident's values
(``same_as``); ``literal`` keeps a judgement made in full as a template of its own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from jointmap.adjudicate.context import ProximityAlert
from jointmap.adjudicate.judge import Judgement
from jointmap.control import Holding
from jointmap.domain import VALUE_SEPARATOR, Fact, VerdictTemplate
from jointmap.store.verdicts import names_of

__all__ = ["SUBJECT", "Filled", "Judged", "literal", "same_as", "stand_in", "template_of"]


@dataclass(frozen=True, slots=True)
class Filled:
    """One subject's verdict as a template and its values; ``judgement`` when it was judged in full."""

    subject: str
    template: VerdictTemplate
    key: str
    params: dict[str, str]
    alerts: tuple[ProximityAlert, ...] = ()
    judgement: Judgement | None = None


#: Stand-ins for what differs between incidents of one situation. The representative is judged with them
#: in place of its id and its holdings' record ids, versions and settlements, so the template is cut from
#: strings that occur nowhere else (no search for real values, which could also occur in fixed text).
SUBJECT = "\x00subject\x00"
_SEQ_BASE = 10**15


def stand_in(n: int, h: Holding) -> Holding:
    return h._replace(
        record_id=f"\x00h{n}r\x00",
        recorded_seq=-(_SEQ_BASE + n),
        place=None if h.place is None else f"\x00h{n}p\x00",
    )


def _cut(text: str, count: int) -> str:
    text = _escape(text).replace(SUBJECT, "{subject}")
    for n in range(count):
        text = text.replace(f"\x00h{n}r\x00", f"{{h{n}_r}}").replace(f"\x00h{n}p\x00", f"{{h{n}_p}}")
        text = text.replace(str(-(_SEQ_BASE + n)), f"{{h{n}_v}}")
    return text


def template_of(j: Judgement, count: int) -> VerdictTemplate | None:
    """The template of a judgement made with stand-ins for its id and ``count`` holdings; None when a
    stand-in is left over (a rule used it in a way a template cannot express)."""
    template = _template(j, lambda text: _cut(text, count))
    return None if any("\x00" in text for text in template._texts()) else template


def literal(j: Judgement) -> Filled:
    """A judgement made in full, as a template of its own (its text kept as it is)."""
    template = _template(j, _escape)
    return Filled(j.subject, template, template.key(), {}, j.alerts, j)


def _template(j: Judgement, text: Callable[[str], str]) -> VerdictTemplate:
    return VerdictTemplate(
        outcome=j.outcome,
        responsible=j.responsible,
        rule=j.rule,
        confidence=j.confidence,
        explanation=text(j.explanation),
        facts=tuple(Fact(statement=text(f.statement), source=text(f.source)) for f in j.facts),
        layer=j.layer,
        layer_version=j.layer_version,
        needs_review=j.needs_review,
    )


def same_as(template: VerdictTemplate, params: dict[str, str], j: Judgement) -> bool:
    """Does the template, filled with an incident's values, say exactly what judging it in full said?
    (Compared field by field and text by text: equal inputs make equal verdicts, without rendering one.)"""
    fixed = (template.outcome, template.responsible, template.rule, template.confidence, len(template.facts))
    said = (j.outcome, j.responsible, j.rule, j.confidence, len(j.facts))
    stored = (template.layer, template.layer_version, template.needs_review)
    if fixed != said or stored != (j.layer, j.layer_version, j.needs_review):
        return False
    texts = (j.explanation, *(text for f in j.facts for text in (f.statement, f.source)))
    return template.filled_texts({**params, "subject": j.subject}) == texts


def _escape(value: str) -> str:
    return value.replace("{", "{{").replace("}", "}}")


@dataclass
class Judged:
    """The verdicts of a run of rows, column by column (what ``adjudicate_store`` writes).

    Row ``n`` is on ``subjects[n]``; ``keys[n]`` names its template in ``templates`` (None: a reviewer
    rejected the incident, it gets no verdict) and ``values[n]`` fills it: the values of the template's
    sorted placeholder names (``subject`` aside) joined by ``VALUE_SEPARATOR``. Rows judged in full keep
    their ``Judgement``; rows near a protected site their alerts.
    """

    subjects: list[str]
    keys: list[str | None]
    values: list[str]
    templates: dict[str, VerdictTemplate] = field(default_factory=dict)
    judgements: dict[int, Judgement] = field(default_factory=dict)
    alerts: dict[int, tuple[ProximityAlert, ...]] = field(default_factory=dict)

    def filled(self, n: int) -> Filled | None:
        """Row ``n`` as a ``Filled`` (values by name)."""
        key = self.keys[n]
        if key is None:
            return None
        template = self.templates[key]
        names = names_of(template)
        params = dict(zip(names, self.values[n].split(VALUE_SEPARATOR), strict=True)) if names else {}
        return Filled(self.subjects[n], template, key, params, self.alerts.get(n, ()), self.judgements.get(n))
