"""The statistics of the trial data (scripts/consistency.py, scripts/build_facts.py): a p value
against its ratio and interval, comparisons of one kind, primary endpoints, and derived facts.

Same invented data and the same one-edit copies as test_facts.py.
"""

import pytest

import consistency
from build_facts import build
from fact_data import SCHEMAS, assert_error, build_error, edit, line_of
from fact_data import baseline, data, references  # noqa: F401  (fixtures)
from reported import parse_number


# --- derived facts ----------------------------------------------------------------


def test_derived_facts_are_computed(baseline):
    facts = baseline["facts"]
    assert facts["invented-gamma.n.total"]["text"] == "36"
    assert facts["invented-alpha.rfs.median.difference"]["text"] == "2.4"
    assert facts["invented-alpha.rfs.median.difference"]["derived"] == {
        "formula": "difference", "inputs": ["invented-alpha.rfs.median.drug", "invented-alpha.rfs.median.placebo"]}
    assert facts["invented-gamma.n.total"]["status"] == "unverified"  # the least sure of its inputs


def test_a_yaml_syntax_error_in_derived_yaml_is_an_error(data, references):
    edit(data, "derived.yaml", "invented-gamma.n.resection]", "invented-gamma.n.resection")
    message = build_error(data, references)
    assert message.startswith(f"{data / 'derived.yaml'}:")


def test_derived_yaml_that_is_not_a_mapping_is_an_error(data, references):
    (data / "derived.yaml").write_text("- invented-gamma.n.total\n", encoding="utf-8")
    assert_error(build_error(data, references), data, "derived.yaml", 1, None, "expected")


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


# --- the p-consistency rule itself -------------------------------------------------


def test_p_inconsistent_with_hr_and_ci(data, references):
    """Named at the p value's row."""
    edit(data, "outcomes.csv", "invented-alpha,rfs,drug,p,0.26,", "invented-alpha,rfs,drug,p,0.03,")
    line = line_of(data, "outcomes.csv", "invented-alpha,rfs,drug,p,")
    assert_error(build_error(data, references), data, "outcomes.csv", line, "value",
                 "p-consistency: expected p = 0.03 (one-sided) to follow from 0.940 (95% CI 0.780-1.134)",
                 "found that these give p between 0.256 and 0.2608",
                 f"add the row 'invented-alpha.rfs.p.drug,p-consistency,\"<reason>\"' to {data / 'exceptions.csv'}")


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
