"""What a viewer may not see, removed from every response on the way out.

Protected sites (names, ids) are hidden from the public; the identities (names, ids) of restricted sources
are hidden from everyone but monitors, reviewers, administrators and the organisation the source belongs to.
Redaction works on the serialised JSON, so a name cannot slip through in a field nobody thought of (a
verdict's explanation that cites a hospital by name, a note, a log payload).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from fastapi import Response
from sqlalchemy import Engine, func, select

from jointmap.api.auth import Principal, sees_restricted_sources
from jointmap.store import schema as s

__all__ = ["SITE_MARK", "SOURCE_MARK", "Redactions", "json_response"]

SITE_MARK = "[protected site]"
SOURCE_MARK = "[restricted source]"


@dataclass(frozen=True)
class _Terms:
    #: (pattern, replacement) pairs
    sites: re.Pattern[str] | None
    #: organisation (None: no organisation) → pattern of its restricted sources
    sources: dict[str | None, list[str]]
    site_ids: frozenset[str]
    source_ids: dict[str, str | None]


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    # Match terms as they appear inside JSON strings; longest first so a name wins over its prefix.
    escaped = sorted({json.dumps(t, ensure_ascii=False)[1:-1] for t in terms if t}, key=len, reverse=True)
    if not escaped:
        return None
    return re.compile("|".join(rf"(?<!\w){re.escape(t)}(?!\w)" for t in escaped), re.IGNORECASE)


class Redactions:
    """Sensitive terms read from the store, refreshed when the log grows."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._seq = -2
        self._terms = _Terms(None, {}, frozenset(), {})
        self._patterns: dict[tuple[bool, frozenset[str | None]], re.Pattern[str] | None] = {}

    def _refresh(self) -> _Terms:
        with self.engine.connect() as conn:
            seq = conn.execute(select(func.coalesce(func.max(s.log_entries.c.seq), -1))).scalar_one()
            if seq == self._seq:
                return self._terms
            sites = conn.execute(select(s.protected_sites.c.id, s.protected_sites.c.name)).all()
            sources = conn.execute(
                select(s.sources.c.id, s.sources.c.name, s.sources.c.organisation).where(
                    s.sources.c.restricted.is_(True)
                )
            ).all()
        by_org: dict[str | None, list[str]] = {}
        for sid, name, org in sources:
            by_org.setdefault(org, []).extend([sid, name])
        self._terms = _Terms(
            _pattern([t for row in sites for t in row]),
            by_org,
            frozenset(r[0] for r in sites),
            {r[0]: r[2] for r in sources},
        )
        self._patterns = {}
        self._seq = int(seq)
        return self._terms

    def hidden_source_ids(self, p: Principal) -> set[str]:
        if sees_restricted_sources(p):
            return set()
        terms = self._refresh()
        return {sid for sid, org in terms.source_ids.items() if p.public or org != p.organisation}

    def apply(self, p: Principal, text: str) -> str:
        terms = self._refresh()
        if not p.public and sees_restricted_sources(p):
            return text
        own = frozenset() if p.public else frozenset({p.organisation})
        key = (p.public, own)
        if key not in self._patterns:
            hidden = [t for org, names in terms.sources.items() if org not in own for t in names]
            self._patterns[key] = _pattern(hidden)
        sources = self._patterns[key]
        if p.public and terms.sites is not None:
            text = terms.sites.sub(SITE_MARK, text)
        if sources is not None:
            text = sources.sub(SOURCE_MARK, text)
        return text


def json_response(request: Any, p: Principal, data: Any, status_code: int = 200) -> Response:
    """``data`` as JSON with everything ``p`` may not see replaced by a mark."""
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    redactions: Redactions = request.app.state.redactions
    return Response(redactions.apply(p, body), status_code=status_code, media_type="application/json")
