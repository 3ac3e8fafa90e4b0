"""Table 1 comes from the data: every cell is a reported value, unverified ones are marked.

On the invented project, in process: its data edited and built (invented.py), then
scripts/make_table1.py's table made from the facts with the config's criteria.
"""

import io
import json
import re

import pandas as pd
import pytest

from invented import CONFIG, InventedData
from make_table1 import CO_PRIMARY_NOTE, Table, table1, trial_row
from plot_forest import forest_rows, load_groups

SPAN = re.compile(r"\[(?P<text>[^\[\]]*)\]\{fact=(?P<key>[^}]+)\}(?P<mark>†?)")
NEW_TRIAL = {
    "trials.csv": "invented-new,NEW (invented),invented2021alpha,rct,3,adjuvant,hcc,Invented patients,,rfs,,,,200,"
                  "invented abstract,verified,\n",
    "arms.csv": "invented-new,drug,experimental,Invented drug,101,invented abstract,verified\n"
                "invented-new,placebo,control,Placebo,99,invented abstract,verified\n",
    "outcomes.csv": "invented-new,rfs,drug,median,20.1,months,,,invented abstract,verified,\n"
                    "invented-new,rfs,placebo,median,19.0,months,,,invented abstract,verified,\n"
                    "invented-new,rfs,drug,hr,0.91,,,,invented abstract,verified,\n"
                    "invented-new,rfs,drug,hr_lower,0.66,,95,,invented abstract,verified,\n"
                    "invented-new,rfs,drug,hr_upper,1.25,,95,,invented abstract,verified,\n"
                    "invented-new,rfs,drug,p,0.56,,,two,invented abstract,verified,\n",
}


@pytest.fixture
def invented(tmp_path):
    return InventedData(tmp_path)


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    return InventedData(tmp_path_factory.mktemp("invented")).facts()


def made(data, criteria=None):
    spec, csv_text = table1(data, criteria or CONFIG["table1"], "config/config.yaml")
    return spec, pd.read_csv(io.StringIO(csv_text), dtype=str, keep_default_na=False)


def row_of(spec, name):
    return next(row for row in spec["rows"] if row[0].startswith(name))


def test_table1_holds_the_trials_the_criteria_select_in_the_order_of_their_settings(data):
    spec, _ = made(data)
    assert [row[0] for row in spec["rows"]] == ["ALPHA (invented)[@invented2021alpha]",
                                                "DELTA (invented)[@invented2024delta]",
                                                "BETA (invented)[@invented2022beta]"]
    assert len(spec["columns"]) == len(spec["align"]) == len(spec["rows"][0]) == 9
    reordered, _ = made(data, {**CONFIG["table1"], "setting": ["tace-combination", "adjuvant"]})
    assert [row[0].split(" ")[0] for row in reordered["rows"]] == ["BETA", "ALPHA", "DELTA"]


def test_every_number_in_the_table_is_a_reported_fact_string(data):
    spec, _ = made(data)
    facts = data["facts"]
    spans = [span for row in spec["rows"] for cell in row for span in SPAN.finditer(cell)]
    assert spans
    for span in spans:
        assert span["text"].replace("&lt;", "<") == facts[span["key"]]["text"], span["key"]
    # No number reaches the table except through a fact (the phase is a label, not a count).
    for row in spec["rows"]:
        for cell in row[2:]:
            stripped = SPAN.sub("", cell).replace("{.ci}", "")
            assert not re.search(r"\d", re.sub(r"(95|97\.5)% CI", "", stripped)), cell


def test_unverified_numbers_carry_a_dagger_and_the_note_explains_it(invented):
    invented.replace("outcomes.csv", "invented-alpha,rfs,drug,hr,0.940,,,,invented abstract,verified,",
                     "invented-alpha,rfs,drug,hr,0.940,,,,invented abstract,unverified,")
    data = invented.facts()
    spec, _ = made(data)
    spans = [span for row in spec["rows"] for cell in row for span in SPAN.finditer(cell)]
    for span in spans:
        assert (span["mark"] == "†") == (data["facts"][span["key"]]["status"] == "unverified"), span["key"]
    assert spec["notes"][0].startswith("† Unverified")
    plain, _ = made(InventedData(invented.folder / "again").facts())
    assert not plain["notes"][0].startswith("†")


