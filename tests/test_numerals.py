"""Every numeral a reader sees is found, whatever script, form or word it takes; names are not numerals."""

import pytest

from numerals import hidden_characters, numerals


def found(text):
    return [numeral.text for numeral in numerals(text)]


@pytest.mark.parametrize("text, expected", [
    ("1114 patients", ["1114"]),
    ("1,114 and 0.940", ["1,114", "0.940"]),
    ("p<0.001", ["0.001"]),
    ("5.4-month", ["5.4"]),
    ("2008–2009", ["2008", "2009"]),
    ("١١١٤ patients", ["١١١٤"]),                       # Arabic-Indic digits
    ("１６０２ patients", ["１６０２"]),                  # full-width digits
    ("x² and patients₁₆", ["x²", "patients₁₆"]),      # superscript and subscript digits
    ("½ of them", ["½"]),
    ("phase Ⅲ", ["Ⅲ"]),
    ("XII patients", ["XII"]),
    ("twelve patients", ["twelve"]),
    ("Twenty-four", ["Twenty-four"]),
    ("five hundred and twelve", ["five hundred and twelve"]),
    ("one-third of them", ["one-third"]),
    ("a dozen", ["dozen"]),
    ("half of the patients", ["half"]),
    ("twice as long", ["twice"]),
    ("the twenty-first patient", ["twenty"]),
    ("3rd line", ["3rd"]),
    ("l602 patients", ["l602"]),                       # a lower-case L before digits reads as 1602
    ("O05", ["O05"]),                                  # letters that look like digits, before two digits
    ("ХІІ countries", ["ХІІ"]),                        # Cyrillic capitals that read as XII
    ("ᴍᴅᴄɪɪ", ["ᴍᴅᴄɪɪ"]),                              # small capitals
    ("xii and Xii", ["xii", "Xii"]),                   # lower- and title-case Roman numerals
    ("twel\u034fve", ["twel\u034fve"]),                 # a combining grapheme joiner inside a word
    ("t\u200aw\u200ao", ["t\u200aw\u200ao"]),             # hair spaces between its letters
    ("🔟 and ㏫", ["🔟", "㏫"]),                        # a keycap, a telegraph symbol
    ("ǀ602 and ƼƼ", ["ǀ602", "ƼƼ"]),                   # letters shaped like digits
    ("day-3 and twenty-4", ["3", "twenty", "4"]),      # a unit or a number word before a hyphen counts
    ("a score of them", ["score"]),
    ("doubled, a threefold gain, the thirteenth", ["doubled", "threefold", "thirteenth"]),
    ("douze pays", ["douze"]),                         # a number word of another language
])
def test_numerals_are_found(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "IMbrave050 and E2805", "HER2-positive", "NCT", "often", "someone", "Li et al", "CI", "BCLC stage C", "I think",
    "first-line", "second", "COVID-19.", "KEYNOTE-240,", "PIVKA-II", "miR-122", "SARS-CoV-2", "alfa-2a", "5-FU",
    "HbA1c", "H₂O", "O2", "mg/m²", "scored",
])
def test_names_and_words_are_not_numerals(text):
    assert found(text) == []


def test_numeral_positions_point_into_the_text():
    text = "In 36 male patients"
    [numeral] = numerals(text)
    assert text[numeral.start:numeral.end] == "36"


@pytest.mark.parametrize("text, name", [
    ("6\u00ad00", "soft hyphen"),
    ("1\u200b114", "zero width space"),
    ("\u202e4111", "right-to-left override"),
    ("6\u0336", "combining long stroke overlay"),
])
def test_hidden_characters_are_named(text, name):
    [(_, description)] = hidden_characters(text)
    assert name in description


def test_ordinary_text_hides_nothing():
    assert hidden_characters("A plain sentence, with a non\u00a0breaking space and a thin\u2009space.") == []
