"""Judge the record of what readers see: every numeral has a source, every linked number agrees.

A numeral in prose must sit in a fact span that agrees with the data, or in an
exempt span whose reason is declared with the form its text must have
(config number_check.exemptions), or be a citation's number or locator, a
Roman numeral of a declared designation ("phase Ⅲ"), a declared non-claim
("one another"), or text the build generated from the data (Table 1, the
reference list). Everything else is an error at its line.

The corrected edition fails on a number that disagrees with the data; the
published edition lists it as a discrepancy.
"""

import difflib
import re

from fact_agreement import judge_written
from numerals import hidden_characters, is_bidi_control, numerals
from reported import WRITTEN_UNITS
from source_lines import contains_in_order, words

ALLOWED_OWNERS = {"citation", "generated", "reference-list", "crossref", "identifier"}
SIGN_BEFORE = re.compile(r"(?:^|[\s(])[-−–—+±~≈]$|[<>≤≥⩽⩾≦≧≲≳≪≫]\s*$|\b(?:minus|negative)\s*$", re.IGNORECASE)
UNIT_AFTER = re.compile(r"[\s\u00a0\u2009\u202f-]*(%|per cent|[A-Za-z]+)")


class Policy:
    """The declared vocabulary of the check (config number_check), compiled once."""

    def __init__(self, settings, days_per_month):
        self.days_per_month = days_per_month
        # "phase Ⅲ", "stages II and III", "phase Ⅱ or Ⅲ": a designation word, then only Roman numerals.
        roman = r"(?:[IVXLC]+|[\u2160-\u2188]+)"
        self.designation = re.compile(
            r"\b(?:" + "|".join(map(re.escape, settings["designations"])) + r")[\s\u00a0]+"
            rf"(?:{roman}[\s\u00a0]*(?:,|/|-|–|\bor\b|\band\b|\bto\b)[\s\u00a0]*)*$", re.IGNORECASE)
        self.non_claims = [re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE)
                           for phrase in settings["non_claims"]]
        self.count_nouns = re.compile(r"[\s\u00a0\u2009\u202f-]*(?:%|(?:" + "|".join(
            map(re.escape, sorted(set(settings["count_nouns"]) | set(WRITTEN_UNITS), key=len, reverse=True)))
            + r")\b)", re.IGNORECASE)
        labels = "|".join(map(re.escape, sorted(settings["locator_labels"], key=len, reverse=True)))
        value = r"[A-Za-z]?\d+[A-Za-z]?(?:\.\d+)*"
        self.locator = re.compile(rf"(?:(?:{labels})\.?\s*)?{value}(?:\s*(?:[-–,&]|and)\s*{value})*", re.IGNORECASE)
        self.exemptions = {name: (re.compile(spec["form"]), spec["means"])
                           for name, spec in settings["exemptions"].items()}

    def locators_only(self, suffix):
        """Is a citation's suffix nothing but locators ('p. 33', 'pp. 7-9, table 2')?"""
        parts = [part.strip() for part in re.split(r"[;,](?=\s*[A-Za-z§¶])", suffix.strip().lstrip(",").strip())]
        return all(self.locator.fullmatch(part) for part in parts if part)

    def allowed_in_prose(self, text, numeral):
        """Why a numeral outside any span is no claim (a designation, a non-claim), or None."""
        if numeral.kind in ("roman", "digits") and all(not char.isdecimal() for char in numeral.text) \
                and self.designation.search(text[:numeral.start]):
            return "designation"
        for pattern in self.non_claims:
            for match in pattern.finditer(text):
                if match.start() <= numeral.start and numeral.end <= match.end():
                    return "non-claim"
        return None


def text_after(entry):
    """What readers see after a span, on to the next line of its paragraph (pandoc joins them)."""
    run, text = entry["end_run"], entry["end_run"].text[entry["end"]:]
    return text + (" " + run.next.text if run.next is not None else "")


def text_before(entry):
    run, text = entry["run"], entry["run"].text[:entry["start"]]
    return (run.previous.text + " " if run.previous is not None else "") + text


