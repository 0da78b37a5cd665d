"""``intelmig hubs``, ``intelmig corridors`` and ``intelmig timeline``: thin click layers
over :mod:`intelmig.analytics`. Heavy modules are imported inside the commands."""

from __future__ import annotations

import math
import os

import click

from ..i18n import current, number
from ..i18n import gettext as _
from .options import echo_rows, lang_option, output_options, store_options

__all__ = ["corridors", "hubs", "interval_text", "timeline"]

MEASURE_CHOICES = ["flow", "stock", "event", "qualitative"]
OVERVIEW_TOP = 3


def interval_text(low, high, measure="flow", fmt="{:,.0f}") -> str:
    """An interval for people to read, exact values once; qualitative volumes count links.

    >>> interval_text(2000.0, 9999.0), interval_text(1780.0, 1780.0), interval_text(0.0, math.inf)
    ('2,000..9,999', '1,780', '>= 0')
    >>> interval_text(-94.0, -94.0), interval_text(-math.inf, 5.0), interval_text(2.0, 2.0, "qualitative")
    ('-94', '<= 5', '2 stated links')
    >>> interval_text(None, None, fmt="{:.2f}"), interval_text(0.25, 0.5, fmt="{:.2f}")
    ('', '0.25..0.50')
    """
    from ..interval import Interval

    if measure == "qualitative":
        if current() != "en":
            return _("{value} link(s)").format(value=number(low))
        return f"{low:,.0f} stated link{'s' if low != 1 else ''}"
    return Interval(low, high).text("console", number=_number_format(fmt))


def _number_format(fmt: str):
    """``fmt`` in English; in Kazakh or Russian the same digits written as CLDR says
    (``1 234`` with a no-break space, decimal comma, true minus), one character each."""
    if current() == "en":
        return fmt.format
    digits = int(fmt.rsplit(".", 1)[1][0]) if "." in fmt else 0
    return lambda value: number(value, digits)


def _header(columns: list[str]) -> list[str]:
    """Column names of a console table in the current language (ids in English)."""
    return [_(column) for column in columns]


class _Names:
    """Names of the places and eras of a table in the current language.

    The graph's own ``name_kk``/``name_ru`` (one query, only when the language is not
    English), else pycountry's ISO 3166 translation, else English.
    """

    def __init__(self, store, ids):
        self.graph = None  # English needs no names from the graph, nor networkx (0.2 s)
        if current() == "en":
            return
        import networkx as nx

        from ..analytics.aggregate import era_records

        self.graph = nx.DiGraph()
        ids = sorted({i for i in ids if i})
        if not ids:
            return
        query = _query("analytics_own_names")
        for record in store.run(query, {"ids": ids}).records():
            self.graph.add_node(record["id"], **{k: v for k, v in record.items() if v})
        for era in era_records(store):
            if era["id"] in self.graph:
                self.graph.nodes[era["id"]].update(start_year=era["start_year"],
                                                   end_year=era["end_year"])

    def place(self, place: str, english: str) -> str:
        from ..i18n import place_name

        return place_name(place, english, self.graph)

    def slice(self, slice_) -> str:
        """The slice in words: ``era stage3`` in English, else the era's own name."""
        if current() == "en":
            return slice_.label
        from ..export.figures import slice_title

        return slice_title(slice_, self.graph)


def _echo_notes(graph, names: _Names) -> None:
    """The notes under a table; those the analytics library keeps as a
    :class:`~intelmig.analytics.aggregate.Note` are worded in the language."""
    from ..analytics.aggregate import Note

    for note in graph.notes:
        if isinstance(note, Note):
            own = {"slice": names.slice(graph.slice)} if "slice" in note.fields else {}
            note = note.reworded(_, **own)
        click.echo(_("Note: {note}.").format(note=note))


def _query(name):
    from ..queries import get_query

    return get_query(name).text


def _source_words(sources, rule: str = "") -> str:
    """Where the numbers come from, as :func:`intelmig.analytics.aggregate.source_label`
    words it, in the current language."""
    if not sources:
        return _("no data")
    if len(sources) == 1:
        return (_("the article (seed)") if sources[0] == "seed"
                else _("dataset {id}").format(id=sources[0]))
    return _("datasets {ids} ({rule})").format(ids=" + ".join(sources),
                                               rule=_("summed") if rule == "sum" else rule)


