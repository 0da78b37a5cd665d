"""Tables for papers: hub rankings and corridors as LaTeX (booktabs) and Markdown.

A :class:`Table` is plain rows (a list of dicts) plus what a reader needs to
trust them: a caption, the measure and slice, and the sources. The writers know
nothing about migration; :func:`hub_table` and :func:`corridor_table` turn the
rows of :mod:`intelmig.analytics` into tables, with a ``Sources`` column per row
(``\\cite{ref2}`` in LaTeX, so the BibTeX export resolves it).

Volumes are intervals as the analytics give them: ``2,000–9,999``; ``≥ 500``
when no upper bound is stated; a single number when both bounds agree.

Examples
--------
>>> import io
>>> table = Table([Column("place", "Place"), Column("low", "Volume", "r", volume)],
...               [{"place": "R&D hub_1", "low": (2000.0, 9999.0)}],
...               caption="Top recipients", notes=["Measure: flow."], label="tab:hubs")
>>> buffer = io.StringIO(); write_markdown(table, buffer); print(buffer.getvalue().strip())
| Place | Volume |
|:--|--:|
| R&D hub_1 | 2,000–9,999 |
<BLANKLINE>
Table: Top recipients
<BLANKLINE>
Measure: flow.
>>> latex_escape("50% of R&D_1 ~ $x^2$ {a} \\\\")
'50\\\\% of R\\\\&D\\\\_1 \\\\textasciitilde{} \\\\$x\\\\textasciicircum{}2\\\\$ \\\\{a\\\\} \\\\textbackslash{}'
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..i18n import gettext as _
from ..i18n import place_name
from ._io import open_output

__all__ = [
    "Column",
    "Table",
    "corridor_table",
    "hub_table",
    "latex_escape",
    "row_sources",
    "volume",
    "write_latex",
    "write_markdown",
]

_LATEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
          "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
          "^": r"\textasciicircum{}"}
_LATEX_SPECIAL = re.compile(r"[\\&%$#_{}~^]")


def latex_escape(text: str) -> str:
    """Escape the ten LaTeX special characters of plain text.

    Examples
    --------
    >>> print(latex_escape("R&D_2019: 5% ~ {x}"))
    R\\&D\\_2019: 5\\% \\textasciitilde{} \\{x\\}
    """
    return _LATEX_SPECIAL.sub(lambda m: _LATEX[m[0]], str(text))


def volume(bounds) -> str:
    """``(low, high)`` as text: ``2,000–9,999``, ``≥ 500`` (no upper bound) or ``7,000``.

    Examples
    --------
    >>> volume((500.0, float("inf"))), volume((7000.0, 7000.0)), volume((0.0, 90000.0))
    ('≥ 500', '7,000', '0–90,000')
    """
    from ..interval import Interval

    return Interval(*bounds).text("typeset")


@dataclass(frozen=True)
class Column:
    """A column: row key, header, alignment (``l``/``r``) and how to turn a value into text.

    ``cite`` marks a cell holding a list of source ids (``\\cite{...}`` in LaTeX).

    Examples
    --------
    >>> column = Column("volume", "Volume", "r", volume)
    >>> column.format((2000.0, 9999.0)), column.align
    ('2,000–9,999', 'r')
    """

    key: str
    header: str
    align: str = "l"
    format: Callable = str
    cite: bool = False  # the cell is a list of source ids: \cite{...} in LaTeX


@dataclass
class Table:
    """Rows to print (a list of dicts), their columns, and what a reader needs to trust them.

    Attributes
    ----------
    columns : list of Column
    rows : list of dict
        Keyed by the columns' ``key``; a missing key or None is an empty cell.
    caption : str
    notes : list of str
        Measure, slice, level and sources, printed under the table.
    label : str
        The LaTeX ``\\label``.

    Examples
    --------
    >>> table = Table([Column("place", "Place"), Column("n", "People", "r", "{:,}".format)],
    ...               [{"place": "KAZ", "n": 12000}, {"place": "RUS"}], caption="Demo")
    >>> import io
    >>> buffer = io.StringIO()
    >>> write_markdown(table, buffer)
    >>> print(buffer.getvalue(), end="")
    | Place | People |
    |:--|--:|
    | KAZ | 12,000 |
    | RUS |  |
    <BLANKLINE>
    Table: Demo
    """

    columns: list[Column]
    rows: list[dict]
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    label: str = ""


def _cell(column: Column, row: dict) -> str:
    value = row.get(column.key)
    if value is None or value == []:
        return ""
    if column.cite:
        return ", ".join(value)
    return column.format(value)


def write_latex(table: Table, target) -> None:
    """A ``table`` float with a booktabs ``tabular``; the notes go under it, in small type.

    Needs ``\\usepackage{booktabs}`` in the preamble (and ``[utf8]{inputenc}`` on old TeX
    for the en dash and ≥, which are written as ``--`` and ``$\\geq$``).

    Examples
    --------
    >>> import io
    >>> table = Table([Column("place", "Place"), Column("v", "Volume", "r", volume),
    ...                Column("src", "Sources", cite=True)],
    ...               [{"place": "USA", "v": (2000.0, 9999.0), "src": ["ref1", "ref2"]}],
    ...               caption="Top 1%", notes=["Measure: flow."], label="tab:top")
    >>> buffer = io.StringIO()
    >>> write_latex(table, buffer)
    >>> print(buffer.getvalue(), end="")
    \\begin{table}[htbp]
    \\centering
    \\caption{Top 1\\%}
    \\label{tab:top}
    \\begin{tabular}{lrl}
    \\toprule
    Place & Volume & Sources \\\\
    \\midrule
    USA & 2,000--9,999 & \\cite{ref1,ref2} \\\\
    \\bottomrule
    \\end{tabular}
    \\par\\smallskip
    {\\footnotesize
    Measure: flow.
    }
    \\end{table}
    """
    def text(column, row):
        raw = _cell(column, row)
        if column.cite and raw:
            return "\\cite{" + ",".join(row[column.key]) + "}"
        return latex_escape(raw).replace("–", "--").replace("≥", "$\\geq$")

    with open_output(target) as out:
        out.write("\\begin{table}[htbp]\n\\centering\n")
        if table.caption:
            out.write(f"\\caption{{{latex_escape(table.caption)}}}\n")
        if table.label:
            out.write(f"\\label{{{table.label}}}\n")
        out.write("\\begin{tabular}{" + "".join(c.align for c in table.columns) + "}\n")
        out.write("\\toprule\n")
        out.write(" & ".join(latex_escape(c.header) for c in table.columns) + " \\\\\n")
        out.write("\\midrule\n")
        for row in table.rows:
            out.write(" & ".join(text(c, row) for c in table.columns) + " \\\\\n")
        out.write("\\bottomrule\n\\end{tabular}\n")
        if table.notes:
            out.write("\\par\\smallskip\n{\\footnotesize\n")
            out.write("\\\\\n".join(latex_escape(n) for n in table.notes) + "\n}\n")
        out.write("\\end{table}\n")


def write_markdown(table: Table, target) -> None:
    """A pipe table (GitHub, Pandoc) with a Pandoc ``Table:`` caption and the notes after it.

    A ``|`` in a cell is escaped; a line break becomes a space.

    Examples
    --------
    >>> import io
    >>> table = Table([Column("place", "Place"), Column("note", "Note")],
    ...               [{"place": "CIS", "note": "RUS | KAZ\\nand more"}])
    >>> buffer = io.StringIO()
    >>> write_markdown(table, buffer)
    >>> print(buffer.getvalue(), end="")
    | Place | Note |
    |:--|:--|
    | CIS | RUS \\| KAZ and more |
    """
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    with open_output(target) as out:
        out.write("| " + " | ".join(escape(c.header) for c in table.columns) + " |\n")
        out.write("|" + "|".join(":--" if c.align == "l" else "--:" for c in table.columns)
                  + "|\n")
        for row in table.rows:
            out.write("| " + " | ".join(escape(_cell(c, row)) for c in table.columns) + " |\n")
        if table.caption:
            out.write(f"\nTable: {escape(table.caption)}\n")
        for note in table.notes:
            out.write(f"\n{note}\n")


# -- hub rankings and corridors of intelmig.analytics ----------------------------------

def row_sources(flows, datasets, knowledge_graph) -> list[str]:
    """Source ids behind a row: what its flows cite, and the datasets it came from.

    Parameters
    ----------
    flows : iterable of str
        Flow node ids of the row (seed flows cite references of the article).
    datasets : iterable of str
        Ids of the imported datasets the row's numbers come from.
    knowledge_graph : networkx graph
        Holds the Flow nodes with their ``cites``.

    Returns
    -------
    list of str
        Sorted, each once.

    Examples
    --------
    >>> import networkx as nx
    >>> kg = nx.MultiDiGraph()
    >>> kg.add_node("f1", label="Flow", cites=["ref2", "ref1"])
    >>> row_sources(["f1", "f9"], ["mpidr"], kg)
    ['mpidr', 'ref1', 'ref2']
    """
    found = set(datasets or ())
    for flow in flows or ():
        if flow in knowledge_graph:
            found.update(knowledge_graph.nodes[flow].get("cites") or ())
    return sorted(found)


def imported_datasets(dataset: str) -> list[str]:
    """The imported dataset ids of an analytics row's ``dataset`` field (``seed``, the
    article, is cited through its flows instead).

    Examples
    --------
    >>> imported_datasets("seed,mpidr-2024"), imported_datasets("seed")
    (['mpidr-2024'], [])
    """
    return [d for d in dataset.split(",") if d and d != "seed"]


def _notes(slice_label: str, measure: str, level: str, sources: set, extra: str) -> list[str]:
    unit = (_("number of stated links (no volume is stated)") if measure == "qualitative"
            else _("people, as intervals of the stated lower and upper bounds"))
    notes = [_("Measure: {measure} ({unit}). Slice: {slice}. Level: {level}.").format(
        measure=_(measure), unit=unit, slice=slice_label, level=_(level)), extra]
    notes.append(_("Sources: {sources}. Every number is traceable to the passages of the "
                   "source article (intelmig).").format(
        sources=", ".join(sorted(sources)) if sources else _("none stated")))
    return notes


def hub_table(hub_rows, knowledge_graph, *, role: str = "recipient",
              level: str = "country", slice_words: str | None = None) -> Table:
    """A table of the ``role`` hubs (``recipient`` or ``donor``) from ``analytics.hubs`` rows.

    Volumes are people (intervals of the stated bounds); the Sources column cites what
    each row's flows cite and the datasets it comes from.

    Parameters
    ----------
    hub_rows : list of intelmig.analytics.HubRow
    knowledge_graph : networkx graph
        For place names in the current language and the Flow nodes' ``cites``.
    role : {"recipient", "donor"}
    level : str
        Named in the notes (country, region, subregion).
    slice_words : str, optional
        The slice named in words in the caption and notes (an era by its name and years,
        :func:`intelmig.export.figures.slice_title`); default: the rows' slice label.

    Examples
    --------
    >>> import io, networkx as nx
    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("mpidr",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 900.0), ("KAZ", "DEU", 300.0),
    ...                                ("RUS", "KAZ", 200.0)):
    ...     add_pair_row(graph, ("mpidr", source, target, people, people, 1, 1))
    >>> from intelmig.analytics.hubs import hub_table as hub_rows
    >>> table = hub_table(hub_rows(graph), nx.MultiDiGraph(), role="donor")
    >>> [(row["name"], row["volume"], row["sources"]) for row in table.rows]
    [('Kazakhstan', (1200.0, 1200.0), ['mpidr']), ('Russia', (200.0, 200.0), ['mpidr'])]
    >>> table.caption, table.notes[-1][:14]
    ('Donor hubs of intellectual migration, year 2019', 'Sources: mpidr')
    """
    chosen = [r for r in hub_rows if r.role == role]
    rows, cited = [], set()
    for hub in chosen:
        sources = row_sources(hub.flows, imported_datasets(hub.dataset), knowledge_graph)
        cited.update(sources)
        rows.append({"rank": hub.rank, "name": place_name(hub.place, hub.name, knowledge_graph),
                     "place": hub.place,
                     "volume": (hub.low, hub.high), "partners": hub.partners,
                     "ranks": f"{hub.rank_best}–{hub.rank_worst}" if hub.rank_best
                     != hub.rank_worst else str(hub.rank_best),
                     "sources": sources})
    slice_label = slice_words or (chosen[0].slice if chosen else "")
    measure = chosen[0].measure if chosen else ""
    moved = _("Volume received") if role == "recipient" else _("Volume sent")
    columns = [Column("rank", _("Rank"), "r"), Column("name", _("Place")),
               Column("place", _("Code")),
               Column("volume", moved, "r",
                      volume if measure != "qualitative" else lambda b: f"{b[0]:,.0f}"),
               Column("partners", _("Partners"), "r"), Column("ranks", _("Rank range"), "r"),
               Column("sources", _("Sources"), cite=True)]
    extra = _("Rank range: best and worst rank over every split of the stated volume "
              "ranges (one rank for exact data).")
    caption = (_("Recipient hubs of intellectual migration, {slice}") if role == "recipient"
               else _("Donor hubs of intellectual migration, {slice}"))
    return Table(columns, rows, caption=caption.format(slice=slice_label),
                 notes=_notes(slice_label, measure, level, cited, extra),
                 label=f"tab:{role}-hubs")


def corridor_table(corridor_rows, knowledge_graph, *, level: str = "country",
                   slice_words: str | None = None) -> Table:
    """A table of corridors from ``analytics.corridors`` rows.

    Volumes and reverse volumes are people (intervals of the stated bounds).

    Parameters
    ----------
    corridor_rows : list of intelmig.analytics.CorridorRow
    knowledge_graph : networkx graph
        For place names in the current language and the Flow nodes' ``cites``.
    level : str
        Named in the notes.
    slice_words : str, optional
        As for :func:`hub_table`.

    Examples
    --------
    >>> import io, networkx as nx
    >>> from intelmig.analytics.aggregate import PlaceGraph, add_pair_row
    >>> from intelmig.analytics.slices import Slice
    >>> graph = PlaceGraph(Slice.of(year=2019), "flow", "country", sources=("mpidr",))
    >>> graph.places.update({"KAZ": ("Kazakhstan", "Country"), "RUS": ("Russia", "Country"),
    ...                      "DEU": ("Germany", "Country")})
    >>> for source, target, people in (("KAZ", "RUS", 900.0), ("KAZ", "DEU", 300.0),
    ...                                ("RUS", "KAZ", 200.0)):
    ...     add_pair_row(graph, ("mpidr", source, target, people, people, 1, 1))
    >>> from intelmig.analytics.corridors import corridor_table as corridor_rows
    >>> table = corridor_table(corridor_rows(graph), nx.MultiDiGraph())
    >>> buffer = io.StringIO()
    >>> write_markdown(table, buffer)
    >>> print("\\n".join(buffer.getvalue().splitlines()[:5]))
    | Rank | Origin | Destination | Volume | Reverse | Flows | Sources |
    |--:|:--|:--|--:|--:|--:|:--|
    | 1 | Kazakhstan | Russia | 900 | 200 | 1 | mpidr |
    | 2 | Kazakhstan | Germany | 300 | 0 | 1 | mpidr |
    | 3 | Russia | Kazakhstan | 200 | 900 | 1 | mpidr |
    """
    rows, cited = [], set()
    for corridor in corridor_rows:
        sources = row_sources(corridor.flows, corridor.datasets, knowledge_graph)
        cited.update(sources)
        rows.append({"rank": corridor.rank,
                     "origin": place_name(corridor.source, corridor.source_name,
                                          knowledge_graph),
                     "destination": place_name(corridor.target, corridor.target_name,
                                               knowledge_graph),
                     "volume": (corridor.low, corridor.high),
                     "reverse": (corridor.reverse_low, corridor.reverse_high),
                     "links": corridor.links, "sources": sources})
    slice_label = slice_words or (corridor_rows[0].slice if corridor_rows else "")
    measure = corridor_rows[0].measure if corridor_rows else ""
    columns = [Column("rank", _("Rank"), "r"), Column("origin", _("Origin")),
               Column("destination", _("Destination")),
               Column("volume", _("Volume"), "r", volume),
               Column("reverse", _("Reverse"), "r", volume), Column("links", _("Flows"), "r"),
               Column("sources", _("Sources"), cite=True)]
    extra = _("A volume stated for several origin-destination pairs together is not divided: "
              "each of its corridors gets 0 to the whole upper bound.")
    return Table(columns, rows,
                 caption=_("Corridors of intellectual migration, {slice}").format(
                     slice=slice_label),
                 notes=_notes(slice_label, measure, level, cited, extra),
                 label="tab:corridors")
