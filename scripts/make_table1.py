"""Write Table 1, the randomised trials that added sorafenib to resection, ablation or TACE.

Which trials belong is set in config.yaml (table1: cancer, design, setting),
so a trial added to the data appears without touching the manuscript. Each
number is the reported string, tied to its fact so the HTML can show where it
came from; unverified numbers carry a dagger. Writes the table for rendering
(JSON: Markdown cells, read by filters/crossref.lua) and a plain CSV copy.

Usage: python scripts/make_table1.py build/facts.json config/config.yaml
       build/tables/table1.json build/tables/table1.csv
"""

import argparse
import json
import re

import pandas as pd
import yaml

from common import BuildError, fail_cleanly, write_atomic, write_json

COLUMNS = ["Trial", "Phase", "Setting", "Randomised", "Arms (n)", "Primary endpoint",
           "Median, experimental vs control", "HR (95% CI)", "P"]
ALIGN = ["left", "center", "left", "right", "left", "left", "left", "left", "left"]
UNIT_ABBREVIATIONS = {"days": "d", "weeks": "wk", "months": "mo", "years": "y", "percent": "%"}
DAGGER = "†"
NOTES = [
    f"{DAGGER} Unverified: recalled, not read in a source.",
    "P values are two-sided unless marked one-sided.",
    "HR: hazard ratio, experimental vs control (below 1 favours the experimental arm); CI: confidence interval; "
    "TACE: transarterial chemoembolization; DEB: drug-eluting beads.",
]


def markdown_text(text):
    """Text from the data, escaped so Markdown shows it as written (no HTML, no links)."""
    return re.sub(r"([\\`*_{}\[\]<>#|$@~^&])", r"\\\1", text)


class Table:
    def __init__(self, facts):
        self.facts = facts
        self.unverified = False

    def number(self, key):
        """A reported number as Markdown, tied to its fact; dagger when unverified."""
        if key not in self.facts:
            raise BuildError("build/facts.json", f"expected fact '{key}', found no such key")
        fact = self.facts[key]
        text = fact["text"].replace("<", "&lt;")
        mark = ""
        if fact["status"] == "unverified":
            self.unverified = True
            mark = DAGGER
        return f"[{text}]{{fact={key}}}{mark}"


def selected_trials(data, criteria):
    return [trial for trial in data["trials"] if all(trial[field] in allowed for field, allowed in criteria.items())]


def primary_results(data, trial):
    endpoint = trial["primary_endpoint"]
    medians = next((row["arms"] for row in data["per_arm"]
                    if row["trial"] == trial["trial"] and row["endpoint"] == endpoint and row["statistic"] == "median"),
                   {})
    comparison = next((row for row in data["comparisons"]
                       if row["trial"] == trial["trial"] and row["endpoint"] == endpoint), None)
    return medians, comparison


def trial_row(table, data, trial):
    facts = data["facts"]
    experimental = [arm for arm in trial["arms"] if arm["role"] == "experimental"]
    control = [arm for arm in trial["arms"] if arm["role"] == "control"]
    medians, comparison = primary_results(data, trial)
    arms_cell = " \\\n".join(f"{markdown_text(arm['treatment'])} ({table.number(arm['n'])})"
                             for arm in experimental + control)
    median_cell = "—"
    ordered = [medians[arm["arm"]] for arm in experimental + control if arm["arm"] in medians]
    if ordered:
        units = [UNIT_ABBREVIATIONS.get(facts[key]["unit"], facts[key]["unit"]) for key in ordered]
        if len(set(units)) == 1:
            median_cell = " vs ".join(table.number(key) for key in ordered) + f" {units[0]}"
        else:  # arms reported in different units: each number keeps its own
            median_cell = " vs ".join(f"{table.number(key)} {unit}" for key, unit in zip(ordered, units))
    ratio_cell = p_cell = "—"
    if comparison and comparison["estimate"]:
        ratio_cell = table.number(comparison["estimate"])
        if comparison["lower"]:
            level = "" if comparison["ci_level"] == "95" else f" [{comparison['ci_level']}% CI]"
            ratio_cell += f" [({table.number(comparison['lower'])}–{table.number(comparison['upper'])})]{{.ci}}{level}"
        if comparison["measure"] == "rr":
            ratio_cell = "RR " + ratio_cell
    if comparison and comparison["p"]:
        sidedness = {"one": " (one-sided)", "two": "", "": " (sidedness not reported)"}[comparison["sided"]]
        p_cell = table.number(comparison["p"]) + sidedness
    randomized = table.number(trial["counts"]["randomized"]) if "randomized" in trial["counts"] else "—"
    return [
        f"{markdown_text(trial['name'])}[@{trial['ref']}]",
        trial["phase"] or "—",
        data["settings"][trial["setting"]],
        randomized,
        arms_cell,
        data["endpoints"].get(trial["primary_endpoint"], "—"),
        median_cell,
        ratio_cell,
        p_cell,
    ], {
        "trial": trial["trial"], "ref": trial["ref"], "phase": trial["phase"], "setting": trial["setting"],
        "randomized": trial["randomized"],
        "arms": "; ".join(f"{arm['treatment']} {facts[arm['n']]['text']}" for arm in experimental + control),
        "primary_endpoint": trial["primary_endpoint"],
        "median_experimental_vs_control": " vs ".join(facts[key]["text"] for key in ordered),
        "median_unit": facts[ordered[0]]["unit"] if ordered else "",
        **{name: facts[comparison[key]]["text"] if comparison and comparison[key] else ""
           for name, key in (("ratio", "estimate"), ("ci_lower", "lower"), ("ci_upper", "upper"), ("p", "p"))},
        "measure": comparison["measure"] if comparison else "",
        "ci_level": comparison["ci_level"] if comparison else "",
        "sided": comparison["sided"] if comparison else "",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts")
    parser.add_argument("config")
    parser.add_argument("table_json")
    parser.add_argument("table_csv")
    args = parser.parse_args()
    with open(args.facts, encoding="utf-8") as handle:
        data = json.load(handle)
    with open(args.config, encoding="utf-8") as handle:
        criteria = yaml.safe_load(handle)["table1"]
    table = Table(data["facts"])
    rows, plain_rows = [], []
    for trial in selected_trials(data, criteria):
        row, plain = trial_row(table, data, trial)
        rows.append(row)
        plain_rows.append(plain)
    if not rows:
        raise BuildError(args.config, f"table1: expected the criteria {criteria} to select trials, found none")
    notes = NOTES if table.unverified else NOTES[1:]
    sources = list(dict.fromkeys(plain["ref"] for plain in plain_rows))
    write_json(args.table_json, {"columns": COLUMNS, "align": ALIGN, "rows": rows, "notes": notes, "sources": sources})
    # The CSV copy is for readers' own analyses: one row per trial, values as reported.
    write_atomic(args.table_csv, pd.DataFrame(plain_rows).to_csv(index=False, lineterminator="\n"))


if __name__ == "__main__":
    fail_cleanly(main)
