"""The reference list: our CSL style is valid, and pandoc's rendering agrees with citeproc-py's."""

import html
import json
import logging
import re
import subprocess

import pypandoc
import pytest
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON

from conftest import ROOT
from index_references import index_references

CSL = ROOT / "styles" / "world-journal-hepatology.csl"


def pandoc_entries(path):
    """The text of each entry of the rendered reference list, without its number and our marks."""
    page = path.read_text(encoding="utf-8")
    entries = re.findall(r'<div class="csl-right-inline">(.*?)</div>', page, flags=re.S)
    texts = []
    for entry in entries:
        entry = re.sub(r'<span class="ref-status">.*?</span>', "", entry, flags=re.S)
        texts.append(" ".join(html.unescape(re.sub(r"<[^>]+>", "", entry)).split()))
    return texts


def test_the_style_is_valid_csl():
    # citeproc-py checks the style against the CSL schema (RELAX NG) and raises on an error.
    style = CitationStylesStyle(str(CSL), validate=True)
    assert style.root.get("class") == "in-text"


def test_pandoc_and_citeproc_py_render_the_same_reference_list(built):
    logging.getLogger("pypandoc").setLevel(logging.CRITICAL)
    converted = subprocess.run([pypandoc.get_pandoc_path(), str(ROOT / "references.bib"), "-f", "bibtex",
                                "-t", "csljson"], capture_output=True, text=True, check=True).stdout
    style = CitationStylesStyle(str(CSL))
    bibliography = CitationStylesBibliography(style, CiteProcJSON(json.loads(converted)), formatter.plain)
    cited = json.loads((built / "build" / "checks" / "numbers.json").read_text(encoding="utf-8"))["citations"]["cited"]
    for key in cited:
        bibliography.register(Citation([CitationItem(key)]))
    by_citeproc_py = [" ".join(re.sub(r"^\d+", "", str(entry)).split()) for entry in bibliography.bibliography()]
    by_pandoc = pandoc_entries(built / "build" / "editorial.html")
    assert len(by_pandoc) == len(by_citeproc_py) == 23
    assert by_pandoc == by_citeproc_py


def test_every_entry_records_whether_it_is_confirmed():
    index = index_references(ROOT / "references.bib")
    assert len(index) == 23
    assert {entry["status"] for entry in index.values()} == {"confirmed", "reconstructed"}
    assert index["bruix2015"]["label"] == "Bruix 2015" and index["bruix2015"]["status"] == "confirmed"
    assert index["lo2002"]["unverified"] == ["doi"]


def test_identifiers_read_in_the_second_audit_are_no_longer_marked_unverified():
    # audit-2026-12.md, rows 16-17: Haas 2016's DOI and PMID were read; Lo 2002's and Kudo 2011's PMIDs were.
    index = index_references(ROOT / "references.bib")
    assert index["haas2016"]["unverified"] == []
    assert index["lo2002"]["unverified"] == index["kudo2011"]["unverified"] == ["doi"]
    # Read identifiers do not make a reconstructed reference confirmed: that the editorial cites it is inferred.
    assert index["wu2012"]["status"] == "reconstructed" and index["wu2012"]["unverified"] == []


def test_the_reference_list_shows_the_corrected_fields(built):
    # Row 15: Wu 2012 ends on page 1913 of issue 18 and has a DOI; row 18: two issue numbers.
    entries = pandoc_entries(built / "build" / "editorial.html")
    wu = next(entry for entry in entries if entry.startswith("Wu CY"))
    assert "1906-1913" in wu and "10.1001/2012.jama.11975" in wu and "1914" not in wu
    assert any(entry.startswith("Zhong JH. The STORM trial") and "36(11)" in entry for entry in entries), entries
    assert any(entry.startswith("Takayama T") and "356(9232)" in entry for entry in entries)
    html = (built / "build" / "editorial.html").read_text(encoding="utf-8")
    haas = re.search(r'id="ref-haas2016".*?</div>\s*</div>', html, flags=re.S)[0]
    assert "unverified" not in haas


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("  title = {Sorafenib in advanced hepatocellular carcinoma},\n", "", 'expected a field "title"'),
        ("@article{lo2002,", "@article{llovet2002,", 'found "llovet2002" again'),
        ("status = {confirmed}", "status = {sure}", "expected status confirmed or reconstructed"),
        ("{Sorafenib in advanced hepatocellular carcinoma}", "{Sorafenib in {advanced hepatocellular carcinoma}",
         "expected a well-formed BibTeX entry"),
        ("  title = {Sorafenib in advanced hepatocellular carcinoma},\n",
         "  title = {Sorafenib in advanced hepatocellular carcinoma},\n  title = {Again},\n",
         'entry "llovet2008": expected each field once, found title twice'),
        ("{Sorafenib in advanced hepatocellular carcinoma}", "{Sorafenib in 50% of advanced hepatocellular carcinoma}",
         'field "title": expected \\% for a percent sign'),
    ],
)
def test_a_bad_bibliography_stops_with_file_and_line(tmp_path, old, new, message):
    from common import BuildError

    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    assert old in text
    bib = tmp_path / "references.bib"
    bib.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(BuildError) as caught:
        index_references(bib)
    assert re.match(rf"{re.escape(str(bib))}:\d+: ", str(caught.value))
    assert message in str(caught.value)


def test_labels_are_text_not_tex(tmp_path):
    # Labels reach readers (tooltips, corrections): M{\"u}ller must read Müller.
    text = (ROOT / "references.bib").read_text(encoding="utf-8")
    bib = tmp_path / "references.bib"
    bib.write_text(text.replace("author = {Bruix, J. and Takayama", 'author = {Br{\\"u}ix, J. and Takayama', 1),
                   encoding="utf-8")
    assert index_references(bib)["bruix2015"]["label"] == "Brüix 2015"
