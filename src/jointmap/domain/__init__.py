"""Domain types: the vocabulary of DESIGN.md as validated, immutable pydantic models. No I/O here."""

from jointmap.domain.access import AccessRequest, AccessStatus, AccessStep
from jointmap.domain.actors import Actor, ActorKind, ActorName, Designation, NameKind
from jointmap.domain.agreements import Agreement, Obligation, Party
from jointmap.domain.alerts import Alert, alert_id, alert_key
from jointmap.domain.allegations import Allegation, AllegationKind
from jointmap.domain.control import ControlArea, ControlObservation, Layer, LayerKind
from jointmap.domain.events import SUB_EVENT_TYPES, EventType, SubEventType, event_type_of
from jointmap.domain.incidents import (
    RULE_IGNORED,
    ActorRole,
    Credibility,
    Fatalities,
    Incident,
    IncidentStatus,
    InvolvedActor,
    LinkRole,
    ReportLink,
    situation_of,
)
from jointmap.domain.log import ENTRY_VERSION, LogEntry, canonical_json, format_time, sha256_hex
from jointmap.domain.organisations import Organisation, OrganisationKind, Reliability, Source, SourceKind
from jointmap.domain.places import DatePrecision, Location, LocationPrecision, TimeSpan
from jointmap.domain.reports import Report, content_hash
from jointmap.domain.sites import ProtectedSite, SiteKind
from jointmap.domain.verdicts import (
    VALUE_SEPARATOR,
    BatchedVerdict,
    Fact,
    Outcome,
    Verdict,
    VerdictBatch,
    VerdictRows,
    VerdictTemplate,
)

__all__ = [
    "ENTRY_VERSION",
    "RULE_IGNORED",
    "SUB_EVENT_TYPES",
    "VALUE_SEPARATOR",
    "AccessRequest",
    "AccessStatus",
    "AccessStep",
    "Actor",
    "ActorKind",
    "ActorName",
    "ActorRole",
    "Agreement",
    "Alert",
    "Allegation",
    "AllegationKind",
    "BatchedVerdict",
    "ControlArea",
    "ControlObservation",
    "Credibility",
    "DatePrecision",
    "Designation",
    "EventType",
    "Fact",
    "Fatalities",
    "Incident",
    "IncidentStatus",
    "InvolvedActor",
    "Layer",
    "LayerKind",
    "LinkRole",
    "Location",
    "LocationPrecision",
    "LogEntry",
    "NameKind",
    "Obligation",
    "Organisation",
    "OrganisationKind",
    "Outcome",
    "Party",
    "ProtectedSite",
    "Reliability",
    "Report",
    "ReportLink",
    "SiteKind",
    "Source",
    "SourceKind",
    "SubEventType",
    "TimeSpan",
    "Verdict",
    "VerdictBatch",
    "VerdictRows",
    "VerdictTemplate",
    "alert_id",
    "alert_key",
    "canonical_json",
    "content_hash",
    "event_type_of",
    "format_time",
    "sha256_hex",
    "situation_of",
]
