"""The one schema of the intellectual-migration graph.

Every node label, relationship type, property and allowed pair of endpoints is
declared here once. The seed validator, both stores and the exporters read it;
``ladybug_ddl()`` and ``neo4j_schema()`` generate the database definitions from
it, so the embedded store and Neo4j cannot drift apart.

Examples
--------
>>> LABELS["Country"].prop("iso2").type
'STRING'
>>> ("Flow", "Region") in RELATIONSHIPS["FROM"].endpoints
True
>>> ladybug_ddl()[0].startswith("CREATE NODE TABLE IF NOT EXISTS Concept(id STRING")
True
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field

__all__ = [
    "COUNTRY_YEAR_MEASURES",
    "LABELS",
    "MEASURES",
    "PLACE_LABELS",
    "PROP_TYPES",
    "RELATIONSHIPS",
    "Label",
    "Prop",
    "PropType",
    "RelType",
    "display_name",
    "display_names",
    "ladybug_ddl",
    "neo4j_schema",
    "neo4j_schema_script",
]

INT64_RANGE = (-(2**63), 2**63 - 1)


@dataclass(frozen=True)
class PropType:
    """A property type and every spelling of it: the one owner of type translation.

    ``name`` is the LadybugDB type; ``graphml``, ``gexf`` and ``neo4j_admin`` are the
    type names of those formats (GraphML and GEXF have no list type: lists travel as
    JSON text). Values are checked, coerced and written as text here only.

    Examples
    --------
    >>> t = PROP_TYPES["DOUBLE"]
    >>> t.accepts(2), t.accepts(float("nan")), t.coerce(2), t.to_text(2), t.from_text("2.0")
    (True, False, 2.0, '2.0', 2.0)
    >>> PROP_TYPES["STRING[]"].to_text(["p01", "p02"]), PROP_TYPES["BOOLEAN"].to_text(True)
    ('["p01","p02"]', 'true')
    """

    name: str
    wanted: str
    graphml: str
    gexf: str
    neo4j_admin: str

    def accepts(self, value) -> bool:
        """Whether a Python value (None included) can be stored as this type."""
        if value is None:
            return True
        if self.name == "STRING":
            return isinstance(value, str)
        if self.name == "INT64":
            # The database stores 64-bit integers; booleans are not numbers here.
            return (isinstance(value, int) and not isinstance(value, bool)
                    and INT64_RANGE[0] <= value <= INT64_RANGE[1])
        if self.name == "DOUBLE":
            # Finite doubles only: NaN and infinity are no quantity.
            return (isinstance(value, (int, float)) and not isinstance(value, bool)
                    and math.isfinite(value))
        if self.name == "BOOLEAN":
            return isinstance(value, bool)
        return isinstance(value, list) and all(isinstance(v, str) for v in value)

    def coerce(self, value):
        """The value as the Python type both stores give back (ints stay ints, etc.)."""
        if value is None:
            return None
        if self.name == "DOUBLE":
            return float(value)
        if self.name == "INT64":
            return int(value)
        return value

    def to_text(self, value) -> str:
        """Text for formats without our types (GraphML, GEXF, CSV)."""
        if self.name == "STRING[]":
            return json.dumps(list(value), ensure_ascii=False, sort_keys=True,
                              separators=(",", ":"))
        if self.name == "BOOLEAN":
            return "true" if value else "false"
        if self.name == "DOUBLE":
            return repr(float(value))
        return str(value)

    def from_text(self, text: str):
        """The value :meth:`to_text` wrote; the empty text is None."""
        if text == "":
            return None
        if self.name == "STRING[]":
            return json.loads(text)
        if self.name == "BOOLEAN":
            return text == "true"
        if self.name == "INT64":
            return int(text)
        if self.name == "DOUBLE":
            return float(text)
        return text

    def arrow(self):
        """The pyarrow type of the workspace's Parquet files."""
        import pyarrow as pa

        return {"STRING": pa.string, "INT64": pa.int64, "DOUBLE": pa.float64,
                "BOOLEAN": pa.bool_}.get(self.name, lambda: pa.list_(pa.string()))()


