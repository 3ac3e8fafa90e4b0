"""The trial data is checked before any fact is written (scripts/build_facts.py).

Each bad input is a copy of data/ in a temporary folder with one edit; the build
must stop with a BuildError naming the file, the line (and the column where one
column is at fault) and what was expected and found.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import consistency
from build_facts import build
from common import BuildError
from conftest import ROOT
from index_references import index_references
from reported import parse_number

DATA = ROOT / "data"
SCHEMAS = ROOT / "schemas"
CSV_FILES = ("trials.csv", "arms.csv", "outcomes.csv", "exceptions.csv")


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    """build/references.json, made from the real references.bib."""
    path = tmp_path_factory.mktemp("references") / "references.json"
    path.write_text(json.dumps(index_references(ROOT / "references.bib")), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def baseline(references):
    return build(DATA, SCHEMAS, references)


@pytest.fixture
def data(tmp_path):
    """A copy of data/ to edit."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def edit(data, name, old, new):
    """Replace the first old by new in data/name; return the line number where new starts."""
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture expects {old!r} in {name}"
    text = text.replace(old, new, 1)
    path.write_bytes(text.encode("utf-8"))
    return text[: text.index(new)].count("\n") + 1 if new else None


def line_of(data, name, fragment):
    text = (data / name).read_text(encoding="utf-8")
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def build_error(data, references):
    with pytest.raises(BuildError) as caught:
        build(data, SCHEMAS, references)
    return str(caught.value)


def assert_error(message, data, name, line, column=None, *phrases):
    place = f"{data / name}:{line}" + (f', column "{column}"' if column else "")
    assert message.startswith(place + ": "), message
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in {message!r}"


# --- the real data ---------------------------------------------------------------


def test_the_real_data_passes(baseline):
    assert len(baseline["facts"]) >= 100
    assert {trial["trial"] for trial in baseline["trials"]} >= {"storm", "space", "sharp", "kudo2011"}


def test_every_fact_has_its_source(baseline):
    for key, fact in baseline["facts"].items():
        assert fact["key"] == key
        for field in ("key", "text", "unit", "ref", "location", "status"):
            assert field in fact, f"{key} has no {field}"
        for field in ("text", "ref", "location", "status"):
            assert fact[field], f"{key} has an empty {field}"
        assert fact["status"] in ("verified", "secondary", "unverified")


def test_reported_text_keeps_its_precision(baseline):
    facts = baseline["facts"]
    assert facts["storm.rfs.hr.sorafenib"]["text"] == "0.940"
    assert facts["storm.rfs.hr.sorafenib"]["decimals"] == 3
    assert facts["storm.rfs.median.sorafenib"]["text"] == "33.3"
    assert facts["storm.rfs.median.sorafenib"]["unit"] == "months"
    assert facts["sharp.os.p.sorafenib"]["text"] == "<0.001"
    assert facts["sharp.os.p.sorafenib"]["comparator"] == "<"


def test_derived_facts_are_computed(baseline):
    facts = baseline["facts"]
    assert facts["li2016.n.total"]["text"] == "36"
    assert facts["sharp.os.median.difference"]["text"] == "2.8"
    assert facts["sharp.os.median.difference"]["derived"] == {
        "formula": "difference", "inputs": ["sharp.os.median.sorafenib", "sharp.os.median.placebo"]}


def test_kudo_2011_ttp_and_arms_were_read_in_the_package_insert_its_os_was_not(baseline):
    # The second audit (December 2026) read the TTP figures and the arms in the Japanese package insert.
    facts = baseline["facts"]
    read = ["kudo2011.randomized", "kudo2011.n.sorafenib", "kudo2011.n.placebo"] + [
        f"kudo2011.ttp.{statistic}" for statistic in ("median.sorafenib", "median.placebo", "hr.sorafenib",
                                                       "hr_lower.sorafenib", "hr_upper.sorafenib", "p.sorafenib")]
    for key in read:
        assert facts[key]["status"] == "secondary", key
        assert facts[key]["location"].startswith("Japanese package insert of sorafenib (Nexavar), as quoted by "
                                                 "gantaisaku.net/21664811"), key
    for key in ("kudo2011.os.hr.sorafenib", "kudo2011.os.hr_lower.sorafenib", "kudo2011.os.p.sorafenib"):
        assert (facts[key]["status"], facts[key]["location"]) == ("unverified", "not read in a source"), key
    assert "sidedness not stated" in facts["kudo2011.ttp.p.sorafenib"]["note"]


