"""The failing inputs of ``shared/cases`` (README there), each kind as a test of its own.

Every file here is written by this test in the layout and with the quirk of its case
(the MPIDR rows of the cases come from AGPL files, so they are not copied: the rows
below are ours). ``test_shared_case_files`` runs the original files where the shared
folder is present. Expected figures are worked out by hand in each test.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from intelmig.cli import cli
from intelmig.cli.imports import RateMeter
from intelmig.errors import ImportInvalid
from intelmig.importers import default_dataset_id, import_dataset
from intelmig.importers.countries import CountryResolver
from intelmig.stores.embedded import EmbeddedStore
from intelmig.workspace import Workspace

from .conftest import ROOT

FLOWS_HEADER = "migrationfrom,migrationto,year,n_migrations,n_migrations_back,netmigrations\n"
EDGE_ARGS = ["--from-col", "from", "--to-col", "to", "--value-col", "value"]
SHARED = ROOT.parent / "shared" / "cases"


def run(runner, tmp_path, kind, name, content, *args, store=False, encoding="utf-8"):
    """Write ``content`` to ``name`` and import it into a fresh workspace (and store)."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode(encoding))
    env = {"INTELMIG_WORKSPACE": str(tmp_path / "ws"), "INTELMIG_DB": str(tmp_path / "db.lbug")}
    result = runner.invoke(cli, ["import", kind, str(path), *args,
                                 *([] if store else ["--no-store"])], env=env)
    return result, path


def manifest_of(tmp_path) -> dict:
    [manifest] = Workspace(tmp_path / "ws").manifests()
    return manifest


def edges_of(tmp_path) -> list[dict]:
    manifest = manifest_of(tmp_path)
    file = tmp_path / "ws" / manifest["id"] / "migrated_to.parquet"
    return pq.read_table(file).to_pylist() if file.exists() else []


def refused(result, *parts):
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.output.count("\n") == 1, result.output
    for part in parts:
        assert part in result.output, result.output


# -- MPIDR scholarly flows -----------------------------------------------------------------

def test_scopus_eue_and_blanks_import_with_no_flags_each_row_counted_once(runner, tmp_path):
    content = FLOWS_HEADER + ("USA,DEU,2014.0,1200,1300,-100\n"
                              "USA,EUE,2018.0,2,0,2\n"
                              ",EUE,2003.0,7,0,7\n"
                              ",EUE,2018.0,5,0,5\n"
                              ",USA,2003.0,70000,0,70000\n")
    result, _ = run(runner, tmp_path, "scholarly-flows", "scopus_flows.csv", content)
    assert result.exit_code == 0, result.output
    report = manifest_of(tmp_path)["report"]
    assert report["rows"] == 5 and report["edges"] == 1
    # a row both blank and EUE is one skipped row, under "blank"
    assert report["skipped"]["blank"] == {"records": 3, "people": 70012.0}
    assert report["skipped"]["area"] == {"records": 1, "people": 2.0}
    assert report["non_country_areas"] == {"EUE": 1}
    assert sum(s["records"] for s in report["skipped"].values()) + report["edges"] == 5
    assert "70,012 people" in result.output and "EUE" in result.output
    assert [(e["from"], e["to"], e["value"], e["row"]) for e in edges_of(tmp_path)] == [
        ("USA", "DEU", 1200.0, 2)]


def test_openalex_nan_is_blank_and_na_is_namibia(runner, tmp_path):
    content = FLOWS_HEADER + ("AR,nan,2005.0,19,25,-6\n"
                              "nan,AU,2007.0,22,19,3\n"
                              "NA,ZA,2009.0,1,2,-1\n"
                              "US,,2014.0,500,0,500\n"
                              "US,CN,2019.0,6000,5000,1000\n")
    result, _ = run(runner, tmp_path, "scholarly-flows", "openalex_flows.csv", content)
    assert result.exit_code == 0, result.output
    assert [(e["from"], e["to"], e["year"]) for e in edges_of(tmp_path)] == [
        ("NAM", "ZAF", 2009), ("USA", "CHN", 2019)]
    assert manifest_of(tmp_path)["report"]["skipped"]["blank"]["records"] == 3


def test_enriched_flows_layout_and_structured_citation(runner, tmp_path):
    content = ("n_migrations,year,countrynamefrom,countrynameto,iso3codefrom,iso3codeto,"
               "paddedpopfrom\n1270,2014.0,United States,Germany,USA,DEU,1339874\n"
               "5,2015.0,Germany,,DEU,,309351\n")
    result, _ = run(runner, tmp_path, "scholarly-flows",
                    "scopus_2024_V1_scholarlymigration_countryflows_enriched.csv", content)
    assert result.exit_code == 0, result.output
    manifest = manifest_of(tmp_path)
    assert manifest["edges"] == 1 and manifest["years"] == [2014, 2014]
    assert manifest["title"].endswith("_enriched.csv, 2014")
    assert manifest["source"]["doi"] == "10.4054/MPIDR-WP-2023-018"
    assert manifest["source"]["authors"][0].startswith("Akbaritabar")
    assert manifest["license"] == "CC BY 4.0"


