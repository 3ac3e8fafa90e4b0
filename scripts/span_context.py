"""What stands around a number span, as readers see it, and what it must not say about the number.

A span holds the number and its unit; the words around it can still change what readers take it
to say. A sign or a comparator left outside (− 2.4, < 0.26, € 600), a bound (more than 600), a
multiplier (600 k), a noun the data does not count (a count of patients followed by "countries" or
"mg"), a direction that reverses a difference (2.4 months shorter, for a gain), a confidence level
used as a share of patients, a right-to-left character that reorders the digits, or code and math
beside the number: each is an error. The text is read as its skeleton (skeleton.py), without the
citations' marks, and on to the next line of its paragraph.
"""

import re
import unicodedata

from numerals import is_right_to_left
from number_policy import JOIN, SPACE
from skeleton import skeleton_text

# A sign before a number: − + ± ~ ≈ (spaced or not), a dash glued to it unless a digit, a span or a
# word precedes the dash (166–169, a range; a word-hyphen), a comparator, or the word.
SIGN_BEFORE = re.compile(r"[−+±∓~≈]\s*$|(?<![\w\d])[-‒–—]$|[<>≤≥⩽⩾≦≧≲≳≪≫]\s*$|\b(?:minus|negative|plus)\s*$",
                         re.IGNORECASE)
SIGN_AFTER = re.compile(r"^\s*\+")  # 600+ patients: a lower bound
MULTIPLIER_AFTER = re.compile(rf"^{SPACE}*(?:k|K|M|bn|thousands?|millions?|billions?|lakhs?|crores?|hundreds?"
                              rf"|times|[-‐‑]?fold|x|×)(?!\w)")
UNIT_WORDS = r"(?:%|per cent|d|days?|wks?|weeks?|mos?|months?|yrs?|years?)"
DIRECTION_AFTER = re.compile(rf"^{JOIN}*(?:{UNIT_WORDS}\b{JOIN}*)?(?P<word>[a-z]+)", re.IGNORECASE)
DIRECTION_BEFORE = re.compile(rf"\b(?P<word>[a-z]+){SPACE}+(?:of|by){SPACE}*$", re.IGNORECASE)
UP = {"longer", "greater", "more", "higher", "larger", "better", "gain", "gained", "increase", "increased",
      "improvement", "improved", "prolongation", "prolonged", "extension", "extended", "lengthened", "rose",
      "raised"}
DOWN = {"shorter", "less", "fewer", "lower", "smaller", "worse", "loss", "lost", "decrease", "decreased",
        "reduction", "reduced", "shortening", "shortened", "decline", "declined", "drop", "dropped", "fell",
        "worsened", "lowered", "cut", "sooner", "earlier", "deficit", "shortfall", "penalty", "detriment",
        "deterioration"}
# Words that name what a number is: "the hazard ratio ... was [0.26]" for a P value misleads. A name
# says what the span is when it stands right before it, or is its subject (... was, =, :), with no digit
# and no other such name between them.
MEASURE_NAME = r"hazard\s+ratio|HR|P[\s-]*value|P|median|mean|average|(?:lower|upper)\s+(?:limit|bound)"
MEASURE_BEFORE = re.compile(rf"\b(?P<word>{MEASURE_NAME})\b(?P<between>[^0-9]{{0,60}}?(?:\b(?:was|were|is|of)|[=:,])"
                            rf")?{SPACE}*$", re.IGNORECASE)
MEASURES = {"hazard ratio": {"hr"}, "hr": {"hr"}, "p value": {"p"}, "p": {"p"}, "median": {"median", "difference"},
            "mean": {"mean"}, "average": {"mean"},
            "lower limit": {"hr_lower", "rr_lower"}, "lower bound": {"hr_lower", "rr_lower"},
            "upper limit": {"hr_upper", "rr_upper"}, "upper bound": {"hr_upper", "rr_upper"}}
CONFIDENCE_AFTER = re.compile(rf"^{JOIN}*%?{SPACE}*(?:(?:one|two|1|2)-sided{SPACE}+)?"
                              rf"(?:CIs?|confidence|credible|CrIs?)\b")


def visible(run, start=0, end=None):
    """The text of run[start:end] without citations' marks ([3]), which stand apart from the words."""
    if run is None:
        return ""
    pieces = zip(run.text[start:end], run.owners()[start:end])
    return "".join(char for char, owner in pieces if owner is None or owner.kind != "citation")


def text_after(entry):
    """What readers see after a span, on to the next line of its paragraph (pandoc joins them)."""
    run = entry["end_run"]
    return visible(run, entry["end"]) + (" " + visible(run.next) if run.next is not None else "")


def text_before(entry):
    run = entry["run"]
    return (visible(run.previous) + " " if run.previous is not None else "") + visible(run, 0, entry["start"])


def neighbour_owner(run, index, step):
    """The owner of the first character that is not a space from index on, stepping by step (±1)."""
    owners, text = run.owners(), run.text
    while 0 <= index < len(text) and text[index].isspace():
        index += step
    return owners[index] if 0 <= index < len(text) else None


