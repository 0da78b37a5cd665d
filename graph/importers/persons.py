"""Person records (Wikidata style): Person nodes and their moves between countries.

Layout (CSV, one row per country a person later lived or worked in)::

    person,person_label,birth_country,occupation,country,year
    Q937,Albert Einstein,DEU,physicist,CHE,1895
    Q937,Albert Einstein,DEU,physicist,USA,1933

``person`` is a stable id (a Wikidata Q-number); countries may be ISO3, ISO2,
M49 or names. Each person becomes a Person node; each change of country, in
year order starting from the birth country, becomes a Flow node (``measure``
event, one person, ``year_start = year_end`` = the year) with FROM, TO and BY
relationships. Only with ``--rollup`` does each move also become a MIGRATED_TO
edge between the two countries (value 1, ``flow`` = the Flow id), so that person
moves enter country-level analytics only when asked.

Two places in the same year are two affiliations, not a move: when the person's
current place is one of them there is no move, otherwise the year is ambiguous and
recorded as no move; both are counted (``same_year``). A change between a state and its
predecessor or successor (Russia and the USSR, Serbia and Yugoslavia) is a change of
flag, not emigration: it is counted (``successor``), never a Flow. A person id that
another imported file also holds is one Person node (the first import's properties).
"""

from __future__ import annotations

from ..errors import ImportInvalid
from ..seed import YEAR_RANGE
from .countries import successor_pairs
from .reading import read_batches
from .values import to_numbers

__all__ = ["COLUMNS", "citation", "import_persons"]

COLUMNS = ("person", "person_label", "birth_country", "occupation", "country", "year")


def citation(file_name: str = "") -> dict:
    """A placeholder citation for person records (``--citation`` names the query).

    Returns
    -------
    dict
        ``title``, ``citation``, ``license`` and ``url`` (and, where known, ``authors``,
        ``year``, ``publisher``, ``doi``): the dataset's Source node and its BibTeX entry.

    Examples
    --------
    >>> citation("people.csv")['title']
    'Person records'
    """
    return {"title": "Person records", "citation": "user-supplied person records "
            "(e.g. a Wikidata query export)", "license": "unstated (Wikidata is CC0; pass "
            "--license)", "url": None}


def import_persons(staging) -> None:
    """Read person records into Person and Flow nodes (and MIGRATED_TO with --rollup).

    The reader of kind ``persons``; option ``rollup`` adds the country-to-country edges.
    The file is read column-wise (Arrow batches) and the moves of every person are put
    in order with one sort, so 10^6 rows are staged in seconds.

    Raises
    ------
    intelmig.errors.ImportInvalid
        A missing column, a bad year, or no person record at all (file, row, field).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import pyarrow.parquet as pq
    >>> from intelmig.importers import import_dataset
    >>> from intelmig.workspace import Workspace
    >>> tmp = Path(tempfile.mkdtemp())
    >>> ws = Workspace(tmp / "workspace")
    >>> _ = (tmp / "people.csv").write_text(
    ...     "person,person_label,birth_country,occupation,country,year\\n"
    ...     "Q937,Albert Einstein,DEU,physicist,CHE,1895\\n"
    ...     "Q937,Albert Einstein,DEU,physicist,USA,1933\\n")
    >>> manifest = import_dataset("persons", tmp / "people.csv", target=None, workspace=ws,
    ...                           options={"rollup": True})
    >>> folder = ws.folder(manifest["id"])
    >>> pq.read_table(folder / "nodes.Person.parquet", columns=["id", "name_en"]).to_pylist()
    [{'id': 'Q937', 'name_en': 'Albert Einstein'}]
    >>> pq.read_table(folder / "migrated_to.parquet",
    ...               columns=["from", "to", "year", "high"]).to_pylist()
    [{'from': 'DEU', 'to': 'CHE', 'year': 1895, 'high': 1.0}, {'from': 'CHE', 'to': 'USA', 'year': 1933, 'high': 1.0}]
    """
    name = staging.source.name
    people = _read_people(staging)
    if people is None:
        raise ImportInvalid(f"{name}: no person records", file=name, type="nothing-kept")
    _write_people(staging, people, _moves(staging, people))


