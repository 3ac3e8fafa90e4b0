"""The number check's declared vocabulary, and where in the source a piece of the record is.

Policy compiles config number_check (exemption reasons and their forms, designations,
non-claims, count nouns, locator labels) and config claims (alpha, what "similar" and
"substantially" mean, the wording that claims something about the data).
"""

import re

from reported import WRITTEN_UNITS
from source_lines import contains_in_order, words

UNIT_AFTER = re.compile(r"[\s\u00a0\u2009\u202f-]*(%|per cent|[A-Za-z]+)")


class Policy:
    """The declared vocabulary of the check (config number_check), compiled once."""

    def __init__(self, settings, days_per_month, claims=None):
        self.days_per_month = days_per_month
        self.claims = claims or {}
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


def what_to_write(text, policy):
    """The markup that would account for a numeral: a fact, or an exemption whose declared form it fits."""
    fitting = [(name, means) for name, (form, means) in policy.exemptions.items() if form.fullmatch(text)]
    if fitting:
        name, means = fitting[0]
        return f"[{text}]{{fact=...}}, or [{text}]{{exempt=\"{name}\"}} if it is {means}"
    return (f"[{text}]{{fact=...}} (no declared exemption fits it: "
            f"{', '.join(policy.exemptions)})")