def test_facts_json_is_byte_identical_across_runs_and_folders(tmp_path, references):
    """Two runs of the script, each from its own copy of the sources into its own folder."""
    outputs = []
    for name in ("first", "second"):
        copy = tmp_path / name
        for folder in ("data", "schemas", "scripts"):
            shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
        output = copy / "build" / "facts.json"
        subprocess.run(
            [sys.executable, "scripts/build_facts.py", "--data", "data", "--schemas", "schemas",
             "--references", str(references), "--output", str(output)],
            cwd=copy, check=True, capture_output=True, env={"PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["facts"]["storm.rfs.hr.sorafenib"]["text"] == "0.940"


def test_an_accepted_inconsistency_is_reported_with_its_reason(baseline):
    accepted = {(entry["fact"], entry["check"]): entry for entry in baseline["accepted_exceptions"]}
    entry = accepted[("kudo2011.ttp.p.sorafenib", "p-consistency")]
    assert entry["reason"].startswith("p = 0.252 does not follow from HR 0.87")
    assert "the mismatch is in the source" in entry["reason"]
    assert "expected p = 0.252 (two-sided)" in entry["finding"]


def test_a_new_inconsistency_is_accepted_once_it_has_an_exception(data, references):
    edit(data, "outcomes.csv", "storm,rfs,sorafenib,p,0.26,", "storm,rfs,sorafenib,p,0.03,")
    reason = "the paper says 0.03; kept until the full text is read, see note"
    (data / "exceptions.csv").write_text(
        (data / "exceptions.csv").read_text(encoding="utf-8")
        + f'storm.rfs.p.sorafenib,p-consistency,"{reason}"\n', encoding="utf-8")
    accepted = {entry["fact"]: entry for entry in build(data, SCHEMAS, references)["accepted_exceptions"]}
    assert accepted["storm.rfs.p.sorafenib"]["reason"] == reason
    assert accepted["storm.rfs.p.sorafenib"]["check"] == "p-consistency"
    assert "expected p = 0.03 (one-sided)" in accepted["storm.rfs.p.sorafenib"]["finding"]
    assert "kudo2011.ttp.p.sorafenib" in accepted


# --- accepted variants -----------------------------------------------------------


@pytest.mark.parametrize("name", CSV_FILES)
def test_crlf_line_endings_give_the_same_facts(data, references, baseline, name):
    path = data / name
    raw = path.read_bytes()
    assert b"\r" not in raw
    path.write_bytes(raw.replace(b"\n", b"\r\n"))
    assert build(data, SCHEMAS, references) == baseline


def test_quoted_fields_with_commas(data, references, baseline):
    # Already in trials.csv: "BCLC stage C HCC after resection, men".
    li2016 = next(trial for trial in baseline["trials"] if trial["trial"] == "li2016")
    assert li2016["population"] == "BCLC stage C HCC after resection, men"
    edit(data, "outcomes.csv", "sharp,os,placebo,median,7.9,months,,,abstract,verified,\n",
         'sharp,os,placebo,median,7.9,months,,,abstract,verified,"read twice, in the abstract"\n')
    facts = build(data, SCHEMAS, references)["facts"]
    assert facts["sharp.os.median.placebo"]["note"] == "read twice, in the abstract"
    assert facts["sharp.os.median.placebo"]["text"] == "7.9"


def test_a_p_bound_is_accepted(data, references):
    edit(data, "outcomes.csv", "asia-pacific,ttp,sorafenib,p,0.0005,", "asia-pacific,ttp,sorafenib,p,<0.001,")
    fact = build(data, SCHEMAS, references)["facts"]["asia-pacific.ttp.p.sorafenib"]
    assert (fact["text"], fact["comparator"], fact["value"]) == ("<0.001", "<", 0.001)


# --- one failing fixture per check -----------------------------------------------


def test_missing_column(data, references):
    edit(data, "outcomes.csv", "unit,ci_level,sided", "unit,sided")
    assert_error(build_error(data, references), data, "outcomes.csv", 1, None,
                 "expected columns trial, endpoint", 'found missing "ci_level"')


def test_extra_column(data, references):
    edit(data, "arms.csv", "n,location,status\n", "n,location,status,dose\n")
    assert_error(build_error(data, references), data, "arms.csv", 1, None,
                 "expected columns trial, arm, role", 'found unexpected "dose"')


# The reason recorded for the Kudo p value, quoted in the CSV because it holds commas.
KUDO_REASON = ('"p = 0.252 does not follow from HR 0.87 (95% CI 0.70-1.09), which gives p of about 0.22 (two-sided; '
               'about 0.11 one-sided); all three are as published in the Japanese package insert of sorafenib, quoted '
               'by gantaisaku.net/21664811, so the mismatch is in the source and kept as published"')

# One edited row, one message: (file, old text, new text, column, phrases of the message).
SINGLE_EDITS = [
    ("outcomes.csv", "sharp,os,placebo,median,7.9,months,", "sharp,os,placebo,median,7.9,month,", "unit",
     ["expected one of '', days, weeks, months, years, percent", "found 'month'"]),
    ("outcomes.csv", "sharp,os,sorafenib,hr,0.69,", "sharp,survival,sorafenib,hr,0.69,", "endpoint",
     ["expected one of os, rfs, dfs", "found 'survival'"]),
    ("outcomes.csv", "sharp,os,sorafenib,hr,0.69,", "sharp,os,sorafenib,hr,0.6a9,", "value",
     ["expected a non-negative number as reported", "found '0.6a9'"]),
    ("arms.csv", "Placebo,303,", "Placebo,three hundred,", "n",
     ["expected patients randomised to the arm", "found 'three hundred'"]),
    ("trials.csv", ",SHARP,llovet2008,", ",SHARP,llovet2009,", "ref",
     ["expected a key of references.bib", "found 'llovet2009'"]),
    ("arms.csv", "sharp,placebo,control,", "sharpp,placebo,control,", "trial",
     ["expected a trial of trials.csv", "found 'sharpp'"]),
    ("outcomes.csv", "sharp,os,placebo,median,", "sharp,os,plaecbo,median,", "group",
     ["expected an arm of trial 'sharp' (sorafenib, placebo)", "found 'plaecbo'"]),
    ("outcomes.csv", "sharp,os,placebo,median,7.9,months,", "sharp,os,placebo,median,7.9,,", "unit",
     ["expected a unit for a median or rate, found ''"]),
    ("trials.csv", ",21,121,902,602,", ",21,121,502,602,", None,
     ["screened-randomized: expected screened (502) >= randomised (602)"]),
    ("outcomes.csv", "space,orr,sorafenib,rate,55.9,", "space,orr,sorafenib,rate,155.9,", "value",
     ["expected a rate of at most 100 percent, found '155.9'"]),
    ("trials.csv", ",International,rfs,28,", ",International,pfs,28,", "primary_endpoint",
     ["expected one of '', os, rfs, dfs", "found 'pfs' (a new value must first be declared in the schemas"]),
    ("trials.csv", ",International,os;ttp-symptomatic,21,", ",International,os;pfs,21,", "primary_endpoint",
     ["expected one of '', os, rfs, dfs", "or co-primary endpoints separated by ';' (os;ttp-symptomatic)",
      "found 'pfs' in 'os;pfs' (a new value must first be declared in the schemas"]),
    ("trials.csv", ",International,os;ttp-symptomatic,21,", ",International,os;os,21,", "primary_endpoint",
     ["expected each primary endpoint once, found 'os' twice in 'os;os'"]),
    ("trials.csv", ",International,os;ttp-symptomatic,21,", ',International,"os; ttp-symptomatic",21,',
     "primary_endpoint", ["expected the primary endpoint, or co-primary endpoints separated by ';' without spaces",
                          "found 'os; ttp-symptomatic'"]),
    ("trials.csv", "storm,STORM,", "Storm,STORM,", "trial",
     ["expected a short id of lower-case letters, digits and hyphens", "found 'Storm'"]),
    ("exceptions.csv", "p-consistency," + KUDO_REASON, "p-consistency,see paper",
     "reason", ["expected at least 10 characters, found 'see paper'"]),
]


@pytest.mark.parametrize("name, old, new, column, phrases", SINGLE_EDITS,
                         ids=[f"{edit[0]}:{edit[3]}:{edit[2][-20:]}" for edit in SINGLE_EDITS])
def test_a_bad_value_is_named_by_file_line_and_column(data, references, name, old, new, column, phrases):
    line = edit(data, name, old, new)
    assert_error(build_error(data, references), data, name, line, column, *phrases)


def test_duplicate_fact_key(data, references):
    row = "sharp,os,placebo,median,7.9,months,,,abstract,verified,\n"
    first = line_of(data, "outcomes.csv", row.strip())
    edit(data, "outcomes.csv", row, row + row)
    assert_error(build_error(data, references), data, "outcomes.csv", first + 1, "value",
                 "expected each fact key once, found sharp.os.median.placebo again",
                 f'(first at {data / "outcomes.csv"}:{first}, column "value")')


@pytest.mark.parametrize("name", CSV_FILES)
def test_empty_file(data, references, name):
    (data / name).write_bytes(b"")
    assert_error(build_error(data, references), data, name, 1, None, "expected a header row (", "found an empty file")


def test_byte_order_mark(data, references):
    path = data / "outcomes.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert_error(build_error(data, references), data, "outcomes.csv", 1, None,
                 "expected plain UTF-8 text", "found a byte-order mark")


def test_not_utf8(data, references):
    line = line_of(data, "outcomes.csv", "sharp,os,placebo,median")
    edit(data, "outcomes.csv", "sharp,os,placebo,median,7.9,months,,,abstract,verified,\n",
         "sharp,os,placebo,median,7.9,months,,,abstract,verified,caf\N{LATIN SMALL LETTER E WITH ACUTE}\n")
    path = data / "outcomes.csv"
    path.write_bytes(path.read_bytes().replace("é".encode("utf-8"), b"\xe9"))
    assert_error(build_error(data, references), data, "outcomes.csv", line, None,
                 "expected UTF-8 text", "found byte 0xe9")


@pytest.mark.parametrize("extra, found", [(",x", "found 8"), ("", "found 6")])
def test_row_with_wrong_number_of_fields(data, references, extra, found):
    row = "sharp,placebo,control,Placebo,303,registry record NCT00105443,verified"
    new = row + extra if extra else row.rsplit(",", 1)[0]
    line = edit(data, "arms.csv", row, new)
    assert_error(build_error(data, references), data, "arms.csv", line, None,
                 "expected 7 fields as in the header", found)


def test_ci_order(data, references):
    """Named at the bound that is out of order."""
    edit(data, "outcomes.csv", "sharp,os,sorafenib,hr_lower,0.55,", "sharp,os,sorafenib,hr_lower,0.75,")
    line = line_of(data, "outcomes.csv", "sharp,os,sorafenib,hr_lower,")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value",
                 "ci-order: expected lower < estimate < upper, found 0.75 < 0.69 < 0.87",
                 f"add the row 'sharp.os.hr.sorafenib,ci-order,\"<reason>\"' to {data / 'exceptions.csv'}")


