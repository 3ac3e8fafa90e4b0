"""Time the build as an author meets it, and the number check as the manuscript grows.

In a temporary copy of the project: a build from clean, a no-op run, a
one-word prose edit and a data edit, a few runs each; the number check step
as its own process; then the check in process on manuscripts 10 and 50 times
the editorial's prose, each of which must pass, and a whole build of the 50x
manuscript. Prints medians against the targets and exits non-zero when one is
missed. Installation is not timed.

Usage: python scripts/benchmark.py [--runs 3]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

from check_numbers import check  # noqa: E402
from number_policy import Policy  # noqa: E402
from verify import build, copy_sources  # noqa: E402

# Seconds (issue targets, 2 cores).
TARGETS = {"from clean": 8.0, "no-op": 1.5, "prose edit": 3.0, "check step": 0.5}


def timed(action):
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def run_build(project):
    result = build(project)
    if result.returncode != 0:
        sys.exit(result.stdout + result.stderr)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old in text else text.replace(new, old, 1), encoding="utf-8")


def workflow_timings(project, runs):
    manuscript = project / "manuscript" / "editorial.md"
    outcomes = project / "data" / "outcomes.csv"
    timings = {name: [] for name in ("from clean", "no-op", "prose edit", "data edit")}
    for _ in range(runs):
        shutil.rmtree(project / "build", ignore_errors=True)
        shutil.rmtree(project / ".snakemake", ignore_errors=True)
        timings["from clean"].append(timed(lambda: run_build(project)))
        timings["no-op"].append(timed(lambda: run_build(project)))
        edit(manuscript, "New drugs may help", "New medicines may help")
        timings["prose edit"].append(timed(lambda: run_build(project)))
        edit(outcomes, ",abstract,verified,\n", ",abstract,verified, \n")
        timings["data edit"].append(timed(lambda: run_build(project)))
    return timings


def config(project):
    return yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))


def check_step_timing(project, runs):
    """The number check as the workflow runs it: a new Python process, pandoc included."""
    settings = config(project)
    command = [sys.executable, str(Path(__file__).with_name("check_numbers.py")), "manuscript/editorial.md",
               "--edition", "corrected", "--metadata", "build/metadata.json", "--bibliography", settings["bibliography"],
               "--csl", settings["csl"], "--facts", "build/facts.json", "--references", "build/references.json",
               "--settings", json.dumps(settings["number_check"]), "--claims", json.dumps(settings["claims"]),
               "--days-per-month", settings["days_per_month"],
               "--ast", "build/manuscript.json", "--report", "build/checks/numbers.json",
               "--summary", "build/checks/numbers.txt"]
    return statistics.median(timed(lambda: subprocess.run(command, cwd=project, check=True)) for _ in range(runs))


def grown(text, factor):
    """The manuscript with its prose sections repeated factor times (ids, the table and the figure once)."""
    start = text.index("## Introduction")
    end = text.index("::: {#corrections}")
    prose = "\n".join(line for line in text[start:end].splitlines()
                      if "{#" not in line and not line.startswith(":::") and "table=" not in line
                      and not line.startswith("Randomised trials"))
    return text[:end] + (prose + "\n\n") * (factor - 1) + text[end:]


def check_timings(project, runs):
    """The check in process (pandoc included) at 1x, 10x and 50x; each manuscript must pass."""
    settings = config(project)
    policy = Policy(settings["number_check"], Decimal(settings["days_per_month"]), settings["claims"])
    facts = json.loads((project / "build" / "facts.json").read_text(encoding="utf-8"))
    references = json.loads((project / "build" / "references.json").read_text(encoding="utf-8"))
    text = (project / "manuscript" / "editorial.md").read_text(encoding="utf-8")
    timings = {}
    os.chdir(project)
    for factor in (1, 10, 50):
        path = Path(f"manuscript/grown-{factor}.md")
        path.write_text(grown(text, factor), encoding="utf-8")
        results = []
        samples = [timed(lambda: results.append(check(path, "corrected", "build/metadata.json",
                                                      settings["bibliography"], settings["csl"], facts,
                                                      references, policy))) for _ in range(runs)]
        errors = results[-1][2]
        if errors:
            sys.exit(f"the {factor}x manuscript does not pass the check:\n" + "\n".join(errors[:5]))
        timings[factor] = (path.read_text(encoding="utf-8").count("\n"), statistics.median(samples))
    return timings


def grown_build_timing(project):
    """A whole build of the 50x manuscript: it must really build."""
    manuscript = project / "manuscript" / "editorial.md"
    manuscript.write_text((project / "manuscript" / "grown-50.md").read_text(encoding="utf-8"), encoding="utf-8")
    return timed(lambda: run_build(project))


def report(workflow, step, checks, grown_build, runs):
    missed = []
    print(f"Workflow, median of {runs} runs (2 cores, installation excluded):")
    for name, samples in workflow.items():
        median = statistics.median(samples)
        print(f"  {name:<11} {median:6.2f} s{target_text(name, median, missed)}")
    print(f"Number check step on the editorial (its own process, pandoc included): {step:.2f} s"
          f"{target_text('check step', step, missed)}")
    print("Number check in process (pandoc included), as the manuscript grows:")
    base = checks[1][1]
    for factor, (lines, seconds) in checks.items():
        print(f"  {factor:>2}x editorial  {lines:>6} lines  {seconds * 1000:8.1f} ms  ({seconds / base:5.1f}x the time)")
    print(f"Whole build of the 50x manuscript: {grown_build:.2f} s")
    return missed


def target_text(name, value, missed):
    if name not in TARGETS:
        return ""
    if value >= TARGETS[name]:
        missed.append(name)
    return f"  (target < {TARGETS[name]:.1f} s{'' if value < TARGETS[name] else ': MISSED'})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        project = copy_sources(Path(scratch) / "project")
        workflow = workflow_timings(project, args.runs)
        step = check_step_timing(project, args.runs)
        checks = check_timings(project, args.runs)
        grown_build = grown_build_timing(project)
        os.chdir(Path(__file__).resolve().parents[1])
    missed = report(workflow, step, checks, grown_build, args.runs)
    if missed:
        sys.exit(f"missed targets: {', '.join(missed)}")


if __name__ == "__main__":
    main()
