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

DOCUMENT = r"""\documentclass{article}
\usepackage[T1,T2A]{fontenc}
\usepackage[utf8]{inputenc}
\usepackage[english]{babel}
\usepackage{booktabs}
\tracinglostchars=3 % a glyph the font lacks is an error, not a silent gap
\begin{document}
The tables are read from the source article \cite{article}.
\input{corridors}
\input{recipients-kk}
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
    pdflatex, bibtex = shutil.which("pdflatex"), shutil.which("bibtex")
    _need(pdflatex is not None and bibtex is not None,
          "pdflatex and bibtex (Debian: apt-get install texlive-latex-base "
          "texlive-latex-recommended texlive-lang-cyrillic)")
    slice_ = ["--era", "stage3"]
    corridors = export(seeded_db_path, "latex", "--table", "corridors", *slice_)
    recipients = export(seeded_db_path, "latex", "--table", "recipients", "--lang", "kk",
                        *slice_)
    refs = export(seeded_db_path, "bibtex", *slice_)
    (tmp_path / "corridors.tex").write_text(corridors, encoding="utf-8")
    (tmp_path / "recipients-kk.tex").write_text(recipients, encoding="utf-8")
    (tmp_path / "refs.bib").write_text(refs, encoding="utf-8")
    (tmp_path / "paper.tex").write_text(DOCUMENT, encoding="utf-8")
    assert re.search("[әғқңөұүһі]", recipients, re.I), "the Kazakh table has Kazakh letters"
    # captions and notes name the era by its name and years, never by its id
    assert r"\caption{Corridors of intellectual migration, Stage 3: early 1960s to late " \
        "1980s (1960–1989)}" in corridors
    assert "stage3" not in corridors + recipients

    # the references are exactly what the document cites: the tables' \cite and the article
    cited = {key.strip() for group in re.findall(r"\\cite\{([^}]*)\}", corridors + recipients
                                                 + DOCUMENT) for key in group.split(",")}
    entries = set(re.findall(r"^@\w+\{([^,]+),", refs, re.M))
    assert entries == cited, (entries, cited)

    def run(*command):
        done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True,
                              timeout=300, errors="replace")
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
        return done.stdout

    latex = (pdflatex, "-interaction=nonstopmode", "-halt-on-error", "paper.tex")
    run(*latex)
    run(bibtex, "paper")
    run(*latex)
    run(*latex)
    log = (tmp_path / "paper.log").read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"undefined|Missing character|^! ", log, re.M | re.I), [
        line for line in log.splitlines() if re.search(r"undefined|Missing character|^! ",
                                                       line, re.I)]
    blg = (tmp_path / "paper.blg").read_text(encoding="utf-8", errors="replace")
    assert "error message" not in blg, blg
    assert (tmp_path / "paper.pdf").read_bytes()[:4] == b"%PDF"
    bbl = (tmp_path / "paper.bbl").read_text(encoding="utf-8", errors="replace")
    assert set(re.findall(r"\\bibitem\{([^}]+)\}", bbl)) == cited
