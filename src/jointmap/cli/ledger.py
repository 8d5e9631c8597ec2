"""The verifiable log: ``keys``, ``log``, ``witness`` and ``verify`` subcommands."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import click
from rich.table import Table

from jointmap.cli.base import Context, cli, err, out, pass_ctx, progress_bar
from jointmap.domain import Organisation, OrganisationKind
from jointmap.errors import NotAllowed
from jointmap.ledger import service
from jointmap.ledger.errors import LedgerError
from jointmap.ledger.keyring import Keyring, resolve_keys_dir
from jointmap.ledger.offline import load_trusted_keys, verify_export
from jointmap.store import Store
from jointmap.store.ledger import key_history

__all__ = ["keys", "log", "verify", "witness"]

_KEYS = click.option(
    "--keys",
    "keys_dir",
    metavar="DIR",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keys directory. Default $JOINTMAP_KEYS, else keys/ beside the database.",
)


class VerificationFailed(LedgerError):
    """``jointmap verify`` found something that does not hold (exit 1)."""


def _open(obj: Context, keys_dir: Path | None) -> Store:
    return Store.open(obj.db, keys=Keyring.load(resolve_keys_dir(keys_dir, obj.db)))


# -- keys ---------------------------------------------------------------------------------------------------


@cli.group()
def keys() -> None:
    """Organisations' Ed25519 signing keys: create, rotate, revoke, list (all recorded in the log)."""


@keys.command("new")
@click.argument("org")
@click.option("--name", help="On an empty log only: register ORG as the genesis operator with this name.")
@_KEYS
@pass_ctx
def keys_new(obj: Context, org: str, name: str | None, keys_dir: Path | None) -> None:
    """Create ORG's key pair in the keys directory and publish its public key in the log.

    The private key file is readable by its owner only and never enters the log. On an empty log, --name
    registers ORG as the operator first (the genesis entry, signed with the key it then publishes).
    """
    with _open(obj, keys_dir) as store:
        if not store.organisation_ids() and name is not None:
            assert store.keyring is not None
            keypair = store.keyring.adopt_or_create(org)
            store.write(
                "organisation.register", org, Organisation(id=org, name=name, kind=OrganisationKind.OPERATOR)
            )
        else:
            store.require_organisation(org)
            keypair = store.publish_key(org)
        assert store.keyring is not None
        out.print(f"{org}: key {keypair.key_id.hex()} published; private key in {store.keyring.directory}")
        out.print(f"public key (give it to those who verify): {keypair.verifier_key}", highlight=False)


@keys.command("rotate")
@click.argument("org")
@_KEYS
@pass_ctx
def keys_rotate(obj: Context, org: str, keys_dir: Path | None) -> None:
    """Replace ORG's key: a new key pair, announced in the log by an entry signed with the old key."""
    with _open(obj, keys_dir) as store:
        keypair = store.rotate_key(store.require_organisation(org))
        out.print(f"{org}: now signs with key {keypair.key_id.hex()}; the old key is in retired/")
        out.print(f"public key: {keypair.verifier_key}", highlight=False)


@keys.command("revoke")
@click.argument("org")
@click.argument("key_id")
@click.option("--reason", default="", help="Why (kept in the log).")
@_KEYS
@pass_ctx
def keys_revoke(obj: Context, org: str, key_id: str, reason: str, keys_dir: Path | None) -> None:
    """Revoke ORG's key KEY_ID: nothing signed by it after this entry is accepted.

    Made by ORG itself, or (with --as) by an operator or monitor when ORG lost its key.
    """
    with _open(obj, keys_dir) as store:
        by = obj.org or org
        result = store.revoke_key(store.require_organisation(org), key_id, by=by, reason=reason)
        out.print(
            f"{org}'s key {key_id} revoked at entry {result.seq}; publish a new one with `keys new {org}`"
        )


@keys.command("list")
@_KEYS
@pass_ctx
def keys_list(obj: Context, keys_dir: Path | None) -> None:
    """Every key published in the log, its status, and whether its private key is in the keys directory."""
    with _open(obj, keys_dir) as store, store.engine.connect() as conn:
        history = key_history(conn)
        table = Table(title="Keys in the log")
        for column in ("organisation", "key id", "status", "published", "retired", "revoked", "held here"):
            table.add_column(column)
        assert store.keyring is not None
        for r in history.records:
            held = "yes" if store.keyring.get(r.org, r.key_id) else "no"
            table.add_row(
                r.org,
                r.key_id,
                r.status,
                str(r.published_seq),
                str(r.retired_seq or ""),
                str(r.revoked_seq or ""),
                held,
            )
        out.print(table)


# -- log ----------------------------------------------------------------------------------------------------


@cli.group()
def log() -> None:
    """The Merkle log: checkpoints, proofs and exports."""


@log.command("checkpoint")
@click.option(
    "--origin", help="The log's name, fixed by its first checkpoint (default jointmap/$JOINTMAP_DEPLOYMENT)."
)
@_KEYS
@pass_ctx
def log_checkpoint(obj: Context, origin: str | None, keys_dir: Path | None) -> None:
    """Sign a checkpoint (tree size and root, C2SP tlog-checkpoint) of the whole log as the log operator."""
    with _open(obj, keys_dir) as store:
        note = service.sign_checkpoint(store, origin=origin)
    click.echo(note, nl=False)


