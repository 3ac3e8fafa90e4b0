"""Write Table 1, the randomized trials that added sorafenib to resection, ablation or TACE.

Which trials belong is set in config.yaml (table1: cancer, design, setting; the workflow passes them),
so a trial added to the data appears without touching the manuscript. Each
number is the reported string, tied to its fact so the HTML can show where it
came from; unverified numbers carry a dagger. A trial with co-primary endpoints
lists them all; its medians, HR and P are those of the first one with results.
Writes the table for rendering (JSON: Markdown cells, read by
filters/crossref.lua) and a plain CSV copy.

Usage: python scripts/make_table1.py build/facts.json build/tables/table1.json build/tables/table1.csv
       --criteria JSON --config-file config/config.yaml
"""

import argparse
import json

import pandas as pd

from common import BuildError, fail_cleanly, markdown_text, write_atomic, write_json

COLUMNS = ["Trial", "Phase", "Setting", "Randomized", "Arms (n)", "Primary endpoint",
           "Median, experimental vs control", "HR (95% CI)", "P"]
ALIGN = ["left", "center", "left", "right", "left", "left", "left", "left", "left"]
UNIT_ABBREVIATIONS = {"days": "d", "weeks": "wk", "months": "mo", "years": "y", "percent": "%"}
DAGGER = "†"
NOTES = [
    f"{DAGGER} Unverified: recalled, not read in a source.",
    "P values are two-sided unless marked one-sided.",
    "HR: hazard ratio, experimental vs control (below 1 favors the experimental arm); CI: confidence interval; "
    "TACE: transarterial chemoembolization; DEB: drug-eluting beads.",
]
CO_PRIMARY_NOTE = "Co-primary endpoints: the medians, HR and P are those of the first listed with results."



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
    """The trials the criteria select, grouped by setting in the config's order, then as in trials.csv."""
    chosen = [trial for trial in data["trials"] if all(trial[field] in allowed for field, allowed in criteria.items())]
    return sorted(chosen, key=lambda trial: criteria["setting"].index(trial["setting"]))


def primary_results(data, trial):
    """The medians by arm and the comparisons (one per experimental arm) of the first primary endpoint with any."""
    for endpoint in trial["primary_endpoints"]:
        medians = next((row["arms"] for row in data["per_arm"] if row["trial"] == trial["trial"]
                        and row["endpoint"] == endpoint and row["statistic"] == "median"), {})
        comparisons = [row for row in data["comparisons"]
                       if row["trial"] == trial["trial"] and row["endpoint"] == endpoint]
        if medians or comparisons:
            return medians, comparisons
    return {}, []


def ratio_text(table, comparison):
    if not comparison["estimate"]:
        return "—"
    text = table.number(comparison["estimate"])
    if comparison["lower"]:
        level = "" if comparison["ci_level"] == "95" else f" [{comparison['ci_level']}% CI]"
        # The interval is kept whole (a nowrap span); the line may break before it, since a cell held
        # whole overflows a narrow column (the PDF's table has as many columns as fit the page).
        text += f" [({table.number(comparison['lower'])}–{table.number(comparison['upper'])})]{{.ci}}{level}"
    return ("RR " + text) if comparison["measure"] == "rr" else text


def p_text(table, comparison):
    if not comparison["p"]:
        return "—"
    sidedness = {"one": " [(one-sided)]{.nowrap}", "two": "", "": " (sidedness not reported)"}[comparison["sided"]]
    return table.number(comparison["p"]) + sidedness


def comparison_cell(comparisons, treatments, text):
    """One line per comparison, named by its experimental arm when there are several."""
    if not comparisons:
        return "—"
    if len(comparisons) == 1:
        return text(comparisons[0])
    return " \\\n".join(f"{markdown_text(treatments[row['experimental']])}: {text(row)}" for row in comparisons)


