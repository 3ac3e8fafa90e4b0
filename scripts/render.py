"""Render the manuscript to HTML, or to PDF through Typst, with pandoc.

pandoc comes from the pypandoc-binary wheel (never a system pandoc). Its
options live in pandoc/*.yaml defaults files; this script adds the inputs and
the build products the Lua filters read. A PDF is made in two steps, pandoc
to Typst (in memory) and the typst package to PDF, with a fixed creation
date so that every build gives the same bytes.

Usage: python scripts/render.py html|pdf MANUSCRIPT OUTPUT --metadata FILE
       --bibliography FILE --csl FILE --facts FILE --references FILE --edition corrected|published --timestamp ISO
"""

import argparse
import logging
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pypandoc

from common import BuildError, fail_cleanly, where, write_atomic, write_atomic_bytes


def pandoc_path():
    # pypandoc logs an error while it looks for a system pandoc before its own binary.
    logging.getLogger("pypandoc").setLevel(logging.CRITICAL)
    return pypandoc.get_pandoc_path()


def missing_file_error(manuscript, path):
    """A missing image, told at the manuscript line that names it."""
    lines = Path(manuscript).read_text(encoding="utf-8").splitlines()
    line = next((number for number, text in enumerate(lines, 1) if path in text), None)
    return BuildError(where(manuscript, line), f"expected the file {path} in build/ or the project folder, found none")


def run_pandoc(args, to, output):
    command = [
        pandoc_path(), args.manuscript,
        "--defaults", "pandoc/common.yaml", "--defaults", f"pandoc/{to}.yaml",
        "--metadata-file", args.metadata,
        "--bibliography", args.bibliography, "--csl", args.csl,
        "--metadata", f"facts-file={args.facts}",
        "--metadata", f"references-index={args.references}",
        "--metadata", f"edition={args.edition}",
        "--output", output,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        missing = re.search(r"Could not fetch resource (\S+)", result.stderr)
        if missing:
            raise missing_file_error(args.manuscript, missing[1])
        # A Lua filter's own message, without its stack trace; else pandoc's warnings,
        # since its last line only says that there were some.
        filter_error = re.search(r"^(filters/\S+?):\d+: (.+)$", result.stderr, re.M)
        warnings = [line for line in result.stderr.splitlines() if line.startswith("[WARNING]")]
        message = (f"{filter_error[1]}: {filter_error[2]}" if filter_error else
                   " ".join(warnings) or result.stderr.strip().splitlines()[0] if result.stderr.strip() else "no message")
        raise BuildError(args.manuscript, f"pandoc could not render {to}: {message}")
    return result.stdout


def render_html(args):
    write_atomic(args.output, run_pandoc(args, "html", "-"))


def render_pdf(args):
    import typst  # imported here: the HTML rendering does not need it

    source = run_pandoc(args, "typst", "-").encode("utf-8")
    timestamp = int(datetime.fromisoformat(args.timestamp.replace("Z", "+00:00")).timestamp())
    try:
        # The source is compiled from memory with the project folder as its root (figures are
        # /build/figures/...); only the typst package's own fonts, so every machine sets the same glyphs.
        pdf = typst.compile(source, root=".", timestamp=timestamp, ignore_system_fonts=True)
    except RuntimeError as error:
        missing = re.search(r"file not found \(searched at (\S+?)\)", str(error))
        if missing:
            # Typst names the absolute path under its root, the project folder (the working directory).
            raise missing_file_error(args.manuscript, os.path.relpath(missing[1])) from None
        raise BuildError(args.manuscript, f"typst could not compile the PDF: {error}") from None
    write_atomic_bytes(args.output, pdf)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=("html", "pdf"))
    parser.add_argument("manuscript")
    parser.add_argument("output")
    for name in ("metadata", "bibliography", "csl", "facts", "references"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--edition", choices=("corrected", "published"), required=True)
    parser.add_argument("--timestamp", required=True, help="the PDF's creation date, from config.yaml")
    args = parser.parse_args()
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    (render_html if args.format == "html" else render_pdf)(args)


if __name__ == "__main__":
    fail_cleanly(main)
