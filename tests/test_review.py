"""make review: a change between two commits of a small repository, reviewed.

The repository is the invented project of tests/fixture, committed twice: the second commit
changes a data value (which a derived fact and the prose quote), a sentence of the prose, and adds
a reference that the text cites. A first commit with a broken data file is the BASE that does
not build.
"""

import json
import re
import shutil
import subprocess

import lxml.html
import pytest

from conftest import ROOT
from review_repo import edit, git, hashes, review
from review_repo import repo  # noqa: F401  (the module fixture)
from tracked_docx import accepted, document, rejected, texts

# Every test shares one module fixture that builds two commits: one worker builds it, not both
# (make test runs pytest with --dist loadgroup).
pytestmark = pytest.mark.xdist_group(name="review")
def changes_of(repo):
    return json.loads((repo["path"] / "build" / "review" / "changes.json").read_text(encoding="utf-8"))


def test_the_changed_data_value_is_listed_with_its_cause_and_every_quote(repo):
    facts = {record["key"]: record for record in changes_of(repo)["facts"]["changed"]}
    assert sorted(facts) == ["invented-alpha.rfs.median.difference", "invented-alpha.rfs.median.placebo"]
    placebo = facts["invented-alpha.rfs.median.placebo"]
    assert (placebo["before"]["text"], placebo["after"]["text"]) == ("33.8", "33.9")
    assert placebo["fields"] == ["text", "value"]
    [cause] = placebo["causes"]
    assert (cause["file"], cause["row_key"], cause["column"], cause["before"], cause["after"]) == \
        ("data/outcomes.csv", "invented-alpha/rfs/placebo/median", "value", "33.8", "33.9")
    quotes = {(q["edition"], q["kind"]): q for q in placebo["quotes"]}
    assert set(quotes) == {("corrected", "sentence"), ("published", "sentence"), ("corrected", "table1"),
                           ("published", "table1")}
    prose = quotes[("corrected", "sentence")]
    assert (prose["text_before"], prose["text_after"], prose["verdict_before"], prose["verdict_after"]) == \
        ("33.8 mo", "33.9 mo", "ok", "ok")
    assert prose["line_before"] == prose["line_after"] == 15
    cell = quotes[("corrected", "table1")]
    assert (cell["row"], cell["column"], cell["text_before"], cell["text_after"]) == \
        ("ALPHA (invented)", "Median, experimental vs control", "33.8", "33.9")
    difference = facts["invented-alpha.rfs.median.difference"]
    assert (difference["before"]["text"], difference["after"]["text"]) == ("2.4", "2.3")
    assert [c.get("via") for c in difference["causes"]] == ["invented-alpha.rfs.median.placebo"]


def test_the_prose_sentence_and_the_added_reference_are_listed(repo):
    changes = changes_of(repo)
    abstract = [s for s in changes["sentences"] if s["edition"] == "corrected" and s["section"] == "Abstract"]
    assert [s["diff"] for s in abstract] == [[["=", "This invented abstract cites no "], ["+", "trial "],
                                              ["=", "data."]]]
    assert (abstract[0]["line_before"], abstract[0]["line_after"]) == (8, 8)
    assert [(r["key"], r["label"], r["number"]) for r in changes["references"]["added"]] == \
        [("invented2024eta", "Newcomer 2024", 5)]
    # The fixture's Table 1 and Figure 1 cite DELTA and ZETA after the new citation: both move down one.
    assert changes["references"]["removed"] == []
    assert [(r["key"], r["before"], r["after"]) for r in changes["references"]["renumbered"]] == \
        [("invented2024delta", 5, 6), ("invented2018zeta", 6, 7)]
    assert [c["key"] for c in changes["sources"]["references"]] == ["invented2024eta"]
    assert changes["facts"]["added"] == [] and changes["facts"]["removed"] == []
    assert changes["rebound"] == [] and changes["exemptions"] == {"added": [], "removed": []}
    assert changes["corrections"] == {"added": [], "removed": []}
    assert {"build/facts.json", "build/editorial.html", "build/editorial.docx"} <= set(changes["outputs"]["changed"])
    assert changes["base"]["built"] is True and changes["working_tree"]["modified"] is False


def test_changes_md_names_the_number_its_cause_and_escapes_the_text(repo):
    text = (repo["path"] / "build" / "review" / "changes.md").read_text(encoding="utf-8")
    assert "| `invented-alpha.rfs.median.placebo`" in text
    assert "33.8 months → 33.9 months" in text
    assert "data/outcomes.csv:3 (invented-alpha/rfs/placebo/median), value: 33.8 → 33.9" in text
    assert "This invented abstract cites no <ins>trial</ins> data." in text
    assert "added: @invented2024eta (Newcomer 2024), now \\[5\\]" in text


