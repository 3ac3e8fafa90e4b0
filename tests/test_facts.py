"""The trial data is checked before any fact is written (scripts/build_facts.py).

On the invented project of tests/fixture: each bad input is a copy of its data/ in a
temporary folder with one edit; the build must stop with a BuildError naming the file,
the line (and the column where one column is at fault) and what was expected and found.
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
from conftest import FIXTURE, ROOT
from index_references import index_references
from reported import parse_number

DATA = FIXTURE / "data"
SCHEMAS = ROOT / "schemas"
CSV_FILES = ("trials.csv", "arms.csv", "outcomes.csv", "exceptions.csv")


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    """build/references.json of the invented project."""
    path = tmp_path_factory.mktemp("references") / "references.json"
    path.write_text(json.dumps(index_references(FIXTURE / "references.bib")), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def baseline(references):
    return build(DATA, SCHEMAS, references)


@pytest.fixture
def data(tmp_path):
    """A copy of the invented data/ to edit."""
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


# --- the invented data -----------------------------------------------------------


def test_the_invented_data_passes(baseline):
    assert {trial["trial"] for trial in baseline["trials"]} >= {"invented-alpha", "invented-beta", "invented-zeta"}


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
    assert (facts["invented-alpha.rfs.hr.drug"]["text"], facts["invented-alpha.rfs.hr.drug"]["decimals"]) == ("0.940", 3)
    assert facts["invented-alpha.rfs.median.drug"]["unit"] == "months"
    assert (facts["invented-zeta.os.p.drug"]["text"], facts["invented-zeta.os.p.drug"]["comparator"]) == ("<0.001", "<")


def test_derived_facts_are_computed(baseline):
    facts = baseline["facts"]
    assert facts["invented-gamma.n.total"]["text"] == "36"
    assert facts["invented-alpha.rfs.median.difference"]["text"] == "2.4"
    assert facts["invented-alpha.rfs.median.difference"]["derived"] == {
        "formula": "difference", "inputs": ["invented-alpha.rfs.median.drug", "invented-alpha.rfs.median.placebo"]}
    assert facts["invented-gamma.n.total"]["status"] == "unverified"  # the least sure of its inputs


def test_facts_json_is_byte_identical_across_runs_and_folders(tmp_path, references):
    """Two runs of the script, each from its own copy of the sources into its own folder."""
    outputs = []
    for name in ("first", "second"):
        copy = tmp_path / name
        shutil.copytree(DATA, copy / "data")
        for folder in ("schemas", "scripts"):
            shutil.copytree(ROOT / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
        output = copy / "build" / "facts.json"
        subprocess.run(
            [sys.executable, "scripts/build_facts.py", "--data", "data", "--schemas", "schemas",
             "--references", str(references), "--output", str(output)],
            cwd=copy, check=True, capture_output=True, env={"PYTHONDONTWRITEBYTECODE": "1", "LANG": "C.UTF-8"})
        outputs.append(output.read_bytes())
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["facts"]["invented-alpha.rfs.hr.drug"]["text"] == "0.940"


def test_an_accepted_inconsistency_is_reported_with_its_reason(baseline):
    accepted = {(entry["fact"], entry["check"]): entry for entry in baseline["accepted_exceptions"]}
    entry = accepted[("invented-zeta.ttp.p.drug", "p-consistency")]
    assert entry["reason"].startswith("the invented source gives p = 0.252")
    assert "expected p = 0.252 (two-sided)" in entry["finding"]


def test_a_new_inconsistency_is_accepted_once_it_has_an_exception(data, references):
    edit(data, "outcomes.csv", "invented-alpha,rfs,drug,p,0.26,", "invented-alpha,rfs,drug,p,0.03,")
    reason = "the source says 0.03; kept until the full text is read, see note"
    (data / "exceptions.csv").write_text(
        (data / "exceptions.csv").read_text(encoding="utf-8")
        + f'invented-alpha.rfs.p.drug,p-consistency,"{reason}"\n', encoding="utf-8")
    accepted = {entry["fact"]: entry for entry in build(data, SCHEMAS, references)["accepted_exceptions"]}
    assert accepted["invented-alpha.rfs.p.drug"]["reason"] == reason
    assert accepted["invented-alpha.rfs.p.drug"]["check"] == "p-consistency"
    assert "expected p = 0.03 (one-sided)" in accepted["invented-alpha.rfs.p.drug"]["finding"]
    assert "invented-zeta.ttp.p.drug" in accepted


# --- accepted variants -----------------------------------------------------------


@pytest.mark.parametrize("name", CSV_FILES)
def test_crlf_line_endings_give_the_same_facts(data, references, baseline, name):
    path = data / name
    raw = path.read_bytes()
    assert b"\r" not in raw
    path.write_bytes(raw.replace(b"\n", b"\r\n"))
    assert build(data, SCHEMAS, references) == baseline


def test_quoted_fields_with_commas(data, references):
    row = "invented-zeta,os,placebo,median,7.9,months,,,invented abstract,secondary,\n"
    edit(data, "outcomes.csv", row, row.replace(",\n", ',"read twice, in the abstract"\n'))
    facts = build(data, SCHEMAS, references)["facts"]
    assert facts["invented-zeta.os.median.placebo"]["note"] == "read twice, in the abstract"
    assert facts["invented-zeta.os.median.placebo"]["text"] == "7.9"


def test_a_p_bound_is_kept_as_a_bound(baseline):
    fact = baseline["facts"]["invented-zeta.os.p.drug"]
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


ZETA_REASON = ('"the invented source gives p = 0.252 with HR 0.87 (95% CI 0.70-1.09), which give p of about 0.22: '
               'the mismatch is the invented source\'s own"')

# One edited row, one message: (file, old text, new text, column, phrases of the message).
SINGLE_EDITS = [
    ("outcomes.csv", "invented-zeta,os,placebo,median,7.9,months,", "invented-zeta,os,placebo,median,7.9,month,",
     "unit", ["expected one of '', days, weeks, months, years, percent", "found 'month'"]),
    ("outcomes.csv", "invented-zeta,os,drug,hr,0.60,", "invented-zeta,survival,drug,hr,0.60,", "endpoint",
     ["expected one of os, rfs, dfs", "found 'survival'"]),
    ("outcomes.csv", "invented-zeta,os,drug,hr,0.60,", "invented-zeta,os,drug,hr,0.6a0,", "value",
     ["expected a non-negative number as reported", "found '0.6a0'"]),
    ("arms.csv", "Placebo,350,", "Placebo,three hundred,", "n",
     ["expected patients randomised to the arm", "found 'three hundred'"]),
    ("trials.csv", ",ZETA (invented),invented2018zeta,", ",ZETA (invented),invented2018zetaa,", "ref",
     ["expected a key of references.bib", "found 'invented2018zetaa'"]),
    ("arms.csv", "invented-zeta,placebo,control,", "invented-zetaa,placebo,control,", "trial",
     ["expected a trial of trials.csv", "found 'invented-zetaa'"]),
    ("outcomes.csv", "invented-zeta,os,placebo,median,", "invented-zeta,os,plaecbo,median,", "group",
     ["expected an arm of trial 'invented-zeta' (drug, placebo)", "found 'plaecbo'"]),
    ("outcomes.csv", "invented-zeta,os,placebo,median,7.9,months,", "invented-zeta,os,placebo,median,7.9,,", "unit",
     ["expected a unit for a median or rate, found ''"]),
    ("trials.csv", ",12,40,812,600,", ",12,40,500,600,", None,
     ["screened-randomized: expected screened (500) >= randomised (600)"]),
    ("outcomes.csv", "invented-alpha,os,drug,rate,62.5,", "invented-alpha,os,drug,rate,162.5,", "value",
     ["expected a rate of at most 100 percent, found '162.5'"]),
    ("trials.csv", ",Invented region,rfs,12,", ",Invented region,pfs,12,", "primary_endpoint",
     ["expected one of '', os, rfs, dfs", "found 'pfs' (a new value must first be declared in the schemas"]),
    ("trials.csv", ",os;ttp,,,1000,", ",os;pfs,,,1000,", "primary_endpoint",
     ["expected one of '', os, rfs, dfs", "or co-primary endpoints separated by ';' (os;ttp-symptomatic)",
      "found 'pfs' in 'os;pfs' (a new value must first be declared in the schemas"]),
    ("trials.csv", ",os;ttp,,,1000,", ",os;os,,,1000,", "primary_endpoint",
     ["expected each primary endpoint once, found 'os' twice in 'os;os'"]),
    ("trials.csv", ",os;ttp,,,1000,", ',"os; ttp",,,1000,', "primary_endpoint",
     ["expected the primary endpoint, or co-primary endpoints separated by ';' without spaces", "found 'os; ttp'"]),
    ("trials.csv", "invented-alpha,ALPHA (invented),", "Invented-Alpha,ALPHA (invented),", "trial",
     ["expected a short id of lower-case letters, digits and hyphens", "found 'Invented-Alpha'"]),
    ("exceptions.csv", "p-consistency," + ZETA_REASON, "p-consistency,see paper",
     "reason", ["expected at least 10 characters, found 'see paper'"]),
]


@pytest.mark.parametrize("name, old, new, column, phrases", SINGLE_EDITS,
                         ids=[f"{edit[0]}:{edit[3]}:{edit[2][-20:]}" for edit in SINGLE_EDITS])
def test_a_bad_value_is_named_by_file_line_and_column(data, references, name, old, new, column, phrases):
    line = edit(data, name, old, new)
    assert_error(build_error(data, references), data, name, line, column, *phrases)


def test_duplicate_fact_key(data, references):
    row = "invented-zeta,os,placebo,median,7.9,months,,,invented abstract,secondary,\n"
    first = line_of(data, "outcomes.csv", row.strip())
    edit(data, "outcomes.csv", row, row + row)
    assert_error(build_error(data, references), data, "outcomes.csv", first + 1, "value",
                 "expected each fact key once, found invented-zeta.os.median.placebo again",
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
    row = "invented-zeta,os,placebo,median,7.9,months,,,invented abstract,secondary,"
    line = line_of(data, "outcomes.csv", row)
    edit(data, "outcomes.csv", row + "\n", row + "caf\N{LATIN SMALL LETTER E WITH ACUTE}\n")
    path = data / "outcomes.csv"
    path.write_bytes(path.read_bytes().replace("é".encode("utf-8"), b"\xe9"))
    assert_error(build_error(data, references), data, "outcomes.csv", line, None,
                 "expected UTF-8 text", "found byte 0xe9")


@pytest.mark.parametrize("extra, found", [(",x", "found 8"), ("", "found 6")])
def test_row_with_wrong_number_of_fields(data, references, extra, found):
    row = "invented-zeta,placebo,control,Placebo,350,invented abstract,secondary"
    new = row + extra if extra else row.rsplit(",", 1)[0]
    line = edit(data, "arms.csv", row, new)
    assert_error(build_error(data, references), data, "arms.csv", line, None,
                 "expected 7 fields as in the header", found)


def test_ci_order(data, references):
    """Named at the bound that is out of order."""
    edit(data, "outcomes.csv", "invented-zeta,os,drug,hr_lower,0.48,", "invented-zeta,os,drug,hr_lower,0.65,")
    line = line_of(data, "outcomes.csv", "invented-zeta,os,drug,hr_lower,")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value",
                 "ci-order: expected lower < estimate < upper, found 0.65 < 0.60 < 0.75",
                 f"add the row 'invented-zeta.os.hr.drug,ci-order,\"<reason>\"' to {data / 'exceptions.csv'}")


def test_arms_not_adding_up_to_randomised(data, references):
    edit(data, "arms.csv", "invented-zeta,placebo,control,Placebo,350,", "invented-zeta,placebo,control,Placebo,351,")
    line = line_of(data, "trials.csv", "invented-zeta,ZETA (invented),")
    assert_error(build_error(data, references), data, "trials.csv", line, None,
                 "arm-total: expected the arms to add up to the 700 randomised, found 701",
                 "add the row 'invented-zeta.randomized,arm-total,\"<reason>\"'")


@pytest.mark.parametrize("value, expected", [
    ("0", "expected a positive median, found '0'"),
    ("0.0", "expected a positive median, found '0.0'"),
    ("-7.9", "expected a non-negative number as reported"),  # the schema's pattern has no minus sign
])
def test_median_not_positive(data, references, value, expected):
    line = edit(data, "outcomes.csv", "invented-zeta,os,placebo,median,7.9,", f"invented-zeta,os,placebo,median,{value},")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value", expected, f"found '{value}'")


def test_p_inconsistent_with_hr_and_ci(data, references):
    """Named at the p value's row."""
    edit(data, "outcomes.csv", "invented-alpha,rfs,drug,p,0.26,", "invented-alpha,rfs,drug,p,0.03,")
    line = line_of(data, "outcomes.csv", "invented-alpha,rfs,drug,p,")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value",
                 "p-consistency: expected p = 0.03 (one-sided) to follow from 0.940 (95% CI 0.780-1.134)",
                 "found that these give p between 0.256 and 0.2608",
                 f"add the row 'invented-alpha.rfs.p.drug,p-consistency,\"<reason>\"' to {data / 'exceptions.csv'}")


