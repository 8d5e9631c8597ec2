"""Who may sign what: organisations' published keys, rotations and revocations, as a pure state machine.

The key entries of the log (``key.publish``, ``key.rotate``, ``key.revoke``) are replayed in order by the
store (to refuse a bad write) and by the offline verifier (to know which key must have signed each entry).
Both ask the same question of :class:`KeyHistory`: *given the entries so far, which public key must sign
this next entry?* The rules (docs/log-format.md, "Keys in the log"):

* ``key.publish`` — an organisation's first key, or a fresh one after a revocation. Authored by that
  organisation and signed by the key it publishes (self-certified: proof that the author holds it).
* ``key.rotate`` — replace the active key: authored by the organisation, signed by the **old** key; the
  old key is *retired* (its earlier signatures stay valid).
* ``key.revoke`` — the key must not be trusted from this entry on: authored by the organisation (signed by
  its active key) or by a registrar (operator or monitor, signed by the registrar's key) when the
  organisation lost its key.
* Any other entry is signed by its author's active key. An organisation that never published a key
  writes unsigned entries (a log without signing); once it has published one, an unsigned entry or one
  after its key was revoked (before a new ``key.publish``) is refused.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jointmap.ledger.errors import LedgerError, NoteFormatError
from jointmap.ledger.signers import Ed25519Verifier, parse_verifier_key

__all__ = [
    "KEY_KINDS",
    "KEY_PUBLISH",
    "KEY_REVOKE",
    "KEY_ROTATE",
    "KeyHistory",
    "KeyPublish",
    "KeyRecord",
    "KeyRevoke",
    "KeyRotate",
    "KeyRuleError",
    "SigningKey",
    "parse_org_key",
]

KEY_PUBLISH = "key.publish"
KEY_ROTATE = "key.rotate"
KEY_REVOKE = "key.revoke"
KEY_KINDS = frozenset({KEY_PUBLISH, KEY_ROTATE, KEY_REVOKE})

_ID = r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"


class _Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class KeyPublish(_Payload):
    """``key.publish``: ``key`` is the signed-note verifier key ``<org>+<key id>+<base64(0x01||key)>``."""

    org: str = Field(min_length=1, max_length=120, pattern=_ID)
    key: str = Field(min_length=1)


class KeyRotate(_Payload):
    """``key.rotate``: the new verifier key and the hex key ID of the active key it replaces."""

    org: str = Field(min_length=1, max_length=120, pattern=_ID)
    key: str = Field(min_length=1)
    previous: str = Field(pattern=r"^[0-9a-f]{8}$")


class KeyRevoke(_Payload):
    """``key.revoke``: the hex key ID of one of ``org``'s keys, and why."""

    org: str = Field(min_length=1, max_length=120, pattern=_ID)
    key_id: str = Field(pattern=r"^[0-9a-f]{8}$")
    reason: str = ""


class KeyRuleError(LedgerError):
    """A key entry or signature that the key rules do not allow."""


@dataclass(frozen=True, slots=True)
class SigningKey:
    """The key that must have signed an entry: its organisation, hex key ID and raw 32-byte public key."""

    org: str
    key_id: str
    public_key: bytes


@dataclass(slots=True)
class KeyRecord:
    """One published key and what happened to it (``*_seq`` are log sequence numbers)."""

    org: str
    key_id: str
    verifier_key: str
    public_key: bytes
    published_seq: int
    retired_seq: int | None = None
    revoked_seq: int | None = None

    @property
    def status(self) -> str:
        if self.revoked_seq is not None:
            return "revoked"
        return "retired" if self.retired_seq is not None else "active"

    def signing_key(self) -> SigningKey:
        return SigningKey(self.org, self.key_id, self.public_key)


def parse_org_key(org: str, vkey: str) -> Ed25519Verifier:
    """An organisation's verifier key string; its key name must be the organisation id."""
    try:
        verifier = parse_verifier_key(vkey)
    except NoteFormatError as exc:
        raise KeyRuleError(f"bad key for {org}: {exc}") from exc
    if not isinstance(verifier, Ed25519Verifier):
        raise KeyRuleError(f"key for {org} must be an Ed25519 note key (type 0x01)")
    if verifier.name != org:
        raise KeyRuleError(f"key named {verifier.name!r} cannot be published as {org}'s key")
    return verifier


def _model(model: type[_Payload], payload: BaseModel | dict[str, Any]) -> Any:
    if isinstance(payload, model):
        return payload
    data = payload.model_dump(mode="json") if isinstance(payload, BaseModel) else payload
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise KeyRuleError(f"malformed key entry: {exc.errors()[0]['msg']}") from exc


