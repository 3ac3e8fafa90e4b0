"""Validate the trial data and write every fact, with its source, to one JSON file.

Reads data/trials.csv, data/arms.csv and data/outcomes.csv (every value kept
as its reported string), checks them against their JSON Schemas and against
each other, runs the consistency checks, computes the derived facts declared
in data/derived.yaml and writes build/facts.json. The first bad value stops
the build with one message naming the file, line and column.

Usage: python scripts/build_facts.py --data data --schemas schemas
       --references build/references.json --output build/facts.json
"""

import argparse
import json
import re
from decimal import Decimal
from pathlib import Path

import yaml

import consistency
from common import BuildError, expected_text, fail_cleanly, read_csv_rows, schema_validator, where, write_json
from reported import parse_number

TABLES = ("trials", "arms", "outcomes", "exceptions")
COUNT_UNITS = {"countries": "countries", "sites": "sites", "screened": "patients", "randomized": "patients"}
STATUS_RANK = {"verified": 0, "secondary": 1, "unverified": 2}
RATIOS = ("hr", "rr")


def load_validators(schema_dir):
    """A validator for each data table's schema, by table name."""
    return {name: schema_validator(Path(schema_dir) / f"{name}.schema.yaml") for name in TABLES}


NEW_VALUE_HINT = " (a new value must first be declared in the schemas, schemas/*.schema.yaml)"


def read_table(path, validator):
    schema = validator.schema
    rows = read_csv_rows(path, schema["required"])
    for line, row in rows:
        errors = sorted(validator.iter_errors(row), key=lambda e: list(e.path))
        if errors:
            error = errors[0]
            column = error.path[0] if error.path else None
            raise BuildError(
                where(path, line, column),
                f"expected {expected_text(error, validator, empty='a value (this column is required)')}, "
                f"found '{row.get(column, '')}'" + NEW_VALUE_HINT * (error.validator in ("oneOf", "enum")),
            )
    return rows


class Facts:
    """Collects facts under unique keys, remembering where each came from."""

    def __init__(self):
        self.records = {}
        self.origins = {}

    def add(self, key, text, unit, source, description, origin, note=""):
        if key in self.records:
            raise BuildError(origin, f"expected each fact key once, found {key} again (first at {self.origins[key]})")
        number = parse_number(text)
        self.records[key] = {
            "key": key,
            "text": text,
            "value": float(number.value),
            "comparator": number.comparator,
            "decimals": number.decimals,
            "unit": unit,
            "description": description,
            "note": note,
            **source,
        }
        self.origins[key] = origin
        return number


def source_of(row, ref, references):
    return {"ref": ref, "ref_label": references[ref]["label"], "location": row["location"], "status": row["status"]}


def titles(validator, *schema_path):
    """{value: title} of a oneOf list in a schema, e.g. endpoint codes and their names."""
    node = validator.schema
    for step in schema_path:
        node = node[step]
    return {option["const"]: option["title"] for option in node["oneOf"]}


def primary_endpoints(text, endpoints, origin):
    """The endpoints of a primary_endpoint cell: none, one, or co-primary ones separated by ';'."""
    parts = text.split(";") if text else []
    for part in parts:
        if part not in endpoints:
            within = f" in '{text}'" if len(parts) > 1 else ""
            raise BuildError(origin, f"expected one of '', {', '.join(endpoints)}, or co-primary endpoints separated "
                                     f"by ';' (os;ttp-symptomatic), found '{part}'{within}{NEW_VALUE_HINT}")
        if parts.count(part) > 1:
            raise BuildError(origin, f"expected each primary endpoint once, found '{part}' twice in '{text}'")
    return parts


def add_trials(facts, rows, path, references, endpoints):
    """Trials by id, with their primary endpoints as a list and their counts added as facts."""
    trials = {}
    for line, row in rows:
        if row["trial"] in trials:
            raise BuildError(where(path, line, "trial"), f"expected each trial once, found '{row['trial']}' again")
        if row["ref"] not in references:
            raise BuildError(where(path, line, "ref"), f"expected a key of references.bib, found '{row['ref']}'")
        primary = primary_endpoints(row["primary_endpoint"], endpoints, where(path, line, "primary_endpoint"))
        trials[row["trial"]] = {**row, "primary_endpoints": primary, "line": line, "arms": [], "counts": {}}
        for column, unit in COUNT_UNITS.items():
            if row[column]:
                key = f"{row['trial']}.{column}"
                label = {"randomized": "patients randomized", "screened": "patients screened"}.get(column, column)
                facts.add(key, row[column], unit, source_of(row, row["ref"], references),
                          f"{row['name']}: {label}", where(path, line, column), row["note"])
                trials[row["trial"]]["counts"][column] = key
    return trials


