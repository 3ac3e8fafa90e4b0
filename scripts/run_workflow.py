"""Build the editorial as `make` does: Snakemake's work in a few lines, then where the outputs are.

Snakemake prints some 200 lines of job details; an author needs to see the steps go by,
and then either where to look or, when a step fails, its one-line errors (file:line,
expected, found), repeated last. A failed build leaves no build/ behind, so that nothing
stale looks current (the Snakefile's onerror does so for a failed step; this does it when
Snakemake stops before any step, on a bad config).

Usage: python scripts/run_workflow.py [snakemake arguments]
"""

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

FINISHED = re.compile(r"Finished jobid: \d+ \(Rule: (?P<rule>[\w-]+)\)")
PROGRESS = re.compile(r"(?P<done>\d+) of (?P<total>\d+) steps")
OUTPUTS = """\
Done in {seconds:.1f} s. The outputs are in build/:
  build/editorial.html             the corrected edition: open it in a browser, and hover over
                                   a number (or reach it with Tab) to see where it came from
  build/editorial.pdf              the same as a PDF (PDF/A-2a, tagged)
  build/editorial.docx             the same in Word, for a journal that asks for it
  build/published/editorial.*      the text as published, with its discrepancies marked
  build/checks/numbers.txt         every number of the text with its fact, source and verdict
"""


def main():
    snakemake = Path(sys.executable).parent / "snakemake"
    start = time.perf_counter()
    process = subprocess.Popen([str(snakemake), *sys.argv[1:]], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True)
    errors, rule, seen = [], None, []
    for line in process.stdout:
        seen.append(line)
        finished, progress = FINISHED.search(line), PROGRESS.search(line)
        if finished:
            rule = finished["rule"] if finished["rule"] != "all" else None
        elif progress and rule:
            print(f"  {progress['done']:>2}/{progress['total']} {rule}", flush=True)
            rule = None
        elif line.startswith("error:") and line not in errors:
            errors.append(line)
        elif line.startswith("Nothing to be done"):
            print("  nothing to do: every output is up to date", flush=True)
    status = process.wait()
    if status != 0:
        shutil.rmtree("build", ignore_errors=True)
        print("\nThe build stopped:", file=sys.stderr)
        print("".join(errors) or "".join(seen[-30:]), end="", file=sys.stderr)
        sys.exit(status)
    print(OUTPUTS.format(seconds=time.perf_counter() - start), end="")


if __name__ == "__main__":
    main()
