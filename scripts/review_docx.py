"""Write the corrected edition as Word with tracked changes from BASE: build/review/editorial-tracked.docx.

What a journal asks of a resubmission, "the manuscript with changes marked". Each version is
first rendered as build/editorial.docx renders it (filters/facts.lua: numbers with their marks,
the corrections section, the reference list's notes), then the two are aligned
(review_align.py) and every deletion and insertion becomes a pandoc deletion or insertion span,
which the docx writer turns into Word's tracked changes. So accepting every change gives the
text of build/editorial.docx, and rejecting every change BASE's. docx_output.finish_tracked()
makes revision ids unique and tracks wholly deleted paragraphs and rows, so that accepting
removes them. Dates come from --date, so every run gives the same bytes.

Usage: python scripts/review_docx.py build/review/base --output build/review/editorial-tracked.docx
       --author NAME --date ISO   (run in the project folder)
"""

import argparse
import json
import subprocess
import sys
from pathlib import Path

from common import BuildError, fail_cleanly, write_atomic_bytes
from docx_output import finish_tracked, pandoc_docx
from read_manuscript import DEFAULTS, pandoc_path
from review_align import merge_document

FILTERS = Path(__file__).resolve().parent.parent / "filters"


def rendered(build_dir):
    """The corrected edition's AST as the Word rendering shows it (the filters of pandoc/docx.yaml)."""
    build_dir = Path(build_dir)
    command = [pandoc_path(), str(build_dir / "manuscript.json"), "--from", "json",
               "--defaults", str(DEFAULTS / "docx.yaml"), "--to", "json", "--metadata", f"numbers-file={build_dir}/checks/numbers.json",
               "--metadata", f"references-index={build_dir}/references.json", "--metadata", "edition=corrected"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(build_dir / "manuscript.json", f"pandoc/docx.yaml's filters could not render it: {result.stderr.strip()}")
    return json.loads(result.stdout)


def tracked(value, author, date):
    """The merged AST with review-del/ins spans as pandoc's deletion/insertion spans, other review spans unwrapped."""
    if isinstance(value, list):
        out = []
        for item in value:
            converted = tracked(item, author, date)
            if isinstance(converted, tuple):  # an unwrapped span: its inlines, in its place
                out.extend(converted[0])
            else:
                out.append(converted)
        return out
    if not isinstance(value, dict):
        return value
    if value.get("t") == "Span":
        names = value["c"][0][1]
        content = tracked(value["c"][1], author, date)
        if names in (["review-del"], ["review-ins"]):
            kind = "deletion" if names == ["review-del"] else "insertion"
            return {"t": "Span", "c": [["", [kind], [["author", author], ["date", date]]], content]}
        if "review-sentence" in names:
            return (content,)
        return {"t": "Span", "c": [value["c"][0], content]}
    return {key: tracked(item, author, date) for key, item in value.items()}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="BASE's folder, written by review_base.py")
    parser.add_argument("--output", required=True)
    parser.add_argument("--author", required=True, help="who the changes are from (Word shows it)")
    parser.add_argument("--date", required=True, help="when, ISO 8601 in UTC: 2026-12-01T10:00:00Z")
    args = parser.parse_args()
    status = json.loads((Path(args.base) / "status.json").read_text(encoding="utf-8"))
    output = Path(args.output)
    if not status["built"]:
        output.unlink(missing_ok=True)  # an old copy would pass for this review's
        print(f"note: no {output}: BASE did not build, so there is no old text to track changes from",
              file=sys.stderr)
        return
    merged, _ = merge_document(rendered(Path(args.base) / "build"), rendered("build"))
    document = tracked(merged, args.author, args.date)
    options = ["--defaults", str(DEFAULTS / "common.yaml"), "--lua-filter", str(FILTERS / "docx.lua")]
    code, docx, stderr = pandoc_docx("-", options, args.date, stdin=json.dumps(document).encode("utf-8"))
    if code != 0:
        raise BuildError(output, f"pandoc could not write the tracked copy: {stderr.strip() or 'no message'}")
    write_atomic_bytes(output, finish_tracked(docx, args.author, args.date))


if __name__ == "__main__":
    fail_cleanly(main)
