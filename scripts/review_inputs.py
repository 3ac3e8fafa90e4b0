"""The two sides of a review: BASE's build (build/review/base, from review_base.py) and this one.

Each side gives its facts, reports, Table 1 and Figure 1 data and the AST of each edition,
read through filters/sentences.lua so that sentences carry the ids the article's HTML gives
them. BASE's side is missing (None) when it did not build.
"""

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from read_manuscript import pandoc_path

FILTERS = Path(__file__).resolve().parent.parent / "filters"
EDITIONS = {"corrected": "", "published": "published/"}


class Side:
    """One version's build outputs (build_dir) and sources (source_dir)."""

    def __init__(self, build_dir, source_dir):
        self.build_dir, self.source_dir = Path(build_dir), Path(source_dir)
        self.asts = {}

    def json(self, relative):
        path = self.build_dir / relative
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None

    @property
    def facts(self):
        return (self.json("facts.json") or {}).get("facts", {})

    def report(self, edition):
        return self.json(f"{EDITIONS[edition]}checks/numbers.json")

    def config(self):
        path = self.source_dir / "config" / "config.yaml"
        try:
            settings = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
        except yaml.YAMLError:
            settings = {}
        return settings if isinstance(settings, dict) else {}

    def source(self, setting, default):
        """The path of a source the config names (manuscript, bibliography), in this side's folder."""
        return self.source_dir / str(self.config().get(setting) or default)

    def read_asts(self):
        """Each edition's AST with sentence ids (pandoc runs in parallel: it works outside Python)."""
        editions = [e for e in EDITIONS if (self.build_dir / f"{EDITIONS[e]}manuscript.json").is_file()]
        with ThreadPoolExecutor(max_workers=2) as pool:
            for edition, ast in zip(editions, pool.map(self._with_sentences, editions)):
                self.asts[edition] = ast
        return self

    def _with_sentences(self, edition):
        path = self.build_dir / f"{EDITIONS[edition]}manuscript.json"
        result = subprocess.run([pandoc_path(), str(path), "--from", "json", "--to", "json",
                                 "--lua-filter", str(FILTERS / "sentences.lua")], capture_output=True, text=True,
                                check=True)
        return json.loads(result.stdout)


def load_sides(base_dir, build_dir="build", source_dir="."):
    """(status of BASE, BASE's Side or None, this project's Side), ASTs read."""
    base_dir = Path(base_dir)
    status = json.loads((base_dir / "status.json").read_text(encoding="utf-8"))
    old = Side(base_dir / "build", base_dir / "source").read_asts() if status["built"] else None
    new = Side(build_dir, source_dir).read_asts()
    return status, old, new