def _per_thousand(value) -> str:
    """A rate (plain fraction) per 1,000 people, or '' without one."""
    return "" if value is None else f"{value * 1000:.2f}"


def _single_threaded_blas() -> None:
    """Run numpy's BLAS on one thread unless the user chose otherwise.

    The matrices here are a few hundred places wide, too small to gain from
    threads; on a busy machine BLAS threads spinning for a core made ``hubs``
    several times slower (15 s against 6 s measured). Only effective before
    numpy is first imported, which is why the commands call it first.
    """
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


DATASET_OPTION = click.option(
    "--dataset", default="", help="The one source to answer from: a dataset id (`intelmig "
    "datasets`), or 'seed' for the article's facts; A,B sums several. Needed when several "
    "could answer.")
REGIONS_OPTION = click.option(
    "--regions", type=click.Choice(["article", "m49", "cis"]), default=None, help="Region "
    "scheme: the article's regions (PART_OF in the database), the UN M49 regions and "
    "sub-regions, or the CIS with dated membership (each move placed by its year). "
    "Default: the article's for the article's facts, M49 for a dataset.")
POPULATION_OPTION = click.option(
    "--population", default=None, help="Dataset id of the base populations of the rates "
    "(default: the one the year has).")


def _slice_options(command):
    options = [
        click.option("--era", help="An era id, e.g. stage3 (`intelmig query --name stages`)."),
        click.option("--year", type=int, help="A single year (imported yearly data)."),
        click.option("--from", "year_from", type=int, help="First year of a range."),
        click.option("--to", "year_to", type=int, help="Last year of a range."),
        click.option("--level", type=click.Choice(["country", "region", "subregion"]),
                     default="country", show_default=True, help="Places as stated, or "
                     "countries grouped by the regions (or M49 sub-regions) of --regions."),
        REGIONS_OPTION,
        click.option("--measure", type=click.Choice(MEASURE_CHOICES), default=None,
                     help="Which measure to weigh by; never mixed. Default: the first of "
                     "flow, stock, event with a stated volume in the slice, else "
                     "qualitative links."),
        click.option("--top", type=int, default=None, help="Show only the first K of each list."),
        click.option("--sex", type=click.Choice(["total", "male", "female"]), default="total",
                     show_default=True, help="Imported rows of this sex."),
        DATASET_OPTION,
        POPULATION_OPTION,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _range(best, worst) -> str:
    return str(best) if best == worst else f"{best}-{worst}"


def _flows(ids, limit=3) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" (+{len(ids) - limit})" if len(ids) > limit else "")


def _overview(store, fmt, level, measure, top, sex, dataset, regions):
    from ..analytics.overview import era_overview

    result = era_overview(store, level=level, measure=measure, top=top or OVERVIEW_TOP,
                          sex=sex, dataset=dataset, regions=regions)
    columns = ["dataset", "measure", "slice", "years", "role", "rank", "place", "name",
               "level", "volume", "flows"]
    records = result.to_records()
    names = _Names(store, [r["place"] for r in records] if fmt == "table" else [])
    rows = []
    for r in records:
        years = f"{r['start_year'] or ''}-{r['end_year'] or ''}"
        if fmt == "table":
            rows.append([r["dataset"], _(r["measure"]), r["slice"], years, _(r["role"]),
                         _range(r["rank_best"], r["rank_worst"]), r["place"],
                         names.place(r["place"], r["name"]), _(r["level"]),
                         interval_text(r["low"], r["high"], r["measure"]), _flows(r["flows"])])
        else:
            rows.append([r["dataset"], r["measure"], r["slice"], years, r["role"],
                         [r["rank_best"], r["rank_worst"]], r["place"], r["name"], r["level"],
                         [r["low"], _finite(r["high"])], r["flows"]])
    if fmt == "table":
        click.echo(_("Recipient and donor hubs of each stage (rank: best..worst over the "
                     "stated volume ranges; qualitative volumes count stated links). "
                     "`intelmig hubs --era NAME` shows every measure.") + "\n")
        columns = _header(columns)
    echo_rows(columns, rows, fmt)


