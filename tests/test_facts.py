"""The trial data is checked before any fact is written (scripts/build_facts.py).

On the invented project of tests/fixture: each bad input is a copy of its data/ in a
temporary folder with one edit; the build must stop with a BuildError naming the file,
the line (and the column where one column is at fault) and what was expected and found.
The statistics of the data (p against its ratio and interval, derived facts) are in
test_fact_statistics.py.
"""

import json
import shutil
import subprocess
import sys

import pytest

from build_facts import build
from conftest import ROOT
from fact_data import CSV_FILES, DATA, SCHEMAS, assert_error, build_error, edit, line_of
from fact_data import baseline, data, references  # noqa: F401  (fixtures)


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


# --- inputs that once ended in a traceback or passed silently ----------------------


def test_a_lone_comparator_as_p_is_an_error(data, references):
    line = edit(data, "outcomes.csv", "invented-alpha,rfs,drug,p,0.26,", "invented-alpha,rfs,drug,p,<,")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value", "found '<'")


def test_a_column_named_twice_is_an_error(data, references):
    path = data / "arms.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    # Every row gets a second "status"; the first one of a row is made wrong.
    path.write_text("\n".join([lines[0] + ",status"] + [row + ",verified" for row in lines[1:]]) + "\n",
                    encoding="utf-8")
    edit(data, "arms.csv", "Placebo,350,invented abstract,secondary,", "Placebo,350,invented abstract,confirmed,")
    assert_error(build_error(data, references), data, "arms.csv", 1, None, "status")
