"""Table 1 comes from the data: every cell is a reported value, unverified ones are marked."""

import json
import re
import shutil

import pandas as pd
import pytest

from build_facts import build
from conftest import ROOT, snakemake
from index_references import index_references
from make_table1 import CO_PRIMARY_NOTE, Table, trial_row

SPAN = re.compile(r"\[(?P<text>[^\[\]]*)\]\{fact=(?P<key>[^}]+)\}(?P<mark>†?)")
NEW_TRIAL = {
    "data/trials.csv": "newtrial,NEWTRIAL,takayama2000,rct,3,adjuvant,hcc,HCC after resection,Japan,rfs,,,,200,"
                       "abstract,verified,\n",
    "data/arms.csv": "newtrial,sorafenib,experimental,Sorafenib,101,abstract,verified\n"
                     "newtrial,placebo,control,Placebo,99,abstract,verified\n",
    "data/outcomes.csv": "newtrial,rfs,sorafenib,median,20.1,months,,,abstract,verified,\n"
                         "newtrial,rfs,placebo,median,19.0,months,,,abstract,verified,\n"
                         "newtrial,rfs,sorafenib,hr,0.91,,,,abstract,verified,\n"
                         "newtrial,rfs,sorafenib,hr_lower,0.66,,95,,abstract,verified,\n"
                         "newtrial,rfs,sorafenib,hr_upper,1.25,,95,,abstract,verified,\n"
                         "newtrial,rfs,sorafenib,p,0.56,,,two,abstract,verified,\n",
}


