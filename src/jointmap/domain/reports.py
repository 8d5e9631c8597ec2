"""Reports: one source's account, exactly as received, never edited."""

from __future__ import annotations

import hashlib

from pydantic import ConfigDict, Field

from jointmap.domain._base import AwareDatetime, DomainModel, Identifier

__all__ = ["Report", "content_hash"]


def content_hash(*parts: str) -> str:
    """SHA-256 over the parts, separated by NUL, as hex: the identity of received content."""
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()


class Report(DomainModel):
    # Verbatim: surrounding whitespace is part of what was received (extraction spans count from it).
    model_config = ConfigDict(str_strip_whitespace=False)

    id: Identifier
    source: Identifier
    received_at: AwareDatetime
    published_at: AwareDatetime | None = None
    title: str = ""
    text: str = Field(min_length=1)
    language: str = "en"
    url: str | None = None

    @property
    def digest(self) -> str:
        """Identity of the content, so the same account imported twice is stored once."""
        return content_hash(self.source, self.title, self.text)
