"""An interactive explorer of one slice: one self-contained HTML file that works offline.

The page inlines Cytoscape.js (MIT, shipped in ``data/``; see ``data/README.md``), its
own script and style, and the slice's data as JSON, so it opens from a file without any
network access. It draws the knowledge graph of a slice (:func:`~intelmig.export.
slicing.select`) with a time slider over the slice's eras (stated facts) or years
(imported rows), a search by name, and a side panel that shows, for a clicked node or
edge, its properties and provenance: the passages of the source article (Kazakh
original and English gloss) and the references they cite, or the dataset, file and row
of an imported row.

Passages and sources are provenance, not places in the picture: they are shown in the
side panel of the facts that cite them, not as nodes (nor their ``STATED_IN`` and
``CITES`` edges). Of the ``MIGRATED_TO`` edges only those of the ``top`` largest
corridors (origin, destination) by summed volume are drawn, and the page says how many
of how many, so that a 200-country, 10,000-corridor slice stays readable and light.

Labels and the page's words follow :func:`intelmig.i18n.language`.

Examples
--------
>>> import io, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("stage1", label="Era", name_en="Stage 1", start_year=1945, end_year=1959)
>>> g.add_node("p01", label="Passage", text_kk="Мәтін", text_en="Text")
>>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", passages=["p01"])
>>> g.add_node("USA", label="Country", name_en="United States")
>>> _ = g.add_edge("KAZ", "USA", type="MIGRATED_TO", era="stage1", low=10.0)
>>> _ = g.add_edge("KAZ", "p01", type="STATED_IN")
>>> data = explorer_data(g)
>>> sorted(n["id"] for n in data["nodes"]), [e["type"] for e in data["edges"]]
(['KAZ', 'USA', 'stage1'], ['MIGRATED_TO'])
>>> [s["label"] for s in data["steps"]], data["edges"][0]["steps"]
(['Stage 1 (1945–1959)'], [0])
>>> page = io.StringIO(); write_html(g, page)
>>> "Мәтін" in page.getvalue(), "http://" in page.getvalue().split("cytoscape")[-1]
(True, False)
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources

from ..i18n import current, place_name
from ..i18n import gettext as _
from ..schema import PLACE_LABELS, display_name
from . import ExportError
from ._io import open_output, ordered_edges, ordered_nodes
from .slicing import TIMED_LABELS, TIMED_RELS, Slice, era_spans, node_eras, time_span

__all__ = ["CYTOSCAPE_SHA256", "DEFAULT_TOP", "explorer_data", "write_html"]

#: How many corridors the page draws unless told (``--top``).
DEFAULT_TOP = 100
#: The sha256 of ``data/cytoscape.min.js`` (cytoscape 3.34.4 from npm), checked on use.
CYTOSCAPE_SHA256 = "081591ab735b2b6a3b31a3c60f8f3a3e2fee8c92939e0c7820ad1208571b6cd8"
CYTOSCAPE_VERSION = "3.34.4"

_PROVENANCE_LABELS = ("Passage", "Source")
_PROVENANCE_RELS = ("STATED_IN", "CITES")
# Shown in the panel's own sections, or the node's caption: not repeated as properties.
_NOT_PROPERTIES = {"label", "kind", "passages", "cites", "type"}


def _words() -> dict:
    """The page's words in the current language (the catalogue holds every one)."""
    return {
        "search": _("Search by name"), "time": _("Period"), "all": _("all periods"),
        "shown": _("{nodes} nodes and {edges} relationships shown"),
        "found": _("{count} found"), "none_found": _("nothing found"),
        "properties": _("Properties"), "passages": _("Passages of the source article"),
        "references": _("References"), "dataset": _("Dataset"), "file": _("File"),
        "row": _("Row"),
        "gloss": _("English gloss"), "original": _("Kazakh original"),
        "hint": _("Click a node or a relationship to see where it comes from."),
        "paragraph": _("paragraph {number}"), "flow": _("Stated flow"),
    }


