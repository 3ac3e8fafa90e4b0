"""Every module a rule's script imports is an input of the rule, so a change to it reruns the rule.

The inputs are Snakemake's own (--detailed-summary of the built invented project, which records them); the
imports are read from the scripts with ast, transitively, among the modules of scripts/; and the Lua
filters a pandoc defaults file names, with the modules they require(), from the files themselves.
"""

import ast
import re
from pathlib import Path

import pytest

from conftest import ROOT, run_fixture

SCRIPTS = ROOT / "scripts"
FILTERS = ROOT / "filters"


def imported(module, seen=None):
    """The modules of scripts/ that scripts/<module>.py imports, directly or through another."""
    seen = set() if seen is None else seen
    tree = ast.parse((SCRIPTS / f"{module}.py").read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
        for name in names:
            if (SCRIPTS / f"{name}.py").exists() and name not in seen:
                seen.add(name)
                imported(name, seen)
    return seen


def lua_needs(path):
    """The filters a pandoc defaults file names, or the modules a filter requires (file names)."""
    text = Path(path).read_text(encoding="utf-8")
    named = re.findall(r"filters/(\w+\.lua)", text) if path.endswith(".yaml") else \
        [f"{name}.lua" for name in re.findall(r"require\(\"(\w+)\"\)", text)]
    return {name for name in named if (FILTERS / name).exists()}


@pytest.fixture(scope="module")
def rules(built_fixture):
    """{script a rule runs: the rule's input files}, as Snakemake recorded them for every output."""
    summary = run_fixture(built_fixture, "--detailed-summary").stdout
    plan = {}
    for row in summary.splitlines()[1:]:
        fields = row.split("\t")
        if len(fields) < 6:
            continue
        for script in re.findall(r"scripts/(\w+)\.py", fields[5]):
            plan.setdefault(script, set()).update(fields[4].split(","))
    return plan


def test_the_plan_names_the_scripts_it_runs(rules):
    assert {"build_facts", "check_metadata", "check_numbers", "render_docx"} <= set(rules)


def test_every_filter_a_rule_uses_is_an_input_of_the_rule(rules):
    missing = {}
    for script, inputs in rules.items():
        used = {name for path in inputs if ("/pandoc/" in path and path.endswith(".yaml")) or
                ("/filters/" in path and path.endswith(".lua")) for name in lua_needs(path)}
        absent = sorted(name for name in used if not any(path.endswith(f"filters/{name}") for path in inputs))
        if absent:
            missing[script] = absent
    assert missing == {}


def test_every_imported_module_is_an_input_of_the_rule(rules):
    missing = {script: sorted(module for module in imported(script)
                              if not any(path.endswith(f"scripts/{module}.py") for path in inputs))
               for script, inputs in rules.items()}
    assert {script: modules for script, modules in missing.items() if modules} == {}
