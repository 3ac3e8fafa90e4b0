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
from pathlib import Path

from data_checks import (check_comparisons, check_outcome_row, check_primary_endpoints, check_trials,
                         settle_findings)
from derived_facts import add_derived
from common import BuildError, expected_text, fail_cleanly, read_csv_rows, schema_validator, where, write_json
from reported import RATIOS, parse_number

TABLES = ("trials", "arms", "outcomes", "exceptions", "corrections")
COUNT_UNITS = {"countries": "countries", "sites": "sites", "screened": "patients", "randomized": "patients"}


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

    def add(self, key, text, unit, source, description, origin, note="", measure="count"):
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
            "measure": measure,  # what the number is: a count, a median, an hr, a ci_level, a difference...
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
                      where(path, line, "value"), row["note"], statistic)
            per_arm.setdefault((row["trial"], row["endpoint"], statistic), {})[row["group"]] = key
            continue
        control = next(a for a in trial["arms"] if a["role"] == "control")
        facts.add(key, row["value"], row["unit"], source_of(row, trial["ref"], references),
                  f"{what} vs {control['treatment']}", where(path, line, "value"), row["note"], statistic)
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
                      where(path, line, "ci_level"), measure="ci_level")
        if statistic == "p":
            comparison["sided"] = row["sided"]
    return comparisons, per_arm, endpoint_titles


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
    text_corrections = corrections_of_words(tables["corrections"], data / "corrections.csv", references)
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
        "text_corrections": text_corrections,
    }


def corrections_of_words(rows, path, references):
    """The corrections of the published words (not numbers), by id, each with its source."""
    found = {}
    for line, row in rows:
        if row["correction"] in found:
            raise BuildError(where(path, line, "correction"), f"expected each correction once, found "
                                                              f"'{row['correction']}' again")
        if row["ref"] not in references:
            raise BuildError(where(path, line, "ref"), f"expected a key of references.bib, found '{row['ref']}'")
        found[row["correction"]] = {**source_of(row, row["ref"], references), "note": row["note"]}
    return found


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
