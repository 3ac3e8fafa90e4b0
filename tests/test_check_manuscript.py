"""Every number in the prose is checked against the data (scripts/check_manuscript.py)."""

import copy
import re
from decimal import Decimal

import pytest
import yaml

from build_facts import build
from check_manuscript import SPAN, check, parse_attributes, split_unit
from conftest import ROOT
from index_references import index_references
from reported import convert, parse_number

MANUSCRIPT = ROOT / "manuscript" / "editorial.md"
DAYS_PER_MONTH = Decimal(yaml.safe_load((ROOT / "config" / "config.yaml").read_text())["days_per_month"])


@pytest.fixture(scope="module")
def references():
    return index_references(ROOT / "references.bib")


@pytest.fixture(scope="module")
def facts(tmp_path_factory, references):
    import json

    index = tmp_path_factory.mktemp("refs") / "references.json"
    index.write_text(json.dumps(references))
    return build(ROOT / "data", ROOT / "schemas", index)["facts"]


def run(text, facts, references, edition="corrected"):
    return check("manuscript/editorial.md", text, facts, references, edition, DAYS_PER_MONTH)


def edited(old, new):
    text = MANUSCRIPT.read_text(encoding="utf-8")
    assert old in text, f"the fixture expects {old!r} in the manuscript"
    return text.replace(old, new, 1)


def with_line(line):
    """The manuscript with one more line of prose, before the last paragraph's sentence."""
    return edited("New drugs may help", f"{line}\nNew drugs may help")


def line_of(text, fragment):
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_editorial_passes(facts, references):
    report, errors = run(MANUSCRIPT.read_text(encoding="utf-8"), facts, references)
    assert errors == []
    verdicts = {entry["verdict"] for entry in report["numbers"]}
    assert verdicts <= {"ok", "corrected", "exempt"}
    assert report["summary"]["ok"] >= 9
    linked = [entry for entry in report["numbers"] if entry["verdict"] != "exempt"]
    assert all(entry["ref"] and entry["location"] and entry["status"] for entry in linked)


def test_corrections_are_listed_with_published_text(facts, references):
    report, _ = run(MANUSCRIPT.read_text(encoding="utf-8"), facts, references)
    corrections = {c["fact"]: c for c in report["corrections"]}
    assert corrections["storm.randomized"]["was"] == "1602"
    assert corrections["storm.randomized"]["text"] == "1114"
    assert corrections["space.ttp.median.sorafenib"]["was"] == "24 mo"


def test_the_published_edition_lists_discrepancies_instead_of_failing(facts, references):
    report, errors = run(MANUSCRIPT.read_text(encoding="utf-8"), facts, references, "published")
    assert errors == []
    discrepancies = [entry for entry in report["numbers"] if entry["verdict"] == "discrepancy"]
    assert {entry["text"] for entry in discrepancies} == {"1602", "24 mo"}
    assert report["corrections"] == []


def test_a_number_that_disagrees_fails_naming_line_fact_and_sentence(facts, references):
    text = edited("[307]{fact=space.randomized}", "[308]{fact=space.randomized}")
    _, errors = run(text, facts, references)
    assert len(errors) == 1
    line = line_of(text, "[308]")
    assert errors[0].startswith(f"manuscript/editorial.md:{line}: space.randomized: expected 307")
    assert "found '308'" in errors[0] and "Asian and non-Asian patients" in errors[0]


def test_approximately_does_not_widen_the_rounding(facts, references):
    # 2.8 months rounds to 3, not to 2: "approximately 2 mo" is wrong.
    text = edited("[3 mo]{fact=sharp.os.median.difference}", "[2 mo]{fact=sharp.os.median.difference}")
    _, errors = run(text, facts, references)
    assert len(errors) == 1 and "sharp.os.median.difference: expected 3 months (data: 2.8 months)" in errors[0]


def test_units_are_converted(facts, references):
    assert run(edited("[24 wk]{", "[5.6 mo]{"), facts, references)[1] == []
    assert run(edited("[24 wk]{", "[169 days]{"), facts, references)[1] == []
    _, errors = run(edited("[24 wk]{", "[25 wk]{"), facts, references)
    assert len(errors) == 1 and "expected 24 weeks (data: 169 days)" in errors[0]


