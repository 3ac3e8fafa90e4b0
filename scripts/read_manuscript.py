"""Read the manuscript as the renderings will: pandoc's parse, through pandoc/read.yaml.

pandoc runs the edition filter, the tables and cross-references and citeproc,
and writes its AST as JSON. The manuscript's own metadata may only hold its
title (everything else comes, checked, from metadata.yaml via
build/metadata.json, merged in here), so nothing in the manuscript can
override the record. pandoc's failures are told at the manuscript's line.
"""

import json
import importlib.util
import re
import subprocess
from pathlib import Path

from common import BuildError, where

DEFAULTS = Path(__file__).resolve().parent.parent / "pandoc"
# Metadata that the build sets (pandoc/read.yaml, the command line); the manuscript may add only a title.
BUILD_METADATA = {"bibliography", "csl", "link-citations", "lang", "edition"}


def pandoc_path():
    """The pandoc of the pypandoc-binary wheel, the pinned one: a system pandoc of another version
    would render other bytes. Found without importing pypandoc, whose search runs pandoc twice."""
    spec = importlib.util.find_spec("pypandoc")
    binary = Path(spec.origin).parent / "files" / "pandoc" if spec else None
    if binary is None or not binary.exists():
        raise BuildError("pandoc", "expected the pandoc of the pypandoc-binary package (make installs it), found none")
    return str(binary)


def manuscript_text(path):
    raw = Path(path).read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BuildError(where(path, line), f"expected UTF-8 text, found byte 0x{raw[error.start]:02x}") from None


def first_line_with(text, needle):
    return next((number for number, line in enumerate(text.splitlines(), 1) if needle in line), None)


def pandoc_failure(path, text, stderr):
    """pandoc's failure as one error at the manuscript's line."""
    lines = stderr.strip().splitlines()
    missing = re.search(r"Citeproc: citation (\S+) not found", stderr)
    if missing:
        return BuildError(where(path, first_line_with(text, "@" + missing[1])),
                          f"unknown citation key '{missing[1]}': expected a key of references.bib")
    lua = re.search(r"^\S*?(filters/[^/\s]+?\.lua):\d+: (.+)$", stderr, re.M)
    if lua:
        quoted = re.search(r"'([^']+)'", lua[2]) or re.search(r"@(\S+)", lua[2])
        line = first_line_with(text, quoted[1]) if quoted else None
        return BuildError(where(path, line), f"{lua[2]} ({lua[1]})")
    warnings = [line for line in lines if line.startswith("[WARNING]")]
    if warnings:
        first = warnings[0]
        line = re.search(r" line (\d+)", first)
        message = re.sub(r"\s*(?:at|defined at) \S+ line \d+ column \d+", "", first.removeprefix("[WARNING] "))
        return BuildError(where(path, int(line[1]) if line else None), f"pandoc: {message}")
    return BuildError(path, f"pandoc could not read the manuscript: {lines[0] if lines else 'no message'}")


def read_ast(path, edition, bibliography, csl):
    """pandoc's AST of the manuscript for an edition, after pandoc/read.yaml's filters."""
    text = manuscript_text(path)
    command = [pandoc_path(), str(path), "--defaults", str(DEFAULTS / "read.yaml"), "--bibliography", str(bibliography),
               "--csl", str(csl), "--metadata", f"edition={edition}"]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise pandoc_failure(path, text, result.stderr)
    return text, json.loads(result.stdout)


def merge_record(path, text, ast, metadata_path):
    """Problems with the manuscript's own metadata; the checked record (build/metadata.json) is merged in."""
    problems = []
    for key in ast["meta"]:
        if key not in BUILD_METADATA | {"title"}:
            line = first_line_with(text, key + ":") or first_line_with(text, key)
            problems.append(f"{where(path, line)}: metadata '{key}' in the manuscript: "
                            "expected only title: (the record lives in metadata.yaml, where it is checked)")
    if "title" not in ast["meta"]:
        problems.append(f"{where(path, 1)}: expected front matter with a title (---, title: ..., ---), found none")
    record = json.loads(Path(metadata_path).read_text(encoding="utf-8"))["meta"]
    ast["meta"].update(record)
    return problems