def _finite(value):
    return None if isinstance(value, float) and math.isinf(value) else value


def _echo_records(table, empty_columns: list[str], fmt: str) -> None:
    """Rows of dataclasses as JSON/CSV; an unbounded (infinite) bound becomes None."""
    records = [{key: _finite(value) for key, value in row.to_dict().items()} for row in table]
    columns = list(records[0]) if records else empty_columns
    echo_rows(columns, [list(r.values()) for r in records], fmt)


def _heading(what: str, graph, level: str, names: _Names) -> str:
    """The line above a table: what (a message with ``{slice}``, ``{measure}``,
    ``{source}`` and ``{level}``), slice, measure, source and level of every number."""
    scheme = (" " + _("({regions} regions)").format(regions=graph.regions)
              if level != "country" else "")
    return what.format(slice=names.slice(graph.slice), measure=_(graph.measure),
                       source=_source_words(graph.sources, graph.rule), level=_(level)) + scheme


@click.command()
@_slice_options
@output_options
@lang_option
@store_options
def hubs(era, year, year_from, year_to, level, regions, measure, top, sex, dataset, population,
         fmt, target):
    """Donor and recipient hubs: in, out, gross, net, effectiveness, rates and ranks.

    With no --era/--year/--from/--to: the top recipients and donors of every
    stage, with the flows the source states them in. With a slice: every place
    as recipient (ranked by in) and donor (by out), answered from one source
    (refused with the list of candidates when several datasets could answer:
    name one with --dataset). Per place: in, out, net (in - out), gross
    (in + out), the migration effectiveness index (net / gross), rates per
    1,000 of the base population when one is known for the year (JSON:
    in_rate, out_rate, net_rate as plain fractions), PageRank, HITS, betweenness.
    The rank runs best..worst over the stated volume ranges (exact data: one
    rank); the rank by number of partners is its own column.

    \b
    Examples:
        intelmig hubs
        intelmig hubs --era stage3 --level region --json
        intelmig hubs --year 2019 --dataset scopus-2019 --top 10
        intelmig hubs --year 2000 --measure stock --level region --regions m49
    """
    _single_threaded_blas()
    from ..analytics import hubs as compute_hubs

    with target.open() as store:
        if not any(v is not None for v in (era, year, year_from, year_to)):
            _overview(store, fmt, level, measure, top, sex, dataset, regions)
            return
        graph, table = compute_hubs(store, era=era, year=year, year_from=year_from,
                                    year_to=year_to, level=level, measure=measure, top=top,
                                    sex=sex, dataset=dataset, regions=regions,
                                    population=population, ranks=fmt != "table")
        if fmt != "table":
            _echo_records(table, ["dataset", "measure", "slice", "role", "rank", "place"], fmt)
            return
        names = _Names(store, [row.place for row in table] + [*graph.within, graph.slice.era])
    slice_words = names.slice(graph.slice)
    click.echo(_heading(_("Hubs of {slice}; measure {measure}; source {source}; level {level}"),
                        graph, level, names))
    rated = bool(graph.populations) and bool(table)
    if rated:
        click.echo(_("Rates per 1,000 of the population of {source}, {slice}.").format(
            source=graph.population_source, slice=slice_words))
    click.echo("")
    columns = ["role", "rank", "place", "name", "in", "out", "net", "gross", "effectiveness",
               *(["in_rate", "out_rate", "net_rate"] if rated else []),
               "partners", "rank_partners", "pagerank", "betweenness", "flows"]
    score = _number_format("{:.3f}")
    rows = [[_(row.role), _range(row.rank_best, row.rank_worst), row.place,
             names.place(row.place, row.name),
             interval_text(row.in_low, row.in_high, graph.measure),
             interval_text(row.out_low, row.out_high, graph.measure),
             interval_text(row.net_low, row.net_high),
             interval_text(row.gross_low, row.gross_high, graph.measure),
             interval_text(row.effectiveness_low, row.effectiveness_high, fmt="{:.3f}"),
             *([_per_thousand(row.in_rate), _per_thousand(row.out_rate),
                _per_thousand(row.net_rate)] if rated else []),
             row.partners, row.rank_partners, score(row.pagerank), score(row.betweenness),
             _flows(row.flows)]
            for row in table]
    echo_rows(_header(columns), rows, fmt)
    if not table and graph.within:
        # Every move of the slice stays inside one region: no region gives or receives.
        inside = ", ".join(names.place(r, graph.places.get(r, (r,))[0])
                           for r in sorted(graph.within))
        click.echo(_("Every move of this slice stays within a region ({inside}), so no "
                     "region gives or receives; `intelmig corridors` shows the sums within, "
                     "and `--level subregion` or `--level country` splits them.").format(
            inside=inside), err=True)
    if graph.population_source:
        unrated = {names.place(row.place, row.name): row.population_missing for row in table
                   if row.level == "Region" and row.population is None}
        for name, lacking in unrated.items():
            why = (_("no {source} population of {places}").format(
                source=graph.population_source, places=_flows(lacking, 8))
                   if lacking else _("no members known"))
            click.echo(_("No rate for {name}: {why} ({slice}).").format(
                name=name, why=why, slice=slice_words))
    _echo_notes(graph, names)
    editorial = {row.place: row.editorial_members for row in table if row.editorial_members}
    if editorial:
        click.echo("\n" + _("Members the seed adds to the article's regions (editorial, not "
                             "stated by the article): {members}").format(
            members="; ".join(f"{region}: {', '.join(members)}"
                              for region, members in editorial.items())))