def test_thousands_separators_and_number_words(facts, references):
    assert run(edited("[1114]{", "[1,114]{"), facts, references)[1] == []
    assert run(edited("[Twelve]{", "[twelve]{"), facts, references)[1] == []
    _, errors = run(edited("[Twelve]{", "[Thirteen]{"), facts, references)
    assert len(errors) == 1 and "li2016.n.sorafenib: expected 12" in errors[0]


def test_an_unlinked_number_fails_with_file_line_and_sentence(facts, references):
    text = with_line("In 2020, 45 patients were treated.")
    _, errors = run(text, facts, references)
    line = line_of(text, "45 patients")
    assert [e.split(":")[1] for e in errors] == [str(line), str(line)]
    assert "unlinked number '2020'" in errors[0] and "unlinked number '45'" in errors[1]
    assert "In 2020, 45 patients were treated." in errors[1]


def test_numbers_in_citations_comments_list_markers_and_attributes_are_not_prose(facts, references):
    text = edited("[@haas2016].\n", "[@haas2016, p. 2010].\n<!-- draft: 99 patients -->\n\n1. A point.\n2. Another.\n")
    assert run(text, facts, references)[1] == []


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("[307]{fact=space.randomized}", "[307]{fact=space.randomised}", "unknown fact key 'space.randomised'"),
        ("[307]{fact=space.randomized}", "[307]{fact=space.randomized", "malformed span: expected '}'"),
        ("[307]{fact=space.randomized}", "[307]{fact space.randomized}", "malformed span attributes"),
        ("[307]{fact=space.randomized}", "[307]{fact=}", "malformed span: expected a fact key"),
        ("[307]{fact=space.randomized}", "[307]{fact=space.randomized exempt=\"x y\"}", "found both"),
        ("[Twelve]{fact=li2016.n.sorafenib}", "[Twelv]{fact=li2016.n.sorafenib}", "unknown number word"),
        ("[28]{fact=storm.countries}", "[28 mo]{fact=storm.countries}", "unit with no conversion"),
        ("[5.4 mo]{", "[5.4 mnths]{", "expected a unit among"),
        ("[@zhong2014]", "[@zhong2041]", "unknown citation key 'zhong2041'"),
        ("(@tbl-negative)", "(@tbl-negatives)", "unknown cross-reference '@tbl-negatives'"),
        ("[2008]{exempt=\"year\"}", "[2008]{exempt=\"\"}", "expected a reason"),
        ("was=\"1602\"", "was=\"1114\"", "agrees with the data: remove was="),
    ],
)
def test_bad_input_gives_one_clear_message(facts, references, old, new, message):
    text = edited(old, new)
    _, errors = run(text, facts, references)
    assert len(errors) == 1, errors
    line = line_of(text, new)
    assert errors[0].startswith(f"manuscript/editorial.md:{line}: ")
    assert message in errors[0]


def test_uncited_references_are_reported(facts, references):
    text = edited("[@zhong2010]", "")
    report, errors = run(text, facts, references)
    assert errors == []
    assert report["citations"]["uncited"] == ["zhong2010"]


def linked_numbers(text):
    """(content, fact key) of every linked number in the manuscript."""
    for line in text.splitlines():
        for span in SPAN.finditer(line):
            attributes = parse_attributes(span["attributes"], "manuscript")
            if "fact" in attributes:
                yield span["content"], attributes["fact"]


def mutation_step(content, fact):
    """One unit of the fact's last reported digit, or of the written digit where the prose is coarser.

    A number written with fewer digits than the data (24 wk for 169 days) cannot
    see a change smaller than its own last digit, so it is moved by that digit.
    """
    step = parse_number(fact["text"]).last_digit_unit
    number_text, unit = split_unit(content)
    written_step = parse_number(number_text).last_digit_unit
    if unit:
        written_step = convert(written_step, unit, fact["unit"], DAYS_PER_MONTH)
    return max(step, written_step)


