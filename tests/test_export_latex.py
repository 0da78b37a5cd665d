"""A paper's LaTeX compiles with what `intelmig export` writes: tables and references.

A document inputs the exported tables (one in English, one in Kazakh) and cites the
source article; pdflatex + bibtex + pdflatex twice (Debian's TeX Live) must run without
an error, an undefined citation or reference, a character the font lacks (every Kazakh
letter is in T2A), or a BibTeX error. The references file is
the `export bibtex` of the same slice: what the tables cite and the article, nothing
else. On CI (CI=true) a missing pdflatex or bibtex is a test failure; elsewhere a skip.
"""

from __future__ import annotations

import re
import shutil
import subprocess

from click.testing import CliRunner
from intelmig.cli import cli

from .test_browser_e2e import _need
from .test_export_html import synthetic  # noqa: F401 (fixture)

DOCUMENT = r"""\documentclass{article}
\usepackage[T1,T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[english]{babel}
\usepackage{booktabs}
\tracinglostchars=3 % a glyph the font lacks is an error, not a silent gap
\begin{document}
The tables are read from the source article \cite{article}.
%TABLES%
Table~\ref{tab:corridors} lists corridors.
\bibliographystyle{plain}
\bibliography{refs}
\end{document}
"""


def export(db, *args) -> str:
    result = CliRunner().invoke(cli, ["export", *args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_document_with_the_exported_table_and_references_compiles(seeded_db_path,
                                                                    tmp_path):
    slice_ = ["--era", "stage3"]
    corridors = export(seeded_db_path, "latex", "--table", "corridors", *slice_)
    recipients = export(seeded_db_path, "latex", "--table", "recipients", "--lang", "kk",
                        *slice_)
    assert re.search("[әғқңөұүһі]", recipients, re.IGNORECASE), "the Kazakh table has Kazakh letters"
    # captions and notes name the era by its name and years, never by its id
    assert r"\caption{Corridors of intellectual migration, Stage 3: early 1960s to late " \
        "1980s (1960–1989)}" in corridors
    assert "stage3" not in corridors + recipients
    compile_paper(tmp_path, {"corridors": corridors, "recipients-kk": recipients},
                  export(seeded_db_path, "bibtex", *slice_))


def test_a_2019_slice_of_imported_data_cites_its_dataset_and_only_what_reaches_2019(
        synthetic, seed_dataset, tmp_path):  # noqa: F811 (the imported fixture)
    db, _csv = synthetic
    corridors = export(db, "latex", "--table", "corridors", "--year", "2019")
    refs = export(db, "bibtex", "--year", "2019")
    # by hand from the seed: the dated facts whose years (or era's) reach 2019 and their
    # flows cite these references; then the imported dataset and the article itself
    eras = {n.id: (n.props["start_year"], n.props.get("end_year")) for n in seed_dataset.nodes
            if n.label == "Era"}
    during = {r.from_id: r.to_id for r in seed_dataset.rels if r.type == "DURING"}
    nodes = {n.id: n for n in seed_dataset.nodes}

    def reaches_2019(props, era):
        start = props.get("year_start", props.get("year"))
        end = props.get("year_end", props.get("year"))
        if start is None and end is None:
            start, end = eras.get(era, (None, None))
        if start is None and end is None:
            return False
        return (start if start is not None else end) <= 2019 and (end is None or end >= 2019)

    expected = {"article", "synthetic"}
    for r in seed_dataset.rels:
        if r.type == "MIGRATED_TO" and reaches_2019(r.props, r.props.get("era")):
            expected.update(r.props.get("cites") or [])
            expected.update(nodes[r.props["flow"]].props.get("cites") or [])
    for n in seed_dataset.nodes:
        if n.label in ("Flow", "Event", "Estimate") and reaches_2019(n.props, during.get(n.id)):
            expected.update(n.props.get("cites") or [])
    entries = set(re.findall(r"^@\w+\{([^,]+),", refs, re.MULTILINE))
    assert entries == expected
    assert len(entries - {"article", "synthetic"}) < 8, "not every reference of the article"
    compile_paper(tmp_path, {"corridors": corridors}, refs, all_cited=False)


def compile_paper(folder, tables: dict, refs: str, *, all_cited: bool = True) -> None:
    """Compile a paper that inputs ``tables`` and cites the article, against ``refs``."""
    pdflatex, bibtex = shutil.which("pdflatex"), shutil.which("bibtex")
    _need(pdflatex is not None and bibtex is not None,
          "pdflatex and bibtex (Debian: apt-get install texlive-latex-base "
          "texlive-latex-recommended texlive-lang-cyrillic)")
    for name, text in tables.items():
        (folder / f"{name}.tex").write_text(text, encoding="utf-8")
    (folder / "refs.bib").write_text(refs, encoding="utf-8")
    document = DOCUMENT.replace("%TABLES%", "\n".join(rf"\input{{{name}}}" for name in tables))
    (folder / "paper.tex").write_text(document, encoding="utf-8")
    # the references hold what the document cites: the tables' \cite and the article
    cited = {key.strip() for group in re.findall(r"\\cite\{([^}]*)\}",
                                                 "".join(tables.values()) + document)
             for key in group.split(",")}
    entries = set(re.findall(r"^@\w+\{([^,]+),", refs, re.MULTILINE))
    if all_cited:  # a slice's own references: nothing more than the document cites
        assert entries == cited, (entries, cited)
    assert cited <= entries, cited - entries

    def run(*command):
        done = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                              timeout=300, errors="replace", check=False)
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]

    latex = (pdflatex, "-interaction=nonstopmode", "-halt-on-error", "paper.tex")
    run(*latex)
    run(bibtex, "paper")
    run(*latex)
    run(*latex)
    log = (folder / "paper.log").read_text(encoding="utf-8", errors="replace")
    problem = re.compile(r"undefined|Missing character|^! ", re.MULTILINE | re.IGNORECASE)
    assert not problem.search(log), [line for line in log.splitlines() if problem.search(line)]
    blg = (folder / "paper.blg").read_text(encoding="utf-8", errors="replace")
    assert "error message" not in blg, blg
    assert (folder / "paper.pdf").read_bytes()[:4] == b"%PDF"
    bbl = (folder / "paper.bbl").read_text(encoding="utf-8", errors="replace")
    assert set(re.findall(r"\\bibitem\{([^}]+)\}", bbl)) == cited
