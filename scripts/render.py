"""Render the manuscript to HTML, or to PDF through Typst, with pandoc.

pandoc comes from the pypandoc-binary wheel (never a system pandoc). Its
options live in pandoc/*.yaml defaults files; this script adds the inputs and
the build products the Lua filters read. A PDF is made in two steps, pandoc
to Typst and the typst package to PDF, with a fixed creation date so that
every build gives the same bytes.

Usage: python scripts/render.py html|pdf MANUSCRIPT OUTPUT --metadata FILE
       --bibliography FILE --csl FILE --facts FILE --report FILE
       --references FILE --edition corrected|published [--timestamp ISO]
"""

import argparse
import logging
import os
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

import pypandoc

from common import BuildError, fail_cleanly


def pandoc_path():
    # pypandoc logs an error while it looks for a system pandoc before its own binary.
    logging.getLogger("pypandoc").setLevel(logging.CRITICAL)
    return pypandoc.get_pandoc_path()


def run_pandoc(args, to, output):
    command = [
        pandoc_path(), args.manuscript,
        "--defaults", "pandoc/common.yaml", "--defaults", f"pandoc/{to}.yaml",
        "--metadata-file", args.metadata,
        "--bibliography", args.bibliography, "--csl", args.csl,
        "--metadata", f"facts-file={args.facts}",
        "--metadata", f"check-report={args.report}",
        "--metadata", f"references-index={args.references}",
        "--metadata", f"edition={args.edition}",
        "--output", output,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    sys.stderr.write(result.stderr)
    if result.returncode != 0:
        message = result.stderr.strip().splitlines()[-1:] or ["no message"]
        raise BuildError(args.manuscript, f"pandoc could not render {to}: {message[0]}")


def render_html(args):
    output = Path(args.output)
    temporary = output.with_name(f".{output.name}.tmp")
    try:
        run_pandoc(args, "html", str(temporary))
        os.replace(temporary, output)
    finally:
        temporary.unlink(missing_ok=True)


def render_pdf(args):
    import typst  # imported here: the HTML rendering does not need it

    output = Path(args.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    timestamp = int(datetime.fromisoformat(args.timestamp.replace("Z", "+00:00")).timestamp())
    with tempfile.TemporaryDirectory(dir="build") as scratch:
        source = Path(scratch) / "editorial.typ"
        run_pandoc(args, "typst", str(source))
        pdf = Path(scratch) / "editorial.pdf"
        try:
            # Only the fonts inside the typst package, so every machine sets the same glyphs.
            typst.compile(str(source), output=str(pdf), root="build", timestamp=timestamp,
                          ignore_system_fonts=True)
        except RuntimeError as error:
            raise BuildError(str(source), f"typst could not compile the PDF: {error}") from None
        os.replace(pdf, output)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("format", choices=("html", "pdf"))
    parser.add_argument("manuscript")
    parser.add_argument("output")
    for name in ("metadata", "bibliography", "csl", "facts", "report", "references"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--edition", choices=("corrected", "published"), required=True)
    parser.add_argument("--timestamp", default="2016-08-18T00:00:00Z")
    args = parser.parse_args()
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    (render_html if args.format == "html" else render_pdf)(args)


if __name__ == "__main__":
    fail_cleanly(main)
