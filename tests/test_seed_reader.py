"""The seed reader points at the faulty line; the derived edges follow the stated rules."""

import textwrap

from hypothesis import given, settings
from hypothesis import strategies as st

from intelmig.dataset import Dataset
from intelmig.seed import derive_edges, read_seed

SEED = textwrap.dedent("""\
    nodes:
      - id: p01
        label: Passage
        name_en: P1
        name_kk: П1
        text_kk: мәтін
        text_en: text
      - id: flow_x
        label: Flow
        name_en: A flow
        name_kk: Ағын
        origins:
          - DEU
          - FRANCE
        destinations: [USA]
        passages:
          - p01
          - p99
      - {id: DEU, label: Country, name_en: Germany, name_kk: Германия, passages: [p01]}
      - {id: USA, label: Country, name_en: USA, name_kk: АҚШ, passages: [p01]}
    """)


def test_a_dangling_id_in_a_list_is_reported_at_its_own_line(tmp_path):
    (tmp_path / "flows.yaml").write_text(SEED, encoding="utf-8")
    _dataset, report = read_seed([tmp_path])
    found = {(p.type, p.field, p.line) for p in report.problems}
    # "p99" is on line 18, "FRANCE" on line 14; their entry starts on line 8.
    assert ("dangling-reference", "passages", 18) in found
    assert ("dangling-reference", "origins", 14) in found
    assert len(report.problems) == 2


CODES = ["AAA", "BBB", "CCC", "DDD", "EEE"]


@settings(max_examples=60, deadline=None)
@given(origins=st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True),
       destinations=st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True),
       low=st.integers(0, 10**6), extra=st.integers(0, 10**6))
def test_a_flow_becomes_one_edge_per_distinct_pair_with_its_bounds_unsplit(
        origins, destinations, low, extra):
    ds = Dataset()
    for code in CODES:
        ds.add_node("Country", {"id": code})
    ds.add_node("Flow", {"id": "f"})
    for code in origins:
        ds.add_rel("FROM", "Flow", "f", "Country", code, {})
    for code in destinations:
        ds.add_rel("TO", "Flow", "f", "Country", code, {})
    labels = {n.id: n.label for n in ds.nodes}
    rels, loops = derive_edges(ds.nodes, ds.rels, labels,
                               [("f", {"low": low, "high": low + extra})])
    moves = [r for r in rels if r[0] == "MIGRATED_TO"]
    expected = {(o, d) for o in origins for d in destinations if o != d}
    assert {(r[2], r[4]) for r in moves} == expected
    assert len(moves) == len(expected)
    assert {place for _f, place in loops} == set(origins) & set(destinations)
    for move in moves:
        assert move[5]["pairs"] == len(origins) * len(destinations)
        assert (move[5]["low"], move[5]["high"]) == (float(low), float(low + extra))