def test_default_ids_of_long_file_names_are_distinct_and_nothing_is_replaced_silently(
        runner, tmp_path):
    first = "scopus_2022_07_V1_scholarlymigration_countryflows.csv"
    second = "scopus_2022_07_V1_scholarlymigration_countryflows_USAonly.csv"
    assert default_dataset_id("scholarly-flows", Path(first)) != default_dataset_id(
        "scholarly-flows", Path(second))
    both = FLOWS_HEADER + "DEU,USA,2019.0,1140,1032,108\nUSA,CHN,2019.0,2887,2863,24\n"
    result, path = run(runner, tmp_path, "scholarly-flows", first, both)
    assert result.exit_code == 0, result.output
    result, _ = run(runner, tmp_path, "scholarly-flows", second,
                    FLOWS_HEADER + "USA,CHN,2019.0,2887,2863,24\n")
    assert result.exit_code == 0, result.output
    assert len(Workspace(tmp_path / "ws").manifests()) == 2
    env = {"INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    dataset_id = default_dataset_id("scholarly-flows", path)
    again = runner.invoke(cli, ["import", "scholarly-flows", str(path), "--no-store"], env=env)
    assert again.exit_code == 0 and "Unchanged" in again.output, again.output
    other = tmp_path / "other.csv"
    other.write_text(FLOWS_HEADER + "USA,CHN,2019.0,1,0,1\n")
    clash = runner.invoke(cli, ["import", "scholarly-flows", str(other), "--no-store",
                                "--dataset-id", dataset_id], env=env)
    refused(clash, f"dataset {dataset_id!r} already holds {first}", "--replace")
    replaced = runner.invoke(cli, ["import", "scholarly-flows", str(other), "--no-store",
                                   "--dataset-id", dataset_id, "--replace"], env=env)
    assert replaced.exit_code == 0, replaced.output
    assert Workspace(tmp_path / "ws").get(dataset_id)["file_name"] == "other.csv"
    # Another file whose name gives the same default id gets an id of its own.
    for name in ("x.csv", "X.csv"):
        (tmp_path / name).write_text(FLOWS_HEADER + "USA,CHN,2019.0,3,0,3\n")
        beside = runner.invoke(cli, ["import", "scholarly-flows", str(tmp_path / name),
                                     "--no-store"], env=env)
        assert beside.exit_code == 0, beside.output
    assert len(Workspace(tmp_path / "ws").manifests()) == 4


def test_enriched_country_table_without_paddedpop(runner, tmp_path):
    content = ("year,countrycode,padded_population_of_researchers,number_of_inmigrations,"
               "netmigration,iso2code,countryname\n2000.0,ABW,2,0,0,AW,Aruba\n"
               "1998.0,,72,7,1,,\n2001.0,EUE,5,1,1,,\n")
    result, _ = run(runner, tmp_path, "scholarly-countries", "country_enriched.csv", content)
    assert result.exit_code == 0, result.output
    report = manifest_of(tmp_path)["report"]
    assert report["edges"] == 1  # ABW in 2000: one country-year, its three indicators
    assert report["skipped"]["blank"]["records"] == 1
    assert report["non_country_areas"] == {"EUE": 1}


# -- World Bank ------------------------------------------------------------------------------

WB_HEADER = ("\ufeffCountry Origin Name,Country Origin Code,Migration by Gender Name,"
             "Migration by Gender Code,Country Dest Name,Country Dest Code,1960 [1960],"
             "1970 [1970],1980 [1980],1990 [1990],2000 [2000]\n")


def test_databank_footer_is_recognised(runner, tmp_path):
    # Rows: World Bank GBMD via DataBank (CC BY 4.0), as in shared/cases.
    content = WB_HEADER + (
        "Russian Federation,RUS,Total,TOT,Belarus,BLR,386328,552048,664763,786672,549738\n"
        "Russian Federation,RUS,Total,TOT,Germany,DEU,286209,297315,299809,936128,978793\n"
        ",,,,,,,,,,\n,,,,,,,,,,\n"
        "Data from database: Global Bilateral Migration,,,,,,,,,,\n"
        "Last Updated: 06/28/2011,,,,,,,,,,\n")
    result, _ = run(runner, tmp_path, "worldbank", "databank.csv", content)
    assert result.exit_code == 0, result.output
    report = manifest_of(tmp_path)["report"]
    assert report["rows"] == 2 and report["edges"] == 10
    assert report["ignored_lines"] == {"empty": 2, "footer": 2}
    assert sum(e["value"] for e in edges_of(tmp_path) if e["year"] == 2000) == 549738 + 978793


def test_worldbank_diagonal_and_zero_corridors_are_no_links(runner, tmp_path):
    content = WB_HEADER + (
        "Austria,AUT,Total,TOT,Austria,AUT,0,0,0,0,0\n"
        "Austria,AUT,Total,TOT,Belarus,BLR,0,0,0,0,0\n"
        "Austria,AUT,Total,TOT,Germany,DEU,59970,124663,176610,151101,189096\n"
        "Belarus,BLR,Total,TOT,Austria,AUT,83,13,47,0,373\n")
    result, _ = run(runner, tmp_path, "worldbank", "wb.csv", content)
    assert result.exit_code == 0, result.output
    report = manifest_of(tmp_path)["report"]
    assert report["skipped"]["self_loop"] == {"records": 5, "people": 0.0}
    assert report["skipped"]["zero"] == {"records": 6, "people": 0.0}
    assert report["edges"] == 9
    assert all(e["value"] > 0 and e["from"] != e["to"] for e in edges_of(tmp_path))


# -- UN DESA -----------------------------------------------------------------------------------

def undesa_2019(path: Path, rows, origins, *, split=False):
    """A 2019 workbook: title block, header (split over two rows if asked), data, notes."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "CONTENTS"
    sheet = workbook.create_sheet("Table 1")
    for text in ("United Nations", "Population Division", None, "International Migrant "
                 "Stock 2019"):
        sheet.append([None, None, None, None, text])
    head = ["Year", "Sort\norder", "Major area, region, country or area of destination",
            "Notes", "Code", "Type of data (a)"]
    if split:
        sheet.append(head + ["Country or area of origin"])
        sheet.append([None] * 6 + ["Total", "Other North", "Other South", *origins])
    else:
        sheet.append([None] * 6 + ["Country or area of origin"])
        sheet.append(head + ["Total", "Other North", "Other South", *origins])
    for row in rows:
        sheet.append(row)
    sheet.append([])
    sheet.append(["NOTES"])
    workbook.save(path)


def test_undesa_channel_islands_and_split_header(runner, tmp_path):
    path = tmp_path / "undesa_2019.xlsx"
    undesa_2019(path, [
        [2019, 1, "WORLD", None, 900, None, 1000, 5, 7, 60, 900, 40],
        [2019, 2, "Channel Islands", None, 830, "B", 600, None, None, None, 580, 20],
        [2019, 3, "United Kingdom", None, 826, "B", 400, None, None, 22, None, 378],
    ], ["Channel Islands", "United Kingdom", "France"], split=True)
    result, _ = run(runner, tmp_path, "undesa", path.name, path.read_bytes())
    assert result.exit_code == 0, result.output
    edges = {(e["from"], e["to"]): e["value"] for e in edges_of(tmp_path)}
    assert edges == {("GBR", "CHI"): 580.0, ("FRA", "CHI"): 20.0, ("CHI", "GBR"): 22.0,
                     ("FRA", "GBR"): 378.0}
    report = manifest_of(tmp_path)["report"]
    # the WORLD row's 5 cells and the Other North/South cells of the two other rows
    assert report["skipped"]["aggregate"] == {"records": 5 + 2 + 2, "people": 1012.0}


def test_undesa_unknown_origin_names_the_column_and_distinct_rows(runner, tmp_path):
    path = tmp_path / "undesa_2019.xlsx"
    undesa_2019(path, [
        [2010, 1, "France", None, 250, "B", 10, None, None, 4, 6],
        [2019, 2, "France", None, 250, "B", 12, None, None, 5, 7],
    ], ["Atlantis", "United Kingdom"])
    result, _ = run(runner, tmp_path, "undesa", path.name, path.read_bytes())
    refused(result, "1 unknown country code(s)", "row 7, 8:",
            "field \"sheet 'Table 1' origin column header\"", "'Atlantis' (2 rows)")


def undesa_long(path: Path, rows):
    """A 2020/2024 long table: header row, then (destination, code, origin, code, 1990, 2020)."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Table 1"
    sheet.append(["International Migrant Stock 2020"])
    sheet.append(["Index", "Region, development group, country or area of destination",
                  "Notes of destination", "Location code of destination",
                  "Type of data of destination", "Region, development group, country or area "
                  "of origin", "Location code of origin", 1990, 2020])
    for index, (dest, dcode, origin, ocode, *values) in enumerate(rows, start=1):
        sheet.append([index, dest, None, dcode, "B", origin, ocode, *values])
    workbook.save(path)


def test_undesa_long_groups_by_name_and_unknown_codes_by_column(runner, tmp_path):
    path = tmp_path / "undesa_2020.xlsx"
    undesa_long(path, [("Kazakhstan", 398, "Russian Federation", 643, 10, 20),
                       ("Kazakhstan", 398, "Other", 2003, 5, 6),
                       ("Channel Islands", 830, "France", 250, 1, 2)])
    result, _ = run(runner, tmp_path, "undesa", path.name, path.read_bytes())
    assert result.exit_code == 0, result.output
    report = manifest_of(tmp_path)["report"]
    assert report["skipped"]["aggregate"] == {"records": 2, "people": 11.0}
    assert {(e["from"], e["to"], e["year"]) for e in edges_of(tmp_path)} == {
        ("RUS", "KAZ", 1990), ("RUS", "KAZ", 2020), ("FRA", "CHI", 1990), ("FRA", "CHI", 2020)}
    undesa_long(path, [("Kazakhstan", 398, "Atlantis", 1234, 5, 6)])
    result, _ = run(runner, tmp_path / "again", "undesa", path.name, path.read_bytes())
    refused(result, "row 3: field 'Location code of origin': unknown country code or name "
                    "'1234' (1 row)")


# -- OECD DIOC -------------------------------------------------------------------------------

def test_dioc_2015_region_of_birth_file_stays_region_level(runner, tmp_path):
    content = ("country,sex,age_lfs,edu_lfs,national,oecd,regionb,oecdb,fborn,number\n"
               "AUS,1,0,99,0,1,AFRI,0,1,7501\n"
               "AUS,1,1,3,0,1,AFRI,0,1,1867\n"
               "AUS,1,1,3,1,1,AFRI,0,1,500\n"
               "AUS,2,1,3,0,1,ASIA,0,1,2400\n"
               "AUS,2,1,3,0,1,OCEA,1,0,9000000\n")
    result, _ = run(runner, tmp_path, "dioc", "dioc_A1.csv", content, "--year", "2015",
                    store=True)
    assert result.exit_code == 0, result.output
    report = manifest_of(tmp_path)["report"]
    assert report["edges"] == 3
    assert report["skipped"]["native_born"] == {"records": 1, "people": 9000000.0}
    assert report["skipped"]["not_tertiary"]["records"] == 1
    dataset = manifest_of(tmp_path)["id"]
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        rows = store.run("MATCH (r:Region)-[m:MIGRATED_TO]->(c:Country) WHERE m.dataset = $d "
                         "RETURN r.id, c.id, sum(m.value) ORDER BY r.id", {"d": dataset}).rows
        countries = store.run("MATCH (a:Country)-[m:MIGRATED_TO]->() WHERE m.dataset = $d "
                              "RETURN count(m)", {"d": dataset}).rows
    assert rows == [[f"{dataset}:AFRI", "AUS", 2367.0], [f"{dataset}:ASIA", "AUS", 2400.0]]
    assert countries == [[0]]


def test_dioc_native_born_are_not_migrants(runner, tmp_path):
    content = ("country,coub,sex,age,edu_lfs,occupation,number\n"
               "AUS,AUS,0,15+,3,,5000000\nAUS,GBR,0,15+,3,,400000\nGBR,AUS,0,15+,3,,60000\n")
    result, _ = run(runner, tmp_path, "dioc", "dioc.csv", content, "--year", "2015")
    assert result.exit_code == 0, result.output
    assert [(e["from"], e["to"]) for e in edges_of(tmp_path)] == [("GBR", "AUS"),
                                                                 ("AUS", "GBR")]
    assert manifest_of(tmp_path)["report"]["skipped"]["self_loop"]["people"] == 5000000.0


# -- persons ---------------------------------------------------------------------------------

def test_persons_same_year_places_and_successor_states(runner, tmp_path):
    content = ("person,person_label,birth_country,occupation,country,year\n"
               "P1,A,Japan,Physics,Japan,1949\nP1,A,Japan,Physics,United States of America,1949\n"
               "P2,B,United Kingdom,Medicine,United States of America,1974\n"
               "P2,B,United Kingdom,Medicine,Belgium,1974\n"
               "P4,D,Russia,Chemistry,Union of Soviet Socialist Republics,1956\n"
               "P6,F,Germany,Physics,United States of America,1950\n")
    result, _ = run(runner, tmp_path, "persons", "people.csv", content, "--rollup")
    assert result.exit_code == 0, result.output
    report = manifest_of(tmp_path)["report"]
    assert report["edges"] == 1
    assert report["skipped"]["same_year"]["records"] == 3  # P1's USA, P2's both places
    assert report["skipped"]["successor"] == {"records": 1, "people": 1.0}
    assert [(e["from"], e["to"], e["row"]) for e in edges_of(tmp_path)] == [("DEU", "USA", 7)]


def test_a_person_in_two_files_is_one_person(runner, tmp_path):
    header = "person,person_label,birth_country,occupation,country,year\n"
    env = {"INTELMIG_WORKSPACE": str(tmp_path / "ws"), "INTELMIG_DB": str(tmp_path / "db.lbug")}
    for name, row in (("a.csv", "Q1,Einstein,DEU,physicist,CHE,1895\n"),
                      ("b.csv", "Q1,Einstein,DEU,physicist,USA,1933\n")):
        (tmp_path / name).write_text(header + row)
        result = runner.invoke(cli, ["import", "persons", str(tmp_path / name)], env=env)
        assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        assert store.run("MATCH (p:Person {id: 'Q1'}) RETURN count(p)").rows == [[1]]
        assert store.run("MATCH (:Person {id: 'Q1'})<-[:BY]-(f:Flow) RETURN count(f)"
                         ).rows == [[2]]


# -- encodings, quotes and lines -------------------------------------------------------------

def test_cp1252_bad_byte_names_its_line_and_the_fix(runner, tmp_path):
    content = ("Origin,Destination,TIME_PERIOD,students\nFrance,C\u00f4te d'Ivoire,2022,1200\n"
               "Belgium,Cura\u00e7ao,2022,15\nGermany,Austria,2022,30000\n")
    args = ["--from-col", "Origin", "--to-col", "Destination", "--value-col", "students",
            "--year-col", "TIME_PERIOD"]
    result, _ = run(runner, tmp_path, "csv", "students.csv", content, *args,
                    encoding="cp1252")
    refused(result, "students.csv: line 2: byte 0xf4 at column 9", "--encoding cp1252")
    result, _ = run(runner, tmp_path, "csv", "students.csv", content, *args, "--encoding",
                    "cp1252", encoding="cp1252")
    assert result.exit_code == 0, result.output
    assert [(e["from"], e["to"]) for e in edges_of(tmp_path)] == [
        ("FRA", "CIV"), ("BEL", "CUW"), ("DEU", "AUT")]


def test_a_bad_byte_late_in_a_big_file_names_its_line(runner, tmp_path):
    lines = [b"from,to,value"] + [b"KAZ,RUS,1"] * 70_000
    lines[69_000] = b"K\xe9Z,RUS,1"  # lines[0] is line 1: this is line 69,001
    result, _ = run(runner, tmp_path, "csv", "big.csv", b"\n".join(lines) + b"\n", *EDGE_ARGS)
    refused(result, "big.csv: line 69001: byte 0xe9 at column 2")


@pytest.mark.parametrize("content, line", [
    ("from,to,value\n\n\nKAZ,RUS,10\nKAZ,DEU,oops\n", 5),
    ('from,to,value,comment\nKAZ,RUS,10,"two\nlines"\nKAZ,DEU,oops,x\n', 4),
])
def test_errors_name_the_line_an_editor_shows(runner, tmp_path, content, line):
    result, _ = run(runner, tmp_path, "csv", "edges.csv", content, *EDGE_ARGS)
    refused(result, f"edges.csv: row {line}: field 'value': 'oops' is not a number")


def test_stored_row_is_the_file_line(runner, tmp_path):
    content = 'from,to,value,comment\n\nKAZ,RUS,10,"two\nlines"\n\nKAZ,DEU,5,x\n'
    result, _ = run(runner, tmp_path, "csv", "edges.csv", content, *EDGE_ARGS)
    assert result.exit_code == 0, result.output
    assert [(e["to"], e["row"]) for e in edges_of(tmp_path)] == [("RUS", 3), ("DEU", 6)]


@pytest.mark.parametrize("kind, content, args", [
    ("csv", 'from,to,value,note\nKAZ,RUS,10,"stray\nKAZ,DEU,20,x\nKAZ,USA,30,y\n', EDGE_ARGS),
    ("csv", 'from,to,value,note\nKAZ,RUS,10,"stray\nKAZ,DEU,20,x\nKAZ,USA,30,y"\n', EDGE_ARGS),
    ("persons", 'person,person_label,birth_country,occupation,country,year\n'
                'Q10,"Stray quote,DEU,physicist,USA,1933\nQ11,Second,DEU,chemist,FRA,1950\n',
     []),
    ("csv", 'from,to,value\nKAZ,RUS,"10"x\n', EDGE_ARGS),
])
def test_an_unbalanced_quote_is_refused_at_its_line(runner, tmp_path, kind, content, args):
    result, _ = run(runner, tmp_path, kind, "stray.csv", content, *args)
    refused(result, "stray.csv: line 2:")
    assert not Workspace(tmp_path / "ws").manifests()


def test_a_very_long_cell_is_read(runner, tmp_path):
    content = f'from,to,value,note\nKAZ,RUS,10,"{"x" * 300_000}"\n'
    result, _ = run(runner, tmp_path, "csv", "long.csv", content, *EDGE_ARGS)
    assert result.exit_code == 0, result.output


# -- codes -----------------------------------------------------------------------------------

def test_aggregates_are_the_uns_list_and_an_import_that_keeps_nothing_fails(runner, tmp_path):
    result, _ = run(runner, tmp_path, "csv", "typo.csv",
                    "from,to,value\nKAZ,RUS,10\n3980,DEU,5\n", *EDGE_ARGS)
    refused(result, "typo.csv: row 3: field 'from': unknown country code or name '3980'")
    result, _ = run(runner, tmp_path, "csv", "wrong.csv",
                    "year,from,to,value\n2019,KAZ,RUS,10\n2019,KAZ,DEU,5\n",
                    "--from-col", "year", "--to-col", "to", "--value-col", "value",
                    "--skip-unknown")
    refused(result, "wrong.csv: no edge kept from 2 row(s) read", "2 unknown codes")


def test_renamed_states_are_their_successor(runner, tmp_path):
    content = ("from,to,value,year\nZAR,BEL,300,2000\n180,BEL,200,2000\n"
               "East Timor,AUS,50,2000\n626,AUS,40,2000\nBUR,THA,5,1980\nSUN,DEU,7,1980\n")
    result, _ = run(runner, tmp_path, "csv", "renamed.csv", content, *EDGE_ARGS,
                    "--year-col", "year")
    assert result.exit_code == 0, result.output
    assert [e["from"] for e in edges_of(tmp_path)] == ["COD", "COD", "TLS", "TLS", "MMR", "SUN"]


@pytest.mark.parametrize("code, expected", [
    ("YUG", "YUG"), ("CSK", "CSK"), ("DDR", "DDR"), ("SCG", "SCG"), ("YMD", "YMD"),
    ("886", "YEM"), ("BYS", "BLR"), ("HVO", "BFA"), ("Zaire", "COD"),
])
def test_dissolved_states_stay_apart_and_renamed_ones_do_not(code, expected):
    assert CountryResolver().resolve(code) == ("country", expected)


def test_names_are_normalised_and_ambiguous_names_refused(runner, tmp_path):
    content = "from,to,value\nTu\u0308rkiye,DEU,10\nCo\u0302te d\u2019Ivoire,FRA,5\n"
    result, _ = run(runner, tmp_path, "csv", "nfd.csv", content, *EDGE_ARGS)
    assert result.exit_code == 0, result.output
    assert [e["from"] for e in edges_of(tmp_path)] == ["TUR", "CIV"]
    result, _ = run(runner, tmp_path, "csv", "congo.csv", "from,to,value\nCongo,FRA,5\n",
                    *EDGE_ARGS)
    refused(result, "ambiguous name 'Congo' (one of COD, COG)")


def test_one_unknown_code_in_two_columns_is_one_code(runner, tmp_path):
    result, _ = run(runner, tmp_path, "csv", "zz.csv",
                    "from,to,value\nZZZ,RUS,1\nKAZ,ZZZ,2\nZZZ,ZZZ,3\n", *EDGE_ARGS)
    refused(result, "1 unknown country code(s): zz.csv: row 2, 3, 4: fields 'from' and 'to': "
                    "unknown country code or name 'ZZZ' (3 rows)")


def test_channel_islands_self_loops_and_zeros(runner, tmp_path):
    content = ("from,to,value,year\n830,GBR,10,2019\nKAZ,KAZ,1000,2019\nKAZ,RUS,5,2019\n"
               "KAZ,DEU,0,2019\nUZB,DEU,0,2019\n")
    result, _ = run(runner, tmp_path, "csv", "mixed.csv", content, *EDGE_ARGS,
                    "--year-col", "year", store=True)
    assert result.exit_code == 0, result.output
    report = manifest_of(tmp_path)["report"]
    assert report["skipped"]["self_loop"] == {"records": 1, "people": 1000.0}
    assert report["skipped"]["zero"]["records"] == 2
    assert "1 origin = destination holding 1,000 people" in result.output
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        rows = store.run("MATCH (a:Country)-[m:MIGRATED_TO]->(b:Country) WHERE m.dataset = $d "
                         "RETURN a.id, a.name_en, b.id ORDER BY a.id",
                         {"d": manifest_of(tmp_path)["id"]}).rows
    assert rows == [["CHI", "Channel Islands", "GBR"], ["KAZ", "Kazakhstan", "RUS"]]


def test_import_json_reports_every_skip_and_each_unknown_code_as_a_problem(runner, tmp_path):
    # By hand: 7 data rows; ZZZ (rows 2 and 8) and QQQ (row 4) are unknown, row 3 is a
    # self-loop of 40 people, row 5 a zero, rows 6 and 7 are kept (15 people).
    content = ("from,to,value\nZZZ,RUS,1\nKAZ,KAZ,40\nQQQ,DEU,2\nKAZ,DEU,0\n"
               "KAZ,RUS,5\nUZB,RUS,10\nKAZ,ZZZ,3\n")
    result, _ = run(runner, tmp_path, "csv", "mix.csv", content, *EDGE_ARGS,
                    "--skip-unknown", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["imported"], report["rows"], report["edges"]) == (True, 7, 2)
    skipped = {entry["reason"]: (entry["records"], entry["people"])
               for entry in report["skipped"]}
    assert skipped == {"unknown": (3, 6.0), "self_loop": (1, 40.0), "zero": (1, 0.0)}
    problems = {(p["type"], p["line"], p["field"]) for p in report["problems"]}
    assert problems == {("unknown-country-code", 2, "from"),
                        ("unknown-country-code", 4, "from")}
    assert all(p["file"] == "mix.csv" for p in report["problems"])


@pytest.mark.parametrize("content, problem", [
    ("from,to,value\nKAZ,RUS,1\nKAZ,DEU,x\n", ("bad-number", 3, "value")),
    ('from,to,value\nKAZ,RUS,1\n"KAZ,DEU,2\n', ("csv-syntax", 3, None)),
    ("from,to,value\nKAZ,RUS,1,9\n", ("field-count", 2, None)),
    ("from,to\nKAZ,RUS\n", ("missing-column", 1, "value")),
    ("from,to,value\nKAZ,KAZ,1\n", ("nothing-kept", None, None)),
])
def test_a_refused_import_gives_its_problem_as_json(runner, tmp_path, content, problem):
    result, _ = run(runner, tmp_path, "csv", "bad.csv", content, *EDGE_ARGS, "--json")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.stderr.count("\n") == 1
    report = json.loads(result.stdout)
    assert report["imported"] is False
    [found] = report["problems"]
    assert (found["type"], found["line"], found["field"]) == problem
    assert found["file"] == "bad.csv" and found["message"] in result.stderr
    assert not (tmp_path / "ws").exists() or not Workspace(tmp_path / "ws").manifests()


def test_every_problem_type_the_code_reports_is_registered():
    import re

    from intelmig.validation import PROBLEM_TYPES

    package = ROOT / "graph"
    used = set()
    for path in package.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r'\btype="([a-z0-9-]+)"', text))
        used |= set(re.findall(r'\.add\([^)]*?"([a-z0-9]+(?:-[a-z0-9]+)+)"', text, re.S))
    assert used, "the scan found no problem type at all"
    assert used - set(PROBLEM_TYPES) == set()


