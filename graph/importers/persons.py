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
from .table import iter_csv, plain_number, require_columns

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
    people: dict[str, dict] = {}
    _read_people(staging, people)
    if not people:
        raise ImportInvalid(f"{name}: no person records", file=name, type="nothing-kept")
    _write_people(staging, people)


def _read_people(staging, people: dict) -> None:
    name = staging.source.name
    report = staging.report
    resolver = staging.resolver
    records = iter_csv(staging.source, staging.encoding, report)
    first = next(records, None)
    names = [c.strip() for c in first[1]] if first else []
    require_columns(staging.source, names, COLUMNS)
    for row_number, cells in records:
        record = {k: (v or "").strip() for k, v in zip(names, cells) if k}
        report.read(1)
        if not record["person"]:
            report.blank["person"] = report.blank.get("person", 0) + 1
            continue
        person = people.setdefault(record["person"], {
            "label": record["person_label"], "occupation": record["occupation"],
            "birth": _country(resolver, report, record["birth_country"], "birth_country",
                              row_number), "moves": []})
        country = _country(resolver, report, record["country"], "country", row_number)
        year = _year(record["year"])
        if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise ImportInvalid(f"{name}: row {row_number}: field 'year': "
                                f"{record['year']!r} is not a year", file=name,
                                line=row_number, field="year", type="bad-year")
        if country is not None:
            person["moves"].append((year if year is not None else 10**6, row_number,
                                    country, year))


def _write_people(staging, people: dict) -> None:
    import pyarrow as pa

    name = staging.source.name
    report = staging.report
    dataset = staging.info.id
    persons, flows, origins, destinations, by = [], [], [], [], []
    rollup = {"from": [], "to": [], "row": [], "year": [], "flow": []}
    successors = successor_pairs()
    for person_id, person in people.items():
        persons.append({"id": person_id, "name_en": person["label"] or None,
                        "birth_country": person["birth"], "occupation":
                        person["occupation"] or None, "role": "migrant", "dataset": dataset})
        place = person["birth"]
        by_year: dict = {}
        for _, row_number, country, year in sorted(person["moves"]):
            by_year.setdefault(year, []).append((row_number, country))
        ordinal = -1
        for year, stays in by_year.items():
            countries = {country for _, country in stays}
            if len(countries) > 1 and year is not None:
                # Affiliations held at once: a move only if the person left the place.
                report.skip("same_year", len(stays) - (place in countries))
                if place not in countries:
                    place = None
                continue
            for row_number, country in stays:
                ordinal += 1
                if place is None or country == place:
                    place = country
                    continue
                if (place, country) in successors:
                    report.skip("successor", 1, 1)
                    place = country
                    continue
                flow_id = f"{dataset}:{person_id}:{ordinal}"
                flows.append({"id": flow_id, "name_en": f"{person['label'] or person_id}: "
                              f"{place} -> {country}", "measure": "event", "unit": "persons",
                              "low": 1, "high": 1, "year_start": year, "year_end": year,
                              "dataset": dataset, "note": f"{name} row {row_number}"})
                origins.append({"from": flow_id, "to": place, "dataset": dataset})
                destinations.append({"from": flow_id, "to": country, "dataset": dataset})
                by.append({"from": flow_id, "to": person_id, "dataset": dataset})
                for key, value in zip(rollup, (place, country, row_number, year, flow_id)):
                    rollup[key].append(value)
                place = country
    staging.write_nodes("Person", persons)
    report.nodes_kept = len(persons)
    if flows:
        staging.write_nodes("Flow", flows)
        staging.write_rels("FROM", "Flow", "Country", origins)
        staging.write_rels("TO", "Flow", "Country", destinations)
        staging.write_rels("BY", "Flow", "Person", by)
    report.edges = len(flows)
    kept = [f["year_start"] for f in flows if f["year_start"] is not None]
    if kept:
        report.add_years(min(kept), max(kept))
    if staging.info.options.get("rollup"):
        sink = staging.edge_sink("event")
        sink.add(pa.array(rollup["from"], pa.string()), pa.array(rollup["to"], pa.string()),
                 pa.array(rollup["row"], pa.int64()), pa.array([1.0] * len(flows)),
                 year=pa.array(rollup["year"], pa.int64()),
                 flow=pa.array(rollup["flow"], pa.string()))
        report.edges = len(flows)


def _year(text: str) -> int | None:
    """A whole year, or one past the range when the text is not one (refused by the caller)."""
    if not text:
        return None
    try:
        number = float(plain_number(text))
    except (ValueError, OverflowError):
        return YEAR_RANGE[1] + 1
    return int(number) if number.is_integer() else YEAR_RANGE[1] + 1


def _country(resolver, report, value: str, field: str, row: int) -> str | None:
    kind, iso3 = resolver.resolve(value)
    if kind == "country":
        return iso3
    if kind == "blank":
        report.blank[field] = report.blank.get(field, 0) + 1
    elif kind in ("aggregate", "area"):
        report.skip(kind, 1)
    else:
        report.add_unknown(field, value, [row], 1, iso3 if kind == "ambiguous" else None)
        report.skip("unknown", 1)
    return None
