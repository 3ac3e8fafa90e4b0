"""The corpus of manuscript edits (tests/corpus/manuscript_edits.yaml), run through the number check.

Every way around the check must be refused, at the line the corpus names; every ordinary
edit must pass. Both editions are checked, as the build checks both (the published one only where
the edit holds markup that tells the editions apart), and an edit of the
bibliographic record goes through its own step (check_metadata.py). The corpus was written
against the invented project by someone trying to sneak numbers past the check.
"""

import re
from pathlib import Path

import pytest
import yaml

import check_metadata
from common import BuildError, BuildErrors

# Every file of tests/corpus/ (manuscript_edits.yaml, then each later round), its cases joined.
CORPUS = {"ways_around": [], "ordinary": []}
for corpus_file in sorted((Path(__file__).parent / "corpus").glob("*.yaml")):
    for kind, cases in yaml.safe_load(corpus_file.read_text(encoding="utf-8")).items():
        CORPUS[kind] += cases
CASE = "manuscript/case.md"


def edited(checker, case):
    """(manuscript text, the line the error must name or None) after the case's edit."""
    text, line = checker.manuscript, None
    if "insert" in case:
        text, first = checker.inserted(case["insert"])
        line = first + case["line"] - 1 if "line" in case else None
    elif "replace" in case:
        text = checker.replaced(case["replace"]["old"], case["replace"]["new"])
        line = checker.line_of(text, case["line_of"]) if "line_of" in case else None
    elif "front_matter" in case:
        end = text.index("\n---", 3)
        text = "---\n" + case["front_matter"].rstrip("\n") + text[end:]
        line = case.get("line")
    return text, line


def metadata_errors(checker, case, tmp_path):
    record = yaml.safe_load((checker.project / "manuscript" / "metadata.yaml").read_text(encoding="utf-8"))
    record.update(case["metadata"])
    path = tmp_path / "metadata.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        check_metadata.check(path, Path(check_metadata.__file__).parents[1] / "schemas" / "metadata.schema.yaml",
                             checker.settings["designations"], checker.policy.claims["wording"])
    except BuildErrors as errors:
        return errors.messages
    except BuildError as error:
        return [str(error)]
    return []


# The editions differ only where filters/edition.lua acts: text of one edition, was= and what it
# corrects. An edit without such markup reads alike in both, so its published reading is skipped.
EDITION_MARKUP = re.compile(r"edition|was|correct|claim")


def refusals(checker, case, tmp_path, stop_at_refusal=False):
    """The errors of both editions after the case's edit, and the line they must name.

    stop_at_refusal: a way around needs one refusal at its line; once the first edition refuses
    it there, the second is not read (the build stops at the first too).
    """
    if "metadata" in case:
        return metadata_errors(checker, case, tmp_path), None
    text, line = edited(checker, case)
    errors = []
    editions = ("corrected", "published") if EDITION_MARKUP.search(str(case)) else ("corrected",)
    for edition in editions:
        errors += checker.run(text, edition)[1]
        if stop_at_refusal and errors and (line is None or any(error.startswith(f"{CASE}:{line}:") for error in errors)):
            break
    return errors, line


def known_gaps(cases):
    """The cases, a case with known_gap: marked xfail (a way around the check does not refuse yet, or an
    ordinary edit it refuses still); strict, so that a fix is noticed."""
    return [pytest.param(case, marks=pytest.mark.xfail(reason=case["known_gap"], strict=True))
            if case.get("known_gap") else case for case in cases]


@pytest.mark.parametrize("case", known_gaps(CORPUS["ways_around"]), ids=[case["name"] for case in CORPUS["ways_around"]])
def test_a_way_around_the_check_is_refused_at_its_line(checker, case, tmp_path):
    errors, line = refusals(checker, case, tmp_path, stop_at_refusal=True)
    assert errors, f"{case['name']}: built, while readers would see {case.get('reader_sees')!r}"
    if line is not None:
        assert any(error.startswith(f"{CASE}:{line}:") for error in errors), errors


# Ordinary inserts must all pass, so they are read together, some forty to a manuscript (a pandoc
# read costs far more than its text), each after a comment that ends any list or block before it;
# a case is read alone only when its group is refused.
GROUP = 40


def accepted_in_groups(checker, cases):
    """The names of the inserts among cases whose group both editions accept."""
    cases = [case for case in cases if "insert" in case and not case.get("known_gap") and not case.get("refused_by_design")]
    accepted = set()
    for start in range(0, len(cases), GROUP):
        group = cases[start:start + GROUP]
        text, _ = checker.inserted("".join(f"<!-- case -->\n\n{case['insert'].rstrip()}\n\n" for case in group))
        if not any(checker.run(text, edition)[1] for edition in ("corrected", "published")):
            accepted |= {case["name"] for case in group}
    return accepted


@pytest.fixture(scope="session")
def accepted_together(checker):
    return accepted_in_groups(checker, CORPUS["ordinary"])


def test_a_refused_edit_is_not_accepted_with_its_group(checker, accepted_together):
    """The grouping hides no refusal: one invented unlinked count among ordinary edits fails their group."""
    planted = {"name": "planted unlinked count", "insert": "The trial enrolled 1602 patients.\n"}
    group = [case for case in CORPUS["ordinary"] if case["name"] in accepted_together][:GROUP - 1]
    assert accepted_in_groups(checker, group) == {case["name"] for case in group}
    assert accepted_in_groups(checker, [*group[:5], planted, *group[5:]]) == set()


@pytest.mark.parametrize("case", known_gaps(CORPUS["ordinary"]), ids=[case["name"] for case in CORPUS["ordinary"]])
def test_an_ordinary_edit_passes(checker, accepted_together, case, tmp_path):
    """An ordinary edit builds; a few the check refuses on purpose say why (refused_by_design)."""
    if case["name"] in accepted_together:
        return  # read, with its group, in both editions, without an error
    errors, _ = refusals(checker, case, tmp_path)
    if case.get("refused_by_design"):
        assert errors, f"{case['name']}: expected it refused ({case['refused_by_design']})"
    else:
        assert errors == []