def _read_people(staging) -> dict | None:
    """The named rows as columns: text trimmed (blank is null), resolved codes, years.

    Returns None when no row names a person. ``person`` holds each row's index into
    ``ids`` (people numbered in the order they first appear); their label, occupation
    and birth country come from the row they first appear on.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    name = staging.source.name
    report = staging.report
    lines, batches = [], []
    for rows, batch in read_batches(staging.source, COLUMNS, encoding=staging.encoding,
                                    report=report):
        report.read(batch.num_rows)
        lines.append(rows)
        batches.append(batch)
    if not batches:
        return None
    table = pa.Table.from_batches(batches)
    cells = {}
    for column in COLUMNS:
        text = pc.utf8_trim_whitespace(table.column(column).combine_chunks())
        cells[column] = pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)
    named = pc.is_valid(cells["person"])
    blank = len(named) - pc.sum(named).as_py() if len(named) else 0
    if blank:
        report.blank["person"] = report.blank.get("person", 0) + blank
    if not pc.any(named).as_py():
        return None
    lines = pa.concat_arrays(lines).filter(named)
    cells = {column: values.filter(named) for column, values in cells.items()}
    encoded = pc.dictionary_encode(cells["person"])
    person = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    # Numbers are given in order of first appearance: a person is new where the running
    # maximum grows.
    seen = np.maximum.accumulate(person)
    first = np.flatnonzero(np.concatenate(([True], seen[1:] > seen[:-1])))
    years = to_numbers(cells["year"], lines, field_name="year", file_name=name, missing=(),
                       signed=True).to_numpy(zero_copy_only=False)
    bad = ~np.isnan(years) & ((years < YEAR_RANGE[0]) | (years > YEAR_RANGE[1])
                              | (years != np.floor(years)))
    if bad.any():
        at = int(np.argmax(bad))
        line = lines[at].as_py()
        raise ImportInvalid(f"{name}: row {line}: field 'year': {cells['year'][at].as_py()!r} "
                            f"is not a year", file=name, line=line, field="year",
                            type="bad-year")
    # Every row's birth country is checked and reported; the first one is the person's.
    birth, country = _resolve(staging, [("birth_country", cells["birth_country"], lines),
                                        ("country", cells["country"], lines)])
    return {"ids": encoded.dictionary, "person": person, "lines": lines, "years": years,
            "birth": pc.take(birth, pa.array(first)), "country": country,
            "label": pc.take(cells["person_label"], pa.array(first)),
            "occupation": pc.take(cells["occupation"], pa.array(first))}


def _resolve(staging, columns) -> list:
    """ISO3 ids of ``(field, values, lines)`` columns (null unless a country), reported.

    Blank, area and aggregate codes are counted; unknown and ambiguous ones are
    remembered with their lines, a value found in two fields under the field it first
    occurs in (the earlier field on one line), as a row-by-row read would.
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    report = staging.report
    resolved, unknown = [], []
    for order, (field, values, lines) in enumerate(columns):
        encoded = pc.dictionary_encode(values)
        answers = [staging.resolver.resolve(value) for value in encoded.dictionary.to_pylist()]
        index = encoded.indices.fill_null(len(answers)).to_numpy(zero_copy_only=False)
        counts = np.bincount(index, minlength=len(answers) + 1)
        kinds = [kind for kind, _ in answers] + ["blank"]
        at = np.asarray(lines.to_numpy(zero_copy_only=False))
        for position, kind in enumerate(kinds):
            count = int(counts[position])
            if not count:
                continue
            if kind == "blank":
                report.blank[field] = report.blank.get(field, 0) + count
            elif kind in ("aggregate", "area"):
                report.skip(kind, count)
            elif kind != "country":
                rows = at[index == position]
                unknown.append((int(rows[0]), order, field,
                                encoded.dictionary[position].as_py(), rows.tolist(), count,
                                answers[position][1] if kind == "ambiguous" else None))
        ids = [iso3 if kind == "country" else None for kind, iso3 in answers]
        resolved.append(pc.take(pa.array(ids, pa.string()), encoded.indices))
    for _, _, field, value, rows, count, candidates in sorted(unknown):
        report.add_unknown(field, value, rows, count, candidates)
        report.skip("unknown", count)
    return resolved


