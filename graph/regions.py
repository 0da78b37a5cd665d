"""Region schemes: the UN M49 regions and sub-regions of every country, and the article's.

Two schemes group countries into regions for analysis:

``m49``
    The United Nations M49 standard (*Standard country or area codes for statistical
    use*): 5 regions (Africa, Americas, Asia, Europe, Oceania) and 17 sub-regions
    (Central Asia, Eastern Europe, ...). Every country and area is in exactly one of
    each, so regional sums add up. The table is read from the copy of OCHA HDX's
    *Countries & Territories Taxonomy* shipped by the maintained package
    ``hdx-python-country`` (MIT; its M49 region columns follow the UN Statistics
    Division's list), never typed in here. Antarctica is in no M49 region and
    stays itself. Places are ``m49:CODE`` (``m49:142`` is Asia).
``article``
    The regions the source article names (Asia, the CIS, Western Europe, ...) with
    the members the seed gives them as ``PART_OF`` links in the database; a
    membership the article does not state is marked ``editorial`` there (see the
    named query ``region_members``). These regions overlap and are incomplete:
    they answer questions about the article, not about the world.
``cis``
    The Commonwealth of Independent States with membership *dated*
    (``data/cis_membership.csv``, a source beside every row): a country counts in
    the CIS (place ``cis``) in the years it took part, as a member, a founding
    state that never ratified the Charter (Ukraine until 2014, Turkmenistan until
    2005) or an associate member (Turkmenistan since 2005); every other country
    stays itself. Data give years, not dates, so a move of year Y counts its
    country in the CIS when it took part for the whole of Y, outside when not at
    all, and a year in which its membership changed is refused
    (:func:`cis_groups`): Georgia is in the CIS in 2008, out in 2010, and its
    moves of 2009 (it left on 2009-08-18) cannot be placed either way.

Examples
--------
>>> m49_area("KAZ").region, m49_area("KAZ").subregion
('Asia', 'Central Asia')
>>> m49_area("BLR").subregion, m49_area("AUT").subregion
('Eastern Europe', 'Western Europe')
>>> m49_group("AUT", "region"), m49_group("AUT", "subregion")
('m49:150', 'm49:155')
>>> m49_group("ATA", "region") is None      # Antarctica: no M49 region
True
>>> m49_names()["m49:142"]
'Asia'
>>> cis_groups("GEO", 2008), cis_groups("GEO", 2010), cis_groups("DEU", 2008)
(('cis',), ('GEO',), ('DEU',))
>>> cis_groups("GEO", 2009)
Traceback (most recent call last):
...
intelmig.errors.ParameterError: year 2009: Georgia (GEO) left the CIS on 2009-08-18, within the year; the data give years, not dates, so its moves of 2009 are neither inside nor outside the CIS (use another year, or --regions m49)
"""

from __future__ import annotations

import csv
import functools
import io
from dataclasses import dataclass

__all__ = ["CIS", "M49_LEVELS", "SCHEMES", "M49Area", "Membership", "article_members",
           "cis_groups", "cis_members", "cis_members_throughout", "cis_table", "m49_area",
           "m49_group", "m49_names", "m49_table"]

SCHEMES = ("m49", "article", "cis")
CIS = "cis"
"""The place id of the CIS (the article's Region node has the same id)."""
CIS_NAME = "Commonwealth of Independent States (CIS)"
M49_LEVELS = ("region", "subregion")
_TAXONOMY = "Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"


@dataclass(frozen=True)
class M49Area:
    """One country or area of the M49 table; codes are M49 numeric codes.

    Attributes
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 code (or a statistics office's user-assigned code).
    name : str
        Preferred English name in the OCHA HDX taxonomy.
    m49 : int or None
        The area's own M49 code.
    region_code, subregion_code : int or None
        M49 codes of its region and sub-region (None for Antarctica).
    region, subregion : str
        Their English names ("" when none).

    Examples
    --------
    >>> area = m49_area("KAZ")
    >>> area.m49, area.region_code, area.subregion_code
    (398, 142, 143)
    """

    iso3: str
    name: str
    m49: int | None
    region_code: int | None
    region: str
    subregion_code: int | None
    subregion: str


def _code(text: str) -> int | None:
    return int(text) if text.strip() else None


