"""Figure 1 (scripts/plot_forest.py): the rows drawn are the hazard ratios of the data.

On the invented project: every test builds from a copy of its inputs in a temporary
directory, so nothing is written into the repository.
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixture"
sys.path.insert(0, str(REPO / "scripts"))
sys.dont_write_bytecode = True  # importing the scripts must not write __pycache__ into the repository

import plot_forest  # noqa: E402
from common import BuildError  # noqa: E402

OUTPUTS = ("forest.svg", "forest.png", "forest.json")


def run(*args, cwd):
    result = subprocess.run([sys.executable, *map(str, args)], cwd=cwd, capture_output=True, text=True)
    return result


def checked(*args, cwd):
    result = run(*args, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result


def copy_inputs(target):
    """A working copy of what the facts and the plot are built from: the invented project and the scripts."""
    for name in ("data", "config"):
        shutil.copytree(FIXTURE / name, target / name)
    for name in ("schemas", "scripts"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(FIXTURE / "references.bib", target / "references.bib")
    return target


def settings(root):
    return yaml.safe_load((root / "config/config.yaml").read_text(encoding="utf-8"))["forest_plot"]


def groups(root):
    return plot_forest.load_groups(settings(root), root / "config/config.yaml")


def build_facts(root):
    checked("scripts/index_references.py", "references.bib", "build/references.json", cwd=root)
    checked("scripts/build_facts.py", "--references", "build/references.json", "--output", "build/facts.json",
            cwd=root)
    return json.loads((root / "build/facts.json").read_text(encoding="utf-8"))


def plot(root, out_dir, cwd=None):
    """Run the script with absolute paths (from cwd, the copy by default); return the outputs' paths."""
    out_dir = Path(out_dir)
    checked(root / "scripts/plot_forest.py", root / "build/facts.json", *(out_dir / name for name in OUTPUTS),
            "--settings", json.dumps(settings(root)), "--config-file", root / "config/config.yaml", cwd=cwd or root)
    return [out_dir / name for name in OUTPUTS]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_inputs(tmp_path_factory.mktemp("forest"))
    facts = build_facts(root)
    svg, png, forest = plot(root, root / "build/figures")
    return {"root": root, "facts": facts, "forest": json.loads(forest.read_text(encoding="utf-8")),
            "outputs": [svg, png, forest]}


def hazard_ratios(facts):
    return [c for c in facts["comparisons"] if c["measure"] == "hr" and c["lower"] and c["upper"]]


def test_one_row_per_hazard_ratio_with_its_reported_text(built):
    facts, rows = built["facts"], built["forest"]["rows"]
    expected = {c["estimate"] for c in hazard_ratios(facts)}
    assert expected, "the data should hold hazard ratios with confidence intervals"
    assert sorted(row["estimate_key"] for row in rows) == sorted(expected)
    assert not any(row["estimate_key"].startswith("invented-epsilon.") for row in rows), "a relative risk is not an HR"
    for row in rows:
        for part in ("estimate", "lower", "upper"):
            assert row[part] == facts["facts"][row[f"{part}_key"]]["text"]
        assert row["label"].startswith(f"{row['estimate']} ({row['lower']}–{row['upper']})")
        assert ("[97.5% CI]" in row["label"]) == (row["ci_level"] == "97.5")
    alpha = next(row for row in rows if row["estimate_key"] == "invented-alpha.rfs.hr.drug")
    assert alpha["label"].startswith("0.940 (0.780–1.134)") and alpha["n"] == 600
    assert built["forest"]["sources"] == list(dict.fromkeys(row["ref"] for row in rows))


def test_rows_follow_config_groups_and_each_trials_setting(built):
    groups = settings(built["root"])["groups"]
    order = [group["label"] for group in groups] + ["Other trials"]
    trials = {trial["trial"]: trial for trial in built["facts"]["trials"]}
    drawn = list(dict.fromkeys(row["group"] for row in built["forest"]["rows"]))
    assert drawn == [label for label in order if label in drawn], "groups out of config order"
    runs = [row["group"] for row in built["forest"]["rows"]]
    assert len(drawn) == sum(1 for i, g in enumerate(runs) if i == 0 or runs[i - 1] != g), "a group is split"
    for row in built["forest"]["rows"]:
        trial = trials[row["trial"]]
        matching = [g["label"] for g in groups if (g["cancer"], g["setting"]) == (trial["cancer"], trial["setting"])]
        assert row["group"] == (matching[0] if matching else "Other trials")


def test_unverified_values_are_marked(built):
    facts, rows = built["facts"]["facts"], built["forest"]["rows"]
    for row in rows:
        unverified = any(facts[row[f"{part}_key"]]["status"] == "unverified" for part in ("estimate", "lower", "upper"))
        assert row["unverified"] == unverified
        assert ("†" in row["label"]) == unverified
    assert not any(row["unverified"] for row in rows)  # every invented ratio was "read"