@log.command("checkpoints")
@pass_ctx
def log_checkpoints(obj: Context) -> None:
    """List the checkpoints, who cosigned each, and whether it is joint (every party of an agreement)."""
    with obj.store() as store:
        infos = service.list_checkpoints(store)
    table = Table(title="Checkpoints")
    for column in ("size", "root (base64)", "signed at", "cosigned by", "joint"):
        table.add_column(column)
    for info in infos:
        table.add_row(
            str(info.size),
            base64.b64encode(info.root_hash).decode()[:16] + "…",
            info.created_at[:19],
            ", ".join(info.cosigners) or "-",
            "yes" if info.joint else f"no (needs {', '.join(info.required) or 'an agreement with parties'})",
        )
    out.print(table)


@log.command("proof")
@click.option("--index", type=int, help="Inclusion proof for the entry with this seq.")
@click.option("--size", type=int, help="With --index: in the tree of this size (default: the whole log).")
@click.option(
    "--consistency", nargs=2, type=int, metavar="OLD NEW", help="Consistency proof from OLD to NEW size."
)
@pass_ctx
def log_proof(obj: Context, index: int | None, size: int | None, consistency: tuple[int, int] | None) -> None:
    """Print an inclusion or consistency proof as JSON (hashes base64, RFC 9162 order)."""
    if (index is None) == (not consistency):
        raise click.UsageError("give exactly one of --index N or --consistency OLD NEW")
    with obj.store() as store:
        if index is not None:
            proof = service.inclusion_proof(store, index, size)
        else:
            assert consistency
            proof = service.consistency_proof(store, consistency[0], consistency[1])
    click.echo(json.dumps(proof, indent=2))


@log.command("export")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@pass_ctx
def log_export(obj: Context, directory: Path) -> None:
    """Write entries, checkpoints and keys to DIRECTORY for offline verification (docs/log-format.md §9)."""
    with obj.store() as store, progress_bar("Exporting", store.entry_count()) as (advance, _):
        summary = service.export_log(store, directory, progress=advance)
    out.print(
        f"exported {summary.entries} entries, {summary.checkpoints} checkpoints and {summary.keys} keys "
        f"of {summary.origin} to {directory}"
    )


# -- witness ------------------------------------------------------------------------------------------------


@cli.group()
def witness() -> None:
    """Act as a witness: cosign checkpoints only when consistent with what you cosigned before."""


@witness.command("cosign")
@click.option("--as", "org", metavar="ORG", help="The witnessing organisation (default: the global --as).")
@click.option("--size", type=int, help="Cosign the checkpoint of this size (default: the latest).")
@_KEYS
@pass_ctx
def witness_cosign(obj: Context, org: str | None, size: int | None, keys_dir: Path | None) -> None:
    """Check a consistency proof from your last cosigned checkpoint, then add your cosignature/v1.

    Your last cosigned checkpoint is kept in KEYS/witness-state/ORG.checkpoint. Refuses (exit 1) a
    checkpoint that is smaller than it or not consistent with it: that is a fork, and the evidence.
    """
    who = org or obj.org
    if who is None:
        raise NotAllowed("say which organisation witnesses: --as ORG")
    with _open(obj, keys_dir) as store:
        done = service.cosign_checkpoint(store, store.require_organisation(who), size=size)
    since = f" (consistent with size {done.previous.size})" if done.previous else " (first cosignature)"
    out.print(f"{who} cosigned checkpoint {done.checkpoint.size}{since}")


# -- verify -------------------------------------------------------------------------------------------------


@cli.command()
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--trusted-keys",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Verifier keys you trust (one per line), e.g. your own and the operator's.",
)
@click.option(
    "--since",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Your last cosigned checkpoint: the export must be consistent with it.",
)
@click.option("--db", "db", help="Also rebuild the state from the entries and compare with this database.")
@click.option("--require-signed", is_flag=True, help="Refuse any unsigned entry.")
def verify(
    directory: Path, trusted_keys: Path | None, since: Path | None, db: str | None, require_signed: bool
) -> None:
    """Verify an export offline: hashes, signatures, the tree, checkpoints, cosignatures, consistency.

    Exit 0 when everything holds; exit 1 naming the first entry or checkpoint that fails, and why.
    """
    trusted = load_trusted_keys(trusted_keys) if trusted_keys else []
    with progress_bar("Checking signatures") as (advance, _):
        seen = [0]

        def progress(done: int) -> None:
            advance(done - seen[0])
            seen[0] = done

        report = verify_export(
            directory,
            trusted_keys=trusted,
            since=since.read_text(encoding="utf-8") if since else None,
            require_signed=require_signed,
            progress=progress,
        )
    problems = [str(p) for p in sorted(report.problems)]
    if db is not None and not problems:
        problems = [f"database {db}: {d}" for d in service.compare_with_db(directory, db)]
    if problems:
        if len(problems) > 1:
            err.print(
                f"{len(problems)} problems, in log order (the first is the error below):", highlight=False
            )
            for problem in problems[:10]:
                err.print(f"  {problem}", highlight=False, markup=False, soft_wrap=True)
            if len(problems) > 10:
                err.print(f"  … and {len(problems) - 10} more", highlight=False)
        raise VerificationFailed(problems[0])
    joint = [c for c in report.checkpoints if c.joint]
    out.print(
        f"OK: {report.entries} entries of {report.origin}, root {report.root.hex()[:16]}…; "
        f"{len(report.checkpoints)} checkpoints verified ({len(joint)} joint)"
        + (f"; {report.unsigned} unsigned entries" if report.unsigned else "")
        + ("; consistent with your checkpoint" if since else "")
        + ("; the database matches the entries" if db else ""),
        highlight=False,
    )
