"""Time slices of an analysis: a named era, a single year, a range of years, or all time.

A slice becomes the ``$era``, ``$year_from``, ``$year_to``, ``$eras`` and
``$undated`` parameters of the ``cypher/analytics/*.cypher`` queries. A fact
counts in a slice only if its whole span lies within it: an imported row
(``year``) when its year does; a stated flow with ``year_start``/``year_end``
when both ends do (the article's 1960-1989 flow is not a 1960 figure, it is in
1950-1990; an ongoing flow, with no ``year_end``, only in a range open at its
end); a stated flow dated only by its era when the era's years do. An era slice
keeps exactly the edges tagged with that era.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ParameterError

__all__ = ["ALL_TIME", "YEAR_MAX", "YEAR_MIN", "Slice"]

YEAR_MIN, YEAR_MAX = -100000, 100000


@dataclass(frozen=True)
class Slice:
    """One time slice: an era, one year, a range of years, or all time (the default).

    Build it with :meth:`Slice.of`, which checks the choice; :attr:`label` names it in
    every answer, :meth:`params` turns it into the parameters of the analytics queries.

    Attributes
    ----------
    era : str
        An Era id (``stage1`` ...), or ``""``.
    year_from, year_to : int or None
        The first and last year, both included; None leaves that end open.

    Examples
    --------
    >>> Slice.of(era="stage2").label, Slice.of(year=2020).label, Slice.of().label
    ('era stage2', 'year 2020', 'all time')
    >>> Slice.of(year_from=1990, year_to=2000).label, Slice.of(year_from=1990).label
    ('years 1990-2000', 'years 1990-')
    >>> Slice.of(year=2020) == Slice.of(year_from=2020, year_to=2020)
    True

    The article's 1960-1989 era counts in a slice only when its years lie within:

    >>> eras = [{"id": "stage3", "start_year": 1960, "end_year": 1989}]
    >>> Slice.of(year=1960).params(eras)["eras"]
    []
    >>> Slice.of(year_from=1950, year_to=1990).params(eras)["eras"]
    ['stage3']
    >>> Slice.of(era="stage1", year=1950)
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: choose one slice: an era, a year, or a range of years
    >>> Slice.of(year_from=2000, year_to=1990)
    Traceback (most recent call last):
    ...
    intelmig.errors.ParameterError: the range starts after it ends: 2000 > 1990
    """

    era: str = ""
    year_from: int | None = None
    year_to: int | None = None

    @classmethod
    def of(cls, era=None, year=None, year_from=None, year_to=None) -> Slice:
        """The slice for an era id, a year, or a range (either end may be open).

        Raises
        ------
        ParameterError
            When more than one of the three is given, or the range starts after it ends.
        """
        given = [era is not None and era != "", year is not None,
                 year_from is not None or year_to is not None]
        if sum(given) > 1:
            raise ParameterError("choose one slice: an era, a year, or a range of years")
        if year is not None:
            return cls("", int(year), int(year))
        if year_from is not None and year_to is not None and year_from > year_to:
            raise ParameterError(f"the range starts after it ends: {year_from} > {year_to}")
        return cls(era or "", year_from, year_to)

    @property
    def is_years(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    @property
    def label(self) -> str:
        if self.era:
            return f"era {self.era}"
        if not self.is_years:
            return "all time"
        if self.year_from == self.year_to:
            return f"year {self.year_from}"
        first = "" if self.year_from is None else self.year_from
        last = "" if self.year_to is None else self.year_to
        return f"years {first}-{last}"

    def params(self, eras: list[dict]) -> dict:
        """Cypher parameters; ``eras`` are the Era records (id, start_year, end_year).

        ``eras`` of the result are the eras whose years lie within the slice; open ends
        become ``YEAR_MIN``/``YEAR_MAX``; ``undated`` keeps facts without any date (all
        time only).
        """
        low = YEAR_MIN if self.year_from is None else self.year_from
        high = YEAR_MAX if self.year_to is None else self.year_to
        within = [
            e["id"] for e in eras
            if e.get("start_year") is not None
            and e["start_year"] >= low and (e.get("end_year") or YEAR_MAX) <= high
        ]
        return {
            "era": self.era,
            "year_from": low,
            "year_to": high,
            "eras": [self.era] if self.era else within,
            "undated": not self.era and not self.is_years,
        }


ALL_TIME = Slice()
