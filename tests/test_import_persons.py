"""Person records: the column-wise importer against a plain reading of its rules.

The reference below walks each person's rows one by one, as the module docstring of
``intelmig.importers.persons`` states the rules: places in year order from the birth
country (rows without a year last, in line order), two countries in one year are no
move (``same_year``), a change between a state and its predecessor or successor is
no move (``successor``). Country codes and successor pairs are written out by hand
here, not taken from intelmig.
"""

from __future__ import annotations

import shutil

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from intelmig.errors import ImportInvalid
from intelmig.importers import import_dataset
from intelmig.workspace import Workspace

HEADER = "person,person_label,birth_country,occupation,country,year"
# The cells the random files draw from, and what each is by hand (None: no country).
CODES = {"KAZ": "KAZ", "kz": "KAZ", "RUS": "RUS", "SUN": "SUN", "DEU": "DEU",
         "Germany": "DEU", "DDR": "DDR", "USA": "USA", "": None, "  ": None, "ZZZ": None}
# The USSR and its successors Russia and Kazakhstan; the GDR and Germany.
SUCCESSORS = {frozenset(("SUN", "RUS")), frozenset(("SUN", "KAZ")), frozenset(("DDR", "DEU"))}
YEARS = {"": None, "1990": 1990, " 1990 ": 1990, "1991": 1991, "1991.0": 1991, "1992": 1992}
DATASET = "people"


def reference(records):
    """Flows ``(id, from, to, year, line)``, people, same_year and successor counts."""
    people = {}
    for line, person, label, birth, country, year in records:
        if not person.strip():
            continue
        entry = people.setdefault(person.strip(), {"label": label.strip() or None,
                                                   "birth": CODES[birth], "stays": []})
        if CODES[country] is not None:
            entry["stays"].append((YEARS[year], line, CODES[country]))
    flows, same_year, successor = [], 0, 0
    for person, entry in people.items():
        dated = sorted({year for year, _, _ in entry["stays"] if year is not None})
        steps = [(year, [(line, c) for y, line, c in entry["stays"] if y == year])
                 for year in dated]
        steps += [(None, [(line, c)]) for y, line, c in entry["stays"] if y is None]
        place, ordinal = entry["birth"], 0
        for year, stays in steps:
            countries = {c for _, c in stays}
            if len(countries) > 1:
                same_year += len(stays) - (place in countries)
                place = place if place in countries else None
                continue
            for line, country in stays:
                if place is not None and country != place:
                    if frozenset((place, country)) in SUCCESSORS:
                        successor += 1
                    else:
                        flows.append((f"{DATASET}:{person}:{ordinal}", place, country, year,
                                      line))
                place, ordinal = country, ordinal + 1
    persons = [(person, entry["label"], entry["birth"]) for person, entry in people.items()]
    return flows, persons, same_year, successor


ROWS = st.lists(st.tuples(st.sampled_from(["P1", "P2", "P3", " P1 ", ""]),
                          st.sampled_from(["Ann", "", "Bo"]), st.sampled_from(sorted(CODES)),
                          st.sampled_from(sorted(CODES)), st.sampled_from(sorted(YEARS)),
                          st.booleans()), min_size=1, max_size=30)


@settings(max_examples=60, deadline=None)
@given(ROWS, st.booleans())
def test_flows_match_a_row_by_row_reading_of_the_rules(tmp_path_factory, rows, quoted):
    """Ties in years, successor pairs, blank and unknown cells, empty lines, both readers.

    A quoted label sends the file to the line-exact reader, an unquoted one to Arrow's.
    """
    folder = tmp_path_factory.mktemp("persons")
    lines, records = [HEADER], []
    for person, label, birth, country, year, empty_before in rows:
        if empty_before:
            lines.append("")
        lines.append(f"{person},{f'{chr(34)}{label}{chr(34)}' if quoted else label},"
                     f"{birth},x,{country},{year}")
        records.append((len(lines), person, label, birth, country, year))
    path = folder / "people.csv"
    path.write_text("\n".join(lines) + "\n")
    flows, persons, same_year, successor = reference(records)
    try:
        manifest = import_dataset("persons", path, target=None,
                                  workspace=Workspace(folder / "ws"), dataset_id=DATASET,
                                  options={"rollup": True}, skip_unknown=True)
    except ImportInvalid as err:
        assert not persons and "no person records" in str(err)
        return
    staged = Workspace(folder / "ws").folder(manifest["id"])
    got = pq.read_table(staged / "nodes.Person.parquet",
                        columns=["id", "name_en", "birth_country"]).to_pylist()
    assert [tuple(p.values()) for p in got] == persons
    report = manifest["report"]
    assert report["skipped"].get("same_year", {}).get("records", 0) == same_year
    assert report["skipped"].get("successor", {}).get("records", 0) == successor
    assert report["ignored_lines"].get("empty", 0) == sum(row[-1] for row in rows)
    assert report["edges"] == len(flows)
    rolled = pq.read_table(staged / "migrated_to.parquet",
                           columns=["flow", "from", "to", "year", "row"]).to_pylist()
    assert [tuple(r.values()) for r in rolled] == flows
    if flows:
        nodes = pq.read_table(staged / "nodes.Flow.parquet",
                              columns=["id", "year_start", "note"]).to_pylist()
        assert [(n["id"], n["year_start"], n["note"]) for n in nodes] == [
            (flow_id, year, f"people.csv row {line}") for flow_id, _, _, year, line in flows]
        ends = {}
        for rel in ("FROM", "TO"):
            table = pq.read_table(staged / f"rels.{rel}.Flow.Country.parquet").to_pylist()
            ends[rel] = [(r["from"], r["to"]) for r in table]
        assert ends["FROM"] == [(f[0], f[1]) for f in flows]
        assert ends["TO"] == [(f[0], f[2]) for f in flows]
    shutil.rmtree(folder)


@pytest.mark.parametrize("year", ['"1,995"', "19x5", "1995.5", "2101", ".."])
def test_a_bad_year_names_its_line_and_nothing_is_staged(tmp_path, year):
    path = tmp_path / "people.csv"
    path.write_text(f"{HEADER}\nQ1,A,KAZ,x,RUS,1990\n\nQ1,A,KAZ,x,DEU,{year}\n")
    workspace = Workspace(tmp_path / "ws")
    with pytest.raises(ImportInvalid, match=r"people\.csv: row 4: field 'year': ") as err:
        import_dataset("persons", path, target=None, workspace=workspace)
    assert err.value.problems[0].line == 4
    assert not workspace.manifests()
