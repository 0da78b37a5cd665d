"""Every node has a `name` (its English display name), seeded or imported, on both stores."""

from __future__ import annotations

import pytest

from intelmig.errors import SeedInvalid
from intelmig.schema import LABELS
from intelmig.seed import load_seed


def test_every_seed_node_has_its_english_name_as_name(seed_dataset):
    for node in seed_dataset.nodes:
        assert node.props["name"] == node.props["name_en"], node.id
        assert node.props["name_kk"], node.id  # the Kazakh name stays


def test_name_is_a_property_of_every_label():
    assert all("name" in label.prop_names for label in LABELS.values())


def test_kazakhstan_is_found_by_name_and_names_order(embedded_store):
    rows = embedded_store.run(
        "MATCH (c:Country {name: $name}) RETURN c.id AS id, c.name_kk AS kk",
        {"name": "Kazakhstan"}).rows
    assert rows == [["KAZ", "Қазақстан"]]
    names = [r[0] for r in embedded_store.run(
        "MATCH (c:Country) RETURN c.name AS name ORDER BY name").rows]
    assert names == sorted(names) and len(names) == sum(
        1 for n in load_seed().nodes if n.label == "Country")
    assert embedded_store.run("MATCH (n) WHERE n.name IS NULL RETURN count(n)").rows == [[0]]


def test_a_seed_entry_may_not_set_name_itself(tmp_path):
    (tmp_path / "places.yaml").write_text(
        "nodes:\n"
        "  - {id: p01, label: Passage, name_en: P1, name_kk: П1, text_kk: т, text_en: t}\n"
        "  - {id: KAZ, label: Country, name: Kazakhstan, name_en: Kazakhstan,\n"
        "     name_kk: Қазақстан, passages: [p01]}\n", encoding="utf-8")
    with pytest.raises(SeedInvalid) as err:
        load_seed([tmp_path])
    assert "places.yaml:3" in str(err.value) and "`name` is derived" in str(err.value)


def test_imported_countries_and_persons_have_names(tmp_path, runner):
    from intelmig.cli import cli
    from intelmig.stores.embedded import EmbeddedStore

    from .conftest import FIXTURES

    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    result = runner.invoke(cli, ["import", "persons", str(FIXTURES / "importers" / "persons.csv"),
                                 "--dataset-id", "people"], env=env)
    assert result.exit_code == 0, result.output
    with EmbeddedStore(tmp_path / "db.lbug") as store:
        person = store.run("MATCH (p:Person {name: 'Albert Einstein'}) RETURN p.id").rows
        # CHE is not in the seed: the import created it, named from ISO 3166 (pycountry)
        swiss = store.run("MATCH (c:Country {id: 'CHE'}) RETURN c.name").rows
        source = store.run("MATCH (s:Source {id: 'people'}) RETURN s.name = s.title").rows
        unnamed = store.run("MATCH (n) WHERE n.name IS NULL RETURN count(n)").rows
    assert person == [["Q937"]]
    assert swiss == [["Switzerland"]]
    assert source == [[True]]
    assert unnamed == [[0]]
