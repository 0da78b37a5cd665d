"""Country codes and names of migration datasets, normalised to ISO 3166-1 alpha-3.

Migration datasets name countries four ways: ISO alpha-3 (MPIDR scholarly flows, World
Bank, OECD DIOC), UN M49 numeric codes (UN DESA), ISO alpha-2 (Wikidata exports, the
OpenAlex files of MPIDR) and names (the origin columns of the UN DESA 2019 workbook).
:class:`CountryResolver` maps all four to one id, and answers with a classification,
never a guess:

* ``country``   -- an ISO3 id (current, a withdrawn ISO 3166-3 state that was dissolved
  or merged, Kosovo ``XKX``, or a UN statistical area without an ISO code such as the
  Channel Islands, M49 830, id ``CHI`` as the World Bank spells it);
* ``aggregate`` -- a world, region or development-group code or name from the UN M49
  standard and the UN DESA location list, or a World Bank aggregate code (``WLD``);
* ``area``      -- a place that is not a country, written by a data publisher where the
  country is unknown (Scopus ``EUE``: "EU, country unknown");
* ``blank``     -- an empty cell, or the text ``nan`` that pandas writes for one
  (``NA`` stays Namibia);
* ``ambiguous`` -- a name that fits several countries ("Congo"); the id holds the
  candidates, joined by ``|``;
* ``unknown``   -- anything else (the importer reports it with file, row and field).

Renamed states are their successor: an ISO 3166-3 code whose four-letter code names a
successor with the same numeric code is the same state under a new name (ZAR -> COD,
TMP -> TLS, BUR -> MMR, BYS -> BLR, HVO -> BFA, DHY -> BEN, RHO -> ZWE, NHB -> VUT,
AFI -> DJI). States that dissolved or merged (SUN, YUG, SCG, CSK, DDR, YMD, VDR, ANT)
keep their own id: their numbers cannot be given to one successor.

The data is pycountry's (ISO 3166-1 and ISO 3166-3, already a dependency of the seed
validator) plus small explicit tables kept here, because no package gets them right:
the M49 codes of dissolved states (pycountry gives Yugoslavia 891, which M49 assigns to
Serbia and Montenegro), the UN's aggregate codes, and the spellings the UN and the
World Bank use where they differ from ISO names. Names are Unicode-normalised (NFC) and
match exactly after case folding; there is no fuzzy matching, so a misspelt name is
reported, not silently mapped to the nearest country. country_converter was considered:
its regular expressions match more spellings but it needs pandas (slow to import) and a
regex match is still a guess.

Examples
--------
>>> r = CountryResolver()
>>> [r.resolve(v) for v in ("KAZ", "kz", "398", "398.0", "Kazakhstan")]
[('country', 'KAZ'), ('country', 'KAZ'), ('country', 'KAZ'), ('country', 'KAZ'), ('country', 'KAZ')]
>>> [r.resolve(v)[1] for v in ("810", "SUN", "890", "CSK", "Kosovo", "XK")]
['SUN', 'SUN', 'YUG', 'CSK', 'XKX', 'XKX']
>>> [r.resolve(v)[1] for v in ("ZAR", "180", "TMP", "East Timor", "BUR", "830")]
['COD', 'COD', 'TLS', 'TLS', 'MMR', 'CHI']
>>> r.resolve("China, Hong Kong SAR"), r.resolve("Korea, Rep.")
(('country', 'HKG'), ('country', 'KOR'))
>>> r.resolve("900"), r.resolve("5500"), r.resolve("WLD"), r.resolve("3980")
(('aggregate', '900'), ('aggregate', '5500'), ('aggregate', 'WLD'), ('unknown', None))
>>> r.resolve(" "), r.resolve("nan"), r.resolve("NA"), r.resolve("EUE")
(('blank', None), ('blank', None), ('country', 'NAM'), ('area', 'EUE'))
>>> r.resolve("Congo"), r.resolve("Atlantis")
(('ambiguous', 'COD|COG'), ('unknown', None))
"""

from __future__ import annotations

import functools
import unicodedata

__all__ = ["AREAS", "CountryResolver", "M49_AGGREGATES", "country_node", "is_place_id",
           "successor_pairs"]

KOSOVO = "XKX"

