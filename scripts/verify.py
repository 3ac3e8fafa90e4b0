"""Rebuild the editorial from scratch in a temporary folder and compare it with MANIFEST.sha256.

A journal runs this (make verify) to check that a submission reproduces: the
same sources must give the same bytes. It prints each output that differs,
or that all match, and exits non-zero on any difference. After an intended
change, `make manifest` (--update) records the new hashes.

Usage: python scripts/verify.py [--update]
"""

import argparse
import hashlib
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = ROOT / "MANIFEST.sha256"
# Made by a build, or not needed by one.
NOT_SOURCES = {"build", "logs", ".venv", ".snakemake", ".git", "__pycache__", ".pytest_cache", "tests"}


def copy_sources(destination):
    """Copy the project's sources, and nothing a build made, to destination."""
    shutil.copytree(ROOT, destination, ignore=lambda folder, names: [n for n in names if n in NOT_SOURCES])
    return Path(destination)


def build(project, extra_args=(), prefix=()):
    """Run the whole workflow in project; return the finished process."""
    snakemake = Path(sys.executable).parent / "snakemake"
    env = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(project), "LANG": "C.UTF-8"}
    return subprocess.run([*prefix, str(snakemake), *extra_args], cwd=project, env=env,
                          capture_output=True, text=True)


def offline_prefix():
    """('unshare', '--net') where this machine allows a network namespace (as root), else ()."""
    if shutil.which("unshare") and subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode == 0:
        return ("unshare", "--net")
    return ()


def output_hashes(project):
    """sha256 of every output under build/, by path relative to the project.

    Hidden files are left out: they are the temporaries of atomic writes that a killed build can leave.
    """
    files = sorted(path for path in (Path(project) / "build").rglob("*")
                   if path.is_file() and not path.name.startswith("."))
    return {path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


def read_manifest():
    if not MANIFEST.exists():
        return {}
    pairs = (line.split(maxsplit=1) for line in MANIFEST.read_text(encoding="utf-8").splitlines() if line.strip())
    return {path.strip(): digest for digest, path in pairs}


def manifest_text(hashes):
    # The format of sha256sum, so `sha256sum -c MANIFEST.sha256` also checks a build.
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(hashes.items()))


def compare(expected, found):
    """Lines describing every difference between two {path: digest} maps."""
    problems = []
    for path in sorted(set(expected) | set(found)):
        if path not in found:
            problems.append(f"missing    {path} (in the manifest, not built)")
        elif path not in expected:
            problems.append(f"unexpected {path} (built, not in the manifest)")
        elif expected[path] != found[path]:
            problems.append(f"DIFFERS    {path}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="record the hashes of a clean build")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="verify-") as scratch:
        project = copy_sources(Path(scratch) / "project")
        prefix = offline_prefix()
        print("building from scratch " + ("without network (unshare --net)" if prefix else
                                          "(no network namespace here: the network was not cut)"))
        result = build(project, prefix=prefix)
        if result.returncode != 0:
            output = result.stdout + result.stderr
            print(output, file=sys.stderr)
            # The temporary folder and its logs go away: repeat the one-line errors last, where they are seen.
            errors = dict.fromkeys(line for line in output.splitlines() if line.startswith("error:"))
            sys.exit("\n".join(["", "The clean build failed, so nothing was compared:", *errors]))
        hashes = output_hashes(project)
    if args.update:
        MANIFEST.write_text(manifest_text(hashes), encoding="utf-8")
        print(f"wrote {MANIFEST.name}: {len(hashes)} outputs")
        return
    problems = compare(read_manifest(), hashes)
    if problems:
        print("\n".join(problems))
        sys.exit(f"{len(problems)} of {len(hashes)} outputs do not match {MANIFEST.name}")
    print(f"all {len(hashes)} outputs match {MANIFEST.name}")


if __name__ == "__main__":
    main()
