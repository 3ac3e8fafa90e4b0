"""The article as readers meet it: both editions in a real browser (Debian's Chromium, driven by Playwright).

Phone, tablet and desktop widths with every tooltip open; hover, focus, tap and Escape; one accessible name
per number; axe-core at WCAG 2.2 AA; nothing fetched from outside the file; no console error; internal
links; print. One browser for the session, one page per edition and setting, so the file stays quick.

The browser and the pages come from tests/browsing.py.
"""

import io
import re

import pytest

from browsing import EDITIONS, Visit, axe_violations
from browsing import browser, visits  # noqa: F401  (fixtures)

WIDTHS = [320, 390, 768, 1024, 1280]


# One pass over every number: open its tooltip (by focus), measure it, the page and the number.
MEASURE = """() => {
  for (const details of document.querySelectorAll('details')) details.open = true;
  const width = document.documentElement.clientWidth;
  const problems = [];
  let count = 0;
  for (const fact of document.querySelectorAll('.fact')) {
    fact.focus();
    const tip = document.getElementById(fact.getAttribute('aria-describedby'));
    const frame = tip.getBoundingClientRect();
    const t = frame;
    const page = document.documentElement.scrollWidth;
    count++;
    const name = fact.id;
    if (getComputedStyle(tip).display === 'none' || t.width === 0) { problems.push(name + ': not shown on focus'); continue; }
    if (page > width) problems.push(name + ': the page scrolls sideways (' + page + ' > ' + width + ')');
    if (t.left < 0 || t.right > width) problems.push(name + ': tooltip off-screen (' + Math.round(t.left) + '..' + Math.round(t.right) + ')');
    for (const r of fact.getClientRects()) {
      if (r.width === 0) continue;
      // the number's own box (its first rect; the tooltip is a child, so skip rects that are the tooltip's)
      if (r.bottom <= t.top + 0.5 || r.top >= t.bottom - 0.5 || r.right <= t.left || r.left >= t.right) continue;
      if (Math.abs(r.top - frame.top) < 0.5 && Math.abs(r.height - frame.height) < 0.5) continue;
      problems.push(name + ': tooltip covers its number');
    }
    fact.blur();
  }
  for (const details of document.querySelectorAll('details')) details.open = false;
  return {count, problems};
}"""


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_sideways_scroll_and_every_tooltip_in_view_at_every_width(visits, edition):
    page = visits[edition].page
    try:
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 800})
            result = page.evaluate(MEASURE)
            assert result["count"] >= 39
            assert result["problems"] == [], f"at {width} px"
            assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def tooltip_of(page, selector):
    return page.locator(f"#{page.get_attribute(selector, 'aria-describedby')}")


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_tooltip_shows_on_hover_stays_over_it_and_escape_hides_it(visits, edition):
    page = visits[edition].page
    for selector in ("#article-body p .fact", "#tbl-negative td:last-child .fact"):
        number = page.locator(selector).first
        number.scroll_into_view_if_needed()
        number.hover()
        tip = page.locator("#" + number.get_attribute("aria-describedby"))
        assert tip.is_visible()
        box, own = tip.bounding_box(), number.bounding_box()
        x = own["x"] + own["width"] / 2
        page.mouse.move(x, box["y"] + 20, steps=8)  # straight down onto the tooltip
        assert tip.is_visible(), "the tooltip vanished when the pointer moved onto it"
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2, steps=4)
        assert tip.is_visible()
        page.keyboard.press("Escape")
        assert not tip.is_visible(), "Escape did not dismiss the tooltip"
        page.mouse.move(0, 0)
        number.hover()
        assert tip.is_visible(), "the tooltip did not come back on the next hover"
        page.mouse.move(0, 0)
        assert not tip.is_visible()


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_tooltip_shows_on_focus_and_escape_hides_it(visits, edition):
    page = visits[edition].page
    page.evaluate("document.querySelector('.skip-link').focus()")  # start from the top
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('fact')"):
            break
    tip = page.locator("#" + page.evaluate("document.activeElement.getAttribute('aria-describedby')"))
    assert tip.is_visible()
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('fact')"), "Escape must not move the focus"
    page.keyboard.press("Tab")
    page.keyboard.press("Shift+Tab")
    assert tip.is_visible(), "focusing the number again shows its tooltip again"
    page.evaluate("document.activeElement.blur()")


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_tooltip_shows_on_tap(browser, built, edition):
    visit = Visit(browser, built / "build" / edition, viewport={"width": 390, "height": 800}, has_touch=True,
                  is_mobile=True, device_scale_factor=2)
    try:
        number = visit.page.locator("#article-body p .fact").nth(2)
        number.scroll_into_view_if_needed()
        number.tap()
        tip = visit.page.locator("#" + number.get_attribute("aria-describedby"))
        assert tip.is_visible()
        visit.page.locator("h1").tap()
        assert not tip.is_visible(), "a tap elsewhere closes it"
    finally:
        visit.close()


