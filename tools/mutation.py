"""Mutation testing of intelmig: how many small bugs do the tests catch?

Each mutant is one small change to one module of ``graph/`` (a comparison
flipped, ``+`` for ``-``, a number off by one, ``and`` for ``or``, a ``not``
dropped, a value returned as ``None``). The mutated copy of ``graph/`` is laid
out as the package ``intelmig`` in a temp folder that comes first on
``PYTHONPATH`` (the wheel maps ``graph/`` to ``intelmig`` and editable installs
cannot, so nothing is reinstalled), and a fast subset of the tests runs against
it with a timeout. A mutant is *killed* when the tests fail (or time out), a
*survivor* when they pass. Survivors known to behave exactly like the original
are listed, with the reason, in ``tools/mutation_equivalent.txt`` and left out of
the rate.

Why not mutmut or cosmic-ray: docs/testing.md. Not part of CI: a run takes minutes per
module.

Usage::

    tools/mutation.sh                                  # every module below, 20 mutants each
    tools/mutation.sh graph/analytics/hubs.py --sample 10
    tools/mutation.sh graph/importers/values.py --tests "tests/test_import.py -k bad_row"
    tools/mutation.sh --list graph/export/tables.py    # the mutants, nothing run
"""

from __future__ import annotations

import argparse
import ast
import copy
import os
import random
import re
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = Path(__file__).resolve().parent / "mutation_equivalent.txt"

# Each module with the tests that cover it, chosen to run in seconds, in process (the
# subprocess tests of tests/test_faults_embedded.py import the installed package, not
# the mutant).
ANALYTICS = ["tests/test_analytics.py", "tests/test_analytics_measures.py", "-k",
             "not matches_igraph and not match_igraph or seed"]
IMPORTS = ["tests/test_import.py", "tests/test_bad_input.py", "-k",
           "not test_bad_input or valid_cells or count or year_out"]
SEED = ["tests/test_seed_validation.py", "tests/test_bad_input.py", "-k",
        "not test_bad_input or valid_edits or seed_loader"]
MODULES = {
    "graph/analytics/aggregate.py": ANALYTICS,
    "graph/analytics/hubs.py": ANALYTICS,
    "graph/analytics/slices.py": ANALYTICS,
    "graph/importers/reading.py": IMPORTS,
    "graph/importers/values.py": IMPORTS,
    "graph/importers/sink.py": IMPORTS,
    "graph/importers/countries.py": IMPORTS,
    "graph/seed/reader.py": SEED,
    "graph/export/graphml.py": ["tests/test_export_files.py", "-k", "graphml or hard_cases"],
    "graph/export/gexf.py": ["tests/test_export_gexf.py"],
    "graph/export/tables.py": ["tests/test_export_papers.py", "-k",
                               "table or markdown or latex"],
    "graph/stores/embedded.py": ["tests/test_embedded_store.py", "tests/test_faults_embedded.py",
                                 "-k", "not kill_9 and not process and not two_seeds"],
}

_COMPARISONS = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
                ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In,
                ast.Is: ast.IsNot, ast.IsNot: ast.Is}
_ARITHMETIC = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult,
               ast.FloorDiv: ast.Mult, ast.Mod: ast.FloorDiv}


@dataclass
class Mutant:
    module: str     # path relative to the checkout, e.g. graph/analytics/hubs.py
    line: int
    context: str    # the source line, stripped
    before: str     # the changed expression, as source
    after: str
    source: str     # the whole mutated module
    nth: int = 1    # which of the same change on the same line text
    column: int = 0

    @property
    def key(self) -> str:
        """How tools/mutation_equivalent.txt names it: stable when lines move."""
        return f"{self.module}: {self.context} | {self.before} -> {self.after} #{self.nth}"

    def __str__(self) -> str:
        return (f"{self.module}:{self.line}:{self.column + 1}: {self.context} | "
                f"{self.before} -> {self.after}")


