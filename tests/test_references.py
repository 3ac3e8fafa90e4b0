"""The reference list: our CSL style is valid, and pandoc's rendering agrees with citeproc-py's.

On the invented project's bibliography (tests/fixture/references.bib).
"""

import html
import json
import logging
import re
import subprocess

import pypandoc
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from conftest import FIXTURE, ROOT
from index_references import index_references

CSL = ROOT / "styles" / "world-journal-hepatology.csl"
BIBLIOGRAPHY = FIXTURE / "references.bib"


def pandoc_entries(path):
    """The text of each entry of the rendered reference list, without its number and our marks."""
    page = path.read_text(encoding="utf-8")
    entries = re.findall(r'<div class="csl-right-inline">(.*?)</div>', page, flags=re.S)
    texts = []
    for entry in entries:
        entry = re.sub(r'<span class="ref-status">.*?</span>', "", entry, flags=re.S)
        entry = re.sub(r'<span class="cited-in">.*?</span>(?=\s*$)', "", entry, flags=re.S)  # back-links
        texts.append(" ".join(html.unescape(re.sub(r"<[^>]+>", "", entry)).split()))
    return texts


def test_the_style_is_valid_csl():
    # citeproc-py checks the style against the CSL schema (RELAX NG) and raises on an error.
    style = CitationStylesStyle(str(CSL), validate=True)
    assert style.root.get("class") == "in-text"


def test_pandoc_and_citeproc_py_render_the_same_reference_list(built_fixture):
    logging.getLogger("pypandoc").setLevel(logging.CRITICAL)
    converted = subprocess.run([pypandoc.get_pandoc_path(), str(BIBLIOGRAPHY), "-f", "bibtex", "-t", "csljson"],
                               capture_output=True, text=True, check=True).stdout
    style = CitationStylesStyle(str(CSL))
    bibliography = CitationStylesBibliography(style, CiteProcJSON(json.loads(converted)), formatter.plain)
    report = json.loads((built_fixture / "build" / "checks" / "numbers.json").read_text(encoding="utf-8"))
    for key in report["citations"]["cited"]:
        bibliography.register(Citation([CitationItem(key)]))
    by_citeproc_py = [" ".join(re.sub(r"^\d+", "", str(entry)).split()) for entry in bibliography.bibliography()]
    by_pandoc = pandoc_entries(built_fixture / "build" / "editorial.html")
    assert len(by_pandoc) == len(by_citeproc_py) == len(report["citations"]["cited"])
    assert by_pandoc == by_citeproc_py


def test_every_entry_records_whether_it_is_confirmed():
    index = index_references(BIBLIOGRAPHY)
    assert {entry["status"] for entry in index.values()} == {"confirmed", "reconstructed"}
    assert index["invented2021alpha"]["label"] == "Inventor 2021" and index["invented2021alpha"]["status"] == "confirmed"
    assert index["invented2022beta"]["unverified"] == ["doi"]
    assert index["invented2023gamma"]["status"] == "reconstructed"


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("  title = {An invented review},\n", "", 'expected a field "title"'),
        ("@article{invented2022beta,", "@article{invented2021alpha,", 'found "invented2021alpha" again'),
        ("status = {confirmed}", "status = {sure}", "expected status confirmed or reconstructed"),
        ("{An invented review}", "{An {invented review}", "expected a well-formed BibTeX entry"),
        ("  title = {An invented review},\n", "  title = {An invented review},\n  title = {Again},\n",
         'entry "invented2020review": expected each field once, found title twice'),
        ("{An invented review}", "{An invented review of 50% of trials}",
         'field "title": expected \\% for a percent sign'),
        ("  year = {2020},\n", "  year = {20},\n", 'expected a four-digit year, found "20"'),
        ("  unverified = {doi}\n", "  unverified = {pmid}\n", 'expected "unverified" to list identifiers the entry'),
    ],
)
def test_a_bad_bibliography_stops_with_file_and_line(tmp_path, old, new, message):
    from common import BuildError

    text = BIBLIOGRAPHY.read_text(encoding="utf-8")
    assert old in text
    bib = tmp_path / "references.bib"
    bib.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        index_references(bib)
    assert re.match(rf"{re.escape(str(bib))}:\d+: ", str(caught.value))
    assert message in str(caught.value)


def test_labels_are_text_not_tex(tmp_path):
    # Labels reach readers (tooltips, corrections): M{\"u}ller must read Müller.
    text = BIBLIOGRAPHY.read_text(encoding="utf-8")
    bib = tmp_path / "references.bib"
    bib.write_text(text.replace("author = {Madeup, C.}", 'author = {M{\\"u}ller, C.}', 1), encoding="utf-8")
    assert index_references(bib)["invented2023gamma"]["label"] == "Müller 2023"