# M49 codes of dissolved states; ISO 3166-3 withdrew their numeric codes or reused them.
M49_HISTORIC = {
    810: "SUN",  # USSR
    890: "YUG",  # Yugoslavia (SFR)
    891: "SCG",  # Serbia and Montenegro
    200: "CSK",  # Czechoslovakia
    278: "DDR",  # German Democratic Republic
    530: "ANT",  # Netherlands Antilles
    720: "YMD",  # Democratic Yemen
    886: "YEM",  # Yemen Arab Republic: ISO kept its codes YE/YEM for unified Yemen
}

# UN statistical areas that have an M49 code and a row in UN DESA tables but no ISO
# 3166-1 code. Ids follow the World Bank's codes for them. id -> (M49, name).
AREAS = {"CHI": (830, "Channel Islands")}

# Places a publisher writes where the country is unknown: not countries, not sums of
# countries. code -> what the publisher says it means.
NON_COUNTRY_AREAS = {
    "EUE": "European Union, country unknown (Scopus affiliation without a country)",
}

# Regions and groups, never countries: UN M49 standard regions (UNSD, "Standard country or
# area codes for statistical use") and the aggregate locations of UN DESA Population
# Division tables (International Migrant Stock 2015-2024, World Population Prospects).
M49_AGGREGATES = {
    1: "World", 2: "Africa", 5: "South America", 9: "Oceania", 11: "Western Africa",
    13: "Central America", 14: "Eastern Africa", 15: "Northern Africa",
    17: "Middle Africa", 18: "Southern Africa", 19: "Americas", 21: "Northern America",
    29: "Caribbean", 30: "Eastern Asia", 34: "Southern Asia", 35: "South-eastern Asia",
    39: "Southern Europe", 53: "Australia and New Zealand", 54: "Melanesia",
    57: "Micronesia", 61: "Polynesia", 142: "Asia", 143: "Central Asia",
    145: "Western Asia", 150: "Europe", 151: "Eastern Europe", 154: "Northern Europe",
    155: "Western Europe", 202: "Sub-Saharan Africa", 419: "Latin America and the Caribbean",
    900: "World", 901: "More developed regions", 902: "Less developed regions",
    903: "Africa", 904: "Latin America and the Caribbean", 905: "Northern America",
    906: "Eastern Asia", 908: "Europe", 909: "Oceania", 910: "Eastern Africa",
    911: "Middle Africa", 912: "Northern Africa", 913: "Southern Africa",
    914: "Western Africa", 915: "Caribbean", 916: "Central America",
    920: "South-Eastern Asia", 921: "Central and Southern Asia", 922: "Western Asia",
    923: "Eastern Europe", 924: "Northern Europe", 925: "Southern Europe",
    926: "Western Europe",
    927: "Australia/New Zealand", 928: "Melanesia", 931: "South America",
    934: "Less developed regions, excluding least developed countries", 935: "Asia",
    941: "Least developed countries", 947: "Sub-Saharan Africa",
    948: "Less developed regions, excluding China", 954: "Micronesia", 957: "Polynesia",
    1500: "Low-income countries", 1501: "Lower-middle-income countries",
    1502: "Upper-middle-income countries", 1503: "High-income countries",
    1517: "Middle-income countries", 1518: "No income group available",
    1636: "Land-locked Developing Countries (LLDC)",
    1637: "Small Island Developing States (SIDS)",
    1829: "Europe and Northern America", 1830: "Latin America and the Caribbean",
    1832: "Eastern and South-Eastern Asia", 1833: "Northern Africa and Western Asia",
    1835: "Oceania (excluding Australia and New Zealand)", 5500: "Central Asia",
    5501: "Southern Asia",
}

# UN DESA names of groups that have no code in every edition ("Other South": migrants of
# unknown origin in the South), the upper-case WORLD of the 2019 workbook, and the heading
# rows the 2020 and 2024 tables (and World Population Prospects) put above each group of
# aggregates; a heading row is no place, whatever code a user's copy gives it.
AGGREGATE_NAMES = {"other south", "other north", "other", "world", "eastern europe",
                   "developed regions", "developing regions", "un development groups",
                   "world bank income groups", "geographic regions",
                   "sustainable development goal (sdg) regions"}

