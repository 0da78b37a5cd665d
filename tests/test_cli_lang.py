"""``--lang en|kk|ru`` of the console tables: words from the catalogue, names from the seed.

Expected words are read here, independently of intelmig: the seed's own ``name_kk`` /
``name_ru`` and era years from ``seed/*.yaml`` with PyYAML, the table words from
``locale/{kk,ru}.po`` with Babel, numbers as CLDR writes them with Babel, country names
outside the seed from pycountry's ISO 3166 catalogues. JSON and CSV must not change.
"""

from __future__ import annotations

import gettext as stdlib_gettext
import json
import re
from importlib import resources
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from intelmig.cli import cli

SEED = Path(__file__).resolve().parents[1] / "seed"
HUB_COLUMNS = ["role", "rank", "place", "name", "in", "out", "net", "gross", "effectiveness",
               "partners", "rank_partners", "pagerank", "betweenness", "flows"]
CORRIDOR_COLUMNS = ["rank", "from", "to", "volume", "reverse", "net", "gross",
                    "effectiveness", "circulation", "flows"]


def seed_nodes() -> dict:
    nodes = {}
    for path in SEED.glob("*.yaml"):
        for node in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nodes", []):
            nodes[node["id"]] = node
    return nodes


def catalogue(lang: str) -> dict:
    from babel.messages.pofile import read_po

    with resources.files("intelmig.i18n").joinpath("locale", f"{lang}.po").open("rb") as po:
        return {m.id: m.string for m in read_po(po, locale=lang) if m.id and m.string}


def cldr(value: float, lang: str) -> str:
    """CLDR's digits; the console table shows the no-break group space as a space."""
    from babel.numbers import format_decimal

    text = format_decimal(value, format="#,##0", locale=lang)
    return text.replace("-", "\u2212").replace("\xa0", " ")


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env)


def cells(line: str) -> list[str]:
    """The cells of one console table line (columns are two or more spaces apart)."""
    return re.split(r" {2,}", line.strip())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_hubs_table_in_the_language_with_the_seeds_own_names(db_env, lang):
    words, nodes = catalogue(lang), seed_nodes()
    result = run("hubs", "--era", "stage3", "--lang", lang)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    era = nodes["stage3"]
    assert lines[0] == words["Hubs of {slice}; measure {measure}; source {source}; "
                             "level {level}"].format(
        slice=f"{era[f'name_{lang}']} ({era['start_year']}–{era['end_year']})",
        measure=words["flow"], source=words["the article (seed)"], level=words["country"])
    assert cells(lines[2]) == [words[c] for c in HUB_COLUMNS]

    records = json.loads(run("hubs", "--era", "stage3", "--json").output)
    rows = [cells(line) for line in lines[4:4 + len(records)]]
    assert len(rows) == len(records)
    for record, row in zip(records, rows, strict=True):
        node = nodes[record["place"]]
        assert row[:4] == [words[record["role"]], row[1], record["place"], node[f"name_{lang}"]]
        if record["in_low"] == record["in_high"]:
            assert row[4] == cldr(record["in_low"], lang)
        elif record["in_high"] is not None:
            assert row[4] == f"{cldr(record['in_low'], lang)}..{cldr(record['in_high'], lang)}"
    assert {r[0] for r in rows} == {words["recipient"], words["donor"]}
    # the seed names its places in the language: USA as the article writes it
    assert nodes["USA"][f"name_{lang}"] in {r[3] for r in rows}
    assert "United States" not in result.output and "recipient" not in result.output


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_json_and_csv_stay_english_whatever_the_language(db_env, lang):
    for command in (["hubs", "--era", "stage3"], ["corridors", "--era", "stage2"],
                    ["timeline"], ["hubs"], ["info"], ["datasets"]):
        for fmt in ("--json", "--csv"):
            english = run(*command, fmt)
            assert english.exit_code == 0, english.output
            assert run(*command, fmt, "--lang", lang).output == english.output, command
            assert run(*command, fmt, env={"INTELMIG_LANG": lang}).output == english.output


def test_the_language_comes_from_intelmig_lang(db_env):
    words = catalogue("ru")
    result = run("corridors", "--era", "stage2", env={"INTELMIG_LANG": "ru"})
    assert result.exit_code == 0, result.output
    assert cells(result.output.splitlines()[2]) == [words[c] for c in CORRIDOR_COLUMNS]
    assert run("corridors", "--era", "stage2", "--lang", "en",
               env={"INTELMIG_LANG": "ru"}).output.splitlines()[2].split() == CORRIDOR_COLUMNS