def place(run, runs_of_source, source, near=""):
    """'file:line', or 'file, between lines a and b (...)' when the text was not found in the source.

    near: the text the message is about; of a run over several lines, the line holding it is named.
    """
    if run is not None and run.line is not None:
        wanted = words(near)
        line = next((number for number, line_words in run.line_words
                     if wanted and contains_in_order(line_words, wanted)), run.line)
        return f"{source}:{line}"
    lines = [r.line for r in runs_of_source]
    index = runs_of_source.index(run) if run in runs_of_source else -1
    before = next((line for line in reversed(lines[:index]) if line is not None), None) if index >= 0 else None
    after = next((line for line in lines[index + 1:] if line is not None), None) if index >= 0 else None
    if before or after:
        return f"{source}, between lines {before or 1} and {after or 'the end'} (its text was not found in the source)"
    return f"{source} (the line could not be found in the source)"


def sentence(run):
    return " ".join(run.text.split()) if run is not None else ""


def hidden_problems(text, owners):
    """Messages about format, control or combining characters inside or next to a number or a span."""
    problems = []
    for index, name in hidden_characters(text):
        start, end = index, index
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        word = "".join(char for char in text[start:end] if not hidden_characters(char))
        at_span_edge = 0 < index < len(text) - 1 and owners[index - 1] is not owners[index + 1]
        if is_bidi_control(text[index]) or at_span_edge or numerals(word):
            problems.append((f"hidden character {name} next to a number: expected none (it can hide, join or "
                             "reorder what readers see)", word))
    return problems


def numeral_problems(run, policy):
    """Messages (without place) about numerals of one run that no span, citation or generated text accounts
    for, and the numerals allowed in prose (designations, non-claims)."""
    text, owners = run.text, run.owners()
    problems, allowed = hidden_problems(text, owners), []
    visible = "".join(char if not hidden_characters(char) else " " for char in text)
    for numeral in numerals(visible):
        kinds = {owners[i].kind if owners[i] else None for i in range(numeral.start, numeral.end)}
        entries = {id(owners[i].entry) for i in range(numeral.start, numeral.end) if owners[i] and owners[i].entry}
        if len(kinds) > 1 or len(entries) > 1:
            if kinds & {"fact", "exempt"}:
                problems.append((f"number '{numeral.text}' runs into a span: expected a span to hold the whole "
                                 "number and touch no digit or other span", numeral.text))
            continue
        kind = kinds.pop()
        if kind in ("fact", "exempt") or kind in ALLOWED_OWNERS:
            continue
        if kind in ("code", "math"):
            problems.append((f"number '{numeral.text}' in {'code' if kind == 'code' else 'math'}: expected prose "
                             "(a number in code or math cannot be tied to the data)", numeral.text))
            continue
        reason = policy.allowed_in_prose(visible, numeral)
        if reason:
            allowed.append((numeral.text, reason))
            continue
        problems.append((f"unlinked number '{numeral.text}': expected {what_to_write(numeral.text, policy)}",
                         numeral.text))
    return problems, allowed


def what_to_write(text, policy):
    """The markup that would account for a numeral: a fact, or an exemption whose declared form it fits."""
    fitting = [(name, means) for name, (form, means) in policy.exemptions.items() if form.fullmatch(text)]
    if fitting:
        name, means = fitting[0]
        return f"[{text}]{{fact=...}}, or [{text}]{{exempt=\"{name}\"}} if it is {means}"
    return (f"[{text}]{{fact=...}} (no declared exemption fits it: "
            f"{', '.join(policy.exemptions)})")


def citation_problems(owner, policy):
    problems = []
    for citation in owner.entry["citations"]:
        for numeral in numerals(citation["prefix"]):
            problems.append(f"number '{numeral.text}' before the citation key @{citation['key']}: expected only "
                            "words there (a number goes in a fact span outside the citation)")
        if numerals(citation["suffix"]) and not policy.locators_only(citation["suffix"]):
            problems.append(f"number in the citation of @{citation['key']} ('{citation['suffix'].strip(', ')}'): "
                            "expected only a locator such as 'p. 33' or 'sec. 4.2' after the key")
    return problems


