"""The invented data of tests/fixture, and the edits the tests of build_facts.py make to a copy of it."""

import json
import shutil
from pathlib import Path

import pytest

from build_facts import build
from common import BuildError
from conftest import FIXTURE, ROOT
from index_references import index_references

DATA = FIXTURE / "data"
SCHEMAS = ROOT / "schemas"
CSV_FILES = ("trials.csv", "arms.csv", "outcomes.csv", "exceptions.csv")


@pytest.fixture(scope="module")
def references(tmp_path_factory):
    """build/references.json of the invented project."""
    path = tmp_path_factory.mktemp("references") / "references.json"
    path.write_text(json.dumps(index_references(FIXTURE / "references.bib")), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def baseline(references):
    return build(DATA, SCHEMAS, references)


@pytest.fixture
def data(tmp_path):
    """A copy of the invented data/ to edit."""
    return Path(shutil.copytree(DATA, tmp_path / "data"))


def edit(data, name, old, new):
    """Replace the first old by new in data/name; return the line number where new starts."""
    path = data / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"the fixture expects {old!r} in {name}"
    text = text.replace(old, new, 1)
    path.write_bytes(text.encode("utf-8"))
    return text[: text.index(new)].count("\n") + 1 if new else None


def line_of(data, name, fragment):
    text = (data / name).read_text(encoding="utf-8")
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def build_error(data, references):
    with pytest.raises(BuildError) as caught:
        build(data, SCHEMAS, references)
    return str(caught.value)


def assert_error(message, data, name, line, column=None, *phrases):
    place = f"{data / name}:{line}" + (f', column "{column}"' if column else "")
    assert message.startswith(place + ": "), message
    for phrase in phrases:
        assert phrase in message, f"{phrase!r} not in {message!r}"
