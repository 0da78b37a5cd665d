"""Every named query of cypher/ answers the article's question on the seed graph.

The expected answers are read off the article (paragraph ids in comments), not off the
query output: a change to the seed or a query that contradicts the article fails here.
"""

from __future__ import annotations

import pytest

from intelmig.queries import load_queries

ARTICLE_QUERIES = {
    "stages", "top_recipients", "top_donors", "flows_by_stage", "flows_by_profession",
    "sources_of", "historical_examples", "kazakhstan", "concept_map", "forms_of_brain_drain",
    "assessment_approaches", "estimates", "region_members", "references", "dangerous_losses",
    "events",
}


def ask(store, name, **params):
    query = load_queries()[name]
    return store.run(query.text, query.bind({k: str(v) for k, v in params.items()})).records()


def column(records, name):
    return [r[name] for r in records]


def test_the_library_documents_every_query():
    queries = load_queries()
    assert ARTICLE_QUERIES <= set(queries)
    for query in queries.values():
        assert len(query.description) > 30, query.name


def test_stages_after_maksakovsky(embedded_store):
    # p16-p20: four stages, cited to Maksakovsky [5]
    rows = ask(embedded_store, "stages")
    assert [(r["id"], r["start_year"], r["end_year"]) for r in rows] == [
        ("stage1", 1945, 1949), ("stage2", 1950, 1959), ("stage3", 1960, 1989),
        ("stage4", 1987, None)]
    assert all(r["cites"] == ["ref5"] for r in rows)


@pytest.mark.parametrize("era, expected", [
    ("stage1", ["USA"]),                                   # p17
    ("stage2", ["USA", "AUS", "CAN"]),                     # p18: USA, Canada, Australia
    ("stage3", ["CAN", "GBR", "USA", "AUS"]),              # p19: USA, UK, Canada, Australia
    ("stage4", ["CAN", "DEU", "ISR", "USA", "other_countries"]),  # p20
])
def test_recipients_per_stage(embedded_store, era, expected):
    assert column(ask(embedded_store, "top_recipients", era=era), "destination") == expected


@pytest.mark.parametrize("era, expected", [
    ("stage1", {"DEU"}),                                   # p17: defeated Germany
    ("stage2", {"DEU", "GBR", "ITA", "FRA"}),              # p18
    ("stage3", {"asia", "latin_america", "africa", "developing_countries", "IND", "PHL",
                "CHN", "KOR", "EGY", "DZA", "NGA"}),       # p19
    ("stage4", {"central_eastern_europe", "cis"}),         # p20
])
def test_donors_per_stage(embedded_store, era, expected):
    assert set(column(ask(embedded_store, "top_donors", era=era), "origin")) == expected


def test_stage1_flow_keeps_the_stated_words_and_bounds(embedded_store):
    [flow] = ask(embedded_store, "flows_by_stage", era="stage1")
    assert (flow["origins"], flow["destinations"]) == (["DEU"], ["USA"])
    assert (flow["stated"], flow["low"], flow["high"]) == ("several thousand", 2000, 9999)
    assert sorted(flow["professions"]) == ["physicist (specialist in physics)",
                                           "rocket scientist (specialist in rocket science)"]


def test_stage3_volume_is_a_range(embedded_store):
    flows = {r["flow"]: r for r in ask(embedded_store, "flows_by_stage", era="stage3")}
    big = flows["flow_stage3_developing_to_west"]
    assert (big["low"], big["high"], big["stated"]) == (700000, 800000, "700-800 thousand")


def test_nurses_came_from_the_philippines(embedded_store):
    rows = ask(embedded_store, "flows_by_profession", profession="nurse")
    assert [(r["flow"], r["origins"]) for r in rows] == [("flow_stage3_philippines", ["PHL"])]


def test_sources_of_a_fact_give_kazakh_and_english(embedded_store):
    rows = ask(embedded_store, "sources_of", id="stage2")
    assert column(rows, "passage") == ["p16", "p18"]
    assert rows[0]["references"] == ["ref5"]
    assert "Максаковский" in rows[0]["text_kk"] and "Maksakovsky" in rows[0]["text_en"]


