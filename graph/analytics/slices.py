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
OPEN_END = 10**6  # an ongoing era or flow reaches every later year


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

    def __post_init__(self) -> None:
        if self.era is None:
            object.__setattr__(self, "era", "")
        if (self.year_from is not None and self.year_to is not None
                and self.year_from > self.year_to):
            raise ParameterError(f"the range starts after it ends: {self.year_from} > "
                                 f"{self.year_to}")

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
        return cls(era or "", year_from, year_to)

    @property
    def is_years(self) -> bool:
        return self.year_from is not None or self.year_to is not None

    @property
    def is_everything(self) -> bool:
        """No era and no years: the whole graph."""
        return not self.era and not self.is_years

    def describe(self) -> str:
        """A short description for captions and file metadata (``era stage1, 1960–1995``).

        Examples
        --------
        >>> Slice(era="stage1").describe(), Slice(year_from=1960, year_to=1995).describe()
        ('era stage1', '1960–1995')
        >>> Slice().describe(), Slice(year_from=2019, year_to=2019).describe()
        ('all periods', '2019')
        """
        parts = []
        if self.era:
            parts.append(f"era {self.era}")
        if self.is_years:
            if self.year_from == self.year_to:
                parts.append(str(self.year_from))
            else:
                parts.append(f"{self.year_from or '…'}–{self.year_to or '…'}")
        return ", ".join(parts) or "all periods"

    def admits(self, span: tuple[int | None, int | None] | None, era: str | None) -> bool:
        """Whether an export of this slice shows a fact of years ``span`` and era ``era``.

        The export rule: a fact is shown when its years (or its era's) *overlap* the
        slice, so the graph of 1960 still holds the 1960-1989 flow that was under way;
        an open end reaches every later year. A *measure* of the slice counts a fact
        only when its span lies within (:meth:`params`).

        Examples
        --------
        >>> since_1990 = Slice(year_from=1990)
        >>> since_1990.admits((1960, 1989), None), since_1990.admits((1985, 1995), None)
        (False, True)
        >>> Slice(era="stage1").admits(None, "stage1"), Slice(year_to=1950).admits(None, None)
        (True, False)
        """
        if self.era and era != self.era:
            return False
        if not self.is_years:
            return True
        if span is None:
            return False
        start, end = span
        low = start if start is not None else end
        high = end if end is not None else OPEN_END
        return ((self.year_to is None or low is None or low <= self.year_to)
                and (self.year_from is None or high >= self.year_from))

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
