"""What every store promises, run once on the embedded file and once on a real Neo4j.

Each test takes the parametrised ``store`` fixture (both backends hold exactly the seed);
expected values come from the seed files read in Python, never from a store, except where
the promise is that the two backends agree.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from intelmig.analytics import corridors, hubs, timeline
from intelmig.errors import ParameterError
from intelmig.export.slicing import Slice, select


def test_the_store_holds_exactly_the_seed(store, seed_dataset):
    counts = store.counts()
    stored_nodes = {label: n for label, n in counts["nodes"].items() if n}
    stored_rels = {rel: n for rel, n in counts["relationships"].items() if n}
    assert stored_nodes == dict(Counter(node.label for node in seed_dataset.nodes))
    assert stored_rels == dict(Counter(rel.type for rel in seed_dataset.rels))


def test_to_networkx_gives_every_node_and_relationship(store, seed_dataset):
    graph = store.to_networkx()
    assert graph.number_of_nodes() == len(seed_dataset.nodes)
    assert Counter(d["type"] for *_, d in graph.edges(data=True)) == Counter(
        rel.type for rel in seed_dataset.rels)


@pytest.mark.parametrize("slice_", [Slice(era="stage2"), Slice(year_from=1960, year_to=1989),
                                    Slice(year_from=2005)])
def test_a_slice_filtered_by_the_store_equals_filtering_the_whole_graph(store, slice_):
    from .test_export_helpers import assert_same_graph

    assert_same_graph(store.to_networkx(slice_), select(store.to_networkx(), slice_))


@pytest.mark.parametrize("value", ["Қазақстан", "a'b\"c\\\\d", "}) MATCH (n) DETACH DELETE n //",
                                   "\u0000x", ""])
def test_a_parameter_is_data_whatever_it_holds(store, value):
    assert store.run("RETURN $v AS v", {"v": value}).rows == [[value]]


def test_a_missing_parameter_is_a_parameter_error_not_a_null(store):
    # LadybugDB alone would read $country as null and answer "no rows".
    with pytest.raises(ParameterError, match=r"\$country, which was not given"):
        store.run("MATCH (c:Country {id: $country}) RETURN c.id", {"id": "KAZ"})
    assert store.run("RETURN '$country' AS text").rows == [["$country"]]


def test_results_are_plain_records(store):
    result = store.run("MATCH (c:Country {id: $id}) RETURN c.id AS id, c.name_en AS name",
                       {"id": "KAZ"})
    assert result.to_records() == [{"id": "KAZ", "name": "Kazakhstan"}]


def _comparable(rows):
    result = []
    for row in rows:
        record = row.to_dict()
        for key, value in record.items():
            if isinstance(value, float) and not math.isinf(value):
                record[key] = round(value, 9)
        result.append(record)
    return result


@pytest.mark.parametrize("level", ["country", "region"])
@pytest.mark.parametrize("era", ["stage1", "stage2", "stage3", "stage4", None])
def test_hubs_and_corridors_agree_on_both_stores(embedded_store, neo4j_store, era, level):
    for compute in (hubs, corridors):
        _g1, embedded_rows = compute(embedded_store, era=era, level=level)
        _g2, neo4j_rows = compute(neo4j_store, era=era, level=level)
        assert embedded_rows, f"{compute.__name__} {era} {level} is empty"
        assert _comparable(embedded_rows) == _comparable(neo4j_rows)


def test_timeline_agrees_on_both_stores(embedded_store, neo4j_store):
    labels, rows = timeline(embedded_store)
    assert timeline(neo4j_store) == (labels, rows)


def test_cli_hubs_on_neo4j(runner, neo4j_store, neo4j_env):
    from intelmig.cli import cli

    result = runner.invoke(cli, ["hubs", "--era", "stage1", "--csv"])
    assert result.exit_code == 0, result.output
    assert "USA" in result.output and "DEU" in result.output


@pytest.mark.parametrize("query, params", [
    ("analytics_pair_weights_country", {}),
    ("analytics_pair_weights_country", {"era": "no such era"}),  # an empty answer
    ("analytics_places", {"ids": ["KAZ", "USA", "central_eastern_europe", "nowhere"]}),
    ("MATCH (c:Country {id: $id}) RETURN c AS node, c.id AS id", {"id": "KAZ"}),
    # long enough for the embedded store's Arrow path (ARROW_MIN_ROWS)
    ("MATCH (c:Country) WITH count(c) AS n UNWIND range(1, 6000) AS x "
     "RETURN x + n AS x, toFloat(x) / 2 AS half, toString(x) AS text, "
     "CASE WHEN x % 7 = 0 THEN null ELSE x > 3 END AS flag", {}),
])
def test_columns_are_the_rows_of_run_column_by_column(store, query, params):
    from intelmig.queries import get_query

    if query.startswith("analytics_"):
        named = get_query(query)
        query, params = named.text, {**named.bind({}), **params}
    result = store.run(query, params)
    columns = store.run_columns(query, params)
    assert list(columns) == result.columns
    assert all(len(values) == len(result.rows) for values in columns.values())
    # Aggregates come in no stated order: the same rows, in any order.
    assert sorted(map(repr, zip(*columns.values()))) == sorted(repr(tuple(row))
                                                              for row in result.rows)
