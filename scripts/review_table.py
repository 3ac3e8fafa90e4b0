"""Compare two versions of a generated table (Table 1) cell by cell.

Columns are matched by their heading, rows by their first cell (the trial's name, without its
citation, whose number a renumbering changes); each pair of cells is compared like a sentence.
A row or column only one side has is marked whole. Every changed cell is recorded on the
Merger (table_cells), by row and column, with its text before and after.
"""

import copy

from audit_output import block_texts
from review_align import align, ratio, without_citations


def cell_text(cell, citations=True):
    blocks = cell[4] if citations else without_citations(cell[4])
    return " ".join(" ".join(block_texts(blocks)).split())


def cell_meaning(cell):
    """A cell's text without citation labels, and the keys it cites."""
    if cell is None:
        return None
    keys = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("t") == "Cite":
                keys.extend(citation["citationId"] for citation in value["c"][0])
                return
            walk(value.get("c"))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(cell[4])
    return cell_text(cell, citations=False), keys


def body_rows(table):
    return [row for body in table["c"][4] for row in body[2] + body[3]] if table else []


def head_cells(table):
    rows = table["c"][3][1] if table else []
    return rows[0][1] if rows else []


def merge_cell(merger, old, new):
    some = new or old
    blocks = merger.blocks(old[4] if old else None, new[4] if new else None)
    return [some[0], some[1], some[2], some[3], blocks]


def merge_row(merger, old, new, columns, record=None):
    """A merged row over the aligned columns; a row of one side only is marked as such."""
    some = new or old
    attr = copy.deepcopy(some[0])
    if old is None or new is None:
        attr[1] = attr[1] + ["review-row-ins" if old is None else "review-row-del"]
    cells = []
    for old_index, new_index in columns:
        old_cell = old[1][old_index] if old is not None and old_index is not None else None
        new_cell = new[1][new_index] if new is not None and new_index is not None else None
        if old_cell is None and new_cell is None:
            continue
        cells.append(merge_cell(merger, old_cell, new_cell))
        if record is not None:
            record(old_cell, new_cell, new_index if new_index is not None else old_index)
    return [attr, cells]


def merge_table(merger, old, new):
    some = new or old
    attr, caption, colspecs, head, bodies, foot = some["c"]
    keeps_prose, merger.prose = merger.prose, False  # a generated table is not in the source lines
    long = merger.blocks(old["c"][1][1] if old else None, new["c"][1][1] if new else None)
    headings = {"old": [cell_text(c) for c in head_cells(old)], "new": [cell_text(c) for c in head_cells(new)]}
    columns = align_columns(headings)
    old_head, new_head = (table["c"][3][1] if table else [] for table in (old, new))
    head_rows = [merge_row(merger, o, n, columns) for o, n in align(old_head, new_head, lambda r: 0,
                                                                         lambda a, b: 1.0)]

    def key(row):
        return cell_text(row[1][0], citations=False) if row[1] else ""

    def record(old_cell, new_cell, index):
        before = cell_text(old_cell) if old_cell is not None else None
        after = cell_text(new_cell) if new_cell is not None else None
        # A cell whose only change is a renumbered citation is not listed: the renumbering is, once.
        if cell_meaning(old_cell) != cell_meaning(new_cell):
            names = headings["new"] if new_cell is not None else headings["old"]
            merger.table_cells.append({"table": some["c"][0][0], "row": current_row[0], "column": names[index],
                                       "before": before, "after": after})

    rows = []
    for old_row, new_row in align(body_rows(old), body_rows(new), key, lambda a, b: ratio(key(a), key(b))):
        current_row = [key(new_row if new_row is not None else old_row)]
        rows.append(merge_row(merger, old_row, new_row, columns, record))
    specs = [(new["c"][2][n] if n is not None else old["c"][2][o]) for o, n in columns]
    merger.prose = keeps_prose
    body_attr = bodies[0][0] if bodies else ["", [], []]
    return {"t": "Table", "c": [attr, [caption[0], long], specs, [head[0], head_rows],
                                [[body_attr, 0, [], rows]], foot]}


def align_columns(headings):
    """[(old column index or None, new column index or None)], matched by the headings' text."""
    olds = list(enumerate(headings["old"]))
    news = list(enumerate(headings["new"]))
    pairs = align(olds, news, lambda column: column[1], lambda a, b: ratio(a[1].split(), b[1].split()))
    return [(old[0] if old else None, new[0] if new else None) for old, new in pairs]
