"""Time the build as an author meets it, and the number check as the manuscript grows.

In a temporary copy of the project: a build from clean, a no-op run, a
prose-only edit and a data edit, a few runs each; then the number check alone
on the editorial and on manuscripts 10 and 50 times larger. Prints medians.
Installation is not timed.

Usage: python scripts/benchmark.py [--runs 3]
"""

import argparse
import json
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

from check_manuscript import check  # noqa: E402
from verify import build, copy_sources  # noqa: E402

TARGETS = {"from clean": 8.0, "no-op": 1.5, "prose edit": 3.0}


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
        edit(outcomes, "a news report gives 38.5", "the news report gives 38.5")
        timings["data edit"].append(timed(lambda: run_build(project)))
    return timings


def days_per_month(project):
    return yaml.safe_load((project / "config" / "config.yaml").read_text(encoding="utf-8"))["days_per_month"]


def check_step_timing(project, runs):
    """The number check as the workflow runs it: a new Python process reading the JSON files."""
    command = [sys.executable, "scripts/check_manuscript.py", "manuscript/editorial.md",
               "--metadata", "manuscript/metadata.yaml", "--metadata-schema", "schemas/metadata.schema.yaml",
               "--facts", "build/facts.json", "--references", "build/references.json", "--days-per-month", days_per_month(project),
               "--report", "build/checks/numbers.json", "--summary", "build/checks/numbers.txt"]
    return statistics.median(timed(lambda: subprocess.run(command, cwd=project, check=True)) for _ in range(runs))


def check_timings(project, runs):
    text = (project / "manuscript" / "editorial.md").read_text(encoding="utf-8")
    facts = json.loads((project / "build" / "facts.json").read_text(encoding="utf-8"))["facts"]
    references = json.loads((project / "build" / "references.json").read_text(encoding="utf-8"))
    month = Decimal(days_per_month(project))
    body = text.split("---", 2)[2]
    timings = {}
    for factor in (1, 10, 50):
        manuscript = text + body * (factor - 1)
        lines = manuscript.count("\n")
        samples = [timed(lambda: check("editorial.md", manuscript, facts, references, "corrected",
                                       month)) for _ in range(runs)]
        timings[factor] = (lines, statistics.median(samples))
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        project = copy_sources(Path(scratch) / "project")
        workflow = workflow_timings(project, args.runs)
        checks = check_timings(project, args.runs)
        step = check_step_timing(project, args.runs)
    print(f"Workflow, median of {args.runs} runs (2 cores, installation excluded):")
    for name, samples in workflow.items():
        median = statistics.median(samples)
        target = ""
        if name in TARGETS:
            target = f"  (target < {TARGETS[name]:.1f} s{'' if median < TARGETS[name] else ': MISSED'})"
        print(f"  {name:<11} {median:6.2f} s{target}")
    print(f"Number check step on the editorial (its own process): {step * 1000:.0f} ms (target < 500 ms)")
    print("Number check alone (scripts/check_manuscript.check), as the manuscript grows:")
    base = checks[1][1]
    for factor, (lines, seconds) in checks.items():
        print(f"  {factor:>2}x editorial  {lines:>6} lines  {seconds * 1000:8.1f} ms  ({seconds / base:5.1f}x the time)")


if __name__ == "__main__":
    main()