def _kind_names() -> dict:
    return {
        "Concept": _("Concept"), "Approach": _("Approach"), "Form": _("Form"),
        "Era": _("Era"), "Country": _("Country"), "Region": _("Region"),
        "Profession": _("Profession"), "Person": _("Person"),
        "Institution": _("Institution"), "Event": _("Event"), "Flow": _("Flow"),
        "Estimate": _("Estimate"), "CountryYear": _("Country-year"),
    }


def _name(node, data: dict, graph) -> str:
    english = data.get("name") or display_name({**data, "id": node})
    if data.get("label") in PLACE_LABELS:
        return place_name(node, english, graph)
    return data.get(f"name_{current()}") or english


def _steps(graph, spans) -> list[tuple[str, Slice]]:
    """The slider's steps: each year of the imported rows, else each era in time order."""
    years = sorted({d["year"] for _u, _v, d in graph.edges(data=True)
                    if d.get("type") in TIMED_RELS and d.get("year") is not None})
    if years:
        return [(str(y), Slice(year_from=y, year_to=y)) for y in years]
    eras = sorted(spans, key=lambda e: (spans[e][0] is None, spans[e][0] or 0, e))
    steps = []
    for era in eras:
        data = graph.nodes[era]
        start, end = spans[era]
        years_text = "" if start is None else f" ({start}–{end if end is not None else ''})"
        name = data.get(f"name_{current()}") or data.get("name_en") or era
        steps.append((f"{name}{years_text}", Slice(era=era)))
    return steps


def _corridor_volume(edges) -> float:
    """Summed volume of a corridor's edges: the exact value, else the stated lower bound."""
    return sum(d["value"] if d.get("value") is not None else (d.get("low") or 0.0)
               for d in edges)


def _top_corridors(graph, top: int) -> tuple[set, int]:
    """``(kept (origin, destination) pairs, number of corridors)``, largest first."""
    corridors: dict[tuple, list] = {}
    for u, v, d in graph.edges(data=True):
        if d.get("type") in TIMED_RELS:
            corridors.setdefault((u, v), []).append(d)
    ranked = sorted(corridors, key=lambda c: (-_corridor_volume(corridors[c]), str(c)))
    return set(ranked[:top]), len(corridors)


