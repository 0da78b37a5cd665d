"""Reading the seed files: entries, their checks, the report of every problem."""


from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path

import yaml

from ..dataset import Dataset
from ..errors import SeedInvalid
from ..resources import seed_dir
from ..schema import LABELS, PLACE_LABELS, PROP_TYPES, RELATIONSHIPS
from ..validation import Report
from .derive import derive_edges
from .yaml_lines import Located, compose

__all__ = ["YEAR_RANGE", "is_country_code", "load_seed", "read_seed", "seed_files"]

FLOW_STRUCTURE = {
    # key: (relationship type, allowed target labels)
    "origins": ("FROM", PLACE_LABELS),
    "destinations": ("TO", PLACE_LABELS),
    "era": ("DURING", ("Era",)),
    "professions": ("OF_PROFESSION", ("Profession",)),
    "persons": ("BY", ("Person",)),
    "via": ("VIA", ("Institution",)),
    "illustrates": ("ILLUSTRATES", ("Concept", "Form")),
}
NODE_KEYS = {"id", "label", "links", *FLOW_STRUCTURE}
PROVENANCE_KEYS = {"passages", "cites", "note", "editorial", "source_error"}
# Kosovo has no ISO 3166 code; XKX is the code the EU, IMF and World Bank use.
EXTRA_COUNTRY_CODES = {"XKX"}
YEAR_RANGE = (-3000, 2100)


def is_country_code(code: str) -> bool:
    """True for an ISO 3166-1 alpha-3 code, a withdrawn one (ISO 3166-3) or Kosovo's XKX.

    Codes are looked up in pycountry (the Debian iso-codes tables); lower case is refused.

    Examples
    --------
    >>> is_country_code("KAZ"), is_country_code("SUN"), is_country_code("XKX")
    (True, True, True)
    >>> is_country_code("KZ"), is_country_code("ABC")
    (False, False)
    """
    import pycountry

    if code in EXTRA_COUNTRY_CODES:
        return True
    if len(code) != 3 or not code.isupper():
        return False
    return (
        pycountry.countries.get(alpha_3=code) is not None
        or pycountry.historic_countries.get(alpha_3=code) is not None
    )


def seed_files(paths: Iterable[Path | str] | None = None) -> list[Path]:
    """The YAML files named by ``paths`` (files or folders); the packaged seed by default.

    A folder gives its ``*.yaml`` then ``*.yml`` files, each sorted by name; a file is taken
    as given (even when it does not exist, so that reading it reports it).

    Examples
    --------
    >>> [path.name for path in seed_files()][:3]
    ['concepts.yaml', 'eras.yaml', 'estimates.yaml']
    >>> seed_files(["extra/flows.yaml"])
    [PosixPath('extra/flows.yaml')]
    """
    files: list[Path] = []
    for path in [Path(p) for p in (paths or [seed_dir()])]:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")))
        else:
            files.append(path)
    return files


