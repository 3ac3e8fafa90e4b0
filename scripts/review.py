"""Review a change: BASE (default HEAD) against the working tree, written to build/review/.

Runs the review's steps in order, each a script of its own: review_base.py (build BASE in a
temporary git worktree), review_changes.py (changes.json, changes.md), review_redline.py
(index.html) and review_docx.py (editorial-tracked.docx). The working tree must be built
first (make review runs make). The tracked changes are signed with the author and the date
of the last commit unless --author and --date say otherwise, so a run gives the same bytes
every time.

Usage: python scripts/review.py [--base REV] [--snakefile PATH] [--author NAME] [--date ISO]
       (run in the project folder)
"""

import argparse
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
OUTPUT = Path("build/review")


def last_commit(field):
    return subprocess.run(["git", "log", "-1", f"--format={field}"], capture_output=True, text=True).stdout.strip()


def run(script, *args):
    status = subprocess.run([sys.executable, str(SCRIPTS / script), *map(str, args)]).returncode
    if status != 0:
        sys.exit(status)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD", help="the revision to compare with (default HEAD)")
    parser.add_argument("--snakefile", help="build BASE with this workflow, not its own (a project without one)")
    parser.add_argument("--author", help="who the tracked changes are from (default: the last commit's author)")
    parser.add_argument("--date", help="when, ISO 8601 UTC (default: the last commit's date)")
    args = parser.parse_args()
    if not Path("build/manuscript.json").is_file():
        sys.exit("error: build/manuscript.json: expected the working tree built (make), found no build")
    base = OUTPUT / "base"
    run("review_base.py", "--base", args.base, "--output", base,
        *(["--snakefile", args.snakefile] if args.snakefile else []))
    run("review_changes.py", base, "--json", OUTPUT / "changes.json", "--markdown", OUTPUT / "changes.md")
    run("review_redline.py", base, "--changes", OUTPUT / "changes.json", "--output", OUTPUT / "index.html")
    seconds = int(last_commit("%ct") or 0)
    date = args.date or datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    author = args.author or last_commit("%an") or "unknown"
    run("review_docx.py", base, "--output", OUTPUT / "editorial-tracked.docx", "--author", author, "--date", date)
    print(f"wrote {OUTPUT}/: changes.json, changes.md, index.html" +
          (", editorial-tracked.docx" if (OUTPUT / "editorial-tracked.docx").exists() else ""))


if __name__ == "__main__":
    main()