def add_arms(facts, rows, path, trials, references):
    """Arms by (trial, arm), with their patient numbers added as facts."""
    arms = {}
    for line, row in rows:
        trial = trials.get(row["trial"])
        if trial is None:
            raise BuildError(where(path, line, "trial"), f"expected a trial of trials.csv, found '{row['trial']}'")
        key = f"{row['trial']}.n.{row['arm']}"
        facts.add(key, row["n"], "patients", source_of(row, trial["ref"], references),
                  f"{trial['name']}: patients in the {row['treatment']} arm", where(path, line, "n"))
        arms[(row["trial"], row["arm"])] = row
        trial["arms"].append({"arm": row["arm"], "role": row["role"], "treatment": row["treatment"], "n": key})
    return arms


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


def add_outcomes(facts, rows, path, trials, arms, references, validator):
    """Add every outcome as a fact; group medians and rates by arm, ratios, bounds and p by comparison."""
    endpoint_titles = titles(validator, "$defs", "endpoint")
    statistic_titles = titles(validator, "properties", "statistic")
    comparisons, per_arm = {}, {}
    for line, row in rows:
        trial = trials.get(row["trial"])
        if trial is None:
            raise BuildError(where(path, line, "trial"), f"expected a trial of trials.csv, found '{row['trial']}'")
        arm = arms.get((row["trial"], row["group"]))
        if arm is None:
            known = ", ".join(a["arm"] for a in trial["arms"]) or "none"
            raise BuildError(where(path, line, "group"),
                             f"expected an arm of trial '{row['trial']}' ({known}), found '{row['group']}'")
        check_outcome_row(row, arm, statistic_titles, lambda column: where(path, line, column))
        statistic = row["statistic"]
        if statistic not in ("median", "rate") and not any(a["role"] == "control" for a in trial["arms"]):
            raise BuildError(where(path, line, "statistic"), f"expected a control arm for trial '{row['trial']}' in "
                             f"arms.csv to compare with, found none (a {statistic} needs one)")
        key = f"{row['trial']}.{row['endpoint']}.{statistic}.{row['group']}"
        what = f"{trial['name']}: {endpoint_titles[row['endpoint']]}, {statistic_titles[statistic]}, {arm['treatment']}"
        if statistic in ("median", "rate"):
            facts.add(key, row["value"], row["unit"], source_of(row, trial["ref"], references), what,
                      where(path, line, "value"), row["note"])
            per_arm.setdefault((row["trial"], row["endpoint"], statistic), {})[row["group"]] = key
            continue
        control = next(a for a in trial["arms"] if a["role"] == "control")
        facts.add(key, row["value"], row["unit"], source_of(row, trial["ref"], references),
                  f"{what} vs {control['treatment']}", where(path, line, "value"), row["note"])
        comparison = comparisons.setdefault((row["trial"], row["endpoint"], row["group"]), {"line": line, "lines": {}})
        is_bound = statistic.endswith(("_lower", "_upper"))
        part = statistic.split("_")[-1] if is_bound else ("p" if statistic == "p" else "estimate")
        comparison[part] = key
        comparison["lines"][part] = line
        measure = statistic.split("_")[0]
        if measure in RATIOS and comparison.setdefault("measure", measure) != measure:
            raise BuildError(where(path, line, "statistic"), f"expected a {comparison['measure']} or its bounds "
                             f"for {row['trial']} {row['endpoint']} {row['group']}, found {statistic}")
        if is_bound and comparison.setdefault("ci_level", row["ci_level"]) != row["ci_level"]:
            raise BuildError(where(path, line, "ci_level"),
                             f"expected both bounds at one level ({comparison['ci_level']}), found {row['ci_level']}")
        if statistic.endswith("_lower"):
            # The level is a number the prose states too ("95% CI"): a fact of its own, checked like any other.
            facts.add(f"{row['trial']}.{row['endpoint']}.ci_level.{row['group']}", row["ci_level"], "percent",
                      source_of(row, trial["ref"], references),
                      f"{trial['name']}: {endpoint_titles[row['endpoint']]}, confidence level of the "
                      f"{statistic_titles[measure]}, {arm['treatment']} vs {control['treatment']}",
                      where(path, line, "ci_level"))
        if statistic == "p":
            comparison["sided"] = row["sided"]
    return comparisons, per_arm, endpoint_titles


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


