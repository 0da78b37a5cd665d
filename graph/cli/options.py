"""Options shared by every intelmig command: output format and which store to use.

One definition serves every command (as in sqlite-utils), so ``--json``/``--csv``
and ``--store``/``--db``/``--uri``/... mean the same everywhere.
"""

from __future__ import annotations

import contextlib
import functools
import sys

import click

from ..stores.target import StoreTarget

__all__ = [
    "WORKSPACE_OPTION",
    "echo_rows",
    "lang_option",
    "output_options",
    "progress_bar",
    "store_options",
]

WORKSPACE_OPTION = click.option(
    "--workspace", type=click.Path(file_okay=False), envvar="INTELMIG_WORKSPACE",
    help="Workspace folder of imported datasets [env INTELMIG_WORKSPACE; default "
         "'workspace' next to the default database].")


def lang_option(command):
    """``--lang en|kk|ru``: the language of a table's words and names (--table only).

    The command runs inside :func:`intelmig.i18n.language`, so everything it labels
    follows; ``--json`` and ``--csv`` keep English keys and values for scripts.
    """
    command = click.option(
        "--lang", type=click.Choice(["en", "kk", "ru"]), default="en", show_default=True,
        envvar="INTELMIG_LANG", help="Language of the table's headers, words and place "
        "names [env INTELMIG_LANG]; --json and --csv stay English.")(command)

    @functools.wraps(command)
    def wrapper(*args, lang, **kwargs):
        from ..i18n import language

        with language(lang):
            return command(*args, **kwargs)

    return wrapper


def output_options(command):
    """``--json`` / ``--csv`` / ``--table`` for every command that prints rows."""
    command = click.option("--table", "fmt", flag_value="table", default=True,
                           help="A readable table (default).")(command)
    command = click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")(
        command)
    command = click.option("--json", "fmt", flag_value="json",
                           help="A JSON list of objects.")(command)
    return command


def store_options(command):
    """Which store to use: the embedded file (default) or a Neo4j server."""
    options = [
        click.option("--store", type=click.Choice(["embedded", "neo4j"]), default="embedded",
                     envvar="INTELMIG_STORE", show_default=True,
                     help="Embedded LadybugDB file or a Neo4j server."),
        click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="INTELMIG_DB",
                     help="Embedded database file [env INTELMIG_DB; default "
                          "~/.local/share/intelmig/intelmig.lbug]."),
        click.option("--uri", envvar="NEO4J_URI", help="Neo4j URI, e.g. bolt://127.0.0.1:7687 "
                     "or neo4j+s://host [env NEO4J_URI]."),
        click.option("--user", envvar="NEO4J_USER", default="neo4j", show_default=True,
                     help="Neo4j user [env NEO4J_USER]."),
        click.option("--password", envvar="NEO4J_PASSWORD",
                     help="Neo4j password [env NEO4J_PASSWORD]; prompted (hidden) if missing."),
        click.option("--database", envvar="NEO4J_DATABASE", default="neo4j", show_default=True,
                     help="Neo4j database name [env NEO4J_DATABASE]."),
    ]
    for option in reversed(options):
        command = option(command)

    @functools.wraps(command)
    def wrapper(*args, store, db_path, uri, user, password, database, **kwargs):
        if store == "neo4j" and uri and password is None and sys.stdin.isatty():
            password = click.prompt("Neo4j password", hide_input=True)
        kwargs["target"] = StoreTarget(store, db_path, uri, user, password, database)
        return command(*args, **kwargs)

    return wrapper


def echo_rows(columns, rows, fmt: str) -> None:
    from ..i18n import gettext
    from ..output import render

    if fmt == "table" and not rows:
        click.echo(gettext("(no rows)"), err=True)
        return
    click.echo(render(columns, rows, fmt))


@contextlib.contextmanager
def progress_bar(total: int, label: str):
    """A progress bar on stderr when it is a terminal; in a pipe or a CI log, nothing.

    Yields the function to call with the number of records done.
    """
    if not sys.stderr.isatty():
        yield lambda _done: None
        return
    with click.progressbar(length=total, label=label, file=sys.stderr) as bar:
        yield bar.update
