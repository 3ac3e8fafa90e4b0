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

from claim_verdicts import claim_in
from fact_agreement import judge_written
from numerals import TEX_COMMAND, hidden_characters, is_bidi_control, numerals
from number_policy import JOIN, SPACE, UNIT_AFTER
from reported import WRITTEN_UNITS
from skeleton import skeleton_text
from span_context import text_after, text_before

ALLOWED_OWNERS = {"citation", "generated", "reference-list", "crossref", "identifier"}
# The number two after a year and a dash shortens a range of years: 2008–09.
YEAR_RANGE_TAIL = re.compile(r"[0-9]{2}")
# A unit shared by a range: [166]{...}–[169]{...} days.
# A unit shared with the next number: 166-169 days, 36.2 and 33.8 months, from 166 to 169 days.
RANGE_UNIT = re.compile(rf"{SPACE}*(?:[–-]|(?:and|to|or|vs\.?|versus)(?!\w)){SPACE}*[0-9][0-9.,]*{JOIN}*"
                        rf"(%|per cent|[A-Za-z]+)")


def hidden_problems(text, owners, policy):
    """Messages about format, control or combining characters inside or next to a number or a span."""
    problems = []
    for index, name in hidden_characters(text):
        start, end = index, index
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        word = text[start:end]
        spaced = "".join(" " if hidden_characters(char) else char for char in word)  # eleven⁠countries
        at_span_edge = 0 < index < len(text) - 1 and owners[index - 1] is not owners[index + 1]
        if is_bidi_control(text[index]) or at_span_edge or policy.numerals(word) or policy.numerals(spaced):
            problems.append((f"hidden character {name} next to a number: expected none (it can hide, join or "
                             "reorder what readers see)", word))
    return problems


def is_year_range_tail(text, owners, numeral):
    if not YEAR_RANGE_TAIL.fullmatch(numeral.text) or numeral.start < 2 or text[numeral.start - 1] not in "–-":
        return False
    owner = owners[numeral.start - 2]
    return owner is not None and owner.kind == "exempt" and owner.entry["attributes"].get("exempt") == "year"


def code_and_math_problems(run, policy):
    """Numbers in code or math (whose TeX commands are read away: X\\!I\\!I shows XII)."""
    problems = []
    for text, owner in run.pieces:
        if owner is None or owner.kind not in ("code", "math"):
            continue
        shown = TEX_COMMAND.sub("", text) if owner.kind == "math" else text
        for numeral in policy.numerals(shown):
            problems.append((f"number '{numeral.text}' in {owner.kind}: expected prose (a number in code or math "
                             "cannot be tied to the data)", numeral.text))
    return problems


def zero_problems(run, policy):
    """'No deaths', 'none of the patients': a count of zero, stated in words that are no numeral."""
    text, owners = run.text, run.owners()
    problems = []
    for match in policy.zero_count.finditer(skeleton_text(text)):
        if match.start() < len(owners) and owners[match.start()] is None:
            problems.append((f"'{match.group()}' states a count of zero: expected it linked to the data, such as "
                             f"[{match['zero']}]{{fact=...}} {match['noun']}, or the sentence reworded",
                             match['zero']))
    return problems


def numeral_problems(run, policy):
    """Messages (without place) about numerals of one run that no span, citation or generated text accounts
    for, and the numerals allowed in prose (designations, abbreviations, non-claims)."""
    text, owners = run.text, run.owners()
    problems = hidden_problems(text, owners, policy) + code_and_math_problems(run, policy)
    allowed = []
    for numeral in policy.numerals(text):
        kinds = {owners[i].kind if owners[i] else None for i in range(numeral.start, numeral.end)}
        entries = {id(owners[i].entry) for i in range(numeral.start, numeral.end) if owners[i] and owners[i].entry}
        if len(kinds) > 1 or len(entries) > 1:
            if kinds & {"fact", "exempt"}:
                problems.append((f"number '{numeral.text}' runs into a span: expected a span to hold the whole "
                                 "number and touch no digit or other span", numeral.text))
            continue
        kind = kinds.pop()
        if kind in ("fact", "exempt", "code", "math") or kind in ALLOWED_OWNERS:
            continue
        year_range = is_year_range_tail(text, owners, numeral) and not policy.noun_after(text[numeral.end:])
        reason = "year range" if year_range else policy.allowed_in_prose(text, numeral)
        if reason:
            allowed.append((numeral.text, reason))
            continue
        problems.append((f"unlinked number '{numeral.text}': expected {policy.what_to_write(numeral.text)}",
                         numeral.text))
    if "no" in text.lower() or "none" in text.lower():
        problems += zero_problems(run, policy)
    return problems, allowed