def test_without_javascript_the_tooltips_still_work(browser, built):
    visit = Visit(browser, built / "build" / "editorial.html", java_script_enabled=False)
    try:
        number = visit.page.locator("#article-body p .fact").first
        number.focus()
        assert visit.page.locator("#" + number.get_attribute("aria-describedby")).is_visible()
    finally:
        visit.close()


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_number_has_one_accessible_name_and_its_source_as_description(visits, edition):
    page = visits[edition].page
    # A number's name is its text; a claim's, its words (with the numbers inside it), without tooltips or marks.
    facts = page.evaluate("""() => [...document.querySelectorAll('.fact')].map(f => {
        const shown = f.cloneNode(true);
        shown.querySelectorAll('[role=tooltip], .fact-mark').forEach(n => n.remove());
        return {id: f.id, number: shown.textContent,
                tip: document.getElementById(f.getAttribute('aria-describedby')).textContent}; })""")
    assert len(facts) >= 39
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")  # Figure 1's table
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        for fact in facts:
            page.focus(f"#{fact['id']}")  # as a screen reader meets it: focused, its tooltip shown
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f"#{fact['id']}"})["nodeId"]
            tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})["nodes"]
            own = tree[0]
            name = own.get("name", {}).get("value", "")
            description = own.get("description", {}).get("value", "")
            assert " ".join(name.split()) == " ".join(fact["number"].split()), (fact["id"], name)
            assert description == " ".join(fact["tip"].split()), (fact["id"], description)
            # the tooltip is not read a second time as text, and § † ‖ are not read as symbols
            below = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": True})["nodes"]
            spoken = [n.get("name", {}).get("value", "") for n in below if n.get("role", {}).get("value") == "StaticText"]
            assert not any(description[:20] in text for text in spoken), fact["id"]
            assert not [text for text in spoken if text.strip() in ("§", "†", "‖")], fact["id"]
        page.evaluate("document.activeElement.blur()")
    finally:
        cdp.detach()
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = false)")


@pytest.mark.parametrize("edition", EDITIONS)
def test_axe_finds_no_wcag_22_aa_violation(visits, edition):
    page = visits[edition].page
    assert axe_violations(page) == []
    page.emulate_media(color_scheme="dark")
    try:
        assert axe_violations(page) == [], "in the dark scheme"
    finally:
        page.emulate_media(color_scheme="light")