def test_an_unverified_ratio_is_drawn_open_and_noted(tmp_path):
    root = copy_inputs(tmp_path)
    outcomes = root / "data" / "outcomes.csv"
    outcomes.write_text(outcomes.read_text(encoding="utf-8").replace(
        "invented-zeta,ttp,drug,hr_lower,0.70,,95,,invented abstract,secondary,",
        "invented-zeta,ttp,drug,hr_lower,0.70,,95,,invented abstract,unverified,"), encoding="utf-8")
    build_facts(root)
    forest = json.loads(plot(root, root / "build/figures")[2].read_text(encoding="utf-8"))
    zeta = {row["endpoint"]: row["unverified"] for row in forest["rows"] if row["trial"] == "invented-zeta"}
    assert zeta == {"OS": False, "TTP": True}
    assert "† Unverified (open square): recalled, not read in a source." in forest["notes"]


def test_same_bytes_on_every_run_and_in_any_directory(built, tmp_path):
    other_cwd = tmp_path / "elsewhere"
    other_cwd.mkdir()
    again = plot(built["root"], tmp_path / "out", cwd=other_cwd)
    for first, second in zip(built["outputs"], again):
        assert first.read_bytes() == second.read_bytes(), f"{first.name} differs between runs"
    assert not [p.name for p in (tmp_path / "out").iterdir() if p.name.startswith(".")], "temporary file left"


def assert_nothing_clipped_or_overlapping(rows, notes):
    figure = plot_forest.draw(rows, notes)
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    texts = [(t.get_text(), t.get_window_extent(renderer)) for t in figure.findobj(plot_forest.plt.Text)
             if t.get_text() and t.get_visible()]
    assert all(size >= 8 for size in (t.get_fontsize() for t in figure.findobj(plot_forest.plt.Text)))
    for text, box in texts:
        assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= figure.bbox.width and box.y1 <= figure.bbox.height, text
    for i, (text, box) in enumerate(texts):
        for other, other_box in texts[i + 1:]:
            assert not box.overlaps(other_box), f"'{text}' overlaps '{other}'"
    plot_forest.plt.close(figure)


def test_nothing_clipped_or_overlapping(built):
    assert_nothing_clipped_or_overlapping(built["forest"]["rows"], built["forest"]["notes"])


def test_a_long_trial_name_wraps_inside_its_column(built):
    data = json.loads(json.dumps(built["facts"]))
    alpha = next(trial for trial in data["trials"] if trial["trial"] == "invented-alpha")
    alpha["name"] = "ALPHA (an invented adjuvant trial with a name long enough to wrap)"
    rows = plot_forest.forest_rows(data, groups(built["root"]), "facts.json")
    row = next(row for row in rows if row["trial"] == "invented-alpha")
    assert len(plot_forest.row_lines(row)) > 1
    assert_nothing_clipped_or_overlapping(rows, built["forest"]["notes"])


def test_a_trials_rows_stay_together_in_the_order_of_trials_csv(built):
    # Outcomes appended later (here: every comparison in reverse) must not split a trial's rows.
    data = json.loads(json.dumps(built["facts"]))
    data["comparisons"].reverse()
    rows = plot_forest.forest_rows(data, groups(built["root"]), "facts.json")
    trial_order = [trial["trial"] for trial in data["trials"]]
    for group in dict.fromkeys(row["group"] for row in rows):
        drawn = [row["trial"] for row in rows if row["group"] == group]
        assert drawn == sorted(drawn, key=trial_order.index), group


def test_a_character_the_font_cannot_draw_is_an_error(built, tmp_path):
    data = json.loads(json.dumps(built["facts"]))
    next(trial for trial in data["trials"] if trial["trial"] == "invented-beta")["name"] = "BETA (\u5de5\u85e4)"
    with pytest.raises(BuildError, match=r"data/trials\.csv, trial 'invented-beta', column \"name\": .* found "
                                         r"'\u5de5' \(U\+5DE5\)"):
        plot_forest.forest_rows(data, groups(built["root"]), "facts.json")
    config = tmp_path / "config.yaml"
    text = (built["root"] / "config/config.yaml").read_text(encoding="utf-8")
    config.write_text(text.replace('label: "Invented trials added to TACE"', 'label: "Invented \u2194 TACE \u85e4"'),
                      encoding="utf-8")
    line = next(number for number, line in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
                if "\u85e4" in line)
    with pytest.raises(BuildError, match=rf"config\.yaml:{line}: .* found '\u85e4'"):
        plot_forest.load_groups(yaml.safe_load(config.read_text(encoding="utf-8"))["forest_plot"], config)