# -- numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("cell, value", [
    ("\uff11\uff12", 12.0), ("\u0661\u0662", 12.0), ("1e3", 1000.0), (" 7 ", 7.0),
])
def test_numbers_in_other_digits_are_read_as_meant(runner, tmp_path, cell, value):
    result, _ = run(runner, tmp_path, "csv", "n.csv", f'from,to,value\nKAZ,RUS,"{cell}"\n',
                    *EDGE_ARGS)
    assert result.exit_code == 0, result.output
    assert edges_of(tmp_path)[0]["value"] == value


@pytest.mark.parametrize("cell, why", [
    ("1_000", "'_' is not a digit separator"), ("1,234", "thousands separator"),
    ("12,5", "decimal comma"), ("1 234", "grouped"), ("nan", "is not a number"),
    ("inf", "is not a number"), ("0x10", "is not a number"),
])
def test_numbers_with_separators_are_refused_with_row_and_field(runner, tmp_path, cell, why):
    result, _ = run(runner, tmp_path, "csv", "n.csv",
                    f'from,to,value\nKAZ,DEU,1\nKAZ,RUS,"{cell}"\n', *EDGE_ARGS)
    refused(result, f"n.csv: row 3: field 'value': {cell!r} is not a number", why)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**9), st.sampled_from([",", "_", " ", "\u00a0"]))