def test_english_stays_the_default(db_env):
    result = run("hubs", "--era", "stage3")
    assert cells(result.output.splitlines()[2]) == HUB_COLUMNS
    assert result.output.splitlines()[0].startswith("Hubs of era stage3; measure flow; ")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_kazakhstan_and_a_country_outside_the_seed(tmp_path, lang):
    """Қазақстан from the seed's name_kk; Kyrgyzstan (not in the seed) from pycountry."""
    import pycountry

    flows = tmp_path / "flows.csv"
    flows.write_text("from,to,n,year\nKAZ,RUS,120,2021\nKGZ,KAZ,4500,2021\n")
    env = {"INTELMIG_DB": str(tmp_path / "db.lbug"), "INTELMIG_WORKSPACE": str(tmp_path / "ws")}
    imported = run("import", "csv", str(flows), "--dataset-id", "tiny", "--from-col", "from",
                   "--to-col", "to", "--value-col", "n", "--year-col", "year", env=env)
    assert imported.exit_code == 0, imported.output
    result = run("hubs", "--year", "2021", "--dataset", "tiny", "--lang", lang, env=env)
    assert result.exit_code == 0, result.output
    words = catalogue(lang)
    kazakhstan = seed_nodes()["KAZ"][f"name_{lang}"]
    kyrgyzstan = stdlib_gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                            languages=[lang]).gettext("Kyrgyzstan")
    assert kyrgyzstan != "Kyrgyzstan"
    rows = {(r[0], r[2]): r for r in map(cells, result.output.splitlines()[4:])}
    kaz = rows[(words["donor"], "KAZ")]
    # KAZ: in 4,500, out 120, net 4,380, gross 4,620 (by hand), CLDR digits
    assert kaz[3] == kazakhstan
    assert kaz[4:8] == [cldr(4500, lang), cldr(120, lang), cldr(4380, lang), cldr(4620, lang)]
    assert rows[(words["donor"], "KGZ")][3] == kyrgyzstan
    assert rows[(words["donor"], "KGZ")][6] == cldr(-4500, lang)
    assert f"{words['dataset {id}'].format(id='tiny')};" in result.output.splitlines()[0]


def test_listing_commands_take_the_language(db_env):
    words = catalogue("kk")
    info = run("info", "--lang", "kk")
    assert info.exit_code == 0, info.output
    assert cells(info.output.splitlines()[0]) == [words["key"], words["value"]]
    assert words["seed_fingerprint"] in info.output and "seed_fingerprint" not in info.output
    assert words["up to date with the packaged seed"] in info.output
    assert run("datasets", "--lang", "kk").output.strip() == words["(no rows)"]


@pytest.mark.parametrize("command", [["hubs"], ["corridors"], ["timeline"], ["info"],
                                     ["datasets"]])
def test_an_unknown_language_is_a_usage_error(db_env, command):
    result = run(*command, "--lang", "de")
    assert result.exit_code == 2
    assert "'de' is not one of 'en', 'kk', 'ru'" in result.output
    assert run(*command, env={"INTELMIG_LANG": "fr"}).exit_code == 2


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_notes_under_the_table_in_the_language(db_env, lang):
    """The library's CIS note and the editorial members, worded again from the catalogue."""
    words, era = catalogue(lang), seed_nodes()["stage4"]
    result = run("hubs", "--era", "stage4", "--level", "region", "--lang", lang)
    assert result.exit_code == 0, result.output
    note = words["{members} counted outside the CIS in {slice}: not members throughout it "
                 "(the CIS dates from December 1991; --regions cis places each move by its "
                 "year)"].format(members="KAZ, RUS",
                                 slice=f"{era[f'name_{lang}']} ({era['start_year']}–)")
    assert words["Note: {note}."].format(note=note) in result.output.splitlines()
    assert words["Members the seed adds to the article's regions (editorial, not stated by "
                 "the article): {members}"].split("{")[0] in result.output
    assert "Note:" not in result.output and "counted outside" not in result.output
    english = run("hubs", "--era", "stage4", "--level", "region").output
    assert "Note: KAZ, RUS counted outside the CIS in era stage4: not members" in english