def exempt_problems(entry, policy):
    reason = entry["attributes"]["exempt"]
    if reason not in policy.exemptions:
        known = ", ".join(f"\"{name}\" ({means})" for name, (_, means) in policy.exemptions.items())
        return [f"exempt number '{entry['text']}': expected a reason among {known}, found \"{reason}\""]
    form, means = policy.exemptions[reason]
    if not form.fullmatch(entry["text"].strip()):
        return [f"exempt number '{entry['text']}': expected {reason} to be {means}, found '{entry['text']}'"]
    following = policy.count_nouns.match(text_after(entry))
    if following:
        return [f"exempt number '{entry['text']}' counts '{following.group().strip(' -')}': expected it linked "
                f"to the data, [{entry['text']}]{{fact=...}}"]
    if entry["attributes"].get("was") is not None:
        return ["was= on an exempt number: expected was= only with fact="]
    return []


def unknown_fact(key, facts):
    close = difflib.get_close_matches(key, facts, n=3)
    hint = f" such as {', '.join(close)}" if close else " (see build/facts.json)"
    return f"unknown fact key '{key}': expected a key of the data{hint}"


def fact_verdict(entry, facts, edition, policy):
    """The verdict fields of a fact span; raises ValueError with what was expected."""
    attributes = entry["attributes"]
    key = attributes["fact"]
    if not key:
        raise ValueError("expected a fact key after fact=, found nothing")
    if key not in facts:
        raise ValueError(unknown_fact(key, facts))
    if attributes.get("note") is not None and attributes.get("was") is None:
        raise ValueError(f"note= on [{entry['text']}]: expected note= only with was= (it explains a correction)")
    note_numerals = numerals(attributes.get("note", ""))
    if note_numerals:
        raise ValueError(f"note=\"{attributes['note']}\": expected a note without numbers (they would reach readers "
                         f"unchecked in the corrections), found '{note_numerals[0].text}'")
    fact = facts[key]
    following = UNIT_AFTER.match(text_after(entry))
    unit_after = following[1] if following and following[1] in WRITTEN_UNITS else ""
    judged = judge_written(entry["text"], unit_after, fact, policy.days_per_month)
    # The published edition may show a number that disagrees only where was= records it as published.
    recorded = edition == "published" and attributes.get("corrected") is not None
    verdict = "ok" if judged["agrees"] else ("discrepancy" if recorded else "mismatch")
    was = attributes.get("was")
    if edition == "corrected" and was is not None:
        if judge_written(was, unit_after, fact, policy.days_per_month)["agrees"]:
            raise ValueError(f"{key}: was=\"{was}\" records a published error, but it agrees with the data: "
                             "remove was=")
        verdict = "corrected" if judged["agrees"] else verdict
    return {**judged, "verdict": verdict, "fact": key, "fact_text": fact["text"], "fact_unit": fact["unit"],
            "description": fact["description"], "ref": fact["ref"], "ref_label": fact["ref_label"],
            "location": fact["location"], "status": fact["status"], "note": attributes.get("note", ""),
            "was": was, "corrected_text": attributes.get("corrected")}


def generated_verdict(entry, facts):
    """A number the build wrote from the data (Table 1): it shows the fact's reported string."""
    key = entry["attributes"]["fact"]
    if key not in facts:
        raise ValueError(unknown_fact(key, facts))
    fact = facts[key]
    verdict = "ok" if entry["text"] == fact["text"] else "mismatch"
    return {"verdict": verdict, "text": entry["text"], "unit": fact["unit"], "fact_in_written_unit": fact["text"],
            "problem": "" if verdict == "ok" else f"expected {fact['text']} (the build wrote it from the data)",
            "fact": key, "fact_text": fact["text"], "fact_unit": fact["unit"], "description": fact["description"],
            "ref": fact["ref"], "ref_label": fact["ref_label"], "location": fact["location"],
            "status": fact["status"], "note": "", "was": None, "corrected_text": None}


