"""Country codes and names of migration datasets, normalised to ISO 3166-1 alpha-3.

Migration datasets name countries four ways: ISO alpha-3 (MPIDR scholarly flows, World
Bank, OECD DIOC), UN M49 numeric codes (UN DESA), ISO alpha-2 (Wikidata exports) and
names (the origin columns of the UN DESA 2019 workbook). :class:`CountryResolver` maps
all four to one ISO3 id, and answers with a classification, never a guess:

* ``country``   -- an ISO3 id (current, withdrawn ISO 3166-3 state, or Kosovo ``XKX``);
* ``aggregate`` -- a UN M49 code >= 900 (world, regions, development groups);
* ``blank``     -- an empty cell;
* ``unknown``   -- anything else (the importer reports it with file, row and field).

The data is pycountry's (ISO 3166-1 and ISO 3166-3, already a dependency of the seed
validator) plus two small explicit tables kept here, because no package gets them right:
the M49 codes of dissolved states (pycountry gives Yugoslavia 891, which M49 assigns to
Serbia and Montenegro, and reuses 104/112/180/204/626 for successor states) and the
spellings the UN and the World Bank use where they differ from ISO names. Names match
exactly after case folding; there is no fuzzy matching, so a misspelt name is reported,
not silently mapped to the nearest country. country_converter was considered: its regular
expressions match more spellings but it needs pandas (slow to import) and a regex match is
still a guess.

Examples
--------
>>> r = CountryResolver()
>>> [r.resolve(v) for v in ("KAZ", "kz", "398", "398.0", "Kazakhstan")]
[('country', 'KAZ'), ('country', 'KAZ'), ('country', 'KAZ'), ('country', 'KAZ'), ('country', 'KAZ')]
>>> [r.resolve(v)[1] for v in ("810", "SUN", "890", "CSK", "Kosovo", "XK")]
['SUN', 'SUN', 'YUG', 'CSK', 'XKX', 'XKX']
>>> r.resolve("China, Hong Kong SAR"), r.resolve("Korea, Rep.")
(('country', 'HKG'), ('country', 'KOR'))
>>> r.resolve("900"), r.resolve(" "), r.resolve("Atlantis")
(('aggregate', '900'), ('blank', None), ('unknown', None))
"""

from __future__ import annotations

import functools

__all__ = ["AGGREGATE_M49_FROM", "CountryResolver", "country_node"]

# UN M49 codes from 900 up are world, regions and development groups, never countries.
AGGREGATE_M49_FROM = 900

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
}

# Spellings of UN DESA, World Bank and OECD tables that are not ISO 3166 names.
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
    "congo": "COG",
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
}


def _fold(text: str) -> str:
    # UN tables mark footnotes with trailing asterisks ("Sudan*"); they are not the name.
    return " ".join(text.strip().rstrip("*").split()).casefold()


@functools.cache
def _tables() -> tuple[dict, dict, dict, dict]:
    import pycountry

    alpha3, alpha2, numeric, names = {}, {}, {}, {}
    for country in pycountry.countries:
        alpha3[country.alpha_3] = country.alpha_3
        alpha2[country.alpha_2] = country.alpha_3
        numeric[int(country.numeric)] = country.alpha_3
        for attr in ("name", "official_name", "common_name"):
            if getattr(country, attr, None):
                names[_fold(getattr(country, attr))] = country.alpha_3
    for state in pycountry.historic_countries:
        alpha3.setdefault(state.alpha_3, state.alpha_3)
        names.setdefault(_fold(state.name), state.alpha_3)
    numeric.update(M49_HISTORIC)
    alpha3[KOSOVO] = KOSOVO
    alpha2["XK"] = KOSOVO  # the user-assigned alpha-2 the EU and Wikidata use for Kosovo
    names.update(NAME_ALIASES)
    return alpha3, alpha2, numeric, names


class CountryResolver:
    """Map ISO3, ISO2, M49 codes and names to ISO3 ids, with a cached answer per value."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[str, str | None]] = {}

    def resolve(self, value) -> tuple[str, str | None]:
        """Classify one cell: ``(kind, id)``, kind one of country/aggregate/blank/unknown."""
        key = "" if value is None else str(value)
        answer = self._cache.get(key)
        if answer is None:
            answer = self._cache[key] = self._resolve(key)
        return answer

    @staticmethod
    def _resolve(text: str) -> tuple[str, str | None]:
        alpha3, alpha2, numeric, names = _tables()
        text = text.strip()
        if not text:
            return ("blank", None)
        digits = text.removesuffix(".0")
        if digits.isdigit():
            code = int(digits)
            if code >= AGGREGATE_M49_FROM:
                return ("aggregate", str(code))
            return ("country", numeric[code]) if code in numeric else ("unknown", None)
        upper = text.upper()
        if len(text) == 3 and upper in alpha3:
            return ("country", alpha3[upper])
        if len(text) == 2 and upper in alpha2:
            return ("country", alpha2[upper])
        folded = _fold(text)
        if folded in names:
            return ("country", names[folded])
        return ("unknown", None)


def country_node(iso3: str) -> dict:
    """Properties of a Country node for an ISO3 id (names and codes from pycountry).

    >>> country_node("SUN")["historical"], country_node("SUN")["m49"]
    (True, 810)
    >>> country_node("KAZ")["iso2"], country_node("XKX")["name_en"]
    ('KZ', 'Kosovo')
    """
    import pycountry

    if iso3 == KOSOVO:
        return {"id": KOSOVO, "kind": "Country", "name_en": "Kosovo", "iso2": "XK",
                "m49": None, "historical": False}
    current = pycountry.countries.get(alpha_3=iso3)
    if current is not None:
        return {"id": iso3, "kind": "Country",
                "name_en": getattr(current, "common_name", None) or current.name,
                "iso2": current.alpha_2, "m49": int(current.numeric), "historical": False}
    state = pycountry.historic_countries.get(alpha_3=iso3)
    m49 = next((code for code, value in M49_HISTORIC.items() if value == iso3), None)
    return {"id": iso3, "kind": "Country", "name_en": state.name if state else iso3,
            "iso2": None, "m49": m49, "historical": True}