def test_every_linked_fact_is_guarded_by_the_check(facts, references):
    """Mutation test: move each linked fact by one unit of its last digit; the check must fail."""
    text = MANUSCRIPT.read_text(encoding="utf-8")
    assert run(text, facts, references)[1] == []
    mutants = 0
    for content, key in sorted(set(linked_numbers(text))):
        for direction in (1, -1):
            mutated = copy.deepcopy(facts)
            fact = mutated[key]
            number = parse_number(fact["text"])
            new_value = number.value + direction * mutation_step(content, fact)
            fact["text"] = f"{new_value:.{number.decimals}f}"
            _, errors = run(text, mutated, references)
            assert any(key in error for error in errors), f"{key} moved to {fact['text']} went unnoticed"
            mutants += 1
    assert mutants == 2 * len(set(linked_numbers(text))) >= 20


@pytest.mark.parametrize(
    "new, passes",
    [
        ("[169]{fact=space.ttp.median.sorafenib} days", True),
        ("[5.6]{fact=space.ttp.median.sorafenib} mo", True),
        ("[169]{fact=space.ttp.median.sorafenib} months", False),  # the unit after the span counts
        ("[24]{fact=space.ttp.median.sorafenib}%", False),
    ],
)
def test_a_unit_written_after_the_span_is_the_numbers_unit(facts, references, new, passes):
    _, errors = run(with_line(f"SPACE: median TTP {new}."), facts, references)
    assert (errors == []) is passes, errors


def test_more_digits_than_the_data_has_is_a_mismatch(facts, references):
    _, errors = run(edited("[307]{fact=space.randomized}", "[307.0]{fact=space.randomized}"), facts, references)
    assert len(errors) == 1 and "expected 307 (data: 307 patients, known to ±0.5 patients: more digits claim more precision)" in errors[0]


def test_bounds_compare_as_bounds(facts, references):
    sentence = "New drugs may help"
    assert run(edited(sentence, f"SHARP gave p [<0.01]{{fact=sharp.os.p.sorafenib}}.\n{sentence}"),
               facts, references)[1] == []
    _, errors = run(edited(sentence, f"SHARP gave p [0.001]{{fact=sharp.os.p.sorafenib}}.\n{sentence}"),
                    facts, references)
    assert len(errors) == 1 and "expected <0.001" in errors[0]
    _, errors = run(edited(sentence, f"SHARP gave p<0.001.\n{sentence}"), facts, references)
    assert len(errors) == 1 and "expected [<0.001]{fact=...}" in errors[0]


def test_number_words_may_be_spaced(facts, references):
    assert run(edited("[24]{fact=li2016.n.resection}", "[twenty four]{fact=li2016.n.resection}"),
               facts, references)[1] == []


def test_allowed_links_pass(facts, references):
    text = with_line("See [STORM](https://doi.org/10.1016/S1470-2045(15)00198-9) and "
                     "<https://clinicaltrials.gov/study/NCT00692770>.")
    assert run(text, facts, references)[1] == []


def test_an_exempt_number_cannot_record_a_published_text(facts, references):
    _, errors = run(edited('[2008]{exempt="year"}', '[2008]{exempt="year" was="2007"}'), facts, references)
    assert len(errors) == 1 and "expected was= only with fact=" in errors[0]


def test_a_generated_table_needs_a_table_id(facts, references):
    text = edited("{#tbl-negative table=", "{#negative table=")
    _, errors = run(text, facts, references)
    line = line_of(text, "{#negative table=")
    assert errors[0].startswith(f"manuscript/editorial.md:{line}: generated table: expected an id starting with tbl-")


@pytest.mark.parametrize(
    "sentence, flagged",
    [
        ("Thirteen patients stopped early.", "Thirteen"),
        ("It lasted twenty-four months.", "twenty-four"),
        ("Only one patient died.", "one"),
        ("Twelve of the patients recurred.", "Twelve"),
        ("Thirty-six-month survival was poor.", "Thirty-six"),
        ("Five hundred and twelve cases were screened.", "Five hundred and twelve"),
        ("The two types of tumors differ.", None),  # a number word that counts no patients or time
        # "one" and others as ordinary words
        ("At one point patients were randomised.", None),
        ("In one study patients received sorafenib.", None),
        ("Sorafenib is one of the drugs patients tolerate.", None),
        ("Two subjects deserve attention here.", None),
        ("Twelve consecutive patients were treated.", "Twelve"),
        ("Twelve HCC patients received sorafenib.", "Twelve"),
        ("Patients came from twenty-eight European countries.", "twenty-eight"),
        ("*Twelve* patients were treated.", "Twelve"),
        ("This is one reason patients drop out.", None),
    ],
)
def test_number_words_that_count_patients_or_time_must_be_linked(facts, references, sentence, flagged):
    _, errors = run(with_line(sentence), facts, references)
    if flagged:
        assert len(errors) == 1 and f"unlinked number '{flagged}'" in errors[0]
    else:
        assert errors == []


