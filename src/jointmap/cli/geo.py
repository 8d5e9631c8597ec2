"""Geo subcommands: ``gazetteer import|download``, ``boundaries import``, ``geocode``."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import click
from rich.table import Table

from jointmap.cli.base import Context, cli, err, out, pass_ctx, progress_bar
from jointmap.geo.download import GEONAMES_URL, download_geonames
from jointmap.store.gazetteer import (
    ImportOutcome,
    import_boundaries,
    import_gazetteer,
    load_geocoder,
)

__all__ = ["boundaries", "gazetteer", "geocode"]

_FIELDS = (
    "geonameid",
    "name",
    "lat",
    "lon",
    "admin1_code",
    "admin1_name",
    "feature_code",
    "precision",
    "score",
    "why",
)


def _print_errors(outcome: ImportOutcome) -> None:
    for line in outcome.errors:
        err.print(line, highlight=False, markup=False, soft_wrap=True)


def _report_gazetteer(outcome: ImportOutcome) -> None:
    _print_errors(outcome)
    if outcome.created:
        out.print(
            f"{outcome.source}: {outcome.count} places, {outcome.admin1} governorate names imported "
            f"(log entry {outcome.seq}); {len(outcome.errors)} lines rejected",
            highlight=False,
            soft_wrap=True,
        )
    else:
        out.print(
            f"{outcome.source}: already imported (log entry {outcome.seq}); nothing added",
            highlight=False,
            soft_wrap=True,
        )


@cli.group()
def gazetteer() -> None:
    """Load place names into the store: GeoNames dump files, or a country's export downloaded on request."""


@gazetteer.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--admin1",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="admin1CodesASCII.txt: governorate names for the codes in FILE.",
)
@pass_ctx
def gazetteer_import(obj: Context, file: Path, admin1: Path | None) -> None:
    """Import a GeoNames-format file (e.g. SY.txt) into the store as one log entry.

    Bad lines are reported as file:line: field: problem and skipped; the rest load. Importing the same file
    again adds nothing. Exits 1 when any line was rejected.
    """
    with obj.store() as store:
        author = store.require_organisation(obj.org)
        with progress_bar("Importing gazetteer"):
            outcome = import_gazetteer(store, author, file, admin1)
    _report_gazetteer(outcome)
    if outcome.errors:
        sys.exit(1)


@gazetteer.command(name="download")
@click.argument("country", default="SY")
@click.option(
    "--url",
    metavar="URL",
    help=f"Export URL; {{country}} is replaced. Default $JOINTMAP_GEONAMES_URL, else {GEONAMES_URL}.",
)
@click.option(
    "--keep",
    type=click.Path(file_okay=False, path_type=Path),
    help="Keep the downloaded files in this directory (default: a temporary one).",
)
@pass_ctx
def gazetteer_download(obj: Context, country: str, url: str | None, keep: Path | None) -> None:
    """Download a country's GeoNames export (the network is used only here), unzip it and import it.

    file:// URLs work, for offline mirrors.
    """
    with obj.store() as store:
        author = store.require_organisation(obj.org)
        with tempfile.TemporaryDirectory(prefix="jointmap-geonames-") as tmp:
            directory = keep or Path(tmp)
            with progress_bar(f"Downloading {country.upper()}"):
                got = download_geonames(country, directory, url)
            out.print(f"downloaded {got.url}", highlight=False, soft_wrap=True)
            outcome = import_gazetteer(store, author, got.places_file, got.admin1_file)
    _report_gazetteer(outcome)
    if outcome.errors:
        sys.exit(1)


@cli.group()
def boundaries() -> None:
    """Administrative boundaries (governorates, districts): they give places and incidents admin areas."""


@boundaries.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--country", default="SY", show_default=True, help="Country code for bare admin1 codes.")
@pass_ctx
def boundaries_import(obj: Context, file: Path, country: str) -> None:
    """Import admin-1/admin-2 polygons from a GeoJSON file (geoBoundaries, OCHA COD or similar).

    Governorate codes are reconciled with the gazetteer's (09 → SY.09) and every match is reported.
    Exits 1 when any feature was rejected.
    """
    with obj.store() as store:
        author = store.require_organisation(obj.org)
        with progress_bar("Importing boundaries"):
            outcome = import_boundaries(store, author, file, country)
    _print_errors(outcome)
    for line in outcome.report:
        out.print(line, highlight=False, markup=False, soft_wrap=True)
    if outcome.created:
        out.print(
            f"{outcome.source}: {outcome.count} areas imported (log entry {outcome.seq}); "
            f"{len(outcome.errors)} features rejected",
            highlight=False,
            soft_wrap=True,
        )
    else:
        out.print(f"{outcome.source}: already imported (log entry {outcome.seq}); nothing added")
    if outcome.errors:
        sys.exit(1)


@cli.command()
@click.argument("name")
@click.option("--context", "context", metavar="TEXT", help="Text around the name (other places named).")
@click.option("--governorate", metavar="NAME|CODE", help="Governorate the place is known to be in.")
@click.option("--limit", default=5, show_default=True, help="Most candidates to print.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of a table.")
@pass_ctx
def geocode(
    obj: Context, name: str, context: str | None, governorate: str | None, limit: int, as_json: bool
) -> None:
    """Rank the places a name may refer to, best first, each with the reason it ranked there.

    Uses the store's gazetteer (the embedded default when none was imported). Exits 0 with an empty list
    when nothing fits.
    """
    with obj.store() as store:
        geocoder = load_geocoder(store)
    found = geocoder.geocode(name, context=context, governorate=governorate, limit=limit)
    if as_json:
        rows = [{f: getattr(c, f) for f in _FIELDS} for c in found]
        click.echo(json.dumps({"query": name, "candidates": rows}, ensure_ascii=False))
        return
    if not found:
        out.print(f"no place found for {name!r}", highlight=False)
        return
    table = Table(title=f"Places for {name!r}")
    for column in ("#", "name", "governorate", "lat, lon", "feature", "prec", "score", "why"):
        table.add_column(column, overflow="fold")
    for rank, c in enumerate(found, start=1):
        table.add_row(
            str(rank),
            f"{c.name} ({c.geonameid})",
            f"{c.admin1_name} ({c.admin1_code})" if c.admin1_code else "-",
            f"{c.lat:.4f}, {c.lon:.4f}",
            c.feature_code,
            str(c.precision),
            f"{c.score:.2f}",
            c.why,
        )
    out.print(table)