def redline(repo):
    page = lxml.html.fromstring((repo["path"] / "build" / "review" / "index.html").read_bytes())
    return page, page.get_element_by_id("redline")


def test_the_redline_marks_exactly_the_changed_words(repo):
    page, section = redline(repo)
    numbers = sorted((n.get("data-fact"), n.find("del").text_content(), n.find("ins").text_content())
                     for n in section.find_class("rl-num"))
    assert numbers == [("invented-alpha.rfs.median.difference", "2.4 mo", "2.3 mo"),
                       ("invented-alpha.rfs.median.placebo", "33.8", "33.9"),
                       ("invented-alpha.rfs.median.placebo", "33.8 mo", "33.9 mo")]
    marks = [(mark.tag, " ".join(mark.text_content().split())) for mark in section.iter("del", "ins")
             if not any(ancestor.get("class") == "rl-num" for ancestor in mark.iterancestors())
             and mark.getparent().get("class") != "rl-legend"]
    reference = [text for tag, text in marks if "Newcomer" in text]
    assert len(reference) == 1 and "An invented trial added in review (ETA)" in reference[0]
    assert [mark for mark in marks if "Newcomer" not in mark[1]] == [("ins", "trial"), ("ins", "[5]")]
    # Every number that changed has its cause on focus, linked by aria-describedby.
    for number in section.find_class("rl-num"):
        assert number.get("tabindex") == "0"
        tip = page.get_element_by_id(number.get("aria-describedby"))
        assert tip.get("role") == "tooltip" and "cause: data/outcomes.csv:3" in tip.text_content()