@pytest.mark.parametrize(
    "addition, message",
    [
        ("In HTML, `<!--` opens a comment.", None),  # inline code: not a comment
        ("<!-- a note that is never closed", "comment: expected '-->' to close it"),
        ("```{=html}\n<p>1602</p>\n```", "raw block {=html}"),
        ("See `<b>`{=html}.", "raw inline"),
        ("TTP was [169]{fact=space.ttp.median.sorafenib}-month long.", "expected 6 months (data: 169 days)"),
        ("TTP was [169]{fact=space.ttp.median.sorafenib}  months.", "expected 6 months (data: 169 days)"),
        ("TTP was [169]{fact=space.ttp.median.sorafenib} hours.", "expected a unit with the number"),
        ("Rate [24]{fact=storm.ae-discontinuation.rate.sorafenib} patients.", "expected a unit with the number"),
        ("A gain of −[2.8 mo]{fact=sharp.os.median.difference}.", "sign outside the span"),
        ("STORM [1602 patients in @bruix2015].", "unlinked number '1602' in a citation"),
        ("STORM `1602` patients.", "unlinked number '1602'"),
        ("TTP [24.14 wk]{fact=space.ttp.median.sorafenib}.", "known to ±0.5 days: more digits claim more precision"),
        ("Mail [a@b.org 1602 patients].", "unlinked number '1602'"),
        ("Thirty-six male patients.", "unlinked number 'Thirty-six'"),
        ("[28]{fact=storm.randomized fact=storm.countries} countries.", "expected fact= once"),
        ("See [@fig-forest; @bruix2015].", "cross-reference in a citation group"),
        # links go only to DOI, PubMed and trial registries; no web images, no raw HTML
        ("See [the sponsor](https://example.com/x).", "link to 'https://example.com/x': expected a DOI, PubMed"),
        ("See <https://example.com/x>.", "link to 'https://example.com/x'"),
        ("![logo](https://example.com/a.png)", "image 'https://example.com/a.png': expected a file of the project"),
        ("Beware <script>alert(1)</script>.", "raw HTML '<script>'"),
        ("See [the record](javascript:alert(1)).", "link to 'javascript:alert(1)'"),
        ('See [the trial](https://doi.org/10.1/x "Trial of 1602 patients").', "unlinked number '1602'"),
        ("```\n1602 patients were randomised\n```", "code block: expected prose"),
        ("See \\emph{this} \\newpage", "raw TeX '\\emph'"),
        ("![A table.](data/trials.csv)", "image 'data/trials.csv': expected an image file"),
        # footnotes: a definition is prose, not a link definition
        ("A remark.[^n]\n\n[^n]: A remark without numbers.", None),
        ("[^n]: Of 1602 patients.", "unlinked number '1602'"),
        # citation locators, labelled or bare, are not claims
        ("STORM[@bruix2015, 5] and SPACE[see @lencioni2016, p. 5; also @kudo2011, 7-9] differ.", None),
        # was= and note= belong to a fact; a note's numbers could not be checked
        ('[458]{was="485"} patients.', "expected was= and note= with fact="),
        ('[1114]{fact=storm.randomized note="screened"} patients.', "expected note= only with was="),
        ('[1114]{fact=storm.randomized was="1602" note="1602 were screened"} patients.',
         "expected a note without numbers"),
        ("| Trial | N |\n|---|---|\n| STORM | x |", "a table typed in the manuscript: expected tables generated"),
        ("| x |\n|-|\n| y |", "a table typed in the manuscript"),
        ("Trial  N\n-----  ---\nSTORM  x", "a table typed in the manuscript"),
        ("+-----+-----+\n| a   | b   |\n+-----+-----+", "a table typed in the manuscript"),
        # a fence pandoc would not read as a div, or an edition span in code, would hide prose from the check
        ("::: {edition=published}\nIn fact 9999 patients recurred.\n:::", "expected a blank line before it"),
        ("See `[9999 patients]{edition=published}` here.", "unlinked number '9999'"),
        ("Escaped \\[ bracket and [9999 patients]{edition=corrected} shown.", "unlinked number '9999'"),
        ('See [y](https://doi.org/b "A \\"q\\" 1602").', "unlinked number '1602'"),
        # a list item's number is a marker only where pandoc starts a list
        ("\n1. First point.\nIt goes on.\n2. Second point.\n", None),
        ("1602. Patients were screened.", "unlinked number '1602'"),
        ("## Addendum {edition=corrected}", "edition= on a heading: expected it on a ::: div"),
        ("![Again.](figures/forest.svg){#fig-forest}", "id fig-forest: expected each id once, found it again"),
        # third review: bypasses
        ("STORM randomised {1602} patients.", "unlinked number '1602'"),
        ("Sorafenib was stopped early in twelve\npatients because of adverse events.", "unlinked number 'twelve'"),
        ('[5.6 mo]{fact=space.ttp.median.sorafenib was="24 mo" note="over one hundred and sixty days"}.',
         "expected a note without numbers"),
        ("Median TTP was <6 months in Asian patients (Asian > non-Asian).", "unlinked number '<6'"),
        ("Recurrence fell by twenty percent.", "unlinked number 'twenty'"),
        ("Twelve&nbsp;patients were treated.", "unlinked number 'Twelve'"),
        ("[5.6 mo]{fact=space.ttp.median.sorafenib edition=corrected}.",
         "expected edition= on a span of its own, such as [[5.6 mo]{fact=...}]{edition=corrected}"),
        # messages that say what to write
        ('[1114]{fact=storm.randomized was="about 1602"} patients.', 'storm.randomized, was="about 1602": expected'),
        ("P [<0.001]{fact=sharp.os.p.sorafenib} but P < [0.001]{fact=sharp.os.p.sorafenib}.",
         "comparison sign outside the span [0.001]: expected it inside"),
        ("STORM had [1114 patients]{fact=storm.randomized}.", "goes after the span: [1114]{fact=...} patients"),
        ("Li had [Twelve patients]{fact=li2016.n.sorafenib}.", "goes after the span: [Twelve]{fact=...} patients"),
        ("See [2008]{exempt=“a year”}.", "(use straight quotes \")"),
        ("STORM (NCT00692770) was negative.", "unlinked registry number 'NCT00692770': expected "
                                              "[NCT00692770]{exempt=\"registry number\"}"),
    ],
)
def test_ways_around_the_check_are_closed(facts, references, addition, message):
    text = with_line(addition)
    _, errors = run(text, facts, references)
    if message is None:
        assert errors == []
    else:
        line = line_of(text, addition.split("\n")[0])
        assert errors and errors[0].startswith(f"manuscript/editorial.md:{line}: ") and message in errors[0], errors


