"""What the prose claims about the numbers (scripts/claims.py, claim_verdicts.py): relations decided over
the range the reported digits allow, the wording that needs a claim, and claims in both editions.

Relations are tested on invented facts; the wording and the editions on the invented project, in process.
"""

from decimal import Decimal

import pytest

import claims

SETTINGS = {"alpha": {"one": "0.025", "two": "0.05"}, "ci_level": "95", "similar": {"within": "0.10"},
            "substantially": {"ratio": "1.5"}}
CASE = "manuscript/case.md"


def fact(key, text, unit="months"):
    return {"key": key, "text": text, "unit": unit, "description": key, "status": "verified"}


def comparison(p, sided, estimate="0.90", lower="0.70", upper="1.10"):
    facts = {"hr": fact("hr", estimate, ""), "lower": fact("lower", lower, ""), "upper": fact("upper", upper, ""),
             "p": fact("p", p, "")}
    entry = {"trial": "t", "endpoint": "os", "experimental": "drug", "measure": "hr", "ci_level": "95",
             "estimate": "hr", "lower": "lower" if lower else "", "upper": "upper" if upper else "",
             "p": "p" if p else "", "sided": sided}
    return facts, {"t.os.drug": entry}


def holds(text, facts, comparisons=None):
    return claims.judge(text, facts, comparisons or {}, SETTINGS, Decimal("30.4375"))[1].holds


@pytest.mark.parametrize("p, sided, lower, upper, significant", [
    ("0.26", "one", "0.78", "1.13", False),
    ("0.01", "one", "0.50", "0.90", True),
    ("<0.001", "two", "0.55", "0.87", True),
    ("0.03", "two", "0.60", "0.98", True),
    ("0.03", "one", "0.60", "1.02", False),   # one-sided alpha is 0.025
    ("0.025", "one", "0.60", "1.02", False),  # 0.0245 to 0.0255 straddles alpha: the interval decides
    ("0.29", "", None, None, False),          # sidedness unknown: not significant under either reading
])
def test_significance_at_the_sidedness_over_the_reported_range(p, sided, lower, upper, significant):
    facts, comparisons = comparison(p, sided, lower=lower, upper=upper)
    assert holds("significant: t.os.drug", facts, comparisons) is significant
    assert holds("not significant: t.os.drug", facts, comparisons) is (not significant)


def test_a_p_at_the_threshold_is_undecided():
    facts, comparisons = comparison("0.05", "two", lower=None, upper=None)
    assert holds("not significant: t.os.drug", facts, comparisons) is None


def test_a_p_and_an_interval_that_disagree_are_an_error():
    facts, comparisons = comparison("0.01", "two", lower="0.80", upper="1.20")
    with pytest.raises(ValueError, match="expected its p and its interval to agree"):
        holds("significant: t.os.drug", facts, comparisons)


def test_direction_follows_the_ratio():
    facts, comparisons = comparison("0.26", "one", estimate="0.94")
    assert holds("favors experimental: t.os.drug", facts, comparisons) is True
    assert holds("favors control: t.os.drug", facts, comparisons) is False


@pytest.mark.parametrize("relation, first, second, expected", [
    ("greater", ("a", "36.2"), ("b", "33.8"), True),
    ("greater", ("a", "33.8"), ("b", "36.2"), False),
    ("greater", ("a", "33.8"), ("b", "33.8"), None),                # equal as reported: either may be greater
    ("less", ("a", "5.4"), ("b", "5.6"), True),
    ("similar", ("a", "169", "days"), ("b", "5.4"), True),          # 5.55 vs 5.4 months
    ("similar", ("a", "24"), ("b", "5.4"), False),
    ("substantially greater", ("a", "24"), ("b", "5.4"), True),
    ("substantially greater", ("a", "169", "days"), ("b", "5.4"), False),
    ("substantially less", ("a", "5.4"), ("b", "36.2"), True),
    ("similar", ("a", "5.8"), ("b", "5.4"), True),                  # within a tenth, over the reported range
    ("similar", ("a", "6"), ("b", "5.4"), None),                    # 5.5 to 6.5: undecided
])
def test_comparisons_in_one_unit_over_the_reported_range(relation, first, second, expected):
    facts = {name: fact(name, text, *unit) for name, text, *unit in (first, second)}
    assert holds(f"{relation}: a, b", facts) is expected


@pytest.mark.parametrize("text, message", [
    ("smaller: a, b", "expected a relation among"),
    ("similar: a", "expected two fact keys"),
    ("not significant", "expected a relation among"),
    ("similar: a, nope", "unknown fact key 'nope'"),
    ("not significant: t.ttp.drug", "unknown comparison 't.ttp.drug'"),
])
def test_a_claim_that_cannot_be_read_says_what_to_write(text, message):
    facts, comparisons = comparison("0.26", "one")
    facts["a"] = fact("a", "5.4")
    with pytest.raises(ValueError, match=message):
        holds(text, facts, comparisons)