def test_an_exception_no_longer_needed_fails(data, references):
    edit(data, "outcomes.csv", "invented-zeta,ttp,drug,p,0.252,", "invented-zeta,ttp,drug,p,0.218,")
    line = line_of(data, "exceptions.csv", "invented-zeta.ttp.p.drug,p-consistency")
    assert_error(build_error(data, references), data, "exceptions.csv", line, None,
                 "expected the p-consistency check to fail for invented-zeta.ttp.p.drug, found that it passes",
                 "remove the exception")


def test_an_exception_for_an_unknown_fact_fails(data, references):
    line = edit(data, "exceptions.csv", "invented-zeta.ttp.p.drug,", "invented-zeta.ttp.p.drugg,")
    assert_error(build_error(data, references), data, "exceptions.csv", line, "fact",
                 "expected a fact key of the data", "found 'invented-zeta.ttp.p.drugg'")


def test_derived_unknown_formula(data, references):
    edit(data, "derived.yaml", "formula: sum", "formula: product")
    line = line_of(data, "derived.yaml", "invented-gamma.n.total:")
    assert_error(build_error(data, references), data, "derived.yaml", line, None,
                 "invented-gamma.n.total: expected a formula among difference, sum, found 'product'")


def test_derived_unknown_input(data, references):
    edit(data, "derived.yaml", "invented-gamma.n.resection]", "invented-gamma.n.resected]")
    line = line_of(data, "derived.yaml", "invented-gamma.n.total:")
    assert_error(build_error(data, references), data, "derived.yaml", line, None,
                 "invented-gamma.n.total: expected a fact key as input, found 'invented-gamma.n.resected'")


