"""Check every number readers will see in one edition of the manuscript, on pandoc's own parse.

Reads the manuscript through pandoc (read_manuscript.py), walks the AST into
a record of what readers see (manuscript_record.py), finds each piece's
source line (source_lines.py), judges the record (number_verdicts.py) and
writes the AST the renderings read (each number span given a stable id), the
report of every number with its verdict (what the renderings' filters show)
and a summary. The corrected edition fails on any disagreement with the
data; the published edition lists it as a discrepancy.

Usage: python scripts/check_numbers.py manuscript/editorial.md --edition corrected
       --metadata build/metadata.json --bibliography references.bib --csl styles/x.csl
       --facts build/facts.json --references build/references.json --settings JSON --claims JSON
       --days-per-month 30.4375 --ast build/manuscript.json --report build/checks/numbers.json
       --summary build/checks/numbers.txt
"""

import argparse
import hashlib
import json
import re
import sys
from decimal import Decimal
from pathlib import Path

from common import BuildErrors, fail_cleanly, write_atomic, write_json
from manuscript_record import Reader
from edition_report import judge
from number_policy import Policy
from pandoc_ast import meta_text
from read_manuscript import merge_record, read_ast
from source_lines import SourceLines


def locate(reader, text, title_line):
    """Give each run its source lines, in reading order (see source_lines.py)."""
    lines = SourceLines(text, first_line=title_line + 1 if title_line else 1)
    for run in reader.runs:
        if run.line is not None:
            continue
        if run.note_of is not None:  # a footnote's text, or a link's title: written where it is defined
            run.line = lines.find_anywhere(run.search, run.note_of.line or 1)
            run.last_line = run.line
        elif run.copy_of is not None:
            run.line, run.last_line = run.copy_of.line, run.copy_of.last_line
        else:
            found = lines.find(run.search)
            run.line, run.last_line = found if found else (None, None)
        # The words of each of its lines, to tell which line of several holds a number.
        if run.line is not None and run.last_line is not None and run.last_line > run.line:
            run.line_words = [(number, lines.words_of(number)) for number in range(run.line, run.last_line + 1)]


def assign_ids(spans):
    """A stable id for each number span, claim and correction, from its key and sentence, never from its place."""
    seen = {}
    for entry in spans:
        key = entry["attributes"].get("fact") or entry["attributes"].get("correction") or \
            ("claim" if entry["kind"] == "claim" else "exempt")
        sentence = " ".join(entry["run"].text.split())
        digest = hashlib.sha1(f"{key}\n{sentence}".encode("utf-8")).hexdigest()[:8]
        base = "n-" + re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-") + "-" + digest
        seen[base] = seen.get(base, 0) + 1
        entry["id"] = base if seen[base] == 1 else f"{base}-{seen[base]}"
        entry["element"]["c"][0][0] = entry["id"]


def read_title(reader, ast, text):
    """The title, from the manuscript's front matter, is read like prose, at the line of title:."""
    title = ast["meta"].get("title")
    if not title:
        return None
    line = next((number for number, source in enumerate(text.splitlines(), 1) if source.startswith("title:")), None)
    first = len(reader.runs)
    reader.new_run("meta/title")
    if title["t"] == "MetaInlines":
        reader.inlines(title["c"])
    elif title["t"] == "MetaBlocks":
        reader.blocks(title["c"], "meta/title")
    else:
        reader.add(meta_text(title))
    for run in reader.runs[first:]:
        run.line = run.last_line = line
    return line


def identifiers(metadata, references):
    """The DOIs the text may show: the editorial's own and those of references.bib's works."""
    own = json.loads(Path(metadata).read_text(encoding="utf-8"))["shown"].get("doi", "")
    return frozenset(doi.lower() for doi in [own, *(entry.get("doi", "") for entry in references.values())] if doi)


def check(path, edition, metadata, bibliography, csl, data, references, policy):
    """(ast, report, errors) of one edition; data is facts.json (its facts, comparisons, corrections of words)."""
    text, ast = read_ast(path, edition, bibliography, csl)
    reader = Reader(edition, identifiers(metadata, references))
    title_line = read_title(reader, ast, text)
    reader.blocks(ast["blocks"], "body")
    locate(reader, text, title_line)
    errors = merge_record(path, text, ast, metadata)
    assign_ids(reader.spans + reader.marks)
    report, judged_errors = judge(reader, path, edition, data, references, policy)
    return ast, report, errors + judged_errors


def summary_text(report):
    lines = [f"Numbers in {report['manuscript']} ({report['edition']} edition)", ""]
    for entry in report["numbers"]:
        line = f"line {entry['line'] or '?':>4}  {entry['text']:<12} "
        if entry["verdict"] == "exempt":
            lines.append(line + f"exempt: {entry['reason']}")
            continue
        converted = f" ({entry['fact_in_written_unit']} {entry['unit']})" if entry["unit"] and \
            entry["unit"] != entry["fact_unit"] else ""
        lines.append(line + f"{entry['verdict']:<11} {entry['fact']} = {entry['fact_text']} {entry['fact_unit']}"
                     .rstrip() + converted + f"  [{entry['ref_label']}, {entry['location']}; {entry['status']}]")
    if report["claims"]:
        lines += ["", "Claims about the numbers, and corrections of words:"]
        for entry in report["claims"]:
            shown = entry["values"] or entry["because"]
            lines.append(f"line {entry['line'] or '?':>4}  {entry['verdict']:<12} {entry['claim'] or entry['kind']}"
                         f"  [{entry['text']}]" + (f": {shown}" if shown else ""))
    if report["edition_only"]:
        lines += ["", f"Text shown in the {report['edition']} edition only:"]
        lines += [f"line {item['line'] or '?':>4}  {item['sentence']}" for item in report["edition_only"]]
    lines += ["", "Totals: " + ", ".join(f"{count} {verdict}" for verdict, count in report["summary"].items())]
    if report["citations"]["uncited"]:
        lines.append("references.bib entries cited nowhere: " + ", ".join(report["citations"]["uncited"]))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manuscript")
    parser.add_argument("--edition", choices=("corrected", "published"), required=True)
    for name in ("metadata", "bibliography", "csl", "facts", "references", "settings", "claims", "days-per-month",
                 "ast", "report", "summary"):
        parser.add_argument(f"--{name}", required=True)
    args = parser.parse_args()
    data = json.loads(Path(args.facts).read_text(encoding="utf-8"))
    references = json.loads(Path(args.references).read_text(encoding="utf-8"))
    policy = Policy(json.loads(args.settings), Decimal(args.days_per_month), json.loads(args.claims))
    ast, report, errors = check(args.manuscript, args.edition, args.metadata, args.bibliography, args.csl, data,
                                references, policy)
    if errors:
        raise BuildErrors(errors)
    if report["citations"]["uncited"] and args.edition == "corrected":
        print("note: references.bib entries cited nowhere: " + ", ".join(report["citations"]["uncited"]),
              file=sys.stderr)
    write_atomic(args.ast, json.dumps(ast, ensure_ascii=False, separators=(",", ":")))
    write_json(args.report, report)
    write_atomic(args.summary, summary_text(report))


if __name__ == "__main__":
    fail_cleanly(main)
