"""Runs of what readers see, as the record of pandoc's parse builds them up.

A run is the text of one source line as pandoc read it, in pieces, each owned by what
it sits in: prose (no owner), a fact or exempt span, a citation, code, or text the build
generated. This module holds the runs, the vocabulary of attributes and classes, and the
reading state; record_inlines.py and manuscript_record.py read the elements.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from source_lines import words

# Attributes an author may give, by element; generated= and corrected= are the filters' own.
# dir= is left out: a right-to-left span reorders the numbers in it ("12 34" shows as "34 12").
SPAN_KEYS = {"fact", "exempt", "was", "note", "edition", "title", "lang", "claim", "because", "was-claim",
             "correction"}
# Set by filters/edition.lua in the published edition, where the published text (was=) is shown.
PUBLISHED_KEYS = {"corrected", "corrected-claim"}
DIV_KEYS = {"edition", "title", "lang"}
IMAGE_KEYS = {"width", "height", "title", "alt"}
# Classes the page's styles and scripts give meaning to: an author's use would mimic a checked number.
# Every class of the page's style sheet is reserved too; an author may use pandoc's own and these few.
STYLE_SHEET = Path(__file__).resolve().parent.parent / "templates" / "editorial.css"
AUTHOR_CLASSES = {"unnumbered", "unlisted", "smallcaps", "underline", "mark"}
RESERVED_CLASSES = ({"fact", "fact-source", "corrected", "discrepancy", "verified", "secondary", "unverified",
                     "exempt", "citation", "ref-status", "references-note", "table-notes", "csl-entry",
                     "references", "csl-bib-body", "csl-left-margin", "csl-right-inline", "identifier", "claim",
                     "correction"}
                    | set(re.findall(r"\.([A-Za-z][\w-]*)", re.sub(r"/\*.*?\*/|url\([^)]*\)|\{[^{}]*\}", "",
                                                                 STYLE_SHEET.read_text(encoding="utf-8"), flags=re.S)))
                    ) - AUTHOR_CLASSES
# The languages whose number words the check reads (numerals.py): English only.
ENGLISH = re.compile(r"en(?:-[A-Za-z0-9]{1,8})*")
FACT_CONTENT = {"Str", "Space", "Emph", "Strong", "SmallCaps"}
SIMPLE_INLINES = {"Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"}
EDITIONS = ("corrected", "published")
# Links may go only to DOI, PubMed (and PubMed Central) and trial-registry pages.
ALLOWED_LINKS = ("https://doi.org/", "https://pubmed.ncbi.nlm.nih.gov/", "https://www.ncbi.nlm.nih.gov/pubmed/",
                 "https://www.ncbi.nlm.nih.gov/pmc/", "https://clinicaltrials.gov/",
                 "https://www.clinicaltrialsregister.eu/", "https://euclinicaltrials.eu/", "https://www.isrctn.com/",
                 "https://trialsearch.who.int/")
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


class RunReader:
    """The runs being read: a new one per source line, its pieces, the problems found on it."""

    def __init__(self, edition="corrected", identifiers=frozenset()):
        self.edition = edition
        self.identifiers = identifiers  # the DOIs the text may show as identifiers (lower case)
        self.runs, self.spans, self.problems, self.citations, self.ids = [], [], [], [], []
        self.edition_texts = []  # (run, edition, text) shown in one edition only
        self.marks = []  # claims and corrections of text: spans whose words, not numbers, are checked
        self.run = None
        self.line_of = None  # the run whose line text the build generated takes (a table's caption)
        self.owner = None
        self.section = ""
        self.editions = []
        self.in_note = None
        self.shown_upper = False
        self.reference_lists = 0
        self.boxes = []  # identifiers of the divs being read
        self.reference_entries = []  # (key, run) of each entry of the reference list

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

    # -- attributes ------------------------------------------------------------------------------------
    def check_attr(self, attr, allowed, what):
        if self.owner is not None and self.owner.kind in ("generated", "reference-list"):
            return
        reserved = sorted(set(attr.classes) & RESERVED_CLASSES)
        if reserved:
            self.problem(f"class .{reserved[0]} on {what}: expected none of the page's own classes "
                         f"({', '.join(sorted(RESERVED_CLASSES))})")
        written = [key for key in attr.keys if key.startswith("written-")]
        if written:
            self.problem(f"{written[0].removeprefix('written-')}= on {what}: expected was= on the corrected text "
                         "(corrected= is the build's own, which filters/edition.lua writes in the published edition)")
            return
        repeated = sorted({key for key in attr.keys if attr.keys.count(key) > 1})
        if repeated:
            self.problem(f"attribute {repeated[0]}= twice on {what}: expected each attribute once")
        lang = attr.get("lang")
        if lang is not None and not ENGLISH.fullmatch(lang):
            self.problem(f"lang={lang} on {what}: expected English, lang=en or such as en-GB (the check reads English "
                         "number words, and another language's script may reorder digits)")
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
