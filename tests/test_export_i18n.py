"""Figures and tables in Kazakh and Russian: catalogue complete, glyphs present, names local."""

from __future__ import annotations

import re
import warnings
from importlib import resources

import pytest
from click.testing import CliRunner

from intelmig.cli import cli
from tests.test_export_figures import figure, soviet_db, svg_texts  # noqa: F401 (fixture)

KAZAKH_LETTERS = "әғқңөұүһіӘҒҚҢӨҰҮҺІ"


def _messages():
    """Every message of the export code and the CLI's tables: literals in ``_()`` plus the
    words looked up."""
    from babel.messages.extract import extract_from_file

    from intelmig.export import figures, worldfigures

    found = set()
    modules = [*resources.files("intelmig.export").iterdir(),
               *resources.files("intelmig.cli").iterdir()]
    for module in modules:
        if module.name.endswith(".py"):
            for _line, message, _comments, _context in extract_from_file(
                    "python", str(module), keywords={"_": None}):
                found.add(message)
    for name in ("timeline.py", "aggregate.py"):  # words the CLI's tables re-word
        module = resources.files("intelmig.analytics").joinpath(name)
        found.update(message for _line, message, _comments, _context in extract_from_file(
            "python", str(module), keywords={"translate": None, "Note": None}))
    found.update(words for words, _unit, _diverging in worldfigures.MAP_MEASURES.values())
    found.update(unit for _words, unit, _diverging in worldfigures.MAP_MEASURES.values())
    found.update(w for table in figures._STRENGTH_WORDS.values() for w in table.values())
    found.update(("Country", "Region", "country", "region", "flow", "stock", "event",
                  "qualitative", worldfigures._SHAPES))
    return found


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_catalogue_translates_every_message_with_the_same_fields(lang):
    from babel.messages.pofile import read_po

    with resources.files("intelmig.i18n").joinpath("locale", f"{lang}.po").open("rb") as po:
        catalogue = {m.id: m.string for m in read_po(po, locale=lang) if m.id}
    messages = _messages()
    assert len(messages) > 60
    missing = sorted(m for m in messages if not catalogue.get(m))
    assert not missing, missing
    for message in messages:
        assert set(re.findall(r"{\w+}", message)) == set(re.findall(r"{\w+}",
                                                                  catalogue[message])), message


def test_the_figure_font_has_every_kazakh_letter():
    from fontTools.ttLib import TTFont
    from matplotlib import font_manager

    from intelmig.export.figures import _pyplot

    _pyplot()
    path = font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans"),
                                 fallback_to_default=False)
    cmap = TTFont(path).getBestCmap()
    assert not [c for c in KAZAKH_LETTERS if ord(c) not in cmap]


def test_kazakh_map_renders_every_letter(soviet_db, tmp_path):  # noqa: F811
    from PIL import Image

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = CliRunner().invoke(cli, ["export", "figure", "--figure", "map", "--year", "1989",
                                          "--lang", "kk", "--db", str(soviet_db), "-o",
                                          str(tmp_path / "kk.png")])
    assert result.exit_code == 0, result.output
    assert not [w for w in caught if "missing from" in str(w.message)], "no tofu"
    with Image.open(tmp_path / "kk.png") as image:
        assert image.width > 1500
    texts = svg_texts(figure(soviet_db, tmp_path / "kk.svg", "--figure", "map", "--year",
                             "1989", "--lang", "kk"))
    joined = " ".join(texts)
    assert texts[0] == "Таза көші-қон (келу − кету): 1989"
    assert "деректер жоқ" in texts
    assert "КСРО (SUN) −1 400" in joined.replace("\xa0", " "), "pycountry's Kazakh name"
    assert "Дереккөздер:" in joined and "Sources:" not in joined


def test_russian_tables_and_seed_names(seeded_db_path):
    result = CliRunner().invoke(cli, ["export", "markdown", "--table", "corridors", "--era",
                                      "stage2", "--lang", "ru", "--db", str(seeded_db_path)])
    assert result.exit_code == 0, result.output
    header = result.output.splitlines()[0]
    assert header.startswith("| Место | Страна выбытия | Страна прибытия | Объём")
    assert "Великобритания" in result.output, "the seed's own name_ru"
    assert "Table: Коридоры интеллектуальной миграции" in result.output


def test_seed_network_in_kazakh_names_eras_and_places(seeded_db_path, tmp_path):
    texts = svg_texts(figure(seeded_db_path, tmp_path / "n.svg", "--figure", "network",
                             "--era", "stage3", "--lang", "kk"))
    assert "Интеллектуалды көші-қон: Үшінші кезең (1960–1989)" in texts
    assert "АҚШ" in texts


def test_unknown_language_is_refused(seeded_db_path):
    result = CliRunner().invoke(cli, ["export", "figure", "--lang", "de", "--db",
                                      str(seeded_db_path), "-o", "x.png"])
    assert result.exit_code == 2 and "'de' is not one of 'en', 'kk', 'ru'" in result.output
