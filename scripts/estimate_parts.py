"""The parts of one estimate belong together: a confidence bound, its level and a P value written after
a ratio are read as that ratio's, so each must be of the ratio's comparison (trial, endpoint, arm).

"HR [0.940]{fact=alpha.rfs.hr.drug} (CI [0.48]{fact=zeta.os.hr_lower.drug}-...)" shows ZETA's interval as
ALPHA's: every number agrees with the data, the sentence does not. A part is read with the nearest
ratio before it in its sentence; a part with no ratio before it (a P value after two medians) is left.
"""

from reported import RATIO_BOUNDS, RATIOS
from trial_names import SENTENCE_END

PARTS = (*RATIO_BOUNDS, "ci_level", "p")


def comparison_of(key):
    """(trial, endpoint, arm) of a key trial.endpoint.statistic.arm, or None."""
    parts = key.split(".")
    return (parts[0], parts[1], parts[3]) if len(parts) == 4 else None


def part_problems(spans, facts):
    """[(run, message, near)]: bounds, levels and P values of another comparison than the ratio before them."""
    problems, ratio = [], None
    for entry in spans:
        fact = facts.get(entry["attributes"].get("fact") or "") if entry["kind"] == "fact" else None
        if fact is None or entry.get("generated"):
            continue
        if ratio is not None and (ratio["run"] is not entry["run"] or
                                  SENTENCE_END.search(entry["run"].text, ratio["start"], entry["start"])):
            ratio = None
        if fact["measure"] in RATIOS:
            ratio = entry
        elif fact["measure"] in PARTS and ratio is not None:
            own, read_as = comparison_of(fact["key"]), comparison_of(ratio["attributes"]["fact"])
            if own and read_as and own != read_as:
                problems.append((entry["run"], f"[{entry['text']}] is of {'.'.join(own)}, but stands with the ratio "
                                               f"[{ratio['text']}] of {'.'.join(read_as)}: expected the parts of one "
                                               f"estimate from one comparison", entry["text"]))
    return problems
