"""Labels of figures and tables in English, Kazakh or Russian (``--lang en|kk|ru``).

Three sources, in this order:

* the graph's own names: ``name_kk``/``name_ru`` of seed nodes (places, eras, sources),
  written and reviewed with the source article;
* ISO 3166 country names from pycountry's translations (the Debian iso-codes
  gettext catalogues: ``iso3166-1`` for present countries, ``iso3166-3`` for former
  ones such as the Soviet Union), which cover every ISO country in Kazakh and Russian;
* the words of the figures and tables (measure names, legend entries, headers):
  the gettext catalogues ``locale/{kk,ru}.po`` beside this module, read with Babel.

A missing translation falls back to English, never to an id.

Examples
--------
>>> with language("kk"):
...     gettext("no data"), place_name("DEU", "Germany")
('деректер жоқ', 'Германия')
>>> place_name("SUN", "USSR", lang="ru"), place_name("KAZ", "Kazakhstan")
('Союз Советских Социалистических Республик', 'Kazakhstan')
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from importlib import resources

__all__ = ["LANGUAGES", "current", "gettext", "language", "number", "place_name"]

LANGUAGES = ("en", "kk", "ru")
_current = contextvars.ContextVar("intelmig_language", default="en")


def current() -> str:
    """The language labels are produced in now: ``"en"``, ``"kk"`` or ``"ru"``.

    Examples
    --------
    >>> current()
    'en'
    >>> with language("ru"):
    ...     current()
    'ru'
    """
    return _current.get()


@contextlib.contextmanager
def language(lang: str):
    """Produce labels in ``lang`` inside the ``with`` block.

    Raises
    ------
    intelmig.errors.ParameterError
        For a language other than en, kk, ru.

    Examples
    --------
    >>> with language("kk"):
    ...     gettext("no data")
    'деректер жоқ'
    >>> with language("de"):
    ...     pass
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: language must be one of en, kk, ru, got 'de'
    """
    from ..errors import ParameterError

    if lang not in LANGUAGES:
        raise ParameterError(f"language must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    token = _current.set(lang)
    try:
        yield
    finally:
        _current.reset(token)


@functools.cache
def _catalogue(lang: str) -> dict:
    from babel.messages.pofile import read_po

    with resources.files(__package__).joinpath("locale", f"{lang}.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return {m.id: m.string for m in catalog if m.id and m.string and not m.fuzzy}


def gettext(message: str, lang: str | None = None) -> str:
    """``message`` (English) in the current language; English when not translated.

    Parameters
    ----------
    message : str
        The English text, the msgid of ``locale/{kk,ru}.po``.
    lang : {"en", "kk", "ru"}, optional
        Overrides the current language.

    Examples
    --------
    >>> gettext("no data", lang="ru"), gettext("no such label", lang="ru")
    ('нет данных', 'no such label')
    """
    lang = lang or current()
    if lang == "en":
        return message
    return _catalogue(lang).get(message, message)


def number(value: float, digits: int = 0, lang: str | None = None) -> str:
    """A number as the current language writes it (CLDR via Babel), with a true minus.

    Parameters
    ----------
    value : float
    digits : int
        Decimal places shown (rounded half-even, as CLDR).
    lang : {"en", "kk", "ru"}, optional
        Overrides the current language.

    Examples
    --------
    >>> number(-1234567.0), number(-1234567.0, lang="ru"), number(2.5, 1, lang="kk")
    ('−1,234,567', '−1\xa0234\xa0567', '2,5')
    """
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    text = format_decimal(value, format=pattern, locale=lang or current())
    return text.replace("-", "\u2212")


@functools.cache
def _iso_translation(domain: str, lang: str):
    import gettext as stdlib_gettext

    import pycountry

    return stdlib_gettext.translation(domain, pycountry.LOCALES_DIR, languages=[lang],
                                      fallback=True)


def _iso_name(code: str, lang: str) -> str | None:
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is not None:
        name = getattr(country, "common_name", None) or country.name
        translated = _iso_translation("iso3166-1", lang).gettext(name)
        if translated == name and name != country.name:
            translated = _iso_translation("iso3166-1", lang).gettext(country.name)
        return translated
    former = pycountry.historic_countries.get(alpha_3=code)
    if former is not None:
        # "USSR, Union of Soviet Socialist Republics": the short name before the comma
        return _iso_translation("iso3166-3", lang).gettext(former.name).split(", ")[0]
    return None


def place_name(place: str, english: str, graph=None, lang: str | None = None) -> str:
    """The name of a place in the current language (or ``lang``).

    Parameters
    ----------
    place : str
        The node id (ISO 3166-1 alpha-3 for countries).
    english : str
        Its English name, the fallback.
    graph : networkx graph, optional
        Holds the node's own ``name_kk``/``name_ru``, which win.
    lang : {"en", "kk", "ru"}, optional
        Overrides the current language.

    Returns
    -------
    str
        The graph's own name, else the ISO 3166 translation (pycountry), else `english`.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.DiGraph()
    >>> g.add_node("cis", name_ru="СНГ")
    >>> place_name("cis", "CIS", g, lang="ru"), place_name("KAZ", "Kazakhstan", lang="ru")
    ('СНГ', 'Казахстан')
    >>> place_name("cis", "CIS", lang="kk")     # no translation: English, never the id
    'CIS'
    """
    lang = lang or current()
    if lang == "en":
        return english
    if graph is not None and place in graph:
        own = graph.nodes[place].get(f"name_{lang}")
        if own:
            return own
    return _iso_name(place, lang) or english
