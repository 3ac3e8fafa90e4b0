"""Every module a rule's script imports is an input of the rule, so a change to it reruns the rule.

The inputs are Snakemake's own (--detailed-summary of the built invented project, which records them); the
imports are read from the scripts with ast, transitively, among the modules of scripts/.
"""

import ast
import re

import pytest

from conftest import ROOT, run_fixture

SCRIPTS = ROOT / "scripts"


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


def test_every_imported_module_is_an_input_of_the_rule(rules):
    missing = {script: sorted(module for module in imported(script)
                              if not any(path.endswith(f"scripts/{module}.py") for path in inputs))
               for script, inputs in rules.items()}
    assert {script: modules for script, modules in missing.items() if modules} == {}