@pytest.fixture(scope="module")
def table(built):
    return json.loads((built / "build" / "tables" / "table1.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def facts(built):
    return json.loads((built / "build" / "facts.json").read_text(encoding="utf-8"))["facts"]


def test_table1_holds_the_trials_the_config_selects(table):
    names = [row[0] for row in table["rows"]]
    assert names == ["STORM[@bruix2015]", "SPACE[@lencioni2016]", "Kudo et al[@kudo2011]"]
    assert len(table["columns"]) == len(table["align"]) == len(table["rows"][0]) == 9


def test_every_number_in_the_table_is_a_reported_fact_string(table, facts):
    spans = [span for row in table["rows"] for cell in row for span in SPAN.finditer(cell)]
    assert len(spans) == 27  # nine numbers for each of the three trials
    for span in spans:
        assert span["text"].replace("&lt;", "<") == facts[span["key"]]["text"], span["key"]
    # No number reaches the table except through a fact (the phase is a label, not a count).
    for row in table["rows"]:
        for cell in row[2:]:
            stripped = SPAN.sub("", cell).replace("{.ci}", "")
            assert not re.search(r"\d", stripped.replace("95% CI", "")), cell


def test_unverified_numbers_carry_a_dagger_and_the_note_explains_it(table, facts):
    spans = [span for row in table["rows"] for cell in row for span in SPAN.finditer(cell)]
    for span in spans:
        assert (span["mark"] == "†") == (facts[span["key"]]["status"] == "unverified"), span["key"]
    assert table["notes"][0].startswith("† Unverified")


def test_the_csv_copy_round_trips_to_the_data(built, facts):
    # Read as strings, as a reader's analysis would: "0.940" must stay "0.940".
    table = pd.read_csv(built / "build" / "tables" / "table1.csv", dtype=str, keep_default_na=False)
    rows = table.to_dict("records")
    storm = next(row for row in rows if row["trial"] == "storm")
    assert (storm["ratio"], storm["ci_lower"], storm["ci_upper"], storm["p"]) == ("0.940", "0.780", "1.134", "0.26")
    assert storm["median_experimental_vs_control"] == "33.3 vs 33.7" and storm["sided"] == "one"
    space = next(row for row in rows if row["trial"] == "space")
    assert space["median_unit"] == "days" and space["median_experimental_vs_control"] == "169 vs 166"


def test_a_trial_added_to_the_data_appears_in_table_and_figure(project):
    for path, rows in NEW_TRIAL.items():
        with open(project / path, "a", encoding="utf-8") as handle:
            handle.write(rows)
    snakemake(project)
    table = json.loads((project / "build" / "tables" / "table1.json").read_text(encoding="utf-8"))
    assert any(row[0] == "NEWTRIAL[@takayama2000]" for row in table["rows"])
    figure = json.loads((project / "build" / "figures" / "forest.json").read_text(encoding="utf-8"))
    assert [row["estimate"] for row in figure["rows"] if row["trial"] == "newtrial"] == ["0.91"]
    html = (project / "build" / "editorial.html").read_text(encoding="utf-8")
    assert "NEWTRIAL" in html and 'data-fact="newtrial.rfs.hr.sorafenib"' in html
    assert (project / "manuscript" / "editorial.md").read_text() == (ROOT / "manuscript" / "editorial.md").read_text()


def test_medians_in_different_units_keep_their_own(project):
    outcomes = project / "data" / "outcomes.csv"
    outcomes.write_text(outcomes.read_text(encoding="utf-8").replace(
        "storm,rfs,placebo,median,33.7,months,", "storm,rfs,placebo,median,1026,days,"), encoding="utf-8")
    snakemake(project, "build/tables/table1.json")
    table = json.loads((project / "build" / "tables" / "table1.json").read_text(encoding="utf-8"))
    storm = next(row for row in table["rows"] if row[0].startswith("STORM"))
    assert storm[6] == ("[33.3]{fact=storm.rfs.median.sorafenib} mo vs "
                        "[1026]{fact=storm.rfs.median.placebo} d")


def test_a_trial_with_two_experimental_arms_shows_each_comparison(project):
    # ASSURE compared sunitinib and sorafenib each with placebo; both hazard ratios belong in the table.
    config = project / "config" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("cancer: [hcc]", "cancer: [hcc, rcc]"),
                      encoding="utf-8")
    snakemake(project, "build/tables/table1.json", "build/tables/table1.csv")
    table = json.loads((project / "build" / "tables" / "table1.json").read_text(encoding="utf-8"))
    assure = next(row for row in table["rows"] if row[0].startswith("ASSURE"))
    ratio_lines = assure[7].split(" \\\n")
    assert [line.split(":")[0] for line in ratio_lines] == ["Sunitinib", "Sorafenib"]
    assert "{fact=assure.dfs.hr.sorafenib}" in ratio_lines[1] and "[97.5% CI]" in ratio_lines[1]
    assert assure[8].split(" \\\n")[1].startswith("Sorafenib: [0.7184]{fact=assure.dfs.p.sorafenib}")
    csv = pd.read_csv(project / "build" / "tables" / "table1.csv", dtype=str, keep_default_na=False)
    rows = csv[csv["trial"] == "assure"]
    assert rows[["experimental_arm", "ratio", "p"]].values.tolist() == [["Sunitinib", "1.02", "0.8038"],
                                                                       ["Sorafenib", "0.97", "0.7184"]]


def test_the_csv_gives_each_median_its_unit_when_the_arms_differ(project):
    outcomes = project / "data" / "outcomes.csv"
    text = outcomes.read_text(encoding="utf-8")
    outcomes.write_text(text.replace("kudo2011,ttp,placebo,median,3.7,months,", "kudo2011,ttp,placebo,median,16,weeks,"),
                        encoding="utf-8")
    snakemake(project, "build/tables/table1.json", "build/tables/table1.csv")
    csv = pd.read_csv(project / "build" / "tables" / "table1.csv", dtype=str, keep_default_na=False)
    kudo = csv[csv["trial"] == "kudo2011"].iloc[0]
    assert (kudo["median_experimental_vs_control"], kudo["median_unit"]) == ("5.4 vs 16", "months vs weeks")


def test_rows_follow_the_configs_order_of_settings(project):
    config = project / "config" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("setting: [adjuvant, tace-combination]",
                                                                "setting: [tace-combination, adjuvant]"),
                      encoding="utf-8")
    snakemake(project, "build/tables/table1.json")
    table = json.loads((project / "build" / "tables" / "table1.json").read_text(encoding="utf-8"))
    assert [row[0] for row in table["rows"]] == ["SPACE[@lencioni2016]", "Kudo et al[@kudo2011]", "STORM[@bruix2015]"]


