"""Judge one edition's record and write its report: every number, claim and correction with its verdict.

The verdicts come from number_verdicts.py (numerals, numbers, exemptions, citations) and
claim_verdicts.py (claims, corrections of words); this assembles them with their places, the
citations, the text of one edition only and the corrections, in reading order. Errors are
one line each: file:line, what was expected, what was found, and the sentence.
"""

from claim_verdicts import judge_marks
from source_lines import place, sentence
from number_verdicts import citation_problems, exempt_problems, fact_verdict, generated_verdict, numeral_problems
from span_context import context_problems
from estimate_parts import part_problems
from trial_names import whose_problems


class Errors(list):
    """One-line errors, each told at its place in the source."""

    def __init__(self, runs, source):
        super().__init__()
        self.runs, self.source = runs, source

    def add(self, run, message, near=""):
        self.append(f"{place(run, self.runs, self.source, near)}: {message}"
                    + (f", in: {sentence(run)}" if sentence(run) else ""))


def numerals_of_runs(reader, policy, errors):
    """The numerals prose may hold without a span (designations, non-claims); errors for the others."""
    allowed = []
    for run in reader.runs:
        problems, allowed_here = numeral_problems(run, policy)
        for message, near in problems:
            errors.add(run, message, near)
        allowed += [{"text": text, "verdict": reason, "line": run.line} for text, reason in allowed_here]
        for owner in {id(o): o for _, o in run.pieces if o is not None and o.kind == "citation"}.values():
            for message in citation_problems(owner, policy):
                errors.add(run, message)
    return allowed


def numbers_of_spans(reader, facts, edition, policy, errors):
    """The report entry of every number span."""
    numbers = []
    for entry in reader.spans:
        for message in [] if entry["generated"] else context_problems(entry, facts, policy):
            errors.add(entry["run"], message)
        base = {"id": entry["id"], "line": entry["run"].line, "sentence": sentence(entry["run"]),
                "section": entry["run"].section, "path": entry["run"].path, "edition_only": entry["edition_only"],
                "text": entry["text"], "generated": entry["generated"]}
        if entry["kind"] == "exempt":
            for message in exempt_problems(entry, policy):
                errors.add(entry["run"], message)
            numbers.append({**base, "verdict": "exempt", "reason": entry["attributes"]["exempt"]})
            continue
        try:
            judged = generated_verdict(entry, facts) if entry["generated"] else fact_verdict(entry, facts, edition,
                                                                                           policy)
        except ValueError as problem:
            errors.add(entry["run"], f"{entry['attributes'].get('fact')}: {problem}")
            continue
        if judged["verdict"] == "mismatch":
            errors.add(entry["run"], f"{judged['fact']}: {judged['problem']}, found '{judged['text']}'")
        numbers.append({**base, **judged})
    return numbers


def structure_problems(reader, numbers, cited, errors):
    for run, message in reader.problems:
        errors.add(run, message)
    for entry in numbers:
        # The tooltip names the source; the reference list must hold it, so the text must cite it.
        if entry["verdict"] != "exempt" and entry["ref"] not in cited:
            errors.append(f"{errors.source}:{entry['line']}: {entry['fact']}: its source {entry['ref']} is cited "
                          f"nowhere: expected [@{entry['ref']}] in the text (the reference list holds only what is "
                          "cited)")
    for key, run in reader.reference_entries:
        if key not in cited:
            errors.add(run, f"reference list entry ref-{key}: expected only entries citeproc writes for cited works "
                            "(text written inside ::: {#refs} is not the reference list)")
    identifiers = [identifier for identifier, _ in reader.ids]
    for identifier, run in reader.ids:
        if identifiers.count(identifier) > 1:
            errors.add(run, f"id {identifier}: expected each id once, found it {identifiers.count(identifier)} times")
            identifiers = [other for other in identifiers if other != identifier]


def corrections_in_reading_order(reader, numbers, statements):
    """Ids of the corrected numbers, claims and words, in the order the text shows them."""
    order = {id(run): index for index, run in enumerate(reader.runs)}
    marked = {entry["id"]: entry for entry in [*reader.spans, *reader.marks]}
    corrected = [entry["id"] for entry in [*numbers, *statements] if entry["verdict"] == "corrected"]
    return sorted(corrected, key=lambda key: (order[id(marked[key]["run"])], marked[key]["start"]))


def judge(reader, source, edition, data, references, policy):
    """(report, errors) of one edition's record."""
    errors = Errors(reader.runs, source)
    allowed = numerals_of_runs(reader, policy, errors)
    numbers = numbers_of_spans(reader, data["facts"], edition, policy, errors)
    comparisons = {f"{c['trial']}.{c['endpoint']}.{c['experimental']}": c for c in data["comparisons"]}
    statements, problems = judge_marks(reader, data["facts"], comparisons, data.get("text_corrections", {}),
                                       edition, policy)
    problems += whose_problems([*reader.spans, *reader.marks], data["trials"], reader.citations)
    problems += part_problems(reader.spans, data["facts"])
    for run, message, near in problems:
        errors.add(run, message, near)
    cited = list(dict.fromkeys(key for key, _ in reader.citations))
    structure_problems(reader, numbers, cited, errors)
    edition_only = [{"line": run.line, "sentence": " ".join(text.split())}
                    for run, shown_in, text in reader.edition_texts if shown_in == edition and text.strip()]
    verdicts = [entry["verdict"] for entry in [*numbers, *statements, *allowed]]
    report = {
        "edition": edition, "manuscript": str(source), "days_per_month": str(policy.days_per_month),
        "numbers": numbers, "claims": statements, "allowed_numerals": allowed,
        "corrections": corrections_in_reading_order(reader, numbers, statements), "edition_only": edition_only,
        "citations": {"cited": cited, "uncited": sorted(set(references) - set(cited))},
        "summary": {verdict: verdicts.count(verdict) for verdict in sorted(set(verdicts))},
    }
    return report, list(errors)
