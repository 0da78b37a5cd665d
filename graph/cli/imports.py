"""CLI commands for real datasets: ``import``, ``datasets`` (list, remove) and ``rebuild``.

Registered at the end of :mod:`intelmig.cli`. The heavy modules (pyarrow, LadybugDB,
openpyxl) load inside the commands.
"""

from __future__ import annotations

import sys
import time

import click

from ..importers import KINDS
from .options import WORKSPACE_OPTION, echo_rows, lang_option, output_options, store_options

__all__ = ["datasets", "import_command", "rebuild_command"]



class RateMeter:
    """A one-line progress display on stderr: rows so far and rows per second.

    Drawn only when stderr is a terminal: in a pipe or a CI log a line rewritten with
    carriage returns is noise, and a line cut short by an error looks like output.
    """

    def __init__(self, label: str, interval: float = 0.25, stream=None):
        self.label = label
        self.interval = interval
        self.count = 0
        self.started = time.perf_counter()
        self.shown_at = self.started
        self.shown = False
        stream = stream if stream is not None else sys.stderr
        self.live = bool(getattr(stream, "isatty", lambda: False)())

    def __call__(self, rows: int) -> None:
        self.count += rows
        now = time.perf_counter()
        if self.live and now - self.shown_at >= self.interval:
            self.shown_at = now
            self.shown = True
            rate = self.count / max(now - self.started, 1e-9)
            click.echo(f"\r{self.label}: {self.count:,} rows, {rate:,.0f} rows/s   ",
                       err=True, nl=False)

    def finish(self) -> None:
        if self.shown:
            click.echo("", err=True)


def _workspace(path):
    from ..workspace import Workspace

    return Workspace(path)


def _kinds_epilog() -> str:
    lines = ["\b", "KINDs and the layout each expects:"]
    for kind in KINDS.values():
        lines.append(f"  {kind.name:<20} {kind.layout}")
    lines += ["", "\b", "More examples:",
              ("  intelmig import undesa undesa_pd_2024_ims_stock_by_sex_destination_and_"
              "origin.xlsx"),
              ("  intelmig import csv edges.csv --from-col origin --to-col dest "
              "--value-col n --year-col year")]
    return "\n".join(lines)


@click.command("import", epilog=_kinds_epilog())
@click.argument("kind", type=click.Choice(list(KINDS)), metavar="KIND")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--dataset-id", help="Id of the dataset and of its Source node "
              "[default: KIND-filestem].")
@click.option("--skip-unknown", is_flag=True,
              help="Import the rest when some country codes are unknown (they are counted "
                   "and listed in the manifest) instead of failing.")
@click.option("--citation", help="Override the dataset's citation.")
@click.option("--license", "license_", help="Override the dataset's licence.")
@click.option("--no-store", is_flag=True, help="Only add the dataset to the workspace.")
@click.option("--replace", is_flag=True, help="Replace the dataset of the same id when the "
              "workspace already holds one (else a different file under that id is refused).")
@click.option("--encoding", help="Text encoding of a CSV file [default: utf-8], e.g. cp1252.")
@click.option("--from-col", help="csv: origin column.")
@click.option("--to-col", help="csv: destination column.")
@click.option("--value-col", help="csv: count column.")
@click.option("--year-col", help="csv: year column.")
@click.option("--sex-col", help="csv: sex column.")
@click.option("--measure", type=click.Choice(["flow", "stock", "event"]),
              help="csv: what the counts are [default flow].")
@click.option("--mapping", type=click.Path(dir_okay=False, exists=True),
              help="csv: YAML with keys from, to, value, year, sex, measure.")
@click.option("--year", type=int, help="dioc: census round year when the file has no "
              "year column.")
@click.option("--rollup", is_flag=True, help="persons: also add country-to-country "
              "MIGRATED_TO edges, one per move.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the import report as JSON on stdout: what was kept, each skip "
                   "reason with its records and people, and the problems (file, line, "
                   "field, type); on failure the problems, with exit status 1.")
