"""Find every numeral in text that readers see.

A numeral is a word holding digits of any script (1114, ١١١٤, １１１４) or any
other character with a numeric value (², ½, Ⅲ, 一), a Roman numeral written
in capitals (XII), or number words ("twelve", "twenty-four", "a dozen",
"half", "twice"). ASCII digits glued after letters are part of a name
(IMbrave050, E2805, HER2), unless the letters only look like digits (l602, O5).

The text comes from pandoc's parse of the manuscript, never from its Markdown:
this module knows nothing of markup. What a numeral may be (linked, exempt,
a designation such as "phase Ⅲ") is decided elsewhere.
"""

import re
import unicodedata
from dataclasses import dataclass

from reported import NUMBER_WORDS

# Words that state a quantity besides the cardinals of reported.NUMBER_WORDS.
QUANTITY_WORDS = {
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "dozen", "dozens", "half", "halves", "third", "thirds", "quarter", "quarters", "fourth", "fourths",
    "fifth", "fifths", "sixth", "sixths", "seventh", "sevenths", "eighth", "eighths", "ninth", "ninths",
    "tenth", "tenths", "eleventh", "twelfth", "hundredth", "thousandth", "twice", "thrice",
}  # fmt: skip
NUMBER_WORD_SET = frozenset(NUMBER_WORDS) | QUANTITY_WORDS
# Letters a reader takes for digits when they are all that stands before digits: l602, O5, Il4
# (Latin, Greek and Cyrillic look-alikes of 1 and 0).
DIGIT_LOOKALIKES = frozenset("lIOoΙΟοІіОо")
# A word, with decimal points and thousands separators between its parts: 1,114 and 0.940 are one;
# an acronym joined to digits by a hyphen is a name: COVID-19, IL-6.
WORD = re.compile(r"[A-Z]{2,}(?:-[0-9]+)+(?![\w.,])|[^\W_]+(?:[.,][^\W_]+)*")
# Roman numerals: of three letters or more (XII, MDCII); of two only from I, V and X (II, IV, XI),
# since CD, MD, CI or LI are more often abbreviations or names.
ROMAN = re.compile(r"(?=[IVX]{2}$|[IVXLCDM]{3,}$)M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
# Letters of other scripts that look like Latin ones: еleven with a Cyrillic е reads as eleven.
LOOKALIKES = str.maketrans("авсеіјкмнорстуухΑΒΕΙΚΜΝΟΡΤΥΧνοτ", "aBceijkMHopcTyyxABEIKMNOPTYXvot")
JOINER = re.compile(r"[-\s]+(?:and\s+)?")  # between the words of one number: twenty-four, hundred and twelve
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class Numeral:
    """A numeral at text[start:end]; kind is digits, roman or words."""

    start: int
    end: int
    text: str
    kind: str


def word_kind(word):
    """The kind of numeral a word is ('digits', 'roman', 'words'), or None."""
    numeric = [char for char in word if char.isnumeric()]
    if numeric:
        if word[0].isalpha() and all("0" <= char <= "9" for char in numeric):
            letters = {char for char in word if char.isalpha()}
            return "digits" if letters <= DIGIT_LOOKALIKES else None  # a name, unless it reads as digits
        return "digits"
    latin = unicodedata.normalize("NFKC", word).translate(LOOKALIKES)  # ﬁve is five
    if latin.isupper() and ROMAN.fullmatch(latin):
        return "roman"
    if latin.lower() in NUMBER_WORD_SET:
        return "words"
    return None


def numerals(text):
    """Every numeral in text, in order; number words joined by spaces, hyphens or 'and'
    ("five hundred and twelve", "twenty-four", "one-third") make one numeral."""
    found = []
    for match in WORD.finditer(text):
        kind = word_kind(match.group())
        if kind is None:
            continue
        previous = found[-1] if found else None
        if kind == "words" and previous and previous.kind == "words" \
                and JOINER.fullmatch(text[previous.end:match.start()]):
            found[-1] = Numeral(previous.start, match.end(), text[previous.start:match.end()], "words")
        else:
            found.append(Numeral(match.start(), match.end(), match.group(), kind))
    return found


def hidden_characters(text):
    """(index, description) of characters that hide, reorder or alter what readers see.

    Format and control characters (a soft hyphen, a zero-width space, a direction
    override) and combining marks on a digit (a strike-through 6̶) are listed.
    """
    found = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        marks_digit = category in ("Mn", "Me") and index and text[index - 1].isnumeric()
        if category in ("Cf", "Cc") or marks_digit:
            found.append((index, f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character').lower()}"))
    return found


def is_bidi_control(char):
    return char in BIDI_CONTROLS
