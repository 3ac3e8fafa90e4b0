"""The editorial as built holds what manuscript/expected.yaml says it holds.

This is the one place where the tests know the editorial's content; an author who changes
the data or the text updates manuscript/expected.yaml. Everything else of the test suite
describes the machinery, on the invented project of tests/fixture.
"""

import json
import re

import pytest
import yaml
from lxml import html as lxml_html
from pypdf import PdfReader

from conftest import ROOT

EXPECTED = yaml.safe_load((ROOT / "manuscript" / "expected.yaml").read_text(encoding="utf-8"))
EDITIONS = {"corrected": "", "published": "published/"}


def page(built, edition):
    return lxml_html.fromstring((built / "build" / EDITIONS[edition] / "editorial.html").read_bytes())


def pdf_text(path):
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def report(built, edition):
    return json.loads((built / "build" / EDITIONS[edition] / "checks" / "numbers.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_edition_has_the_title_and_the_headings(built, edition):
    root = page(built, edition)
    assert root.findtext(".//h1").strip() == EXPECTED["title"]
    headings = [" ".join(h.text_content().split()) for h in root.xpath('//*[@id="article-body"]//h2')]
    assert headings == EXPECTED["headings"][edition]
    text = pdf_text(built / "build" / EDITIONS[edition] / "editorial.pdf").lower()
    for heading in EXPECTED["headings"][edition]:
        assert heading.lower() in text, heading


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_reference_list_has_its_entries_numbered_in_order(built, edition):
    entries = page(built, edition).xpath('//div[@id="refs"]/div[contains(@class, "csl-entry")]')
    assert len(entries) == EXPECTED["references"]
    numbers = [entry.xpath('string(.//div[@class="csl-left-margin"])').strip() for entry in entries]
    assert numbers == [str(number) for number in range(1, len(entries) + 1)]
    marks = [entry for entry in entries if "‡ reconstructed" in entry.text_content()]
    assert len(marks) == EXPECTED["reconstructed_references"]


def test_table_1_holds_the_expected_trials(built):
    table = json.loads((built / "build" / "tables" / "table1.json").read_text(encoding="utf-8"))
    assert [re.sub(r"\[@[^\]]+\]$", "", row[0]) for row in table["rows"]] == EXPECTED["table1_trials"]


def test_the_corrections_and_the_discrepancies_are_the_expected_ones(built):
    corrected = report(built, "corrected")
    by_id = {entry["id"]: entry for entry in corrected["numbers"] + corrected["claims"]}
    found = [{"published": by_id[identifier]["was"], "corrected": by_id[identifier]["text"]}
             for identifier in corrected["corrections"]]
    assert found == EXPECTED["corrections"]
    published = report(built, "published")
    shown = [entry for entry in published["numbers"] + published["claims"] if entry["verdict"] == "discrepancy"]
    assert len(shown) == len(EXPECTED["corrections"])


def test_every_expected_output_is_built_and_in_the_manifest(built):
    manifest = (ROOT / "MANIFEST.sha256").read_text(encoding="utf-8")
    for output in EXPECTED["outputs"]:
        assert (built / output).is_file(), output
        assert f"  {output}\n" in manifest, output