@WORKSPACE_OPTION
@store_options
def import_command(kind, file, dataset_id, skip_unknown, citation, license_, no_store,
                   replace, encoding, from_col, to_col, value_col, year_col, sex_col, measure,
                   mapping, year, rollup, as_json, workspace, target):
    """Import a published migration dataset FILE of layout KIND.

    The file is checked and normalised into the workspace (Parquet and a JSON
    manifest), then the store is rebuilt from the seed plus every imported
    dataset. A file with a bad row changes nothing: the error names the file,
    row and field. Every edge keeps dataset, file, row, measure and year, and
    the dataset becomes a Source node with its citation and licence.

    \b
    Example:
        intelmig import scholarly-flows flows.csv --dataset-id scholarly-2024
    """
    from ..importers import import_dataset, year_span

    options = {key: value for key, value in {
        "from": from_col, "to": to_col, "value": value_col, "year": year_col, "sex": sex_col,
        "measure": measure, "mapping": mapping, "census_year": year, "rollup": rollup or None,
        "encoding": encoding,
    }.items() if value is not None}
    from ..errors import ImportInvalid

    meter = RateMeter(f"Reading {click.format_filename(file, shorten=True)}")
    started = time.perf_counter()
    try:
        manifest = import_dataset(kind, file, target=None if no_store else target,
                                  workspace=_workspace(workspace), dataset_id=dataset_id,
                                  options=options, skip_unknown=skip_unknown,
                                  citation=citation, license=license_, progress=meter,
                                  replace=replace)
    except ImportInvalid as err:
        if as_json:
            _echo_json({"imported": False, "file": click.format_filename(file),
                        "problems": [problem.to_dict() for problem in err.problems]})
        raise
    finally:
        meter.finish()
    report = manifest["report"]
    if as_json:
        _echo_json(_json_report(manifest, None if no_store else target.describe()))
        return
    if manifest.get("unchanged"):
        click.echo(f"Unchanged: dataset {manifest['id']} already holds these bytes of "
                   f"{manifest['file_name']} (sha256 {manifest['sha256'][:12]}); nothing to do")
        return
    where = "the workspace only" if no_store else target.describe()
    years = year_span(manifest.get("years"))
    click.echo(f"Imported {manifest['id']} into {where}: {report['rows']:,} rows read, "
               f"{report['edges']:,} edges"
               + (f" ({years})" if years else "")
               + f" in {time.perf_counter() - started:.1f} s"
               + (f"; skipped: {report['summary']}" if report.get("summary") else ""))


def _echo_json(document: dict) -> None:
    from ..output import strict_json

    click.echo(strict_json(document))


def _json_report(manifest: dict, where: str | None) -> dict:
    """The import report for scripts: one object, skip reasons as a list with their meaning."""
    from ..importers.report import SKIP_REASONS

    report = manifest["report"]
    return {
        "imported": True,
        "unchanged": bool(manifest.get("unchanged")),
        "dataset": manifest["id"],
        "kind": manifest.get("kind"),
        "file": manifest.get("file_name"),
        "sha256": manifest.get("sha256"),
        "store": where,
        "rows": report["rows"],
        "edges": report["edges"],
        "years": report.get("years"),
        "skipped": [{"reason": reason, "meaning": SKIP_REASONS.get(reason, reason),
                     "records": entry["records"], "people": entry["people"]}
                    for reason, entry in report.get("skipped", {}).items()],
        "ignored_lines": report.get("ignored_lines", {}),
        "problems": report.get("problems", []),
    }


@click.group(invoke_without_command=True)
@WORKSPACE_OPTION
@output_options
@lang_option
@click.pass_context
def datasets(ctx, workspace, fmt):
    """List the imported datasets of the workspace (or remove one).

    \b
    Examples:
        intelmig datasets --json
        intelmig datasets remove undesa-2020
    """
    ctx.obj = workspace
    if ctx.invoked_subcommand is not None:
        return
    columns = ["id", "kind", "file", "rows", "edges", "blanks", "created", "sha256",
               "citation", "license"]
    rows = [[m["id"], m["kind"], m["file_name"], m["rows"], m["edges"],
             sum(m.get("blanks", {}).values()), m["created"], m["sha256"][:12] if fmt ==
             "table" else m["sha256"], m["citation"], m["license"]]
            for m in _workspace(workspace).manifests()]
    if fmt == "table":
        from ..i18n import gettext

        columns = [gettext(column) for column in columns]
    echo_rows(columns, rows, fmt)


@datasets.command("remove")
@click.argument("dataset_id")
@store_options
@click.pass_context
def remove_command(ctx, dataset_id, target):
    """Remove dataset DATASET_ID from the workspace and rebuild the store without it.

    \b
    Example:
        intelmig datasets remove scholarly-2024
    """
    from ..importers import remove_dataset

    remove_dataset(dataset_id, target=target, workspace=_workspace(ctx.obj))
    click.echo(f"Removed {dataset_id}; {target.describe()} rebuilt without it")


@click.command("rebuild")
@WORKSPACE_OPTION
@store_options
def rebuild_command(workspace, target):
    """Recreate the store from the seed plus every imported dataset of the workspace.

    \b
    Example:
        intelmig rebuild --db /tmp/intelmig.lbug
    """
    from ..importers import rebuild

    meter = RateMeter("Rebuilding")
    started = time.perf_counter()
    try:
        manifests = rebuild(target, _workspace(workspace), progress=meter)
    finally:
        meter.finish()
    edges = sum(m["edges"] for m in manifests)
    click.echo(f"Rebuilt {target.describe()} from the seed and {len(manifests)} dataset(s) "
               f"({edges:,} imported edges) in {time.perf_counter() - started:.1f} s",
               file=sys.stdout)