def test_arms_not_adding_up_to_randomised(data, references):
    edit(data, "arms.csv", "sharp,placebo,control,Placebo,303,", "sharp,placebo,control,Placebo,304,")
    line = line_of(data, "trials.csv", "sharp,SHARP,")
    assert_error(build_error(data, references), data, "trials.csv", line, None,
                 "arm-total: expected the arms to add up to the 602 randomised, found 603",
                 "add the row 'sharp.randomized,arm-total,\"<reason>\"'")


@pytest.mark.parametrize("value, expected", [
    ("0", "expected a positive median, found '0'"),
    ("0.0", "expected a positive median, found '0.0'"),
    ("-7.9", "expected a non-negative number as reported"),  # the schema's pattern has no minus sign
])
def test_median_not_positive(data, references, value, expected):
    line = edit(data, "outcomes.csv", "sharp,os,placebo,median,7.9,", f"sharp,os,placebo,median,{value},")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value", expected, f"found '{value}'")


def test_p_inconsistent_with_hr_and_ci(data, references):
    """Named at the p value's row."""
    edit(data, "outcomes.csv", "storm,rfs,sorafenib,p,0.26,", "storm,rfs,sorafenib,p,0.03,")
    line = line_of(data, "outcomes.csv", "storm,rfs,sorafenib,p,")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value",
                 "p-consistency: expected p = 0.03 (one-sided) to follow from 0.940 (95% CI 0.780-1.134)",
                 "found that these give p between 0.256 and 0.2608",
                 f"add the row 'storm.rfs.p.sorafenib,p-consistency,\"<reason>\"' to {data / 'exceptions.csv'}")