@pytest.mark.parametrize("edition", EDITIONS)
def test_nothing_leaves_the_file_and_no_console_error(visits, edition):
    visit = visits[edition]
    assert [url for url in visit.requests if not url.startswith(("file:", "data:"))] == []
    assert [url for url in visit.requests if url.startswith("file:") and url != visit.url] == []
    assert visit.errors == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_internal_link_resolves_and_the_files_linked_exist(visits, built, edition):
    page = visits[edition].page
    links = page.evaluate("[...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))")
    missing = page.evaluate("""() => [...document.querySelectorAll('a[href^="#"]')]
        .map(a => a.getAttribute('href').slice(1)).filter(id => id && !document.getElementById(decodeURIComponent(id)))""")
    assert missing == []
    here = (built / "build" / edition).parent
    relative = [link for link in links if not re.match(r"^(#|[a-z]+:)", link)]
    assert {"editorial.pdf"} <= set(relative)
    for link in relative:
        assert (here / link).resolve().is_file(), link
    ids = page.evaluate("[...document.querySelectorAll('[id]')].map(e => e.id)")
    assert len(ids) == len(set(ids)), "ids are unique"


@pytest.mark.parametrize("edition", EDITIONS)
def test_print_has_the_legend_and_no_blank_page(visits, edition):
    from pypdf import PdfReader

    page = visits[edition].page
    page.emulate_media(media="print")
    try:
        legend = page.locator("#info-numbers")
        assert legend.is_visible() and "†" in legend.inner_text()
        assert page.locator(".fact-source").first.is_hidden()
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=False)))
    finally:
        page.emulate_media(media="screen")
    texts = [" ".join(p.extract_text().split()) for p in pdf.pages]
    assert len(texts) <= 8, f"{len(texts)} pages in print"
    short = [index + 1 for index, text in enumerate(texts[:-1]) if len(text) < 1200]
    assert short == [], f"nearly blank printed pages: {short}"


def test_figure_1_has_text_that_can_be_found_and_its_rows_as_a_table(visits, built):
    import json

    rows = json.loads((built / "build" / "figures" / "forest.json").read_text(encoding="utf-8"))["rows"]
    page = visits["editorial.html"].page
    svg = page.locator("#fig-forest svg")
    assert svg.get_attribute("role") == "img" and "Forest plot" in svg.get_attribute("aria-label")
    assert page.locator("#fig-forest svg text").count() > 40
    assert "0.940 (0.780–1.134)" in page.locator("#fig-forest svg").text_content()
    table = page.locator("#fig-forest-data table")
    assert table.locator("tbody tr").count() == len(rows)
    assert table.locator(".fact").count() == 3 * len(rows)  # each HR with its two bounds
    # the full-size view for phones opens and closes without script
    page.set_viewport_size({"width": 390, "height": 800})
    try:
        page.locator(".figure-open").click()
        full = page.locator("#fig-forest-full")
        assert full.is_visible() and full.locator("img").bounding_box()["width"] >= 700
        page.locator(".figure-close").click()
        assert not full.is_visible()
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_journal_page_offers_citation_files_and_scholar_tags(visits, edition):
    page = visits[edition].page
    meta = page.evaluate("Object.fromEntries([...document.querySelectorAll('meta[name^=citation_]')]"
                         ".map(m => [m.name, m.content]))")
    for name in ("citation_title", "citation_author", "citation_publication_date", "citation_volume",
                 "citation_issue", "citation_firstpage", "citation_lastpage", "citation_pdf_url",
                 "citation_keywords", "citation_doi", "citation_journal_title"):
        assert meta.get(name), name
    assert meta["citation_publication_date"] == "2016/08/18"
    import json

    ld = json.loads(page.locator('script[type="application/ld+json"]').text_content())
    assert ld["@type"] == "ScholarlyArticle" and ld["identifier"]["value"] == meta["citation_doi"]
    assert "How to cite this article" in page.locator("#how-to-cite").inner_text()
    ris = page.locator("a[download$='.ris']").get_attribute("href")
    assert ris.startswith("data:application/x-research-info-systems") and "TY%20%20-%20JOUR" in ris
    assert page.locator("a[download$='.bib']").get_attribute("href").startswith("data:application/x-bibtex")
    assert page.locator("a[download='table1.csv']").count() == 1
    assert "Le-Qun Li" in page.locator(".authors").inner_text()
    # each reference links back to where it is cited
    assert page.locator("#ref-bruix2015 .cited-in a").count() >= 5
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("nav.toc").is_visible()