def test_a_grouped_number_is_never_a_wrong_number(number, separator):
    import pyarrow as pa
    from intelmig.importers.values import to_numbers

    text = f"{number:,}".replace(",", separator)
    try:
        parsed = to_numbers(pa.array([text]), pa.array([2]), field_name="v",
                            file_name="f.csv").to_pylist()
    except ImportInvalid as err:
        assert "f.csv: row 2: field 'v'" in str(err)
    else:
        assert parsed == [float(number)]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(
    st.sampled_from(["KAZ", "RUS", "DEU", "", "nan", "EUE", "900", "WLD", "kz"]),
    st.sampled_from(["KAZ", "RUS", "DEU", "", "EUE", "5500"]),
    st.sampled_from(["0", "1", "25", ""])), min_size=1, max_size=30))
def test_every_row_is_kept_or_skipped_once_with_its_people(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("rows")
    path = folder / "rows.csv"
    path.write_text("from,to,value\n" + "".join(f"{a},{b},{v}\n" for a, b, v in rows))
    country = {"KAZ": "KAZ", "RUS": "RUS", "DEU": "DEU", "kz": "KAZ"}
    kept = [(a, b, v) for a, b, v in rows if a in country and b in country
            and v not in ("", "0") and country[a] != country[b]]
    try:
        manifest = import_dataset("csv", path, target=None, workspace=Workspace(folder / "ws"),
                                  dataset_id="rows", options={"from": "from", "to": "to",
                                                              "value": "value"})
    except ImportInvalid as err:
        assert not kept and "no edge kept" in str(err)
        return
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report = manifest["report"]
    assert report["edges"] == len(kept)
    empty = sum(row == ("", "", "") for row in rows)  # a line of empty cells is no record
    assert report["ignored_lines"].get("empty", 0) == empty
    assert report["edges"] + sum(s["records"] for s in report["skipped"].values()) == len(
        rows) - empty
    people = sum(float(v) for _, _, v in rows if v)
    kept_people = sum(float(v) for _, _, v in kept)
    assert kept_people + sum(s["people"] for s in report["skipped"].values()) == people


# -- what the user sees ----------------------------------------------------------------------

def test_progress_prints_nothing_when_stderr_is_not_a_terminal(runner, tmp_path):
    import io

    stream = io.StringIO()
    meter = RateMeter("Reading", interval=0, stream=stream)
    meter(10)
    meter.finish()
    assert not meter.shown
    result, _ = run(runner, tmp_path, "csv", "e.csv", "from,to,value\nKAZ,RUS,1\n", *EDGE_ARGS)
    assert result.exit_code == 0 and "\r" not in result.output and "Reading" not in result.output


def test_progress_on_a_terminal_counts_the_files_rows(tmp_path, monkeypatch):
    import io

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    stream = Terminal()
    monkeypatch.setattr("sys.stderr", stream)
    meter = RateMeter("Reading", interval=0, stream=stream)
    path = tmp_path / "wb.csv"
    path.write_text(WB_HEADER + "Russian Federation,RUS,Total,TOT,Belarus,BLR,1,2,3,4,5\n" * 7)
    import_dataset("worldbank", path, target=None, workspace=Workspace(tmp_path / "ws"),
                   progress=meter)
    meter.finish()
    # one wide row holds five decades: the line counts rows of the file, not values
    assert meter.count == 7
    assert stream.getvalue().endswith("\n") and "Reading: 7 rows" in stream.getvalue()


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(sorted(c.alpha_3 for c in __import__("pycountry").historic_countries)))
def test_every_withdrawn_code_is_its_renamed_successor_or_itself(code):
    import pycountry

    state = pycountry.historic_countries.get(alpha_3=code)
    kind, found = CountryResolver().resolve(code)
    assert kind == "country"
    if found != code:  # renamed: a successor that kept the numeric code
        assert pycountry.countries.get(alpha_3=found).numeric == state.numeric


