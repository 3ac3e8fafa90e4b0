"""The number check's declared vocabulary (config number_check and claims), compiled once.

Policy knows which words count (count nouns, and the nouns each count unit may take), which
words make a Roman numeral a designation (phase Ⅲ) or an abbreviation (IV), which phrases count
nothing (one another), what a citation's locator looks like (p. 33), which words make a number
a bound (more than), and each exemption: the form its text must have and the words it may follow.
Every match is made on the text's skeleton (skeleton.py), so look-alike letters change nothing.
"""

import re
from dataclasses import dataclass

from numerals import NOT_NAME_STEMS, numerals
from reported import WRITTEN_UNITS
from skeleton import skeleton_text

SPACE = r"[\s\u00a0\u2009\u202f]"
JOIN = r"[\s\u00a0\u2009\u202f\u2010\u2011-]"  # between a number and its noun: spaces, hyphens
# Words that end a noun phrase rather than describe its noun: "2008 in patients" counts nothing.
NOT_ADJECTIVES = (r"in|on|at|for|with|by|to|from|and|or|but|nor|was|were|is|are|be|been|being|had|has|have|of|"
                  r"the|a|an|that|which|who|whom|than|as|per|vs|versus|into|onto|after|before|during|since|until")
DESCRIBING = r"[a-z]+(?:-[a-z]+)*"  # a word that may describe a noun: adult, treatment-related
UNIT_AFTER = re.compile(rf"{JOIN}*(%|per cent|[A-Za-z]+)")


@dataclass(frozen=True)
class Exemption:
    """An exemption reason: the form its text must have, in words, and the words it may follow."""

    form: re.Pattern
    means: str
    after: frozenset = None  # None: any; else lower-case words (punctuation or nothing before is fine)
    designates: bool = False  # it follows a designation (phase 3, grade 3–4), not a single word


ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def designation_value(text):
    """The value of a designation as written (IIIa is 3, 4 is 4, Ⅻ is 12); 0 when it is none."""
    text = text.strip().rstrip("abcABC") if not text.strip().isupper() else text.strip()
    if text.isdigit():
        return int(text)
    values = [ROMAN_VALUES.get(char, 0) for char in text.upper()]
    return sum(-value if index + 1 < len(values) and value < values[index + 1] else value
               for index, value in enumerate(values))


def alternatives(words):
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


def phrase_pattern(patterns):
    """One pattern of whole phrases (their ends need not be letters: "normal saline (NS)"), or None.
    A space in a declared pattern stands for any space readers see as one (a no-break space too)."""
    words = [pattern.replace(" ", SPACE + "+") for pattern in patterns]
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE) if words else None


def claim_pattern(wording):
    """The pattern of claims.wording, words that claim something about the data, or None."""
    words = [pattern.replace(" ", SPACE + "+") for pattern in wording]
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE) if words else None


