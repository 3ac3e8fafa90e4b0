"""The number check on pandoc's parse: verdicts, policy and places, on the invented project.

Each case edits the invented manuscript and checks it in process (see checking.py). The
adversarial and ordinary edits of tests/corpus/ are run by test_corpus.py; these describe
the machinery one rule at a time, with the messages an author reads.
"""

import pytest

CASE = "manuscript/case.md"


def errors_of(checker, snippet, edition="corrected"):
    text, first_line = checker.inserted(snippet)
    report, errors = checker.run(text, edition)
    return report, errors, first_line


def test_the_invented_manuscript_passes_in_both_editions(checker):
    for edition in ("corrected", "published"):
        report, errors = checker.run(checker.manuscript, edition)
        assert errors == [], edition
    corrected, _ = checker.run(checker.manuscript, "corrected")
    published, _ = checker.run(checker.manuscript, "published")
    assert corrected["summary"]["corrected"] == 3 and "discrepancy" not in corrected["summary"]  # 2 numbers, 1 claim
    assert published["summary"]["discrepancy"] == 3 and "corrected" not in published["summary"]


@pytest.mark.parametrize("written, expected", [
    ("[601]{fact=invented-alpha.randomized}", "expected 600 (data: 600 patients), found '601'"),
    ("[36.3 mo]{fact=invented-alpha.rfs.median.drug}", "expected 36.2 months (data: 36.2 months), found '36.3 mo'"),
    ("[24 mo]{fact=invented-beta.ttp.median.drug}", "expected 6 months (data: 169 days)"),
    ("[36.20 mo]{fact=invented-alpha.rfs.median.drug}", "more digits claim more precision"),
    ("[24.14 wk]{fact=invented-beta.ttp.median.drug}", "more digits claim more precision"),
    ("[36.2]{fact=invented-alpha.rfs.median.drug}", "expected a unit with the number"),
    ("[600 d]{fact=invented-alpha.randomized}", "unit with no conversion"),
    ("[600]{fact=invented-alpha.randomised}", "unknown fact key 'invented-alpha.randomised': expected a key of the "
                                              "data such as invented-alpha.randomized"),
    ("[Twelvee]{fact=invented-gamma.n.drug}", "unknown number word"),
])
def test_a_number_that_disagrees_is_told_what_to_write(checker, written, expected):
    _, errors, line = errors_of(checker, f"The trial had {written} of them.")
    assert len(errors) == 1 and errors[0].startswith(f"{CASE}:{line}: ") and expected in errors[0], errors


@pytest.mark.parametrize("written", [
    "[24 wk]{fact=invented-beta.ttp.median.drug}", "[5.6 mo]{fact=invented-beta.ttp.median.drug}",
    "[169]{fact=invented-beta.ttp.median.drug} days", "[169 d]{fact=invented-beta.ttp.median.drug}",
    "[5.6]{fact=invented-beta.ttp.median.drug}-month", "[62.5%]{fact=invented-alpha.os.rate.drug}",
    "[62.5]{fact=invented-alpha.os.rate.drug} per cent", "[62.5 per cent]{fact=invented-alpha.os.rate.drug}",
    "[36.2\u00a0mo]{fact=invented-alpha.rfs.median.drug}", "[six hundred]{fact=invented-alpha.randomized}",
])
def test_a_number_that_agrees_in_any_unit_passes(checker, written):
    _, errors, _ = errors_of(checker, f"It was {written} in all.")
    assert errors == []


def test_the_published_edition_shows_and_judges_the_published_text(checker):
    report, errors = checker.run(checker.manuscript, "published")
    entry = next(entry for entry in report["numbers"] if entry.get("fact") == "invented-alpha.randomized")
    assert errors == [] and entry["text"] == "812" and entry["verdict"] == "discrepancy"
    assert entry["corrected_text"] == "600"


def test_a_was_that_agrees_with_the_data_is_an_error(checker):
    text = checker.replaced('was="812"', 'was="600"')
    _, errors = checker.run(text)
    assert any('was="600" records a published error, but it agrees with the data: remove was=' in e for e in errors)


@pytest.mark.parametrize("snippet, expected", [
    ('Published in [1602]{exempt="year"}.', "expected year to be a calendar year"),
    ('In [2021]{exempt="year"} patients were seen.', "counts 'patients'"),
    ('It had [600]{exempt="many"} of them.', 'expected a reason among "year"'),
    ('Registered as [NCT1234]{exempt="registry number"}.', "expected registry number to be a trial registration"),
    ('We saw [600]{exempt="enumeration"} things.', "expected enumeration to be a count or a rank of the text's own items"),
    ('Note [two]{exempt="enumeration"} patients.', "counts 'patients'"),
])
def test_an_exemption_needs_a_declared_reason_and_its_form(checker, snippet, expected):
    _, errors, line = errors_of(checker, snippet)
    assert len(errors) == 1 and errors[0].startswith(f"{CASE}:{line}: ") and expected in errors[0], errors


