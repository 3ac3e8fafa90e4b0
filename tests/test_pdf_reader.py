"""The PDF as a production editor reads it: marks and their legend, tags, metadata, PDF/A and PDF/UA.

Checked offline with pypdf (veraPDF is not available here): the XMP identifies PDF/A-2a and PDF/UA-1,
which typst only writes after checking what they require; the structure tree holds the title as H1, the
reference list as a list and the figure with its alt text. On the invented project (tests/fixture);
and, with pypdfium2's character boxes, that no text is drawn over other text, in both projects.
"""

import json
import re
from collections import Counter

import pytest
import pypdfium2 as pdfium
from pypdf import PdfReader

EDITIONS = {"editorial.pdf": "§", "published/editorial.pdf": "‖"}


def structure(reader):
    kinds, alts = Counter(), []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        kind = node.get("/S")
        if kind:
            kinds[str(kind)] += 1
            if kind == "/Figure":
                alts.append(str(node.get("/Alt", "")))
        children = node.get("/K")
        for child in children if isinstance(children, list) else [children] if children is not None else []:
            if hasattr(child, "get_object"):
                walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return kinds, alts


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pdf_marks_numbers_as_the_html_does_and_explains_the_marks(built_fixture, edition):
    reader = PdfReader(built_fixture / "build" / edition)
    text = " ".join(page.extract_text() for page in reader.pages)
    mark = EDITIONS[edition]
    assert re.search(r"\b(600|812)" + mark, text), "the corrected (or differing) number carries its mark"
    assert re.search(r"\b36†", text), "an unverified number carries its dagger"
    first = " ".join(reader.pages[0].extract_text().split())
    assert "Numbers" in first and f"{mark} " in first and "† unverified" in first


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pdf_is_tagged_with_its_title_as_heading_and_references_as_a_list(built_fixture, edition):
    reader = PdfReader(built_fixture / "build" / edition)
    kinds, alts = structure(reader)
    assert kinds["/H1"] == 1 and kinds["/H2"] >= 4
    references = json.loads((built_fixture / "build" / "checks" / "numbers.json").read_text(encoding="utf-8"))
    assert kinds["/L"] >= 1 and kinds["/LI"] >= len(references["citations"]["cited"])
    assert alts and all(alt.startswith("Forest plot") for alt in alts)
    assert reader.trailer["/Root"]["/Lang"] == "en-US"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pdf_metadata_has_doi_keywords_licence_and_authors_and_claims_pdf_a_and_ua(built_fixture, edition):
    reader = PdfReader(built_fixture / "build" / edition)
    info = reader.metadata
    assert "10.9999/invented.2024.5" in info["/Subject"] and "CC BY-NC 4.0" in info["/Subject"]
    assert "Fixture" in info["/Keywords"]
    assert "Ann Inventor" in info["/Author"] or "A. Inventor" in info["/Author"]
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert re.search(r"<pdfaid:part>2</pdfaid:part>", xmp) and re.search(r"<pdfaid:conformance>A<", xmp)
    assert re.search(r"<pdfuaid:part>1</pdfuaid:part>", xmp)


def test_the_figures_text_is_text_in_the_pdf(built_fixture):
    reader = PdfReader(built_fixture / "build" / "editorial.pdf")
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "0.940 (0.780–1.134)" in text and "Hazard ratio (log scale)" in text  # ALPHA's row, as drawn


def drawn_over(path, tolerance=0.3):
    """Glyphs of different words or table cells drawn over each other on one line: (page, overlap in pt,
    the two characters). Characters next to each other on a line but not in reading order belong to
    different words or cells; font boxes (loose) share a baseline, and kerning within a word is left."""
    found = []
    pdf = pdfium.PdfDocument(str(path))
    for number in range(len(pdf)):
        text = pdf[number].get_textpage()
        lines = {}
        for index in range(text.count_chars()):
            if text.get_text_range(index, 1).strip():
                left, bottom, right, _ = text.get_charbox(index, loose=True)
                lines.setdefault(round(bottom), []).append((left, right, index))
        for chars in lines.values():
            chars.sort()
            for (_, right, first), (left, _, second) in zip(chars, chars[1:]):
                if second != first + 1 and right - left > tolerance:
                    found.append((number + 1, round(right - left, 1), text.get_text_range(min(first, second), 1),
                                  text.get_text_range(max(first, second), 1)))
    return found


# Once, Table 1's hazard ratios ran into the P column: each cell was held whole in a column too narrow.
@pytest.mark.parametrize("edition", EDITIONS)
def test_no_text_is_drawn_over_other_text(built, built_fixture, edition):
    for project in (built, built_fixture):
        assert drawn_over(project / "build" / edition) == [], project