def test_comparing_a_time_with_a_count_is_an_error():
    with pytest.raises(ValueError, match="in comparable units"):
        holds("greater: a, b", {"a": fact("a", "5.4"), "b": fact("b", "300", "patients")})


# --- on the invented project ----------------------------------------------------------------


def errors_of(checker, snippet, edition="corrected"):
    text, line = checker.inserted(snippet)
    report, errors = checker.run(text, edition)
    return report, errors, line


def test_the_invented_claims_are_decided(checker):
    report, errors = checker.run(checker.manuscript)
    verdicts = {entry["claim"].split(":")[0]: entry["verdict"] for entry in report["claims"]}
    assert errors == [] and verdicts == {"not significant": "holds", "substantially less": "corrected",
                                         "undecidable": "undecidable"}
    published, errors = checker.run(checker.manuscript, "published")
    assert errors == [] and [entry["verdict"] for entry in published["claims"]] == ["holds", "discrepancy",
                                                                                      "undecidable"]
    corrected = [entry["id"] for entry in report["claims"] if entry["verdict"] == "corrected"]
    assert set(corrected) <= set(report["corrections"])


@pytest.mark.parametrize("snippet, words", [
    ("The drug significantly prolonged survival.", "'significantly'"),
    ("Survival was longer than with placebo.", "'longer than'"),
    ("The two arms were similar.", "'similar'"),
    ("Survival was nearly the same in both arms.", "'nearly the same'"),
    ("The trial failed to show a benefit.", "'failed to'"),
    ("The drug improved survival.", "'improved'"),
    ("There was no difference between the arms.", "'no difference'"),
    ("Patients in Asia had a greater benefit.", "'greater benefit'"),
])
def test_wording_that_claims_something_needs_a_claim(checker, snippet, words):
    _, errors, line = errors_of(checker, snippet)
    assert any(error.startswith(f"{CASE}:{line}: {words} claims something about the data") for error in errors), errors


def test_wording_inside_a_claim_or_a_citation_passes(checker):
    _, errors, _ = errors_of(checker, '[Survival was similar]{claim="undecidable" because="no invented figures for it"}.')
    assert errors == []


@pytest.mark.parametrize("claim, message", [
    ('claim="significant: invented-alpha.rfs.drug"', "expected it to hold, found the data says otherwise"),
    ('claim="greater: invented-alpha.rfs.median.placebo, invented-alpha.rfs.median.drug"',
     "expected it to hold, found the data says otherwise (ALPHA (invented): Recurrence-free survival, median"),
    ('claim="undecidable"', "expected because=\"...\" saying why"),
    ('claim="undecidable" because="the 1602 patients are not in the data"', "expected words without numbers"),
    ('claim="similar: invented-alpha.rfs.median.drug, invented-beta.randomized"', "in comparable units"),
])
def test_a_false_or_unreadable_claim_is_an_error_at_its_line(checker, claim, message):
    _, errors, line = errors_of(checker, f"The drug [did something]{{{claim}}}.")
    assert any(error.startswith(f"{CASE}:{line}:") and message in error for error in errors), errors


def test_a_data_edit_that_flips_a_claim_fails_the_build(fixture_copy):
    from conftest import run_fixture

    outcomes = fixture_copy / "data" / "outcomes.csv"
    outcomes.write_text(outcomes.read_text(encoding="utf-8").replace(
        "invented-beta,ttp,drug,median,169,days,", "invented-beta,ttp,drug,median,1050,days,"), encoding="utf-8")
    manuscript = fixture_copy / "manuscript" / "editorial.md"
    manuscript.write_text(manuscript.read_text(encoding="utf-8").replace(
        "[24 wk]{fact=invented-beta.ttp.median.drug was=\"24 mo\"}, about [5.6 mo]{fact=invented-beta.ttp.median.drug}",
        "[150 wk]{fact=invented-beta.ttp.median.drug was=\"24 mo\"}, about [34.5 mo]{fact=invented-beta.ttp.median.drug}"),
        encoding="utf-8")
    result = run_fixture(fixture_copy, check=False)
    line = next(n for n, text in enumerate(manuscript.read_text(encoding="utf-8").splitlines(), 1) if "[150 wk]" in text)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert (f"manuscript/editorial.md:{line}: claim \"substantially less: invented-beta.ttp.median.drug, "
            "invented-alpha.rfs.median.drug\" on [much shorter than]: expected it to hold, found the data says "
            "otherwise") in output


def test_a_corrected_claim_must_have_been_false(checker):
    text = checker.replaced('was-claim="similar: invented-beta.ttp.median.drug, invented-alpha.rfs.median.drug"',
                            'was-claim="less: invented-beta.ttp.median.drug, invented-alpha.rfs.median.drug"')
    _, errors = checker.run(text)
    assert any("records a published claim the data does not contradict" in error for error in errors), errors