# -- the shared case files themselves (where the shared folder is present) --------------------

CASES = [  # (file, kind, extra args, expected exit code, text the output must hold)
    ("real/scholarly_skip_double_count.csv", "scholarly-flows", [], 0, "non-country areas"),
    ("real/openalex_nan_and_namibia.csv", "scholarly-flows", [], 0, "2 edges"),
    ("real/worldbank_databank_footer.csv", "worldbank", [], 0, "2 footer lines"),
    ("real/worldbank_seed_fallback_and_regions.csv", "worldbank", [], 0, "origin = destination"),
    ("real/undesa_2019_channel_islands.xlsx", "undesa", [], 0, "Imported"),
    ("real/undesa_2019_split_header.xlsx", "undesa", [], 0, "Imported"),
    # The layout is read; its five rows hold no tertiary-educated people (edu_lfs 3), which
    # is all intelmig imports from DIOC, so the import keeps nothing and says why.
    ("real/dioc_2015_16_fileA1_head.csv", "dioc", ["--year", "2015"], 1,
     "5 not highly educated holding 22,110 people"),
    ("real/dioc_native_selfloop.csv", "dioc", ["--year", "2015"], 0, "origin = destination"),
    ("real/persons_same_year_and_predecessor.csv", "persons", ["--rollup"], 0, "predecessor"),
    ("real/csv_cp1252.csv", "csv", ["--from-col", "Origin", "--to-col", "Destination",
                                    "--value-col", "students", "--year-col", "TIME_PERIOD"],
     1, "line 2: byte 0xf4"),
    ("faults/blank_lines.csv", "csv", EDGE_ARGS, 1, "row 5: field 'value'"),
    ("faults/multiline_cell.csv", "csv", EDGE_ARGS, 1, "row 4: field 'value'"),
    ("faults/edges_stray.csv", "csv", EDGE_ARGS, 1, "line 2: cannot read as CSV"),
    ("faults/persons_stray.csv", "persons", [], 1, "line 2: cannot read as CSV"),
    ("faults/typo_m49.csv", "csv", EDGE_ARGS, 1, "'3980'"),
    ("faults/wrong_column.csv", "csv", ["--from-col", "year", "--to-col", "to",
                                        "--value-col", "value"], 1, "'2019'"),
    ("faults/renamed_states.csv", "csv", EDGE_ARGS + ["--year-col", "year"], 0, "4 edges"),
    ("faults/nfd_names.csv", "csv", EDGE_ARGS, 0, "2 edges"),
    ("faults/channel_islands.csv", "csv", EDGE_ARGS, 0, "2 edges"),
    ("faults/selfloop.csv", "csv", EDGE_ARGS + ["--year-col", "year"], 0,
     "1 origin = destination holding 1,000 people"),
    ("faults/zero.csv", "csv", EDGE_ARGS + ["--year-col", "year"], 0, "4 zero counts"),
]