@click.command()
@_slice_options
@output_options
@lang_option
@store_options
def corridors(era, year, year_from, year_to, level, regions, measure, top, sex, dataset,
              population, fmt, target):
    """The largest corridors: both directions, net, gross, effectiveness, circulation.

    Each corridor is answered from one source (see `intelmig hubs --help`). Net is
    this direction minus the reverse, gross both together, the effectiveness
    index net / gross; the circulation index 2 min(x, y) / (x + y) is 1 for
    balanced circulation and 0 for a one-way drain. With volume ranges each
    shows its least..greatest value. At --regions m49 region levels the moves
    inside each region follow as 'within' rows (migest's regional sums).

    \b
    Examples:
        intelmig corridors --era stage3
        intelmig corridors --year 2019 --dataset scopus-2019 --top 20 --csv
        intelmig corridors --year 2019 --level region --regions m49
    """
    _single_threaded_blas()
    from ..analytics import corridors as compute_corridors

    if population:
        raise click.UsageError("--population applies to hubs and timeline rates only")
    with target.open() as store:
        graph, table = compute_corridors(store, era=era, year=year, year_from=year_from,
                                         year_to=year_to, level=level, measure=measure,
                                         top=top, sex=sex, dataset=dataset, regions=regions)
        if fmt != "table":
            _echo_records(table, ["dataset", "measure", "slice", "rank", "source", "target"],
                          fmt)
            return
        named = level != "country"  # region ids (m49:150) say little: show their names
        names = _Names(store, [graph.slice.era, *([p for row in table
                                                   for p in (row.source, row.target)]
                                                  if named else [])])
    click.echo(_heading(_("Corridors of {slice}; measure {measure}; source {source}; "
                          "level {level}"), graph, level, names) + "\n")
    rows = [[_("within") if row.within else row.rank,
             names.place(row.source, row.source_name) if named else row.source,
             names.place(row.target, row.target_name) if named else row.target,
             interval_text(row.low, row.high, graph.measure),
             "" if row.within else interval_text(row.reverse_low, row.reverse_high,
                                                 graph.measure),
             "" if row.within else interval_text(row.net_low, row.net_high),
             interval_text(row.gross_low, row.gross_high, graph.measure),
             interval_text(row.effectiveness_low, row.effectiveness_high, fmt="{:.3f}"),
             interval_text(row.circulation_low, row.circulation_high, fmt="{:.2f}"),
             _flows(row.flows)]
            for row in table]
    echo_rows(_header(["rank", "from", "to", "volume", "reverse", "net", "gross",
                       "effectiveness", "circulation", "flows"]), rows, fmt)
    _echo_notes(graph, names)