NEW_TRIALS = """\
invented-new,NEW (invented),invented2021alpha,rct,3,adjuvant,hcc,Invented patients,,rfs,,,,,invented abstract,verified,
invented-rcc,RCC (invented),invented2020review,rct,3,advanced,rcc,Invented kidney cancer,,os,,,,,invented abstract,verified,
"""
NEW_ARMS = "".join(f"{trial},drug,experimental,Invented drug,100,invented abstract,verified\n"
                   f"{trial},placebo,control,Placebo,90,invented abstract,verified\n"
                   for trial in ("invented-new", "invented-rcc"))
NEW_OUTCOMES = "".join(f"{trial},{endpoint},drug,{statistic},{value},,{level},{sided},invented abstract,verified,\n"
                       for trial, endpoint in (("invented-new", "rfs"), ("invented-rcc", "os"))
                       for statistic, value, level, sided in (("hr", "0.80", "", ""), ("hr_lower", "0.65", "95", ""),
                                                              ("hr_upper", "0.98", "95", ""), ("p", "0.033", "", "two")))


def test_a_new_trial_is_drawn_and_an_unmatched_one_goes_to_other_trials(tmp_path):
    root = copy_inputs(tmp_path)
    for name, rows in (("trials", NEW_TRIALS), ("arms", NEW_ARMS), ("outcomes", NEW_OUTCOMES)):
        with open(root / "data" / f"{name}.csv", "a", encoding="utf-8", newline="") as out:
            out.write(rows)
    build_facts(root)
    forest = json.loads(plot(root, root / "build/figures")[2].read_text(encoding="utf-8"))
    rows = {row["trial"]: row for row in forest["rows"]}
    assert rows["invented-new"]["group"] == "Invented adjuvant trials"
    assert rows["invented-new"]["label"] == "0.80 (0.65–0.98)" and rows["invented-new"]["n"] == 190
    assert rows["invented-rcc"]["group"] == "Other trials", "rcc in advanced disease fits no configured group"
    assert forest["rows"][-1]["group"] == "Other trials", "Other trials comes last"
    assert {"invented2021alpha", "invented2020review"} <= set(forest["sources"])


@pytest.fixture
def broken_facts(built, tmp_path):
    """facts.json with ALPHA's RFS hazard ratio pointing to a key that does not exist."""
    data = json.loads(json.dumps(built["facts"]))
    comparison = next(c for c in data["comparisons"] if c["estimate"] == "invented-alpha.rfs.hr.drug")
    comparison["estimate"] = "invented-alpha.rfs.hr.missing"
    path = tmp_path / "facts.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return data, path


def test_a_missing_fact_key_fails_naming_the_key(built, broken_facts, tmp_path):
    data, path = broken_facts
    with pytest.raises(BuildError, match=r"invented-alpha\.rfs\.hr\.missing"):
        plot_forest.forest_rows(data, groups(built["root"]), path)
    result = run(built["root"] / "scripts/plot_forest.py", path, *(tmp_path / "out" / name for name in OUTPUTS),
                 "--settings", json.dumps(settings(built["root"])), "--config-file", built["root"] / "config/config.yaml",
                 cwd=tmp_path)
    assert result.returncode == 1 and "invented-alpha.rfs.hr.missing" in result.stderr
    assert not (tmp_path / "out").exists(), "no output is written when the input is bad"


def test_an_unparsable_number_fails_naming_the_key(built):
    data = json.loads(json.dumps(built["facts"]))
    data["facts"]["invented-zeta.os.hr_upper.drug"]["text"] = "about 0.9"
    with pytest.raises(BuildError, match=r"invented-zeta\.os\.hr_upper\.drug"):
        plot_forest.forest_rows(data, groups(built["root"]), "facts.json")


@pytest.mark.parametrize("lower, upper", [("0.12", "4.6"), ("0.03", "10.2")])
def test_axis_labels_stay_apart_over_a_wide_range(built, lower, upper):
    rows = json.loads(json.dumps(built["forest"]["rows"]))
    rows[0].update(lower=lower, upper=upper)
    ticks = plot_forest.axis_limits(rows)
    assert ticks[0] <= float(lower) and ticks[-1] >= float(upper) and 1.0 in ticks
    assert_nothing_clipped_or_overlapping(rows, built["forest"]["notes"])


def test_a_dollar_sign_in_a_name_is_text(built):
    rows = json.loads(json.dumps(built["forest"]["rows"]))
    rows[0]["name"] = "LOW vs $HIGH$ dose"
    figure = plot_forest.draw(rows, built["forest"]["notes"])
    figure.canvas.draw()
    texts = [t for t in figure.findobj(plot_forest.plt.Text) if "$HIGH$" in t.get_text()]
    assert texts and not any(t.get_parse_math() for t in texts)
    plot_forest.plt.close(figure)
