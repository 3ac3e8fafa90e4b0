"""The rows of Figure 1, from the checked facts: one per hazard ratio with both bounds.

Rows are grouped by the config's forest_plot.groups, in order, then "Other trials"; every number a
row shows is a fact's reported text, checked to be an exact positive number, and every text is
checked against the figure's font. The same rows give the figure's table (table_spec), so that
the check sees each number the figure shows, tied to its fact.
"""

from matplotlib import ft2font
from matplotlib.font_manager import FontProperties, findfont

from common import BuildError, markdown_text, where, yaml_node
from reported import parse_number

OTHER = "Other trials"
FONT = "DejaVu Sans"  # bundled with matplotlib, so every machine draws the same glyphs


def load_groups(settings, config_path):
    """The groups of the settings (config forest_plot, passed by the workflow); config_path only names lines."""
    groups = settings.get("groups")
    if not isinstance(groups, list) or not all(
            isinstance(group, dict) and {"label", "cancer", "setting"} <= group.keys() for group in groups):
        raise BuildError(where(config_path), "expected forest_plot.groups to list {label, cancer, setting}, found "
                                             f"{groups!r}")
    for index, group in enumerate(groups):
        node = yaml_node(config_path, ["forest_plot", "groups", str(index), "label"])
        drawable(group["label"], where(config_path, node.start_mark.line + 1 if node is not None else None))
    return groups


def drawable(text, origin):
    """text, after checking that the figure's font has a glyph for each character.

    matplotlib would only warn and draw an empty box in the published figure.
    """
    charmap = ft2font.FT2Font(findfont(FontProperties(family=FONT), fallback_to_default=False)).get_charmap()
    missing = [character for character in text if not character.isspace() and ord(character) not in charmap]
    if missing:
        raise BuildError(origin, f"expected characters that the figure's font ({FONT}) can draw, found "
                                 f"'{missing[0]}' (U+{ord(missing[0]):04X}) in '{text}'")
    return text


def checked_number(facts, key, origin, whole=False):
    """The fact's reported text, after checking it is an exact positive number."""
    if key not in facts:
        raise BuildError(origin, f"expected a fact key of the facts, found '{key}'")
    text = facts[key]["text"]
    try:
        number = parse_number(text)
    except ValueError as error:
        raise BuildError(origin, f"fact '{key}': {error}") from None
    if number.comparator or number.value <= 0 or (whole and number.decimals):
        kind = "a whole number" if whole else "an exact positive ratio"
        raise BuildError(origin, f"fact '{key}': expected {kind}, found '{text}'")
    return text


def endpoint_abbreviation(code):
    """'ttp-radiologic' -> 'TTP': the short name readers know the endpoint by."""
    return code.split("-")[0].upper()


def comparison_text(trial, experimental, control):
    """Say what was compared, unless it is simply sorafenib against the one control."""
    arms = {arm["arm"]: arm for arm in trial["arms"]}
    experimental_arms = [arm for arm in trial["arms"] if arm["role"] == "experimental"]
    treatment = arms[experimental]["treatment"]
    if len(experimental_arms) == 1 and treatment == "Sorafenib":
        return ""
    control_name = arms[control]["treatment"]
    if control_name.split()[0][1:].islower():  # 'Placebo after TACE' -> 'placebo after TACE'; 'DEB-TACE' stays
        control_name = control_name[0].lower() + control_name[1:]
    return f"{treatment} vs {control_name}"


def forest_row(comparison, trial, group, facts, origin):
    arms = {arm["arm"]: arm for arm in trial["arms"]}
    for arm in (comparison["experimental"], comparison["control"]):
        if arm not in arms:
            raise BuildError(origin, f"expected an arm of trial '{trial['trial']}', found '{arm}'")
    texts = {part: checked_number(facts, comparison[part], origin) for part in ("estimate", "lower", "upper")}
    n = sum(int(checked_number(facts, arms[arm]["n"], origin, whole=True))
            for arm in (comparison["experimental"], comparison["control"]))
    unverified = any(facts[comparison[part]]["status"] == "unverified" for part in texts)
    label = f"{texts['estimate']} ({texts['lower']}–{texts['upper']})"
    if comparison["ci_level"] != "95":
        label += f" [{comparison['ci_level']}% CI]"
    return {
        "group": group, "trial": trial["trial"], "ref": trial["ref"],
        "name": drawable(trial["name"], f"data/trials.csv, trial '{trial['trial']}', column \"name\""),
        "endpoint": endpoint_abbreviation(comparison["endpoint"]),
        "comparison": drawable(comparison_text(trial, comparison["experimental"], comparison["control"]),
                               f"data/arms.csv, trial '{trial['trial']}', column \"treatment\""),
        "n": n,
        **{f"{part}_key": comparison[part] for part in texts}, **texts,
        "ci_level": comparison["ci_level"], "label": label + ("†" if unverified else ""), "unverified": unverified,
    }


def forest_rows(data, groups, facts_path):
    """One row per hazard ratio with both bounds, in config group order, then other trials.

    Within a group, trials keep their order in trials.csv, so a trial's rows stay together.
    """
    trials = {trial["trial"]: trial for trial in data["trials"]}
    trial_order = list(trials)
    grouped = {group["label"]: [] for group in groups} | {OTHER: []}
    for comparison in data["comparisons"]:
        if comparison["measure"] != "hr" or not (comparison["lower"] and comparison["upper"]):
            continue
        origin = where(facts_path) + f", comparison {comparison['trial']} {comparison['endpoint']} " \
                                     f"{comparison['experimental']}"
        trial = trials.get(comparison["trial"])
        if trial is None:
            raise BuildError(origin, f"expected a trial of the facts, found '{comparison['trial']}'")
        label = next((group["label"] for group in groups
                      if (group["cancer"], group["setting"]) == (trial["cancer"], trial["setting"])), OTHER)
        grouped[label].append(forest_row(comparison, trial, label, data["facts"], origin))
    return [row for rows in grouped.values() for row in sorted(rows, key=lambda row: trial_order.index(row["trial"]))]


def table_spec(rows):
    """Figure 1 as a table (filters/crossref.lua puts it after the figure): one line per row drawn, each
    number tied to its fact, so that the check sees it and the HTML shows where it came from."""
    def number(row, part):
        return f"[{row[part]}]{{fact={row[part + '_key']}}}"

    lines = []
    for row in rows:
        ratio = f"{number(row, 'estimate')}\u00a0[({number(row, 'lower')}–{number(row, 'upper')})]{{.ci}}"
        if row["ci_level"] != "95":
            ratio += f" [{row['ci_level']}% CI]"
        trial = markdown_text(row["name"]) + (f" ({markdown_text(row['comparison'])})" if row["comparison"] else "")
        lines.append([markdown_text(row["group"]), trial, row["endpoint"], str(row["n"]),
                      ratio + ("†" if row["unverified"] else "")])
    return {"caption": "The rows of the figure: trial, endpoint, patients compared and hazard ratio "
                       "(95% CI unless said).",
            "columns": ["Setting", "Trial", "Endpoint", "n", "HR (CI)"],
            "align": ["left", "left", "left", "right", "left"], "rows": lines}

