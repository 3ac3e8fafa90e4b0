"""Guarantees a journal can verify: same bytes in any folder, offline, after interruptions.

The editorial's own build must match MANIFEST.sha256; the guarantees of the machinery are
shown on the invented project, which builds faster.
"""

import os
import signal
import subprocess
import time

import pytest

from conftest import fixture_command, run_fixture
from verify import compare, offline_prefix, output_hashes, read_manifest


def test_the_manifest_matches_a_clean_build(built):
    """Fails while MANIFEST.sha256 is stale: run `make manifest` after an intended change."""
    assert compare(read_manifest(), output_hashes(built)) == []


def test_a_clean_build_in_another_folder_and_offline_gives_the_same_bytes(built_fixture, fixture_copy):
    # A new network namespace has no interfaces but a downed loopback: nothing can be reached.
    offline = offline_prefix()
    run_fixture(fixture_copy, prefix=offline or ())
    assert output_hashes(fixture_copy) == output_hashes(built_fixture)
    assert len(output_hashes(fixture_copy)) >= 15
    if not offline:
        pytest.skip("same bytes in another folder; but no network namespace could be made here to build offline "
                    "(unshare --net needs root or user namespaces)")


def test_a_changed_output_is_named_by_the_comparison(built_fixture):
    hashes = output_hashes(built_fixture)
    changed = dict(hashes, **{"build/editorial.pdf": "0" * 64})
    del changed["build/figures/forest.png"]
    assert compare(hashes, changed) == ["DIFFERS    build/editorial.pdf",
                                        "missing    build/figures/forest.png (in the manifest, not built)"]




# Killed once an output exists: after the data's steps (the editions not begun), and inside an
# edition's step (its checked AST written, its HTML and PDF not yet).
@pytest.mark.parametrize("written", ["build/facts.json", "build/manuscript.json"])
def test_a_killed_build_run_again_gives_the_same_outputs(built_fixture, fixture_copy, written):
    command, env = fixture_command(fixture_copy)
    first = subprocess.Popen(command, cwd=fixture_copy, start_new_session=True, env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (fixture_copy / written).exists() and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert first.poll() is None, f"the build ended before {written} was written: nothing was killed"
    os.killpg(first.pid, signal.SIGKILL)  # no chance to clean up: as a power cut
    first.wait()
    assert not (fixture_copy / "build" / "editorial.html").exists(), "killed too late: the edition was rendered"
    run_fixture(fixture_copy)
    assert output_hashes(fixture_copy) == output_hashes(built_fixture)
    # A kill between writing a temporary file and renaming it may leave the hidden
    # temporary behind; it is never read, and never taken for an output.
    visible = [path for path in (fixture_copy / "build").rglob("*") if path.is_file() and not path.name.startswith(".")]
    assert len(visible) == len(output_hashes(built_fixture))
