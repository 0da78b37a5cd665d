"""The Neo4j Browser style sheet styles and captions every label of the schema."""

from __future__ import annotations

import re

from intelmig.schema import LABELS, RELATIONSHIPS

from .conftest import ROOT

GRASS = ROOT / "cypher" / "intelmig.grass"


def _rules() -> dict[str, dict[str, str]]:
    text = re.sub(r"/\*.*?\*/", "", GRASS.read_text(encoding="utf-8"), flags=re.DOTALL)
    rules = {}
    for selector, body in re.findall(r"([\w.]+)\s*\{((?:[^{}]|\{\w+\})*)\}", text):
        declarations = [d.strip() for d in body.split(";") if d.strip()]
        pairs = (d.split(":", 1) for d in declarations)
        rules[selector] = {key.strip(): value.strip() for key, value in pairs}
    return rules


def test_every_label_has_a_colour_and_is_captioned_by_its_name():
    rules = _rules()
    for name, label in LABELS.items():
        rule = rules[f"node.{name}"]
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"]), name
        assert rule["caption"] == '"{name}"', name
        assert "name" in label.prop_names, name


def test_labels_of_different_roles_get_different_colours():
    colours = {name: _rules()[f"node.{name}"]["color"] for name in LABELS}
    assert len(set(colours.values())) == len(colours)


def test_styled_relationship_types_exist():
    styled = [s.split(".", 1)[1] for s in _rules() if s.startswith("relationship.")]
    assert styled and set(styled) <= set(RELATIONSHIPS)