def test_derived_inputs_in_different_units(data, references):
    edit(data, "derived.yaml", "inputs: [invented-gamma.n.drug, invented-gamma.n.resection]",
         "inputs: [invented-gamma.n.drug, invented-zeta.os.median.placebo]")
    line = line_of(data, "derived.yaml", "invented-gamma.n.total:")
    assert_error(build_error(data, references), data, "derived.yaml", line, None,
                 "invented-gamma.n.total: expected inputs in one unit, found months, patients")


# --- inputs that once ended in a traceback or passed silently ----------------------


def test_a_lone_comparator_as_p_is_an_error(data, references):
    line = edit(data, "outcomes.csv", "invented-alpha,rfs,drug,p,0.26,", "invented-alpha,rfs,drug,p,<,")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value", "found '<'")


def test_a_yaml_syntax_error_in_derived_yaml_is_an_error(data, references):
    edit(data, "derived.yaml", "invented-gamma.n.resection]", "invented-gamma.n.resection")
    message = build_error(data, references)
    assert message.startswith(f"{data / 'derived.yaml'}:")


def test_derived_yaml_that_is_not_a_mapping_is_an_error(data, references):
    (data / "derived.yaml").write_text("- invented-gamma.n.total\n", encoding="utf-8")
    assert_error(build_error(data, references), data, "derived.yaml", 1, None, "expected")