def trial_row(table, data, trial):
    facts = data["facts"]
    experimental = [arm for arm in trial["arms"] if arm["role"] == "experimental"]
    control = [arm for arm in trial["arms"] if arm["role"] == "control"]
    treatments = {arm["arm"]: arm["treatment"] for arm in trial["arms"]}
    medians, comparisons = primary_results(data, trial)
    arms_cell = " \\\n".join(f"{markdown_text(arm['treatment'])} ({table.number(arm['n'])})"
                             for arm in experimental + control)
    median_cell = "—"
    ordered = [medians[arm["arm"]] for arm in experimental + control if arm["arm"] in medians]
    units = [facts[key]["unit"] for key in ordered]
    if ordered:
        abbreviated = [UNIT_ABBREVIATIONS.get(unit, unit) for unit in units]
        if len(set(units)) == 1:
            median_cell = " vs ".join(table.number(key) for key in ordered) + f" {abbreviated[0]}"
        else:  # arms reported in different units: each number keeps its own
            median_cell = " vs ".join(f"{table.number(key)} {unit}" for key, unit in zip(ordered, abbreviated))
    randomized = table.number(trial["counts"]["randomized"]) if "randomized" in trial["counts"] else "—"
    row = [
        f"{markdown_text(trial['name'])}[@{trial['ref']}]",
        trial["phase"] or "—",
        data["settings"][trial["setting"]],
        randomized,
        arms_cell,
        " \\\n".join(data["endpoints"][endpoint] for endpoint in trial["primary_endpoints"]) or "—",
        median_cell,
        comparison_cell(comparisons, treatments, lambda comparison: ratio_text(table, comparison)),
        comparison_cell(comparisons, treatments, lambda comparison: p_text(table, comparison)),
    ]
    # The CSV copy: one row per comparison (a trial without one still gets a row), values as reported.
    shared = {
        "trial": trial["trial"], "ref": trial["ref"], "phase": trial["phase"], "setting": trial["setting"],
        "randomized": trial["randomized"],
        "arms": "; ".join(f"{arm['treatment']} {facts[arm['n']]['text']}" for arm in experimental + control),
        "primary_endpoint": trial["primary_endpoint"],
        "median_experimental_vs_control": " vs ".join(facts[key]["text"] for key in ordered),
        # One unit for all the medians, or each median's own, in the same order.
        "median_unit": units[0] if len(set(units)) == 1 else " vs ".join(units),
    }
    plain_rows = []
    for comparison in comparisons or [{}]:
        reported = {name: facts[comparison[key]]["text"] if comparison.get(key) else ""
                    for name, key in (("ratio", "estimate"), ("ci_lower", "lower"), ("ci_upper", "upper"), ("p", "p"))}
        plain_rows.append({
            **shared,
            "experimental_arm": treatments[comparison["experimental"]] if comparison else "",
            "measure": comparison.get("measure", ""),
            **reported,
            "ci_level": comparison.get("ci_level", ""),
            "sided": comparison.get("sided", ""),
        })
    return row, plain_rows


def table1(data, criteria, origin):
    """(Table 1 for rendering, its CSV copy) from facts.json's data and the config's criteria."""
    table = Table(data["facts"])
    rows, plain_rows = [], []
    chosen = selected_trials(data, criteria)
    for trial in chosen:
        row, plain = trial_row(table, data, trial)
        rows.append(row)
        plain_rows.extend(plain)
    if not rows:
        raise BuildError(origin, f"table1: expected the criteria {criteria} to select trials, found none")
    notes = NOTES if table.unverified else NOTES[1:]
    if any(len(trial["primary_endpoints"]) > 1 for trial in chosen):
        notes = notes + [CO_PRIMARY_NOTE]
    sources = list(dict.fromkeys(plain["ref"] for plain in plain_rows))
    spec = {"columns": COLUMNS, "align": ALIGN, "rows": rows, "notes": notes, "sources": sources}
    return spec, pd.DataFrame(plain_rows).to_csv(index=False, lineterminator="\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("facts")
    parser.add_argument("table_json")
    parser.add_argument("table_csv")
    parser.add_argument("--criteria", required=True, help="the config's table1, as JSON")
    parser.add_argument("--config-file", required=True, help="where the criteria were written, for messages")
    args = parser.parse_args()
    with open(args.facts, encoding="utf-8") as handle:
        data = json.load(handle)
    spec, csv_text = table1(data, json.loads(args.criteria), args.config_file)
    write_json(args.table_json, spec)
    write_atomic(args.table_csv, csv_text)


if __name__ == "__main__":
    fail_cleanly(main)
