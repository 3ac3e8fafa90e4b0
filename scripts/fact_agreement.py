"""Does a number as written agree with its fact?

The written number keeps its precision: "5.6 mo" stands for 5.55 to 5.65
months, and agrees with a fact of 169 days when 169 days, converted at the
declared days per month, falls in that range. More digits than the data
has claim a precision it does not have, and are refused. Pure functions:
each raises ValueError with what was expected when the number cannot be read.
"""

import re
from decimal import ROUND_HALF_UP, Decimal

from reported import (RATIO_BOUNDS, RATIOS, TIME_UNITS, WRITTEN_UNITS, agrees, convert, looks_like_number_word,
                      number_word_value, parse_number)

COUNTED_UNITS = ("patients", "countries", "sites", "")


def split_unit(content):
    """'24 wk' -> ('24', 'weeks'); '62.5 per cent' -> ('62.5', 'percent'); '5.4' -> ('5.4', '')."""
    content = " ".join(content.split())
    if content.endswith("%"):
        return content[:-1].strip(), "percent"
    for written, unit in sorted(WRITTEN_UNITS.items(), key=lambda item: -len(item[0])):
        if " " in written and content.endswith(" " + written):
            return content[: -len(written)].strip(), unit
    hyphenated = re.fullmatch(r"(.*[0-9])[-\u2010\u2011]([a-z]+)", content)  # a 36-month median
    if hyphenated and hyphenated[2] in WRITTEN_UNITS:
        return hyphenated[1], WRITTEN_UNITS[hyphenated[2]]
    parts = content.rsplit(None, 1)
    if len(parts) == 2 and parts[1] in WRITTEN_UNITS:
        return parts[0], WRITTEN_UNITS[parts[1]]
    # '1114 patients' or 'Twelve patients', but not 'twenty four', which is one number
    number_first = not looks_like_number_word(content) or (
        number_word_value(content) is None and number_word_value(parts[0]) is not None)
    if len(parts) == 2 and re.fullmatch(r"[A-Za-z]+", parts[1]) and number_first:
        raise ValueError(
            f"expected a unit among {', '.join(sorted(set(WRITTEN_UNITS)))}, found '{parts[1]}' (a word that is "
            f"not a unit goes after the span: [{parts[0]}]{{fact=...}} {parts[1]})")
    return content, ""


def read_written(content):
    """(Reported number, unit) of a span's text; ValueError saying what was expected."""
    number_text, unit = split_unit(content)
    try:
        return parse_number(number_text), unit
    except ValueError:
        if looks_like_number_word(number_text):
            raise ValueError(f"unknown number word: expected digits or a number word such as 'twelve' or "
                             f"'twenty-four', found '{content}'") from None
        raise


def compare(written, unit, fact, days_per_month):
    """(agrees, the fact's value in the written unit as text)."""
    fact_value = Decimal(fact["text"].lstrip("<>"))
    target = unit or fact["unit"]
    if unit and fact["unit"] in COUNTED_UNITS:
        raise ValueError(f"unit with no conversion: expected a plain number for a fact counted in "
                         f"{fact['unit'] or 'no unit'}, found '{written.text}' with a unit")
    try:
        value = convert(fact_value, fact["unit"], target, days_per_month)
    except ValueError as error:
        raise ValueError(f"unit with no conversion: {error}") from None
    shown = f"{fact['comparator']}{fact['text'].lstrip('<>')}" if value == fact_value \
        else f"{value:.{written.decimals + 2}f}"
    return agrees(written, value, fact["comparator"]), shown


def suggestion(fact, unit, written_decimals, days_per_month):
    """The fact in unit at the written precision, or as finely as the data allows; None when even
    whole numbers of unit are finer than the data (5.4 months in days)."""
    if fact["comparator"]:
        return fact["text"]
    value = convert(Decimal(fact["text"]), fact["unit"], unit or fact["unit"], days_per_month)
    fact_half_unit = parse_number(fact["text"]).half_unit
    for decimals in range(min(written_decimals, fact["decimals"] + 3), -1, -1):
        if convert(Decimal(5).scaleb(-decimals - 1), unit or fact["unit"], fact["unit"], days_per_month) \
                >= fact_half_unit:
            return str(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return None


def judge_written(text, unit_after, fact, days_per_month):
    """Judge a written number against its fact: a dict with agrees, unit, the written text
    (with the unit read after it), the fact in that unit and, when it disagrees, the problem."""
    written, unit = read_written(text)
    if not unit and unit_after:
        text, unit = f"{text} {unit_after}", WRITTEN_UNITS[unit_after]
    if not unit and fact["unit"] in (*TIME_UNITS, "percent"):
        raise ValueError(f"expected a unit with the number, inside the span or just after it (the data is in "
                         f"{fact['unit']}), found '{text}' alone")
    agrees_with_data, shown = compare(written, unit, fact, days_per_month)
    fact_half_unit = parse_number(fact["text"]).half_unit
    # 2.80 for 2.8, or 24.14 wk for 169 days, claims a precision the data does not have.
    too_precise = agrees_with_data and (
        convert(written.half_unit, unit or fact["unit"], fact["unit"], days_per_month) < fact_half_unit
        if fact["unit"] not in COUNTED_UNITS else written.decimals > fact["decimals"])
    # 0 for P = 0.26, 0 y for a gain of 2.4 months, 1 for a ratio of 0.94: it agrees only by rounding the
    # value to the one that means no effect at all.
    null = 1 if fact.get("measure") in (*RATIOS, *RATIO_BOUNDS) else 0
    rounded_away = agrees_with_data and written.value == null and not written.comparator and Decimal(
        fact["text"].lstrip("<>")) != null
    data = f"data: {fact['text']} {fact['unit']}".rstrip()
    best = suggestion(fact, unit, written.decimals, days_per_month)
    if best is not None and unit:
        best = f"{best}%" if unit == "percent" else f"{best} {unit}"
    if best is None:
        problem = (f"the number in {fact['unit']}: the data ({fact['text']} {fact['unit']}) is known only to "
                   f"±{fact_half_unit} {fact['unit']}, too coarse for whole {unit}")
    elif rounded_away:
        problem = (f"a value other than {null} ({data}; at this precision it rounds to no effect), such as "
                   f"{fact['text']} {fact['unit']}".rstrip())
    elif too_precise:
        problem = f"{best} ({data}, known to ±{fact_half_unit} {fact['unit']}".rstrip() + \
            ": more digits claim more precision)"
    else:
        problem = f"{best} ({data})"
    agreed = agrees_with_data and not too_precise and not rounded_away
    return {"agrees": agreed, "text": text, "unit": unit, "fact_in_written_unit": shown,
            "problem": "" if agreed else f"expected {problem}"}