def test_a_column_named_twice_is_an_error(data, references):
    path = data / "arms.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # Every row gets a second "status"; the first one of a row is made wrong.
    path.write_text("\n".join([lines[0] + ",status"] + [row + ",verified" for row in lines[1:]]) + "\n",
                    encoding="utf-8")
    edit(data, "arms.csv", "Placebo,350,invented abstract,secondary,", "Placebo,350,invented abstract,confirmed,")
    assert_error(build_error(data, references), data, "arms.csv", 1, None, "status")


# --- the p-consistency rule itself -------------------------------------------------


def reported(*texts):
    return [parse_number(text) for text in texts]


def test_a_p_bound_may_pass_only_thanks_to_rounding():
    """HR 0.69 (95% CI 0.55-0.87), p<0.001 two-sided.

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


def test_a_p_agrees_one_sided_and_not_two_sided():
    """HR 0.940 (95% CI 0.780-1.134) gives p = 0.256 to 0.261 one-sided, twice that two-sided."""
    hr, lower, upper, p = reported("0.940", "0.780", "1.134", "0.26")
    assert consistency.p_consistency(hr, lower, upper, "95", p, "one") is None
    problem = consistency.p_consistency(hr, lower, upper, "95", p, "two")
    assert problem.startswith("expected p = 0.26 (two-sided) to follow from 0.940 (95% CI 0.780-1.134)")
    assert "found that these give p between 0.5121 and 0.5217" in problem


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
        ("invented-zeta,os,drug,hr_upper,0.75,", "invented-zeta,os,drug,rr_upper,0.75,", "statistic",
         "expected a hr or its bounds for invented-zeta os drug, found rr_upper"),
        ("invented-zeta,os,drug,hr_upper,0.75,,95,", "invented-zeta,os,drug,hr_upper,0.75,,90,", "ci_level",
         "expected both bounds at one level (95), found 90"),
        ("invented-alpha,rfs,drug,p,0.26,", "invented-alpha,rfs,drug,p,0,", "value", "expected a p value above 0"),
    ],
)
def test_a_comparison_must_be_of_one_kind(data, references, old, new, column, message):
    line = edit(data, "outcomes.csv", old, new)
    assert_error(build_error(data, references), data, "outcomes.csv", line, column, message)


def test_a_primary_endpoint_needs_results_when_the_trial_has_some(data, references):
    line = edit(data, "trials.csv", "Invented region,rfs,12,", "Invented region,dfs,12,")
    assert_error(build_error(data, references), data, "trials.csv", line, "primary_endpoint",
                 "expected an endpoint with results in outcomes.csv (os, rfs), found 'dfs'")


def test_each_co_primary_endpoint_needs_results(data, references):
    line = edit(data, "trials.csv", ",os;ttp,,,1000,", ",os;rfs,,,1000,")
    assert_error(build_error(data, references), data, "trials.csv", line, "primary_endpoint",
                 "expected endpoints with results in outcomes.csv (os, ttp), found 'rfs' in 'os;rfs'")


def test_primary_endpoints_are_listed_in_the_order_written(baseline):
    primary = {trial["trial"]: trial["primary_endpoints"] for trial in baseline["trials"]}
    assert primary["invented-zeta"] == ["os", "ttp"]
    assert primary["invented-alpha"] == ["rfs"]
    assert primary["invented-gamma"] == []  # not reported: the data stays silent
    zeta = next(trial for trial in baseline["trials"] if trial["trial"] == "invented-zeta")
    assert zeta["primary_endpoint"] == "os;ttp"  # the cell as written, beside the list


def test_a_derived_fact_cannot_take_a_bound(data, references):
    with open(data / "derived.yaml", "a", encoding="utf-8") as handle:
        handle.write("invented-zeta.p.sum:\n  formula: sum\n"
                     "  inputs: [invented-zeta.os.p.drug, invented-zeta.ttp.p.drug]\n")
    message = build_error(data, references)
    assert ("invented-zeta.p.sum: expected inputs with exact values, found invented-zeta.os.p.drug = <0.001, "
            "a bound") in message


def test_a_fact_key_declared_twice_in_derived_yaml_is_an_error(data, references):
    first = line_of(data, "derived.yaml", "invented-alpha.rfs.median.difference:")
    with open(data / "derived.yaml", "a", encoding="utf-8") as handle:
        handle.write("invented-alpha.rfs.median.difference:\n  formula: difference\n"
                     "  inputs: [invented-zeta.os.median.drug, invented-zeta.os.median.placebo]\n")
    line = len((data / "derived.yaml").read_text(encoding="utf-8").splitlines()) - 2
    assert_error(build_error(data, references), data, "derived.yaml", line, None,
                 f"expected each fact key once, found invented-alpha.rfs.median.difference again (first at line {first})")


def test_a_negative_difference_is_a_fact_like_any_other(data, references):
    with open(data / "derived.yaml", "a", encoding="utf-8") as handle:
        handle.write("invented-beta.ttp.median.loss:\n  formula: difference\n"
                     "  inputs: [invented-beta.ttp.median.placebo, invented-beta.ttp.median.drug]\n")
    facts = build(data, SCHEMAS, references)["facts"]
    assert facts["invented-beta.ttp.median.loss"]["text"] == "-3"


def test_a_coarse_ci_still_bounds_p(data, references):
    """0.95 (0.9-1.0): bounds that may meet give no smallest SE, but a largest one still limits p."""
    hr, lower, upper = reported("0.95", "0.9", "1.0")
    assert consistency.p_consistency(hr, lower, upper, "95", parse_number("0.95"), "two") is not None
    assert consistency.p_consistency(hr, lower, upper, "95", parse_number("0.3"), "two") is None


@pytest.mark.parametrize(
    "declaration, message",
    [
        ("2016:\n  formula: sum\n  inputs: [invented-gamma.n.drug, invented-gamma.n.resection]\n",
         "expected a fact key such as"),
        ("invented-gamma.n.both:\n  formula: [sum]\n  inputs: [invented-gamma.n.drug, invented-gamma.n.resection]\n",
         "expected a formula among difference, sum"),
        ("invented-gamma.n.both:\n  formula: sum\n  inputs: [[invented-gamma.n.drug], invented-gamma.n.resection]\n",
         "expected inputs as a list of fact keys"),
    ],
)
def test_odd_derived_declarations_are_errors(data, references, declaration, message):
    with open(data / "derived.yaml", "a", encoding="utf-8") as handle:
        handle.write(declaration)
    assert message in build_error(data, references)


def test_a_comparison_needs_a_control_arm(data, references):
    edit(data, "arms.csv", "invented-gamma,resection,control,", "invented-gamma,resection,experimental,")
    with open(data / "outcomes.csv", "a", encoding="utf-8") as handle:
        handle.write("invented-gamma,os,drug,hr,0.5,,,,invented editorial text,unverified,\n")
    assert "expected a control arm for trial 'invented-gamma'" in build_error(data, references)