def test_the_csv_copy_keeps_the_reported_strings(data):
    _, csv = made(data)
    alpha = csv[csv["trial"] == "invented-alpha"].iloc[0]
    assert (alpha["ratio"], alpha["ci_lower"], alpha["ci_upper"], alpha["p"]) == ("0.940", "0.780", "1.134", "0.26")
    assert alpha["median_experimental_vs_control"] == "36.2 vs 33.8" and alpha["sided"] == "one"
    beta = csv[csv["trial"] == "invented-beta"].iloc[0]
    assert beta["median_unit"] == "days" and beta["median_experimental_vs_control"] == "169 vs 166"


def test_a_trial_added_to_the_data_appears_in_table_and_figure(invented):
    for name, rows in NEW_TRIAL.items():
        invented.append(name, rows)
    data = invented.facts()
    spec, _ = made(data)
    assert any(row[0] == "NEW (invented)[@invented2021alpha]" for row in spec["rows"])
    rows = forest_rows(data, load_groups(CONFIG["forest_plot"], "config/config.yaml"), "facts.json")
    assert [row["estimate"] for row in rows if row["trial"] == "invented-new"] == ["0.91"]


def test_medians_in_different_units_keep_their_own(invented):
    invented.replace("outcomes.csv", "invented-beta,ttp,placebo,median,166,days,",
                     "invented-beta,ttp,placebo,median,24,weeks,")
    spec, csv = made(invented.facts())
    assert row_of(spec, "BETA")[6] == ("[169]{fact=invented-beta.ttp.median.drug} d vs "
                                       "[24]{fact=invented-beta.ttp.median.placebo} wk")
    beta = csv[csv["trial"] == "invented-beta"].iloc[0]
    assert (beta["median_experimental_vs_control"], beta["median_unit"]) == ("169 vs 24", "days vs weeks")


def test_a_trial_with_two_experimental_arms_shows_each_comparison(data):
    spec, csv = made(data)
    delta = row_of(spec, "DELTA")
    ratio_lines = delta[7].split(" \\\n")
    assert [line.split(":")[0] for line in ratio_lines] == ["Invented drug A", "Invented drug B"]
    assert "{fact=invented-delta.dfs.hr.drug-b}" in ratio_lines[1] and "[97.5% CI]" in ratio_lines[1]
    rows = csv[csv["trial"] == "invented-delta"]
    assert rows[["experimental_arm", "ratio"]].values.tolist() == [["Invented drug A", "1.02"],
                                                                   ["Invented drug B", "0.97"]]


def test_co_primary_endpoints_are_all_shown_with_the_results_of_the_first(data):
    zeta = next(trial for trial in data["trials"] if trial["trial"] == "invented-zeta")
    row, _ = trial_row(Table(data["facts"]), data, zeta)
    assert row[5] == "Overall survival \\\nTime to progression"
    assert row[6] == "[10.7]{fact=invented-zeta.os.median.drug} vs [7.9]{fact=invented-zeta.os.median.placebo} mo"
    assert row[7].startswith("[0.60]{fact=invented-zeta.os.hr.drug}")


def test_the_first_co_primary_endpoint_is_the_one_written_first(invented):
    invented.replace("trials.csv", ",os;ttp,,,1000,", ",ttp;os,,,1000,")
    data = invented.facts()
    zeta = next(trial for trial in data["trials"] if trial["trial"] == "invented-zeta")
    row, _ = trial_row(Table(data["facts"]), data, zeta)
    assert row[5] == "Time to progression \\\nOverall survival"
    assert row[6] == "—"  # no medians were reported for progression
    assert row[7].startswith("[0.87]{fact=invented-zeta.ttp.hr.drug}")


def test_the_co_primary_note_appears_only_with_such_a_trial(data):
    spec, _ = made(data)
    assert CO_PRIMARY_NOTE not in spec["notes"]
    spec, csv = made(data, {**CONFIG["table1"], "setting": ["adjuvant", "tace-combination", "advanced"]})
    assert spec["notes"][-1] == CO_PRIMARY_NOTE
    assert csv[csv["trial"] == "invented-zeta"]["primary_endpoint"].tolist() == ["os;ttp"]


def test_criteria_that_select_nothing_are_an_error(data):
    from common import BuildError

    with pytest.raises(BuildError) as caught:
        made(data, {"cancer": ["rcc"], "design": ["rct"], "setting": ["adjuvant"]})
    assert str(caught.value).startswith("config/config.yaml: table1: expected the criteria")


def test_the_built_table_is_what_the_renderings_read(built_fixture):
    spec = json.loads((built_fixture / "build" / "tables" / "table1.json").read_text(encoding="utf-8"))
    html = (built_fixture / "build" / "editorial.html").read_text(encoding="utf-8")
    assert 'data-fact="invented-delta.dfs.hr.drug-b"' in html and spec["rows"]
