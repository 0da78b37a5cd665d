"""A volume known only as a range: the article's «2-10 мың» and «жуық 100 мың» are intervals.

:class:`Interval` is the one place where a lower and an upper bound become text, in the
three spellings intelmig prints: ``console`` (plain ASCII for terminals and CSV cells),
``typeset`` (en dash and ≥ for LaTeX and Markdown tables) and ``words`` (the catalogue's
"{low} to {high}" in the chosen language, for figure legends). A bound may be infinite
(no upper bound stated) or missing (no value at all). Whether an interval is shown as one
number is decided on the printed text: an interval whose bounds print alike is exact to
the reader, so ``1,780..1,780`` is never shown.

Examples
--------
>>> Interval(2000.0, 9999.0).text()
'2,000..9,999'
>>> Interval(1780.0, 1780.0).text(), Interval(1779.9, 1780.2).text()
('1,780', '1,780')
>>> Interval(500.0, float("inf")).text(), Interval(500.0, float("inf")).text("typeset")
('>= 500', '≥ 500')
>>> Interval(0.25, 0.5).text(number="{:.2f}".format), Interval(None, None).text()
('0.25..0.50', '')
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

__all__ = ["STYLES", "Interval"]

# style -> (between, at least, at most); None: the bound's own text (e.g. "∞") is shown.
STYLES = {
    "console": ("{low}..{high}", ">= {low}", "<= {high}"),
    "typeset": ("{low}–{high}", "≥ {low}", "≤ {high}"),
    "words": (None, None, None),
}


def _thousands(value: float) -> str:
    return f"{value:,.0f}"


@dataclass(frozen=True)
class Interval:
    """A quantity between ``low`` and ``high`` (same unit; ``inf`` = no upper bound).

    Parameters
    ----------
    low, high : float or None
        The bounds; ``-inf``/``inf`` for an open side, both None for no value.

    Raises
    ------
    ValueError
        ``low`` is greater than ``high`` by more than rounding.

    Examples
    --------
    >>> Interval(-94.0, -94.0).text(), Interval(-math.inf, 5.0).text()
    ('-94', '<= 5')
    >>> Interval(10.0, 2.0)
    Traceback (most recent call last):
    ...
    ValueError: interval 10.0..2.0: low is greater than high
    """

    low: float | None
    high: float | None

    def __post_init__(self) -> None:
        if (self.low is not None and self.high is not None and self.low > self.high
                and not math.isclose(self.low, self.high, rel_tol=1e-9, abs_tol=1e-9)):
            raise ValueError(f"interval {self.low}..{self.high}: low is greater than high")

    @property
    def exact(self) -> bool:
        """True when both bounds are the same finite number."""
        return self.low is not None and self.low == self.high and math.isfinite(self.low)

    def text(self, style: str = "console", number: Callable[[float], str] = _thousands
             ) -> str:
        """The interval as text in a ``style`` of :data:`STYLES`, each bound by ``number``.

        Examples
        --------
        >>> Interval(2000.0, 9999.0).text("typeset")
        '2,000–9,999'
        >>> Interval(2000.0, 9999.0).text("words", number=lambda v: f"{v:.0f}")
        '2000 to 9999'
        """
        if self.low is None and self.high is None:
            return ""
        between, at_least, at_most = STYLES[style]
        if style == "words":
            from .i18n import gettext

            between = gettext("{low} to {high}")
        low = None if self.low is None else number(self.low)
        high = None if self.high is None else number(self.high)
        if high is None or (at_least and math.isinf(self.high)):
            return (at_least or "{low}").format(low=low)
        if low is None or (at_most and math.isinf(self.low)):
            return (at_most or "{high}").format(high=high)
        if low == high:
            return low
        return between.format(low=low, high=high)