class _SeedReader:
    def __init__(self) -> None:
        self.report = Report()
        self.dataset = Dataset()
        self.where: dict[str, tuple[str, int]] = {}
        self.entries: dict[str, Located] = {}
        self.labels: dict[str, str] = {}
        # (file, line, field, relationship type, from id, to id, props, provenance)
        self.pending_rels: list[tuple] = []
        self.flows: list[tuple[str, dict, Located]] = []

    def problem(self, file, entry, key, type_, message, hint="", *, index=None) -> None:
        """Report at the line of ``key`` in ``entry`` (of its ``index``-th item for a list)."""
        line = None
        if isinstance(entry, Located):
            line = entry.line_of(key, index) if key else entry.line
        self.report.add(file, line, key, type_, message, hint)

    # -- files ---------------------------------------------------------------
    def read_file(self, path: Path) -> None:
        name = str(path)
        self.report.files.append(name)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.report.add(name, None, None, "file-not-found", "no such file", "check the path")
            return
        except UnicodeDecodeError as err:
            self.report.add(
                name, None, None, "encoding-error", f"not UTF-8 ({err.reason})",
                "save the file as UTF-8",
            )
            return
        except OSError as err:
            self.report.add(name, None, None, "file-unreadable", err.strerror or str(err))
            return
        try:
            content = compose(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            line = mark.line + 1 if mark else None
            problem = getattr(err, "problem", None) or str(err)
            self.report.add(
                name, line, None, "yaml-syntax", f"YAML syntax error: {problem}",
                "check indentation and quoting near this line",
            )
            return
        if content is None:
            return
        if not isinstance(content, dict):
            self.report.add(
                name, 1, None, "bad-file-structure", "a seed file must be a mapping",
                "start the file with `nodes:` and/or `relationships:`",
            )
            return
        for key in content:
            if key not in ("nodes", "relationships"):
                self.problem(name, content, key, "unknown-key", f"unknown top-level key {key!r}",
                             "use `nodes:` and `relationships:`")
        for entry in self._entries(name, content, "nodes"):
            self.read_node(name, entry)
        for entry in self._entries(name, content, "relationships"):
            self.read_relationship(name, entry)

    def _entries(self, name, content, key):
        entries = content.get(key) or []
        if not isinstance(entries, list):
            self.problem(name, content, key, "bad-file-structure", f"`{key}` must be a list")
            return []
        good = []
        for entry in entries:
            if isinstance(entry, Located):
                good.append(entry)
            else:
                self.problem(name, content, key, "bad-entry", f"an entry of `{key}` is not a mapping",
                             "write each entry as `- key: value` lines")
        return good

    # -- nodes ---------------------------------------------------------------
    def read_node(self, file, entry: Located) -> None:
        node_id = entry.get("id")
        label_name = entry.get("label")
        if not isinstance(node_id, str) or not node_id:
            self.problem(file, entry, "id", "missing-id", "node has no string `id`",
                         "add a unique `id:`")
            return
        if node_id in self.where:
            first_file, first_line = self.where[node_id]
            self.problem(file, entry, "id", "duplicate-id",
                         f"id {node_id!r} is already used at {first_file}:{first_line}",
                         "give every node its own id")
            return
        self.where[node_id] = (file, entry.line)
        self.entries[node_id] = entry
        if label_name not in LABELS:
            self.problem(file, entry, "label", "unknown-label", f"unknown label {label_name!r}",
                         _suggest(label_name, LABELS))
            return
        label = LABELS[label_name]
        self.labels[node_id] = label_name
        props = {"id": node_id}
        for key, value in entry.items():
            if key in NODE_KEYS:
                continue
            if key == "name":
                self.problem(file, entry, key, "unknown-property",
                             "`name` is derived from name_en when loading", "set `name_en:`")
                continue
            if key not in label.prop_names or key == "kind":
                self.problem(file, entry, key, "unknown-property",
                             f"{label_name} has no property {key!r}",
                             _suggest(key, label.prop_names))
                continue
            if self.check_type(file, entry, key, value, label.prop(key).type):
                props[key] = value
        for name_key in ("name_en", "name_kk"):
            if not props.get(name_key):
                self.problem(file, entry, name_key, "missing-name",
                             f"{label_name} {node_id!r} has no {name_key}", f"add `{name_key}:`")
        if label_name == "Passage":
            for text_key in ("text_kk", "text_en"):
                if not props.get(text_key):
                    self.problem(file, entry, text_key, "missing-text",
                                 f"passage {node_id!r} has no {text_key}", f"add `{text_key}:`")
        else:
            self.check_provenance(file, entry)
        if label_name == "Country" and not is_country_code(node_id):
            self.problem(file, entry, "id", "unknown-country-code",
                         f"{node_id!r} is not an ISO 3166-1 alpha-3 code",
                         "use the alpha-3 code (e.g. KAZ), or a Region for groups")
        self.check_numbers(file, entry, props)
        self.dataset.add_node(label_name, props)
        if label_name == "Flow":
            self.flows.append((node_id, props, entry))
        for key, (rel_type, _targets) in FLOW_STRUCTURE.items():
            if key not in entry:
                continue
            if label_name != "Flow" and not (key == "illustrates" and label_name in (
                    "Event", "Person", "Institution")):
                self.problem(file, entry, key, "unknown-property",
                             f"`{key}` is only allowed on Flow nodes", "move it to a Flow")
                continue
            targets = entry[key]
            targets = [targets] if isinstance(targets, str) else targets
            if not isinstance(targets, list):
                self.problem(file, entry, key, "bad-type", f"`{key}` must be an id or a list of ids")
                continue
            for index, target in enumerate(targets):
                self.pending_rels.append(
                    (file, entry, (key, index), rel_type, node_id, target, {},
                     _provenance_of(entry))
                )
        links = entry.get("links") or []
        if not isinstance(links, list):
            self.problem(file, entry, "links", "bad-type", "`links` must be a list")
            return
        for link in links:
            if not isinstance(link, Located):
                self.problem(file, entry, "links", "bad-entry", "a link must be a mapping")
                continue
            inherited = {k: v for k, v in _provenance_of(entry).items()
                         if not any(p in link for p in ("passages", "editorial"))}
            self.read_link(file, link, node_id, inherited)

    def read_link(self, file, link: Located, from_id, inherited) -> None:
        missing = [k for k in ("type", "to") if k not in link]
        if missing:
            self.problem(file, link, None, "bad-relationship",
                         f"link lacks {' and '.join(missing)}", "write `{type: T, to: id}`")
            return
        props = {k: v for k, v in link.items() if k not in ("type", "to")}
        props = {**inherited, **props}
        if not props.get("passages") and not props.get("editorial"):
            self.problem(file, link, None, "missing-provenance",
                         f"link {link['type']} {from_id}->{link['to']} has no `passages`",
                         "add `passages: [pNN]` or `editorial: true` with a `note`")
        self.pending_rels.append((file, link, "to", link["type"], from_id, link["to"], props, None))

    # -- relationships -------------------------------------------------------
    def read_relationship(self, file, entry: Located) -> None:
        missing = [k for k in ("type", "from", "to") if k not in entry]
        if missing:
            self.problem(file, entry, None, "bad-relationship",
                         f"relationship lacks {', '.join(missing)}",
                         "write `{type: T, from: id, to: id}`")
            return
        props = {k: v for k, v in entry.items() if k not in ("type", "from", "to")}
        self.check_provenance(file, entry)
        self.pending_rels.append((file, entry, "to", entry["type"], entry["from"], entry["to"],
                                  props, None))

    def resolve_relationships(self) -> None:
        for file, entry, where, rel_name, from_id, to_id, props, provenance in self.pending_rels:
            key, index = where if isinstance(where, tuple) else (where, None)
            if rel_name not in RELATIONSHIPS:
                self.problem(file, entry, "type", "unknown-relationship-type",
                             f"unknown relationship type {rel_name!r}",
                             _suggest(rel_name, RELATIONSHIPS))
                continue
            rel = RELATIONSHIPS[rel_name]
            ends = []
            for end_key, end_id in (("from", from_id), ("to", to_id)):
                field_name = key if end_key == "to" else "from"
                if end_id not in self.labels:
                    self.problem(file, entry, field_name, "dangling-reference",
                                 f"{rel_name} points to unknown id {end_id!r}",
                                 _suggest(end_id, self.labels) or "define the node first",
                                 index=index if end_key == "to" else None)
                    break
                ends.append(self.labels[end_id])
            else:
                if tuple(ends) not in rel.endpoints:
                    allowed = ", ".join(f"{a}->{b}" for a, b in rel.endpoints)
                    self.problem(file, entry, key, "bad-endpoints",
                                 f"{rel_name} cannot join {ends[0]} {from_id!r} to "
                                 f"{ends[1]} {to_id!r}", f"{rel_name} joins {allowed}")
                    continue
                clean = {}
                for prop_key, value in {**(provenance or {}), **props}.items():
                    if prop_key not in rel.prop_names:
                        self.problem(file, entry, prop_key, "unknown-property",
                                     f"{rel_name} has no property {prop_key!r}",
                                     _suggest(prop_key, rel.prop_names))
                    elif self.check_type(file, entry, prop_key, value,
                                         rel.prop(prop_key).type):
                        clean[prop_key] = value
                self.dataset.add_rel(rel_name, ends[0], from_id, ends[1], to_id, clean)

    # -- checks --------------------------------------------------------------
    def check_type(self, file, entry, key, value, type_) -> bool:
        prop_type = PROP_TYPES[type_]
        if prop_type.accepts(value):
            return True
        self.problem(file, entry, key, "bad-type",
                     f"{key} must be {prop_type.wanted}, got {value!r}",
                     f"write {key} as {prop_type.wanted}")
        return False

    def check_provenance(self, file, entry) -> None:
        if entry.get("passages"):
            return
        if entry.get("editorial") is True:
            if not entry.get("note"):
                self.problem(file, entry, "note", "missing-provenance",
                             "an editorial fact needs a `note` saying what was added and why",
                             "add `note:`")
            return
        self.problem(file, entry, "passages", "missing-provenance",
                     "no `passages` says where in the article this comes from",
                     "add `passages: [pNN]`, or `editorial: true` with a `note`")

    def check_numbers(self, file, entry, props) -> None:
        for key in ("low", "high"):
            value = props.get(key)
            if isinstance(value, (int, float)) and value < 0:
                self.problem(file, entry, key, "negative-quantity",
                             f"{key} is negative ({value})", "quantities count people or works")
        low, high = props.get("low"), props.get("high")
        if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
            self.problem(file, entry, "low", "low-greater-than-high",
                         f"low {low} is greater than high {high}", "swap the bounds")
        for key in ("start_year", "end_year", "year", "year_start", "year_end", "born_year",
                    "died_year", "founded_year"):
            value = props.get(key)
            if isinstance(value, int) and not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
                self.problem(file, entry, key, "year-out-of-range",
                             f"{key} {value} is outside {YEAR_RANGE[0]}..{YEAR_RANGE[1]}",
                             "write the year in full, e.g. 1962")
        for first, last in (("start_year", "end_year"), ("year_start", "year_end"),
                            ("born_year", "died_year")):
            a, b = props.get(first), props.get(last)
            if isinstance(a, int) and isinstance(b, int) and a > b:
                self.problem(file, entry, first, "bad-year-range",
                             f"{first} {a} is after {last} {b}", "swap or correct the years")

    def check_references(self) -> None:
        passages = {i for i, label in self.labels.items() if label == "Passage"}
        sources = {i for i, label in self.labels.items() if label == "Source"}
        for node in self.dataset.nodes:
            file, _line = self.where[node.id]
            for key, known, kind in (("passages", passages, "passage"), ("cites", sources,
                                                                           "source")):
                for index, ref in enumerate(node.props.get(key) or []):
                    if ref not in known:
                        self.problem(file, self.entries[node.id], key, "dangling-reference",
                                     f"unknown {kind} id {ref!r}",
                                     _suggest(ref, known) or f"define the {kind} first",
                                     index=index)

    # -- derived relationships ----------------------------------------------
    def derive(self) -> None:
        flows = [(flow_id, props) for flow_id, props, _entry in self.flows]
        entries = {flow_id: entry for flow_id, _props, entry in self.flows}
        rels, self_loops = derive_edges(self.dataset.nodes, self.dataset.rels, self.labels, flows)
        for rel_type, from_label, from_id, to_label, to_id, props in rels:
            self.dataset.add_rel(rel_type, from_label, from_id, to_label, to_id, props)
        for flow_id, place in self_loops:
            # A move from a place to itself would count as both donor and recipient.
            self.problem(self.where[flow_id][0], entries[flow_id], "destinations", "self-loop",
                         f"flow {flow_id!r} goes from {place!r} to itself",
                         "remove the place from origins or from destinations")


def _provenance_of(entry) -> dict:
    return {k: entry[k] for k in PROVENANCE_KEYS if k in entry}


def _suggest(word, choices) -> str:
    if not isinstance(word, str):
        return ""
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f"did you mean {close[0]!r}?" if close else ""


def read_seed(paths: Iterable[Path | str] | None = None) -> tuple[Dataset, Report]:
    """Read seed files or folders; return the dataset and the report of every problem.

    Parameters
    ----------
    paths : iterable of path-like, optional
        Seed YAML files or folders of them; the packaged seed (``seed/``) by default.

    Returns
    -------
    dataset : intelmig.dataset.Dataset
        Every entry that could be read, with the derived edges.
    report : intelmig.validation.Report
        Every problem, each with file, line and field; never raises for a bad seed.

    Examples
    --------
    >>> dataset, report = read_seed()
    >>> report.valid, dataset.counts()["nodes"]["Country"] > 10
    (True, True)
    >>> _, report = read_seed(["/nonexistent"])
    >>> report.valid
    False
    """
    reader = _SeedReader()
    files = seed_files(paths)
    if not files:
        reader.report.add(str(paths), None, None, "no-seed-files", "no .yaml files found",
                          "point at a folder of seed YAML files")
    for path in files:
        reader.read_file(path)
    reader.resolve_relationships()
    reader.check_references()
    reader.derive()
    return reader.dataset, reader.report


def load_seed(paths: Iterable[Path | str] | None = None) -> Dataset:
    """Like :func:`read_seed` but raise :class:`SeedInvalid` unless the seed is valid.

    Raises
    ------
    intelmig.errors.SeedInvalid
        With the report of every problem; its message names the first one.

    Examples
    --------
    >>> sum(load_seed().counts()["relationships"].values()) > 0
    True
    >>> import pathlib, tempfile
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "bad.yaml"
    >>> _ = bad.write_text("nodes:\\n  - {id: KZ, label: Country, name_en: K, name_kk: Қ,\\n"
    ...                    "     editorial: true, note: an example}\\n", encoding="utf-8")
    >>> try:
    ...     load_seed([bad])
    ... except SeedInvalid as err:
    ...     print([(p.line, p.field, p.type) for p in err.report.problems])
    [(2, 'id', 'unknown-country-code')]
    """
    dataset, report = read_seed(paths)
    if not report.valid:
        raise SeedInvalid(report)
    return dataset