def test_an_exception_no_longer_needed_fails(data, references):
    edit(data, "outcomes.csv", "kudo2011,ttp,sorafenib,p,0.252,", "kudo2011,ttp,sorafenib,p,0.218,")
    line = line_of(data, "exceptions.csv", "kudo2011.ttp.p.sorafenib,p-consistency")
    assert_error(build_error(data, references), data, "exceptions.csv", line, None,
                 "expected the p-consistency check to fail for kudo2011.ttp.p.sorafenib, found that it passes",
                 "remove the exception")


def test_an_exception_for_an_unknown_fact_fails(data, references):
    line = edit(data, "exceptions.csv", "kudo2011.ttp.p.sorafenib,", "kudo2011.ttp.p.sorafenibb,")
    assert_error(build_error(data, references), data, "exceptions.csv", line, "fact",
                 "expected a fact key of the data", "found 'kudo2011.ttp.p.sorafenibb'")


def test_derived_unknown_formula(data, references):
    edit(data, "derived.yaml", "formula: sum", "formula: product")
    line = line_of(data, "derived.yaml", "li2016.n.total:")
    assert_error(build_error(data, references), data, "derived.yaml", line, None,
                 "li2016.n.total: expected a formula among difference, sum, found 'product'")


def test_derived_unknown_input(data, references):
    edit(data, "derived.yaml", "li2016.n.resection]", "li2016.n.resected]")
    line = line_of(data, "derived.yaml", "li2016.n.total:")
    assert_error(build_error(data, references), data, "derived.yaml", line, None,
                 "li2016.n.total: expected a fact key as input, found 'li2016.n.resected'")


