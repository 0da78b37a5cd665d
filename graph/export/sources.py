"""The references behind an export, as BibTeX and CSL-JSON.

The references are the ``Source`` nodes that the exported facts cite: the ids
in the ``cites`` and ``dataset`` properties of their nodes and relationships. A
passage's own ``cites`` list everything its paragraph cites, for any fact, so it
does not count: an export of one era lists the references of that era's facts. Only what the graph knows is written: a reference known by its citation
text alone becomes an entry with that text as ``note`` and nothing guessed (no
invented authors, years or journals). Authors are kept as cited, as CSL
``literal`` names and as BibTeX names in braces, because splitting "Maksakova
L. P." into given and family names would be a guess.

Examples
--------
>>> import io, networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("ref1", label="Source", number=1, citation="Maksakova L. P. Migration, 2001.")
>>> g.add_node("KAZ", label="Country", cites=["ref1"])
>>> buffer = io.StringIO(); write_bibtex(g, buffer); print(buffer.getvalue().strip())
@misc{ref1,
  note = {Maksakova L. P. Migration, 2001.},
  annote = {intelmig source ref1; reference 1 of the source article},
}
"""

from __future__ import annotations

import json
import re

from ._io import open_output

__all__ = ["bibtex_escape", "cited_sources", "write_bibtex", "write_csl_json"]

_CSL_TYPES = {"article": "article-journal", "dataset": "dataset", "reference": "document"}
_BIBTEX_SPECIAL = re.compile(r"([\\{}%&$#_^~])")
_BIBTEX_REPLACE = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "^": r"\^{}",
                   "~": r"\~{}"}


def cited_sources(graph, *, dated_only: bool = False) -> list[tuple[str, dict]]:
    """``(id, attrs)`` of the Source nodes the graph's facts cite, by reference number, id.

    With ``dated_only`` only the dated facts count (``MIGRATED_TO`` edges, ``Flow``,
    ``Event`` and ``Estimate`` nodes, and the flows the edges name), as for one slice of
    time, whose timeless nodes (places, concepts) cite for every period. The source
    article itself (``source_type: article``) is always listed when the graph holds it,
    since every fact of the seed is read from it.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("article", label="Source", source_type="article")
    >>> g.add_node("ref1", label="Source", number=1); g.add_node("ds", label="Source")
    >>> g.add_node("KAZ", label="Country", cites=["ref1"]); g.add_node("USA", label="Country")
    >>> _ = g.add_edge("KAZ", "USA", type="MIGRATED_TO", dataset="ds", year=2019)
    >>> [s for s, _ in cited_sources(g)], [s for s, _ in cited_sources(g, dated_only=True)]
    (['ref1', 'article', 'ds'], ['article', 'ds'])
    """
    from .slicing import TIMED_LABELS, TIMED_RELS

    cited = set()
    flows = set()
    for _, data in graph.nodes(data=True):
        if data.get("label") == "Passage":  # a passage cites for the facts it states
            continue
        if dated_only and data.get("label") not in TIMED_LABELS:
            continue
        cited.update(data.get("cites") or [])
        if data.get("dataset"):
            cited.add(data["dataset"])
    for _, _, data in graph.edges(data=True):
        if dated_only and data.get("type") not in TIMED_RELS:
            continue
        cited.update(data.get("cites") or [])
        if data.get("dataset"):
            cited.add(data["dataset"])
        if data.get("flow"):
            flows.add(data["flow"])
    for flow in flows:
        if flow in graph:
            cited.update(graph.nodes[flow].get("cites") or [])
    cited.update(n for n, d in graph.nodes(data=True)
                 if d.get("label") == "Source" and d.get("source_type") == "article")
    sources = [(n, graph.nodes[n]) for n in cited
               if n in graph and graph.nodes[n].get("label") == "Source"]
    return sorted(sources, key=lambda s: (s[1].get("number") is None, s[1].get("number") or 0,
                                          str(s[0])))


def bibtex_escape(text: str) -> str:
    r"""Escape text for a BibTeX field in braces (LaTeX specials, balanced braces).

    Examples
    --------
    >>> bibtex_escape("50% of R&D {brain} \\ drain")
    '50\\% of R\\&D \\{brain\\} \\textbackslash{} drain'
    """
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACE.get(m[1], "\\" + m[1]), text)


def _bibtex_key(source_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_:.-]", "_", source_id)