def _layout(nodes: list, edges: list) -> dict:
    """Positions in pixels: a seeded spring layout of the connected nodes (the same page for
    the same graph), the nodes without a drawn edge in rows below it, so that they do not
    push the network into a corner of the view."""
    import networkx as nx

    simple = nx.Graph()
    simple.add_edges_from((e["source"], e["target"]) for e in edges if e["source"] != e["target"])
    simple.add_nodes_from(e["source"] for e in edges)
    connected = len(simple)
    scale = 60 * max(connected, 1) ** 0.5
    positions = {}
    if connected:
        spring = nx.spring_layout(simple, seed=12, scale=scale, iterations=100,
                                  k=4.0 / connected ** 0.5)
        positions = {n: (float(x), float(y)) for n, (x, y) in spring.items()}
    alone = [n["id"] for n in nodes if n["id"] not in positions]
    width = max(2 * scale, 600.0)
    per_row = max(int(width // 70), 1)
    top = scale + 80 if connected else 0.0
    for i, node in enumerate(alone):
        positions[node] = (-width / 2 + 70 * (i % per_row), top + 50 * (i // per_row))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in positions.items()}


def _value(value):
    return value if isinstance(value, (str, int, float, bool, list)) else str(value)


def _properties(data: dict) -> dict:
    return {k: _value(v) for k, v in sorted(data.items())
            if k not in _NOT_PROPERTIES and v is not None and v != []}


def _source_text(data: dict) -> str:
    text = data.get("citation") or data.get("title") or data.get("name_en") or ""
    if data.get("number") is not None:
        text = f"[{data['number']}] {text}"
    if data.get("url") and data["url"] not in text:
        text = f"{text} {data['url']}"
    return text.strip()


def explorer_data(graph, *, top: int = DEFAULT_TOP, title: str = "") -> dict:
    """What the explorer page embeds, as JSON-ready data.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The knowledge graph of one slice (``Store.to_networkx`` through
        :func:`~intelmig.export.slicing.select`).
    top : int
        Draw the ``MIGRATED_TO`` edges of this many corridors, the largest by summed
        ``value`` (imported rows) or stated lower bound ``low``; ties broken by ids.
    title : str
        The page's heading (the slice in words).

    Returns
    -------
    dict
        ``nodes`` (id, kind, name, x, y, steps, properties, passages, cites) for every
        node of the slice but passages and sources; ``edges`` (id, type, source,
        target, steps, properties, passages, cites); ``steps`` (the slider's labels);
        ``passages`` and ``sources`` by id; ``corridors`` (``shown``, ``total``);
        ``words`` and ``kinds`` in the current language. ``steps`` of a dated element
        lists the slider positions (0-based) it belongs to; ``None`` for a timeless one.
        The steps are the years of the slice's imported rows, else its eras, each only
        if some fact of the slice falls into it.

    Raises
    ------
    intelmig.errors.ParameterError
        For ``top`` below 1.

    Examples
    --------
    Two corridors, one drawn; the Kazakh name when the language is Kazakh:

    >>> import networkx as nx
    >>> from intelmig.i18n import language
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan", name_kk="Қазақстан")
    >>> g.add_node("RUS", label="Country", name_en="Russia")
    >>> _ = g.add_edge("KAZ", "RUS", type="MIGRATED_TO", year=2019, value=5.0, dataset="d")
    >>> _ = g.add_edge("RUS", "KAZ", type="MIGRATED_TO", year=2019, value=9.0, dataset="d")
    >>> with language("kk"):
    ...     data = explorer_data(g, top=1)
    >>> data["corridors"], [(e["source"], e["target"]) for e in data["edges"]]
    ({'shown': 1, 'total': 2}, [('RUS', 'KAZ')])
    >>> [n["name"] for n in data["nodes"]], data["steps"]
    (['Қазақстан', 'Ресей'], [{'label': '2019'}])
    """
    from ..errors import ParameterError

    if top < 1:
        raise ParameterError(f"--top must be at least 1, got {top}")
    spans = era_spans(graph)
    eras = node_eras(graph)
    steps = _steps(graph, spans)

    def step_list(attrs, era):
        span = time_span(attrs, spans.get(era))
        return [i for i, (_label, s) in enumerate(steps) if s.admits(span, era)]

    nodes = []
    for node, data in ordered_nodes(graph):
        if data.get("label") in _PROVENANCE_LABELS:
            continue
        timed = data.get("label") in TIMED_LABELS
        nodes.append({
            "id": str(node), "kind": data.get("label", ""), "name": _name(node, data, graph),
            "steps": step_list(data, eras.get(node)) if timed else None,
            "properties": _properties(data), "passages": list(data.get("passages") or []),
            "cites": list(data.get("cites") or []),
        })
    shown_ids = {n["id"] for n in nodes}
    kept, total = _top_corridors(graph, top)
    edges = []
    for u, v, data in ordered_edges(graph):
        kind = data.get("type", "")
        if kind in _PROVENANCE_RELS or str(u) not in shown_ids or str(v) not in shown_ids:
            continue
        timed = kind in TIMED_RELS
        if timed and (u, v) not in kept:
            continue
        flow = graph.nodes[data["flow"]] if data.get("flow") in graph else {}
        edges.append({
            "id": f"e{len(edges)}", "type": kind, "source": str(u), "target": str(v),
            "steps": step_list(data, data.get("era")) if timed else None,
            "properties": _properties(data),
            "passages": list(dict.fromkeys([*(data.get("passages") or []),
                                             *(flow.get("passages") or [])])),
            "cites": list(dict.fromkeys([*(data.get("cites") or []),
                                          *(flow.get("cites") or [])])),
            "flow_name": _name(data["flow"], flow, graph) if flow else None,
        })
    # a step without any fact of the slice (another era than the one exported) is dropped
    used = sorted({i for item in (*nodes, *edges) for i in item["steps"] or ()})
    renumber = {old: new for new, old in enumerate(used)}
    for item in (*nodes, *edges):
        if item["steps"] is not None:
            item["steps"] = [renumber[i] for i in item["steps"]]
    steps = [steps[i] for i in used]
    positions = _layout(nodes, edges)
    for node in nodes:
        node["x"], node["y"] = positions.get(node["id"], (0.0, 0.0))
    passages = {str(n): {"ordinal": d.get("ordinal"), "section": d.get("section"),
                         "text_kk": d.get("text_kk"), "text_en": d.get("text_en")}
                for n, d in graph.nodes(data=True) if d.get("label") == "Passage"}
    sources = {str(n): _source_text(d) or str(n)
               for n, d in graph.nodes(data=True) if d.get("label") == "Source"}
    return {
        "title": title, "lang": current(), "words": _words(), "kinds": _kind_names(),
        "steps": [{"label": label} for label, _slice in steps],
        "nodes": nodes, "edges": edges, "passages": passages, "sources": sources,
        "corridors": {"shown": len(kept), "total": total},
        "note": _corridor_note(len(kept), total),
    }


def _corridor_note(shown: int, total: int) -> str:
    if total == 0:
        return ""
    if shown == total:
        return _("All {total} migration corridors of the slice are drawn.").format(total=total)
    return _("Migration: the {shown} largest of the slice's {total} corridors (by summed "
             "volume) are drawn; export with --top to draw more.").format(shown=shown,
                                                                          total=total)


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath("data", name).read_text(encoding="utf-8")


def _cytoscape() -> str:
    text = _asset("cytoscape.min.js")
    if hashlib.sha256(text.encode("utf-8")).hexdigest() != CYTOSCAPE_SHA256:
        raise ExportError("intelmig/export/data/cytoscape.min.js is not the file shipped "
                          f"with intelmig (cytoscape {CYTOSCAPE_VERSION}); reinstall intelmig")
    return text


def _script_text(text: str) -> str:
    """Text safe inside a ``<script>`` element: no ``</`` that could close it."""
    return text.replace("</", "<\\/")


def write_html(graph, target, *, top: int = DEFAULT_TOP, title: str = "",
               sources_line: str = "") -> None:
    """Write the explorer of ``graph`` (a slice's knowledge graph) as one HTML file.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The knowledge graph of one slice.
    target : path or text file
        Written atomically when a path.
    top : int
        Corridors drawn (see :func:`explorer_data`).
    title : str
        The slice in words, shown as the page's heading.
    sources_line : str
        The sources of the slice in words, shown in the page's footer.

    Raises
    ------
    intelmig.export.ExportError
        When the shipped Cytoscape.js is not the expected file.
    intelmig.errors.ParameterError
        For ``top`` below 1.

    Examples
    --------
    >>> import io, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("KAZ", label="Country", name_en="Kazakhstan")
    >>> page = io.StringIO()
    >>> write_html(g, page, title="all years")
    >>> text = page.getvalue()
    >>> text.startswith("<!DOCTYPE html>"), text.count("<script"), "all years" in text
    (True, 3, True)
    """
    data = explorer_data(graph, top=top, title=title)
    data["sources_line"] = sources_line
    # "<" escaped as \u003c: the JSON can never close its <script> element
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    heading = _html_text(title or "intelmig")
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{current()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>intelmig: {heading}</title>\n"
        f"<style>\n{_asset('explorer.css')}</style>\n</head>\n<body>\n"
        f"{_asset('explorer.html')}"
        f'<script type="application/json" id="intelmig-data">{payload}</script>\n'
        f"<script>\n{_script_text(_cytoscape())}\n</script>\n"
        f"<script>\n{_script_text(_asset('explorer.js'))}\n</script>\n"
        "</body>\n</html>\n"
    )
    with open_output(target) as out:
        out.write(page)


def _html_text(text: str) -> str:
    import html

    return html.escape(text, quote=True)