@pytest.mark.parametrize("snippet, expected", [
    ("The trial had 1602 patients.", "unlinked number '1602': expected [1602]{fact=...} (no declared exemption"),
    ("Twelve of them agreed.", "unlinked number 'Twelve'"),
    ("Half of them agreed.", "unlinked number 'Half'"),
    ("A dozen agreed.", "unlinked number 'dozen'"),
    ("It lasted twice as long.", "unlinked number 'twice'"),
    ("XII patients agreed.", "unlinked number 'XII'"),
    ("It was ½ of them.", "unlinked number '½'"),
    ("It was x^2^ in all.", "unlinked number '2'"),
    ("It had ١٦٠٢ patients.", "unlinked number '١٦٠٢'"),
    ("It had l602 patients.", "unlinked number 'l602'"),
    ("Seen in 2021.", 'or [2021]{exempt="year"} if it is a calendar year'),
    ("It had `1602` patients.", "number '1602' in code"),
    ("It had $1602$ patients.", "number '1602' in math"),
    ("It had 6\u00ad00 patients.", "hidden character U+00AD soft hyphen next to a number"),
    ("It had \u202e[600]{fact=invented-alpha.randomized} patients.", "hidden character U+202E"),
    ("It had 1[600]{fact=invented-alpha.randomized} patients.", "touches a digit or another span"),
    ("It had [600]{fact=invented-alpha.randomized}[12]{fact=invented-alpha.countries} of them.",
     "touches a digit or another span"),
    ("It was <[0.26]{fact=invented-alpha.rfs.p.drug}.", "sign outside the span"),
    ("It was -[0.26]{fact=invented-alpha.rfs.p.drug}.", "sign outside the span"),
    ("See [the 1602 patients](https://doi.org/10.9999/x).", "unlinked number '1602'"),
    ('See [the trial](https://doi.org/10.9999/x "1602 patients").', "unlinked number '1602'"),
    ("See [the trial](https://example.org/).", "link to 'https://example.org/': expected a DOI"),
    ("Text[^n].\n\n[^n]: It had 1602 patients.", "unlinked number '1602'"),
    ("[see 1602 patients @invented2021alpha].", "number '1602' before the citation key"),
    ("[@invented2021alpha, 1602 patients].", "expected only a locator such as 'p. 33'"),
    ("[@invented2021alpha, [600]{fact=invented-alpha.randomized}].", "expected plain text around the key"),
    ("```\n1602\n```", "code block: expected prose"),
    ("<b>bold</b>", "raw html '<b>': expected Markdown"),
    ("1602. Patients agreed.", "an ordered list numbered from 1602"),
    ("| a |\n|---|\n| 1 |", "a table typed in the manuscript"),
    ("[It]{.fact} was.", "class .fact on a span: expected none of the page's own classes"),
    ("[It]{colour=red} was.", "attribute colour= on a span"),
    ("[It]{edition=draft} was.", "edition=draft: expected edition=corrected or edition=published"),
    ('[600]{exempt="year" fact=invented-alpha.randomized} patients.', "expected fact= or exempt=, found both"),
    ("[[600]{fact=invented-alpha.randomized}]{exempt=\"year\"} patients.", "found it inside another number's span"),
    ("[six\nhundred]{fact=invented-alpha.randomized} patients.", "broken across lines"),
    ('It had [600]{fact=invented-alpha.randomized note="the 1602 screened"} patients.',
     "expected note= only with was="),
])
def test_what_readers_would_see_unchecked_is_refused_at_its_line(checker, snippet, expected):
    _, errors, line = errors_of(checker, snippet)
    assert errors and all(error.startswith(f"{CASE}:") for error in errors), errors
    assert any(expected in error for error in errors), errors
    assert any(error.startswith(f"{CASE}:{line}:") or error.startswith(f"{CASE}:{line + 1}:")
               or error.startswith(f"{CASE}:{line + 2}:") for error in errors), errors


