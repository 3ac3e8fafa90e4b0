"""The workflow's settings (config/config.yaml) are checked against their schema, told at the setting's line.

On the invented project's config, in process (common.schema_problem is what the Snakefile calls).
"""

import pytest
import yaml

from common import schema_problem
from conftest import FIXTURE, ROOT

SCHEMA = ROOT / "schemas" / "config.schema.yaml"
CONFIG = (FIXTURE / "config" / "config.yaml").read_text(encoding="utf-8")


def problem_after(tmp_path, old, new):
    assert old in CONFIG, f"the invented config has no {old!r}"
    path = tmp_path / "config.yaml"
    path.write_text(CONFIG.replace(old, new, 1), encoding="utf-8")
    return path, schema_problem(path, yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA)


def line_of(path, fragment):
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if fragment in line)


def test_the_invented_config_and_the_editorial_s_pass():
    for path in (FIXTURE / "config" / "config.yaml", ROOT / "config" / "config.yaml"):
        assert schema_problem(path, yaml.safe_load(path.read_text(encoding="utf-8")), SCHEMA) is None, path


@pytest.mark.parametrize("old, new, fragment, expected", [
    ('days_per_month: "30.4375"', 'days_per_month: "thirty"', "days_per_month",
     '"days_per_month": expected days in a month, as a decimal string (28 to 31.x), found \'thirty\''),
    ('days_per_month: "30.4375"', "days_per_month: 30.4375", "days_per_month",
     "in quotes, found 30.4375 without quotes"),
    ("cancer: hcc, setting: adjuvant}", "cancer: HCC, setting: adjuvant}", "HCC",
     '"forest_plot.groups[0].cancer": expected one of hcc, rcc, found \'HCC\''),
    ("setting: [adjuvant, tace-combination]", "setting: [adjuvent, tace-combination]", "adjuvent",
     '"table1.setting[0]": expected one of advanced, tace, tace-combination, adjuvant, found \'adjuvent\''),
    ('      form: "(1[89]|20)[0-9]{2}"\n      means: "a calendar year, four digits such as 2008"',
     '      means: "a calendar year"', 'means: "a calendar year"',
     'expected a setting "number_check.exemptions.year.form", found none'),
    ("designations: [phase,", "designations: phase, [", "designations", "expected"),
])
def test_a_bad_setting_is_told_at_its_line(tmp_path, old, new, fragment, expected):
    path, problem = problem_after(tmp_path, old, new)
    assert problem is not None and expected in problem, problem
    if "designations: phase" not in new:
        assert problem.startswith(f"{path}:{line_of(path, fragment)}"), problem


def test_a_missing_setting_is_named(tmp_path):
    path, problem = problem_after(tmp_path, "csl: styles/world-journal-hepatology.csl\n", "")
    assert problem == f'{path}: expected a setting "csl", found none'


def test_the_invented_project_checks_with_the_editorial_s_vocabulary():
    """The machinery's tests read numbers and claims as the editorial's build does: the invented project's
    number_check and claims are the editorial's (change both, or the tests test another check)."""
    editorial = yaml.safe_load((ROOT / "config" / "config.yaml").read_text(encoding="utf-8"))
    invented = yaml.safe_load(CONFIG)
    for section in ("number_check", "claims"):
        assert invented[section] == editorial[section], f"{section} differs between the two configs"
