"""The ``intelmig`` command line: thin click commands over the ``graph`` library.

Every error a user can cause arrives here as an :class:`~intelmig.errors.IntelmigError`
and leaves as one line on stderr with exit code 1 (``--debug`` shows the traceback).
Heavy modules are imported inside the commands so that ``intelmig --help`` is fast.
"""

from __future__ import annotations

import sys
import time

import click

from .. import __version__
from ..errors import IntelmigError
from .analytics import corridors, hubs, timeline
from .export import export
from .imports import datasets, import_command, rebuild_command
from .neo4j import browser, neo4j_group
from .options import (
    WORKSPACE_OPTION,
    echo_rows,
    lang_option,
    output_options,
    progress_bar,
    store_options,
)

START_HERE = """\
intelmig {version}: a citeable graph database of intellectual migration.

Start here:
  intelmig seed                 build the graph from the curated seed (embedded, no server)
  intelmig hubs                 donor and recipient hubs per historical stage
  intelmig queries              the named questions you can ask
  intelmig query --name NAME    ask one (add --json or --csv for scripts)
  intelmig query "MATCH (c:Country) RETURN c.id, c.name_en"
  intelmig validate             check the seed files after editing them

Database: {db}  (--db PATH or INTELMIG_DB to change; --store neo4j for a server)
`intelmig COMMAND --help` explains each command.
"""


