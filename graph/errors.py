"""Typed errors. The library raises them; the CLI turns each into one line on stderr."""

from __future__ import annotations

__all__ = [
    "AmbiguousSource",
    "ImportInvalid",
    "IntelmigError",
    "ParameterError",
    "QueryError",
    "SeedInvalid",
    "StoreConfigError",
    "StoreDamaged",
    "StoreError",
    "StoreInUse",
    "StoreMissing",
    "StoreUnavailable",
    "UnknownQuery",
    "WriteRefused",
]


class IntelmigError(Exception):
    """Base of every error a user can cause; ``str(err)`` is the whole message.

    ``exit_code`` is what the command line exits with: 1 for errors in the data or the
    environment, 2 for usage errors (options missing or contradictory).
    """

    exit_code = 1


class SeedInvalid(IntelmigError):
    """The seed files did not validate; ``report`` holds every problem."""

    def __init__(self, report):
        self.report = report
        super().__init__(report.summary())


class StoreConfigError(IntelmigError):
    """The store settings are incomplete or contradictory (a usage error: exit code 2)."""

    exit_code = 2


class StoreError(IntelmigError):
    """A store could not do what was asked."""


class StoreMissing(StoreError):
    """The database does not exist yet."""


class StoreDamaged(StoreError):
    """The database exists but cannot be trusted; rebuild it from the seed."""


class StoreInUse(StoreError):
    """Another process holds the embedded database."""


class StoreUnavailable(StoreError):
    """The server cannot be reached, refused the credentials or lacks the database."""


class QueryError(IntelmigError):
    """The database rejected a Cypher query."""


class WriteRefused(QueryError):
    """A query that writes was run without ``--write``."""


class UnknownQuery(IntelmigError):
    """No named query has that name."""


class ParameterError(IntelmigError):
    """A query parameter is missing, unknown or malformed."""


class ImportInvalid(IntelmigError):
    """A dataset file could not be imported: nothing of it was kept anywhere.

    ``problems`` lists :class:`intelmig.validation.Problem` records (file, line, field,
    ``type`` slug of :data:`intelmig.validation.PROBLEM_TYPES`, message): the error
    itself when one place is at fault, or every unknown code of the file.
    ``str(err)`` is the one-line message the command line prints.

    Examples
    --------
    >>> err = ImportInvalid("flows.csv: row 7: field 'n': 'x' is not a number",
    ...                     file="flows.csv", line=7, field="n", type="bad-number")
    >>> err.problems[0].to_dict()["type"], err.problems[0].line, err.exit_code
    ('bad-number', 7, 1)
    """

    def __init__(self, message: str, problems: list | None = None, *,
                 type: str = "bad-file", file: str | None = None,
                 line: int | None = None, field: str | None = None):
        from .validation import Problem

        self.problems = problems if problems else [
            Problem(str(file) if file is not None else "", line, field, type, message)]
        super().__init__(message)


class AmbiguousSource(ParameterError):
    """Several datasets (or the seed and a dataset) could answer one analysis; name one.

    ``sources`` lists ``(source id, measure)`` of each candidate.
    """

    def __init__(self, message: str, sources: list | None = None):
        self.sources = sources or []
        super().__init__(message)
