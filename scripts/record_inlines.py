"""Read the inline elements of pandoc's parse into runs (record_runs.py): text, spans, citations, links.

Spans of numbers, claims and corrections are listed with their attributes; what cannot be
read as checked text is a problem, told at its line.
"""

import re

from pandoc_ast import Attr, inline_text
from record_runs import (ALLOWED_LINKS, FACT_CONTENT, IDENTIFIER_URL, IMAGE_FORMATS, IMAGE_KEYS, PUBLISHED_KEYS,
                         SIMPLE_INLINES, SPAN_KEYS, Owner, RunReader, is_comment, short, walk_inlines)
from source_lines import words

# A DOI shown in the text (doi:10.1000/xyz, https://doi.org/10.1000/xyz): an identifier when it is a cited
# work's or the editorial's own, else its digits are numbers like any other.
DOI = re.compile(r"(?:doi:\s*|https://doi\.org/)?(10\.\d{4,9}/[^\s\]\[<>\"]*[^\s\]\[<>\".,;:!?)])", re.IGNORECASE)
# Links to what the build numbers: written by hand, their text could call Table 1 anything.
NUMBERED_ANCHORS = ("#tbl-", "#fig-", "#ref-")


class InlineReader(RunReader):
    """Reads inline elements into runs; manuscript_record.Reader adds the blocks."""

    # -- inlines ---------------------------------------------------------------------------------------
    def inlines(self, inlines):
        for element in inlines:
            self.inline(element)

    def inline(self, element):
        kind, content = element["t"], element.get("c")
        if kind == "Str":
            self.add_text(content)
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
            # Raised or lowered text reads apart from its neighbours: x^2^ shows a 2, not a word 'x2';
            # but a short formula's index (HbA~1c~, H~2~O) or a unit's power (m^2^) is part of its word.
            glued = self.is_glued(kind, inline_text(content))
            if not glued:
                self.add(" ", search=False)
            self.inlines(content)
            if not glued:
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
            if kind == "Code":
                self.check_attr(Attr.of(content[0]), set(), "inline code")
            self.code_text(content[1], kind="code" if kind == "Code" else "math")
        elif kind == "RawInline":
            self.run.search.extend(words(content[1]))
            if not is_comment(*content):
                self.problem(f"raw {content[0]} '{short(content[1])}': expected Markdown (raw output would reach "
                             "readers unchecked)")
        else:
            self.problem(f"a {kind} element: expected text this check knows how to read (please report it)")

    def add_text(self, text):
        """A word of prose; a DOI in it is an identifier when the editorial or a cited work has it."""
        position = 0
        for match in DOI.finditer(text):
            if match[1].lower() not in self.identifiers:
                continue
            self.add(text[position:match.start()])
            outer = self.owner
            if outer is None or outer.kind == "link":
                self.owner = Owner("identifier")
            self.add(match.group())
            self.owner = outer
            position = match.end()
        self.add(text[position:])

    def is_glued(self, kind, text):
        letters = re.search(r"[A-Za-z]+$", self.run.text)
        if letters is None:
            return False
        if kind == "Subscript":
            return len(letters.group()) <= 3 and bool(re.fullmatch(r"[0-9]{1,2}[a-z]?", text))
        return letters.group() in ("m", "cm", "mm", "km") and text in ("2", "3")

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
        self.check_attr(attr, SPAN_KEYS | (PUBLISHED_KEYS if self.edition == "published" else set()), "a span")
        if attr.get("claim") is not None or attr.get("correction") is not None:
            return self.marked_span(element, attr, content)
        if attr.get("fact") is None and attr.get("exempt") is None:
            if attr.get("was") is not None or attr.get("note") is not None:
                self.problem(f"span [{inline_text(content)}]: expected was= and note= with fact=, such as "
                             "[1114]{fact=storm.randomized was=\"1602\"}, found no fact=")
            self.attribute_text(attr, self.run.path)
            return self.with_edition(attr, lambda: self.inlines(content), text=inline_text(content))
        self.number_span(element, attr, content)

    def marked_span(self, element, attr, content):
        """A claim about the numbers, or a correction of words: its text is read as prose, its mark recorded."""
        kind = "claim" if attr.get("claim") is not None else "correction"
        text = inline_text(content)
        if attr.get("fact") is not None or attr.get("exempt") is not None or (kind == "claim" and attr.get("correction")):
            self.problem(f"span [{text}]: expected one of claim=, correction= or fact=, found several (a claim or a "
                         "correction may hold number spans inside it)")
        self.check_was(attr, text)
        entry = {"kind": kind, "text": text, "attributes": dict(attr.pairs), "element": element, "run": self.run,
                 "edition_only": self.editions[-1] if self.editions else None, "start": len(self.run.text)}
        self.marks.append(entry)
        self.inlines(content)
        if self.run is not entry["run"]:
            self.problem(f"{kind} [{text}] broken across lines: expected it on one line (one sentence per line)")
        entry["end"] = len(entry["run"].text) if self.run is entry["run"] else len(entry["run"].text)
        self.attribute_text(attr, self.run.path)

    def check_was(self, attr, text):
        """was= records a correction: both editions must show the text, and the title cannot mark it."""
        if attr.get("was") is None:
            return
        if self.editions:
            self.problem(f"was= on [{text}] in text of the {self.editions[-1]} edition only: expected was= on text "
                         "both editions show (the published edition shows was=, the corrected one lists it)")
        if self.run.path.startswith("meta/"):
            self.problem(f"was= on [{text}] in the title: expected corrections in the text (the title shows no "
                         "mark that would tell readers the number was corrected)")

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
        self.check_was(attr, text)
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
        if target.startswith(NUMBERED_ANCHORS) and self.owner is None:
            self.problem(f"link to '{target}': expected a cross-reference, @{target[1:]} (the build numbers and "
                         "names tables, figures and references; a link's own words could call them anything)")
        doi = DOI.fullmatch(target)
        shows_itself = inline_text(inlines) == target and IDENTIFIER_URL.fullmatch(target) and \
            (doi is None or doi[1].lower() in self.identifiers)
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
        # In prose the description is read on its own: a word of it (phase, no) must not excuse the text
        # around it. A figure's image has a run of its own already.
        if self.run.copy_of is None:
            texts = [inline_text(inlines)]
        else:
            texts = []
            self.inlines(inlines)
        for text in texts + [title] + [value for key, value in attr.pairs if key in ("title", "alt")]:
            if text:
                self.attribute_run(text)

    def note(self, blocks):
        run, outer_note, outer_upper = self.run, self.in_note, self.shown_upper
        self.in_note, self.shown_upper = run, False  # a heading's footnote is not set in capitals
        self.blocks(blocks, f"{run.path}/Note")
        self.run, self.in_note, self.shown_upper = run, outer_note, outer_upper