@pytest.mark.parametrize(
    "old, new, message",
    [
        ("::: {#corrections}\n:::\n", "", "expected a ::: {#corrections} div"),
        ("{edition=corrected}", "{edition=corected}", "edition=corected: expected edition=corrected"),
        ("## Perspective", "## Perspective {#tbl-persp}", "id tbl-persp: expected it on a generated table"),
        ('table="tables/table1.json"', 'table="tables/table1.csv"', "expected a JSON file written by the build"),
        ('title: "Adjuvant', 'title: "Adj"uvant', "front matter: expected YAML"),
        ('title: "Adjuvant sorafenib in hepatocellular carcinoma: A cautionary comment of STORM trial"\n', "",
         "expected front matter with a title"),
        ("New drugs may help", "See [the sponsor][sp].\n\n[sp]: https://example.com/x\n\nNew drugs may help",
         "link to 'https://example.com/x'"),
    ],
)
def test_the_frame_of_the_manuscript_is_checked(facts, references, old, new, message):
    _, errors = run(edited(old, new), facts, references)
    assert any(message in error for error in errors), errors


def test_an_empty_manuscript_is_an_error(facts, references):
    _, errors = run("", facts, references)
    assert any("expected front matter with a title" in error for error in errors)
    assert any("expected the text of the editorial" in error for error in errors)


