"""The analytics give the same answers from a real Neo4j as from the embedded store."""

from __future__ import annotations

import math

import pytest
from intelmig.analytics import corridors, hubs, timeline


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
