"""Check a manuscript in process against the built invented project, the way the workflow's step does.

The step (scripts/check_numbers.py) reads through pandoc with the project folder as working
directory; so does this, one call at a time. Edits are made on the invented manuscript
(tests/fixture/manuscript/editorial.md): text inserted before its corrections div, a string
replaced, or its front matter replaced.
"""

import json
import os
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

import yaml

from check_numbers import check
from number_policy import Policy

ANCHOR = "::: {#corrections}"
CASE = "manuscript/case.md"


@contextmanager
def working_directory(path):
    before = os.getcwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(before)


class Checker:
    def __init__(self, project):
        self.project = Path(project)
        config = yaml.safe_load((self.project / "config" / "config.yaml").read_text(encoding="utf-8"))
        self.settings = config["number_check"]
        self.policy = Policy(self.settings, Decimal(config["days_per_month"]), config["claims"])
        build = self.project / "build"
        self.data = json.loads((build / "facts.json").read_text(encoding="utf-8"))
        self.facts = self.data["facts"]
        self.references = json.loads((build / "references.json").read_text(encoding="utf-8"))
        self.manuscript = (self.project / "manuscript" / "editorial.md").read_text(encoding="utf-8")

    def inserted(self, text):
        """The manuscript with text as new paragraph(s) before the corrections div; and the line text starts on."""
        before = self.manuscript[: self.manuscript.index(ANCHOR)]
        first_line = before.count("\n") + 2
        return before + "\n" + text.rstrip("\n") + "\n\n" + self.manuscript[len(before):], first_line

    def replaced(self, old, new):
        assert old in self.manuscript, f"stale edit: {old!r} is not in the invented manuscript"
        return self.manuscript.replace(old, new, 1)

    def run(self, text, edition="corrected"):
        """(report, errors) of the check of text as the manuscript, in an edition."""
        with working_directory(self.project):
            Path(CASE).write_text(text, encoding="utf-8")
            try:
                _, report, errors = check(CASE, edition, "build/metadata.json", "references.bib",
                                          "styles/world-journal-hepatology.csl", self.data, self.references,
                                          self.policy)
            except Exception as error:  # a BuildError of the reading step is a refusal too
                if type(error).__name__ not in ("BuildError", "BuildErrors"):
                    raise
                return None, str(error).splitlines()
        return report, errors

    def line_of(self, text, fragment):
        return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)
