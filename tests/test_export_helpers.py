"""A small seed for the export tests: four post-1945 stages, countries, regions, flows.

It holds the hard cases on purpose: a reference with only a number and a
citation (no authors/year), hostile text (quotes, backslashes, a Cypher
injection attempt, LaTeX and XML specials, Kazakh), a shared volume over two pairs, a
qualitative flow without bounds and an ongoing era without an end year.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from intelmig.seed import load_seed
from intelmig.stores.embedded import EmbeddedStore, build_database

HOSTILE = ("O'Brien \"quoted\" \\ back }) DETACH DELETE n // & 50% $x_1 #{~^} "
           "<i>x</i> a<b Қазақ 🇰🇿")

SEED = """
nodes:
  - {id: p01, label: Passage, name_en: P1, name_kk: П1, ordinal: 1, text_kk: мәтін,
     text_en: "first paragraph", cites: [ref1, ref2]}
  - {id: p02, label: Passage, name_en: P2, name_kk: П2, ordinal: 2, text_kk: "екі\\nжол",
     text_en: "second\\nparagraph", cites: [ref2]}
  - {id: ref1, label: Source, name_en: Reference 1, name_kk: Сілтеме 1, number: 1,
     source_type: reference, citation: "Maksakova L. P. Migration & {brain} drain, 2001.",
     editorial: true, note: only the citation text is known}
  - {id: ref2, label: Source, name_en: Reference 2, name_kk: Сілтеме 2, number: 2,
     source_type: reference, authors: ["Docquier, F.", "Rapoport, H."],
     title: "Globalization, brain drain, and development", year: 2012,
     url: "https://doi.org/10.1257/jel.50.3.681", editorial: true,
     note: the reference list of the article}
  - {id: stage1, label: Era, name_en: Stage 1, name_kk: 1-кезең, ordinal: 1,
     scheme: test, start_year: 1945, end_year: 1959, passages: [p01]}
  - {id: stage2, label: Era, name_en: Stage 2, name_kk: 2-кезең, ordinal: 2,
     scheme: test, start_year: 1960, end_year: 1979, passages: [p01]}
  - {id: stage3, label: Era, name_en: Stage 3, name_kk: 3-кезең, ordinal: 3,
     scheme: test, start_year: 1980, end_year: 1999, passages: [p01]}
  - {id: stage4, label: Era, name_en: Stage 4, name_kk: 4-кезең, ordinal: 4,
     scheme: test, start_year: 2000, passages: [p01]}
  - {id: europe, label: Region, name_en: Europe, name_kk: Еуропа, region_type: continent,
     editorial: true, note: UN M49 membership}
  - {id: americas, label: Region, name_en: Americas, name_kk: Америка, region_type: continent,
     editorial: true, note: UN M49 membership}
  - {id: asia, label: Region, name_en: Asia, name_kk: Азия, region_type: continent,
     editorial: true, note: UN M49 membership}
  - {id: DEU, label: Country, name_en: Germany, name_kk: Германия, iso2: DE, m49: 276,
     historical: false, editorial: true, note: ISO codes, links: [{type: PART_OF, to: europe}]}
  - {id: GBR, label: Country, name_en: United Kingdom, name_kk: Ұлыбритания, iso2: GB,
     editorial: true, note: ISO 3166 codes, links: [{type: PART_OF, to: europe}]}
  - {id: USA, label: Country, name_en: United States, name_kk: АҚШ, iso2: US,
     editorial: true, note: ISO 3166 codes, links: [{type: PART_OF, to: americas}]}
  - {id: CAN, label: Country, name_en: Canada, name_kk: Канада, iso2: CA,
     editorial: true, note: ISO 3166 codes, links: [{type: PART_OF, to: americas}]}
  - {id: IND, label: Country, name_en: India, name_kk: Үндістан, iso2: IN,
     editorial: true, note: ISO 3166 codes, links: [{type: PART_OF, to: asia}]}
  - {id: KAZ, label: Country, name_en: Kazakhstan, name_kk: Қазақстан, iso2: KZ,
     editorial: true, note: "%(hostile)s", links: [{type: PART_OF, to: asia}]}
  - {id: physicist, label: Profession, name_en: physicist, name_kk: физик, is_group: false,
     passages: [p01]}
  - {id: brain_drain, label: Concept, name_en: brain drain, name_kk: ақыл-ой кетуі,
     term_en: brain drain, passages: [p01], cites: [ref1]}
  - {id: f1, label: Flow, name_en: German physicists to the USA, name_kk: ағын 1,
     origins: [DEU], destinations: [USA], era: stage1, professions: [physicist],
     illustrates: [brain_drain], measure: flow, stated_kk: бірнеше мың,
     stated_en: several thousand, low: 2000, high: 9999, unit: persons,
     passages: [p01], cites: [ref1]}
  - {id: f2, label: Flow, name_en: British scientists to North America, name_kk: ағын 2,
     origins: [GBR], destinations: [USA, CAN], era: stage2, measure: flow,
     stated_en: about 7000, low: 6000, high: 8000, unit: persons, passages: [p02],
     cites: [ref2]}
  - {id: f3, label: Flow, name_en: Indian engineers to the USA, name_kk: ағын 3,
     origins: [IND], destinations: [USA], era: stage3, year_start: 1990, year_end: 1999,
     measure: flow, stated_en: tens of thousands, low: 20000, high: 90000, unit: persons,
     passages: [p02], cites: [ref2]}
  - {id: f4, label: Flow, name_en: Emigration from Kazakhstan, name_kk: ағын 4,
     origins: [KAZ], destinations: [DEU], era: stage4, measure: qualitative,
     passages: [p02], note: "%(hostile)s"}
  - {id: f5, label: Flow, name_en: Kazakh specialists to Britain, name_kk: ағын 5,
     origins: [KAZ], destinations: [GBR, USA], era: stage4, year_start: 2005, measure: flow,
     stated_en: more than 500, low: 500, unit: persons, passages: [p02], cites: [ref2]}
  - {id: e1, label: Event, name_en: Royal Society report, name_kk: баяндама, year: 1963,
     event_type: report, passages: [p01], links: [{type: DURING, to: stage2}]}
