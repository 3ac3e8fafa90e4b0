"""Read pandoc's parse of the manuscript into a record of what readers see.

The record is a list of runs (the text of one source line, as pandoc read it; see
record_inlines.py), the spans of numbers, claims and corrections, citations and
problems. Nothing is decided here about numbers (see number_verdicts.py); what cannot
be read as checked text (an element type this reader does not know, raw output, a typed
table, text in the reference list, unknown attributes) is a problem, told at its line.
"""

from pandoc_ast import Attr, inline_text
from record_inlines import InlineReader
from record_runs import DIV_KEYS, is_comment, short
from source_lines import words


# Divs whose headings the PDF sets in capitals, whatever their level (templates/editorial.typ).
CAPITALIZED_BOXES = {"abstract", "core-tip"}


class Reader(InlineReader):
    """Walks the blocks of pandoc's AST into runs, spans and problems."""

    # -- blocks ----------------------------------------------------------------------------------------
    def blocks(self, blocks, path):
        for index, block in enumerate(blocks):
            self.block(block, f"{path}/{block['t']}[{index}]")

    def block(self, block, path):
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            self.text_block(content, path)
        elif kind == "Header":
            self.header(content, path)
        elif kind == "BlockQuote":
            self.blocks(content, path)
        elif kind == "BulletList":
            for index, item in enumerate(content):
                self.blocks(item, f"{path}/item[{index}]")
        elif kind == "OrderedList":
            self.ordered_list(content, path)
        elif kind == "DefinitionList":
            for index, (term, definitions) in enumerate(content):
                self.text_block(term, f"{path}/term[{index}]")
                for definition in definitions:
                    self.blocks(definition, f"{path}/definition[{index}]")
        elif kind == "LineBlock":
            for index, line in enumerate(content):
                previous = self.run if index else None
                self.text_block(line, f"{path}/line[{index}]")
                if previous is not None:  # readers read a line block's lines on, as a paragraph's
                    previous.next, self.run.previous = self.run, previous
        elif kind == "CodeBlock":
            self.new_run(path)
            self.problem("code block: expected prose (a code block shows its text as it is, so its numbers could not "
                         "be tied to the data)")
            self.code_text(content[1], search=True)
        elif kind == "RawBlock":
            self.raw(content, path)
        elif kind == "Table":
            self.table(content, path)
        elif kind == "Figure":
            self.figure(content, path)
        elif kind == "Div":
            self.div(content, path)
        elif kind != "HorizontalRule":
            self.new_run(path)
            self.problem(f"a {kind} element: expected text this check knows how to read (please report it)")

    def text_block(self, inlines, path):
        self.new_run(path)
        self.inlines(inlines)

    def header(self, content, path):
        level, raw_attr, inlines = content
        self.section = inline_text(inlines)
        self.new_run(path)
        attr = Attr.of(raw_attr)
        self.check_attr(attr, set(), "a heading")
        if attr.get("edition") is not None:
            self.problem("edition= on a heading: expected it on a ::: div around the section, or on a span")
        # The page and the PDF set these headings in capitals: levels 1 and 2, and all in the boxes.
        self.shown_upper = level <= 2 or bool(set(self.boxes) & CAPITALIZED_BOXES)
        self.inlines(inlines)
        self.shown_upper = False

    def ordered_list(self, content, path):
        (start, style, _), items = content
        first = len(self.runs)
        for index, item in enumerate(items):
            self.blocks(item, f"{path}/item[{index}]")
        if start != 1 or style["t"] == "Example":
            self.problem(f"an ordered list numbered from {start}: expected a list numbered from 1 (its numbers are "
                         "shown to readers and tied to no data; write a number in a sentence)",
                         self.runs[first] if len(self.runs) > first else None)

    def raw(self, content, path):
        form, text = content
        self.new_run(path)
        self.run.search.extend(words(text))
        if not is_comment(form, text):
            self.problem(f"raw {form} '{short(text)}': expected Markdown (raw output would reach readers unchecked)")

    def div(self, content, path):
        raw_attr, blocks = content
        attr = Attr.of(raw_attr)
        if attr.identifier == "refs":
            return self.reference_list(blocks, path)
        generated = attr.get("generated")
        if generated:
            return self.generated(lambda: self.blocks(blocks, path))
        self.new_run(path)
        # The fence line holds the attributes: they find its line.
        self.run.search.extend(words(" ".join([attr.identifier, *attr.classes, *(f"{k} {v}" for k, v in attr.pairs)])))
        self.check_attr(attr, DIV_KEYS, "a div")
        self.attribute_text(attr, path)
        self.boxes.append(attr.identifier)
        self.with_edition(attr, lambda: self.blocks(blocks, path))
        self.boxes.pop()

    def reference_list(self, blocks, path):
        """citeproc's reference list: every entry is generated from references.bib, nothing else may be there."""
        self.new_run(path)
        self.run.search.extend(words("refs"))
        if self.reference_lists:
            self.problem("a second ::: {#refs}: expected one reference list (citeproc fills only the first)")
        self.reference_lists += 1
        for index, block in enumerate(blocks):
            attr = Attr.of(block["c"][0]) if block["t"] == "Div" else Attr()
            if block["t"] == "Div" and "csl-entry" in attr.classes and attr.identifier.startswith("ref-"):
                self.reference_entries.append((attr.identifier.removeprefix("ref-"), self.run))
                self.generated(lambda: self.block(block, f"{path}/Div[{index}]"), kind="reference-list")
                continue
            self.block(block, f"{path}/{block['t']}[{index}]")
            self.problem("text inside ::: {#refs}: expected the div empty (citeproc fills it with the reference list)")

    def table(self, content, path):
        raw_attr, caption, _, head, bodies, foot = content
        attr = Attr.of(raw_attr)
        self.blocks(caption[1], f"{path}/caption")
        if not attr.get("generated"):
            first = len(self.runs)
            self.table_cells(head, bodies, foot, path)
            self.problem("a table typed in the manuscript: expected tables generated from the data, "
                         "::: {#tbl-name table=\"tables/....json\"} (typed numbers go unchecked)",
                         self.runs[first] if len(self.runs) > first else None)
            return
        caption_run = self.run
        self.generated(lambda: self.table_cells(head, bodies, foot, path), copy_of=caption_run)

    def table_cells(self, head, bodies, foot, path):
        rows = list(head[1]) + [row for body in bodies for row in body[2] + body[3]] + list(foot[1])
        for row_index, row in enumerate(rows):
            for cell_index, cell in enumerate(row[1]):
                self.blocks(cell[4], f"{path}/row[{row_index}]/cell[{cell_index}]")

    def figure(self, content, path):
        raw_attr, caption, blocks = content
        attr = Attr.of(raw_attr)
        self.blocks(caption[1], f"{path}/caption")
        caption_run = self.run
        self.check_attr(attr, set(), "a figure")
        if not attr.identifier.startswith("fig-"):
            self.problem("a figure without an id: expected ![caption](file){#fig-name}, cited as @fig-name (the "
                         "PDF numbers every figure, the page only those with an id)")
        for index, block in enumerate(blocks):
            self.new_run(f"{path}/{block['t']}[{index}]", copy_of=caption_run)
            self.inlines(block["c"] if block["t"] in ("Plain", "Para") else [])
            if block["t"] not in ("Plain", "Para"):
                self.block(block, f"{path}/{block['t']}[{index}]")