def test_the_redline_is_self_contained_folds_and_offers_a_numbers_only_view(repo):
    html_text = (repo["path"] / "build" / "review" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)="(https?:)?//', html_text)
    assert "@import" not in html_text and "url(http" not in html_text
    page, section = redline(repo)
    assert page.get("lang") == "en-US" and page.find(".//a[@class='skip-link']").get("href") == "#redline"
    assert page.get_element_by_id("rl-view-numbers").get("type") == "radio"
    assert section.findall(".//details[@class='rl-fold']/summary")
    numbered = [s for s in section.find_class("rl-numbers")]
    assert len(numbered) == 2  # a sentence and a Table 1 cell quote the changed numbers
    # Sentences keep the article's ids: every id of an unchanged sentence is in the built article.
    article = lxml.html.fromstring((repo["path"] / "build" / "editorial.html").read_bytes())
    article_ids = {element.get("id") for element in article.iter() if (element.get("id") or "").startswith("s-")}
    review_ids = {s.get("id") for s in section.find_class("rl-s") if (s.get("id") or "").startswith("s-")}
    assert review_ids and review_ids <= article_ids
    ids = [element.get("id") for element in page.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    targets = {link.get("href")[1:] for link in page.iter("a") if (link.get("href") or "").startswith("#")}
    assert targets <= set(ids)


def test_accepting_every_tracked_change_gives_the_new_text_and_rejecting_the_old(repo):
    tracked = (repo["path"] / "build" / "review" / "editorial-tracked.docx").read_bytes()
    new = texts(document((repo["path"] / "build" / "editorial.docx").read_bytes()))
    assert accepted(tracked) == new
    # Renumbered citations take their new numbers untracked (README): BASE's text, renumbered.
    renumbered = {"5": "6", "6": "7"}
    old = [re.sub(r"(?<=[\[,])[0-9]+(?=[,\]])|^[0-9]+(?= \t)", lambda number: renumbered.get(number[0], number[0]), text)
           for text in texts(document(repo["old_docx"]))]
    assert rejected(tracked) == old
    root = document(tracked)
    marks = root.xpath("//w:ins|//w:del", namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
    ids = [mark.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id") for mark in marks]
    assert len(ids) == len(set(ids)) > 0  # pandoc gives a deletion and its insertion one id: renumbered
    assert {mark.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}author") for mark in marks} \
        == {"Ann Inventor"}


def test_the_tracked_copy_reads_back_with_python_docx(repo):
    import docx

    paragraphs = [p.text for p in docx.Document(str(repo["path"] / "build" / "review" / "editorial-tracked.docx"))
                  .paragraphs]
    # python-docx reads runs outside w:ins only: what is left is the old text minus deletions.
    assert any("This invented abstract cites no" in text for text in paragraphs)


def test_nothing_of_the_review_is_in_the_manifest_of_the_article():
    from verify import read_manifest

    manifest = read_manifest()
    assert "build/editorial.docx" in manifest
    assert not [path for path in manifest if path.startswith("build/review")]


def test_a_second_run_and_another_time_zone_give_the_same_bytes(repo):
    again = review(repo["path"], "--base", "HEAD~1", "TZ=Asia/Tokyo")
    assert again.returncode == 0, again.stderr
    assert hashes(repo["path"] / "build" / "review") == repo["first"]


def test_sentence_ids_come_from_the_text_so_unchanged_sentences_keep_theirs(repo):
    def sentences(html_text):
        page = lxml.html.fromstring(html_text)
        return {" ".join(s.text_content().split()): s.get("id") for s in page.iter("span")
                if (s.get("id") or "").startswith("s-")}

    old = sentences(repo["old_html"])
    new = sentences((repo["path"] / "build" / "editorial.html").read_text(encoding="utf-8"))
    kept = set(old) & set(new)
    assert len(kept) >= 8 and all(old[text] == new[text] for text in kept)
    changed = set(new) - set(old)
    assert any("cites no trial data" in text for text in changed)


def test_the_sentence_filter_changes_nothing_readers_see(repo, tmp_path, monkeypatch):
    from argparse import Namespace

    from read_manuscript import pandoc_path
    from render import with_page_fields

    build = repo["path"] / "build"
    defaults = tmp_path / "no-sentences.yaml"
    defaults.write_text((ROOT / "pandoc" / "html.yaml").read_text(encoding="utf-8")
                        .replace("  - ${.}/../filters/sentences.lua\n", "")
                        .replace("${.}/..", str(ROOT)), encoding="utf-8")
    monkeypatch.chdir(repo["path"])
    # The page as render.py renders it (with its citation downloads and links), without the filter.
    page = with_page_fields(Namespace(metadata=str(build / "metadata.json"), edition="corrected"),
                            json.loads((build / "manuscript.json").read_text(encoding="utf-8")))
    plain = subprocess.run([pandoc_path(), "--from", "json", "--defaults",
                            str(ROOT / "pandoc" / "common.yaml"), "--defaults", str(defaults), "-M",
                            f"numbers-file={build}/checks/numbers.json", "-M",
                            f"references-index={build}/references.json", "-M", "edition=corrected"],
                           input=json.dumps(page, ensure_ascii=False), capture_output=True, text=True,
                           check=True).stdout
    built = (build / "editorial.html").read_text(encoding="utf-8")

    def visible(html_text):
        return " ".join(lxml.html.fromstring(html_text).find("body").text_content().split())

    assert visible(built) == visible(plain)
    assert built.count('<span id="s-') > 10 and plain.count('<span id="s-') == 0
    assert not re.search(r'<span id="s-[0-9a-f-]+" ', built)  # no class, nothing else: nothing to see


def test_a_base_that_is_not_a_revision_is_one_error_line(repo):
    result = review(repo["path"], "--base", "no-such-revision")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: BASE=no-such-revision: expected a revision of this repository (a commit, branch or tag, such as "
        "HEAD~1 or main), found none"]


def test_a_base_that_does_not_build_is_reported_and_the_review_lists_what_it_can(repo, tmp_path):
    keep = tmp_path / "kept"
    shutil.copytree(repo["path"] / "build" / "review", keep)
    try:
        result = review(repo["path"], "--base", "HEAD~2")
        assert result.returncode == 0, result.stderr
        assert "warning: BASE=HEAD~2" in result.stderr and "does not build" in result.stderr
        changes = changes_of(repo)
        assert changes["base"]["built"] is False
        assert any("data/outcomes.csv:3" in line and "thirty" in line for line in changes["base"]["errors"])
        value = [c for c in changes["sources"]["data"] if c["column"] == "value"]
        assert [(c["before"], c["after"]) for c in value] == [("thirty", "33.9")]
        fed = {record["key"] for record in changes["facts"]["changed"]}
        assert fed == {"invented-alpha.rfs.median.placebo", "invented-alpha.rfs.median.difference"}
        assert changes["outputs"]["unknown"]
        markdown = (repo["path"] / "build" / "review" / "changes.md").read_text(encoding="utf-8")
        assert "**BASE" in markdown and "does not build**" in markdown and "thirty" in markdown
        page = (repo["path"] / "build" / "review" / "index.html").read_text(encoding="utf-8")
        assert "BASE did not build: the source lines of manuscript/editorial.md compared" in page
        assert not (repo["path"] / "build" / "review" / "editorial-tracked.docx").exists()
    finally:
        shutil.rmtree(repo["path"] / "build" / "review")
        shutil.copytree(keep, repo["path"] / "build" / "review")


def test_a_working_tree_not_built_is_one_error_line(fixture_copy):
    result = review(fixture_copy)
    assert result.returncode == 1
    assert result.stderr.strip() == ("error: build/manuscript.json: expected the working tree built (make), "
                                     "found no build")


def test_a_project_outside_git_is_one_error_line(repo, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(repo["path"], copy, ignore=shutil.ignore_patterns(".git", "review"))
    result = review(copy)
    assert result.returncode == 1
    assert result.stderr.strip() == f"error: {copy}: expected a git repository to take BASE=HEAD from, found none"