def write_bibtex(graph, target, *, dated_only: bool = False) -> None:
    """Write one ``@misc`` BibTeX entry per cited source (path or text file);
    ``dated_only``: see :func:`cited_sources`.

    Examples
    --------
    >>> import io, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("mpidr", label="Source", source_type="dataset", year=2023,
    ...            title="Global flows of scholars", authors=["Akbaritabar, A."],
    ...            url="https://doi.org/10.4054/MPIDR-WP-2023-018")
    >>> g.add_node("KAZ", label="Country"); g.add_node("DEU", label="Country")
    >>> _ = g.add_edge("KAZ", "DEU", type="MIGRATED_TO", dataset="mpidr", year=2019)
    >>> buffer = io.StringIO()
    >>> write_bibtex(g, buffer)
    >>> print(buffer.getvalue().strip())
    @misc{mpidr,
      author = {{Akbaritabar, A.}},
      title = {{Global flows of scholars}},
      year = {2023},
      url = {https://doi.org/10.4054/MPIDR-WP-2023-018},
      annote = {intelmig source mpidr},
    }
    """
    with open_output(target) as out:
        for source_id, data in cited_sources(graph, dated_only=dated_only):
            fields = []
            if data.get("authors"):
                fields.append(("author", " and ".join(
                    "{" + bibtex_escape(a) + "}" for a in data["authors"])))
            if data.get("title"):
                fields.append(("title", "{" + bibtex_escape(data["title"]) + "}"))
            if data.get("year") is not None:
                fields.append(("year", str(data["year"])))
            if data.get("url"):
                fields.append(("url", data["url"].replace("}", "%7D").replace("{", "%7B")))
            if data.get("citation"):
                fields.append(("note", bibtex_escape(data["citation"])))
            if data.get("license"):
                fields.append(("copyright", bibtex_escape(data["license"])))
            origin = f"intelmig source {source_id}"
            if data.get("number") is not None:
                origin += f"; reference {data['number']} of the source article"
            fields.append(("annote", bibtex_escape(origin)))
            out.write(f"@misc{{{_bibtex_key(source_id)},\n")
            out.write("".join(f"  {name} = {{{value}}},\n" for name, value in fields))
            out.write("}\n\n")


def write_csl_json(graph, target, *, dated_only: bool = False) -> None:
    """Write the cited sources as a CSL-JSON list (Zotero, Pandoc, citeproc);
    ``dated_only``: see :func:`cited_sources`.

    A ``https://doi.org/`` address becomes the ``DOI`` field.

    Examples
    --------
    >>> import json
    >>> import io, networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("mpidr", label="Source", source_type="dataset", year=2023,
    ...            title="Global flows of scholars", authors=["Akbaritabar, A."],
    ...            url="https://doi.org/10.4054/MPIDR-WP-2023-018")
    >>> g.add_node("KAZ", label="Country"); g.add_node("DEU", label="Country")
    >>> _ = g.add_edge("KAZ", "DEU", type="MIGRATED_TO", dataset="mpidr", year=2019)
    >>> buffer = io.StringIO()
    >>> write_csl_json(g, buffer)
    >>> json.loads(buffer.getvalue())
    [{'DOI': '10.4054/MPIDR-WP-2023-018', 'author': [{'literal': 'Akbaritabar, A.'}], 'id': 'mpidr', 'issued': {'date-parts': [[2023]]}, 'title': 'Global flows of scholars', 'type': 'dataset'}]
    """
    items = []
    for source_id, data in cited_sources(graph, dated_only=dated_only):
        item = {"id": source_id, "type": _CSL_TYPES.get(data.get("source_type"), "document")}
        if data.get("authors"):
            item["author"] = [{"literal": a} for a in data["authors"]]
        if data.get("title"):
            item["title"] = data["title"]
        if data.get("year") is not None:
            item["issued"] = {"date-parts": [[data["year"]]]}
        if data.get("url"):
            key = "DOI" if data["url"].startswith("https://doi.org/") else "URL"
            item[key] = data["url"].removeprefix("https://doi.org/") if key == "DOI" \
                else data["url"]
        if data.get("citation"):
            item["note"] = data["citation"]
        if data.get("number") is not None:
            item["citation-number"] = data["number"]
        items.append(item)
    with open_output(target) as out:
        out.write(json.dumps(items, ensure_ascii=False, indent=2, sort_keys=True) + "\n")