def _docstrings(tree) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _variants(node, docstrings) -> list[tuple[str, object]]:
    """``(operator, change)`` pairs for one node; ``change(copy)`` mutates a copy of it."""
    out = []
    if isinstance(node, ast.Compare):
        for i, op in enumerate(node.ops):
            if type(op) in _COMPARISONS:
                out.append(("comparison", lambda n, i=i, op=op: n.ops.__setitem__(
                    i, _COMPARISONS[type(op)]())))
    elif isinstance(node, ast.BinOp) and type(node.op) in _ARITHMETIC:
        out.append(("arithmetic", lambda n: setattr(n, "op", _ARITHMETIC[type(n.op)]())))
    elif isinstance(node, ast.AugAssign) and type(node.op) in _ARITHMETIC:
        out.append(("arithmetic", lambda n: setattr(n, "op", _ARITHMETIC[type(n.op)]())))
    elif isinstance(node, ast.BoolOp):
        out.append(("and/or", lambda n: setattr(
            n, "op", ast.Or() if isinstance(n.op, ast.And) else ast.And())))
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        out.append(("drop not", None))
    elif isinstance(node, ast.Constant) and id(node) not in docstrings:
        value = node.value
        if isinstance(value, bool):
            out.append(("constant", lambda n: setattr(n, "value", not n.value)))
        elif isinstance(value, (int, float)):
            out.append(("constant", lambda n: setattr(n, "value", n.value + 1)))
    elif isinstance(node, ast.Return) and node.value is not None and not (
            isinstance(node.value, ast.Constant) and node.value.value is None):
        out.append(("return None", lambda n: setattr(n, "value", ast.Constant(None))))
    return out


def _in_annotation_or_all(tree) -> set[int]:
    """Nodes whose change means nothing at run time: annotations and ``__all__``."""
    skip = set()
    for node in ast.walk(tree):
        parts = []
        if isinstance(node, (ast.arg, ast.AnnAssign)) and node.annotation is not None:
            parts.append(node.annotation)
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.returns:
            parts.append(node.returns)
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets):
            parts.append(node.value)
        for part in parts:
            skip.update(id(n) for n in ast.walk(part))
    return skip


def mutants_of(module: str) -> list[Mutant]:
    """Every mutant of one module, in source order."""
    text = (ROOT / module).read_text(encoding="utf-8")
    lines = text.splitlines()
    tree = ast.parse(text)
    docstrings, skip = _docstrings(tree), _in_annotation_or_all(tree)
    found = []
    # ast.walk visits a deep copy in the same order: the index finds the node again.
    for index, node in enumerate(ast.walk(tree)):
        if id(node) in skip:
            continue
        for _operator, change in _variants(node, docstrings):
            mutated = copy.deepcopy(tree)
            target = next(n for i, n in enumerate(ast.walk(mutated)) if i == index)
            before = ast.unparse(target)
            if change is None:  # drop `not`: the operand takes the node's place
                _replace(mutated, target, target.operand)
                after = ast.unparse(target.operand)
            else:
                change(target)
                after = ast.unparse(target)
            if before != after:
                found.append(Mutant(module, node.lineno, _short(lines[node.lineno - 1]),
                                    _short(before), _short(after), ast.unparse(mutated),
                                    column=node.col_offset))
    found.sort(key=lambda m: (m.line, m.column, m.before, m.after))
    seen: dict = {}
    for mutant in found:
        same = (mutant.context, mutant.before, mutant.after)
        mutant.nth = seen[same] = seen.get(same, 0) + 1
    return found


def _replace(tree, old, new) -> None:
    for parent in ast.walk(tree):
        for field, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, field, new)
                return
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if item is old:
                        value[i] = new
                        return


