"""``jointmap extract`` (text → candidates, no database needed) and ``jointmap ingest`` (extract + store)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator

import click
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
)

from jointmap.cli.base import Context, cli, err, out, pass_ctx
from jointmap.errors import RowError
from jointmap.extract import (
    CsvColumns,
    Document,
    Extraction,
    ExtractorSpec,
    Failure,
    build_extractor,
    extract_all,
    read_documents,
)
from jointmap.extract.ingest import ingest_document

__all__ = ["extract", "ingest"]


def _input_options(f: click.decorators.FC) -> click.decorators.FC:
    options = [
        click.argument("paths", nargs=-1, required=True),
        click.option("--text-column", default="text", show_default=True, help="CSV column holding the text."),
        click.option(
            "--title-column", default="title", show_default=True, help="CSV column holding the title."
        ),
        click.option("--date-column", default="date", show_default=True, help="CSV column holding the date."),
        click.option("--id-column", default="id", show_default=True, help="CSV column holding an id."),
        click.option("--date-format", metavar="FMT", help="strptime format of CSV dates, e.g. %m/%d/%Y."),
        click.option(
            "--gazetteer",
            "gazetteer_dir",
            type=click.Path(exists=True, file_okay=False),
            help="A GeoNames folder (SY.txt, admin1CodesASCII.txt) instead of the db's or embedded one.",
        ),
        click.option(
            "--scenario",
            default="syria-2016",
            show_default=True,
            help="Scenario whose actor registry to use.",
        ),
        click.option(
            "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes."
        ),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _documents(paths: tuple[str, ...], columns: CsvColumns, errors: list[RowError]) -> Iterator[Document]:
    for item in read_documents(list(paths), columns):
        if isinstance(item, RowError):
            errors.append(item)
            err.print(str(item), highlight=False, markup=False, soft_wrap=True)
        else:
            yield item


def _columns(text: str, title: str, date: str, id_: str, date_format: str | None) -> CsvColumns:
    return CsvColumns(text=text, title=title, date=date, id=id_, date_format=date_format)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TaskProgressColumn(show_speed=True),
        TextColumn("docs/s"),
        TimeElapsedColumn(),
        console=err,
        disable=not err.is_terminal,
        transient=True,
    )


@cli.command()
@_input_options
@click.option("--json", "as_json", is_flag=True, help="JSON Lines: one object per document, in input order.")
@pass_ctx
def extract(
    obj: Context,
    paths: tuple[str, ...],
    text_column: str,
    title_column: str,
    date_column: str,
    id_column: str,
    date_format: str | None,
    gazetteer_dir: str | None,
    scenario: str,
    workers: int,
    as_json: bool,
) -> None:
    """Read news and reports (.txt .md .html .jsonl .csv, - for stdin) and print candidate incidents,
    allegations and control claims. No database needed; the database's gazetteer is used when it has one.

    A document that cannot be read or processed is reported as file:line: field: problem and skipped.
    Exits 1 when any was.
    """
    spec = ExtractorSpec(gazetteer_dir=gazetteer_dir, db=obj.db if obj.db_given else None, scenario=scenario)
    extractor = build_extractor(spec)
    errors: list[RowError] = []
    docs = _documents(paths, _columns(text_column, title_column, date_column, id_column, date_format), errors)
    failed = 0
    for result in extract_all(docs, extractor, spec, workers):
        if isinstance(result, Failure):
            failed += 1
            err.print(
                f"{result.document.origin}: (document): {result.problem}", highlight=False, markup=False
            )
            continue
        if as_json:
            sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
            sys.stdout.flush()
        else:
            _print_human(result)
    if errors or failed:
        sys.exit(1)


def _print_human(result: Extraction) -> None:
    out.print(
        f"[bold]{result.id}[/] {result.date or ''}: {len(result.incidents)} incident(s), "
        f"{len(result.allegations)} allegation(s), {len(result.control_claims)} control claim(s)",
        highlight=False,
    )
    for i in result.incidents:
        place = (
            f"{i.place.name} ({i.place.admin1_name or '?'}, precision {i.place.precision})"
            if i.place
            else "?"
        )
        when = f"{i.date_start}" if i.date_start == i.date_end else f"{i.date_start}..{i.date_end}"
        out.print(
            f"  {i.sub_event_type} at {place} on {when}; {i.actor1 or '?'} → {i.actor2 or '?'}; "
            f"{i.fatalities['best']} killed; confidence {i.confidence:.2f}",
            highlight=False,
            markup=False,
        )
    for a in result.allegations:
        out.print(
            f"  allegation ({a.kind}) by {a.accuser or a.speaker or '?'} "
            f"against {', '.join(a.accused) or '?'}",
            highlight=False,
            markup=False,
        )


@cli.command()
@_input_options
@click.option("--source", required=True, help="Source id the reports come from (must be registered).")
@pass_ctx
def ingest(
    obj: Context,
    paths: tuple[str, ...],
    text_column: str,
    title_column: str,
    date_column: str,
    id_column: str,
    date_format: str | None,
    gazetteer_dir: str | None,
    scenario: str,
    workers: int,
    source: str,
) -> None:
    """Extract and store: each document becomes a Report (as received) with candidate incidents and
    allegations awaiting review, linked to their evidence sentence. Ingesting a document again adds nothing.
    """
    spec = ExtractorSpec(gazetteer_dir=gazetteer_dir, db=obj.db, scenario=scenario)
    extractor = build_extractor(spec)
    errors: list[RowError] = []
    docs = _documents(paths, _columns(text_column, title_column, date_column, id_column, date_format), errors)
    stored = unchanged = incidents = allegations = failed = 0
    with obj.store() as store:
        author = store.require_organisation(obj.org)
        with _progress() as bar:
            task = bar.add_task("Ingesting", total=None)
            for result in extract_all(docs, extractor, spec, workers):
                bar.advance(task)
                if isinstance(result, Failure):
                    failed += 1
                    err.print(
                        f"{result.document.origin}: (document): {result.problem}",
                        highlight=False,
                        markup=False,
                    )
                    continue
                doc = result_document(result)
                try:
                    outcome = ingest_document(store, author, source, doc, result)
                except Exception as exc:  # a refused write for one document must not stop the batch
                    failed += 1
                    err.print(f"{doc.origin}: (store): {exc}", highlight=False, markup=False, soft_wrap=True)
                    continue
                for note in outcome.skipped:
                    err.print(f"{doc.origin}: {note}", highlight=False, markup=False, soft_wrap=True)
                if outcome.created:
                    stored += 1
                    incidents += outcome.incidents
                    allegations += outcome.allegations
                    out.print(
                        f"{doc.id}: report {outcome.report_id}, {outcome.incidents} candidate incident(s), "
                        f"{outcome.allegations} allegation(s)",
                        highlight=False,
                        markup=False,
                    )
                elif outcome.report_id:
                    unchanged += 1
    out.print(
        f"{stored} report(s) stored with {incidents} candidate incident(s) and {allegations} allegation(s); "
        f"{unchanged} already present; {len(errors) + failed} failed",
        soft_wrap=True,
    )
    if errors or failed:
        sys.exit(1)


def result_document(result: Extraction) -> Document:
    """The document an extraction came from (extraction keeps it for ingest)."""
    assert result.document is not None
    return result.document