def test_derived_inputs_in_different_units(data, references):
    edit(data, "derived.yaml", "inputs: [li2016.n.sorafenib, li2016.n.resection]",
         "inputs: [li2016.n.sorafenib, sharp.os.median.placebo]")
    line = line_of(data, "derived.yaml", "li2016.n.total:")
    assert_error(build_error(data, references), data, "derived.yaml", line, None,
                 "li2016.n.total: expected inputs in one unit, found months, patients")


# --- inputs that once ended in a traceback or passed silently ----------------------


def test_a_lone_comparator_as_p_is_an_error(data, references):
    line = edit(data, "outcomes.csv", "storm,rfs,sorafenib,p,0.26,", "storm,rfs,sorafenib,p,<,")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value", "found '<'")


def test_a_yaml_syntax_error_in_derived_yaml_is_an_error(data, references):
    edit(data, "derived.yaml", "li2016.n.resection]", "li2016.n.resection")
    message = build_error(data, references)
    assert message.startswith(f"{data / 'derived.yaml'}:")


def test_derived_yaml_that_is_not_a_mapping_is_an_error(data, references):
    (data / "derived.yaml").write_text("- li2016.n.total\n", encoding="utf-8")
    assert_error(build_error(data, references), data, "derived.yaml", 1, None, "expected")


def test_a_column_named_twice_is_an_error(data, references):
    path = data / "arms.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # Every row gets a second "status"; the first one of the sharp placebo row is made wrong.
    path.write_text("\n".join([lines[0] + ",status"] + [row + ",verified" for row in lines[1:]]) + "\n",
                    encoding="utf-8")
    edit(data, "arms.csv", "Placebo,303,registry record NCT00105443,verified,",
         "Placebo,303,registry record NCT00105443,confirmed,")
    assert_error(build_error(data, references), data, "arms.csv", 1, None, "status")


# --- the p-consistency rule itself -------------------------------------------------


def reported(*texts):
    return [parse_number(text) for text in texts]


def test_sharp_os_p_below_0001_passes_only_thanks_to_rounding():
    """SHARP OS: HR 0.69 (95% CI 0.55-0.87), p<0.001 two-sided.

    Taken as exact, these numbers give z = |ln 0.69| / ((ln 0.87 - ln 0.55) / (2 x 1.96))
    = 0.371 / 0.117 = 3.17, so p = 0.0015, which is NOT below 0.001. The p agrees only
    because each reported number stands for any value within half a unit of its last
    digit (HR in [0.685, 0.695], bounds in [0.545, 0.555] and [0.865, 0.875]); the most
    favourable of these give p down to about 0.0008.
    """
    hr, lower, upper = reported("0.69", "0.55", "0.87")
    (p,) = reported("<0.001")
    assert consistency.p_consistency(hr, lower, upper, "95", p, "two") is None
    p_low, p_high = consistency.p_range(hr, lower, upper, "95", "two")
    assert p_low < 0.001 < p_high
    # The same numbers written to six decimals leave (almost) no rounding: p is 0.0015.
    exact = reported("0.690000", "0.550000", "0.870000")
    exact_low, exact_high = consistency.p_range(*exact, "95", "two")
    assert 0.00150 < exact_low <= exact_high < 0.00152
    assert consistency.p_consistency(*exact, "95", p, "two") is not None