def test_a_span_cut_by_a_line_break_is_an_error(facts, references):
    text = with_line("[Twenty\nthree]{fact=li2016.n.sorafenib} patients.")
    _, errors = run(text, facts, references)
    line = line_of(text, "three]{fact=")
    assert errors == [f"manuscript/editorial.md:{line}: span ending ]{{fact=li2016.n.sorafenib}}: expected it to "
                      "open on the same line, found its '[' on an earlier line (one sentence per line)"]


@pytest.mark.parametrize("text_of", [
    lambda span: f"[Only this edition: {span} in all.]{{edition=published}}",
    lambda span: f"\n::: {{edition=published}}\nOnly this edition: {span} in all.\n:::\n",
])
def test_each_edition_checks_only_its_own_text(facts, references, text_of):
    text = with_line(text_of("[1602]{fact=storm.randomized} patients"))
    line = line_of(text, "[1602]{fact=storm.randomized}")
    corrected, errors = run(text, facts, references)
    assert errors == [] and not [entry for entry in corrected["numbers"] if entry["line"] == line]
    published, errors = run(text, facts, references, edition="published")
    assert errors == []
    assert [entry["verdict"] for entry in published["numbers"] if entry["line"] == line] == ["discrepancy"]


@pytest.mark.parametrize("fact, written", [
    ("space.ttp.median.sorafenib", "11.1 months"),  # 169 days
    ("space.ttp.median.sorafenib", "5.552 mo"),
    ("kudo2011.ttp.median.sorafenib", "23.5 wk"),  # 5.4 months
    ("storm.rfs.median.sorafenib", "33.30 mo"),
    ("space.randomized", "307.0"),
    ("space.dcr.rate.placebo", "1%"),  # 76.1 percent
    ("storm.rfs.median.sorafenib", "2.7 years"),  # 33.3 months: 2.8 years, at the precision written
    ("storm.rfs.hr.sorafenib", "0.95"),  # 0.940: 0.94
])
def test_what_the_error_says_to_write_passes(facts, references, fact, written):
    _, errors = run(with_line(f"Median [{written}]{{fact={fact}}} here."), facts, references)
    assert len(errors) == 1
    advice = re.search(r": expected (\S+(?: (?:days|weeks|months|years))?) \(", errors[0])[1]
    _, errors = run(with_line(f"Median [{advice}]{{fact={fact}}} here."), facts, references)
    assert errors == [], advice


def test_data_too_coarse_for_the_written_unit_says_so(facts, references):
    _, errors = run(with_line("Median [164 days]{fact=kudo2011.ttp.median.sorafenib} here."), facts, references)
    assert ("expected the number in months: the data (5.4 months) is known only to ±0.05 months, too coarse for "
            "whole days") in errors[0]


def test_each_number_word_of_a_phrase_is_found(facts, references):
    _, errors = run(with_line("Eleven of twelve patients responded within twelve to fourteen weeks."), facts, references)
    assert [error.split("'")[1] for error in errors] == ["Eleven", "twelve", "twelve", "fourteen"]


@pytest.mark.parametrize("addition", [
    "## Key points\n1. Sorafenib does not prevent recurrence.\n2. It costs much.",
    "\n- Adjuvant sorafenib:\n    1. Not in STORM.\n    2. Not in SPACE.\n",
    "\n> 1. A quoted point.\n> 2. Another.\n",
    "\n(1) Does sorafenib prevent recurrence?\n",
    "\n::: {#box-outer}\n::: {.inner}\nInner text.\n:::\n:::\n\n::: {.first}\nA.\n:::\n::: {.second}\nB.\n:::\n",
    "\n---\nNote: the views expressed are the authors' own.\n",
    "\n> [Twelve]{fact=li2016.n.sorafenib} patients received resection plus sorafenib.\n",
    "STORM[@bruix2015, Table S2; @lencioni2016, fig. S1] and SPACE[@lencioni2016, pp. e24-e30; § 3] differ.",
    "\n## Why were the results negative? [(revised)]{edition=corrected}\n",
    "Resection remains standard for stage one HCC patients.",
    "In phase two patients were randomised.",
    "One of the authors wrote to one patients' advocate.",
    "The IMbrave050 trial, like E2805 and HER2-targeted studies, was negative.",
])
def test_ordinary_markdown_and_prose_pass(facts, references, addition):
    _, errors = run(with_line(addition), facts, references)
    assert errors == [], errors