"""


def write_seed(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "export.yaml").write_text(SEED % {"hostile": HOSTILE.replace("\\", "\\\\")
                                                .replace('"', '\\"')}, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def export_dataset(tmp_path_factory):
    return load_seed([write_seed(tmp_path_factory.mktemp("export_seed"))])


@pytest.fixture(scope="session")
def export_db(tmp_path_factory, export_dataset) -> Path:
    path = tmp_path_factory.mktemp("export_db") / "export.lbug"
    build_database(path, export_dataset)
    return path


@pytest.fixture(scope="session")
def export_graph(export_db):
    """The whole knowledge graph of the fixture seed, as the store gives it."""
    with EmbeddedStore(export_db) as store:
        return store.to_networkx()


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def assert_same_graph(actual, expected):
    """Equal nodes with equal attributes, and equal multisets of attributed edges."""
    assert dict(actual.nodes(data=True)) == dict(expected.nodes(data=True))

    def edges(g):
        return Counter((u, v, frozenset((k, _frozen(x)) for k, x in d.items()))
                       for u, v, d in g.edges(data=True))
    assert edges(actual) == edges(expected)


def test_graphml_and_gexf_drop_every_character_xml_1_0_forbids(tmp_path):
    import networkx as nx
    from lxml import etree

    from intelmig.export.gexf import write_gexf
    from intelmig.export.graphml import write_graphml

    hostile = "A\x01B\x0bC\ufffeD\uffffE\ud800F"
    graph = nx.MultiDiGraph()
    graph.add_node("KAZ", label="Country", name_en=hostile, kind="Country")
    graph.add_node("USA", label="Country", name_en="USA", kind="Country")
    graph.add_edge("KAZ", "USA", type="MIGRATED_TO", note=hostile)
    for write, name in ((write_graphml, "g.graphml"), (write_gexf, "g.gexf")):
        write(graph, tmp_path / name)
        text = etree.tostring(etree.parse(str(tmp_path / name)), encoding="unicode")
        assert "ABCDEF" in text, name


def test_json_output_is_strict_json(runner, db_env):
    import json

    from intelmig.cli import cli

    def refuse(constant):
        raise AssertionError(f"{constant} is not JSON")

    for args in (["hubs", "--json"], ["corridors", "--json"], ["query", "--name", "estimates",
                                                                "--json"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, result.output
        json.loads(result.output, parse_constant=refuse)