# World Bank aggregate codes (World Development Indicators and DataBank exports).
WORLD_BANK_AGGREGATES = {
    "AFE", "AFW", "ARB", "CEB", "CSS", "EAP", "EAR", "EAS", "ECA", "ECS", "EMU", "EUU",
    "FCS", "HIC", "HPC", "IBD", "IBT", "IDA", "IDB", "IDX", "INX", "LAC", "LCN", "LDC",
    "LIC", "LMC", "LMY", "LTE", "MEA", "MIC", "MNA", "NAC", "OED", "OSS", "PRE", "PSS",
    "PST", "SAS", "SSA", "SSF", "SST", "TEA", "TEC", "TLA", "TMN", "TSA", "TSS", "UMC",
    "WLD",
}

# Names that fit more than one country: refused with the candidates, never guessed.
AMBIGUOUS_NAMES = {
    "congo": ("COD", "COG"),
    "korea": ("KOR", "PRK"),
    "virgin islands": ("VGB", "VIR"),
}

# Cells pandas writes for a missing value when it saves a frame as text.
BLANK_MARKERS = {"nan"}

NAME_ALIASES = {
    "bolivia (plurinational state of)": "BOL",
    "iran (islamic republic of)": "IRN",
    "venezuela (bolivarian republic of)": "VEN",
    "micronesia (fed. states of)": "FSM",
    "micronesia (federated states of)": "FSM",
    "micronesia, fed. sts.": "FSM",
    "dem. people's republic of korea": "PRK",
    "democratic people's republic of korea": "PRK",
    "korea, dem. people's rep.": "PRK",
    "republic of korea": "KOR",
    "korea, rep.": "KOR",
    "south korea": "KOR",
    "republic of moldova": "MDA",
    "united republic of tanzania": "TZA",
    "china, hong kong sar": "HKG",
    "hong kong sar, china": "HKG",
    "china, macao sar": "MAC",
    "macao sar, china": "MAC",
    "china, taiwan province of china": "TWN",
    "taiwan": "TWN",
    "democratic republic of the congo": "COD",
    "congo, dem. rep.": "COD",
    "congo, rep.": "COG",
    "republic of the congo": "COG",
    "turkey": "TUR",
    "türkiye": "TUR",
    "russia": "RUS",
    "state of palestine": "PSE",
    "west bank and gaza": "PSE",
    "kosovo": KOSOVO,
    "united states of america": "USA",
    "united states": "USA",
    "united kingdom": "GBR",
    "united kingdom of great britain and northern ireland": "GBR",
    "czech republic": "CZE",
    "north macedonia": "MKD",
    "macedonia, fyr": "MKD",
    "tfyr macedonia": "MKD",
    "the former yugoslav republic of macedonia": "MKD",
    "saint helena": "SHN",
    "wallis and futuna islands": "WLF",
    "holy see": "VAT",
    "sint maarten (dutch part)": "SXM",
    "saint martin (french part)": "MAF",
    "falkland islands (malvinas)": "FLK",
    "cabo verde": "CPV",
    "swaziland": "SWZ",
    "eswatini": "SWZ",
    "bonaire, sint eustatius and saba": "BES",
    "united states virgin islands": "VIR",
    "british virgin islands": "VGB",
    "viet nam": "VNM",
    "vietnam": "VNM",
    "brunei darussalam": "BRN",
    "gambia": "GMB",
    "gambia, the": "GMB",
    "bahamas": "BHS",
    "bahamas, the": "BHS",
    "netherlands (kingdom of the)": "NLD",
    "egypt, arab rep.": "EGY",
    "iran, islamic rep.": "IRN",
    "venezuela, rb": "VEN",
    "yemen, rep.": "YEM",
    "kyrgyz republic": "KGZ",
    "slovak republic": "SVK",
    "lao pdr": "LAO",
    "lao people's democratic republic": "LAO",
    "st. lucia": "LCA",
    "st. kitts and nevis": "KNA",
    "st. vincent and the grenadines": "VCT",
    "st. martin (french part)": "MAF",
    "curacao": "CUW",
    "cote d'ivoire": "CIV",
    "ussr": "SUN",
    "soviet union": "SUN",
    "union of soviet socialist republics": "SUN",
    "yugoslavia": "YUG",
    "czechoslovakia": "CSK",
    "serbia and montenegro": "SCG",
    "german democratic republic": "DDR",
    "netherlands antilles": "ANT",
    "east timor": "TLS",
    "timor-leste": "TLS",
    "burma": "MMR",
    "zaire": "COD",
    "channel islands": "CHI",
}


