"""Each kind of seed problem is reported with file, line, field and a stable type."""

from __future__ import annotations

import json

import pytest

from intelmig.cli import cli
from intelmig.errors import SeedInvalid
from intelmig.seed import load_seed, read_seed

from .conftest import FIXTURES

BROKEN = FIXTURES / "broken"


def problems(name):
    return problems_of(BROKEN / name)


def problems_of(path):
    _dataset, report = read_seed([path])
    return [(p.line, p.field, p.type) for p in report.problems]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("dangling.yaml", [(7, "origins", "dangling-reference"),
                           (8, "destinations", "dangling-reference"),
                           (11, "from", "dangling-reference")]),
        ("duplicate.yaml", [(4, "id", "duplicate-id")]),
        ("country_code.yaml", [(3, "id", "unknown-country-code")]),
        ("years.yaml", [(3, "start_year", "bad-year-range"),
                        (5, "start_year", "year-out-of-range")]),
        ("bounds.yaml", [(8, "low", "low-greater-than-high"),
                         (15, "low", "negative-quantity")]),
        ("provenance.yaml", [(3, "passages", "missing-provenance"),
                             (4, "note", "missing-provenance"),
                             (6, "passages", "missing-provenance")]),
        ("typos.yaml", [(3, "label", "unknown-label"),
                        (4, "iso_2", "unknown-property"),
                        (4, "m49", "bad-type"),
                        (6, "name_kk", "missing-name"),
                        (8, "type", "unknown-relationship-type"),
                        (9, "to", "bad-endpoints")]),
        ("syntax.yaml", [(3, None, "yaml-syntax")]),
    ],
)
def test_every_problem_is_reported_with_its_line_and_field(name, expected):
    assert problems(name) == expected


def test_hints_say_how_to_fix():
    _dataset, report = read_seed([BROKEN / "typos.yaml"])
    hints = {p.type: p.hint for p in report.problems}
    assert hints["unknown-label"] == "did you mean 'Country'?"
    assert hints["unknown-relationship-type"] == "did you mean 'PART_OF'?"
    assert "Country->Region" in hints["bad-endpoints"]


def test_historical_states_are_valid_country_codes():
    assert not any(p[2] == "unknown-country-code" and p[0] == 4
                   for p in problems("country_code.yaml"))


def test_load_seed_raises_with_the_first_problem_and_a_count():
    with pytest.raises(SeedInvalid) as err:
        load_seed([BROKEN / "bounds.yaml"])
    assert str(err.value) == (
        f"invalid seed: {BROKEN / 'bounds.yaml'}:8: low: low 800000 is greater than high 700000 "
        "(low-greater-than-high; fix: swap the bounds) (and 1 more problem(s); run "
        "`intelmig validate` to see all)"
    )


def test_validate_reports_all_files_at_once(runner):
    result = runner.invoke(cli, ["validate", str(BROKEN / "bounds.yaml"),
                                 str(BROKEN / "years.yaml")])
    assert result.exit_code == 1
    # both files define p01, so the duplicate across files is the fifth problem
    assert "invalid: 5 problem(s) in 2 file(s)" in result.output
    assert f"{BROKEN / 'years.yaml'}:2: id: id 'p01' is already used" in result.output
    assert f"{BROKEN / 'years.yaml'}:5: start_year: start_year 19600" in result.output


def test_validate_json_is_machine_readable(runner):
    result = runner.invoke(cli, ["validate", "--json", str(BROKEN / "duplicate.yaml")])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["problems"] == [{
        "file": str(BROKEN / "duplicate.yaml"), "line": 4, "field": "id",
        "type": "duplicate-id",
        "message": f"id 'KAZ' is already used at {BROKEN / 'duplicate.yaml'}:3",
        "hint": "give every node its own id",
    }]


def test_validate_accepts_a_valid_seed(runner):
    result = runner.invoke(cli, ["validate", str(FIXTURES / "minimal_seed.yaml")])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "valid: 1 file(s), no problems"


def test_non_utf8_file_is_one_problem(tmp_path):
    path = tmp_path / "cp1251.yaml"
    path.write_bytes("nodes:\n  - {id: KAZ, name_kk: Қазақстан}\n".encode()
                     .replace("Қ".encode(), "К".encode("cp1251")))
    _dataset, report = read_seed([path])
    assert [(p.type, p.line) for p in report.problems] == [("encoding-error", None)]


def test_flow_expands_into_relationships_and_pairs():
    dataset = load_seed([FIXTURES / "minimal_seed.yaml"])
    rels = {(r.type, r.from_id, r.to_id) for r in dataset.rels}
    assert {("FROM", "flow1", "DEU"), ("TO", "flow1", "USA"), ("DURING", "flow1", "stage1"),
            ("MIGRATED_TO", "DEU", "USA"), ("STATED_IN", "DEU", "p01"),
            ("CITES", "p01", "ref5")} <= rels
    migrated = next(r for r in dataset.rels if r.type == "MIGRATED_TO")
    assert migrated.props["low"] == 2000.0 and migrated.props["pairs"] == 1
    assert migrated.props["era"] == "stage1"


def test_a_flow_that_ends_before_it_starts_is_refused(tmp_path):
    text = (FIXTURES / "minimal_seed.yaml").read_text(encoding="utf-8").replace(
        "    era: stage1\n", "    era: stage1\n    year_start: 1948\n    year_end: 1946\n")
    (tmp_path / "seed.yaml").write_text(text, encoding="utf-8")
    _dataset, report = read_seed([tmp_path / "seed.yaml"])
    line = text.splitlines().index("    year_start: 1948") + 1
    assert [(p.line, p.field, p.type) for p in report.problems] == [
        (line, "year_start", "bad-year-range")]


@pytest.mark.parametrize("text", ["- KAZ\n- RUS\n", "just text\n"])
def test_a_file_that_is_not_a_mapping_is_reported_at_line_1(tmp_path, text):
    (tmp_path / "seed.yaml").write_text(text, encoding="utf-8")
    assert problems_of(tmp_path / "seed.yaml") == [(1, None, "bad-file-structure")]


@pytest.mark.parametrize("value, valid", [(2**63 - 1, True), (2**63, False),
                                          (-(2**63), True), (-(2**63) - 1, False)])
def test_whole_numbers_must_fit_in_64_bits(tmp_path, value, valid):
    text = (FIXTURES / "minimal_seed.yaml").read_text(encoding="utf-8")
    text = text.replace("    ordinal: 1\n", f"    ordinal: {value}\n")
    (tmp_path / "seed.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"    ordinal: {value}") + 1
    assert problems_of(tmp_path / "seed.yaml") == ([] if valid else [(line, "ordinal", "bad-type")])


@pytest.mark.parametrize("year, valid", [(-3000, True), (-3001, False), (2100, True),
                                         (2101, False)])
def test_years_must_lie_between_3000_bc_and_2100(tmp_path, year, valid):
    text = (FIXTURES / "minimal_seed.yaml").read_text(encoding="utf-8").replace(
        "    era: stage1\n", f"    era: stage1\n    year_start: {year}\n")
    (tmp_path / "seed.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index(f"    year_start: {year}") + 1
    assert problems_of(tmp_path / "seed.yaml") == (
        [] if valid else [(line, "year_start", "year-out-of-range")])
