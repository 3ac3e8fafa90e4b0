"""A bad input stops the whole workflow with the step's one-line error, and leaves no edition behind.

Each case of tests/bad_inputs.yaml edits a copy of the built invented project, as an author edits
after a good build, and runs the workflow with its profile (show-failed-logs), so a failed job's
log, where the one-line `error: file:line: ...` message is, appears in Snakemake's output; what
the last good build made must not be left to look current.
"""

import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_fixture

CASES = yaml.safe_load((Path(__file__).with_name("bad_inputs.yaml")).read_text(encoding="utf-8"))
EDITIONS = ["build/editorial.html", "build/editorial.pdf",
            "build/published/editorial.html", "build/published/editorial.pdf"]


def apply_edit(project, case):
    path = project / case["file"]
    text = path.read_text(encoding="utf-8")
    assert case["find"] in text, f"stale case {case['name']}: {case['find']!r} is not in {case['file']}"
    text = text.replace(case["find"], case["replace"], 1)
    path.write_text(text, encoding="utf-8")
    fragment = case["replace"].split("\n")[0]
    return next((number for number, line in enumerate(text.splitlines(), 1) if fragment and fragment in line), None)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_bad_input_stops_the_build_and_is_named(built_copy, case):
    """Named in Snakemake's output; the last good build's editions removed, since they would look current."""
    line = apply_edit(built_copy, case)
    result = run_fixture(built_copy, check=False)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case['name']}: the build passed\n{output}"
    missing = [text for text in (text.replace("{line}", str(line)) for text in case["expect"]) if text not in output]
    assert not missing, f"{case['name']}: {missing} not in Snakemake's output:\n{output}"
    left = [name for name in EDITIONS if (built_copy / name).exists()]
    if case.get("stops_before_any_step"):
        assert left == EDITIONS, f"{case['name']}: no step ran, yet build/ changed"
    else:
        assert not left, f"{case['name']}: the failed build left {left}"


def test_a_failed_rebuild_leaves_no_earlier_output_behind(built_copy):
    """Outputs of the last good build would look current: the table, figure and check reports too."""
    apply_edit(built_copy, next(case for case in CASES if case["name"] == "manuscript-number-disagrees-with-data"))
    assert run_fixture(built_copy, check=False).returncode != 0
    left = [str(path.relative_to(built_copy)) for path in (built_copy / "build").rglob("*") if path.is_file()]
    assert not left, f"the failed build left {left}"


def test_a_dry_run_with_a_bad_config_leaves_build_alone(built_copy):
    apply_edit(built_copy, next(case for case in CASES if case["name"] == "config-days-per-month-not-a-number"))
    assert run_fixture(built_copy, "--dry-run", check=False).returncode != 0
    assert (built_copy / "build" / "editorial.html").exists()


def test_make_repeats_the_one_line_errors_last_and_empties_build(tmp_path):
    """README's `make` on a copy of the editorial whose config is broken: it stops before any step."""
    import shutil
    import subprocess
    import sys

    from verify import copy_sources

    project = copy_sources(tmp_path / "project")
    (project / "build").mkdir()
    (project / "build" / "stale.html").write_text("old", encoding="utf-8")
    config = project / "config" / "config.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace('days_per_month: "30.4375"',
                                                                'days_per_month: "thirty"'), encoding="utf-8")
    result = subprocess.run(["make", "-C", str(project), "all", "INSTALLED=", f"BIN={Path(sys.executable).parent}"],
                            capture_output=True, text=True)
    assert result.returncode != 0
    # make's own last line: "make: ***", or "make[1]: ***" when the tests run under make test.
    lines = [line for line in result.stderr.strip().splitlines() if not re.match(r"make(\[\d+\])?: \*\*\*", line)]
    assert lines[-2:][0] == "The build stopped:" and lines[-1].startswith("error: config/config.yaml:"), result.stderr
    assert not (project / "build").exists()
    assert shutil.which("make")


def test_the_cases_cover_every_kind_of_input():
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names))
    covered = {case["file"] for case in CASES}
    assert {"data/outcomes.csv", "data/derived.yaml", "references.bib", "manuscript/editorial.md",
            "manuscript/metadata.yaml", "config/config.yaml"} <= covered
    assert (ROOT / "tests" / "fixture" / "config" / "config.yaml").exists()