def _fold(text: str) -> str:
    # UN tables mark footnotes with trailing asterisks ("Sudan*"); they are not the name.
    text = unicodedata.normalize("NFC", text).replace("\u2019", "'")
    return " ".join(text.strip().rstrip("*").split()).casefold()


def _renamed() -> dict[str, str]:
    """ISO 3166-3 codes of states renamed, not dissolved: old alpha-3 -> current alpha-3.

    ISO 3166-3's four-letter code is the old alpha-2 followed by the successor's alpha-2
    (``HH`` where there is none, ``AA`` where the alpha-2 was kept, as BY for Belarus); a
    successor that also kept the numeric code is the same state under a new name. Merged
    states (DDR -> DE) changed their numeric code.
    """
    import pycountry

    renamed = {}
    for state in pycountry.historic_countries:
        tail = state.alpha_4[2:]
        successor = pycountry.countries.get(alpha_2=state.alpha_2 if tail == "AA" else tail)
        if successor is not None and getattr(state, "numeric", None) == successor.numeric:
            renamed[state.alpha_3] = successor.alpha_3
    return renamed


@functools.cache
def _tables() -> tuple[dict, dict, dict, dict]:
    import pycountry

    alpha3, alpha2, numeric, names = {}, {}, {}, {}
    renamed = _renamed()
    for state in pycountry.historic_countries:
        current = renamed.get(state.alpha_3, state.alpha_3)
        alpha3[state.alpha_3] = current
        names[_fold(state.name)] = current
    for country in pycountry.countries:
        alpha3[country.alpha_3] = country.alpha_3
        alpha2[country.alpha_2] = country.alpha_3
        numeric[int(country.numeric)] = country.alpha_3
        for attr in ("name", "official_name", "common_name"):
            if getattr(country, attr, None):
                names[_fold(getattr(country, attr))] = country.alpha_3
    numeric.update(M49_HISTORIC)
    for area, (code, name) in AREAS.items():
        alpha3[area] = area
        numeric[code] = area
        names[_fold(name)] = area
    alpha3[KOSOVO] = KOSOVO
    alpha2["XK"] = KOSOVO  # the user-assigned alpha-2 the EU and Wikidata use for Kosovo
    names.update(NAME_ALIASES)
    for name in AMBIGUOUS_NAMES:
        names.pop(name, None)
    return alpha3, alpha2, numeric, names


@functools.cache
def _aggregate_names() -> frozenset[str]:
    return frozenset(_fold(n) for n in M49_AGGREGATES.values()) | AGGREGATE_NAMES


class CountryResolver:
    """Map ISO3, ISO2, M49 codes and names to ISO3 ids, with a cached answer per value.

    ``resolve(value)`` returns ``(kind, id)``; the kinds (country, aggregate, area, blank,
    ambiguous, unknown) are described in :mod:`intelmig.importers.countries`. It never
    raises: an unknown value is an answer the importer reports with its row and field.

    Examples
    --------
    >>> resolver = CountryResolver()
    >>> resolver.resolve("RU"), resolver.resolve(643), resolver.resolve("Russian Federation")
    (('country', 'RUS'), ('country', 'RUS'), ('country', 'RUS'))
    >>> resolver.resolve(None), resolver.resolve("Europe"), resolver.resolve("Rusia")
    (('blank', None), ('aggregate', 'Europe'), ('unknown', None))
    """

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, str | None]] = {}

    def resolve(self, value) -> tuple[str, str | None]:
        """Classify one cell: ``(kind, id)``; see the module for the kinds."""
        key = "" if value is None else str(value)
        answer = self._cache.get(key)
        if answer is None:
            answer = self._cache[key] = self._resolve(key)
        return answer

    @staticmethod
    def _resolve(text: str) -> tuple[str, str | None]:
        alpha3, alpha2, numeric, names = _tables()
        text = unicodedata.normalize("NFKC", text).strip()
        if not text or text.casefold() in BLANK_MARKERS:
            return ("blank", None)
        digits = text.removesuffix(".0")
        if digits.isascii() and digits.isdigit():
            code = int(digits)
            if code in numeric:
                return ("country", numeric[code])
            return ("aggregate", str(code)) if code in M49_AGGREGATES else ("unknown", None)
        upper = text.upper()
        if len(text) == 3 and upper in alpha3:
            return ("country", alpha3[upper])
        if len(text) == 2 and upper in alpha2:
            return ("country", alpha2[upper])
        if upper in NON_COUNTRY_AREAS:
            return ("area", upper)
        if upper in WORLD_BANK_AGGREGATES:
            return ("aggregate", upper)
        folded = _fold(text)
        if folded in names:
            return ("country", names[folded])
        if folded in AMBIGUOUS_NAMES:
            return ("ambiguous", "|".join(AMBIGUOUS_NAMES[folded]))
        if folded in _aggregate_names():
            return ("aggregate", text)
        return ("unknown", None)


