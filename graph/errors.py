"""Typed errors. The library raises them; the CLI turns each into one line on stderr.

Every error a user can cause derives from `IntelmigError`, so one ``except`` clause
catches them all, and ``exit_code`` says how the command line ends (1: the data or the
environment is at fault, 2: the options are).

Examples
--------
>>> from intelmig.errors import IntelmigError, StoreMissing
>>> try:
...     raise StoreMissing("no database at /tmp/none.lbdb; run `intelmig build`")
... except IntelmigError as err:
...     print(type(err).__name__, err.exit_code, str(err))
StoreMissing 1 no database at /tmp/none.lbdb; run `intelmig build`
"""

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

    Examples
    --------
    >>> err = IntelmigError("flows.yaml:28: passages: unknown passage 'p99'")
    >>> str(err), err.exit_code
    ("flows.yaml:28: passages: unknown passage 'p99'", 1)
    """

    exit_code = 1


class SeedInvalid(IntelmigError):
    """The seed files did not validate; ``report`` holds every problem.

    Raised by `intelmig.seed.load_seed` (and every build) when a seed file breaks a
    rule; exit code 1. The message is the report's one-line summary.

    Examples
    --------
    >>> from intelmig.validation import Report
    >>> report = Report(files=["flows.yaml"])
    >>> report.add("flows.yaml", 28, "passages", "dangling-reference", "unknown passage 'p99'")
    >>> err = SeedInvalid(report)
    >>> print(err)
    invalid seed: flows.yaml:28: passages: unknown passage 'p99' (dangling-reference)
    >>> err.exit_code, len(err.report.problems)
    (1, 1)
    """

    def __init__(self, report):
        self.report = report
        super().__init__(report.summary())


class StoreConfigError(IntelmigError):
    """The store settings are incomplete or contradictory (a usage error: exit code 2).

    Raised when a store is opened, e.g. ``--store neo4j`` without a URI or password.

    Examples
    --------
    >>> from intelmig.stores.target import StoreTarget
    >>> try:
    ...     StoreTarget("neo4j").open()
    ... except StoreConfigError as err:
    ...     print(err.exit_code)
    2
    """

    exit_code = 2


class StoreError(IntelmigError):
    """A store could not do what was asked (exit code 1).

    The base of `StoreMissing`, `StoreDamaged`, `StoreInUse` and `StoreUnavailable`.

    Examples
    --------
    >>> [cls.__name__ for cls in StoreError.__subclasses__()]
    ['StoreMissing', 'StoreDamaged', 'StoreInUse', 'StoreUnavailable']
    """


class StoreMissing(StoreError):
    """The database does not exist yet (exit code 1).

    Raised when a command reads an embedded database file that was never built.

    Examples
    --------
    >>> import tempfile, intelmig
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     try:
    ...         intelmig.connect(tmp + "/none.lbdb")
    ...     except StoreMissing as err:
    ...         print(err.exit_code)
    1
    """


class StoreDamaged(StoreError):
    """The database exists but cannot be trusted; rebuild it from the seed (exit code 1).

    Raised when the file cannot be opened as a LadybugDB database, or its build record is
    missing or from another schema version.

    Examples
    --------
    >>> issubclass(StoreDamaged, StoreError), StoreDamaged.exit_code
    (True, 1)
    """


class StoreInUse(StoreError):
    """Another process holds the embedded database (exit code 1).

    Raised when LadybugDB reports the file locked (for example while a build runs).

    Examples
    --------
    >>> issubclass(StoreInUse, StoreError), StoreInUse.exit_code
    (True, 1)
    """


class StoreUnavailable(StoreError):
    """The server cannot be reached, refused the credentials or lacks the database.

    Raised by the Neo4j store; exit code 1.

    Examples
    --------
    >>> issubclass(StoreUnavailable, StoreError), StoreUnavailable.exit_code
    (True, 1)
    """


class QueryError(IntelmigError):
    """The database rejected a Cypher query (exit code 1).

    Raised by `Store.run` with the backend's message, e.g. for a syntax error.

    Examples
    --------
    >>> QueryError("Parser exception: Invalid input <MATC>").exit_code
    1
    """


class WriteRefused(QueryError):
    """A query that writes was run without ``--write`` (exit code 1).

    Examples
    --------
    >>> issubclass(WriteRefused, QueryError), WriteRefused.exit_code
    (True, 1)
    """


class UnknownQuery(IntelmigError):
    """No named query has that name (exit code 1).

    Raised by `intelmig.queries.get_query`.

    Examples
    --------
    >>> from intelmig.queries import get_query
    >>> try:
    ...     get_query("no-such-query")
    ... except UnknownQuery as err:
    ...     print(err.exit_code)
    1
    """


class ParameterError(IntelmigError):
    """A query parameter is missing, unknown or malformed (exit code 1).

    Raised by `intelmig.queries.parse_adhoc_params`, `NamedQuery.bind` and the analyses.

    Examples
    --------
    >>> from intelmig.queries import parse_adhoc_params
    >>> try:
    ...     parse_adhoc_params(["year"])
    ... except ParameterError as err:
    ...     print(err.exit_code)
    1
    """


class ImportInvalid(IntelmigError):
    """A dataset file could not be imported: nothing of it was kept anywhere (exit code 1).

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

    ``sources`` lists ``(source id, measure)`` of each candidate. Exit code 1.

    Examples
    --------
    >>> err = AmbiguousSource("two datasets answer; pass --dataset",
    ...                       [("undesa", "stock"), ("mpidr", "flow")])
    >>> err.sources, isinstance(err, ParameterError)
    ([('undesa', 'stock'), ('mpidr', 'flow')], True)
    """

    def __init__(self, message: str, sources: list | None = None):
        self.sources = sources or []
        super().__init__(message)
