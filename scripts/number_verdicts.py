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
from number_policy import UNIT_AFTER, text_after, text_before, what_to_write
from reported import WRITTEN_UNITS

ALLOWED_OWNERS = {"citation", "generated", "reference-list", "crossref", "identifier"}
SIGN_BEFORE = re.compile(r"(?:^|[\s(])[-−–—+±~≈]$|[<>≤≥⩽⩾≦≧≲≳≪≫]\s*$|\b(?:minus|negative)\s*$", re.IGNORECASE)


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
