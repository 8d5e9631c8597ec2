"""The demo: a database built from a bundled scenario in one go, and a summary of what is in it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from jointmap.domain import OrganisationKind
from jointmap.errors import JointmapError
from jointmap.ledger.keyhistory import KEY_PUBLISH, KeyPublish
from jointmap.ledger.keyring import Keyring, resolve_keys_dir
from jointmap.scenarios import Scenario, load_scenario
from jointmap.store import Store
from jointmap.store import schema as s
from jointmap.store.verdicts import read_verdicts

__all__ = ["DemoSummary", "build_demo", "install_scenario", "summarise"]


@dataclass
class DemoSummary:
    path: str
    entries: int
    counts: dict[str, int]
    incidents_by_perpetrator: list[tuple[str, int]] = field(default_factory=list)
    incidents_by_governorate: list[tuple[str, int]] = field(default_factory=list)
    #: The keys directory, the checkpoint made, who cosigned it and whether that makes it joint.
    keys: str = ""
    #: Current verdicts per outcome, and violations per responsible actor (after ``adjudicate``).
    verdicts_by_outcome: list[tuple[str, int]] = field(default_factory=list)
    violations_by_actor: list[tuple[str, int]] = field(default_factory=list)
    checkpoint: int | None = None
    cosigned_by: tuple[str, ...] = ()
    joint: bool = False


def _write_order(scenario: Scenario, keyring: Keyring | None = None) -> list[tuple[str, str, object]]:
    """(kind, author, record) in an order where every reference points backwards.

    With a keyring, each organisation publishes the key it holds right after the registrations (the genesis
    operator's key is published by the store itself, right after it registers: see docs/log-format.md).
    """
    operators = [o for o in scenario.organisations if o.kind is OrganisationKind.OPERATOR]
    genesis = operators[0].id if operators else scenario.default_author
    orgs = sorted(scenario.organisations, key=lambda o: o.id != genesis)
    org_ids = {o.id for o in orgs}
    source_org = {src.id: src.organisation for src in scenario.sources}
    layer_org = {layer.id: layer.organisation for layer in scenario.layers}
    me = scenario.default_author

    def own(org: str | None) -> str:
        return org if org in org_ids and org is not None else me

    plan: list[tuple[str, str, object]] = [("organisation.register", genesis, o) for o in orgs]
    for o in orgs if keyring is not None else ():
        keypair = keyring.get(o.id) if keyring is not None else None
        if keypair is not None and o.id != genesis:
            plan.append((KEY_PUBLISH, o.id, KeyPublish(org=o.id, key=keypair.verifier_key)))
    plan += [("source.register", me, x) for x in scenario.sources]
    plan += [("actor.record", me, x) for x in scenario.actors]
    plan += [("agreement.record", me, x) for x in scenario.agreements]
    plan += [("layer.record", own(x.organisation), x) for x in scenario.layers]
    plan += [("control.observe", own(layer_org.get(x.layer)), x) for x in scenario.observations]
    plan += [("site.notify", own(x.notified_by), x) for x in scenario.sites]
    plan += [("report.receive", own(source_org.get(x.source)), x) for x in scenario.reports]
    plan += [("incident.record", me, x) for x in scenario.incidents]
    plan += [("allegation.record", own(x.accuser), x) for x in scenario.allegations]
    plan += [("access.record", own(x.requested_by), x) for x in scenario.access_requests]
    return plan


def install_scenario(store: Store, scenario: Scenario, progress: Callable[[int], None] | None = None) -> int:
    """Write every record of ``scenario`` through the log; returns the number of entries written.

    Entries are signed when ``store`` has a keyring holding the organisations' keys (see ``build_demo``).
    """
    plan = _write_order(scenario, store.keyring)
    written = 0
    with store.engine.begin() as conn:  # one transaction: a demo is all there or not there
        for kind, author, record in plan:
            result = store.write_in(conn, kind, author, record)  # type: ignore[arg-type]
            written += int(result.created)
            if progress:
                progress(1)
    return written


def summarise(store: Store, path: str = "") -> DemoSummary:
    counted = (
        "organisations",
        "actors",
        "agreements",
        "layers",
        "control_observations",
        "protected_sites",
        "reports",
        "incidents",
        "allegations",
        "access_requests",
        "verdicts",
    )
    counts = {name: store.count(name) for name in counted}
    with store.engine.connect() as conn:
        by_actor = conn.execute(
            select(s.actors.c.label, func.count())
            .select_from(s.incident_actors.join(s.actors, s.actors.c.id == s.incident_actors.c.actor_id))
            .where(s.incident_actors.c.side == "perpetrator")
            .group_by(s.actors.c.label)
        ).all()
        unknown = conn.execute(
            select(func.count())
            .select_from(s.incidents)
            .where(
                ~s.incidents.c.id.in_(
                    select(s.incident_actors.c.incident_id).where(s.incident_actors.c.side == "perpetrator")
                )
            )
        ).scalar_one()
        by_outcome = conn.execute(
            select(s.verdicts.c.outcome, func.count())
            .where(s.verdicts.c.current)
            .group_by(s.verdicts.c.outcome)
        ).all()
        current_violations = read_verdicts(conn, s.verdicts.c.current, s.verdicts.c.outcome == "violation")
        responsible = Counter(actor for v in current_violations for actor in v.responsible)
        labels = {str(i): str(label) for i, label in conn.execute(select(s.actors.c.id, s.actors.c.label))}
        by_gov = conn.execute(
            select(func.coalesce(s.incidents.c.admin1_name, "(unknown)"), func.count()).group_by(
                s.incidents.c.admin1_name
            )
        ).all()
    actors = Counter({str(label): int(n) for label, n in by_actor})
    if unknown:
        actors["(unknown perpetrator)"] = int(unknown)
    govs = Counter({str(name): int(n) for name, n in by_gov})
    violations = Counter({labels.get(actor, actor): n for actor, n in responsible.items()})
    return DemoSummary(
        path,
        store.entry_count(),
        counts,
        sorted(actors.items(), key=lambda kv: (-kv[1], kv[0])),
        sorted(govs.items(), key=lambda kv: (-kv[1], kv[0])),
        verdicts_by_outcome=sorted(((str(o), int(n)) for o, n in by_outcome), key=lambda kv: (-kv[1], kv[0])),
        violations_by_actor=sorted(violations.items(), key=lambda kv: (-kv[1], kv[0])),
    )


def build_demo(
    db: str | Path,
    *,
    scenario: str = "syria-2016",
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    on_total: Callable[[int], None] | None = None,
    keys: str | Path | None = None,
    checkpoint: bool = True,
    adjudicate: bool = True,
) -> DemoSummary:
    """Create a demo database at ``db`` from a bundled scenario; replaces an existing file only with force.

    Every organisation of the scenario gets an Ed25519 key in ``keys`` (default ``$JOINTMAP_KEYS``, else
    ``keys/`` beside ``db``; existing key files are reused) and every entry is signed. With ``checkpoint``
    the operator signs a checkpoint of the finished log and the parties cosign it as witnesses; the demo
    is a new log, so their witness state for it starts afresh. With ``adjudicate`` every incident and
    access request is judged under the scenario's agreements before the checkpoint.
    """
    path = Path(db)
    if "://" in str(db):
        raise JointmapError("the demo builds a SQLite file; give a path, not a URL")
    if path.exists():
        if not force:
            raise JointmapError(f"{path} exists; pass --force to replace it with a fresh demo database")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    loaded = load_scenario(scenario)
    keyring = Keyring.load(resolve_keys_dir(keys, path))
    for org in loaded.organisations:
        keyring.adopt_or_create(org.id)
        keyring.witness_state(org.id).unlink(missing_ok=True)
    if on_total:
        on_total(len(_write_order(loaded, keyring)))
    with Store.open(path, keys=keyring) as store:
        install_scenario(store, loaded, progress)
        if adjudicate:
            from jointmap.adjudicate import adjudicate_store  # adjudication reads the store: import late

            adjudicate_store(store, loaded.default_author)
        summary = summarise(store, str(path))
        summary.keys = str(keyring.directory)
        if checkpoint:
            from jointmap.ledger import service  # the ledger's store edge imports the store: import late

            service.sign_checkpoint(store, origin=f"jointmap/{loaded.id}")
            made = service.list_checkpoints(store)[-1]
            for witness in made.required:
                if keyring.get(witness) is not None:
                    service.cosign_checkpoint(store, witness)
            latest = service.list_checkpoints(store)[-1]
            summary.checkpoint, summary.cosigned_by, summary.joint = (
                latest.size,
                latest.cosigners,
                latest.joint,
            )
        return summary
