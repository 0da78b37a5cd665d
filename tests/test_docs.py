"""The README's tour runs as written, and every command is documented (as sqlite-utils does)."""

from __future__ import annotations

import re
import shlex

import pytest

from intelmig.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")
TOUR = README[README.index("## Tour"):README.index("## More")]
TOUR_COMMANDS = [
    shlex.split(line.split("  #")[0])[1:]
    for line in re.findall(r"^intelmig .*$", TOUR, flags=re.MULTILINE)
]


def test_the_tour_has_commands():
    assert len(TOUR_COMMANDS) >= 8


@pytest.mark.parametrize("args", TOUR_COMMANDS, ids=[" ".join(a)[:40] for a in TOUR_COMMANDS])
def test_every_tour_command_runs(runner, db_env, args):
    if args[0] == "seed":
        args = [*args, "--db", str(db_env.parent / "tour.lbug")]
    if args[0] == "validate":
        args = ["validate", str(ROOT / "seed")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.output


def test_every_command_is_documented():
    documented = README + "".join(p.read_text(encoding="utf-8")
                                  for p in (ROOT / "docs").glob("*.md"))
    for name in cli.commands:
        assert f"intelmig {name}" in documented, f"`intelmig {name}` is not documented"


def test_the_readme_python_example_runs(db_env, monkeypatch, capsys):
    block = README[README.index("## From Python"):].split("```python\n", 1)[1].split("```")[0]
    monkeypatch.setenv("INTELMIG_DB", str(db_env))
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert namespace["kazakhstan"] == [{"id": "KAZ"}]
    assert namespace["hubs"].about["dataset"] == "seed"
    assert namespace["hubs"].to_df().shape[0] == len(namespace["hubs"].rows) > 0
    assert "'measure': 'flow'" in capsys.readouterr().out