@dataclass
class KeyHistory:
    """Every key published so far, indexed by organisation."""

    records: list[KeyRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._by_org: dict[str, list[KeyRecord]] = {}
        for record in self.records:
            self._by_org.setdefault(record.org, []).append(record)

    @classmethod
    def from_records(cls, records: Iterable[KeyRecord]) -> KeyHistory:
        return cls(list(records))

    def keys_of(self, org: str) -> list[KeyRecord]:
        return list(self._by_org.get(org, ()))

    def active(self, org: str) -> KeyRecord | None:
        for record in self._by_org.get(org, ()):
            if record.status == "active":
                return record
        return None

    def ever_keyed(self, org: str) -> bool:
        return org in self._by_org

    def find(self, org: str, key_id: str) -> KeyRecord | None:
        for record in self._by_org.get(org, ()):
            if record.key_id == key_id:
                return record
        return None

    def _author_key(self, author: str) -> SigningKey | None:
        active = self.active(author)
        if active is not None:
            return active.signing_key()
        if self.ever_keyed(author):
            last = self._by_org[author][-1]
            raise KeyRuleError(
                f"{author} has no valid key: its key {last.key_id} was revoked at entry {last.revoked_seq}; "
                f"it must publish a new key (jointmap keys new {author}) before writing"
            )
        return None

    def _new_key(self, org: str, vkey: str) -> SigningKey:
        verifier = parse_org_key(org, vkey)
        hex_id = verifier.key_id.hex()
        earlier = self.find(org, hex_id)
        if earlier is not None:
            raise KeyRuleError(f"{org}'s key {hex_id} was already published at entry {earlier.published_seq}")
        return SigningKey(org, hex_id, verifier.public_key)

    def signing_key(
        self, kind: str, author: str, payload: BaseModel | dict[str, Any], *, registrar: bool = False
    ) -> SigningKey | None:
        """The key that must sign the next entry, or None when it may be unsigned; KeyRuleError if refused.

        ``registrar`` says whether the author is an operator or monitor (may revoke others' keys).
        """
        if kind == KEY_PUBLISH:
            pub = _model(KeyPublish, payload)
            if pub.org != author:
                raise KeyRuleError(
                    f"{author} may not publish a key for {pub.org}: each organisation publishes its own"
                )
            active = self.active(author)
            if active is not None:
                raise KeyRuleError(
                    f"{author} already has the active key {active.key_id}; "
                    f"rotate it (jointmap keys rotate {author})"
                )
            return self._new_key(author, pub.key)
        if kind == KEY_ROTATE:
            rot = _model(KeyRotate, payload)
            if rot.org != author:
                raise KeyRuleError(f"{author} may not rotate {rot.org}'s key")
            active = self.active(author)
            if active is None:
                raise KeyRuleError(f"{author} has no active key to rotate; publish one")
            if rot.previous != active.key_id:
                raise KeyRuleError(f"{author}'s active key is {active.key_id}, not {rot.previous}")
            self._new_key(author, rot.key)
            return active.signing_key()
        if kind == KEY_REVOKE:
            rev = _model(KeyRevoke, payload)
            target = self.find(rev.org, rev.key_id)
            if target is None:
                raise KeyRuleError(f"{rev.org} has no key {rev.key_id} to revoke")
            if target.revoked_seq is not None:
                raise KeyRuleError(
                    f"{rev.org}'s key {rev.key_id} is already revoked (entry {target.revoked_seq})"
                )
            if rev.org != author and not registrar:
                raise KeyRuleError(
                    f"{author} may not revoke {rev.org}'s key (only it, an operator or a monitor)"
                )
        return self._author_key(author)

    def apply(self, seq: int, kind: str, payload: BaseModel | dict[str, Any]) -> None:
        """Record an accepted key entry (other kinds are ignored)."""
        if kind in (KEY_PUBLISH, KEY_ROTATE):
            model = _model(KeyPublish if kind == KEY_PUBLISH else KeyRotate, payload)
            verifier = parse_org_key(model.org, model.key)
            if kind == KEY_ROTATE:
                active = self.active(model.org)
                if active is not None:
                    active.retired_seq = seq
            record = KeyRecord(
                model.org, verifier.key_id.hex(), verifier.verifier_key, verifier.public_key, seq
            )
            self.records.append(record)
            self._by_org.setdefault(model.org, []).append(record)
        elif kind == KEY_REVOKE:
            rev = _model(KeyRevoke, payload)
            target = self.find(rev.org, rev.key_id)
            if target is not None and target.revoked_seq is None:
                target.revoked_seq = seq
