"""The whole workflow: a fresh copy builds both editions, and both outputs hold the editorial."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import ROOT, snakemake
from verify import offline_prefix

HEADINGS = ["Abstract", "Core tip", "Introduction", "Study analysis", "Reasons of negative results",
            "Perspective", "Corrections to the published version", "References"]
TITLE = "Adjuvant sorafenib in hepatocellular carcinoma: A cautionary comment of STORM trial"


def html_text(path):
    html = path.read_text(encoding="utf-8")
    body = html[html.index("<body"):]
    body = re.sub(r'<span id="prov-\d+" class="fact-source"[^>]*>.*?</span>', "", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def pdf_text(path):
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def first_citation_order(manuscript):
    keys = []
    for group in re.findall(r"\[([^\[\]]*@[^\[\]]*)\]", manuscript):
        keys += [key for key in re.findall(r"@([\w.-]+)", group) if not key.startswith(("tbl-", "fig-"))]
    return list(dict.fromkeys(keys))


@pytest.mark.parametrize("output", ["editorial.html", "published/editorial.html"])
def test_html_holds_title_sections_and_no_unresolved_citation(built, output):
    text = html_text(built / "build" / output)
    assert TITLE in text
    headings = HEADINGS if output == "editorial.html" else [h for h in HEADINGS if not h.startswith("Corrections")]
    for heading in headings:
        assert heading in text, heading
    assert "???" not in text and not re.search(r"(?<![\w.])@[a-z]", text)
    assert "Table 1" in text and "Figure 1" in text


def test_html_reference_list_is_numbered_in_order_of_first_citation(built):
    html = (built / "build" / "editorial.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div id="ref-([\w-]+)" class="csl-entry"', html)
    cited = first_citation_order((ROOT / "manuscript" / "editorial.md").read_text(encoding="utf-8"))
    assert len(entries) == 23
    # Table 1 cites its trials where it stands; they are all cited before it in the text.
    assert entries == cited
    numbers = re.findall(r'<div class="csl-left-margin">(\d+)', html)
    assert numbers == [str(n) for n in range(1, 24)]


def test_html_links_citations_to_references_and_references_out(built):
    html = (built / "build" / "editorial.html").read_text(encoding="utf-8")
    assert 'href="#ref-bruix2015"' in html
    assert 'href="https://doi.org/10.1016/S1470-2045(15)00198-9"' in html
    assert "pubmed" in html and "26361969" in html
    assert 'href="#tbl-negative"' in html and 'href="#fig-forest"' in html


def test_html_is_self_contained(built):
    html = (built / "build" / "editorial.html").read_text(encoding="utf-8")
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html)
    assert "@import" not in html and "url(http" not in html
    assert re.search(r'<img [^>]*src="data:image/svg\+xml;base64,', html)


@pytest.mark.parametrize("output", ["editorial.pdf", "published/editorial.pdf"])
def test_pdf_holds_title_sections_and_references(built, output):
    reader = PdfReader(built / "build" / output)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    text = pdf_text(built / "build" / output)
    assert "Adjuvant sorafenib in hepatocellular carcinoma" in text
    for heading in ["Abstract", "Core tip", "Introduction", "Perspective", "References"]:
        assert heading.lower() in text.lower(), heading
    assert "???" not in text and not re.search(r"(?<![\w.])@[a-z]", text)
    assert "Table 1" in text and "Figure 1" in text
    assert "Bruix J, Takayama T" in text
    assert len(reader.pages) >= 3


def test_pdf_shows_the_corrected_and_the_published_numbers(built):
    corrected = pdf_text(built / "build" / "editorial.pdf")
    published = pdf_text(built / "build" / "published" / "editorial.pdf")
    assert "included 1114 patients" in corrected and "included 1602 patients" in published
    assert "(24 wk)" in corrected and "(24 mo)" in published


def test_html_shows_provenance_of_each_linked_number(built):
    html = (built / "build" / "editorial.html").read_text(encoding="utf-8")
    span = re.search(r'<span id="correction-1" class="fact verified corrected"[^>]*data-fact="storm.randomized"[^>]*>1114'
                     r'<span id="(prov-\d+)" class="fact-source" role="tooltip">([^<]*)</span>', html)
    assert span, "the STORM number has no provenance tooltip"
    tooltip = " ".join(span[2].split())
    assert "1114 patients" in tooltip and "Bruix 2015 [7]" in tooltip and "abstract" in tooltip
    assert "verified" in tooltip and "published as 1602" in tooltip
    assert 'tabindex="0"' in html and f'aria-describedby="{span[1]}"' in html
    assert 'class="fact unverified"' in html


def test_reference_list_marks_reconstructed_entries(built):
    for output in ["editorial.html", "editorial.pdf"]:
        path = built / "build" / output
        text = html_text(path) if output.endswith("html") else pdf_text(path)
        # references.md: 9 entries sure, 14 inferred (the PDF may hyphenate the word)
        assert len(re.findall(r"‡ recon-?\s*structed", text)) == 14
        assert "DOI, PMID unverified" in text


def test_the_check_reports_are_written(built):
    report = json.loads((built / "build" / "checks" / "numbers.json").read_text(encoding="utf-8"))
    assert report["summary"]["corrected"] == 2
    published = json.loads((built / "build" / "published" / "checks" / "numbers.json").read_text(encoding="utf-8"))
    assert published["summary"]["discrepancy"] == 2
    assert "1602" in (built / "build" / "published" / "checks" / "numbers.txt").read_text(encoding="utf-8")


def test_a_missing_citation_key_stops_the_build_naming_key_and_line(project):
    manuscript = project / "manuscript" / "editorial.md"
    text = manuscript.read_text(encoding="utf-8").replace("[@zhong2014]", "[@nobody2099]")
    manuscript.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "@nobody2099" in row)
    result = snakemake(project, check=False)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert f"manuscript/editorial.md:{line}: unknown citation key 'nobody2099'" in output
    assert not (project / "build" / "editorial.html").exists()


def jobs_planned(project):
    result = snakemake(project, "--dry-run", "--quiet", "rules")
    rows = re.findall(r"^(\w+)\s+(\d+)$", result.stdout, flags=re.M)
    return {rule: int(count) for rule, count in rows if rule != "total"}


def test_a_prose_edit_reruns_only_the_check_and_the_renderings(built):
    manuscript = built / "manuscript" / "editorial.md"
    original = manuscript.read_text(encoding="utf-8")
    try:
        manuscript.write_text(original.replace("New drugs may help", "New medicines may help"), encoding="utf-8")
        assert jobs_planned(built) == {"number_check": 2, "editorial": 4, "all": 1}
    finally:
        manuscript.write_text(original, encoding="utf-8")


def test_a_data_edit_reruns_what_depends_on_the_data(built):
    outcomes = built / "data" / "outcomes.csv"
    original = outcomes.read_text(encoding="utf-8")
    try:
        outcomes.write_text(original.replace("congress report,secondary,a news report",
                                             "congress report,secondary,the news report"), encoding="utf-8")
        planned = jobs_planned(built)
        assert planned["facts"] == 1 and planned["table1"] == 1 and planned["forest_plot"] == 1
        assert "references_index" not in planned
    finally:
        outcomes.write_text(original, encoding="utf-8")


def test_a_built_workflow_has_nothing_to_do(built):
    result = snakemake(built, "--dry-run", "--quiet", "rules")
    assert "Nothing to be done" in result.stdout + result.stderr


@pytest.mark.parametrize("command", [["snakemake", "--lint"], ["snakefmt", "--check", "Snakefile"]])
def test_the_workflow_is_lint_clean_and_formatted(command):
    executable = Path(sys.executable).parent / command[0]
    result = subprocess.run([str(executable), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_environment_yml_pins_the_versions_of_the_lock_file():
    lock = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    lock = {name.lower().replace("_", "-"): version for name, version in lock.items()}
    pinned = re.findall(r"^\s+- ([\w.-]+)==([\w.]+)$", (ROOT / "environment.yml").read_text(), flags=re.M)
    assert len(pinned) >= 9
    for name, version in pinned:
        assert lock.get(name.lower().replace("_", "-")) == version, name


def test_outbound_links_go_only_to_doi_pubmed_and_trial_registries(built):
    html = (built / "build" / "editorial.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(https?://[^"]+)"', html)
    assert any("clinicaltrials.gov/study/NCT00908752" in link for link in links)
    allowed = ("https://doi.org/", "https://www.ncbi.nlm.nih.gov/pubmed/", "https://pubmed.ncbi.nlm.nih.gov/",
               "https://www.ncbi.nlm.nih.gov/pmc/", "https://clinicaltrials.gov/")
    assert [link for link in links if not link.startswith(allowed)] == []


def test_text_from_data_and_bibliography_is_escaped(project):
    bib = project / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace(
        "title = {Sorafenib in advanced hepatocellular carcinoma}",
        "title = {Sorafenib <script>alert(1)</script> in advanced hepatocellular carcinoma}"), encoding="utf-8")
    trials = project / "data" / "trials.csv"
    trials.write_text(trials.read_text(encoding="utf-8").replace(
        "storm,STORM,", 'storm,"STORM <img src=x onerror=alert(2)>",'), encoding="utf-8")
    snakemake(project)
    html = (project / "build" / "editorial.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "STORM &lt;img src=x onerror=alert(2)&gt;" in html


def test_snakemake_report_works_offline(built):
    snakemake(built, "--report", "build/report.html", prefix=offline_prefix())
    assert (built / "build" / "report.html").stat().st_size > 10_000
    (built / "build" / "report.html").unlink()


def test_corrections_link_to_the_corrected_numbers_and_their_sources(built):
    html = (built / "build" / "editorial.html").read_text(encoding="utf-8")
    section = html[html.index('id="corrections"'):html.index('id="refs"')]
    assert section.count('href="#correction-') == 2 and 'href="#ref-bruix2015"' in section
    assert 'id="correction-2"' in html and "24\u00a0wk" in section


def test_the_published_edition_marks_its_discrepancies_not_corrections(built):
    html = (built / "build" / "published" / "editorial.html").read_text(encoding="utf-8")
    assert "corrected" not in re.findall(r'class="(fact[^"]*)"', html).__str__()
    assert len(re.findall(r'class="fact [a-z]+ discrepancy"', html)) == 2
    assert "The published text differs from the source here" in html


def test_each_edition_numbers_only_the_references_it_shows(project):
    # A note only in the corrected edition cites the last reference first; the published
    # edition must keep its own numbering, as if the note were not there.
    manuscript = project / "manuscript" / "editorial.md"
    text = manuscript.read_text(encoding="utf-8")
    first_sentence = "Recurrence rate of hepatocellular carcinoma (HCC) is very high"
    manuscript.write_text(text.replace(first_sentence, "[(See Zhong et al[@zhong2010].)]{edition=corrected}\n"
                                       + first_sentence, 1), encoding="utf-8")
    snakemake(project, "build/editorial.html", "build/published/editorial.html")
    ids = {edition: re.findall(r'<div id="ref-([\w-]+)" class="csl-entry"', (project / "build" / path).read_text(
        encoding="utf-8")) for edition, path in (("corrected", "editorial.html"), ("published", "published/editorial.html"))}
    assert ids["corrected"][0] == "zhong2010"
    assert ids["published"] == first_citation_order(text)


def test_the_benchmark_runs_the_check_step_as_the_workflow_does(built):
    # The benchmark calls the check script itself; it must keep up with the script's arguments.
    import benchmark

    assert benchmark.check_step_timing(built, runs=1) > 0
