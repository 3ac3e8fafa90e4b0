"""The invented project's data, edited and built in process: facts, Table 1 and Figure 1's rows.

A test copies tests/fixture/data, edits it (append rows, replace text), and gets what the
workflow's steps would make of it, without running the workflow.
"""

import json
import shutil
from pathlib import Path

import yaml

from build_facts import build
from conftest import FIXTURE, ROOT
from index_references import index_references

CONFIG = yaml.safe_load((FIXTURE / "config" / "config.yaml").read_text(encoding="utf-8"))


class InventedData:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.data = Path(shutil.copytree(FIXTURE / "data", self.folder / "data"))
        self.bibliography = self.folder / "references.bib"
        shutil.copy(FIXTURE / "references.bib", self.bibliography)

    def replace(self, name, old, new):
        path = self.data / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the invented data has no {old!r} in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def append(self, name, rows):
        with open(self.data / name, "a", encoding="utf-8") as handle:
            handle.write(rows)

    def facts(self):
        references = self.folder / "references.json"
        references.write_text(json.dumps(index_references(self.bibliography)), encoding="utf-8")
        return build(self.data, ROOT / "schemas", references)