def edge_problems(entry):
    """A digit, another span, code or math right against the span."""
    run, end_run = entry["run"], entry["end_run"]
    before = run.text[entry["start"] - 1] if entry["start"] else ""
    after = end_run.text[entry["end"]] if entry["end"] < len(end_run.text) else ""
    owner_before = run.owners()[entry["start"] - 1] if before else None
    owner_after = end_run.owners()[entry["end"]] if after else None
    problems = []
    if before.isnumeric() or after.isnumeric() or any(owner is not None and owner.kind in ("fact", "exempt")
                                                      for owner in (owner_before, owner_after)):
        problems.append(f"span [{entry['text']}] touches a digit or another span: expected a space or a word "
                        "between them")
    beside = [neighbour_owner(run, entry["start"] - 1, -1), neighbour_owner(end_run, entry["end"], 1)]
    kinds = sorted({owner.kind for owner in beside if owner is not None and owner.kind in ("code", "math")})
    if kinds:
        problems.append(f"{' and '.join(kinds)} beside the span [{entry['text']}]: expected words (a sign or a "
                        "comparator in code or math is not checked)")
    near = skeleton_text(visible(run, max(0, entry["start"] - 2), entry["start"])) + \
        skeleton_text(visible(end_run, entry["end"], entry["end"] + 2))
    if any(is_right_to_left(char) for char in near + entry["text"]):
        problems.append(f"right-to-left text beside the span [{entry['text']}]: expected left-to-right text "
                        "(a right-to-left character reorders the digits readers see)")
    return problems


def sign_problems(entry, before, after, policy):
    last = before.rstrip()[-1:]
    if SIGN_BEFORE.search(before) or (last and unicodedata.category(last) in ("Sc", "Sm") and last != "="):
        return [f"sign outside the span [{entry['text']}]: expected it inside, such as [−0.4 mo]{{fact=...}} "
                "or P [<0.001]{fact=...}, and no currency or other symbol before a number of the data"]
    if SIGN_AFTER.match(after):
        return [f"sign after the span [{entry['text']}]: expected the number alone (a bound such as 600+ is not "
                "checked against the data)"]
    bound = policy.bound_before(before) or policy.bound_after(after)
    if bound:
        return [f"'{bound}' with [{entry['text']}]: expected the number as the data gives it, without a bound "
                "(a bound is not checked against the data)"]
    return []


def meaning_problems(entry, fact, after, before, policy):
    """Words around a fact's number that say something else than the fact: its noun, direction, level."""
    problems = []
    if MULTIPLIER_AFTER.match(after):
        problems.append(f"multiplier after [{entry['text']}]: expected the number whole inside the span "
                        "(a multiplier outside it is not checked)")
    noun = policy.noun_after(after)
    if noun and fact["unit"] in (*policy.counted_as, ""):
        counted = policy.counted_as.get(fact["unit"], frozenset())
        if noun.lower() not in counted:
            what = f"counts {fact['unit']}" if fact["unit"] else "is a plain number (a ratio or a P value)"
            problems.append(f"[{entry['text']}] {noun}: expected {' or '.join(sorted(counted)) or 'no noun'} after "
                            f"it (the data {what})")
    if fact.get("derived", {}).get("formula") == "difference" and fact["value"]:
        words = [match["word"] for match in (DIRECTION_AFTER.match(after), DIRECTION_BEFORE.search(before)) if match]
        wrong = [word for word in words if (word.lower() in DOWN and fact["value"] > 0) or
                 (word.lower() in UP and fact["value"] < 0)]
        if wrong:
            problems.append(f"'{wrong[0]}' with [{entry['text']}]: expected a word for a "
                            f"{'gain' if fact['value'] > 0 else 'loss'} (the data's difference is {fact['text']} "
                            f"{fact['unit']})")
    named = MEASURE_BEFORE.search(before)
    if named and re.search(rf"\b(?:{MEASURE_NAME})\b", named["between"] or "", re.IGNORECASE):
        named = None
    measures = MEASURES[re.sub(r"[\s-]+", " ", named["word"].lower())] if named else set()
    if named and fact.get("measure") and fact["measure"] not in measures:
        problems.append(f"'{named['word']}' before [{entry['text']}]: expected a {named['word']}, found a fact that "
                        f"is a {fact['measure']} ({fact['description']})")
    if fact.get("measure") == "ci_level" and not CONFIDENCE_AFTER.match(after):
        problems.append(f"[{entry['text']}] is a confidence level: expected CI or confidence after it, such as "
                        f"[{entry['text']}]{{fact=...}} CI")
    return problems


def context_problems(entry, facts, policy):
    """Problems with what stands around a span (for a fact span, also with what its words say)."""
    problems = edge_problems(entry)
    if entry["kind"] != "fact":
        return problems
    before, after = skeleton_text(text_before(entry)), skeleton_text(text_after(entry))
    problems += sign_problems(entry, before, after, policy)
    fact = facts.get(entry["attributes"].get("fact"))
    return problems + (meaning_problems(entry, fact, after, before, policy) if fact else [])