class Policy:
    """The declared vocabulary of the check (config number_check and claims)."""

    def __init__(self, settings, days_per_month, claims=None):
        self.days_per_month = days_per_month
        self.claims = claims or {}
        self.claim_words = claim_pattern(self.claims.get("wording", []))
        self.not_claims = phrase_pattern(self.claims.get("not_claims", []))
        self.negations = phrase_pattern(self.claims.get("negations", []))
        self.always_claims = phrase_pattern(self.claims.get("always_claims", []))
        self.strength = phrase_pattern(self.claims.get("strength", []))
        designation_word = rf"\b(?:{alternatives(settings['designations'])})"
        # "phase Ⅲ", "stages II and III", "phase Ib/II", "grade ≥3", "grade 3–4", "status of 0 or 1": a
        # designation word, then only designations, comparators and the words that join them.
        value = r"(?:[IVXLC]+[a-c]?|[\u2160-\u2188]+|[0-9]{1,2}[a-c]?)"
        joint = r"(?:[≥≤<>,/–-]|\bat least\b|\bat most\b|\bor\b|\band\b|\bto\b)"
        self.designation = re.compile(rf"{designation_word}(?:{SPACE}+|{SPACE}*{joint}{SPACE}*|{value})*$",
                                      re.IGNORECASE)
        self.abbreviations = frozenset(settings["abbreviations"])
        self.non_claims = [phrase_pattern([pattern]) for pattern in settings["non_claims"]]
        nouns = set(settings["count_nouns"]) | set(WRITTEN_UNITS)
        self.stems = NOT_NAME_STEMS | {noun.lower() for noun in nouns}
        self.count_nouns = re.compile(rf"{JOIN}*(?:%|(?:{alternatives(nouns)})\b)", re.IGNORECASE)
        # The noun a number counts: next, after "of the", or after up to two describing words, which "and"
        # or "or" may join (2000 adult patients, 12 newly diagnosed patients, 600 Asian and European ones).
        describing = rf"(?!(?:{NOT_ADJECTIVES})\b){DESCRIBING}{SPACE}+(?:(?:and|or){SPACE}+)?"
        self.noun = re.compile(rf"^{JOIN}*(?:of{SPACE}+(?:the{SPACE}+)?|(?:{describing}){{1,2}})?"
                               rf"(?P<noun>%|(?:{alternatives(nouns)})\b)", re.IGNORECASE)
        self.zero_count = re.compile(rf"(?<!\w)(?P<zero>no|none{SPACE}+of{SPACE}+the){SPACE}+(?:(?!(?:{NOT_ADJECTIVES})"
                                     rf"\b){DESCRIBING}{SPACE}+){{0,3}}"
                                     rf"(?P<noun>{alternatives(settings['count_nouns'])})\b", re.IGNORECASE)
        self.counted_as = {unit: frozenset(word.lower() for word in words)
                           for unit, words in settings["counted_as"].items()}
        self.bound = re.compile(rf"(?:^|\b)(?P<bound>{alternatives(settings['bounds'])}){SPACE}*$", re.IGNORECASE)
        # After the number, or after its noun: 600 or more patients, 600 patients or more.
        self.bound_after_number = re.compile(rf"^{JOIN}*(?:[^\W\d]+{SPACE}+)?(?P<bound>"
                                             rf"{alternatives(settings.get('bounds_after', []))})\b", re.IGNORECASE) \
            if settings.get("bounds_after") else None
        labels = alternatives(settings["locator_labels"])
        # A page, table or section (2.3.1), never a decimal below one (p. 0.001 would read as a P value).
        value = r"(?:[A-Za-z]?(?!0[.,])\d+[A-Za-z]?(?:\.\d+)*|[IVXLC]+|[ivxlc]+)"
        # pandoc reads a bare number as a page: [@key, 33-35]; a panel may follow: Figure 2 (top panel).
        labelled = rf"(?:(?:{labels})\.?\s*)*{value}(?:\s*\([^()0-9]*\))?"
        # Joined: pages 3-5, tables 2 and 3, eTable 3 in Supplement 1.
        self.locator = re.compile(rf"{labelled}(?:\s*(?:[-–,&]|\band\b|\bin\b)\s*{labelled})*", re.IGNORECASE)
        self.exemptions = {}
        for name, spec in settings["exemptions"].items():
            after = spec.get("after")
            words = settings["designations"] if after == "designations" else after
            self.exemptions[name] = Exemption(re.compile(spec["form"]), spec["means"],
                                              frozenset(word.lower() for word in words) if words else None,
                                              after == "designations")

    def numerals(self, text):
        """The numerals of text, with this vocabulary's count nouns making day-3 a number, not a name."""
        return numerals(text, self.stems)

    def noun_after(self, text):
        """The count noun or unit a number followed by text counts (patients in '2000 adult patients'), or None."""
        match = self.noun.match(skeleton_text(text))
        return match["noun"] if match else None

    def bound_before(self, text):
        """The words before a number that make it a bound ('more than'), or None."""
        match = self.bound.search(skeleton_text(text))
        return match["bound"] if match else None

    def bound_after(self, text):
        """The words after a number (or its noun) that make it a bound ('or more'), or None."""
        match = self.bound_after_number.match(skeleton_text(text)) if self.bound_after_number else None
        return match["bound"] if match else None

    def locators_only(self, suffix):
        """Is a citation's suffix nothing but locators and words ('p. 33', 'suppl. table 2', 'emphasis added')?"""
        parts = [part.strip() for part in re.split(r"[;,]", skeleton_text(suffix).strip().lstrip(",").strip())]
        return all(self.locator.fullmatch(part) or not numerals(part) for part in parts if part)

    def follows_allowed_word(self, exemption, text_before):
        """May an exempt number follow text_before (its declared words, punctuation, or nothing)?"""
        if exemption.after is None:
            return True
        if exemption.designates:
            return bool(self.designation.search(skeleton_text(text_before)))
        before = skeleton_text(text_before).rstrip(" \u00a0\u2009\u202f")
        word = re.search(r"([^\W\d_]+)\.?$", before)
        if not before or not word:
            return not before or not before[-1].isalnum()
        if re.search(r"\w['’]s$", before):
            return True  # WHO's 2019 classification
        # A name before it: an acronym (EASL 2018), or a capitalized word within the sentence (Congress 2021).
        earlier = before[: word.start()]
        named = word[1].isupper() and len(word[1]) >= 2 or (
            word[1][0].isupper() and re.search(r"\w", earlier) and not re.search(r"[.!?:]\s*$", earlier))
        return word[1].lower() in exemption.after or bool(named)

    def designates(self, before, text, after):
        """Is text a designation (stage IV, grade 3), given the text before and after it? A designation up
        to 5 may describe a noun (stage IV patients); a higher one before a count noun counts it."""
        if not self.designation.search(skeleton_text(before)):
            return False
        return not self.noun_after(after) or designation_value(skeleton_text(text)) <= 5

    def allowed_in_prose(self, text, numeral):
        """Why a numeral outside any span is no claim (a designation, an abbreviation, a non-claim), or None."""
        if numeral.kind == "roman":
            if self.designates(text[:numeral.start], numeral.text, text[numeral.end:]):
                return "designation"
            if skeleton_text(numeral.text) in self.abbreviations and not self.noun_after(text[numeral.end:]):
                return "abbreviation"
        for pattern in self.non_claims:
            for match in pattern.finditer(text):
                if match.start() <= numeral.start and numeral.end <= match.end():
                    return "non-claim"
        return None

    def what_to_write(self, text):
        """The markup that would account for a numeral: a fact, or an exemption whose declared form it fits."""
        fitting = [(name, exemption.means) for name, exemption in self.exemptions.items()
                   if exemption.form.fullmatch(text)]
        if fitting:
            name, means = fitting[0]
            return f"[{text}]{{fact=...}}, or [{text}]{{exempt=\"{name}\"}} if it is {means}"
        return f"[{text}]{{fact=...}} (no declared exemption fits it: {', '.join(self.exemptions)})"
