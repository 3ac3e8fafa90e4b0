"""Render the checked manuscript to HTML, or to PDF through Typst, with pandoc.

The input is the AST the number check read and judged (build/manuscript.json),
so the renderings show exactly what was checked; filters/facts.lua shows each
number as the check's report says. Options live in pandoc/*.yaml defaults
files. A PDF is made in two steps, pandoc to Typst (in memory) and the typst
package to PDF, with a fixed creation date so that every build gives the same
bytes. Before an output is written, its visible numerals are audited against
what the check saw (audit_output.py): nothing half-checked is left behind.

The HTML and the PDF of an edition are made at once, in two threads (pandoc and
Typst do their work outside Python).

Usage: python scripts/render.py build/manuscript.json --html build/editorial.html --pdf build/editorial.pdf
       --manuscript manuscript/editorial.md --report build/checks/numbers.json
       --references build/references.json --metadata build/metadata.json
       --edition corrected|published --timestamp ISO
"""

import argparse
import importlib.util
import json
from concurrent.futures import ThreadPoolExecutor
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from audit_output import allowed_numerals, audit, html_numerals, pdf_numerals, tokens
from citation_formats import page_fields
from common import BuildError, BuildErrors, fail_cleanly, where, write_atomic, write_atomic_bytes
from pandoc_ast import inline_text
from read_manuscript import DEFAULTS, first_line_with, pandoc_path


def missing_file_error(manuscript, path):
    """A missing image, told at the manuscript line that names it."""
    text = Path(manuscript).read_text(encoding="utf-8")
    return BuildError(where(manuscript, first_line_with(text, path)),
                      f"expected the file {path} in build/ or the project folder, found none")


def run_pandoc(args, to, ast):
    """pandoc's rendering of the checked AST (given on its input) to html or typst, as text."""
    command = [
        pandoc_path(), "--defaults", str(DEFAULTS / "common.yaml"), "--defaults", str(DEFAULTS / f"{to}.yaml"),
        "--metadata", f"numbers-file={args.report}",
        "--metadata", f"references-index={args.references}",
        "--metadata", f"edition={args.edition}",
        "--output", "-",
    ]
    result = subprocess.run(command, input=json.dumps(ast, ensure_ascii=False), capture_output=True, text=True)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        missing = re.search(r"Could not fetch resource (\S+)", result.stderr)
        if missing:
            raise missing_file_error(args.manuscript, missing[1])
        # A Lua filter's own message, without its stack trace; else pandoc's warnings.
        filter_error = re.search(r"^(filters/\S+?):\d+: (.+)$", result.stderr, re.M)
        warnings = [line for line in result.stderr.splitlines() if line.startswith("[WARNING]")]
        message = (f"{filter_error[1]}: {filter_error[2]}" if filter_error else
                   " ".join(warnings) or result.stderr.strip().splitlines()[0] if result.stderr.strip() else "no message")
        raise BuildError(args.manuscript, f"pandoc could not render {to}: {message}")
    return result.stdout


def images(node):
    """The paths of every Image in a piece of the AST."""
    if isinstance(node, dict):
        if node.get("t") == "Image":
            yield node["c"][2][0]
        else:
            yield from images(node.get("c"))
    elif isinstance(node, list):
        for item in node:
            yield from images(item)


def figure_texts(ast):
    """The text drawn in each generated figure (its sidecar JSON lists it): the figure's text is text in both
    renderings, made by scripts/plot_forest.py from the same checked facts as the figure's table."""
    texts = []
    for path in images([block for block in ast["blocks"] if block["t"] == "Figure"]):
        for folder in ("build", "."):
            sidecar = Path(folder) / Path(path.lstrip("/")).with_suffix(".json")
            if sidecar.exists():
                texts += json.loads(sidecar.read_text(encoding="utf-8")).get("texts", [])
                break
    return texts


def allowed(args, ast):
    report = json.loads(Path(args.report).read_text(encoding="utf-8"))
    shown = json.loads(Path(args.metadata).read_text(encoding="utf-8"))["shown"]
    refs = next((block for block in ast["blocks"] if block["t"] == "Div" and block["c"][0][0] == "refs"), None)
    keys = [entry["c"][0][0].removeprefix("ref-") for entry in (refs["c"][1] if refs else []) if entry["t"] == "Div"]
    counts, typed = allowed_numerals(ast, report, {key: number for number, key in enumerate(keys, 1)}, shown)
    counts.update(tokens(" ".join(figure_texts(ast))))
    return counts, typed


