"""What a reader takes text to say: its skeleton, for finding numbers and the words around them.

A reader does not see characters but shapes. The skeleton drops what shows nothing (format
characters, variation selectors, the Hangul fillers, a hair space inside a word), folds
compatibility forms (ﬁve, １２, ㏫) with NFKC, and maps letters of other scripts and styles that
look like Latin ones or like digits (a Cyrillic Х, a small-capital ᴍ, a dotless ı, a dental
click ǀ, a tone-five Ƽ) to what they look like. Each character of the skeleton keeps the index
of the character of the text it came from, so a finding points back into the text.
"""

import re
import unicodedata
from functools import lru_cache

# Default-ignorable code points that are not format characters (Cf is caught by its category).
IGNORABLE = frozenset(
    [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0, *range(0x180B, 0x1810), *range(0xFE00, 0xFE10),
     *range(0x1BCA0, 0x1BCA4), *range(0xE0100, 0xE01F0)])
# Spaces narrower than a word space: between two letters they join, not part, a word (t w e l v e).
NARROW_SPACES = frozenset("\u2004\u2005\u2006\u2008\u2009\u200a\u202f\u205f")
# Letters of other scripts and styles that look like Latin letters, or like digits.
LOOKALIKE_PAIRS = (
    "АA ВB СC ЕE НH ІI ЈJ КK МM ОO РP ТT ХX УY ЅS ԌG ӀI ԜW "
    "аa вB сc еe һh іi јj кk мM нH оo рp сc тT уy хx ѕs ԁd ԛq ԝw ӏl "
    "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX αa ιi κk νv οo ρp τt υu χx "
    "ᴀA ʙB ᴄC ᴅD ᴇE ꜰF ɢG ʜH ɪI ᴊJ ᴋK ʟL ᴍM ɴN ᴏO ᴘP ʀR ꜱS ᴛT ᴜU ᴠV ᴡW ʏY ᴢZ "
    "ꓮA ꓐB ꓚC ꓓD ꓰE ꓝF ꓖG ꓧH ꓲI ꓙJ ꓗK ꓡL ꓟM ꓠN ꓳO ꓑP ꓣR ꓢS ꓔT ꓴU ꓦV ꓪW ꓫX ꓬY ꓜZ "
    "Յ3 Ȣ8 ȣ8 "
    "ıi ȷj ǀl ǁl ꞉: ː: ˸: Ƽ5 ƽ5 Ƨ2 ƨ2 З3 з3 Ȝ3 ȝ3 Ʒ3 ʒ3 б6"
)
LOOKALIKES = {pair[0]: pair[1] for pair in LOOKALIKE_PAIRS.split() if len(pair) == 2}
NUMBER_NAMES = {
    "ZERO": "0", "ONE": "1", "TWO": "2", "THREE": "3", "FOUR": "4", "FIVE": "5", "SIX": "6", "SEVEN": "7",
    "EIGHT": "8", "NINE": "9", "TEN": "10", "ELEVEN": "11", "TWELVE": "12", "HUNDRED": "100",
}  # fmt: skip


def is_hidden(char):
    """Does char show nothing (a format or control character, or another default-ignorable one)?"""
    return unicodedata.category(char) in ("Cf", "Cc") and char not in "\t\n\r" or ord(char) in IGNORABLE


def symbol_number(char):
    """The number a pictograph names ('🔟', KEYCAP TEN, is '10'), or None."""
    if unicodedata.category(char) not in ("So", "No"):
        return None
    for word in re.split(r"[\s-]+", unicodedata.name(char, "")):
        if word in NUMBER_NAMES or word.isdigit():
            return NUMBER_NAMES.get(word, word)
    return None


@lru_cache(maxsize=None)
def shape(char):
    """What one character looks like, as Latin letters, digits or punctuation."""
    if char in LOOKALIKES:
        return LOOKALIKES[char]
    folded = unicodedata.normalize("NFKC", char)
    if folded != char:
        return "".join(LOOKALIKES.get(part, part) for part in folded)
    return symbol_number(char) or char


@lru_cache(maxsize=4096)
def skeleton(text):
    """(skeleton, origin): the text as it reads, and for each of its characters the index in text
    (a tuple: the result is cached, since a line's text is read many times)."""
    shown, origin = [], []
    for index, char in enumerate(text):
        if is_hidden(char):
            continue
        if char in NARROW_SPACES and shown and shown[-1].isalpha() and index + 1 < len(text) \
                and shape(text[index + 1])[:1].isalpha():
            continue
        for part in shape(char):
            shown.append(part)
            origin.append(index)
    return "".join(shown), tuple(origin)


def skeleton_text(text):
    return skeleton(text)[0]