def test_storm_rfs_p_026_agrees_one_sided_and_not_two_sided():
    """STORM RFS: HR 0.940 (95% CI 0.780-1.134) gives p = 0.256 to 0.261 one-sided, twice that two-sided."""
    hr, lower, upper, p = reported("0.940", "0.780", "1.134", "0.26")
    assert consistency.p_consistency(hr, lower, upper, "95", p, "one") is None
    problem = consistency.p_consistency(hr, lower, upper, "95", p, "two")
    assert problem.startswith("expected p = 0.26 (two-sided) to follow from 0.940 (95% CI 0.780-1.134)")
    assert "found that these give p between 0.5121 and 0.5217" in problem


def test_storm_ttr_interval_as_the_congress_report_gives_it_still_gives_its_p(baseline):
    """STORM TTR: HR 0.891 (95% CI 0.73-1.08) gives p = 0.116 to 0.132 one-sided; 0.12 was reported."""
    facts = baseline["facts"]
    assert [facts[f"storm.ttr.{bound}.sorafenib"]["text"] for bound in ("hr_lower", "hr_upper")] == ["0.73", "1.08"]
    assert facts["storm.ttr.hr_lower.sorafenib"]["location"] == "congress report (ASCO 2014)"
    hr, lower, upper, p = reported("0.891", "0.73", "1.08", "0.12")
    assert consistency.p_consistency(hr, lower, upper, "95", p, "one") is None
    p_low, p_high = consistency.p_range(hr, lower, upper, "95", "one")
    assert 0.115 < p_low < 0.12 < p_high < 0.133
    # The interval that reads the package insert is secondary now, like the HR it bounds.
    assert {facts[f"storm.rfs.{part}.sorafenib"]["status"] for part in ("hr", "hr_lower", "hr_upper")} == {"secondary"}


def test_p_without_sidedness_cannot_be_checked():
    hr, lower, upper, p = reported("0.940", "0.780", "1.134", "0.26")
    assert "expected the sidedness of p" in consistency.p_consistency(hr, lower, upper, "95", p, "")


def test_a_one_sided_p_tests_benefit_so_direction_counts():
    """One-sided tests in these trials ask whether the ratio is below 1: a ratio above 1 gives p above 0.5."""
    harm = reported("1.20", "0.90", "1.60")
    assert consistency.p_consistency(*harm, "95", parse_number("0.89"), "one") is None
    assert consistency.p_consistency(*harm, "95", parse_number("0.11"), "one") is not None
    # Two-sided, only the size of the effect counts.
    assert consistency.p_consistency(*harm, "95", parse_number("0.22"), "two") is None


@pytest.mark.parametrize(
    "old, new, column, message",
    [
        ("sharp,os,sorafenib,hr_upper,0.87,", "sharp,os,sorafenib,rr_upper,0.87,", "statistic",
         "expected a hr or its bounds for sharp os sorafenib, found rr_upper"),
        ("sharp,os,sorafenib,hr_upper,0.87,,95,", "sharp,os,sorafenib,hr_upper,0.87,,90,", "ci_level",
         "expected both bounds at one level (95), found 90"),
        ("storm,rfs,sorafenib,p,0.26,", "storm,rfs,sorafenib,p,0,", "value", "expected a p value above 0"),
    ],
)
def test_a_comparison_must_be_of_one_kind(data, references, old, new, column, message):
    line = edit(data, "outcomes.csv", old, new)
    assert_error(build_error(data, references), data, "outcomes.csv", line, column, message)


def test_a_primary_endpoint_needs_results_when_the_trial_has_some(data, references):
    line = edit(data, "trials.csv", "International,rfs,28,", "International,dfs,28,")
    assert_error(build_error(data, references), data, "trials.csv", line, "primary_endpoint",
                 "expected an endpoint with results in outcomes.csv (ae-discontinuation, os, rfs, ttr), found 'dfs'")