PROP_TYPES = {t.name: t for t in (
    PropType("STRING", "text", "string", "string", ""),
    PropType("INT64", "a whole number of at most 64 bits", "long", "long", ":long"),
    PropType("DOUBLE", "a finite number", "double", "double", ":double"),
    PropType("BOOLEAN", "true or false", "boolean", "boolean", ":boolean"),
    PropType("STRING[]", "a list of texts", "string", "liststring", ":string[]"),
)}
TYPES = tuple(PROP_TYPES)


@dataclass(frozen=True)
class Prop:
    """A property of a label or relationship type: name, type and what it means.

    Raises
    ------
    ValueError
        For a type that is not in ``PROP_TYPES``.

    Examples
    --------
    >>> p = LABELS["Country"].prop("iso2")
    >>> p.type, p.ptype.graphml
    ('STRING', 'string')
    >>> Prop("x", "FLOAT")
    Traceback (most recent call last):
    ...
    ValueError: unknown property type 'FLOAT'
    """

    name: str
    type: str = "STRING"
    doc: str = ""

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"unknown property type {self.type!r}")

    @property
    def ptype(self) -> PropType:
        return PROP_TYPES[self.type]


@dataclass(frozen=True)
class Label:
    """A node label: its name, meaning and properties (``id`` first).

    Examples
    --------
    >>> country = LABELS["Country"]
    >>> country.prop_names[:3]
    ('id', 'kind', 'name')
    >>> country.prop("id").doc
    'stable unique id'
    """

    name: str
    doc: str
    props: tuple[Prop, ...] = field(default_factory=tuple)

    def prop(self, name: str) -> Prop:
        return next(p for p in self.props if p.name == name)

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


@dataclass(frozen=True)
class RelType:
    """A relationship type: its name, meaning, allowed (from, to) labels and properties.

    Examples
    --------
    >>> migrated = RELATIONSHIPS["MIGRATED_TO"]
    >>> ("Country", "Country") in migrated.endpoints, migrated.prop("year").type
    (True, 'INT64')
    """

    name: str
    doc: str
    endpoints: tuple[tuple[str, str], ...]
    props: tuple[Prop, ...] = field(default_factory=tuple)

    def prop(self, name: str) -> Prop:
        return next(p for p in self.props if p.name == name)

    @property
    def prop_names(self) -> tuple[str, ...]:
        return tuple(p.name for p in self.props)


# Provenance travels on every node and relationship: the passage ids of the
# source article it was read from, the reference ids the passage cites, and a
# note where the source is wrong or ambiguous. Imported rows carry dataset/file/row.
PROVENANCE = (
    Prop("passages", "STRING[]", "ids of Passage nodes the fact is stated in"),
    Prop("cites", "STRING[]", "ids of Source nodes the passage cites for the fact"),
    Prop("note", "STRING", "editorial note: ambiguity, evident error, interpretation"),
    Prop("dataset", "STRING", "id of the dataset (Source) the fact was imported from"),
    Prop("editorial", "BOOLEAN", "added by the editors, not stated by the article (see note)"),
    Prop("source_error", "BOOLEAN",
         "the article states this wrongly: kept as stated, the correction is in the note"),
)

NAMES = (
    Prop("kind", "STRING", "the node's label, so queries can name it on either store"),
    Prop("name", "STRING", "display name in English, derived when loading (display_name)"),
    Prop("name_en", "STRING", "English name"),
    Prop("name_kk", "STRING", "Kazakh name, as in the source where it has one"),
    Prop("name_ru", "STRING", "Russian name"),
    Prop("description_en", "STRING", "English description or gloss"),
    Prop("description_kk", "STRING", "Kazakh description, quoted from the source"),
)

