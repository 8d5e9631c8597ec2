"""Every error jointmap raises on purpose, in one hierarchy::

    JointmapError
    ├── InputError            bad input; names the file, line and field (``file:line: field: problem``)
    ├── StoreError            the store refused or cannot do something
    │   ├── UnknownOrganisation   a write by an organisation the store does not know
    │   ├── NotAllowed            a write the author may not make
    │   └── NotFound              a record asked for by id does not exist
    └── LedgerError           (jointmap.ledger) proofs, signatures, notes and checkpoints
        ├── ProofError
        ├── SignatureError
        └── NoteFormatError

The CLI turns a JointmapError into a one-line message and exit code 2 (bad usage or refused write) or 1
(verification failed); anything else is a bug and shows a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "InputError",
    "JointmapError",
    "NotAllowed",
    "NotFound",
    "RowError",
    "StoreError",
    "UnknownOrganisation",
]


class JointmapError(Exception):
    """Base of every deliberate jointmap error."""

    exit_code = 2


@dataclass(frozen=True)
class RowError:
    """One rejected input record: where it is and what is wrong with which field."""

    file: str
    line: int
    field: str
    problem: str
    #: What ``line`` counts: "line" in text files, "feature" or "record" in GeoJSON and JSON arrays.
    unit: str = "line"

    def __str__(self) -> str:
        where = str(self.line) if self.unit == "line" else f"{self.unit} {self.line}"
        return f"{self.file}:{where}: {self.field}: {self.problem}"


class InputError(JointmapError):
    """Input that cannot be used; ``errors`` lists each place that is wrong."""

    def __init__(self, errors: Sequence[RowError] | str) -> None:
        if isinstance(errors, str):
            self.errors: tuple[RowError, ...] = ()
            super().__init__(errors)
        else:
            self.errors = tuple(errors)
            super().__init__("\n".join(str(e) for e in self.errors))


class StoreError(JointmapError):
    """The store refused an operation."""


class UnknownOrganisation(StoreError):
    def __init__(self, org: str | None, known: Sequence[str]) -> None:
        self.org = org
        self.known = tuple(known)
        listed = ", ".join(self.known) if self.known else "none yet (run `jointmap demo` or register one)"
        who = f"organisation {org!r} is not known to this store" if org else "no organisation given"
        super().__init__(f"{who}; use --as ORG (or $JOINTMAP_ORG) with one of: {listed}")


class NotAllowed(StoreError):
    """The author may not make this write."""


class NotFound(StoreError):
    """No record with that id."""