def citation_problems(owner, policy):
    problems = []
    for citation in owner.entry["citations"]:
        for numeral in policy.numerals(citation["prefix"]):
            problems.append(f"number '{numeral.text}' before the citation key @{citation['key']}: expected only "
                            "words there (a number goes in a fact span outside the citation)")
        if policy.numerals(citation["suffix"]) and not policy.locators_only(citation["suffix"]):
            problems.append(f"number in the citation of @{citation['key']} ('{citation['suffix'].strip(', ')}'): "
                            "expected only a locator such as 'p. 33' or 'sec. 4.2' after the key")
    return problems


def exempt_problems(entry, policy):
    reason, text = entry["attributes"]["exempt"], entry["text"].strip()
    if reason not in policy.exemptions:
        known = ", ".join(f"\"{name}\" ({exemption.means})" for name, exemption in policy.exemptions.items())
        return [f"exempt number '{text}': expected a reason among {known}, found \"{reason}\""]
    exemption = policy.exemptions[reason]
    if not exemption.form.fullmatch(text):
        return [f"exempt number '{text}': expected {reason} to be {exemption.means}, found '{text}'"]
    before = text_before(entry)
    if not policy.follows_allowed_word(exemption, before):
        words = ", ".join(sorted(exemption.after)[:12])
        previous = skeleton_text(before).split()
        where = f"after '{previous[-1]}'" if previous else "first in its sentence"
        if exemption.designates:
            return [f"exempt number '{text}' {where}: expected {reason} after a word such as {words} ({exemption.means})"]
        return [f"exempt number '{text}' {where}: expected {reason} after a word such as {words}, after punctuation "
                f"or first in its sentence ({exemption.means})"]
    # A designation describes the noun after it (grade 3 events); any other number counts it.
    designates = exemption.designates and policy.designates(before, text, text_after(entry))
    noun = None if designates else policy.noun_after(text_after(entry))
    if noun:
        return [f"exempt number '{text}' counts '{noun}': expected it linked to the data, [{text}]{{fact=...}}"]
    if entry["attributes"].get("was") is not None:
        return ["was= on an exempt number: expected was= only with fact="]
    return []


def unit_after(entry):
    """The unit written right after a span ('days' in [169]{...} days), or after the range it starts."""
    after = skeleton_text(text_after(entry))
    following = UNIT_AFTER.match(after)
    unit = following[1].lower() if following else ""
    if unit not in WRITTEN_UNITS:
        shared = RANGE_UNIT.match(after)
        unit = shared[1].lower() if shared else ""
    return unit if unit in WRITTEN_UNITS else ""


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
    claimed = claim_in(attributes.get("note", ""), policy.claim_words)
    if claimed:
        raise ValueError(f"note=\"{attributes['note']}\": expected a note that claims nothing about the data (it "
                         f"would reach readers unchecked in the corrections), found '{claimed}'")
    fact = facts[key]
    unit = unit_after(entry)
    judged = judge_written(entry["text"], unit, fact, policy.days_per_month)
    # The published edition may show a number that disagrees only where was= records it as published.
    recorded = edition == "published" and attributes.get("corrected") is not None
    verdict = "ok" if judged["agrees"] else ("discrepancy" if recorded else "mismatch")
    was = attributes.get("was")
    if edition == "corrected" and was is not None:
        if judge_written(was, unit, fact, policy.days_per_month)["agrees"]:
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
