"""Reliability figures of a test run: faults injected, bad inputs tried, rows lost.

Fault, bad-input and security tests count what they did with :func:`record`;
``pytest_terminal_summary`` (re-exported by ``tests/conftest.py``) prints the
totals at the end of the run, so every run states its own evidence. ``rows_lost``
is the number of rows by which a store or workspace differed from its expected
state after a fault; the tests assert it is 0, and the summary shows it.

Examples
--------
>>> FIGURES.clear(); record("faults", 2); record("rows_checked", 10)
>>> summary_lines()[1]
'faults injected: 2 (kill -9, failed loads, server stops, lock contention)'
>>> FIGURES.clear()
"""

from __future__ import annotations

from collections import Counter

__all__ = ["FIGURES", "pytest_terminal_summary", "record", "record_comparison", "summary_lines"]

FIGURES: Counter = Counter()

_LINES = (
    ("faults", "faults injected: {} (kill -9, failed loads, server stops, lock contention)"),
    ("bad_inputs", "bad inputs tried: {} (generated and mutated seed and dataset files)"),
    ("hostile_values", "hostile values sent: {} (names and --param values, both stores)"),
    ("rows_checked", "rows compared after faults: {}"),
    ("rows_lost", "rows lost: {}"),
)


def record(figure: str, count: int = 1) -> None:
    """Add ``count`` to one of the figures (``faults``, ``bad_inputs``, ...)."""
    FIGURES[figure] += count


def record_comparison(before: dict, after: dict) -> int:
    """Count rows compared and lost between two ``Store.counts()`` results; returns lost.

    A row is lost (or spurious) when a label or type count differs; the caller
    still asserts equality, this only makes the difference part of the figures.
    """
    lost = 0
    checked = 0
    for section in ("nodes", "relationships"):
        for name, expected in before[section].items():
            actual = after[section].get(name, 0)
            checked += expected
            lost += abs(expected - actual)
    record("rows_checked", checked)
    record("rows_lost", lost)
    return lost


def summary_lines() -> list[str]:
    return ["intelmig reliability summary"] + [
        text.format(FIGURES.get(key, 0)) for key, text in _LINES
    ]


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    if not any(FIGURES.get(key) for key, _ in _LINES):
        return
    terminalreporter.section("reliability")
    for line in summary_lines():
        terminalreporter.write_line(line)
