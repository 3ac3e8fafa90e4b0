"""Shared fixtures: a copy of the project in a temporary folder, built once per session."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from verify import build, copy_sources  # noqa: E402  (needs the path above)


def snakemake(project, *args, check=True, prefix=()):
    """Run the workflow in a project copy; return the finished process."""
    result = build(project, args, prefix)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture
def project(tmp_path):
    """A fresh, unbuilt copy of the project."""
    return copy_sources(tmp_path / "project")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """A copy of the project, built once for all the tests that only read outputs."""
    path = copy_sources(tmp_path_factory.mktemp("built") / "project")
    snakemake(path)
    return path
