"""Check references.bib and write the index the later steps read.

Every entry needs the fields of a journal reference and a status saying
whether the cited work is confirmed or reconstructed. The index gives each
key its short label (first author and year), status and unverified identifiers.

Usage: python scripts/index_references.py references.bib build/references.json
"""

import argparse
import logging
import re

import bibtexparser
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from common import BuildError, fail_cleanly, where, write_json

REQUIRED_FIELDS = ("author", "title", "journal", "year", "status", "confidence")
STATUSES = ("confirmed", "reconstructed")
CONFIDENCES = ("high", "medium", "low")
IDENTIFIERS = ("doi", "pmid")


def first_author_family(authors):
    """'M{\\"u}ller, A and ...' -> 'Müller': the label is shown to readers as text, not TeX."""
    first = LatexNodes2Text().latex_to_text(authors.split(" and ")[0]).strip()
    return first.split(",")[0].strip() if "," in first else first.split()[-1]


def index_entry(path, entry):
    line = entry.start_line + 1
    fields = {field.key.lower(): field.value.strip() for field in entry.fields}
    for name, value in fields.items():
        if name not in ("url", "doi") and re.search(r"(?<!\\)%", value):
            raise BuildError(where(path, line), f'entry "{entry.key}", field "{name}": expected \\% for a percent '
                                                "sign, found % (pandoc reads it as a comment and drops the rest)")
    for name in REQUIRED_FIELDS:
        if not fields.get(name):
            raise BuildError(where(path, line), f'entry "{entry.key}": expected a field "{name}", found none')
    for name, allowed in (("status", STATUSES), ("confidence", CONFIDENCES)):
        if fields[name] not in allowed:
            raise BuildError(
                where(path, line),
                f'entry "{entry.key}": expected {name} {" or ".join(allowed)}, found "{fields[name]}"',
            )
    unverified = [name.strip().lower() for name in fields.get("unverified", "").split(",") if name.strip()]
    for name in unverified:
        if name not in IDENTIFIERS or not fields.get(name):
            raise BuildError(
                where(path, line),
                f'entry "{entry.key}": expected "unverified" to list identifiers the entry has '
                f"({', '.join(IDENTIFIERS)}), found \"{name}\"",
            )
    if not re.fullmatch(r"\d{4}", fields["year"]):
        raise BuildError(where(path, line), f'entry "{entry.key}": expected a four-digit year, found "{fields["year"]}"')
    return {
        "label": f"{first_author_family(fields['author'])} {fields['year']}",
        "status": fields["status"],
        "confidence": fields["confidence"],
        "unverified": unverified,
        "doi": fields.get("doi", "").lower(),  # the text may show a cited work's DOI as its identifier
    }


def index_references(path):
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # its warning repeats our error
    text = open(path, encoding="utf-8").read()
    if not text.strip():
        raise BuildError(where(path, 1), "expected BibTeX entries, found an empty file")
    library = bibtexparser.parse_string(text)
    for block in library.blocks:
        line = block.start_line + 1
        if isinstance(block, DuplicateBlockKeyBlock):
            raise BuildError(where(path, line), f'expected each key once, found "{block.key}" again')
        if isinstance(block, DuplicateFieldKeyBlock):
            raise BuildError(where(path, line), f'entry "{block.ignore_error_block.key}": expected each field once, '
                                                f"found {', '.join(sorted(block.duplicate_keys))} twice")
        if isinstance(block, ParsingFailedBlock):
            end = line + block.raw.rstrip().count("\n")
            raise BuildError(
                where(path, line),
                f"expected a well-formed BibTeX entry (are its braces balanced?), found one that could not be "
                f"read up to line {end}",
            )
    if not library.entries:
        raise BuildError(where(path, 1), "expected BibTeX entries, found none")
    return {entry.key: index_entry(path, entry) for entry in library.entries}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bibliography")
    parser.add_argument("index")
    args = parser.parse_args()
    write_json(args.index, index_references(args.bibliography))


if __name__ == "__main__":
    fail_cleanly(main)