class IntelmigGroup(click.Group):
    """A group that turns library errors into one-line messages."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except IntelmigError as err:
            if ctx.meta.get("intelmig.debug"):
                raise
            if err.exit_code == 2:
                raise click.UsageError(str(err), ctx) from None
            raise click.ClickException(str(err)) from None
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            raise click.Abort() from None
        except Exception as err:  # an intelmig bug: still no traceback without --debug
            if ctx.meta.get("intelmig.debug"):
                raise
            raise click.ClickException(
                f"internal error: {type(err).__name__}: {err} (rerun with --debug for details)"
            ) from None


@click.group(cls=IntelmigGroup, invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="intelmig")
@click.option("--debug", is_flag=True, help="Show full tracebacks on errors.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """intelmig: a citeable graph database of intellectual migration.

    Seeds a knowledge graph of brain drain, gain, circulation and waste from a
    scholarly article (every fact cites its paragraph), stores it in an embedded
    LadybugDB file or a Neo4j server, and answers questions about it.

    \b
    Example:
        intelmig seed && intelmig query --name top_recipients
    """
    ctx.meta["intelmig.debug"] = debug
    if ctx.invoked_subcommand is None:
        from ..stores import default_db_path

        click.echo(START_HERE.format(version=__version__, db=default_db_path()))


# -- commands -------------------------------------------------------------------

@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def validate(paths, as_json):
    """Check seed YAML files; report every problem with file, line and field.

    PATHS are files or folders (default: the packaged seed). Exits 1 when
    anything is wrong.

    \b
    Example:
        intelmig validate seed/ --json
    """
    import json

    from ..seed import read_seed

    _dataset, report = read_seed(paths or None)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        click.echo(report.summary() if report.valid else
                   f"invalid: {len(report.problems)} problem(s) in {len(report.files)} file(s)",
                   err=not report.valid)
    if not report.valid:
        sys.exit(1)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path())
@WORKSPACE_OPTION
@store_options
def seed(paths, workspace, target):
    """Build the graph from the curated seed files (plus imported datasets), all or nothing.

    The database is derived data, rebuilt every time from the seed (the truth)
    and from the datasets in the import workspace, so running it twice gives the
    same graph. PATHS default to the seed packaged with this version.

    \b
    Example:
        intelmig seed --db /tmp/intelmig.lbug
        intelmig seed seed/        # after editing the YAML in a checkout
    """
    from ..importers import rebuild
    from ..seed import load_seed
    from ..workspace import Workspace

    started = time.perf_counter()
    dataset = load_seed(paths or None)
    imports = Workspace(workspace)
    manifests = imports.manifests()
    total = len(dataset.nodes) + len(dataset.rels) + sum(m["edges"] for m in manifests)
    with progress_bar(total, "Loading") as advance:
        rebuild(target, imports, progress=advance, seed=dataset)
    counts = dataset.counts()
    imported = (f" plus {len(manifests)} imported dataset(s) "
                f"({sum(m['edges'] for m in manifests):,} edges; `intelmig datasets`)"
                if manifests else "")
    click.echo(
        f"Seeded {target.describe()}: {sum(counts['nodes'].values())} nodes, "
        f"{sum(counts['relationships'].values())} relationships{imported} "
        f"in {time.perf_counter() - started:.1f} s"
    )


@cli.command()
@click.argument("cypher", required=False)
@click.option("--name", "-n", "query_name", help="Run a named query from the library.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter (repeatable). Values of ad-hoc queries are JSON if "
                   "they parse (5, true, [\"USA\"]) and text otherwise.")
@click.option("--write", is_flag=True, help="Allow the query to change the database.")
@output_options
@store_options
def query(cypher, query_name, params, write, fmt, target):
    """Run a Cypher query (read-only unless --write) or a named query.

    \b
    Examples:
        intelmig query "MATCH (c:Country) RETURN c.id, c.name_en ORDER BY c.id"
        intelmig query --name flows_by_stage --param era=stage3 --json
    """
    from ..queries import adhoc_query, get_query, split_params

    if bool(cypher) == bool(query_name):
        raise click.UsageError("give either a CYPHER text or --name NAME")
    if query_name:
        named = get_query(query_name)
        text, bound = named.text, named.bind(split_params(list(params)))
    else:
        text, bound = cypher, adhoc_query(cypher, list(params))
    with target.open(write=write) as store:
        result = store.run(text, bound, write=write)
    echo_rows(result.columns, result.rows, fmt)


@cli.command()
@output_options
def queries(fmt):
    """List the named queries with their descriptions and parameters.

    \b
    Example:
        intelmig queries --json
    """
    from ..queries import load_queries

    rows = []
    for named in load_queries().values():
        params = "; ".join(
            f"{p.name} ({p.type.lower()}"
            + (f", default {p.default!r})" if not p.required else ", required)")
            + f": {p.description}"
            for p in named.params
        )
        rows.append([named.name, named.description, params])
    echo_rows(["name", "description", "parameters"], rows, fmt)


@cli.command()
@output_options
@store_options
def stats(fmt, target):
    """Count nodes by label and relationships by type.

    \b
    Example:
        intelmig stats --csv
    """
    with target.open() as store:
        counts = store.counts()
    rows = [["node", label, n] for label, n in counts["nodes"].items()]
    rows += [["relationship", rel, n] for rel, n in counts["relationships"].items()]
    echo_rows(["kind", "name", "count"], rows, fmt)


@cli.command()
@output_options
@lang_option
@store_options
@WORKSPACE_OPTION
def info(fmt, target, workspace):
    """Where the database is, what built it, and whether it matches the packaged seed.

    A database built by another intelmig version or from another seed is
    reported as such: rebuild it with `intelmig seed` (the seed files are the
    truth; a database is never patched by hand).

    \b
    Example:
        intelmig info --json
    """
    from .. import __version__
    from ..seed import load_seed
    from ..status import build_status
    from ..workspace import Workspace

    with target.open() as store:
        meta = store.meta or {}
    status = build_status(meta, seed_fingerprint=load_seed().fingerprint(), version=__version__,
                          workspace_datasets=[m["id"] for m in Workspace(workspace).manifests()]
                          )["status"]
    counts = meta.get("counts", {})
    rows = [
        ["store", target.describe()],
        ["built_by", meta.get("intelmig_version")],
        ["built_at", meta.get("built_at")],
        ["seed_fingerprint", meta.get("fingerprint")],
        ["status", status],
        ["seed_nodes", sum(counts.get("nodes", {}).values())],
        ["seed_relationships", sum(counts.get("relationships", {}).values())],
        ["datasets", ", ".join(meta.get("datasets", [])) or None],
    ]
    if fmt == "table":
        from ..i18n import gettext

        # the usual status in the language; the others name commands to run, in English
        echo_rows([gettext("key"), gettext("value")],
                  [[gettext(key), gettext(value) if key == "status" else value]
                   for key, value in rows], fmt)
    else:  # one record, so scripts read fields by name
        echo_rows([key for key, _ in rows], [[value for _, value in rows]], fmt)


cli.add_command(import_command)
cli.add_command(datasets)
cli.add_command(rebuild_command)
cli.add_command(hubs)
cli.add_command(corridors)
cli.add_command(timeline)
cli.add_command(export)
cli.add_command(browser)
cli.add_command(neo4j_group)


class _WithoutPandas:
    """An import hook under which ``import pandas`` fails, as where pandas is not installed."""

    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ModuleNotFoundError("the intelmig command runs without pandas", name=name)
        return None


def main() -> None:
    """Entry point of the ``intelmig`` console script."""
    # pyarrow imports pandas (0.5-0.7 s of CPU, a quarter of importing a country table) on
    # a process's first pa.array, pa.scalar or pq.read_table, only to recognise pandas
    # objects, which intelmig never hands it. pandas is no dependency of intelmig, so the
    # command runs as it does where pandas is not installed (Result.to_df is for notebooks).
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _WithoutPandas())
    cli(prog_name="intelmig")


if __name__ == "__main__":
    main()