def with_page_fields(args, ast):
    """The AST with what the HTML page shows besides the text (citation downloads, JSON-LD, links)."""
    record = json.loads(Path(args.metadata).read_text(encoding="utf-8"))["shown"]
    title = inline_text(ast["meta"]["title"]["c"]) if ast["meta"].get("title", {}).get("t") == "MetaInlines" else ""
    abstract = next((" ".join(inline_text(block["c"]) for block in div["c"][1]
                              if block["t"] == "Para" and block["c"] and block["c"][0]["t"] != "Strong")
                     for div in ast["blocks"] if div["t"] == "Div" and div["c"][0][0] == "abstract"), "")
    csv = Path("build/tables/table1.csv")
    fields = page_fields(record, title, " ".join(abstract.split()), ast["meta"].get("lang", {}).get("c", "en"),
                         args.edition, csv.read_text(encoding="utf-8") if csv.exists() else None)
    meta = {key: {"t": "MetaString", "c": value} for key, value in fields.items()}
    meta["json-ld"] = {"t": "MetaInlines", "c": [{"t": "RawInline", "c": ["html", fields["json-ld"]]}]}
    return {**ast, "meta": {**ast["meta"], **meta}}


def render_html(args, ast):
    html = run_pandoc(args, "html", with_page_fields(args, ast))
    counts, typed = allowed(args, ast)
    problems = audit(html_numerals(html), counts, typed, args.html)
    if problems:
        raise BuildErrors(problems)
    write_atomic(args.html, html)


PDF_STANDARDS = ["a-2a", "ua-1"]


def figure_fonts():
    """The folder of the fonts matplotlib draws the figures with (DejaVu Sans), for the figures' text in the PDF.
    Found without importing matplotlib, which takes a quarter of a second."""
    spec = importlib.util.find_spec("matplotlib")
    fonts = Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" if spec else None
    if fonts is None or not fonts.is_dir():
        raise BuildError("matplotlib", "expected matplotlib's fonts (make installs it), found none")
    return str(fonts)


def render_pdf(args, ast):
    import typst  # imported here: the HTML rendering does not need it

    source = run_pandoc(args, "typst", ast).encode("utf-8")
    timestamp = int(datetime.fromisoformat(args.timestamp.replace("Z", "+00:00")).timestamp())
    try:
        # Compiled from memory with the project folder as its root (figures are /build/figures/...);
        # only the typst package's own fonts and matplotlib's DejaVu Sans (the figure's text, now text),
        # both pinned by requirements.lock, so every machine sets the same glyphs. PDF/A-2a (archival,
        # tagged) and PDF/UA-1 (accessible): typst checks what they require and refuses what breaks them.
        pdf = typst.compile(source, root=".", timestamp=timestamp, ignore_system_fonts=True,
                            font_paths=[figure_fonts()], pdf_standards=PDF_STANDARDS)
    except RuntimeError as error:
        missing = re.search(r"file not found \(searched at (\S+?)\)", str(error))
        if missing:
            # Typst names the absolute path under its root, the project folder (the working directory).
            raise missing_file_error(args.manuscript, os.path.relpath(missing[1])) from None
        raise BuildError(args.manuscript, f"typst could not compile the PDF: {error}") from None
    found, pages = pdf_numerals(pdf)
    counts, typed = allowed(args, ast)
    problems = audit(found, counts, typed, args.pdf, extra_allowed={str(page) for page in range(1, pages + 1)})
    if problems:
        raise BuildErrors(problems)
    write_atomic_bytes(args.pdf, pdf)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ast")
    for name in ("html", "pdf", "manuscript", "report", "references", "metadata"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--edition", choices=("corrected", "published"), required=True)
    parser.add_argument("--timestamp", required=True, help="the PDF's creation date, from config.yaml")
    args = parser.parse_args()
    ast = json.loads(Path(args.ast).read_text(encoding="utf-8"))
    Path(args.html).parent.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=2) as pool:
        renderings = [pool.submit(render, args, ast) for render in (render_html, render_pdf)]
    errors = [rendering.exception() for rendering in renderings if rendering.exception() is not None]
    if errors:
        raise errors[0]


if __name__ == "__main__":
    fail_cleanly(main)
