"""filters/crossref.lua reads the texts of a generated table together; each must read as it would alone.

A small document with one generated table (its JSON written here) goes through pandoc with the
filter; every cell of the result must equal that cell's text read by pandoc on its own, including a
cell whose text closes the fence the filter reads it in, and texts that repeat.
"""

import json
import subprocess

from conftest import ROOT
from read_manuscript import pandoc_path

FILTER = ROOT / "filters" / "crossref.lua"
CELLS = [
    ["plain text", "\\*not emphasis\\*, *emphasis*"],
    ["a line \\\nand a second", "—"],
    ["—", "text\n:::\nafter a fence"],
]


def pandoc_json(markdown, *args, cwd=None):
    result = subprocess.run([pandoc_path(), "--from", "markdown", "--to", "json", *args], input=markdown,
                            capture_output=True, text=True, cwd=cwd, check=True)
    return json.loads(result.stdout)


def alone(text):
    """A text read by itself, as a cell holds it (paragraphs become plain blocks)."""
    blocks = pandoc_json(text)["blocks"]
    return [{"t": "Plain", "c": block["c"]} if block["t"] == "Para" else block for block in blocks]


def cells_of(table):
    head, bodies = table["c"][3], table["c"][4]
    rows = head[1] + [row for body in bodies for row in body[3]]
    return [[cell[4] for cell in row[1]] for row in rows]


def test_each_cell_reads_as_it_would_alone(tmp_path):
    spec = {"columns": ["Name", "Value"], "align": ["left", "left"], "rows": CELLS, "notes": ["A *note*."]}
    (tmp_path / "table.json").write_text(json.dumps(spec), encoding="utf-8")
    document = "::: {#tbl-test table=table.json}\nA caption.\n:::\n"
    blocks = pandoc_json(document, "--lua-filter", str(FILTER), cwd=tmp_path)["blocks"]
    table = next(block for block in blocks if block["t"] == "Table")
    expected = [[alone(text) for text in row] for row in [spec["columns"], *CELLS]]
    assert cells_of(table) == expected
    notes = next(block for block in blocks if block["t"] == "Div")
    assert notes["c"][1] == [{"t": "Para", "c": alone("A *note*.")[0]["c"]}]
