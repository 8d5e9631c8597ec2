"""Verdict and map subcommands: adjudicate, explain, override, summary, layers show / diff."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import click
from rich.table import Table

from jointmap.adjudicate import (
    adjudicate_store,
    current_verdicts,
    override_verdict,
    summary_since,
    verdict_history,
)
from jointmap.cli.base import Context, cli, out, pass_ctx, progress_bar
from jointmap.control import LayerView, diff_views, merge_by_holder, outline_from_boundaries
from jointmap.control.read import default_outline, layer_history, seq_known_at
from jointmap.domain import Outcome
from jointmap.errors import NotFound
from jointmap.store import Store

__all__ = ["adjudicate", "explain", "layers", "override", "summary"]


def _known_seq(store: Store, known_at: datetime | None) -> int | None:
    if known_at is None:
        return None
    when = known_at if known_at.tzinfo else datetime.combine(known_at.date(), time.max, tzinfo=UTC)
    return seq_known_at(store, when)


_KNOWN_AT = click.option(
    "--known-at",
    type=click.DateTime(),
    help="Use the record as it stood then (record time), e.g. 2016-03-10: what we believed that day.",
)


#: A run over more subjects prints its counts, not a row per verdict (a million judgements kept for the
#: table would take gigabytes).
_LISTED_AT_MOST = 500


@cli.command()
@click.option("--agreement", metavar="ID", help="Judge under this agreement only (default: every one).")
@click.option("--layer", metavar="ID", help="Control layer to judge against (default: the joint layer).")
@_KNOWN_AT
@pass_ctx
def adjudicate(obj: Context, agreement: str | None, layer: str | None, known_at: datetime | None) -> None:
    """Judge every incident and access request; store a new verdict wherever the judgement changed."""
    with obj.store() as store:
        author = store.require_organisation(obj.org)
        subjects = store.count("incidents") + store.count("access_requests")
        listed = subjects <= _LISTED_AT_MOST
        with progress_bar("Writing verdicts") as (advance, _):
            run = adjudicate_store(
                store,
                author,
                agreement=agreement,
                layer=layer,
                known_seq=_known_seq(store, known_at),
                progress=advance,
                keep_judgements=listed,
            )
    if listed:
        table = Table(title="Verdicts")
        for column in ("subject", "agreement", "outcome", "responsible", "rule", "confidence"):
            table.add_column(column)
        for j in run.judgements:
            table.add_row(
                j.subject,
                j.agreement,
                j.outcome.value,
                ", ".join(j.responsible),
                j.rule or "—",
                f"{j.confidence:.2f}",
            )
        out.print(table)
    else:
        out.print(
            f"{subjects:,} incidents and access requests: too many to list here. `jointmap summary` gives "
            "the totals, `jointmap explain ID` one verdict with its facts."
        )
    for alert in run.alerts:
        out.print(
            f"[yellow]alert[/] {alert.incident}: within {alert.distance_m:.0f} m of {alert.site_kind} "
            f"{alert.site_name} ({alert.site}; radius {alert.radius_m:g} m)",
            highlight=False,
        )
    kept = f", {len(run.kept_overrides)} reviewer overrides kept" if run.kept_overrides else ""
    out.print(f"{run.judged} judged: {run.written} new verdicts, {run.unchanged} unchanged{kept}")


@cli.command()
@click.argument("subject")
@click.option("--history", is_flag=True, help="Also show every earlier verdict on the subject.")
@pass_ctx
def explain(obj: Context, subject: str, history: bool) -> None:
    """Print the current verdict on an incident (or access request) with every fact and its source."""
    with obj.store() as store:
        verdicts = current_verdicts(store, subject)
        past = verdict_history(store, subject) if history else []
    if not verdicts:
        raise NotFound(f"no verdict on {subject!r} (run `jointmap adjudicate` first)")
    for v in verdicts:
        out.print(
            f"[bold]{v.subject}[/] under [bold]{v.agreement}[/]: {v.outcome.value}"
            + (f" by {', '.join(v.responsible)}" if v.responsible else "")
            + f" (rule {v.rule or '—'}, confidence {v.confidence:.2f}, verdict {v.id})",
            highlight=False,
        )
        out.print(v.explanation, highlight=False, markup=False)
        if v.override_reason:
            out.print(f"Reviewer override: {v.override_reason} (supersedes {v.supersedes})", markup=False)
        out.print("Facts used:")
        for n, fact in enumerate(v.facts, 1):
            out.print(f"  {n}. {fact.statement}\n     [dim]source: {fact.source}[/]", highlight=False)
    for seq, current, v in past:
        mark = "current" if current else "superseded"
        out.print(
            f"log entry {seq}: {v.id} {v.outcome.value} ({mark}) decided {v.decided_at.isoformat()}",
            highlight=False,
        )


@cli.command()
@click.argument("subject")
@click.option("--agreement", metavar="ID", required=True)
@click.option("--outcome", type=click.Choice([o.value for o in Outcome]), required=True)
@click.option("--reason", required=True, help="Why the reviewer decides otherwise (kept in the log).")
@click.option("--responsible", metavar="ACTOR", multiple=True, help="Responsible actor id (repeatable).")
@click.option(
    "--rule", metavar="ID", help="The obligation the verdict is under (default: the replaced one's)."
)
@pass_ctx
def override(
    obj: Context,
    subject: str,
    agreement: str,
    outcome: str,
    reason: str,
    responsible: tuple[str, ...],
    rule: str | None,
) -> None:
    """A reviewer's verdict on SUBJECT replacing the current one; both stay in the log."""
    with obj.store() as store:
        author = store.require_organisation(obj.org)
        v = override_verdict(
            store,
            author,
            subject,
            agreement,
            outcome=Outcome(outcome),
            reason=reason,
            responsible=responsible,
            rule=rule,
        )
    out.print(f"{v.id}: {v.outcome.value} (supersedes {v.supersedes})", highlight=False)