def _moves(staging, people: dict) -> dict:
    """Walk every person's places in year order, all people at once, with numpy.

    A person's rows with a country are sorted by person, year (none last) and line.
    The rows of one year that name two or more countries form an ambiguous year;
    every other row is a stay, and after a stay the person is in its country. Before
    a stay, or an ambiguous year, the person is where the last stay (or birth) put
    them, unless an ambiguous year since then did not include that place: then the
    place is unknown (no move) until the next stay. Returns the moves as positions
    into the sorted rows, with the place each starts from and its ordinal (the
    stay's number among the person's stays, which names the Flow).
    """
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    report = staging.report
    both = pc.dictionary_encode(pa.concat_arrays([people["country"], people["birth"]]))
    codes = both.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
    count = len(people["country"])
    country_code, birth_code = codes[:count], codes[count:]
    placed = np.flatnonzero(country_code >= 0)
    person = people["person"][placed]
    year = people["years"][placed]
    key = np.where(np.isnan(year), np.inf, year)
    line = people["lines"].to_numpy(zero_copy_only=False)[placed]
    order = np.lexsort((line, key, person))
    person, year, key, line = person[order], year[order], key[order], line[order]
    country = country_code[placed][order]
    total = len(order)
    if not total:
        return {"vocabulary": both.dictionary, **{column: np.zeros(0, np.int64) for column in (
            "person", "from", "to", "line", "ordinal")}, "year": np.zeros(0)}
    position = np.arange(total)
    new_person = np.ones(total, bool)
    new_person[1:] = person[1:] != person[:-1]
    start = np.maximum.accumulate(np.where(new_person, position, 0))
    new_group = new_person.copy()
    new_group[1:] |= key[1:] != key[:-1]
    group_start = np.flatnonzero(new_group)
    group = np.cumsum(new_group) - 1
    ambiguous_group = ((np.minimum.reduceat(country, group_start)
                        != np.maximum.reduceat(country, group_start))
                       & np.isfinite(key[group_start]))
    ambiguous = ambiguous_group[group]
    stay = ~ambiguous
    last_stay = np.maximum.accumulate(np.where(stay, position, -1))
    before = np.concatenate(([-1], last_stay[:-1]))
    after_stay = before >= start
    last_place = np.where(after_stay, country[np.maximum(before, 0)], birth_code[person])
    # An ambiguous year breaks the chain when the place is not among its countries.
    member = np.maximum.reduceat(country == last_place, group_start)
    breaks = np.zeros(total + 1, np.int64)
    breaks[1:][group_start[ambiguous_group & ~member]] = 1
    breaks = np.cumsum(breaks)
    segment = np.where(after_stay, before + 1, start)
    element = np.where(ambiguous, group_start[group], position)
    broken = breaks[element] > breaks[segment]
    place = np.where(broken, -1, last_place)
    firsts = group_start[ambiguous_group]
    kept_place = int(((~broken[firsts]) & member[ambiguous_group]).sum())
    report.skip("same_year", int(ambiguous.sum()) - kept_place)
    vocabulary = both.dictionary.to_pylist()
    code_of = {code: index for index, code in enumerate(vocabulary)}
    width = len(vocabulary) + 1
    pairs = np.array([code_of[a] * width + code_of[b] for a, b in successor_pairs()
                      if a in code_of and b in code_of], dtype=np.int64)
    change = stay & (place >= 0) & (country != place)
    successor = change & np.isin(place * width + country, pairs)
    report.skip("successor", int(successor.sum()), float(successor.sum()))
    stays_before = np.concatenate(([0], np.cumsum(stay)))
    ordinal = stays_before[position] - stays_before[start]
    moved = np.flatnonzero(change & ~successor)
    return {"vocabulary": both.dictionary, "person": person[moved],
            "from": place[moved], "to": country[moved], "line": line[moved],
            "year": year[moved], "ordinal": ordinal[moved]}


def _write_people(staging, people: dict, moves: dict) -> None:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    name = staging.source.name
    report = staging.report
    dataset = staging.info.id
    ids = people["ids"]
    staging.write_node_columns("Person", {
        "id": ids, "name_en": people["label"], "birth_country": people["birth"],
        "occupation": people["occupation"], "role": "migrant", "dataset": dataset})
    report.nodes_kept = len(ids)
    person = pa.array(moves["person"])
    vocabulary = moves["vocabulary"]
    origin = pc.take(vocabulary, pa.array(moves["from"]))
    destination = pc.take(vocabulary, pa.array(moves["to"]))
    year = pa.array(moves["year"], pa.float64(), from_pandas=True).cast(pa.int64())
    line = pa.array(moves["line"], pa.int64())
    person_id = pc.take(ids, person)
    flow = pc.binary_join_element_wise(dataset, person_id,
                                       pc.cast(pa.array(moves["ordinal"]), pa.string()), ":")
    who = pc.take(pc.coalesce(people["label"], ids), person)
    if len(flow):
        staging.write_node_columns("Flow", {
            "id": flow, "measure": "event", "unit": "persons", "low": pa.scalar(1),
            "high": pa.scalar(1), "year_start": year, "year_end": year, "dataset": dataset,
            "name_en": pc.binary_join_element_wise(who, ": ", origin, " -> ", destination, ""),
            "note": pc.binary_join_element_wise(f"{name} row", pc.cast(line, pa.string()),
                                                " ")})
        staging.write_rel_columns("FROM", "Flow", "Country",
                                  {"from": flow, "to": origin, "dataset": dataset})
        staging.write_rel_columns("TO", "Flow", "Country",
                                  {"from": flow, "to": destination, "dataset": dataset})
        staging.write_rel_columns("BY", "Flow", "Person",
                                  {"from": flow, "to": person_id, "dataset": dataset})
        span = pc.min_max(year)
        report.add_years(span["min"].as_py(), span["max"].as_py())
    if staging.info.options.get("rollup"):
        staging.edge_sink("event").add(origin, destination, line,
                                       pa.array(np.ones(len(flow))), year=year, flow=flow)
    report.edges = len(flow)
