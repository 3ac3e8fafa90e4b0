"""Reported numbers kept as the strings they were written as.

A reported number knows its precision: '0.940' has three decimals, so it stands
for any true value within 0.0005 of 0.940 (statcheck's and GRIM's rule).
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
}  # fmt: skip

# Units a writer may put after a number, and the unit each one means.
WRITTEN_UNITS = {
    "d": "days", "day": "days", "days": "days",
    "wk": "weeks", "wks": "weeks", "week": "weeks", "weeks": "weeks",
    "mo": "months", "mos": "months", "month": "months", "months": "months",
    "y": "years", "yr": "years", "yrs": "years", "year": "years", "years": "years",
    "%": "percent", "percent": "percent", "per cent": "percent",
}  # fmt: skip

# The statistics that are ratios, and their confidence bounds: 1 means no effect.
RATIOS = ("hr", "rr")
RATIO_BOUNDS = ("hr_lower", "hr_upper", "rr_lower", "rr_upper")
TIME_UNITS = ("days", "weeks", "months", "years")

NUMBER = re.compile(
    r"(?P<comparator>[<>]?)\s*(?P<sign>[-−]?)"
    # ASCII digits only: a digit of another script (a Bengali ৪ looks like an 8) would show readers another number.
    r"(?P<number>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)"
)


@dataclass(frozen=True)
class Reported:
    """A number as written: its text, exact decimal value and precision."""

    text: str
    value: Decimal
    decimals: int
    comparator: str = ""  # "<" or ">" for a bound such as p<0.001

    @property
    def half_unit(self):
        """Half of one unit of the last written digit."""
        return Decimal(5).scaleb(-(self.decimals + 1))

    @property
    def last_digit_unit(self):
        return Decimal(1).scaleb(-self.decimals)


def parse_number(text):
    """Parse '1114', '1,114', '0.940', '<0.001' or 'Twelve'; raise ValueError if it is none."""
    stripped = text.strip()
    word = number_word_value(stripped)
    if word is not None:
        return Reported(stripped, Decimal(word), 0)
    match = NUMBER.fullmatch(stripped)
    if not match:
        raise ValueError(f"expected a number such as 1114, 1,114, 0.940, <0.001 or a number word, found '{text}'")
    digits = match["number"].replace(",", "")
    try:
        value = Decimal(digits) * (-1 if match["sign"] else 1)
    except InvalidOperation:
        raise ValueError(f"expected a number, found '{text}'") from None
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    return Reported(stripped, value, decimals, match["comparator"])


SCALES = {"hundred": 100, "thousand": 1000}


def below_hundred(words):
    """['twenty', 'four'] -> 24, ['twelve'] -> 12; None when the words do not make such a number."""
    if len(words) == 1 and words[0] in NUMBER_WORDS:
        return NUMBER_WORDS[words[0]]
    if len(words) == 2 and all(word in NUMBER_WORDS for word in words):
        tens, ones = (NUMBER_WORDS[word] for word in words)
        if tens >= 20 and tens % 10 == 0 and 0 < ones < 10:
            return tens + ones
    return None


def scaled(words, scale, smaller):
    """Read 'X scale Y' (five hundred and twelve) with X and Y read by smaller; None if malformed."""
    if scale not in words:
        return smaller(words)
    index = words.index(scale)
    head, rest = words[:index], words[index + 1:]
    if rest[:1] == ["and"]:
        rest = rest[1:] or ["and"]  # 'five hundred and' is unfinished
    count = smaller(head) if head else None
    remainder = smaller(rest) if rest else 0
    if not count or count >= SCALES[scale] or remainder is None or (rest and not remainder):
        return None
    return count * SCALES[scale] + remainder


# Words for a number that are not cardinals: "a dozen countries".
COUNT_PHRASES = {"a dozen": 12, "dozen": 12, "half a dozen": 6, "a score": 20}


def number_word_value(text):
    """'Twelve' -> 12, 'twenty-four' -> 24, 'five hundred and twelve' -> 512, 'a dozen' -> 12; None when
    text is not one."""
    phrase = " ".join(text.strip().lower().split())
    if phrase in COUNT_PHRASES:
        return COUNT_PHRASES[phrase]
    words = re.split(r"[-\s]+", text.strip().lower())
    if not words or not all(word in NUMBER_WORDS or word in SCALES or word == "and" for word in words):
        return None
    return scaled(words, "thousand", lambda part: scaled(part, "hundred", below_hundred))


def looks_like_number_word(text):
    """True for words that might be a misspelt number word (letters, hyphens and spaces only)."""
    return bool(re.fullmatch(r"[A-Za-z]+(?:[-\s]+[A-Za-z]+)*", text.strip()))


def days_in(unit, days_per_month):
    return {"days": Decimal(1), "weeks": Decimal(7), "months": Decimal(days_per_month),
            "years": Decimal("365.25")}[unit]  # fmt: skip


def convert(value, from_unit, to_unit, days_per_month):
    """Convert value between time units (or return it unchanged for equal units).

    Raises ValueError when the units have no conversion.
    """
    if from_unit == to_unit:
        return value
    if from_unit in TIME_UNITS and to_unit in TIME_UNITS:
        return value * days_in(from_unit, days_per_month) / days_in(to_unit, days_per_month)
    raise ValueError(f"no conversion from {from_unit or 'a plain number'} to {to_unit or 'a plain number'}")


def agrees(written, true_value, true_comparator=""):
    """Does a true value (a Decimal, maybe a bound) round to the written number?"""
    if written.comparator or true_comparator:
        if written.comparator == true_comparator == "<":
            return true_value <= written.value  # p<0.001 in the data makes "p<0.01" true
        if written.comparator == true_comparator == ">":
            return true_value >= written.value
        if written.comparator == "<" and not true_comparator:
            return true_value < written.value
        if written.comparator == ">" and not true_comparator:
            return true_value > written.value
        return False
    return abs(true_value - written.value) <= written.half_unit