def test_a_byte_order_mark_before_the_front_matter_is_accepted(facts, references):
    _, errors = run("\ufeff" + MANUSCRIPT.read_text(encoding="utf-8"), facts, references)
    assert errors == []


@pytest.mark.parametrize("addition, message", [
    ('\n::: {#box title="1602 patients were randomised"}\nText.\n:::\n', "unlinked number '1602'"),
    ("\n> ---\n> correspondence: A. Nobody\n> ---\n", "a YAML metadata block"),
    ("\n::: {.box data-edition=published}\nSTORM had [1602]{fact=storm.randomized} patients.\n:::\n",
     "storm.randomized: expected 1114"),
])
def test_blocks_that_could_hide_numbers_are_checked(facts, references, addition, message):
    _, errors = run(with_line(addition), facts, references)
    assert len(errors) == 1 and message in errors[0], errors


def test_the_running_title_may_not_carry_numbers(tmp_path):
    from check_manuscript import metadata_problems

    record = (ROOT / "manuscript" / "metadata.yaml").read_text(encoding="utf-8")
    metadata = tmp_path / "metadata.yaml"
    metadata.write_text(record.replace("running-title: Adjuvant sorafenib", "running-title: 1602 patients on sorafenib"),
                        encoding="utf-8")
    line = line_of(metadata.read_text(encoding="utf-8"), "running-title:")
    assert metadata_problems(metadata, ROOT / "schemas" / "metadata.schema.yaml") == [
        f"{metadata}:{line}: running-title: expected a title without numbers (it cannot link them to the data), "
        "found '1602'"]


@pytest.mark.parametrize("old, new, message", [
    ("  - id: 2\n", "  - id: 1\n", "affiliation id 1: expected each id once, found it again"),
    ("    affiliation: [2]\n", "    affiliation: [1]\n", "affiliation 2: expected an author with it, found none"),
    ("    affiliation: [1]\n    corresponding: true\n", "    affiliation: [1]\n",
     "expected one author with corresponding: true (correspondence: names one), found 0"),
])
def test_the_affiliations_and_the_corresponding_author_add_up(tmp_path, old, new, message):
    from check_manuscript import metadata_problems

    record = (ROOT / "manuscript" / "metadata.yaml").read_text(encoding="utf-8")
    assert old in record
    metadata = tmp_path / "metadata.yaml"
    metadata.write_text(record.replace(old, new, 1), encoding="utf-8")
    problems = metadata_problems(metadata, ROOT / "schemas" / "metadata.schema.yaml")
    assert any(message in problem for problem in problems), problems


@pytest.mark.parametrize("level, passes", [("95%", True), ("90%", False)])
def test_a_confidence_level_written_in_the_prose_is_checked(facts, references, level, passes):
    sentence = (f"STORM's HR was [0.940]{{fact=storm.rfs.hr.sorafenib}} "
                f"([{level}]{{fact=storm.rfs.ci_level.sorafenib}} CI [0.780]{{fact=storm.rfs.hr_lower.sorafenib}}-"
                "[1.134]{fact=storm.rfs.hr_upper.sorafenib}).")
    _, errors = run(with_line(sentence), facts, references)
    assert (errors == []) is passes, errors


def test_a_number_whose_source_is_cited_nowhere_is_an_error(facts, references):
    text = MANUSCRIPT.read_text(encoding="utf-8").replace("[@li2016]", "")
    _, errors = run(text, facts, references)
    assert errors and all("its source li2016 is cited nowhere: expected [@li2016] in the text" in e for e in errors)