# Dissolved or merged states and the states that took over their territory. A person who
# "moves" between the two lived in the same place under another flag.
SUCCESSORS = {
    "SUN": ("RUS", "UKR", "BLR", "MDA", "EST", "LVA", "LTU", "GEO", "ARM", "AZE", "KAZ",
            "KGZ", "TJK", "TKM", "UZB"),
    "YUG": ("SCG", "SRB", "MNE", "XKX", "SVN", "HRV", "BIH", "MKD"),
    "SCG": ("SRB", "MNE", "XKX"),
    "CSK": ("CZE", "SVK"),
    "DDR": ("DEU",),
    "YMD": ("YEM",),
    "VDR": ("VNM",),
    "ANT": ("CUW", "SXM", "BES"),
    "SKM": ("IND",),
}


@functools.cache
def successor_pairs() -> frozenset[tuple[str, str]]:
    """Pairs (a, b) where one state succeeded the other, in both orders.

    Examples
    --------
    >>> ("RUS", "SUN") in successor_pairs(), ("SUN", "SRB") in successor_pairs()
    (True, False)
    """
    pairs = set()
    for state, successors in SUCCESSORS.items():
        for successor in successors:
            pairs |= {(state, successor), (successor, state)}
    pairs |= {("YUG", "SCG"), ("SCG", "YUG")}
    return frozenset(pairs)


def is_place_id(text: str) -> bool:
    """True for an id an importer may give a Country node (ISO3, ISO 3166-3, XKX, a UN area).

    Examples
    --------
    >>> is_place_id("CHI"), is_place_id("KAZ"), is_place_id("EUE")
    (True, True, False)
    """
    alpha3 = _tables()[0]
    return text in alpha3.values() or text in AREAS


def country_node(iso3: str) -> dict:
    """Properties of a Country node for an ISO3 id (names and codes from pycountry).

    Examples
    --------
    >>> country_node("SUN")["historical"], country_node("SUN")["m49"]
    (True, 810)
    >>> country_node("KAZ")["iso2"], country_node("XKX")["name_en"]
    ('KZ', 'Kosovo')
    >>> country_node("CHI")["m49"]
    830
    """
    import pycountry

    if iso3 == KOSOVO:
        return {"id": KOSOVO, "kind": "Country", "name_en": "Kosovo", "iso2": "XK",
                "m49": None, "historical": False}
    if iso3 in AREAS:
        code, name = AREAS[iso3]
        return {"id": iso3, "kind": "Country", "name_en": name, "iso2": None, "m49": code,
                "historical": False}
    current = pycountry.countries.get(alpha_3=iso3)
    if current is not None:
        return {"id": iso3, "kind": "Country",
                "name_en": getattr(current, "common_name", None) or current.name,
                "iso2": current.alpha_2, "m49": int(current.numeric), "historical": False}
    state = pycountry.historic_countries.get(alpha_3=iso3)
    m49 = next((code for code, value in M49_HISTORIC.items() if value == iso3), None)
    return {"id": iso3, "kind": "Country", "name_en": state.name if state else iso3,
            "iso2": None, "m49": m49, "historical": True}