def test_historical_examples_by_century(embedded_store):
    rows = ask(embedded_store, "historical_examples")
    by_id = {r["example"]: r for r in rows}
    leonardo = by_id["flow_leonardo_ita_fra"]
    assert (leonardo["century"], leonardo["origins"], leonardo["destinations"]) == (
        16, ["ITA"], ["FRA"])
    assert leonardo["persons"] == ["Leonardo da Vinci"]
    assert by_id["flow_18c_specialists_to_russia"]["destinations"] == ["RUS"]
    assert by_id["flow_18c_specialists_to_russia"]["cites"] == ["ref4"]
    assert by_id["flow_students_to_liebig_laboratory"]["destinations"] == ["DEU"]
    assert by_id["flow_students_to_pasteur_institute"]["destinations"] == ["FRA"]
    assert column(rows, "century") == sorted(column(rows, "century"))
    only_18 = ask(embedded_store, "historical_examples", century=18)
    assert column(only_18, "example") == ["flow_18c_specialists_to_russia"]


def test_kazakhstan_shift_to_temporary_labour_migration(embedded_store):
    ids = set(column(ask(embedded_store, "kazakhstan"), "id"))
    assert {"event_kaz_shift_to_temporary_migration", "brain_circulation",
            "flow_kaz_brain_circulation_out", "flow_kaz_brain_circulation_return"} <= ids


def test_concept_map_relates_the_figure_terms(embedded_store):
    edges = {(r["concept"], r["relation"], r["related"])
             for r in ask(embedded_store, "concept_map")}
    for term in ("brain_exchange", "brain_mobility", "internal_brain_drain"):  # Figure 1
        assert (term, "term_for", "intellectual_migration") in edges
    assert ("brain_gain", "reframes", "brain_drain") in edges
    assert ("intellectual_migration_narrow", "narrow_sense_of", "intellectual_migration") in edges
    assert ("student_migration", "included_in", "intellectual_migration_broad") in edges


def test_six_forms_in_order(embedded_store):
    rows = ask(embedded_store, "forms_of_brain_drain")
    assert column(rows, "ordinal") == [1, 2, 3, 4, 5, 6]
    assert rows[0]["id"] == "form_external_migration"
    assert rows[5]["id"] == "form_virtual_mobility" and rows[5]["physical_move"] is False
    assert set(column(rows, "form_of")) == {"brain_drain"}


def test_four_assessment_approaches_of_figure_2(embedded_store):
    rows = ask(embedded_store, "assessment_approaches")
    assert column(rows, "id") == ["approach_brain_drain", "approach_brain_circulation",
                                  "approach_brain_gain", "approach_brain_waste"]


def test_estimates_are_bounds_not_points(embedded_store):
    rows = {r["id"]: r for r in ask(embedded_store, "estimates")}
    un = rows["est_un_intellectual_migration_2m"]
    assert (un["low"], un["high"], un["cites"]) == (2000000, None, ["ref6"])  # p21
    chemists = rows["est_german_chemists_share"]
    assert chemists["stated_en"] == "nearly half" and chemists["low"] < chemists["high"]


def test_region_members_are_marked_editorial_or_stated(embedded_store):
    rows = ask(embedded_store, "region_members", region="cis")
    assert [(r["member"], r["basis"]) for r in rows] == [("KAZ", "editorial"),
                                                         ("RUS", "editorial")]


def test_references_one_to_eight(embedded_store):
    rows = ask(embedded_store, "references")
    assert column(rows, "number") == list(range(1, 9))
    authors = {r["id"]: r["authors"] for r in rows}
    assert authors["ref1"] == ["I.G. Dezhina"]
    assert authors["ref5"] == ["V.P. Maksakovsky"]
    assert authors["ref8"] == ["A. Saxenian"]


def test_two_kinds_of_dangerous_losses(embedded_store):
    rows = {r["group_id"]: r for r in ask(embedded_store, "dangerous_losses")}
    assert {"production engineer", "nurse", "farmer", "doctor (physician)"} == set(
        rows["mid_level_specialists"]["professions"])               # p36
    # p37 names no members of the leading researchers: they are researchers, not a group of them
    assert rows["leading_researchers_science_culture"]["professions"] == []


def test_events_in_time_order(embedded_store):
    rows = ask(embedded_store, "events")
    dated = [r for r in rows if r["year"] is not None]
    assert dated[0]["id"] == "event_manifesto_1702" and dated[0]["date"] == "1702-04-16"
    years = {r["id"]: r["year"] for r in dated}
    assert years["event_royal_society_report_1962"] == 1962
    assert column(dated, "year") == sorted(column(dated, "year"))
