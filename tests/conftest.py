"""Shared fixtures: a copy of the project in a temporary folder, built once per session."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT / "scripts"
sys.path.insert(0, str(SCRIPTS))

# What a build needs; outputs, environments and caches stay behind.
SOURCES = ["Snakefile", "config", "data", "filters", "manuscript", "pandoc", "profiles", "schemas",
           "scripts", "styles", "templates", "references.bib", "environment.yml"]


def copy_project(destination):
    destination.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / name)
    return destination


def snakemake(project, *args, check=True):
    """Run the workflow in a project copy; return the finished process."""
    bin_dir = str(Path(sys.executable).parent)
    env = {"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(project), "LANG": "C.UTF-8"}
    result = subprocess.run([str(Path(bin_dir) / "snakemake"), *args], cwd=project, env=env,
                            capture_output=True, text=True)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def project(tmp_path):
    """A fresh, unbuilt copy of the project."""
    return copy_project(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A copy of the project, built once for all the tests that only read outputs."""
    path = copy_project(tmp_path_factory.mktemp("built") / "project")
    snakemake(path)
    return path