@functools.cache
def m49_table() -> dict[str, M49Area]:
    """Every country and area with an alpha-3 code -> its :class:`M49Area`.

    Keys are ISO 3166-1 alpha-3 codes, plus the few user-assigned codes the
    statistics offices use (``XKX`` Kosovo, ``CHI`` Channel Islands). Deprecated
    entries of the taxonomy are left out.

    Raises
    ------
    ModuleNotFoundError
        When ``hdx-python-country`` is not installed (it is a dependency of intelmig).

    Examples
    --------
    >>> len(m49_table()) > 240
    True
    """
    from importlib.resources import files

    text = files("hdx.location").joinpath(_TAXONOMY).read_text(encoding="utf-8")
    table = {}
    for row in csv.DictReader(io.StringIO(text)):
        iso3 = row["ISO 3166-1 Alpha 3-Codes"] or row["x Alpha3 codes"]
        if not iso3 or row["Deprecated"] == "Y":
            continue
        table[iso3] = M49Area(
            iso3=iso3, name=row["Preferred Term"], m49=_code(row["m49 numerical code"]),
            region_code=_code(row["Region Code"]), region=row["Region Name"],
            subregion_code=_code(row["Sub-region Code"]), subregion=row["Sub-region Name"])
    return table


def m49_area(iso3: str) -> M49Area | None:
    """The M49 entry of a country code, or None when the table does not know it.

    Parameters
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 code, upper case.

    Examples
    --------
    >>> m49_area("DEU").subregion
    'Western Europe'
    >>> m49_area("SUN") is None     # the Soviet Union is not in the current table
    True
    """
    return m49_table().get(iso3)


def m49_group(iso3: str, level: str = "region") -> str | None:
    """The place id (``m49:CODE``) of the M49 region or sub-region a country is in.

    Parameters
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 code.
    level : {"region", "subregion"}

    Returns
    -------
    str or None
        None for a code the table does not know or an area in no region (Antarctica).

    Raises
    ------
    ValueError
        For a `level` other than ``"region"`` or ``"subregion"``.

    Examples
    --------
    >>> m49_group("KAZ"), m49_group("KAZ", "subregion"), m49_group("XXX")
    ('m49:142', 'm49:143', None)
    """
    if level not in M49_LEVELS:
        raise ValueError(f"M49 level must be one of {', '.join(M49_LEVELS)}, got {level!r}")
    area = m49_table().get(iso3)
    code = None if area is None else (area.region_code if level == "region"
                                      else area.subregion_code)
    return None if code is None else f"m49:{code}"


@functools.cache
def m49_names() -> dict[str, str]:
    """``m49:CODE`` -> English name, for every M49 region and sub-region.

    Examples
    --------
    >>> names = m49_names()
    >>> names["m49:143"], names["m49:150"]
    ('Central Asia', 'Europe')
    >>> len(names)   # 5 regions, 17 sub-regions
    22
    """
    names = {}
    for area in m49_table().values():
        if area.region_code is not None:
            names[f"m49:{area.region_code}"] = area.region
        if area.subregion_code is not None:
            names[f"m49:{area.subregion_code}"] = area.subregion
    return names


def article_members(store, ids) -> dict[str, list[tuple[str, str]]]:
    """The article scheme: region id -> ``[(member id, basis)]`` from the database.

    ``basis`` is ``article`` when the membership cites a passage of the source and
    ``editorial`` when the seed added it (the seed marks it ``editorial: true``).

    Parameters
    ----------
    store : intelmig.stores.Store
    ids : sequence of str
        Region ids.

    Examples
    --------
    >>> import tempfile, intelmig
    >>> from intelmig.dataset import Dataset
    >>> ds = Dataset()
    >>> ds.add_node("Region", {"id": "cis", "name_en": "CIS"})
    >>> ds.add_node("Passage", {"id": "p07"})
    >>> for code in ("KAZ", "RUS"):
    ...     ds.add_node("Country", {"id": code})
    >>> ds.add_rel("PART_OF", "Country", "KAZ", "Region", "cis", {"passages": ["p07"]})
    >>> ds.add_rel("PART_OF", "Country", "RUS", "Region", "cis", {"editorial": True})
    >>> path = tempfile.mkdtemp() + "/regions.lbug"
    >>> intelmig.StoreTarget("embedded", path).rebuild(ds)
    >>> with intelmig.connect(path) as store:
    ...     article_members(store, ["cis"])
    {'cis': [('KAZ', 'article'), ('RUS', 'editorial')]}
    """
    from .queries import get_query

    members: dict = {}
    for region, member, basis in store.run(get_query("analytics_region_members").text,
                                           {"ids": list(ids)}).rows:
        members.setdefault(region, []).append((member, basis))
    return members


@dataclass(frozen=True)
class Membership:
    """One period of a country's part in the CIS, from ``data/cis_membership.csv``.

    ``start`` and ``end`` are ISO dates, possibly of month or year precision
    (``1993-12``, ``2014``); ``end`` is the first day out, empty while ongoing.

    Examples
    --------
    >>> georgia = next(m for m in cis_table() if m.country == "GEO")
    >>> georgia.status, georgia.start, georgia.end
    ('member', '1993-12', '2009-08-18')
    """

    country: str
    name: str
    status: str
    start: str
    end: str
    signed: str
    source: str
    note: str