def build(data_dir, schema_dir, references_path):
    """Validate and check the data; return the contents of facts.json."""
    data = Path(data_dir)
    references = json.loads(Path(references_path).read_text(encoding="utf-8"))
    validators = load_validators(schema_dir)
    tables = {name: read_table(data / f"{name}.csv", validators[name]) for name in TABLES}
    facts = Facts()
    trials = add_trials(facts, tables["trials"], data / "trials.csv", references,
                        list(titles(validators["outcomes"], "$defs", "endpoint")))
    arms = add_arms(facts, tables["arms"], data / "arms.csv", trials, references)
    findings = check_trials(facts, trials, data / "trials.csv")
    comparisons, per_arm, endpoint_titles = add_outcomes(
        facts, tables["outcomes"], data / "outcomes.csv", trials, arms, references, validators["outcomes"])
    check_primary_endpoints(trials, tables["outcomes"], data / "trials.csv")
    comparison_list, comparison_findings = check_comparisons(facts, comparisons, trials, data / "outcomes.csv")
    accepted = settle_findings(findings + comparison_findings, tables["exceptions"], data / "exceptions.csv", facts)
    add_derived(facts, data / "derived.yaml")
    return {
        "facts": facts.records,
        "trials": [{key: value for key, value in trial.items() if key != "line"} for trial in trials.values()],
        "comparisons": comparison_list,
        "per_arm": [
            {"trial": trial_id, "endpoint": endpoint, "statistic": statistic, "arms": keys}
            for (trial_id, endpoint, statistic), keys in per_arm.items()
        ],
        "endpoints": endpoint_titles,
        "settings": titles(validators["trials"], "properties", "setting"),
        "accepted_exceptions": accepted,
    }


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


# Formulas a derived fact may use: name -> (number of inputs or None for any, function).
FORMULAS = {
    "difference": (2, lambda values: values[0] - values[1]),
    "sum": (None, sum),
}


def read_derived(path):
    """The declarations of data/derived.yaml, with the line of each key."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)  # the node tree, for the line of each key
        declared = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise BuildError(where(path, line), f"expected YAML, found a syntax error: {getattr(error, 'problem', error)}")
    if not isinstance(declared, dict):
        raise BuildError(where(path, 1), f"expected a mapping of fact keys to formulas, found a {type(declared).__name__}")
    lines = {}
    for key_node, _ in root.value if root else []:
        line = key_node.start_mark.line + 1
        if key_node.value in lines:
            # YAML itself lets the last one win, silently.
            raise BuildError(where(path, line), f"expected each fact key once, found {key_node.value} again "
                                                f"(first at line {lines[key_node.value]})")
        lines[key_node.value] = line
    return declared, lines


def add_derived(facts, path):
    declared, lines = read_derived(path)
    for key, spec in declared.items():
        origin = where(path, lines.get(str(key)))
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9-]*(\.[a-z0-9_-]+)+", key):
            raise BuildError(origin, f"expected a fact key such as sharp.os.median.difference, found {key!r}")
        if not isinstance(spec, dict):
            raise BuildError(origin, f"{key}: expected formula: and inputs:, found {spec!r}")
        formula = spec.get("formula")
        names = spec.get("inputs")
        if not isinstance(formula, str) or formula not in FORMULAS:
            raise BuildError(origin, f"{key}: expected a formula among {', '.join(FORMULAS)}, found {formula!r}")
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise BuildError(origin, f"{key}: expected inputs as a list of fact keys, [a, b], found {names!r}")
        arity, compute = FORMULAS[formula]
        if len(names) < 2 or (arity and len(names) != arity):
            raise BuildError(origin, f"{key}: expected {arity or 'two or more'} inputs for {formula}, found {len(names)}")
        inputs = []
        for name in names:
            if name not in facts.records:
                raise BuildError(origin, f"{key}: expected a fact key as input, found '{name}'")
            if facts.records[name]["comparator"]:
                raise BuildError(origin, f"{key}: expected inputs with exact values, found {name} = "
                                         f"{facts.records[name]['text']}, a bound")
            inputs.append(facts.records[name])
        units = sorted({fact["unit"] for fact in inputs})
        if len(units) != 1:
            raise BuildError(origin, f"{key}: expected inputs in one unit, found {', '.join(units)}")
        value = compute([Decimal(fact["text"]) for fact in inputs])
        status = max((fact["status"] for fact in inputs), key=STATUS_RANK.get)
        first = inputs[0]
        facts.add(key, str(value), units[0], {
            "ref": first["ref"], "ref_label": first["ref_label"], "status": status,
            "location": f"computed as the {formula} of " + " and ".join(f"{fact['text']} {fact['unit']}".strip()
                                                                  for fact in inputs),
        }, spec.get("note", key), origin)
        facts.records[key]["derived"] = {"formula": formula, "inputs": names}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="data")
    parser.add_argument("--schemas", default="schemas")
    parser.add_argument("--references", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    write_json(args.output, build(args.data, args.schemas, args.references))


if __name__ == "__main__":
    fail_cleanly(main)
