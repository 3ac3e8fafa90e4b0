"""Find every numeral in text that readers see.

A numeral is a word holding digits of any script (1114, ١١١٤, １１１４) or any
other character with a numeric value (², ½, Ⅲ, 一), a Roman numeral (XII, xii),
or number words ("twelve", "twenty-four", "a dozen", "half", "twice",
"doubled", "a score of"). Text is read as its skeleton (skeleton.py): what it
looks like, whatever characters spell it (ХІІ in Cyrillic, ᴍᴅᴄɪɪ, tw͏elve).

Names are not numerals: ASCII digits glued after letters (IMbrave050, E2805,
HER2, HbA1c), unless the letters only look like digits (l602, O05); an acronym
or a word joined to digits by a hyphen (COVID-19, PIVKA-II, miR-122,
SARS-CoV-2, 5-FU), unless the word is a unit, a count noun or a number word
(day-3, patients-1602, twenty-4); a chemical formula's subscripts (H₂O) and a
unit's power (m²).

The text comes from pandoc's parse of the manuscript, never from its Markdown:
this module knows nothing of markup. What a numeral may be (linked, exempt,
a designation such as "phase Ⅲ") is decided elsewhere.
"""

import re
import unicodedata
from dataclasses import dataclass

from reported import NUMBER_WORDS, WRITTEN_UNITS
from skeleton import is_hidden, skeleton

ORDINALS = {
    "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth",
    "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
    "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth", "eightieth", "ninetieth",
    "hundredth", "thousandth", "millionth",
}  # fmt: skip
# Words that state a quantity besides the cardinals of reported.NUMBER_WORDS ("first" and "second"
# are left out: they rank more often than they count).
QUANTITY_WORDS = {
    "hundred", "hundreds", "thousand", "thousands", "million", "millions", "billion", "billions",
    "dozen", "dozens", "half", "halves", "thirds", "quarter", "quarters", "fourths", "fifths", "sixths",
    "sevenths", "eighths", "ninths", "tenths", "twice", "thrice", "fortnight", "fortnights", "lakh", "lakhs",
    "crore", "crores", "double", "triple", "treble", "quadruple", "halve", "doubled", "doubles", "doubling",
    "tripled", "triples", "tripling", "quadrupled",
    "quadruples", "quadrupling", "halved", "halving", "decade",
}  # fmt: skip
# What math shows once TeX's commands, braces and spacing are read away: $X\!I\!I$ shows XII.
TEX_COMMAND = re.compile(r"\\[A-Za-z]+|\\.|[{}^_\s]")
# A multiple in one word: a number word and -fold (sevenfold, twenty-fold, 10-fold is digits).
MULTIPLE = re.compile(r"(?P<stem>[a-z]+(?:-[a-z]+)?)-?fold", re.IGNORECASE)
# Number words of the languages a reader of an English journal may read besides English (none that
# is also an English word: "once", "elf", "cent", "seize").
OTHER_LANGUAGES = {
    "deux", "trois", "quatre", "cinq", "huit", "neuf", "onze", "douze", "treize", "quinze", "vingt",
    "trente", "cinquante", "mille", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn",
    "zwölf", "zwanzig", "hundert", "tausend", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho",
    "nueve", "diez", "doce", "veinte", "cien", "quattro", "cinque", "sette", "nove", "dieci", "dodici",
    "venti", "cento",
}  # fmt: skip
NUMBER_WORD_SET = frozenset(NUMBER_WORDS) | QUANTITY_WORDS | ORDINALS | OTHER_LANGUAGES
# "a score of patients", "scores of trials": a score is twenty only before "of".
QUANTITY_PHRASE = re.compile(r"\b(?:a\s+(score)|(scores))\s+of\b", re.IGNORECASE)
# Letters a reader takes for digits when they are all that stands before two digits or more: l602, O05.
DIGIT_LOOKALIKES = frozenset("lIOo|")
# Names joined to digits by a hyphen (checked by name_stems), then any word, with decimal points and
# thousands separators between its parts: 1,114 and 0.940 are one word.
NAME = (r"[A-Z]{2,}(?:-(?:[0-9]+[A-Z]?|[IVX]+))+(?!\w|[.,]\w)"  # COVID-19, EQ-5D, PIVKA-II
        r"|[0-9]{1,2}[A-Z]?-[A-Z]{2,}(?!\w)"  # 5-FU, 3D-CRT, 18F-FDG
        r"|[A-Z][a-z]?-[0-9]{1,3}m?(?!\w|[.,]\w)"  # an isotope (ISOTOPE)
        r"|[A-Z]{2,}[0-9]+(?:/[0-9]+)+(?!\w|[.,]\w)"  # a gene pair: BRCA1/2
        r"|[A-Z]{2,5} [0-9]{2}-[0-9]{4}(?!\w|[.,]\w)"  # a drug's code: BAY 43-9006
        r"|[^\W\d_]{2,}(?:-[^\W\d_]+)*-[0-9]+[a-z]?(?!\w|[.,]\w)")