QUANTITY = (
    Prop("stated_kk", "STRING", "the quantity as the source words it, in Kazakh"),
    Prop("stated_en", "STRING", "English gloss of the stated quantity"),
    Prop("unit", "STRING", "what is counted: persons, works, share, ..."),
    Prop("year_start", "INT64", "first year the quantity covers"),
    Prop("year_end", "INT64", "last year the quantity covers (null: ongoing/unstated)"),
    Prop("measure", "STRING", "flow | stock | event | qualitative"),
)

MEASURES = ("flow", "stock", "event", "qualitative")

# The measures a country table gives for one country and year, named as their publishers
# name the columns (MPIDR's country tables; the population of ``import population``), so
# a value is found under the name its source documents. Stocks of people, then counts of
# moves in the year, then rates per 1,000 of the researcher population.
COUNTRY_YEAR_MEASURES = (
    Prop("padded_population_of_researchers", "DOUBLE",
         "MPIDR: researchers with a publication in the year or before and after it, "
         "the denominator of its rates (stock)"),
    Prop("paddedpop", "DOUBLE", "MPIDR (raw tables): the same padded population (stock)"),
    Prop("population", "DOUBLE", "a base population the user supplied (stock)"),
    Prop("number_of_inmigrations", "DOUBLE", "MPIDR: moves into the country (flow)"),
    Prop("number_of_outmigrations", "DOUBLE", "MPIDR: moves out of the country (flow)"),
    Prop("netmigration", "DOUBLE", "MPIDR: in minus out (flow)"),
    Prop("inmigrationrate", "DOUBLE", "MPIDR: in per 1,000 researchers"),
    Prop("outmigrationrate", "DOUBLE", "MPIDR: out per 1,000 researchers"),
    Prop("netmigrationrate", "DOUBLE", "MPIDR: net per 1,000 researchers"),
)

#: Where a node's ``name`` comes from: the first of these that is set, else the id.
NAME_SOURCES = ("name_en", "title", "stated_en", "text_en")


def display_name(props: dict) -> str:
    """The ``name`` of a node: its English name, else its own display text, else its id.

    Every node has a ``name``, as Neo4j users expect (captions, ``{name: ...}``
    lookups, ``ORDER BY n.name``); it is derived when loading, never authored.

    Parameters
    ----------
    props : dict
        The node's properties; ``id`` is required.

    Returns
    -------
    str

    Examples
    --------
    >>> display_name({"id": "KAZ", "name_en": "Kazakhstan", "name_kk": "Қазақстан"})
    'Kazakhstan'
    >>> display_name({"id": "mpidr", "name_en": None, "title": "Scholarly migration"})
    'Scholarly migration'
    >>> display_name({"id": "Q42"})
    'Q42'
    """
    return next((props[key] for key in NAME_SOURCES if props.get(key)), props["id"])

PLACE_LABELS = ("Country", "Region")


