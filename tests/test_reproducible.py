"""Guarantees a journal can verify: same bytes in any folder, offline, after interruptions."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import snakemake
from verify import compare, offline_prefix, output_hashes, read_manifest


def test_the_manifest_matches_a_clean_build(built):
    """Fails while MANIFEST.sha256 is stale: run `make manifest` after an intended change."""
    assert compare(read_manifest(), output_hashes(built)) == []


def test_two_clean_builds_in_different_folders_give_the_same_bytes(built, project):
    snakemake(project)
    assert output_hashes(project) == output_hashes(built)
    assert len(output_hashes(project)) >= 15


def test_a_changed_output_is_named_by_the_comparison(built):
    hashes = output_hashes(built)
    changed = dict(hashes, **{"build/editorial.pdf": "0" * 64})
    del changed["build/figures/forest.png"]
    assert compare(hashes, changed) == ["DIFFERS    build/editorial.pdf",
                                        "missing    build/figures/forest.png (in the manifest, not built)"]


@pytest.mark.skipif(not offline_prefix(),
                    reason="cannot create a network namespace here (unshare --net needs root or user namespaces)")
def test_the_build_needs_no_network(built, project):
    # A new network namespace has no interfaces but a downed loopback: nothing can be reached.
    snakemake(project, prefix=offline_prefix())
    assert output_hashes(project) == output_hashes(built)


@pytest.mark.parametrize("delay", [0.4, 0.9, 1.4, 1.9, 2.6])
def test_a_killed_build_run_again_gives_the_same_outputs(built, project, delay):
    bin_dir = Path(sys.executable).parent
    first = subprocess.Popen([str(bin_dir / "snakemake")], cwd=project, start_new_session=True,
                             env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(project)},
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    os.killpg(first.pid, signal.SIGKILL)  # no chance to clean up: as a power cut
    first.wait()
    snakemake(project)
    assert output_hashes(project) == output_hashes(built)
    # A kill between writing a temporary file and renaming it may leave the hidden
    # temporary behind; it is never read, and never taken for an output.
    visible = [path for path in (project / "build").rglob("*") if path.is_file() and not path.name.startswith(".")]
    assert len(visible) == len(output_hashes(built))