VALUE_CHOICES = ["volume", "in", "out", "gross", "net", "effectiveness", "in_rate",
                 "out_rate", "net_rate"]


@click.command()
@click.option("--level", type=click.Choice(["country", "region", "subregion"]),
              default="country", show_default=True, help="Places as stated, or grouped by "
              "the regions of --regions.")
@REGIONS_OPTION
@click.option("--measure", "value", type=click.Choice(VALUE_CHOICES), default="volume",
              show_default=True, help="The value per slice: volume (in for recipients, out "
              "for donors), in, out, gross, net, effectiveness, or a rate (plain fraction).")
@click.option("--of", "measure", type=click.Choice(MEASURE_CHOICES), default=None,
              help="Which data measure: flow, stock, event or qualitative (default: the "
              "source's first with a stated volume).")
@click.option("--from", "year_from", type=int, help="Yearly timeline from this year "
              "(with --to); default: the eras.")
@click.option("--to", "year_to", type=int, help="Last year of a yearly timeline.")
@click.option("--top", type=int, default=5, show_default=True,
              help="Places that could be in the top K of some slice.")
@click.option("--place", default=None, help="Only this place (e.g. KAZ).")
@click.option("--sex", type=click.Choice(["total", "male", "female"]), default="total",
              show_default=True, help="Imported rows of this sex.")
@DATASET_OPTION
@POPULATION_OPTION
@output_options
@lang_option
@store_options
def timeline(level, regions, value, measure, year_from, year_to, top, place, sex, dataset,
             population, fmt, target):
    """One measure of each place across the stages (or years), and who rose or fell.

    Every column comes from the same source and data measure (refused with the
    list of candidates when several datasets could answer). A yearly timeline
    (--from/--to) reads the database once for all its years. Cells show the
    value of --measure; the change column follows the ranks (by in for
    recipients, by out for donors).

    \b
    Examples:
        intelmig timeline
        intelmig timeline --from 2010 --to 2019 --dataset scopus-2019 --measure net --top 10
        intelmig timeline --from 2015 --to 2019 --measure net_rate --place KAZ --json
    """
    _single_threaded_blas()
    from ..analytics import timeline as compute_timeline
    from ..analytics.timeline import describe_changes

    years = None
    if year_from is not None or year_to is not None:
        if year_from is None or year_to is None or year_from > year_to:
            raise click.UsageError("a yearly timeline needs --from Y1 --to Y2 with Y1 <= Y2")
        years = list(range(year_from, year_to + 1))
    with target.open() as store:
        labels, table = compute_timeline(store, level=level, measure=measure, top=top,
                                         sex=sex, dataset=dataset, value=value,
                                         regions=regions, population=population,
                                         place=place, years=years)
        if fmt != "table":
            _echo_records(table, ["dataset", "measure", "value", "role", "place"], fmt)
            return
        names = _Names(store, [row.place for row in table])
    if table:
        first = table[0]
        sources = tuple(first.dataset.split(",")) if first.dataset else ()
        measures = "/".join(_(m) for m in first.measure.split("/"))  # flow/qualitative
        click.echo(_("Timeline of {value}; measure {measure}; source {source}; "
                     "level {level}").format(value=_(value), measure=measures,
                                             source=_source_words(sources, "sum"),
                                             level=_(level)) + "\n")

    digits = "{:.6f}" if value.endswith("_rate") else (
        "{:.3f}" if value == "effectiveness" else "{:,.0f}")

    def cell(v):
        if v is None:
            return ""
        if isinstance(v, list):
            return interval_text(v[0], v[1], fmt=digits)
        return _number_format(digits)(v)

    columns = _header(["role", "place", "name"]) + [*labels, _("change")]
    rows = [[_(row.role), row.place, names.place(row.place, row.name),
             *(cell(v) for v in row.values.values()),
             describe_changes(labels, list(row.ranks.values()), _)] for row in table]
    echo_rows(columns, rows, fmt)
    unrated = {(names.place(row.place, row.name), label): lacking for row in table
               for label, lacking in row.population_missing.items()}
    for (name, label), lacking in unrated.items():
        click.echo(_("No rate for {name} in {label}: no population of {places}.").format(
            name=name, label=label, places=_flows(lacking, 8)))
