"""Read pandoc's parse of the manuscript into a record of what readers see.

The record is a list of runs (the text of one source line, as pandoc read it),
each piece of text owned by what it sits in: prose, a fact span, an exempt
span, a citation, or text the build generated (Table 1, labels, the reference
list). The spans are listed with their attributes. Nothing is decided here
about numbers (see number_verdicts.py); what cannot be read as checked text
(an element type this reader does not know, raw output, a typed table, text
in the reference list, unknown attributes) is a problem, told at its line.
"""

import re
from dataclasses import dataclass, field

from pandoc_ast import Attr, inline_text
from source_lines import words

# Attributes an author may give, by element; generated= and corrected= are the filters' own.
# dir= is left out: a right-to-left span reorders the numbers in it ("12 34" shows as "34 12").
SPAN_KEYS = {"fact", "exempt", "was", "note", "edition", "title", "lang"}
DIV_KEYS = {"edition", "title", "lang"}
IMAGE_KEYS = {"width", "height", "title", "alt"}
# Classes the page's styles and scripts give meaning to: an author's use would mimic a checked number.
RESERVED_CLASSES = {"fact", "fact-source", "corrected", "discrepancy", "verified", "secondary", "unverified",
                    "exempt", "citation", "ref-status", "references-note", "table-notes", "csl-entry",
                    "references", "csl-bib-body", "csl-left-margin", "csl-right-inline", "identifier", "claim"}
FACT_CONTENT = {"Str", "Space", "Emph", "Strong", "SmallCaps"}
SIMPLE_INLINES = {"Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"}
EDITIONS = ("corrected", "published")
# Links may go only to DOI, PubMed (and PubMed Central) and trial-registry pages.
ALLOWED_LINKS = ("https://doi.org/", "https://pubmed.ncbi.nlm.nih.gov/", "https://www.ncbi.nlm.nih.gov/pubmed/",
                 "https://www.ncbi.nlm.nih.gov/pmc/", "https://clinicaltrials.gov/")
IMAGE_FORMATS = (".svg", ".png", ".jpg", ".jpeg")
# A link that shows its own address is an identifier when the address is a DOI, a PubMed record
# or a trial registration (no query: https://pubmed.ncbi.nlm.nih.gov/?term=1602 shows a number).
IDENTIFIER_URL = re.compile(r"https://doi\.org/10\.\d{4,9}/[^\s?#]+|https://pubmed\.ncbi\.nlm\.nih\.gov/\d+/?"
                            r"|https://www\.ncbi\.nlm\.nih\.gov/pmc/articles/PMC\d+/?"
                            r"|https://clinicaltrials\.gov/(?:study|ct2/show)/NCT\d{8}")


@dataclass
class Owner:
    """What a piece of text sits in: kind is fact, exempt, citation, crossref, generated, code or math."""

    kind: str
    entry: dict = None


@dataclass
class Run:
    """The text of one source line as pandoc read it, in pieces (text, owner or None for prose)."""

    path: str
    section: str
    edition_only: str = None
    pieces: list = field(default_factory=list)
    search: list = field(default_factory=list)  # words to find its source line by
    copy_of: "Run" = None  # a run repeating this one's line (an image description, a link title)
    note_of: "Run" = None  # the run a footnote's text belongs to
    line: int = None
    last_line: int = None
    line_words: list = field(default_factory=list)  # (line, words) when the run spans several lines
    previous: "Run" = None  # the line before, when this one continues its paragraph
    next: "Run" = None

    @property
    def text(self):
        return "".join(text for text, _ in self.pieces)

    def owners(self):
        """The owner of each character of text."""
        return [owner for text, owner in self.pieces for _ in text]