def _years(date: str) -> tuple[int, bool]:
    """``(year, whole)``: a date's year and whether it falls on 1 January (so the
    change happens at a year boundary, not within the year)."""
    year = int(date[:4])
    return year, date[4:] == "-01-01"


@functools.cache
def cis_table() -> tuple[Membership, ...]:
    """Every dated period of the CIS membership table, in file order.

    Examples
    --------
    >>> [(m.status, m.start, m.end) for m in cis_table() if m.country == "TKM"]
    [('founding state (Charter not ratified)', '1991-12-26', '2005-08-26'), ('associate member', '2005-08-26', '')]
    """
    from importlib.resources import files

    text = files(__package__).joinpath("data/cis_membership.csv").read_text(encoding="utf-8")
    return tuple(Membership(**row) for row in csv.DictReader(io.StringIO(text)))


@functools.cache
def _cis_spans() -> dict[str, tuple[str, str, str]]:
    """Country -> ``(name, start, end)`` of its part in the CIS, contiguous periods joined
    (Turkmenistan's change to associate member is no break)."""
    spans: dict = {}
    for m in cis_table():
        name, start, end = spans.get(m.country, (m.name, m.start, m.end))
        spans[m.country] = (name, min(start, m.start), "" if "" in (end, m.end)
                            else max(end, m.end))
    return spans


def _member_throughout(country: str) -> bool:
    """Whether every period of the country in the table is full membership (Ukraine,
    a founding state that never ratified the Charter, took part but was no member)."""
    return all(m.status == "member" for m in cis_table() if m.country == country)


def cis_groups(place: str, year: int) -> tuple[str, ...]:
    """The places a move of ``year`` counts ``place`` as in the ``cis`` scheme.

    Returns
    -------
    tuple of str
        ``("cis",)`` when the country took part in the CIS for the whole year, else
        ``(place,)``.

    Raises
    ------
    ParameterError
        When the country joined or left within the year (the data give years).

    Examples
    --------
    >>> cis_groups("KAZ", 1992), cis_groups("KAZ", 1990), cis_groups("UKR", 2015)
    (('cis',), ('KAZ',), ('UKR',))
    """
    from .errors import ParameterError

    span = _cis_spans().get(place)
    if span is None:
        return (place,)
    name, start, end = span
    first, joined_on_new_year = _years(start)
    last, left_on_new_year = _years(end) if end else (None, True)
    if _throughout(place, year, year):
        return (CIS,)
    member = _member_throughout(place)
    if year == first and not joined_on_new_year:
        change, when = "joined" if member else "began taking part in", start
    elif year == last and not left_on_new_year:
        change, when = "left" if member else "stopped taking part in", end
    else:
        return (place,)
    raise ParameterError(
        f"year {year}: {name} ({place}) {change} the CIS {'on ' if len(when) == 10 else 'in '}"
        f"{when}, within the year; the data give years, not dates, so its moves of {year} "
        f"are neither inside nor outside the CIS (use another year, or --regions m49)")


def _throughout(country: str, first: int, last: int) -> bool:
    """Whether the country took part in the CIS in every day of the years first..last."""
    span = _cis_spans().get(country)
    if span is None:
        return False
    _name, start, end = span
    year, on_new_year = _years(start)
    if first < (year if on_new_year else year + 1):
        return False
    return not end or last <= _years(end)[0] - 1


def cis_members_throughout(first: int, last: int) -> list[str]:
    """The countries that took part in the CIS in every year from ``first`` to ``last``.

    Examples
    --------
    >>> cis_members_throughout(2000, 2010)
    ['ARM', 'AZE', 'BLR', 'KAZ', 'KGZ', 'MDA', 'RUS', 'TJK', 'TKM', 'UKR', 'UZB']
    >>> cis_members_throughout(1987, 100000)   # since the late 1980s, ongoing: nobody
    []
    """
    return sorted(c for c in _cis_spans() if _throughout(c, first, last))


def cis_members(year: int) -> list[tuple[str, str]]:
    """``[(country, status)]`` of the CIS for the whole of ``year``, by country code.

    Examples
    --------
    >>> [c for c, _ in cis_members(2008)]
    ['ARM', 'AZE', 'BLR', 'GEO', 'KAZ', 'KGZ', 'MDA', 'RUS', 'TJK', 'TKM', 'UKR', 'UZB']
    >>> dict(cis_members(2016))["TKM"], "GEO" in dict(cis_members(2016))
    ('associate member', False)
    """
    from .errors import ParameterError

    members = {}
    for m in cis_table():
        try:
            inside = cis_groups(m.country, year) == (CIS,)
        except ParameterError:
            inside = False
        if inside and int(m.start[:4]) <= year:
            members[m.country] = m.status  # the later period of a country wins
    return sorted(members.items())