@cli.command()
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="YYYY-MM-DD")
@click.option("--agreement", metavar="ID")
@pass_ctx
def summary(obj: Context, since: datetime, agreement: str | None) -> None:
    """Running totals of current verdicts: violations per party, side, rule, governorate and week."""
    with obj.store() as store:
        totals = summary_since(store, since.date(), agreement)
    for agreement_id, t in totals.items():
        outcomes = ", ".join(f"{k} {n}" for k, n in sorted(t.outcomes.items())) or "no verdicts"
        out.print(f"[bold]{agreement_id}[/] since {t.since}: {outcomes}", highlight=False)
        for title, counter in (
            ("party", t.by_party),
            ("side", t.by_side),
            ("rule", t.by_rule),
            ("governorate", t.by_governorate),
        ):
            table = Table(title=f"Violations by {title}")
            table.add_column(title)
            table.add_column("violations", justify="right")
            for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
                table.add_row(key, str(n))
            out.print(table)
        weeks = Table(title="Violations by week (weeks from the effective date)")
        weeks.add_column("week of")
        weeks.add_column("violations", justify="right")
        for week, n in sorted(t.by_week.items()):
            weeks.add_row(week.isoformat(), str(n))
        out.print(weeks)


@cli.group()
def layers() -> None:
    """Control layers: who held what on a day, and where two layers disagree."""


def _view(
    store: Store, layer: str, day: date, known_at: datetime | None, boundaries: str | None
) -> LayerView:
    outline = outline_from_boundaries(boundaries) if boundaries else default_outline(store)
    return layer_history(store, layer, _known_seq(store, known_at), outline=outline).view(day)


_DATE = click.option(
    "--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]), required=True, help="Valid date, YYYY-MM-DD."
)
_BOUNDARIES = click.option(
    "--boundaries",
    type=click.Path(exists=True, dir_okay=False),
    help="Boundaries GeoJSON to clip derived areas (default: the bundled coarse outline).",
)


@layers.command("show")
@click.argument("layer")
@_DATE
@_KNOWN_AT
@_BOUNDARIES
@pass_ctx
def layers_show(
    obj: Context, layer: str, day: datetime, known_at: datetime | None, boundaries: str | None
) -> None:
    """Areas of LAYER on a date, merged per holder, in km²."""
    with obj.store() as store:
        view = _view(store, layer, day.date(), known_at, boundaries)
    out.print(f"[bold]{view.label}[/] on {view.valid_on}: {view.method}", highlight=False)
    table = Table()
    for column in ("held by", "km²", "records"):
        table.add_column(column)
    for area in merge_by_holder(view):
        table.add_row(", ".join(area.actors), f"{area.km2:,.0f}", str(len(area.records)))
    out.print(table)


@layers.command("diff")
@click.argument("layer_a")
@click.argument("layer_b")
@_DATE
@_KNOWN_AT
@_BOUNDARIES
@pass_ctx
def layers_diff(
    obj: Context, layer_a: str, layer_b: str, day: datetime, known_at: datetime | None, boundaries: str | None
) -> None:
    """Where LAYER_A and LAYER_B disagree on a date: settlements, areas and km²."""
    with obj.store() as store:
        a = _view(store, layer_a, day.date(), known_at, boundaries)
        b = _view(store, layer_b, day.date(), known_at, boundaries)
    diff = diff_views(a, b)
    out.print(f"[bold]{a.label}[/] vs [bold]{b.label}[/] on {day.date()}", highlight=False)
    out.print(f"areas: {a.method}", highlight=False)
    settlements = Table(
        title=f"Settlements in disagreement ({len(diff.settlements)}; {diff.agreeing_settlements} agree)"
    )
    for column in ("settlement", layer_a, layer_b):
        settlements.add_column(column)
    for d in diff.settlements:
        settlements.add_row(
            d.place, ", ".join(d.actors_a) or "(not mapped)", ", ".join(d.actors_b) or "(not mapped)"
        )
    out.print(settlements)
    areas = Table(title=f"Areas in disagreement: {diff.km2:,.0f} km² in all")
    for column in (layer_a, layer_b, "km²"):
        areas.add_column(column)
    for piece in diff.areas:
        areas.add_row(", ".join(piece.actors_a), ", ".join(piece.actors_b), f"{piece.km2:,.0f}")
    out.print(areas)
