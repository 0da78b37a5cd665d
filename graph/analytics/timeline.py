"""A measure of every place across the stages or years, from one source: who rose and who fell.

For each slice of a sequence (by default every era that dates a flow, in time
order; or every year of a range) :func:`timeline` ranks the places as
recipients (by in) and donors (by out) with
:func:`~intelmig.analytics.hubs.hub_table` and reports, per place and role, the
value of one measure in each slice (``in``, ``out``, ``gross``, ``net``,
``effectiveness``, ``in_rate``, ``out_rate``, ``net_rate``; default: the ranked
volume, in for recipients and out for donors), its best rank there, and the
changes between consecutive slices where it is ranked in both.

One source and one measure serve every column: they are chosen once over the
whole sequence (:func:`~intelmig.analytics.aggregate.choose_source`), so a
column never switches from one dataset to another. A yearly timeline reads
the database once for all its years.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from itertools import pairwise

from .aggregate import (
    SEED,
    PlaceGraph,
    _query,
    add_pair_row,
    choose_source,
    default_scheme,
    era_records,
    name_places,
    parse_datasets,
    place_graph,
    year_mapper,
)
from .hubs import ROLES, hub_table
from .slices import Slice

__all__ = ["VALUES", "TimelineRow", "default_slices", "describe_changes", "timeline"]

VALUES = ("volume", "in", "out", "gross", "net", "effectiveness", "in_rate", "out_rate",
          "net_rate")


@dataclass
class TimelineRow:
    """One place in one role across the slices, from one dataset and measure.

    ``values`` holds the chosen value per slice label: a number, ``[low, high]``
    for an uncertain volume (people; rates are fractions), None where the place is
    not ranked in that role; ``ranks`` its best rank there, ``intervals`` its
    ``[best, worst]`` rank, ``change`` the moves in words (:func:`describe_changes`).

    Examples
    --------
    >>> row = TimelineRow("un", "flow", "volume", "DEU", "Germany", "recipient",
    ...                   values={"2019": 5.0, "2020": 25.0}, ranks={"2019": 2, "2020": 1})
    >>> row.change = describe_changes(list(row.ranks), list(row.ranks.values()))
    >>> row.to_dict()["change"]
    '2019->2020 rose 2->1'
    """

    dataset: str
    measure: str                                     # the slices' measures, "/"-joined
    value: str                                       # which value ``values`` holds
    place: str
    name: str
    role: str
    values: dict = field(default_factory=dict)       # slice label -> value, or [low, high]
    ranks: dict = field(default_factory=dict)        # slice label -> best rank (None: absent)
    intervals: dict = field(default_factory=dict)    # slice label -> [best, worst]
    population_missing: dict = field(default_factory=dict)  # label -> members without one
    change: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def describe_changes(labels, ranks, translate=str) -> str:
    """Words for the moves of one place between consecutive slices.

    Parameters
    ----------
    labels : sequence of str
        The slice labels, in order.
    ranks : sequence of int or None
        The place's rank in each slice; None where it is not ranked.
    translate : callable, optional
        Turns each English message (``"new in {after}"``, ...) into the words of a
        language before its fields are filled (the CLI's ``--lang``); the default keeps
        the English that JSON and CSV carry.

    Returns
    -------
    str
        ``"a->b rose 3->2"``, ``"fell"``, ``"new in b"``, ``"gone in b"``, joined by
        ``"; "``; empty when the rank never changes.

    Raises
    ------
    ValueError
        When ``labels`` and ``ranks`` differ in length.

    Examples
    --------
    >>> describe_changes(["stage1", "stage2", "stage3"], [1, 3, 2])
    'stage1->stage2 fell 1->3; stage2->stage3 rose 3->2'
    >>> describe_changes(["stage1", "stage2"], [None, 1]), describe_changes(["a", "b"], [2, 2])
    ('new in stage2', '')
    """
    words = []
    for (before, after), (a, b) in zip(pairwise(labels), pairwise(ranks), strict=True):
        if a is None and b is not None:
            words.append(translate("new in {after}").format(after=after))
        elif a is not None and b is None:
            words.append(translate("gone in {after}").format(after=after))
        elif a is not None and a != b:
            message = ("{before}->{after} rose {a}->{b}" if b < a
                       else "{before}->{after} fell {a}->{b}")
            words.append(translate(message).format(before=before, after=after, a=a, b=b))
    return "; ".join(words)


def default_slices(store) -> list[tuple[str, Slice]]:
    """Every era that dates at least one MIGRATED_TO edge, in time order.

    Parameters
    ----------
    store : intelmig.stores.Store
        Only ``store.run`` is used.

    Returns
    -------
    list of (str, Slice)
        The era id as label, and its slice.

    Examples
    --------
    Of two eras, only stage 1 dates a flow:

    >>> import pathlib, tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> ds = Dataset()
    >>> ds.add_node("Era", {"id": "stage2", "start_year": 1960, "end_year": 1989})
    >>> ds.add_node("Era", {"id": "stage1", "start_year": 1945, "end_year": 1959})
    >>> for code in ("DEU", "USA"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> ds.add_rel("MIGRATED_TO", "Country", "DEU", "Country", "USA",
    ...            {"measure": "qualitative", "era": "stage1", "flow": "f1", "pairs": 1})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "eras.lbug"
    >>> build_database(path, ds)
    >>> with EmbeddedStore(path) as store:
    ...     default_slices(store)
    [('stage1', Slice(era='stage1', year_from=None, year_to=None))]
    """
    return [(e["id"], Slice.of(era=e["id"]))
            for e in era_records(store, with_edges=True) if e["edges"]]


def _value(hub, value: str):
    """The value of one hub row; an interval as [low, high] unless exact."""
    if value == "volume":
        pair = (hub.low, hub.high)
    elif value in ("in", "out", "gross", "net", "effectiveness"):
        pair = (getattr(hub, f"{value}_low"), getattr(hub, f"{value}_high"))
    else:
        return getattr(hub, value)
    return pair[0] if pair[0] == pair[1] else list(pair)


def _yearly_graphs(store, years, *, level, measure, sex, dataset, regions):
    """``{year: PlaceGraph}`` from one scan of the database, all from one source; at a
    region level the country rows are grouped by the scheme outside the database."""
    datasets = parse_datasets(dataset)
    params = {"year_from": years[0], "year_to": years[-1], "sex": sex,
              "datasets": list(datasets), "any_dataset": not datasets}
    with store.reading_datasets(datasets):
        rows = store.run(_query("analytics_pair_weights_by_year"), params).rows
    present: dict = {}
    for row in rows:
        key = (row[1], row[2] or SEED)
        present[key] = present.get(key, False) or row[-1] > 0
    label = f"years {years[0]}-{years[-1]}"
    measure, sources = choose_source(present, measure=measure, datasets=datasets,
                                     slice_label=label)
    mapper = year_mapper(store, regions, level) if level != "country" else None
    graphs = {year: PlaceGraph(Slice.of(year=year), measure, level, sources=sources,
                               rule="sum" if len(sources) > 1 else "", regions=regions or "")
              for year in years}
    for row in rows:
        if row[1] == measure and (row[2] or SEED) in sources:
            year = row[0]
            add_pair_row(graphs[year], row[2:], None if mapper is None
                         else (lambda place, year=year: mapper(place, year)))
    for graph in graphs.values():
        name_places(store, graph)
    return graphs


def timeline(store, slices=None, *, level="country", measure=None, top=None, sex="total",
             dataset="", value="volume", regions=None, population=None, place=None,
             years=None) -> tuple[list[str], list[TimelineRow]]:
    """The value of one measure of every place, as recipient and donor, in each slice.

    Parameters
    ----------
    slices : list of (label, Slice) or None
        The sequence; None means every era that dates a flow (see default_slices).
        Ignored when ``years`` is given.
    years : sequence of int or None
        A yearly timeline over these consecutive years, read in one scan of the
        moves at every level: country rows per year, grouped by the region scheme
        outside the database (the article's regions from their ``PART_OF`` links,
        read once; the CIS by each year's membership).
    measure : str or None
        flow, stock, event or qualitative, the same in every slice.
    value : str
        One of VALUES; rates need populations (``population`` names their source).
    top : int or None
        Keep only places that could be in the first ``top`` of some slice for that role.
    place : str or None
        Keep only this place (``top`` then does not apply).

    Returns
    -------
    (labels, rows)
        The slice labels in order, and one row per place and role.

    Raises
    ------
    AmbiguousSource
        When several sources could answer over the sequence and none was named.
    ParameterError
        For an unknown value, level or scheme.

    Examples
    --------
    Dataset ``un``: Kazakhstan sends 30 to Russia and 5 to Germany in 2019, 20 and
    25 in 2020. Germany rises to first recipient:

    >>> import pathlib, tempfile
    >>> from intelmig.dataset import Dataset
    >>> from intelmig.stores.embedded import EmbeddedStore, build_database
    >>> ds = Dataset()
    >>> for code in ("KAZ", "RUS", "DEU"):
    ...     ds.add_node("Country", {"id": code, "name_en": code})
    >>> for year, source, target, people in ((2019, "KAZ", "RUS", 30.0),
    ...         (2019, "KAZ", "DEU", 5.0), (2020, "KAZ", "RUS", 20.0), (2020, "KAZ", "DEU", 25.0)):
    ...     ds.add_rel("MIGRATED_TO", "Country", source, "Country", target,
    ...                {"measure": "flow", "dataset": "un", "year": year, "value": people})
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "timeline.lbug"
    >>> build_database(path, ds)
    >>> with EmbeddedStore(path) as store:
    ...     labels, rows = timeline(store, years=[2019, 2020])
    >>> labels
    ['2019', '2020']
    >>> [(r.role, r.place, r.values, r.change) for r in rows]
    [('recipient', 'DEU', {'2019': 5.0, '2020': 25.0}, '2019->2020 rose 2->1'), ('recipient', 'RUS', {'2019': 30.0, '2020': 20.0}, '2019->2020 fell 1->2'), ('donor', 'KAZ', {'2019': 35.0, '2020': 45.0}, '')]
    >>> rows[0].dataset, rows[0].measure, rows[0].value
    ('un', 'flow', 'volume')
    """
    from ..errors import ParameterError
    from .population import attach_populations

    if value not in VALUES:
        raise ParameterError(f"value must be one of {', '.join(VALUES)}, got {value!r}")
    if years is not None:
        years = list(years)
        if regions is None and level != "country":
            regions = default_scheme(store, Slice.of(year_from=years[0], year_to=years[-1]),
                                     level, measure=measure, sex=sex, dataset=dataset)
    if years is not None:
        graphs = {str(y): g for y, g in _yearly_graphs(
            store, years, level=level, measure=measure, sex=sex, dataset=dataset,
            regions=regions).items()}
    else:
        slices = default_slices(store) if slices is None else slices
        graphs = _slice_graphs(store, slices, level=level, measure=measure, sex=sex,
                               dataset=dataset, regions=regions)
    labels = list(graphs)
    used = "/".join(dict.fromkeys(g.measure for g in graphs.values() if g.sources))
    rows: dict = {}
    for label, graph in graphs.items():
        if value.endswith("_rate"):
            attach_populations(store, graph, population)
        for hub in hub_table(graph, centralities=False):
            if place is not None and hub.place != place:
                continue
            row = rows.setdefault((hub.role, hub.place), TimelineRow(
                hub.dataset, used, value, hub.place, hub.name, hub.role))
            row.values[label] = _value(hub, value)
            row.ranks[label] = hub.rank
            row.intervals[label] = [hub.rank_best, hub.rank_worst]
            if value.endswith("_rate") and hub.population_missing:
                row.population_missing[label] = hub.population_missing
    best = {key: min(row.ranks.values()) for key, row in rows.items()}
    result = []
    for role in ROLES:
        for key in sorted((k for k in rows if k[0] == role), key=lambda k: (best[k], k[1])):
            if top is not None and place is None and best[key] > top:
                continue
            row = rows[key]
            row.ranks = {label: row.ranks.get(label) for label in labels}
            row.values = {label: row.values.get(label) for label in labels}
            row.change = describe_changes(labels, list(row.ranks.values()))
            result.append(row)
    return labels, result


def _slice_graphs(store, slices, *, level, measure, sex, dataset, regions) -> dict:
    """``{label: PlaceGraph}``, refusing a sequence whose slices have different sources."""
    from ..errors import AmbiguousSource

    if not any(s.era for _, s in slices) and slices:
        # Year slices: the source is chosen once over the years they span.
        starts = [s.year_from for _, s in slices if s.year_from is not None]
        ends = [s.year_to for _, s in slices if s.year_to is not None]
        whole = Slice.of(year_from=min(starts) if starts else None,
                         year_to=max(ends) if ends else None)
        first = place_graph(store, whole, level=level, measure=measure, sex=sex,
                            dataset=dataset, regions=regions)
        measure, dataset = first.measure, ",".join(first.sources) or dataset
    graphs = {label: place_graph(store, slice_, level=level, measure=measure, sex=sex,
                                 dataset=dataset, regions=regions)
              for label, slice_ in slices}
    used = {g.sources for g in graphs.values() if g.sources}
    if len(used) > 1:
        named = sorted({s for sources in used for s in sources})
        raise AmbiguousSource(f"the slices are answered by different sources: "
                              f"{', '.join(named)}; choose one with --dataset ID",
                              [(s, "") for s in named])
    return graphs
