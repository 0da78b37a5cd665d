"""``intelmig hubs``, ``intelmig corridors`` and ``intelmig timeline``: thin click layers
over :mod:`intelmig.analytics`. Heavy modules are imported inside the commands."""

from __future__ import annotations

import math
import os

import click

from .options import echo_rows, output_options, store_options

__all__ = ["corridors", "hubs", "interval_text", "timeline"]

MEASURE_CHOICES = ["flow", "stock", "event", "qualitative"]
OVERVIEW_TOP = 3


def interval_text(low, high, measure="flow") -> str:
    """A volume interval for people to read; qualitative volumes are counts of stated links.

    >>> interval_text(2000.0, 9999.0), interval_text(5.0, 5.0), interval_text(0.0, math.inf)
    ('2,000-9,999', '5', '>= 0')
    >>> interval_text(2.0, 2.0, "qualitative")
    '2 stated links'
    """
    if measure == "qualitative":
        return f"{low:,.0f} stated link{'s' if low != 1 else ''}"
    if high is None or math.isinf(high):
        return f">= {low:,.0f}"
    if low == high:
        return f"{low:,.0f}"
    return f"{low:,.0f}-{high:,.0f}"


def _single_threaded_blas() -> None:
    """Run numpy's BLAS on one thread unless the user chose otherwise.

    The matrices here are a few hundred places wide, too small to gain from
    threads; on a busy machine BLAS threads spinning for a core made ``hubs``
    several times slower (15 s against 6 s measured). Only effective before
    numpy is first imported, which is why the commands call it first.
    """
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def _slice_options(command):
    options = [
        click.option("--era", help="An era id, e.g. stage3 (`intelmig query --name stages`)."),
        click.option("--year", type=int, help="A single year (imported yearly data)."),
        click.option("--from", "year_from", type=int, help="First year of a range."),
        click.option("--to", "year_to", type=int, help="Last year of a range."),
        click.option("--level", type=click.Choice(["country", "region"]), default="country",
                     show_default=True, help="Places as stated, or countries counted in "
                     "the regions they are PART_OF."),
        click.option("--measure", type=click.Choice(MEASURE_CHOICES), default=None,
                     help="Which measure to weigh by; never mixed. Default: the first of "
                     "flow, stock, event with a stated volume in the slice, else "
                     "qualitative links."),
        click.option("--top", type=int, default=None, help="Show only the first K of each list."),
        click.option("--sex", type=click.Choice(["total", "male", "female"]), default="total",
                     show_default=True, help="Imported rows of this sex."),
        click.option("--dataset", default="", help="Only rows of this imported dataset id."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _range(best, worst) -> str:
    return str(best) if best == worst else f"{best}-{worst}"


def _flows(ids, limit=3) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" (+{len(ids) - limit})" if len(ids) > limit else "")


def _overview(store, fmt, level, measure, top, sex, dataset):
    from ..analytics import hubs as compute_hubs
    from ..analytics.aggregate import era_records

    eras = [e for e in era_records(store, with_edges=True) if e["edges"]]
    columns = ["era", "years", "measure", "role", "rank", "place", "name", "level", "volume",
               "rank_range", "stable", "flows"]
    rows = []
    for era in eras:
        graph, table = compute_hubs(store, era=era["id"], level=level, measure=measure,
                                    top=top or OVERVIEW_TOP, sex=sex, dataset=dataset)
        years = f"{era['start_year'] or ''}-{era['end_year'] or ''}"
        for row in table:
            volume = (interval_text(row.low, row.high, graph.measure) if fmt == "table"
                      else [row.low, None if math.isinf(row.high) else row.high])
            flows = _flows(row.flows) if fmt == "table" else row.flows
            rank_range = (_range(row.rank_best, row.rank_worst) if fmt == "table"
                          else [row.rank_best, row.rank_worst])
            rows.append([era["id"], years, graph.measure, row.role, row.rank, row.place,
                         row.name, row.level, volume, rank_range, row.stable, flows])
    if fmt == "table":
        click.echo("Recipient and donor hubs of each stage (rank range: ranks at the low "
                   "bounds, the high bounds and unweighted; qualitative volumes count stated "
                   "links). `intelmig hubs --era NAME` shows every measure.\n")
    echo_rows(columns, rows, fmt)


def _echo_records(table, empty_columns: list[str], fmt: str) -> None:
    """Rows of dataclasses as JSON/CSV; an unbounded (infinite) bound becomes None."""
    records = [{key: None if isinstance(value, float) and math.isinf(value) else value
                for key, value in row.to_dict().items()} for row in table]
    columns = list(records[0]) if records else empty_columns
    echo_rows(columns, [list(r.values()) for r in records], fmt)


@click.command()
@_slice_options
@output_options
@store_options
def hubs(era, year, year_from, year_to, level, measure, top, sex, dataset, fmt, target):
    """Donor and recipient hubs, with every measure and its rank interval.

    With no --era/--year/--from/--to: the top recipients and donors of every
    stage, with the flows the source states them in. With a slice: every place
    as recipient (ranked by in-strength) and donor (by out-strength), with the
    volume interval, net balance, PageRank, HITS authority and hub, betweenness,
    ranks at the low bounds, high bounds and unweighted, and a stable flag.

    \b
    Examples:
        intelmig hubs
        intelmig hubs --era stage3 --level region --json
        intelmig hubs --from 1990 --to 2000 --measure stock --top 10
    """
    _single_threaded_blas()
    from ..analytics import hubs as compute_hubs

    with target.open() as store:
        if not any(v is not None for v in (era, year, year_from, year_to)):
            _overview(store, fmt, level, measure, top, sex, dataset)
            return
        graph, table = compute_hubs(store, era=era, year=year, year_from=year_from,
                                    year_to=year_to, level=level, measure=measure, top=top,
                                    sex=sex, dataset=dataset)
    if fmt != "table":
        _echo_records(table, ["role", "rank", "place"], fmt)
        return
    click.echo(f"Hubs of {graph.slice.label}, measure {graph.measure}, level {level}\n")
    columns = ["role", "rank", "place", "name", "level", "volume", "partners", "net",
               "pagerank", "authority", "hub", "betweenness", "rank_range", "stable", "flows"]
    rows = [[row.role, row.rank, row.place, row.name, row.level,
             interval_text(row.low, row.high, graph.measure), row.partners,
             f"{row.net_low:,.0f}..{row.net_high:,.0f}", f"{row.pagerank:.3f}",
             f"{row.authority:.3f}", f"{row.hub:.3f}", f"{row.betweenness:.3f}",
             _range(row.rank_best, row.rank_worst), row.stable, _flows(row.flows)]
            for row in table]
    echo_rows(columns, rows, fmt)


@click.command()
@_slice_options
@output_options
@store_options
def corridors(era, year, year_from, year_to, level, measure, top, sex, dataset, fmt, target):
    """The largest corridors and how two-way they are (circulation index bounds).

    The circulation index of a corridor is 2 min(x, y) / (x + y) for the
    volumes x and y of its two directions: 1 is balanced circulation, 0 a
    one-way drain; with volume intervals its least and greatest values are shown.

    \b
    Examples:
        intelmig corridors --era stage3
        intelmig corridors --year 2020 --measure stock --top 20 --csv
    """
    _single_threaded_blas()
    from ..analytics import corridors as compute_corridors

    with target.open() as store:
        graph, table = compute_corridors(store, era=era, year=year, year_from=year_from,
                                         year_to=year_to, level=level, measure=measure,
                                         top=top, sex=sex, dataset=dataset)
    if fmt != "table":
        _echo_records(table, ["rank", "source", "target"], fmt)
        return
    click.echo(f"Corridors of {graph.slice.label}, measure {graph.measure}, level {level}\n")
    rows = [[row.rank, row.source, row.target,
             interval_text(row.low, row.high, graph.measure),
             interval_text(row.reverse_low, row.reverse_high, graph.measure),
             "" if row.circulation_low is None else
             f"{row.circulation_low:.2f}-{row.circulation_high:.2f}", _flows(row.flows)]
            for row in table]
    echo_rows(["rank", "from", "to", "volume", "reverse", "circulation", "flows"], rows, fmt)


@click.command()
@click.option("--level", type=click.Choice(["country", "region"]), default="country",
              show_default=True, help="Places as stated, or grouped by region.")
@click.option("--measure", type=click.Choice(MEASURE_CHOICES), default=None,
              help="One measure for every slice (default: chosen per slice).")
@click.option("--from", "year_from", type=int, help="Yearly timeline from this year "
              "(with --to); default: the eras.")
@click.option("--to", "year_to", type=int, help="Last year of a yearly timeline.")
@click.option("--top", type=int, default=5, show_default=True,
              help="Places in the top K of some slice.")
@click.option("--sex", type=click.Choice(["total", "male", "female"]), default="total",
              show_default=True, help="Imported rows of this sex.")
@click.option("--dataset", default="", help="Only rows of this imported dataset id.")
@output_options
@store_options
def timeline(level, measure, year_from, year_to, top, sex, dataset, fmt, target):
    """Hub ranks across the stages (or years), and who rose or fell.

    \b
    Examples:
        intelmig timeline
        intelmig timeline --from 1990 --to 2020 --measure stock --top 10 --json
    """
    _single_threaded_blas()
    from ..analytics import Slice
    from ..analytics import timeline as compute_timeline

    slices = None
    if year_from is not None or year_to is not None:
        if year_from is None or year_to is None or year_from > year_to:
            raise click.UsageError("a yearly timeline needs --from Y1 --to Y2 with Y1 <= Y2")
        slices = [(str(y), Slice.of(year=y)) for y in range(year_from, year_to + 1)]
    with target.open() as store:
        labels, table = compute_timeline(store, slices, level=level, measure=measure, top=top,
                                         sex=sex, dataset=dataset)
    columns = ["role", "place", "name", *labels, "change"]
    rows = [[row.role, row.place, row.name, *row.ranks.values(), row.change] for row in table]
    echo_rows(columns, rows, fmt)