@pytest.mark.skipif(not SHARED.is_dir(), reason="shared/cases is not beside the checkout")
@pytest.mark.parametrize("name, kind, args, code, text", CASES, ids=[c[0] for c in CASES])
def test_shared_case_files(runner, tmp_path, name, kind, args, code, text):
    env = {"INTELMIG_WORKSPACE": str(tmp_path / "ws"), "INTELMIG_DB": str(tmp_path / "db.lbug")}
    result = runner.invoke(cli, ["import", kind, str(SHARED / name), *args, "--no-store"],
                           env=env)
    assert result.exit_code == code, result.output
    assert text in result.output and "Traceback" not in result.output, result.output
    if code == 0:
        [manifest] = Workspace(tmp_path / "ws").manifests()
        assert manifest["edges"] > 0 or kind == "persons"
        json.dumps(manifest, allow_nan=False)


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["KAZ,RUS,5", "KAZ,DEU,7", "", ",,", "   ", "RUS,KAZ,0",
                                 "Data from database: x,,", "KAZ,RUS,5,", "KAZ,RUS"]),
                min_size=1, max_size=40), st.booleans())
def test_the_fast_and_the_line_exact_reader_agree(tmp_path_factory, lines, quoted):
    """Arrow reads quote-free UTF-8 files; one quote sends the file to the csv module."""
    from intelmig.importers.reading import read_csv_batches
    from intelmig.importers.report import ImportReport

    folder = tmp_path_factory.mktemp("agree")
    header = "from,to,value" + (',"note"' if quoted else "")
    body = [line + ("," if quoted and line.count(",") == 2 else "") for line in lines]
    path = folder / "e.csv"
    path.write_text("\n".join([header, *body]) + "\n")
    expected, width = [], 4 if quoted else 3
    for number, line in enumerate(body, start=2):
        cells = line.split(",")
        if not "".join(cells).strip() or (cells[0].startswith("Data from") and
                                          not "".join(cells[1:]).strip()):
            continue
        if len(cells) < width or any(c.strip() for c in cells[width:]):
            expected = None  # refused at this line
            bad = number
            break
        expected.append((number, cells[0], cells[1]))
    report = ImportReport("e.csv")
    try:
        got = [(line, a, b) for rows, batch in read_csv_batches(path, ["from", "to"],
                                                                report=report)
               for line, a, b in zip(rows.to_pylist(), batch.column(0).to_pylist(),
                                     batch.column(1).to_pylist())]
    except ImportInvalid as err:
        assert expected is None and f"e.csv: line {bad}:" in str(err), str(err)
    else:
        assert got == expected
    shutil.rmtree(folder)
