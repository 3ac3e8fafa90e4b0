"""Shared fixtures: the invented project of tests/fixture, copied and built once per session.

The machinery is tested on that small project of its own, the way Snakemake workflows run
their .test/ configuration: the same Snakefile, with the project as working directory.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixture"
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from verify import build, copy_sources  # noqa: E402  (needs the path above)


def snakemake(project, *args, check=True, prefix=()):
    """Run the workflow in a project copy; return the finished process."""
    result = build(project, args, prefix)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def fixture_project(destination):
    """A copy of the invented project, with the editorial's citation style beside it."""
    shutil.copytree(FIXTURE, destination)
    shutil.copytree(ROOT / "styles", Path(destination) / "styles")
    return Path(destination)


def fixture_command(project, *args):
    """The command that runs the workflow of this repository on a copy of the invented project.

    PATH holds no Python of the project: the rules must run with the environment's own.
    """
    command = [str(Path(sys.executable).parent / "snakemake"), "--snakefile", str(ROOT / "Snakefile"),
               "--directory", str(project), "--workflow-profile", str(ROOT / "profiles" / "default"), *args]
    return command, {"PATH": "/usr/bin:/bin", "HOME": str(project), "LANG": "C.UTF-8"}


def run_fixture(project, *args, check=True, prefix=()):
    """Run the workflow of this repository on a copy of the invented project."""
    command, env = fixture_command(project, *args)
    result = subprocess.run([*prefix, *command], cwd=project, env=env, capture_output=True, text=True)
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


@pytest.fixture(scope="session")
def built_fixture(tmp_path_factory):
    """The invented project, built once for the tests that read its outputs or check edits in process."""
    path = fixture_project(tmp_path_factory.mktemp("fixture") / "project")
    run_fixture(path)
    return path


@pytest.fixture
def fixture_copy(tmp_path):
    """A fresh, unbuilt copy of the invented project."""
    return fixture_project(tmp_path / "project")


@pytest.fixture
def built_copy(built_fixture, tmp_path):
    """A copy of the built invented project, Snakemake's records too: an author's folder after a good build."""
    return Path(shutil.copytree(built_fixture, tmp_path / "built", symlinks=True))


@pytest.fixture(scope="session")
def checker(built_fixture):
    """Checks manuscripts in process against the built invented project (see checking.py)."""
    from checking import Checker

    return Checker(built_fixture)


# Fixtures that run a whole workflow for a test, or the editorial's own build: such tests are `workflow` tests.
WORKFLOW_FIXTURES = {"built", "project", "fixture_copy", "built_copy"}


def pytest_collection_modifyitems(items):
    for item in items:
        if WORKFLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.workflow)