def test_each_co_primary_endpoint_needs_results(data, references):
    line = edit(data, "trials.csv", ",International,os;ttp-symptomatic,21,", ",International,os;ttp,21,")
    assert_error(build_error(data, references), data, "trials.csv", line, "primary_endpoint",
                 "expected endpoints with results in outcomes.csv (os, ttp-radiologic, ttp-symptomatic), "
                 "found 'ttp' in 'os;ttp'")


def test_primary_endpoints_are_listed_in_the_order_written(baseline):
    # SHARP's NEJM abstract: "Primary outcomes were overall survival and the time to symptomatic progression".
    primary = {trial["trial"]: trial["primary_endpoints"] for trial in baseline["trials"]}
    assert primary["sharp"] == ["os", "ttp-symptomatic"]
    assert primary["llovet2002"] == primary["lo2002"] == ["os"]
    assert primary["asia-pacific"] == []  # not reported: the data stays silent
    sharp = next(trial for trial in baseline["trials"] if trial["trial"] == "sharp")
    assert sharp["primary_endpoint"] == "os;ttp-symptomatic"  # the cell as written, beside the list


def test_a_derived_fact_cannot_take_a_bound(data, references):
    with open(data / "derived.yaml", "a", encoding="utf-8") as handle:
        handle.write("sharp.p.sum:\n  formula: sum\n  inputs: [sharp.os.p.sorafenib, sharp.ttp-radiologic.p.sorafenib]\n")
    message = build_error(data, references)
    assert "sharp.p.sum: expected inputs with exact values, found sharp.os.p.sorafenib = <0.001, a bound" in message


def test_a_fact_key_declared_twice_in_derived_yaml_is_an_error(data, references):
    first = line_of(data, "derived.yaml", "sharp.os.median.difference:")
    with open(data / "derived.yaml", "a", encoding="utf-8") as handle:
        handle.write("sharp.os.median.difference:\n  formula: difference\n"
                     "  inputs: [asia-pacific.os.median.sorafenib, asia-pacific.os.median.placebo]\n")
    line = len((data / "derived.yaml").read_text(encoding="utf-8").splitlines()) - 2
    assert_error(build_error(data, references), data, "derived.yaml", line, None,
                 f"expected each fact key once, found sharp.os.median.difference again (first at line {first})")


def test_a_negative_difference_is_a_fact_like_any_other(data, references):
    with open(data / "derived.yaml", "a", encoding="utf-8") as handle:
        handle.write("storm.rfs.median.difference:\n  formula: difference\n"
                     "  inputs: [storm.rfs.median.sorafenib, storm.rfs.median.placebo]\n")
    facts = build(data, SCHEMAS, references)["facts"]
    assert facts["storm.rfs.median.difference"]["text"] == "-0.4"


def test_a_coarse_ci_still_bounds_p(data, references):
    """0.95 (0.9-1.0): bounds that may meet give no smallest SE, but a largest one still limits p."""
    hr, lower, upper = reported("0.95", "0.9", "1.0")
    assert consistency.p_consistency(hr, lower, upper, "95", parse_number("0.95"), "two") is not None
    assert consistency.p_consistency(hr, lower, upper, "95", parse_number("0.3"), "two") is None


@pytest.mark.parametrize(
    "declaration, message",
    [
        ("2016:\n  formula: sum\n  inputs: [li2016.n.sorafenib, li2016.n.resection]\n", "expected a fact key such as"),
        ("li2016.n.both:\n  formula: [sum]\n  inputs: [li2016.n.sorafenib, li2016.n.resection]\n",
         "expected a formula among difference, sum"),
        ("li2016.n.both:\n  formula: sum\n  inputs: [[li2016.n.sorafenib], li2016.n.resection]\n",
         "expected inputs as a list of fact keys"),
    ],
)
def test_odd_derived_declarations_are_errors(data, references, declaration, message):
    with open(data / "derived.yaml", "a", encoding="utf-8") as handle:
        handle.write(declaration)
    assert message in build_error(data, references)


def test_a_comparison_needs_a_control_arm(data, references):
    edit(data, "arms.csv", "li2016,resection,control,", "li2016,resection,experimental,")
    with open(data / "outcomes.csv", "a", encoding="utf-8") as handle:
        handle.write("li2016,os,sorafenib,hr,0.5,,,,editorial text,unverified,\n")
    assert "expected a control arm for trial 'li2016'" in build_error(data, references)