@pytest.mark.parametrize("snippet", [
    "The phase Ⅲ trial and the phase Ⅱ or Ⅲ trials, stage II-III disease.",
    "They spoke to one another.",
    "A first-line and a second trial; someone once said so.",
    "Names with digits: IMbrave050, E2805, HER2.",
    "As reported[@invented2021alpha, p. 33] and[@invented2021alpha, pp. 7-9] and[@invented2021alpha, sec. 4.2].",
    "As @invented2021alpha [p. 33] reported.",
    "[A phrase]{lang=en-GB} and [a title]{title=\"no numbers here\"}.",
    "> A quoted sentence.",
    "- an item\n- another item",
    "Term\n\n:   its definition",
    "| a line\n| another line",
    "A footnote[^a].\n\n[^a]: Its text has no numbers.",
    "See [the trial][ref].\n\n[ref]: https://doi.org/10.9999/invented.2021.1",
    "It had [600]{fact=invented-alpha.randomized}&nbsp;patients and &amp; more.",
    "<!-- an author's comment with 1602 in it -->",
    "A *stressed* [600]{fact=invented-alpha.randomized} and **[12]{fact=invented-alpha.countries}** countries.",
])
def test_ordinary_markdown_passes(checker, snippet):
    _, errors, _ = errors_of(checker, snippet)
    assert errors == []


def test_text_of_one_edition_is_checked_there_and_reported(checker):
    snippet = "[It had [600]{fact=invented-alpha.randomized} patients.]{edition=published}"
    report, errors, line = errors_of(checker, snippet, "published")
    assert errors == [] and {"line": line, "sentence": "It had 600 patients."} in report["edition_only"]
    report, errors, _ = errors_of(checker, snippet, "corrected")
    assert errors == [] and report["edition_only"] == []
    _, errors, line = errors_of(checker, "::: {edition=published}\nIt had 1602 patients.\n:::", "published")
    assert any(error.startswith(f"{CASE}:{line + 1}: unlinked number '1602'") for error in errors), errors


def test_front_matter_holds_only_the_title(checker):
    text = checker.manuscript.replace("title:", "subtitle: Some 1602 patients\ntitle:", 1)
    _, errors = checker.run(text)
    assert any(error.startswith(f"{CASE}:2: metadata 'subtitle' in the manuscript: expected only title:")
               for error in errors), errors


def test_a_yaml_block_later_in_the_text_cannot_add_metadata(checker):
    _, errors, line = errors_of(checker, "---\nabstract: Some 1602 patients\n---")
    assert any("metadata 'abstract' in the manuscript" in error for error in errors), errors


def test_a_number_whose_source_is_not_cited_is_an_error(checker):
    text = checker.replaced("[@invented2023gamma]", "")
    _, errors = checker.run(text)
    assert any("its source invented2023gamma is cited nowhere" in error for error in errors), errors


def test_the_build_s_own_marks_cannot_be_written_in_the_manuscript(checker):
    _, errors, line = errors_of(checker, "[1602]{generated=label} patients.")
    assert len(errors) == 1 and errors[0].startswith(f"{CASE}:{line}: attribute generated= on '1602'"), errors


def test_text_inside_the_reference_list_is_refused(checker):
    text = checker.replaced("::: {#refs}\n:::", "::: {#refs}\nIt had 1602 patients.\n:::")
    _, errors = checker.run(text)
    assert any("text inside ::: {#refs}" in error for error in errors), errors


def test_a_line_that_cannot_be_found_is_told_so_never_guessed(checker):
    _, errors, line = errors_of(checker, "It had &#49;&#54;&#48;&#50;&#x20;patients.")
    assert errors, "an entity-written number must still be found"
    _, errors, line = errors_of(checker, "It had `&#49;` ~~~ patients, &#8203;1602.")
    assert all(":" in error.split(" ")[0] or "between lines" in error for error in errors)


def test_number_ids_come_from_fact_and_sentence_not_from_order(checker):
    first, _ = checker.run(checker.manuscript)
    text, _ = checker.inserted("A new sentence with [12]{fact=invented-alpha.countries} countries.")
    second, _ = checker.run(text.replace("## Introduction", "## Introduction\n\nAn added first paragraph.", 1))
    ids = {entry["id"] for entry in first["numbers"]}
    assert ids <= {entry["id"] for entry in second["numbers"]}
    assert len(ids) == len(first["numbers"])


def test_table_1_numbers_are_generated_and_agree(checker):
    report, _ = checker.run(checker.manuscript)
    generated = [entry for entry in report["numbers"] if entry["generated"]]
    assert generated and all(entry["verdict"] == "ok" for entry in generated)


@pytest.mark.parametrize("snippet, expected", [
    ('It had [two]{exempt="enumeration"}\npatients in all.', "counts 'patients'"),
    ("It had [36.2]{fact=invented-alpha.rfs.median.drug}\nmo in all.", None),
    ("It was <\n[0.26]{fact=invented-alpha.rfs.p.drug}.", "sign outside the span"),
    ("The phase of XII patients.", "unlinked number 'XII'"),
    ("[12 34]{dir=rtl} patients.", "attribute dir= on a span"),
])
def test_what_follows_a_span_on_the_next_line_counts(checker, snippet, expected):
    _, errors, _ = errors_of(checker, snippet)
    if expected is None:
        assert errors == []
    else:
        assert any(expected in error for error in errors), errors
