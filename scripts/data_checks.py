"""Checks of the trial data against itself, in the spirit of statcheck: each finding names its row.

Arms add up to the randomised total, screened is at least randomised, each row's columns fit
its statistic, a primary endpoint has results, intervals are in order and p follows from the
ratio and its interval (consistency.py). A finding the source itself carries is accepted only
with a row of data/exceptions.csv, and an exception no longer needed is an error.
"""

from decimal import Decimal

import consistency
from common import BuildError, where
from reported import parse_number


def check_trials(facts, trials, path):
    """Findings on each trial's arms and counts; a randomised trial without one control arm is an error."""
    findings = []
    for name, trial in trials.items():
        origin = where(path, trial["line"])
        controls = [arm for arm in trial["arms"] if arm["role"] == "control"]
        if trial["design"] == "rct" and len(controls) != 1:
            raise BuildError(origin, f"expected trial '{name}' to have one control arm in arms.csv, found {len(controls)}")
        counts = [int(facts.records[arm["n"]]["text"]) for arm in trial["arms"]]
        if trial["randomized"] and counts:
            problem = consistency.arm_total(counts, int(trial["randomized"]))
            if problem:
                findings.append((f"{name}.randomized", "arm-total", origin, problem))
        if trial["screened"] and trial["randomized"]:
            problem = consistency.screened_at_least_randomized(int(trial["screened"]), int(trial["randomized"]))
            if problem:
                findings.append((f"{name}.randomized", "screened-randomized", origin, problem))
    return findings


def check_outcome_row(row, arm, statistic_titles, origin_of):
    """Raise on a row whose columns do not fit its statistic."""
    statistic = row["statistic"]
    is_bound = statistic.endswith(("_lower", "_upper"))
    per_arm = statistic in ("median", "rate")
    expectations = [
        ("unit", per_arm and not row["unit"], "a unit for a median or rate"),
        ("unit", not per_arm and row["unit"], f"no unit for a {statistic_titles[statistic]}"),
        ("unit", statistic == "rate" and row["unit"] not in ("", "percent"), "percent for a rate"),
        ("unit", statistic == "median" and row["unit"] == "percent", "a time unit for a median"),
        ("ci_level", is_bound and not row["ci_level"], "the confidence level of the bound"),
        ("ci_level", not is_bound and row["ci_level"], "no confidence level except for a bound"),
        ("sided", statistic != "p" and row["sided"], "no sidedness except for a p value"),
        ("value", statistic != "p" and row["value"].startswith("<"), "an exact value (only p may be a bound)"),
        ("group", not per_arm and arm["role"] == "control", "the experimental arm of the comparison, not the control arm"),
    ]
    for column, wrong, expected in expectations:
        if wrong:
            raise BuildError(origin_of(column), f"expected {expected}, found '{row[column]}'")
    if statistic != "p" and statistic != "rate" and Decimal(row["value"]) <= 0:
        raise BuildError(origin_of("value"), f"expected a positive {statistic_titles[statistic]}, found '{row['value']}'")
    if statistic == "rate" and Decimal(row["value"]) > 100:
        raise BuildError(origin_of("value"), f"expected a rate of at most 100 percent, found '{row['value']}'")
    if statistic == "p" and not 0 < Decimal(row["value"].lstrip("<")) <= 1:
        raise BuildError(origin_of("value"), "expected a p value above 0 and at most 1 "
                                             f"(a bound such as <0.001 for a small p), found '{row['value']}'")


def check_primary_endpoints(trials, rows, path):
    """A trial with results must have results for each primary endpoint (a typo would empty Table 1's row)."""
    endpoints_with_data = {}
    for _, row in rows:
        endpoints_with_data.setdefault(row["trial"], set()).add(row["endpoint"])
    for name, trial in trials.items():
        reported = endpoints_with_data.get(name, set())
        missing = [endpoint for endpoint in trial["primary_endpoints"] if reported and endpoint not in reported]
        if missing:
            several = len(trial["primary_endpoints"]) > 1
            raise BuildError(where(path, trial["line"], "primary_endpoint"),
                             f"expected {'endpoints' if several else 'an endpoint'} with results in outcomes.csv "
                             f"({', '.join(sorted(reported))}), found '{missing[0]}'"
                             + (f" in '{trial['primary_endpoint']}'" if several else ""))


def check_comparisons(facts, comparisons, trials, path):
    """The comparisons as listed in facts.json, and the findings of their CI and p checks."""
    listed, findings = [], []
    for (trial_id, endpoint, group), parts in comparisons.items():
        has_ci = "lower" in parts or "upper" in parts
        if has_ci and not ("lower" in parts and "upper" in parts and "estimate" in parts):
            present = ", ".join(sorted(k for k in parts if k in ("estimate", "lower", "upper")))
            raise BuildError(where(path, parts["line"]), f"expected a ratio with both confidence bounds for "
                                                         f"{trial_id} {endpoint} {group}, found only {present}")
        if has_ci:
            number = {name: parse_number(facts.records[parts[name]]["text"]) for name in ("estimate", "lower", "upper")}
            problem = consistency.ci_order(number["estimate"], number["lower"], number["upper"])
            if problem:
                bound = "lower" if number["lower"].value >= number["estimate"].value else "upper"
                findings.append((parts["estimate"], "ci-order", where(path, parts["lines"][bound], "value"), problem))
            if "p" in parts:
                p = parse_number(facts.records[parts["p"]]["text"])
                problem = consistency.p_consistency(number["estimate"], number["lower"], number["upper"],
                                                    parts["ci_level"], p, parts.get("sided", ""))
                if problem:
                    findings.append((parts["p"], "p-consistency", where(path, parts["lines"]["p"], "value"), problem))
        control = next(a for a in trials[trial_id]["arms"] if a["role"] == "control")
        listed.append({
            "trial": trial_id, "endpoint": endpoint, "experimental": group, "control": control["arm"],
            "measure": parts.get("measure", ""), "ci_level": parts.get("ci_level", ""),
            "sided": parts.get("sided", ""),
            **{name: parts.get(name, "") for name in ("estimate", "lower", "upper", "p")},
        })
    return listed, findings


def settle_findings(findings, exception_rows, path, facts):
    """Fail on a finding without an exception; fail on an exception without a finding."""
    exceptions = {}
    for line, row in exception_rows:
        if (row["fact"], row["check"]) in exceptions:
            raise BuildError(where(path, line), f"expected each exception once, found {row['fact']} "
                                                f"{row['check']} again (first at line {exceptions[(row['fact'], row['check'])][0]})")
        exceptions[(row["fact"], row["check"])] = (line, row["reason"])
        if row["fact"] not in facts.records:
            raise BuildError(where(path, line, "fact"), f"expected a fact key of the data, found '{row['fact']}'")
    accepted = []
    found = set()
    for fact, check, origin, message in findings:
        if (fact, check) not in exceptions:
            raise BuildError(origin, f"{check}: {message} (if the source itself says so, add the row "
                                     f"'{fact},{check},\"<reason>\"' to {path})")
        found.add((fact, check))
        accepted.append({"fact": fact, "check": check, "finding": message, "reason": exceptions[(fact, check)][1]})
    for (fact, check), (line, _) in exceptions.items():
        if (fact, check) not in found:
            raise BuildError(where(path, line), f"expected the {check} check to fail for {fact}, found that it passes: "
                                                "remove the exception")
    return accepted
