"""The small repository that tests/test_review.py reviews, and the commands it runs on it."""

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, fixture_project, run_fixture

REVIEW = ROOT / "scripts" / "review.py"
ETA = """
@article{invented2024eta,
  author = {Newcomer, E.},
  title = {An invented trial added in review ({ETA})},
  journal = {Journal of Invented Results},
  year = {2024},
  volume = {6},
  pages = {1--5},
  status = {confirmed},
  confidence = {high}
}
"""


def git(project, *args):
    result = subprocess.run(["git", *args], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def review(project, *args):
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(project), "LANG": "C.UTF-8",
           "TZ": "UTC"}
    env.update(dict(arg.split("=", 1) for arg in args if arg.startswith("TZ=")))
    command = [sys.executable, str(REVIEW), "--snakefile", str(ROOT / "Snakefile"),
               *(arg for arg in args if not arg.startswith("TZ="))]
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)


def hashes(folder):
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(Path(folder).rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def repo(tmp_path_factory):
    """A repository of three commits: broken data, the invented project, the change under review."""
    project = fixture_project(tmp_path_factory.mktemp("review") / "project")
    (project / ".gitignore").write_text("/build/\n/logs/\n/.snakemake/\n/.cache/\n", encoding="utf-8")
    git(project, "init", "--quiet")
    git(project, "config", "user.name", "Ann Inventor")
    git(project, "config", "user.email", "ann@example.org")
    outcomes = project / "data" / "outcomes.csv"
    good = outcomes.read_text(encoding="utf-8")
    outcomes.write_text(good.replace("rfs,placebo,median,33.8,", "rfs,placebo,median,thirty,"), encoding="utf-8")
    git(project, "add", "-A")
    git(project, "commit", "--quiet", "-m", "broken data", "--date", "2024-01-01T00:00:00Z")
    outcomes.write_text(good, encoding="utf-8")
    git(project, "commit", "--quiet", "-am", "the invented project", "--date", "2024-01-02T00:00:00Z")
    run_fixture(project)
    old_docx = (project / "build" / "editorial.docx").read_bytes()
    old_html = (project / "build" / "editorial.html").read_text(encoding="utf-8")
    edit(outcomes, "rfs,placebo,median,33.8,", "rfs,placebo,median,33.9,")
    manuscript = project / "manuscript" / "editorial.md"
    edit(manuscript, "[33.8 mo]{fact=invented-alpha.rfs.median.placebo}",
         "[33.9 mo]{fact=invented-alpha.rfs.median.placebo}")
    edit(manuscript, "[2.4 mo]{fact", "[2.3 mo]{fact")
    edit(manuscript, "This invented abstract cites no data.", "This invented abstract cites no trial data.")
    edit(manuscript, "is invented too.", "is invented too[@invented2024eta].")
    with open(project / "references.bib", "a", encoding="utf-8") as bib:
        bib.write(ETA)
    git(project, "commit", "--quiet", "-am", "a later median, a word and a reference", "--date",
        "2024-01-03T00:00:00Z")
    run_fixture(project)
    first = review(project, "--base", "HEAD~1")
    assert first.returncode == 0, first.stdout + first.stderr
    return {"path": project, "old_docx": old_docx, "old_html": old_html,
            "first": hashes(project / "build" / "review")}
