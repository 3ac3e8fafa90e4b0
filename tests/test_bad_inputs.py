"""Every bad input of tests/bad_inputs.yaml stops the whole workflow with a message that names it.

Each case edits one file of a fresh copy of the project and runs Snakemake with
the workflow profile (show-failed-logs), so a failed job's log, where the one-line
`error: file:line: ...` message is, appears in Snakemake's output. The build must
fail, the output must contain every expected substring, and no edition may be
left behind that looks valid.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import snakemake

CASES = yaml.safe_load((Path(__file__).with_name("bad_inputs.yaml")).read_text(encoding="utf-8"))
EDITIONS = ["build/editorial.html", "build/editorial.pdf",
            "build/published/editorial.html", "build/published/editorial.pdf"]
EDITS = ("find", "content", "append")
FILE_LINE = re.compile(r"[\w/.-]+\.\w+:\d+")

def apply_edit(project, case):
    path = project / case["file"]
    if "content" in case:
        path.write_bytes(case["content"].encode("utf-8"))
        return
    text = path.read_text(encoding="utf-8")
    if "append" in case:
        text += case["append"]
    else:
        assert case["find"] in text, f"stale case {case['name']}: {case['find']!r} is not in {case['file']}"
        text = text.replace(case["find"], case["replace"], 1)
    path.write_bytes(text.encode("utf-8"))


def replacement_line(project, case):
    """The line of the edited file that holds (the first line of) the case's replacement."""
    fragment = (case.get("replace") or "").split("\n")[0]
    if not fragment:
        return None
    lines = (project / case["file"]).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_bad_input_stops_the_build_and_is_named(project, case):
    apply_edit(project, case)
    result = snakemake(project, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case['name']}: the build passed\n{output}"
    expected = [text.replace("{line}", str(replacement_line(project, case))) for text in case["expect"]]
    missing = [text for text in expected if text not in output]
    assert not missing, f"{case['name']}: {missing} not in Snakemake's output:\n{output}"
    left = [name for name in EDITIONS if (project / name).exists()]
    assert not left, f"{case['name']}: the failed build left {left}"


@pytest.mark.parametrize("target", ["build/editorial.html", "build/editorial.pdf"])
def test_each_rendering_names_a_missing_figure_at_its_line(project, target):
    # The whole build runs both renderings at once and reports whichever fails first.
    case = next(case for case in CASES if case["name"] == "manuscript-missing-figure")
    apply_edit(project, case)
    result = snakemake(project, target, check=False)
    expected = case["expect"][0].replace("{line}", str(replacement_line(project, case)))
    assert result.returncode != 0
    assert expected in result.stdout + result.stderr
    assert not (project / target).exists()


def make(project):
    """README's `make`, in a project copy, with this test run's packages (no installation)."""
    return subprocess.run(["make", "-C", str(project), "all", "INSTALLED=", f"BIN={Path(sys.executable).parent}"],
                          capture_output=True, text=True)


@pytest.mark.parametrize("name", ["outcomes-ci-order", "config-days-per-month-not-a-number"])
def test_a_failed_rebuild_leaves_no_earlier_output_behind(project, name):
    # Outputs of the last good build would look current: the table, figure and check reports too.
    snakemake(project)
    apply_edit(project, next(case for case in CASES if case["name"] == name))
    result = make(project)
    assert result.returncode != 0
    left = [str(path.relative_to(project)) for path in (project / "build").rglob("*") if path.is_file()]
    assert not left, f"{name}: the failed build left {left}"


def test_a_dry_run_with_a_bad_config_leaves_build_alone(project):
    snakemake(project)
    apply_edit(project, next(case for case in CASES if case["name"] == "config-days-per-month-not-a-number"))
    assert snakemake(project, "--dry-run", check=False).returncode != 0
    assert (project / "build" / "editorial.html").exists()


def test_a_failing_corrected_check_stops_the_published_edition(project):
    apply_edit(project, {"name": "mismatch", "file": "manuscript/editorial.md",
                         "find": "[307]{fact=space.randomized}", "replace": "[308]{fact=space.randomized}"})
    result = snakemake(project, "build/published/editorial.html", check=False)
    assert result.returncode != 0
    assert not (project / "build/published/editorial.html").exists()


def test_the_corpus_is_well_formed():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)) >= 22
    for case in CASES:
        assert sum(key in case for key in EDITS) == 1, f"{case['name']}: give one of find, content or append"
        assert ("replace" in case) == ("find" in case), case["name"]
        assert case["expect"] and all(isinstance(text, str) and text for text in case["expect"]), case["name"]
        names_place = any(FILE_LINE.search(text) or case["file"] in text for text in case["expect"])
        assert names_place, f"{case['name']}: expect names no file"
    covered = {case["file"] for case in CASES}
    assert {"data/trials.csv", "data/arms.csv", "data/outcomes.csv", "data/derived.yaml", "references.bib",
            "manuscript/editorial.md", "manuscript/metadata.yaml", "config/config.yaml"} <= covered


def test_a_failed_rebuild_leaves_no_earlier_edition_behind(project):
    """A valid data change that the prose contradicts: the old editions must not survive as if current."""
    snakemake(project)
    apply_edit(project, {"name": "storm", "file": "data/trials.csv", "find": ",28,202,1602,1114,",
                         "replace": ",28,202,1602,1115,"})
    apply_edit(project, {"name": "storm", "file": "data/arms.csv", "find": "storm,placebo,control,Placebo,558,",
                         "replace": "storm,placebo,control,Placebo,559,"})
    result = snakemake(project, check=False)
    assert result.returncode != 0
    assert "storm.randomized: expected 1115" in result.stdout + result.stderr
    assert [name for name in EDITIONS if (project / name).exists()] == []