def _short(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def equivalent_keys(path: Path = EQUIVALENT) -> dict[str, str]:
    """``{key: reason}`` from ``path``: lines ``KEY  # reason``."""
    if not path.exists():
        return {}
    keys = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, reason = line.partition("  # ")
            keys[key.strip()] = reason.strip()
    return keys


class Sandbox:
    """A temp folder holding a copy of ``graph/`` as ``intelmig`` (plus seed/ and cypher/)."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="intelmig-mutation-"))
        shutil.copytree(ROOT / "graph", self.root / "intelmig",
                        ignore=shutil.ignore_patterns("__pycache__"))
        for data in ("seed", "cypher"):
            (self.root / data).symlink_to(ROOT / data)

    def env(self) -> dict:
        env = dict(os.environ, PYTHONPATH=str(self.root), PYTHONDONTWRITEBYTECODE="1")
        env.pop("INTELMIG_DB", None)
        return env

    def run(self, tests: list[str], timeout: float) -> tuple[str, float]:
        """``(outcome, seconds)``: outcome passed, failed or timeout."""
        started = time.monotonic()
        command = [sys.executable, "-m", "pytest", "-x", "-q", "--no-header",
                   "-p", "no:cacheprovider", "-c", str(ROOT / "pyproject.toml"),
                   "--rootdir", str(ROOT), *[_absolute(t) for t in tests]]
        # cwd in the sandbox: Hypothesis keeps its example database there, not in the checkout
        process = subprocess.Popen(command, cwd=self.root, env=self.env(),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            return "timeout", time.monotonic() - started
        return ("passed" if code == 0 else "failed"), time.monotonic() - started

    def write(self, module: str, source: str) -> None:
        (self.root / "intelmig" / Path(module).relative_to("graph")).write_text(
            source, encoding="utf-8")

    def restore(self, module: str) -> None:
        shutil.copyfile(ROOT / module, self.root / "intelmig" / Path(module).relative_to("graph"))

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


def _absolute(arg: str) -> str:
    return str(ROOT / arg) if arg.startswith("tests/") else arg


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="paths under graph/ (default: all known)")
    parser.add_argument("--sample", type=int, default=20, help="mutants per module (0: all)")
    parser.add_argument("--seed", type=int, default=17, help="random seed of the sample")
    parser.add_argument("--timeout", type=float, default=180, help="seconds per mutant")
    parser.add_argument("--tests", help="pytest arguments instead of the module's subset")
    parser.add_argument("--list", action="store_true", help="print the mutants, run nothing")
    parser.add_argument("--only", type=Path,
                        help="a file of mutant keys (as SURVIVED prints them): run just those")
    args = parser.parse_args(argv)
    modules = args.modules or list(MODULES)
    for module in modules:
        if not (ROOT / module).is_file():
            parser.error(f"no module {module}")
        if module not in MODULES and not args.tests:
            parser.error(f"no test subset known for {module}: give one with --tests")
    equivalent = equivalent_keys()
    chosen = []
    for module in modules:
        found = mutants_of(module)
        if args.only:
            wanted = {re.sub(r"^SURVIVED line \d+: ", "", line).strip()
                      for line in args.only.read_text(encoding="utf-8").splitlines()}
            found = [m for m in found if m.key in wanted]
        elif args.sample and len(found) > args.sample:
            found = sorted(random.Random(f"{args.seed}:{module}").sample(found, args.sample),
                           key=lambda m: m.line)
        chosen.extend(found)
    if args.list:
        for mutant in chosen:
            print(mutant, "(equivalent)" if mutant.key in equivalent else "")
        return 0

    sandbox = Sandbox()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so that `finally` cleans up
    totals = {"killed": 0, "survived": 0, "equivalent": 0}
    survivors = []
    started = time.monotonic()
    try:
        probe = subprocess.run([sys.executable, "-c", "import intelmig; print(intelmig.__file__)"],
                               cwd=sandbox.root, env=sandbox.env(), capture_output=True,
                               text=True, check=True).stdout.strip()
        assert probe.startswith(str(sandbox.root)), f"intelmig imported from {probe}"
        for module in modules:
            tests = shlex.split(args.tests) if args.tests else MODULES[module]
            outcome, seconds = sandbox.run(tests, args.timeout)
            if outcome != "passed":
                print(f"{module}: the tests fail without any mutant ({outcome}); skipped")
                continue
            print(f"{module}: tests pass unmutated in {seconds:.0f} s", flush=True)
            for mutant in [m for m in chosen if m.module == module]:
                sandbox.write(module, mutant.source)
                try:
                    outcome, seconds = sandbox.run(tests, max(args.timeout, 3 * seconds))
                finally:
                    sandbox.restore(module)
                if outcome == "passed":
                    kind = "equivalent" if mutant.key in equivalent else "survived"
                else:
                    kind = "killed"
                totals[kind] += 1
                if kind == "survived":
                    survivors.append(mutant)
                print(f"  {kind:10} {outcome:7} {seconds:5.1f} s  {mutant}", flush=True)
    finally:
        sandbox.close()
    counted = totals["killed"] + totals["survived"]
    rate = totals["killed"] / counted if counted else 0.0
    print(f"\n{counted + totals['equivalent']} mutants in {len(modules)} module(s): "
          f"{totals['killed']} killed, {totals['survived']} survived, "
          f"{totals['equivalent']} equivalent (not counted); kill rate {rate:.1%} "
          f"in {time.monotonic() - started:.0f} s")
    for mutant in survivors:  # the key, as tools/mutation_equivalent.txt wants it
        print(f"SURVIVED line {mutant.line}: {mutant.key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