ISOTOPE = re.compile(r"[A-Z][a-z]?-[0-9]{1,3}m?")  # Y-90, I-131, Tc-99m
PLAIN = r"[^\W_]+(?:[.,][^\W_]+)*"
WORD = re.compile(rf"(?P<name>{NAME})|{PLAIN}")
PLAIN_WORD = re.compile(PLAIN)
# Roman numerals: of three letters or more (XII, MDCII); of two only from I, V and X (II, IV, XI),
# since CD, MD, CI or LI are more often abbreviations or names.
ROMAN = re.compile(r"(?=[IVX]{2}$|[IVXLCDM]{3,}$)M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
# H₂O, CO₂, HbA₁c: subscripts after letters of a short formula; m², cm³: a unit's power.
FORMULA = re.compile(r"(?:[A-Za-z]{1,3}[₀-₉]+)+[A-Za-z]{0,3}")
UNIT_POWER = re.compile(r"[kcmµμ]?m[²³]")
JOINER = re.compile(r"[-\s]+(?:and\s+)?")  # between the words of one number: twenty-four, hundred and twelve
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Words that make a hyphenated word a number, not a name: day-3 and patients-1602 count.
NOT_NAME_STEMS = frozenset(NUMBER_WORD_SET) | frozenset(WRITTEN_UNITS) | {
    "up", "to", "over", "under", "least", "most", "about", "around", "approximately", "nearly", "almost"}


@dataclass(frozen=True)
class Numeral:
    """A numeral at text[start:end]; kind is digits, roman or words."""

    start: int
    end: int
    text: str
    kind: str


def roman_kind(shown):
    """'roman' for XII, xii or Xii (three letters or more when capitalized), else None."""
    if shown.isupper():
        return "roman" if ROMAN.fullmatch(shown) else None
    lettered = re.fullmatch(r"[ivx]{2,}", shown) or re.fullmatch(r"[IVX][ivx]{2,}", shown)
    return "roman" if lettered and ROMAN.fullmatch(shown.upper()) else None


def word_kind(original, shown):
    """The kind of numeral a word is ('digits', 'roman', 'words'), or None; shown is its skeleton."""
    others = [char for char in original if char.isnumeric() and not "0" <= char <= "9"]
    if others and (FORMULA.fullmatch(original) or UNIT_POWER.fullmatch(original)):
        return None
    if others:
        return "roman" if all("\u2160" <= char <= "\u2188" for char in others) else "digits"
    if any("0" <= char <= "9" for char in shown):
        if shown[0].isalpha():
            letters = {char for char in shown if char.isalpha()}
            digits = sum("0" <= char <= "9" for char in shown)
            return "digits" if letters <= DIGIT_LOOKALIKES and digits >= 2 else None  # else a name
        return "digits"
    if roman_kind(shown):
        return "roman"
    multiple = MULTIPLE.fullmatch(shown)
    if multiple and multiple["stem"].lower() in NUMBER_WORD_SET:
        return "words"
    return "words" if shown.lower() in NUMBER_WORD_SET else None


def is_name(shown, stems):
    """A hyphenated name (COVID-19, miR-122, 5-FU) whose words are none of stems, and one of them a
    word of three letters or more, or an acronym (up-to-1602 is no name); or an isotope (Y-90)."""
    if ISOTOPE.fullmatch(shown):
        return True
    parts = [part for part in re.split(r"-", shown) if part.isalpha()]
    if any(part.lower().rstrip("abc") in stems or part.lower() in stems for part in parts):
        return False
    return not parts or any(len(part) >= 3 or part.isupper() for part in parts)


def numerals(text, stems=NOT_NAME_STEMS):
    """Every numeral in text, in order; number words joined by spaces, hyphens or 'and'
    ("five hundred and twelve", "twenty-four", "one-third") make one numeral.

    stems: words that, joined to digits by a hyphen, make a number rather than a name.
    """
    shown, origin = skeleton(text)
    words = []
    for match in WORD.finditer(shown):
        if match["name"] and is_name(match.group(), stems):
            continue
        inner = PLAIN_WORD.finditer(shown, match.start(), match.end()) if match["name"] else [match]
        words.extend((part.start(), part.end()) for part in inner)
    phrases = set()  # "score" counts only in "a score of"
    for match in QUANTITY_PHRASE.finditer(shown):
        group = 1 if match[1] else 2
        phrases.add((match.start(group), match.end(group)))
    words.extend(phrases)
    found, previous_end = [], None
    for start, end in sorted(set(words)):
        original = text[origin[start]:origin[end - 1] + 1]
        kind = word_kind(original, shown[start:end]) or ("words" if (start, end) in phrases else None)
        if kind is None:
            continue
        previous = found[-1] if found else None
        if previous and origin[start] < previous.end:
            continue  # another piece of one character's folding (½ is 1⁄2)
        if kind == "words" and previous and previous.kind == "words" and JOINER.fullmatch(shown[previous_end:start]):
            found[-1] = Numeral(previous.start, origin[end - 1] + 1, text[previous.start:origin[end - 1] + 1], "words")
        else:
            found.append(Numeral(origin[start], origin[end - 1] + 1, original, kind))
        previous_end = end
    return found


def hidden_characters(text):
    """(index, description) of characters that hide, reorder or alter what readers see.

    Format, control and other default-ignorable characters (a soft hyphen, a zero-width space,
    a direction override, a variation selector, a Hangul filler), a narrow space inside a word
    (t w e l v e) and combining marks on a digit (a strike-through 6̶) are listed.
    """
    found = []
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        marks_digit = category in ("Mn", "Me") and index and text[index - 1].isnumeric()
        joins = category == "Zs" and char not in " \u00a0\u2009\u202f" and 0 < index < len(text) - 1 \
            and text[index - 1].isalnum() and text[index + 1].isalnum()
        if is_hidden(char) or marks_digit or joins or char == "\u034f":
            found.append((index, f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character').lower()}"))
    return found


def is_bidi_control(char):
    return char in BIDI_CONTROLS


def is_right_to_left(char):
    """A letter or mark of a right-to-left script (Hebrew ׀, Arabic): it reorders the digits near it."""
    return unicodedata.bidirectional(char) in ("R", "AL")
