"""Render the corrected edition's checked AST to Word (build/editorial.docx) with pandoc.

As the HTML and the PDF (render.py), it renders the AST that the number check read and judged,
through filters/facts.lua, and audits the numerals readers will see (the text of
word/document.xml) against what the check saw before writing. Its dates come from the
--timestamp (SOURCE_DATE_EPOCH), so every build gives the same bytes.

Usage: python scripts/render_docx.py build/manuscript.json --docx build/editorial.docx
       --manuscript manuscript/editorial.md --report build/checks/numbers.json
       --references build/references.json --metadata build/metadata.json --timestamp ISO
"""

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from audit_output import audit, tokens
from common import BuildError, BuildErrors, fail_cleanly, write_atomic_bytes
from docx_output import document_root, pandoc_docx, paragraph_texts
from read_manuscript import DEFAULTS
from render import allowed, missing_file_error


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ast")
    for name in ("docx", "manuscript", "report", "references", "metadata"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--timestamp", required=True, help="the file's dates, from config.yaml (pdf_timestamp)")
    args = parser.parse_args()
    options = ["--defaults", str(DEFAULTS / "common.yaml"), "--defaults", str(DEFAULTS / "docx.yaml"),
               "--metadata", f"numbers-file={args.report}", "--metadata", f"references-index={args.references}",
               "--metadata", "edition=corrected"]
    status, docx, stderr = pandoc_docx(args.ast, options, args.timestamp)
    if status != 0:
        missing = re.search(r"Could not fetch resource (\S+)", stderr)
        if missing:
            raise missing_file_error(args.manuscript, missing[1])
        raise BuildError(args.manuscript, f"pandoc could not render docx: {stderr.strip() or 'no message'}")
    ast = json.loads(Path(args.ast).read_text(encoding="utf-8"))
    counts, typed = allowed(args, ast)
    found = Counter(token for text in paragraph_texts(document_root(docx)) for token in tokens(text))
    problems = audit(found, counts, typed, args.docx)
    if problems:
        raise BuildErrors(problems)
    write_atomic_bytes(args.docx, docx)


if __name__ == "__main__":
    fail_cleanly(main)