def span_edges(entry):
    """Problems with what touches a span: a digit or another span, or a sign left outside it."""
    run, end_run = entry["run"], entry["end_run"]
    owners, end_owners = run.owners(), end_run.owners()
    before = run.text[entry["start"] - 1] if entry["start"] else ""
    after = end_run.text[entry["end"]] if entry["end"] < len(end_run.text) else ""
    problems = []
    if (before and (before.isnumeric() or owners[entry["start"] - 1] is not None and
                    owners[entry["start"] - 1].kind in ("fact", "exempt"))) or \
            (after and (after.isnumeric() or end_owners[entry["end"]] is not None and
                        end_owners[entry["end"]].kind in ("fact", "exempt"))):
        problems.append(f"span [{entry['text']}] touches a digit or another span: expected a space or a word "
                        "between them")
    if entry["kind"] == "fact" and SIGN_BEFORE.search(text_before(entry)):
        problems.append(f"sign outside the span [{entry['text']}]: expected it inside, such as [−0.4 mo]{{fact=...}} "
                        "or P [<0.001]{fact=...}")
    return problems


def judge(reader, source, edition, facts, references, policy):
    """(report, errors) of one edition's record: every number with its verdict, one-line errors."""
    runs = reader.runs
    errors = []

    def error(run, message, near=""):
        errors.append(f"{place(run, runs, source, near)}: {message}"
                      + (f", in: {sentence(run)}" if sentence(run) else ""))

    for run, message in reader.problems:
        error(run, message)
    allowed = []
    for run in runs:
        problems, allowed_here = numeral_problems(run, policy)
        for message, near in problems:
            error(run, message, near)
        allowed += [{"text": text, "verdict": reason, "line": run.line} for text, reason in allowed_here]
        for owner in {id(o): o for _, o in run.pieces if o is not None and o.kind == "citation"}.values():
            for message in citation_problems(owner, policy):
                error(run, message)
    numbers = []
    for entry in reader.spans:
        for message in [] if entry["generated"] else span_edges(entry):
            error(entry["run"], message)
        base = {"id": entry["id"], "line": entry["run"].line, "sentence": sentence(entry["run"]),
                "section": entry["run"].section, "path": entry["run"].path, "edition_only": entry["edition_only"],
                "text": entry["text"], "generated": entry["generated"]}
        if entry["kind"] == "exempt":
            for message in exempt_problems(entry, policy):
                error(entry["run"], message)
            numbers.append({**base, "verdict": "exempt", "reason": entry["attributes"]["exempt"]})
            continue
        try:
            judged = generated_verdict(entry, facts) if entry["generated"] else fact_verdict(entry, facts, edition,
                                                                                           policy)
        except ValueError as problem:
            error(entry["run"], f"{entry['attributes'].get('fact')}: {problem}")
            continue
        if judged["verdict"] == "mismatch":
            error(entry["run"], f"{judged['fact']}: {judged['problem']}, found '{judged['text']}'")
        numbers.append({**base, **judged})
    cited = list(dict.fromkeys(key for key, _ in reader.citations))
    for entry in numbers:
        # The tooltip names the source; the reference list must hold it, so the text must cite it.
        if entry["verdict"] != "exempt" and entry["ref"] not in cited:
            errors.append(f"{source}:{entry['line']}: {entry['fact']}: its source {entry['ref']} is cited nowhere: "
                          f"expected [@{entry['ref']}] in the text (the reference list holds only what is cited)")
    identifiers = [identifier for identifier, _ in reader.ids]
    for identifier, run in reader.ids:
        if identifiers.count(identifier) > 1:
            error(run, f"id {identifier}: expected each id once, found it {identifiers.count(identifier)} times")
            identifiers = [other for other in identifiers if other != identifier]
    corrections = [entry for entry in numbers if entry["verdict"] == "corrected"]
    edition_only = [{"line": run.line, "sentence": " ".join(text.split())}
                    for run, shown_in, text in reader.edition_texts if shown_in == edition and text.strip()]
    verdicts = [entry["verdict"] for entry in numbers] + [item["verdict"] for item in allowed]
    report = {
        "edition": edition, "manuscript": str(source), "days_per_month": str(policy.days_per_month),
        "numbers": numbers, "allowed_numerals": allowed, "corrections": [entry["id"] for entry in corrections],
        "edition_only": edition_only,
        "citations": {"cited": cited, "uncited": sorted(set(references) - set(cited))},
        "summary": {verdict: verdicts.count(verdict) for verdict in sorted(set(verdicts))},
    }
    return report, errors
