"""The bibliographic record (scripts/check_metadata.py): typed fields, free text without numbers, and what it composes.

On the invented project's metadata.yaml, in process: each bad record names its file, line and field.
"""

import pytest
import yaml

from check_metadata import check
from common import BuildErrors
from conftest import FIXTURE, ROOT

SCHEMA = ROOT / "schemas" / "metadata.schema.yaml"
RECORD = (FIXTURE / "manuscript" / "metadata.yaml").read_text(encoding="utf-8")


def record_with(tmp_path, old, new):
    assert old in RECORD, f"the invented record has no {old!r}"
    path = tmp_path / "metadata.yaml"
    path.write_text(RECORD.replace(old, new, 1), encoding="utf-8")
    return path


def problems(path):
    with pytest.raises(BuildErrors) as caught:
        check(path, SCHEMA)
    return caught.value.messages


def line_of(path, fragment):
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if fragment in line)


def test_the_invented_record_composes_what_readers_see(tmp_path):
    shown = check(FIXTURE / "manuscript" / "metadata.yaml", SCHEMA)
    assert shown["citation"] == "J Invented Res 2024 March 1; 5(6): 70-80"
    assert shown["affiliation"] == [{"id": "1", "name": "Department of Invention, Invented University, Nowhere 99999, "
                                                        "Utopia"}]
    assert shown["correspondence"].startswith("Ann Inventor, Department of Invention")
    assert shown["funding"] == "Supported by Invented Fund No. INV-0001."
    assert shown["license-url"] == "https://creativecommons.org/licenses/by-nc/4.0/"
    assert shown["cite-authors"] == "Inventor A"


@pytest.mark.parametrize("old, new, fragment, expected", [
    ("running-title: An invented editorial", "running-title: An editorial of 1602 patients", "running-title",
     "running-title: expected text without numbers"),
    ("running-title: An invented editorial", "running-title: An editorial of &#49;&#54; patients", "running-title",
     "found '16'"),
    ("running-title: An invented editorial", "running-title: Twelve invented patients", "running-title",
     "found 'Twelve'"),
    ("institution: Invented University", "institution: Invented University of 12 patients", "institution",
     "affiliation.0.institution: expected text without numbers"),
    ("  - funder: Invented Fund", "  - funder: Invented Fund of 1602 patients", "funder",
     "funding.0.funder: expected text without numbers"),
    ("conflicts: None; this record is invented.", "conflicts: None\u200b; this record is invented.", "conflicts",
     "expected visible text, found the hidden character U+200B"),
    ('date: "2024-03-01"', "date: 2024-03-01", "date:", "expected a publication date"),
    ('volume: "5"', 'volume: "five"', "volume:", 'expected a whole number in quotes'),
    ('postcode: "99999"', 'postcode: "99 999 patients"', "postcode", "expected a postal code"),
    ("grants: [INV-0001]", "grants: [1602 patients]", "grants", "expected a grant number"),
    ("name: CC BY-NC 4.0", "name: CC BY-NC 5.0", "name: CC", "expected one of CC BY 4.0"),
    ("    affiliation: [1]\n", "    affiliation: [2]\n", "affiliation: [2]", "expected an affiliation id of affiliation"),
    ("    corresponding: true\n", "", "- name: A. Inventor", "expected one author with corresponding: true"),
    ("doi: 10.9999/invented.2024.5", 'doi: 10.9999/invented.2024.5\ncitation: "J Invented Res 2024; 5: 70"', "citation",
     "expected only the fields"),
])
def test_a_bad_record_names_its_file_line_and_field(tmp_path, old, new, fragment, expected):
    path = record_with(tmp_path, old, new)
    messages = problems(path)
    assert any(message.startswith(f"{path}:{line_of(path, fragment)}") and expected in message
               for message in messages), messages


def test_a_record_that_is_not_yaml_or_not_a_mapping_is_told(tmp_path):
    from common import BuildError

    path = tmp_path / "metadata.yaml"
    path.write_text("journal: [unclosed\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"metadata\.yaml:\d+: expected YAML"):
        check(path, SCHEMA)
    path.write_text("- a list\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"metadata\.yaml:1: expected a mapping of fields"):
        check(path, SCHEMA)


def test_every_shown_field_is_typed_or_free_text(tmp_path):
    """A field the schema neither types (x-identifier) nor leaves as free text would escape both checks."""
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))

    def leaves(node, path=()):
        if "$ref" in node:
            yield path, schema["$defs"][node["$ref"].split("/")[-1]]
        elif "properties" in node:
            for key, child in node["properties"].items():
                yield from leaves(child, (*path, key))
        elif "items" in node:
            yield from leaves(node["items"], path)
        else:
            yield path, node

    for path, node in leaves(schema):
        assert node.get("x-identifier") or node.get("type") in ("string", "boolean"), path
