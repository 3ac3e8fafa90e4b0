"""Which facts changed between two builds, and why.

A fact changed when its reported text, value, unit, status or source (reference, label, place)
changed, or, for a derived fact, its formula or inputs. Its causes are the changes of the
sources it is made from: the cells of its data rows (a fact key names its row: trial.count is
trials.csv's row of the trial, trial.n.arm arms.csv's row, trial.endpoint.statistic.arm
outcomes.csv's row), the declaration of a derived fact and the causes of its inputs, and the
record of its reference in references.bib. When none of these changed, the workflow's code did
(or, if that did not either, the cause is unknown, and said so).
"""

FIELDS = ("text", "value", "unit", "status", "ref", "ref_label", "location")
# Columns of a row that feed a fact of that row (None: every column of the row).
COUNT_COLUMNS = {"location", "status", "ref", "name", "note"}
PER_ARM = ("median", "rate")


def fact_state(fact):
    state = {field: fact.get(field) for field in FIELDS}
    state["description"] = fact.get("description")
    if fact.get("derived"):
        state["derived"] = fact["derived"]
    return state


def compare_facts(old, new):
    """(changed [(key, fields)], added keys, removed keys) between two facts.json 'facts' maps."""
    changed = []
    for key in sorted(set(old) & set(new)):
        fields = [field for field in FIELDS + ("derived",) if old[key].get(field) != new[key].get(field)]
        if fields:
            changed.append((key, fields))
    return changed, sorted(set(new) - set(old)), sorted(set(old) - set(new))


def rows_of(key):
    """[(table, partial row key, columns or None)]: the data rows a (non-derived) fact is made from."""
    parts = key.split(".")
    trial = parts[0]
    if len(parts) == 2:
        return [("trials", {"trial": trial}, COUNT_COLUMNS | {parts[1]})]
    if len(parts) == 3 and parts[1] == "n":
        return [("arms", {"trial": trial, "arm": parts[2]}, {"n", "location", "status", "treatment"}),
                ("trials", {"trial": trial}, {"ref", "name"})]
    if len(parts) != 4:
        return []
    _, endpoint, statistic, group = parts
    rows = [("trials", {"trial": trial}, {"ref", "name"}), ("arms", {"trial": trial, "arm": group}, {"treatment"})]
    if statistic == "ci_level":
        rows += [("outcomes", {"trial": trial, "endpoint": endpoint, "group": group, "statistic": bound},
                  {"ci_level", "location", "status"}) for bound in ("hr_lower", "rr_lower")]
    else:
        rows.append(("outcomes", {"trial": trial, "endpoint": endpoint, "group": group, "statistic": statistic}, None))
    if statistic not in PER_ARM:
        # A comparison names the control arm too ("vs Placebo").
        rows.append(("arms", {"trial": trial}, {"treatment", "role"}))
    return rows


def matches(change, table, partial, columns):
    if change["file"] != f"data/{table}.csv":
        return False
    if any(change["row"].get(name) != value for name, value in partial.items()):
        return False
    return change["column"] is None or columns is None or change["column"] in columns


class Causes:
    """Finds the causes of a fact's change among the source changes of a review."""

    def __init__(self, sources, derived_keys, code):
        self.data = sources["data"]
        self.derived = sources["derived"]
        self.references = {change["key"]: change for change in sources["references"]}
        self.derived_keys = derived_keys  # {key: [input keys]} on either side
        self.code = code

    def of(self, key, before=None, after=None, seen=()):
        """The causes of a change of the fact key (before, after: its facts.json records)."""
        causes = []
        if key in self.derived_keys:
            causes += [change for change in self.derived if change["key"] == key]
            for name in self.derived_keys[key]:
                if name not in seen:
                    causes += [dict(cause, via=name) for cause in self.of(name, seen=seen + (key,))]
        else:
            for table, partial, columns in rows_of(key):
                causes += [change for change in self.data if matches(change, table, partial, columns)]
        for record in (before, after):
            ref = (record or {}).get("ref")
            label_changed = before and after and before.get("ref_label") != after.get("ref_label")
            if ref in self.references and (label_changed or not (before and after)):
                causes.append(self.references[ref])
        if not causes and not seen:
            causes = [{"kind": "code", "files": [change["file"] for change in self.code]}] if self.code else \
                [{"kind": "unknown"}]
        return dedupe(causes)


def dedupe(causes):
    seen, result = set(), []
    for cause in causes:
        marker = repr(sorted(cause.items()))
        if marker not in seen:
            seen.add(marker)
            result.append(cause)
    return result


def derived_inputs(*facts_maps):
    """{derived key: its inputs on either side}."""
    inputs = {}
    for facts in facts_maps:
        for key, fact in facts.items():
            if fact.get("derived"):
                inputs.setdefault(key, [])
                inputs[key] += [name for name in fact["derived"]["inputs"] if name not in inputs[key]]
    return inputs


def cause_text(cause):
    """One line for a cause, as a reviewer would point to it."""
    kind = cause["kind"]
    via = f" (through {cause['via']})" if cause.get("via") else ""
    if kind == "data":
        row = cause["row_key"]
        line = cause["line_after"] or cause["line_before"]
        where = f"{cause['file']}:{line} ({row})"
        if cause["column"] is None:
            return f"{where}: row {cause['change']}{via}"
        return f"{where}, {cause['column']}: {show(cause['before'])} → {show(cause['after'])}{via}"
    if kind == "derived":
        if cause["field"] is None:
            return f"{cause['file']}: {cause['key']} {cause['change']}{via}"
        return f"{cause['file']}: {cause['key']}.{cause['field']}: {show(cause['before'])} → {show(cause['after'])}{via}"
    if kind == "reference":
        fields = ", ".join(cause["fields"]) or "entry"
        return f"{cause['file']}: @{cause['key']} {cause['change']}" + (f" ({fields})" if cause["fields"] else "") + via
    if kind == "config":
        return f"{cause['file']}: {cause['setting']}: {show(cause['before'])} → {show(cause['after'])}"
    if kind == "code":
        return "code: " + (", ".join(cause["files"]) or "the workflow")
    return "unknown: no source, setting or code of the workflow changed"


def show(value):
    if value is None:
        return "(none)"
    if value == "":
        return "(empty)"
    return str(value)