def display_names(table):
    """:func:`display_name` of every row of an Arrow table, as one string array.

    The same rule, column-wise, for bulk loads: the first of :data:`NAME_SOURCES` that is
    neither null nor empty, else the ``id``.

    Examples
    --------
    >>> import pyarrow as pa
    >>> table = pa.table({"id": ["KAZ", "mpidr", "Q42"], "name_en": ["Kazakhstan", "", None],
    ...                   "title": [None, "Scholarly migration", None]})
    >>> display_names(table).to_pylist()
    ['Kazakhstan', 'Scholarly migration', 'Q42']
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    texts = [pc.if_else(pc.equal(table.column(name), ""), pa.scalar(None, pa.string()),
                        table.column(name))
             for name in NAME_SOURCES if name in table.column_names]
    return pc.coalesce(*texts, table.column("id"))


def _label(name: str, doc: str, *own: Prop) -> Label:
    return Label(name, doc, (Prop("id", "STRING", "stable unique id"), *NAMES, *own, *PROVENANCE))


LABELS: dict[str, Label] = {
    label.name: label
    for label in (
        _label(
            "Concept",
            "A term or notion of intellectual migration (brain drain, brain gain, ...).",
            Prop("term_en", "STRING", "the English term as the literature uses it"),
            Prop("figure", "STRING", "figure of the source that shows the term"),
            Prop("definition_kk", "STRING", "definition quoted from the source"),
            Prop("definition_en", "STRING", "English gloss of the definition"),
            Prop("sense", "STRING", "narrow | broad, for the two definitions"),
        ),
        _label(
            "Approach",
            "One of the four approaches to assessing the effect of intellectual migration.",
            Prop("ordinal", "INT64", "position in the source's Figure 2"),
            Prop("figure", "STRING", "figure of the source"),
            Prop("effect_en", "STRING", "who gains or loses under this approach"),
        ),
        _label(
            "Form",
            "One of the six forms brain drain can take.",
            Prop("ordinal", "INT64", "position in the source's list"),
            Prop("physical_move", "BOOLEAN", "does the specialist physically move abroad"),
            Prop("permanence", "STRING", "permanent | temporary | episodic | none"),
        ),
        _label(
            "Era",
            "A historical stage or period with start and end years.",
            Prop("ordinal", "INT64", "order within its scheme"),
            Prop("scheme", "STRING", "periodisation it belongs to (e.g. maksakovsky)"),
            Prop("start_year", "INT64", "first year"),
            Prop("end_year", "INT64", "last year; null while ongoing"),
            Prop("stated_kk", "STRING", "the period as the source words it"),
            Prop("stated_en", "STRING", "English gloss of the stated period"),
        ),
        _label(
            "Country",
            "A country or historical state; id is its ISO 3166-1 alpha-3 code.",
            Prop("iso2", "STRING", "ISO 3166-1 alpha-2 code"),
            Prop("m49", "INT64", "UN M49 numeric code"),
            Prop("historical", "BOOLEAN", "a state that no longer exists"),
        ),
        _label(
            "Region",
            "A group of countries: continent, bloc or development group.",
            Prop("region_type", "STRING", "continent | subregion | bloc | group | world"),
            Prop("m49", "INT64", "UN M49 code where one exists"),
        ),
        _label(
            "Profession",
            "An occupation or a group of occupations of highly qualified people.",
            Prop("is_group", "BOOLEAN", "a group that INCLUDES other professions"),
            Prop("isco", "STRING", "ISCO-08 code where one fits"),
        ),
        _label(
            "Person",
            "A named person: migrant, ruler or cited scholar.",
            Prop("born_year", "INT64", "year of birth"),
            Prop("died_year", "INT64", "year of death"),
            Prop("role", "STRING", "why the person is in the graph"),
            Prop("birth_country", "STRING", "ISO3 of the country of birth"),
            Prop("occupation", "STRING", "occupation, free text"),
        ),
        _label(
            "Institution",
            "A university, laboratory, academy or international body.",
            Prop("institution_type", "STRING", "university | laboratory | academy | ..."),
            Prop("city", "STRING", "city"),
            Prop("founded_year", "INT64", "year founded"),
        ),
        _label(
            "Event",
            "A dated happening: a manifesto, a report, the first use of a term, a trend.",
            Prop("event_type", "STRING", "document | report | coinage | trend | ..."),
            Prop("date", "STRING", "ISO 8601 date where the day is known"),
            Prop("year", "INT64", "year where known"),
            Prop("year_start", "INT64", "first year of a span"),
            Prop("year_end", "INT64", "last year of a span"),
            Prop("century", "INT64", "century (18 for the XVIII century)"),
            Prop("stated_kk", "STRING", "the date as the source words it"),
        ),
        _label(
            "Flow",
            "A stated movement of qualified people from origins to destinations.",
            *QUANTITY,
            Prop("low", "INT64", "lower bound of the number of people (null: unstated)"),
            Prop("high", "INT64", "upper bound of the number of people (null: unbounded)"),
            Prop("mode", "STRING", "voluntary | forced | partly forced | unstated"),
            Prop("century", "INT64", "century, for flows dated only by century"),
        ),
        _label(
            "Estimate",
            "A stated quantity that is not a flow between places.",
            *QUANTITY,
            Prop("low", "DOUBLE", "lower bound"),
            Prop("high", "DOUBLE", "upper bound (null: unbounded)"),
        ),
        _label(
            "CountryYear",
            "An imported country table's row: one country in one year, its measures as "
            "properties (docs/importers.md, Country tables).",
            Prop("year", "INT64", "the calendar year the row describes"),
            Prop("row", "INT64", "line of the row in the dataset's file"),
            *COUNTRY_YEAR_MEASURES,
        ),
        _label(
            "Source",
            "A cited reference, the source article itself, or an imported dataset.",
            Prop("number", "INT64", "reference number in the article's list"),
            Prop("source_type", "STRING", "article | reference | dataset"),
            Prop("authors", "STRING[]", "authors as cited"),
            Prop("title", "STRING", "title where stated"),
            Prop("year", "INT64", "year of publication where stated"),
            Prop("citation", "STRING", "full citation text"),
            Prop("license", "STRING", "licence of a dataset"),
            Prop("url", "STRING", "stable address or DOI"),
        ),
        _label(
            "Passage",
            "A paragraph of the source article: the Kazakh original and an English gloss.",
            Prop("ordinal", "INT64", "paragraph number in the article"),
            Prop("section", "STRING", "part of the article"),
            Prop("text_kk", "STRING", "original Kazakh text"),
            Prop("text_en", "STRING", "English gloss"),
        ),
    )
}

_ANY_PLACE = tuple((f, t) for f in PLACE_LABELS for t in PLACE_LABELS)
_REL_PROVENANCE = PROVENANCE

# Relationships whose endpoints are derived by the loader, never authored.
DERIVED_RELATIONSHIPS = ("MIGRATED_TO", "STATED_IN", "CITES")


def _rel(name: str, doc: str, endpoints, *own: Prop) -> RelType:
    return RelType(name, doc, tuple(endpoints), (*own, *_REL_PROVENANCE))


RELATIONSHIPS: dict[str, RelType] = {
    rel.name: rel
    for rel in (
        _rel(
            "RELATED_TO",
            "Concept map edge; `relation` says how (synonym_of, narrower_than, ...).",
            [("Concept", "Concept")],
            Prop("relation", "STRING", "how the two concepts relate"),
        ),
        _rel("FORM_OF", "A form that a concept takes.", [("Form", "Concept")]),
        _rel(
            "APPROACH_TO",
            "An assessment approach and the concept it assesses or rests on.",
            [("Approach", "Concept")],
            Prop("role", "STRING", "assesses | based_on"),
        ),
        _rel(
            "PART_OF",
            "Membership of a country in a region, or of a region in a larger one.",
            [("Country", "Region"), ("Region", "Region"), ("Institution", "Institution")],
        ),
        _rel("FROM", "Origin of a flow.", [("Flow", p) for p in PLACE_LABELS]),
        _rel("TO", "Destination of a flow.", [("Flow", p) for p in PLACE_LABELS]),
        _rel(
            "DURING",
            "The era a flow, event or estimate belongs to.",
            [("Flow", "Era"), ("Event", "Era"), ("Estimate", "Era")],
        ),
        _rel("OF_PROFESSION", "Who moved, by profession.", [("Flow", "Profession")]),
        _rel("BY", "A named person who made the move.", [("Flow", "Person")]),
        _rel("VIA", "The institution that attracted the flow.", [("Flow", "Institution")]),
        RelType(
            "MIGRATED_TO",
            "Derived origin->destination edge, one per flow and pair or per imported row. "
            "Its provenance is by reference: the Flow node (`flow`, which carries passages "
            "and cites) or the imported dataset row (`dataset`, `file`, `row`). It has no "
            "list columns, so that bulk loads of millions of rows stay fast and small.",
            _ANY_PLACE,
            (
            Prop("flow", "STRING", "id of the Flow node it was derived from"),
            Prop("measure", "STRING", "flow | stock | event | qualitative"),
            Prop("era", "STRING", "id of the Era"),
            Prop("year", "INT64", "year of an imported row"),
            Prop("year_start", "INT64", "first year covered"),
            Prop("year_end", "INT64", "last year covered"),
            Prop("low", "DOUBLE", "lower bound of the flow's volume"),
            Prop("high", "DOUBLE", "upper bound of the flow's volume"),
            Prop("value", "DOUBLE", "imported count (stock or flow) where exact"),
            Prop("pairs", "INT64", "number of origin-destination pairs sharing the volume"),
            Prop("sex", "STRING", "total | male | female for imported rows"),
            Prop("file", "STRING", "imported file name"),
            Prop("row", "INT64", "row in the imported file"),
            Prop("note", "STRING", "editorial note of the flow or row"),
            Prop("dataset", "STRING", "id of the dataset (Source) the row was imported from"),
            ),
        ),
        _rel("INCLUDES", "A profession group and its members.", [("Profession", "Profession")]),
        _rel(
            "LEADS_TO",
            "A consequence: the source says the first leads to (or may lead to) the second.",
            [("Concept", "Concept")],
            Prop("verb", "STRING", "how the source words the link: leads to, may contribute to"),
        ),
        _rel(
            "CLAIMS",
            "A view or a cited scholar and what it holds (not a fact the article asserts).",
            [("Person", "Concept"), ("Concept", "Concept")],
            Prop("claim_en", "STRING", "the claim in English"),
            Prop("claim_kk", "STRING", "the claim in the source's words"),
        ),
        _rel(
            "INITIATED",
            "A person who started a movement or an event.",
            [("Person", "Flow"), ("Person", "Event")],
            Prop("role", "STRING", "how, in the source's words"),
        ),
        _rel("LED", "A person who headed an institution.", [("Person", "Institution")],
             Prop("role", "STRING", "head, director, ...")),
        _rel("MEMBER_OF", "A person's membership of an academy or society.",
             [("Person", "Institution")], Prop("role", "STRING", "academician, member, ...")),
        _rel("PRECEDES", "Order of eras.", [("Era", "Era")]),
        _rel(
            "INVOLVES",
            "Who or what an event concerns.",
            [
                ("Event", "Person"),
                ("Event", "Institution"),
                ("Event", "Country"),
                ("Event", "Region"),
                ("Event", "Concept"),
                ("Event", "Source"),
                ("Event", "Profession"),
            ],
            Prop("role", "STRING", "role of the participant"),
        ),
        _rel(
            "LOCATED_IN",
            "Where an institution or event is.",
            [("Institution", "Country"), ("Event", "Country"), ("Person", "Country")],
        ),
        _rel(
            "AUTHORED",
            "Author of a source.",
            [("Person", "Source"), ("Institution", "Source")],
        ),
        _rel(
            "CONCERNS",
            "What a concept, approach or form is about.",
            [
                ("Concept", "Profession"),
                ("Concept", "Country"),
                ("Concept", "Region"),
                ("Form", "Profession"),
                ("Approach", "Country"),
            ],
            Prop("role", "STRING", "how"),
        ),
        _rel(
            "ILLUSTRATES",
            "An example of a concept or form.",
            [
                ("Flow", "Concept"),
                ("Flow", "Form"),
                ("Event", "Concept"),
                ("Person", "Concept"),
                ("Institution", "Concept"),
            ],
        ),
        _rel(
            "ABOUT",
            "What an estimate quantifies; the country of a country-year.",
            [
                ("Estimate", "Country"),
                ("CountryYear", "Country"),
                ("Estimate", "Region"),
                ("Estimate", "Concept"),
                ("Estimate", "Profession"),
                ("Estimate", "Flow"),
                ("Estimate", "Institution"),
            ],
        ),
        _rel(
            "ESTIMATED_BY",
            "Who made an estimate.",
            [("Estimate", "Institution"), ("Estimate", "Person")],
        ),
        _rel(
            "STATED_IN",
            "Derived: a node and the passage of the article that states it.",
            [(label, "Passage") for label in LABELS if label != "Passage"],
        ),
        _rel("CITES", "Derived: a passage and the references it cites.", [("Passage", "Source")]),
    )
}


def ladybug_ddl() -> list[str]:
    """Return the LadybugDB statements that create every table (idempotent).

    Returns
    -------
    list of str
        One ``CREATE NODE TABLE`` per label, then one ``CREATE REL TABLE`` per type.

    Examples
    --------
    >>> ddl = ladybug_ddl()
    >>> len(ddl) == len(LABELS) + len(RELATIONSHIPS)
    True
    >>> [s for s in ddl if "TABLE IF NOT EXISTS PART_OF(" in s][0][:62]
    'CREATE REL TABLE IF NOT EXISTS PART_OF(FROM Country TO Region,'
    """
    statements = []
    for label in LABELS.values():
        columns = ", ".join(f"{p.name} {p.type}" for p in label.props)
        statements.append(
            f"CREATE NODE TABLE IF NOT EXISTS {label.name}({columns}, PRIMARY KEY(id))"
        )
    for rel in RELATIONSHIPS.values():
        pairs = ", ".join(f"FROM {f} TO {t}" for f, t in rel.endpoints)
        columns = "".join(f", {p.name} {p.type}" for p in rel.props)
        statements.append(f"CREATE REL TABLE IF NOT EXISTS {rel.name}({pairs}{columns})")
    return statements


def neo4j_schema() -> list[str]:
    """Return the Neo4j constraints and indexes (idempotent, ``IF NOT EXISTS``).

    One uniqueness constraint on ``id`` per label, and indexes on the ``MIGRATED_TO``
    properties analyses filter by (measure, era, year, dataset).

    Examples
    --------
    >>> statements = neo4j_schema()
    >>> statements[-1]
    'CREATE INDEX intelmig_migrated_to_dataset IF NOT EXISTS FOR ()-[r:MIGRATED_TO]-() ON (r.dataset)'
    >>> sum(s.startswith("CREATE CONSTRAINT") for s in statements) == len(LABELS)
    True
    """
    statements = [
        f"CREATE CONSTRAINT intelmig_{label.name.lower()}_id IF NOT EXISTS "
        f"FOR (n:{label.name}) REQUIRE n.id IS UNIQUE"
        for label in LABELS.values()
    ]
    for prop in ("measure", "era", "year", "dataset"):
        statements.append(
            f"CREATE INDEX intelmig_migrated_to_{prop} IF NOT EXISTS "
            f"FOR ()-[r:MIGRATED_TO]-() ON (r.{prop})"
        )
    return statements


def neo4j_schema_script() -> str:
    """The text of ``cypher/schema.cypher``: the Neo4j schema, one statement a line.

    Examples
    --------
    >>> text = neo4j_schema_script()
    >>> text.splitlines()[0]
    '// Generated by intelmig.schema.neo4j_schema_script(); do not edit by hand.'
    >>> text.count(";\\n") == len(neo4j_schema())
    True
    """
    header = (
        "// Generated by intelmig.schema.neo4j_schema_script(); do not edit by hand.\n"
        "// Neo4j constraints and indexes of the intelmig graph.\n"
    )
    return header + "".join(f"{s};\n" for s in neo4j_schema())