class Reader:
    """Walks the blocks of pandoc's AST into runs, spans and problems."""

    def __init__(self, edition="corrected"):
        self.edition = edition
        self.runs, self.spans, self.problems, self.citations, self.ids = [], [], [], [], []
        self.edition_texts = []  # (run, edition, text) shown in one edition only
        self.run = None
        self.line_of = None  # the run whose line text the build generated takes (a table's caption)
        self.owner = None
        self.section = ""
        self.editions = []
        self.in_note = None
        self.shown_upper = False

    # -- runs ------------------------------------------------------------------------------------------
    def new_run(self, path, copy_of=None):
        self.run = Run(path, self.section, self.editions[-1] if self.editions else None,
                       copy_of=copy_of or self.line_of, note_of=self.in_note)
        self.runs.append(self.run)
        return self.run

    def add(self, text, search=True):
        if self.shown_upper:
            text = text.upper()  # small capitals, or a heading set in capitals: readers see XII, not xii
        self.run.pieces.append((text, self.owner))
        if search and (self.owner is None or self.owner.kind in ("fact", "exempt")):
            self.run.search.extend(words(text))

    def problem(self, message, run=None):
        self.problems.append((run or self.run, message))

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
                self.text_block(line, f"{path}/line[{index}]")
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
        self.shown_upper = level <= 2  # the page and the PDF set these headings in capitals
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
        self.with_edition(attr, lambda: self.blocks(blocks, path))

    def reference_list(self, blocks, path):
        """citeproc's reference list: every entry is generated from references.bib, nothing else may be there."""
        for index, block in enumerate(blocks):
            attr = Attr.of(block["c"][0]) if block["t"] == "Div" else Attr()
            if block["t"] == "Div" and "csl-entry" in attr.classes:
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
        self.check_attr(Attr.of(raw_attr), set(), "a figure")
        self.blocks(caption[1], f"{path}/caption")
        caption_run = self.run
        for index, block in enumerate(blocks):
            self.new_run(f"{path}/{block['t']}[{index}]", copy_of=caption_run)
            self.inlines(block["c"] if block["t"] in ("Plain", "Para") else [])
            if block["t"] not in ("Plain", "Para"):
                self.block(block, f"{path}/{block['t']}[{index}]")

    def generated(self, read, kind="generated", copy_of=None):
        """Read text the build made (Table 1's cells, a caption's label, the reference list)."""
        outer, outer_line = self.owner, self.line_of
        self.owner = Owner(kind)
        if copy_of is not None:
            self.line_of = copy_of
            self.new_run(copy_of.path)
        read()
        self.owner, self.line_of = outer, outer_line

    def with_edition(self, attr, read, text=None):
        """Read text of one edition (text: a span's, which shares its run with the text around it)."""
        edition = attr.get("edition")
        if edition is not None and edition not in EDITIONS:
            self.problem(f"edition={edition}: expected edition=corrected or edition=published")
        if edition is not None:
            self.editions.append(edition)
        first = len(self.runs)
        read()
        if edition is not None:
            self.editions.pop()
        if edition in EDITIONS:
            shown = [(self.run, text)] if text is not None else [(run, run.text) for run in self.runs[first:]]
            self.edition_texts.extend((run, edition, shown_text) for run, shown_text in shown)

    # -- inlines ---------------------------------------------------------------------------------------
    def inlines(self, inlines):
        for element in inlines:
            self.inline(element)

    def inline(self, element):
        kind, content = element["t"], element.get("c")
        if kind == "Str":
            self.add(content)
        elif kind == "Space":
            self.add(" ")
        elif kind in ("SoftBreak", "LineBreak"):
            if self.owner is not None and self.owner.kind in ("fact", "exempt"):
                self.problem(f"span [{self.owner.entry['text']}] broken across lines: expected it on one line "
                             "(one sentence per line)")
            previous = self.run
            self.new_run(previous.path)
            previous.next, self.run.previous = self.run, previous  # pandoc joins the lines of a paragraph
        elif kind in ("Superscript", "Subscript"):
            # Raised or lowered text reads apart from its neighbours: x^2^ shows a 2, not a word 'x2'.
            self.add(" ", search=False)
            self.inlines(content)
            self.add(" ", search=False)
        elif kind == "SmallCaps":
            outer, self.shown_upper = self.shown_upper, True
            self.inlines(content)
            self.shown_upper = outer
        elif kind in SIMPLE_INLINES:
            self.inlines(content)
        elif kind == "Quoted":
            opening, closing = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            self.add(opening, search=False)
            self.inlines(content[1])
            self.add(closing, search=False)
        elif kind == "Span":
            self.span(element)
        elif kind == "Cite":
            self.cite(content)
        elif kind == "Link":
            self.link(content)
        elif kind == "Image":
            self.image(content)
        elif kind == "Note":
            self.note(content)
        elif kind in ("Code", "Math"):
            self.code_text(content[1], kind="code" if kind == "Code" else "math")
        elif kind == "RawInline":
            self.run.search.extend(words(content[1]))
            if not is_comment(*content):
                self.problem(f"raw {content[0]} '{short(content[1])}': expected Markdown (raw output would reach "
                             "readers unchecked)")
        else:
            self.problem(f"a {kind} element: expected text this check knows how to read (please report it)")

    def code_text(self, text, kind="code", search=True):
        outer, self.owner = self.owner, Owner(kind)
        self.run.pieces.append((text, self.owner))
        if search:
            self.run.search.extend(words(text))
        self.owner = outer

    def span(self, element):
        raw_attr, content = element["c"]
        attr = Attr.of(raw_attr)
        if attr.get("generated"):
            return self.generated(lambda: self.inlines(content))
        # corrected= is set by filters/edition.lua in the published edition only.
        self.check_attr(attr, SPAN_KEYS | ({"corrected"} if self.edition == "published" else set()), "a span")
        if attr.get("fact") is None and attr.get("exempt") is None:
            if attr.get("was") is not None or attr.get("note") is not None:
                self.problem(f"span [{inline_text(content)}]: expected was= and note= with fact=, such as "
                             "[1114]{fact=storm.randomized was=\"1602\"}, found no fact=")
            self.attribute_text(attr, self.run.path)
            return self.with_edition(attr, lambda: self.inlines(content), text=inline_text(content))
        self.number_span(element, attr, content)

    def number_span(self, element, attr, content):
        text = inline_text(content)
        if self.owner is not None and self.owner.kind != "generated":
            where = {"fact": "another number's span", "exempt": "another number's span"}.get(self.owner.kind,
                                                                                            f"a {self.owner.kind}")
            self.problem(f"span [{text}]: expected it on its own, found it inside {where} (write the number "
                         "outside it)")
        if attr.get("fact") is not None and attr.get("exempt") is not None:
            self.problem(f"span [{text}]: expected fact= or exempt=, found both")
        if attr.get("edition") is not None:
            self.problem(f"span [{text}]: expected edition= on a span of its own, such as "
                         f"[[{text}]{{fact=...}}]{{edition={attr.get('edition')}}}, found it with the number")
        inner = sorted({item["t"] for item in walk_inlines(content)} - FACT_CONTENT - {"SoftBreak", "LineBreak"})
        if inner:
            self.problem(f"span [{text}]: expected only the number and its unit inside, found {', '.join(inner)}")
        entry = {"kind": "fact" if attr.get("fact") is not None else "exempt", "text": text,
                 "generated": self.owner is not None and self.owner.kind == "generated",
                 "attributes": dict(attr.pairs), "element": element, "run": self.run,
                 "edition_only": self.editions[-1] if self.editions else None}
        if attr.get("was") is not None and "published" in self.editions:
            self.problem(f"was= on [{text}] in text of the published edition only: expected was= on text both "
                         "editions show (the corrected edition lists the correction)")
        self.spans.append(entry)
        outer, self.owner = self.owner, Owner(entry["kind"], entry)
        entry["start"] = len(self.run.text)
        self.inlines(content)
        entry["end"] = len(self.run.text)
        entry["end_run"] = self.run
        self.owner = outer

    def cite(self, content):
        citations, rendered = content
        for citation in citations:
            self.citations.append((citation["citationId"], self.run))
            for part in ("citationPrefix", "citationSuffix"):
                nested = {item["t"] for item in walk_inlines(citation[part])} & {"Span", "Link", "Note", "Cite"}
                if nested:
                    self.problem(f"citation of {citation['citationId']}: expected plain text around the key, "
                                 f"found {', '.join(sorted(nested))} (write numbers outside the citation)")
            if self.owner is None:  # a citation the build added (a caption's sources) is not in the source
                self.run.search.extend(words(inline_text(citation["citationPrefix"])) + words(citation["citationId"])
                                       + words(inline_text(citation["citationSuffix"])))
        outer = self.owner
        self.owner = Owner("citation", {"citations": [
            {"key": c["citationId"], "prefix": inline_text(c["citationPrefix"]),
             "suffix": inline_text(c["citationSuffix"])} for c in citations]})
        self.inlines(rendered)
        self.owner = outer

    def link(self, content):
        raw_attr, inlines, (target, title) = content
        attr = Attr.of(raw_attr)
        if attr.get("generated") == "crossref":
            self.run.search.extend(words(target))
            return self.generated(lambda: self.inlines(inlines), kind="crossref")
        self.check_attr(attr, set(), "a link")
        if not target.startswith("#") and not target.startswith(ALLOWED_LINKS):
            self.problem(f"link to '{target}': expected a DOI, PubMed or trial-registry page "
                         f"({', '.join(ALLOWED_LINKS)}) or #an-anchor")
        shows_itself = inline_text(inlines) == target and IDENTIFIER_URL.fullmatch(target)
        outer, self.owner = self.owner, self.owner or Owner("identifier" if shows_itself else "link")
        self.inlines(inlines)
        self.owner = outer
        if title:
            self.attribute_run(title)

    def image(self, content):
        raw_attr, inlines, (source, title) = content
        attr = Attr.of(raw_attr)
        self.check_attr(attr, IMAGE_KEYS, "an image")
        if ":" in source.split("/")[0]:
            self.problem(f"image '{source}': expected a file of the project (the build loads nothing from the "
                         "network), found a web address")
        elif not source.lower().endswith(IMAGE_FORMATS):
            self.problem(f"image '{source}': expected an image file ({', '.join(IMAGE_FORMATS)}) that both the HTML "
                         "and the PDF can show")
        self.inlines(inlines)
        for text in [title] + [value for key, value in attr.pairs if key in ("title", "alt")]:
            if text:
                self.attribute_run(text)

    def note(self, blocks):
        run, outer_note = self.run, self.in_note
        self.in_note = run
        self.blocks(blocks, f"{run.path}/Note")
        self.run, self.in_note = run, outer_note

    # -- attributes ------------------------------------------------------------------------------------
    def check_attr(self, attr, allowed, what):
        if self.owner is not None and self.owner.kind in ("generated", "reference-list"):
            return
        reserved = sorted(set(attr.classes) & RESERVED_CLASSES)
        if reserved:
            self.problem(f"class .{reserved[0]} on {what}: expected none of the page's own classes "
                         f"({', '.join(sorted(RESERVED_CLASSES))})")
        unknown = [key for key in attr.keys if key not in allowed]
        if unknown:
            self.problem(f"attribute {unknown[0]}= on {what}: expected "
                         + (f"only {', '.join(sorted(allowed))}" if allowed else "no key=value attributes"))
        if attr.identifier:
            self.ids.append((attr.identifier, self.run))

    def attribute_text(self, attr, path):
        """title= on a span or div is shown to readers as a tooltip: its text is read as prose."""
        title = attr.get("title")
        if title:
            self.attribute_run(title)

    def attribute_run(self, text):
        """A title= or alt= text, shown on hover: found on its own line (a link's definition may be elsewhere)."""
        current, outer_note = self.run, self.in_note
        self.in_note = current
        self.new_run(f"{current.path}/title")
        outer, self.owner = self.owner, None
        self.add(text)
        self.owner, self.run, self.in_note = outer, current, outer_note


def walk_inlines(inlines):
    """Every inline element under a list of inlines, depth first."""
    for element in inlines:
        yield element
        content = element.get("c")
        kind = element["t"]
        if kind in SIMPLE_INLINES:
            yield from walk_inlines(content)
        elif kind in ("Span", "Link", "Image", "Quoted"):
            yield from walk_inlines(content[1])
        elif kind == "Cite":
            yield from walk_inlines(content[1])


def is_comment(form, text):
    """An HTML comment and nothing else: readers never see it."""
    stripped = text.strip()
    return form == "html" and stripped.startswith("<!--") and stripped.endswith("-->") and "-->" not in stripped[4:-3]


def short(text):
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."
