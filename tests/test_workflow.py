"""The workflow: it reruns only what a change touches, stays lint-clean, escapes what it is given.

On the invented project (tests/fixture), run with this repository's Snakefile.
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_fixture
from verify import offline_prefix


def planned(project, *args):
    """{rule: jobs} that a run would do now (a dry run)."""
    result = run_fixture(project, "--dry-run", "--quiet", "rules", *args)
    rows = re.findall(r"^([\w-]+)\s+(\d+)$", result.stdout, flags=re.M)
    return {rule: int(count) for rule, count in rows if rule != "total"}


@pytest.fixture
def built_copy(built_fixture, tmp_path):
    """A copy of the built invented project, to edit (copies keep the files' times)."""
    return Path(shutil.copytree(built_fixture, tmp_path / "built", symlinks=True))


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_built_workflow_has_nothing_to_do(built_copy):
    assert planned(built_copy) == {}


def test_a_prose_edit_reruns_only_the_editions_and_the_word_copy(built_copy):
    edit(built_copy / "manuscript" / "editorial.md", "is invented too", "is invented as well")
    assert planned(built_copy) == {"edition": 2, "docx": 1, "all": 1}


def test_a_data_edit_reruns_what_depends_on_the_data(built_copy):
    edit(built_copy / "data" / "outcomes.csv", "invented abstract,verified,\n", "invented abstract,verified,x\n")
    jobs = planned(built_copy)
    assert jobs["facts"] == jobs["table1"] == jobs["forest_plot"] == 1 and jobs["edition"] == 2
    assert "references_index" not in jobs and "metadata" not in jobs


def test_a_setting_reruns_only_the_steps_that_use_it(built_copy, tmp_path):
    import yaml

    config = yaml.safe_load((built_copy / "config" / "config.yaml").read_text(encoding="utf-8"))
    config["forest_plot"]["groups"][0]["label"] = "Invented trials after surgery"
    other = tmp_path / "other.yaml"
    other.write_text(yaml.safe_dump(config), encoding="utf-8")
    jobs = planned(built_copy, "--configfile", str(other))
    assert jobs == {"forest_plot": 1, "edition": 2, "docx": 1, "all": 1}


@pytest.mark.parametrize("command", [["snakemake", "--lint"], ["snakefmt", "--check", "Snakefile"]])
def test_the_workflow_is_lint_clean_and_formatted(command):
    executable = Path(sys.executable).parent / command[0]
    result = subprocess.run([str(executable), *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_environment_yml_pins_the_versions_of_the_lock_file():
    lock = dict(line.split("==") for line in (ROOT / "requirements.lock").read_text().splitlines()
                if "==" in line and not line.startswith("#"))
    lock = {name.lower().replace("_", "-"): version for name, version in lock.items()}
    pinned = re.findall(r"^\s+- ([\w.-]+)==([\w.]+)", (ROOT / "environment.yml").read_text(), flags=re.M)
    assert len(pinned) >= 9
    for name, version in pinned:
        assert lock.get(name.lower().replace("_", "-")) == version, name


def test_text_from_data_and_bibliography_is_escaped(fixture_copy):
    edit(fixture_copy / "references.bib", "title = {An invented review}",
         "title = {An invented <script>alert(1)</script> review}")
    # Inside the name's parenthesis, so that the prose's "ALPHA" still names the trial (trial_names.py).
    edit(fixture_copy / "data" / "trials.csv", "invented-alpha,ALPHA (invented),",
         'invented-alpha,"ALPHA (invented <img src=x onerror=alert(2)>)",')
    run_fixture(fixture_copy)
    html = (fixture_copy / "build" / "editorial.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "ALPHA (invented &lt;img src=x onerror=alert(2)&gt;)" in html


def test_snakemake_report_works_offline(built_copy):
    run_fixture(built_copy, "--report", "build/report.html", prefix=offline_prefix())
    assert (built_copy / "build" / "report.html").stat().st_size > 10_000


def test_a_template_that_shows_an_unchecked_number_fails_the_build(tmp_path):
    """The audit of the rendered outputs: a number put before readers by a template, not by the text."""
    from conftest import fixture_project
    from verify import copy_sources

    machinery = copy_sources(tmp_path / "machinery")
    template = machinery / "templates" / "editorial.html"
    edit(template, "<main id=\"content\">", "<main id=\"content\"><p>1602 patients</p>")
    project = fixture_project(tmp_path / "project")
    command = [str(Path(sys.executable).parent / "snakemake"), "--snakefile", str(machinery / "Snakefile"),
               "--directory", str(project), "--workflow-profile", str(machinery / "profiles" / "default")]
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env={"PATH": "/usr/bin:/bin",
                                                                                         "HOME": str(project)})
    assert result.returncode != 0
    assert "build/editorial.html: shows '1602' 1 times, but the checked text" in result.stdout + result.stderr
    assert not (project / "build" / "editorial.html").exists()


def test_the_benchmark_runs_the_check_step_as_the_workflow_does(built):
    # The benchmark calls the check script itself; it must keep up with the script's arguments.
    import benchmark

    assert benchmark.check_step_timing(built, runs=1) > 0
