"""The renderings of the invented project: both editions, HTML and PDF, show what the check judged.

Read from one shared build of tests/fixture (built_fixture).
"""

import json
import re

import pytest
from lxml import html as lxml_html
from pypdf import PdfReader

EDITIONS = {"corrected": "", "published": "published/"}
ALLOWED_LINKS = ("https://doi.org/", "https://www.ncbi.nlm.nih.gov/pubmed/", "https://pubmed.ncbi.nlm.nih.gov/",
                 "https://www.ncbi.nlm.nih.gov/pmc/", "https://clinicaltrials.gov/", "https://creativecommons.org/")


def html_of(built, edition="corrected"):
    return (built / "build" / EDITIONS[edition] / "editorial.html").read_text(encoding="utf-8")


def visible_text(html):
    root = lxml_html.fromstring(html)
    for tooltip in root.xpath('//*[@role="tooltip"]'):
        tooltip.drop_tree()
    return " ".join(root.find("body").text_content().split())


def pdf_text(path):
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_page_holds_its_title_sections_and_no_unresolved_reference(built_fixture, edition):
    text = visible_text(html_of(built_fixture, edition))
    assert "An invented editorial for the tests" in text
    for heading in ("Abstract", "Introduction", "Results", "References"):
        assert heading in text, heading
    assert ("Corrections to the published version" in text) == (edition == "corrected")
    assert "???" not in text and not re.search(r"(?<![\w.])@[a-z]", text)
    assert "Table 1" in text and "Figure 1" in text


def test_the_reference_list_is_numbered_in_order_of_first_citation(built_fixture):
    html = html_of(built_fixture)
    entries = re.findall(r'<div id="ref-([\w-]+)" class="csl-entry"', html)
    cited = json.loads((built_fixture / "build" / "checks" / "numbers.json").read_text(encoding="utf-8"))
    assert entries == cited["citations"]["cited"]
    assert re.findall(r'<div class="csl-left-margin">(\d+)', html) == [str(n) for n in range(1, len(entries) + 1)]


def test_citations_link_to_the_reference_list_and_references_out(built_fixture):
    html = html_of(built_fixture)
    assert 'href="#ref-invented2021alpha"' in html
    assert 'href="https://doi.org/10.9999/invented.2021.1"' in html and "90000001" in html
    assert 'href="#tbl-invented"' in html and 'href="#fig-forest"' in html


def test_the_page_is_self_contained_and_links_only_to_allowed_sites(built_fixture):
    html = html_of(built_fixture)
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html)
    assert "@import" not in html and "url(http" not in html
    assert re.search(r'<img [^>]*src="data:image/svg\+xml;base64,', html)
    links = re.findall(r'href="(https?://[^"]+)"', html)
    assert any("clinicaltrials.gov/study/NCT00000000" in link for link in links)
    assert [link for link in links if not link.startswith(ALLOWED_LINKS)] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_pdf_is_a4_with_title_sections_and_references(built_fixture, edition):
    path = built_fixture / "build" / EDITIONS[edition] / "editorial.pdf"
    box = PdfReader(path).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = pdf_text(path)
    assert "An invented editorial for the tests" in text and "Inventor A, Fiction B" in text
    for heading in ("abstract", "introduction", "references"):
        assert heading in text.lower(), heading
    assert "Table 1" in text and "Figure 1" in text and "???" not in text


def test_each_edition_shows_its_own_numbers_with_their_marks(built_fixture):
    corrected = pdf_text(built_fixture / "build" / "editorial.pdf")
    published = pdf_text(built_fixture / "build" / "published" / "editorial.pdf")
    assert "randomized 600§ patients" in corrected and "randomized 812‖ patients" in published
    assert "Twelve† of 36† patients" in corrected  # unverified
    assert "24 wk§" in corrected and "24 mo‖" in published
    assert "randomized 600§ patients" in visible_text(html_of(built_fixture))


def test_each_number_shows_its_provenance_on_hover_and_focus(built_fixture):
    root = lxml_html.fromstring(html_of(built_fixture))
    [number] = root.xpath('//span[@data-fact="invented-alpha.randomized" and contains(@class, "corrected")]')
    assert number.get("tabindex") == "0" and number.get("id").startswith("n-invented-alpha-randomized-")
    [tooltip] = number.xpath('.//span[@role="tooltip"]')
    assert number.get("aria-describedby") == tooltip.get("id")
    text = " ".join(tooltip.text_content().split())
    assert "600 patients" in text and "Inventor 2021 [1], invented abstract" in text and "verified" in text
    assert "published as 812" in text
    assert root.xpath('//span[contains(@class, "fact") and contains(@class, "unverified")]')


def test_the_corrections_link_to_the_numbers_and_their_sources(built_fixture):
    html = html_of(built_fixture)
    section = html[html.index('id="corrections"'):html.index('id="refs"')]
    targets = re.findall(r'href="#(n-[\w-]+)"', section)
    assert len(targets) == 3 and all(f'id="{target}"' in html for target in targets)  # 2 numbers, 1 claim
    assert 'href="#ref-invented2021alpha"' in section and "24\u00a0wk" in section


def test_the_published_edition_marks_discrepancies_not_corrections(built_fixture):
    html = html_of(built_fixture, "published")
    classes = re.findall(r'class="(fact [^"]*)"', html)
    assert not [name for name in classes if "corrected" in name]
    numbers = [name for name in classes if "discrepancy" in name and "claim" not in name]
    assert len(numbers) == 2 and len([name for name in classes if "claim" in name and "discrepancy" in name]) == 1
    assert "published text differs from the source here" in html  # the legend of the marks
    assert 'id="corrections"' not in html


def test_the_reference_list_marks_reconstructed_entries_and_unverified_identifiers(built_fixture):
    for path, text in ((p, visible_text(html_of(built_fixture)) if p.suffix == ".html" else pdf_text(p))
                       for p in (built_fixture / "build" / "editorial.html", built_fixture / "build" / "editorial.pdf")):
        assert len(re.findall(r"‡ recon-?\s*structed", text)) == 1, path  # GAMMA's reference only
        assert "(DOI unverified)" in text, path


def test_the_reports_count_the_verdicts(built_fixture):
    corrected = json.loads((built_fixture / "build" / "checks" / "numbers.json").read_text(encoding="utf-8"))
    published = json.loads((built_fixture / "build" / "published" / "checks" / "numbers.json").read_text(encoding="utf-8"))
    assert corrected["summary"]["corrected"] == published["summary"]["discrepancy"] == 3
    assert "812" in (built_fixture / "build" / "published" / "checks" / "numbers.txt").read_text(encoding="utf-8")