def table1_row(tmp_path, trial_id, edits=()):
    """Table 1's row for a trial, from a copy of data/ with (old, new) edits to trials.csv."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    trials = data / "trials.csv"
    for old, new in edits:
        assert old in trials.read_text(encoding="utf-8")
        trials.write_text(trials.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    references = tmp_path / "references.json"
    references.write_text(json.dumps(index_references(ROOT / "references.bib")), encoding="utf-8")
    facts = build(data, ROOT / "schemas", references)
    trial = next(trial for trial in facts["trials"] if trial["trial"] == trial_id)
    row, _ = trial_row(Table(facts["facts"]), facts, trial)
    return row


def test_co_primary_endpoints_are_all_shown_with_the_results_of_the_first(tmp_path):
    # SHARP: overall survival and time to symptomatic progression, in that order.
    row = table1_row(tmp_path, "sharp")
    assert row[5] == "Overall survival \\\nTime to symptomatic progression"
    assert row[6] == "[10.7]{fact=sharp.os.median.sorafenib} vs [7.9]{fact=sharp.os.median.placebo} mo"
    assert row[7].startswith("[0.69]{fact=sharp.os.hr.sorafenib}")


def test_the_first_co_primary_endpoint_is_the_one_written_first(tmp_path):
    row = table1_row(tmp_path, "sharp", [(",os;ttp-symptomatic,", ",ttp-symptomatic;os,")])
    assert row[5] == "Time to symptomatic progression \\\nOverall survival"
    assert row[6] == ("[4.1]{fact=sharp.ttp-symptomatic.median.sorafenib} vs "
                      "[4.9]{fact=sharp.ttp-symptomatic.median.placebo} mo")
    assert row[7] == "—"  # no hazard ratio was reported for symptomatic progression
    assert row[8] == "[0.77]{fact=sharp.ttp-symptomatic.p.sorafenib}"


def test_a_co_primary_endpoint_without_medians_or_ratios_is_passed_over(tmp_path):
    # SPACE reports response as rates only: the medians and HR come from its TTP.
    row = table1_row(tmp_path, "space", [(",International,ttp,,,,307,", ",International,orr;ttp,,,,307,")])
    assert row[5] == "Objective response \\\nTime to progression"
    assert row[6] == "[169]{fact=space.ttp.median.sorafenib} vs [166]{fact=space.ttp.median.placebo} d"


def test_the_co_primary_note_appears_only_with_such_a_trial(table, project):
    assert CO_PRIMARY_NOTE not in table["notes"]
    config = project / "config" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("setting: [adjuvant, tace-combination]",
                                                                "setting: [adjuvant, tace-combination, advanced]"),
                      encoding="utf-8")
    snakemake(project, "build/tables/table1.json", "build/tables/table1.csv")
    table = json.loads((project / "build" / "tables" / "table1.json").read_text(encoding="utf-8"))
    assert table["notes"][-1] == CO_PRIMARY_NOTE
    sharp = next(row for row in table["rows"] if row[0].startswith("SHARP"))
    assert sharp[5] == "Overall survival \\\nTime to symptomatic progression"
    csv = pd.read_csv(project / "build" / "tables" / "table1.csv", dtype=str, keep_default_na=False)
    assert csv[csv["trial"] == "sharp"]["primary_endpoint"].tolist() == ["os;ttp-symptomatic"]
