"""Build the BASE of a review: a revision of the project, in a temporary git worktree.

The revision is built with its own workflow (its Snakefile, scripts and filters, so that a
change of code shows in the review) and with this project's environment (.venv: the same
pandoc and packages), without network where the machine allows it, as `make verify` does.
What the review reads is kept in the output folder: the JSON outputs of the build (facts,
reports, ASTs, Table 1 and Figure 1), the sha256 of every output, the revision's data,
settings and manuscript, and the git blob of each of its files. A revision that does not build
is recorded as such, with its errors, and the review lists what it can without it.

Usage: python scripts/review_base.py --base REV --output build/review/base [--snakefile PATH]
       (run in the project folder; --snakefile when the repository holds a project without
       its own workflow, as the tests' invented project)
"""

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from common import write_json
from verify import offline_prefix

SOURCES = ("data", "config", "manuscript")  # what a review compares, besides the bibliography


def git(*args, cwd="."):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def resolve(revision):
    """The commit id of revision, or exit with one line saying it is not one."""
    inside = git("rev-parse", "--show-toplevel")
    if inside.returncode != 0:
        sys.exit(f"error: {Path.cwd()}: expected a git repository to take BASE={revision} from, found none")
    found = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if found.returncode != 0 or not found.stdout.strip():
        sys.exit(f"error: BASE={revision}: expected a revision of this repository (a commit, branch or tag, "
                 "such as HEAD~1 or main), found none")
    return found.stdout.strip()


def blobs(commit, prefix):
    """{path in the project: git blob id} of every file of the commit under the project's folder."""
    listing = git("ls-tree", "-r", "-z", "--full-tree", commit, "--", prefix or ".").stdout
    files = {}
    for record in filter(None, listing.split("\0")):
        meta, path = record.split("\t", 1)
        if meta.split()[1] == "blob":
            files[path[len(prefix):]] = meta.split()[2]
    return files


def build(project, snakefile):
    """(whether it built, its error lines): the revision's workflow run in its folder."""
    if not Path(snakefile).is_file():
        return False, [f"error: {snakefile}: expected the revision's Snakefile, found none"]
    bin_dir = Path(sys.executable).parent
    command = [str(bin_dir / "snakemake"), "--snakefile", str(snakefile), "--directory", str(project)]
    profile = Path(snakefile).parent / "profiles" / "default"
    command += ["--workflow-profile", str(profile)] if profile.is_dir() else ["--cores", "2"]
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(project), "LANG": "C.UTF-8"}
    result = subprocess.run([*offline_prefix(), *command], cwd=project, env=env, capture_output=True, text=True)
    if result.returncode == 0:
        return True, []
    output = result.stdout + result.stderr
    errors = list(dict.fromkeys(line for line in output.splitlines() if line.startswith("error:")))
    if not errors:  # a failure that no step explained, Snakemake's own: its last words
        errors = [line for line in result.stderr.splitlines() if line.strip()][-5:]
    return False, errors


def collect(project, output):
    """Copy what the review reads from the built revision; the sha256 of every output."""
    hashes = {}
    build_dir = project / "build"
    for path in sorted(build_dir.rglob("*")) if build_dir.is_dir() else []:
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(project).as_posix()
        hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        if path.suffix == ".json":
            (output / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, output / relative)
    return hashes


def copy_sources(project, output):
    import yaml

    for name in SOURCES:
        if (project / name).is_dir():
            shutil.copytree(project / name, output / "source" / name)
    config = project / "config" / "config.yaml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8")) if config.is_file() else {}
    for key in ("bibliography", "csl"):
        path = project / str((settings or {}).get(key, ""))
        if isinstance(settings, dict) and settings.get(key) and path.is_file():
            (output / "source" / settings[key]).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, output / "source" / settings[key])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the revision to compare the working tree with")
    parser.add_argument("--output", required=True)
    parser.add_argument("--snakefile", help="the workflow to build it with (default: the revision's own)")
    args = parser.parse_args()
    commit = resolve(args.base)
    prefix = git("rev-parse", "--show-prefix").stdout.strip()
    output = Path(args.output)
    shutil.rmtree(output, ignore_errors=True)
    output.mkdir(parents=True)
    scratch = Path(tempfile.mkdtemp(prefix="review-base-"))
    tree = scratch / "tree"
    try:
        added = git("worktree", "add", "--detach", "--quiet", str(tree), commit)
        if added.returncode != 0:
            sys.exit(f"error: git worktree add {commit[:12]}: {added.stderr.strip()}")
        project = tree / prefix
        built, errors = build(project, args.snakefile or project / "Snakefile")
        hashes = collect(project, output)
        copy_sources(project, output)
    finally:
        git("worktree", "remove", "--force", str(tree))
        shutil.rmtree(scratch, ignore_errors=True)
        git("worktree", "prune")
    subject = git("log", "-1", "--format=%s", commit).stdout.strip()
    write_json(output / "status.json", {
        "rev": args.base, "commit": commit, "subject": subject, "built": built, "errors": errors,
        "workflow": "its own" if not args.snakefile else "given", "outputs": hashes,
        "files": blobs(commit, prefix),
    })
    if not built:
        print(f"warning: BASE={args.base} ({commit[:12]}) does not build; the review lists what it can without "
              "its outputs:\n" + "\n".join(errors), file=sys.stderr)


if __name__ == "__main__":
    main()
