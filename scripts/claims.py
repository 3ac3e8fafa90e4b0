"""Decide what the prose claims about the numbers: significance, direction and comparisons.

A claim is written `[did not significantly affect survival]{claim="not significant: storm.rfs.sorafenib"}`:
a relation and its arguments. Comparisons (trial.endpoint.arm, as in facts.json's comparisons)
are judged by their p value at their sidedness and by their confidence interval; facts are
compared in one unit, converted as the number check converts them. Every reported number
stands for the range its digits allow (0.26 for 0.255 to 0.265), so a claim holds only when
it holds over the whole range, is false when it fails over the whole range, and is undecided
otherwise. The thresholds (alpha, what "similar" and "substantially" mean) are declared in
config/config.yaml (claims), with their reasons. Pure functions: no files, no markup.
"""

from dataclasses import dataclass
from decimal import Decimal

from reported import TIME_UNITS, convert, parse_number

SIGNIFICANCE = ("significant", "not significant")
DIRECTIONS = ("favors experimental", "favors control")
COMPARISONS = ("greater", "less", "similar", "substantially greater", "substantially less")
RELATIONS = SIGNIFICANCE + DIRECTIONS + COMPARISONS


@dataclass(frozen=True)
class Verdict:
    """holds: True, False, or None when the reported precision leaves it undecided; and why, in words."""

    holds: object
    values: str


def parse(text):
    """'not significant: a.b.c, d.e.f' -> ('not significant', ['a.b.c', 'd.e.f']); ValueError if not a claim."""
    relation, colon, rest = text.partition(":")
    relation = " ".join(relation.split()).lower()
    arguments = [part.strip() for part in rest.split(",") if part.strip()]
    if not colon or relation not in RELATIONS:
        raise ValueError(f"expected a relation among {', '.join(RELATIONS)}, then ':' and its arguments, "
                         f"found '{text}'")
    if len(set(arguments)) != len(arguments):
        raise ValueError(f"expected each argument once, found '{text}'")
    if relation in COMPARISONS and len(arguments) != 2:
        raise ValueError(f"expected two fact keys after '{relation}:', found {len(arguments)}")
    if not arguments:
        raise ValueError(f"expected comparisons after '{relation}:' (trial.endpoint.arm), found none")
    return relation, arguments


def interval(fact, unit, days_per_month):
    """(low, high) of the true value behind a reported fact, in unit."""
    number = parse_number(fact["text"])
    if number.comparator == "<":
        low, high = Decimal(0), number.value
    elif number.comparator == ">":
        low, high = number.value, Decimal("Infinity")
    else:
        low, high = number.value - number.half_unit, number.value + number.half_unit
    return tuple(convert(value, fact["unit"], unit, days_per_month) for value in (low, high))


def decided(always, never):
    return True if always else False if never else None


def significance(comparison, facts, settings):
    """Verdict on 'significant' for one comparison, from its p at its sidedness and its interval."""
    alphas = {side: Decimal(settings["alpha"][side]) for side in ("one", "two")}
    found, words = [], []
    if comparison.get("p"):
        p_low, p_high = interval(facts[comparison["p"]], "", 1)
        sided = comparison.get("sided")
        levels = [alphas[sided]] if sided else list(alphas.values())  # unknown sidedness: both must agree
        found.append(decided(all(p_high < level for level in levels), all(p_low >= level for level in levels)))
        words.append(f"p {facts[comparison['p']]['text']} ({sided + '-sided' if sided else 'sidedness not reported'}"
                     f"; alpha {' or '.join(str(level) for level in levels)})")
    if comparison.get("lower") and comparison.get("ci_level") == settings["ci_level"]:
        lower, upper = (interval(facts[comparison[bound]], "", 1) for bound in ("lower", "upper"))
        found.append(decided(lower[0] > 1 or upper[1] < 1, lower[1] < 1 < upper[0]))
        words.append(f"{comparison['measure'].upper()} {facts[comparison['estimate']]['text']} ({settings['ci_level']}% "
                     f"CI {facts[comparison['lower']]['text']}-{facts[comparison['upper']]['text']})")
    known = {answer for answer in found if answer is not None}
    if len(known) > 1:
        raise ValueError(f"{comparison_name(comparison)}: expected its p and its interval to agree on significance, "
                         f"found they do not ({'; '.join(words)})")
    return Verdict(known.pop() if known else None, f"{comparison_name(comparison)}: {'; '.join(words)}")


def comparison_name(comparison):
    return f"{comparison['trial']}.{comparison['endpoint']}.{comparison['experimental']}"


def direction(comparison, facts):
    low, high = interval(facts[comparison["estimate"]], "", 1)
    return Verdict(decided(high < 1, low >= 1), f"{comparison_name(comparison)}: {comparison['measure'].upper()} "
                                                 f"{facts[comparison['estimate']]['text']}")


def compared(relation, first, second, settings, days_per_month):
    """Verdict on a comparison of two facts, in the first one's unit."""
    if first["unit"] != second["unit"] and not (first["unit"] in TIME_UNITS and second["unit"] in TIME_UNITS):
        raise ValueError(f"expected {first['key']} and {second['key']} in comparable units, found "
                         f"{first['unit'] or 'no unit'} and {second['unit'] or 'no unit'}")
    # Times are compared in the coarser unit of the two (169 days and 5.4 months, in months).
    unit = max((first["unit"], second["unit"]), key=lambda name: convert(Decimal(1), name, "days", days_per_month)) \
        if first["unit"] in TIME_UNITS and second["unit"] in TIME_UNITS else first["unit"]
    a_low, a_high = interval(first, unit, days_per_month)
    b_low, b_high = interval(second, unit, days_per_month)
    ratio = Decimal(settings["substantially"]["ratio"])
    within = Decimal(settings["similar"]["within"])
    if relation == "greater":
        holds = decided(a_low > b_high, a_high <= b_low)
    elif relation == "less":
        holds = decided(a_high < b_low, a_low >= b_high)
    elif relation == "substantially greater":
        holds = decided(a_low >= ratio * b_high, a_high < ratio * b_low)
    elif relation == "substantially less":
        holds = decided(a_high * ratio <= b_low, a_low * ratio > b_high)
    else:  # similar: the difference within a share of the larger value, over the whole range
        corners = [abs(a - b) / max(a, b) for a in (a_low, a_high) for b in (b_low, b_high)]
        overlap = a_low <= b_high and b_low <= a_high
        holds = decided(max(corners) <= within, (0 if overlap else min(corners)) > within)
    shown = f"{as_text(first, unit, days_per_month)} vs {as_text(second, unit, days_per_month)}"
    ratio_of = value_in(first, unit, days_per_month) / value_in(second, unit, days_per_month)
    meaning = {"similar": f"similar: within {within} of the larger",
               "substantially greater": f"substantially: at least {ratio} times",
               "substantially less": f"substantially: at most 1/{ratio}"}.get(relation)
    return Verdict(holds, f"{shown}: ratio {ratio_of:.2f}" + (f" ({meaning})" if meaning else ""))


def value_in(fact, unit, days_per_month):
    return convert(Decimal(fact["text"].lstrip("<>")), fact["unit"], unit, days_per_month)


def as_text(fact, unit, days_per_month):
    described = f"{fact['description']} {fact['text']} {fact['unit']}".strip()
    if fact["unit"] == unit:
        return described
    return f"{described} ({value_in(fact, unit, days_per_month):.1f} {unit})"


def judge(text, facts, comparisons, settings, days_per_month):
    """(relation, Verdict) of a claim; ValueError with what was expected when it cannot be judged."""
    relation, arguments = parse(text)
    if relation in COMPARISONS:
        for key in arguments:
            if key not in facts:
                raise ValueError(f"unknown fact key '{key}' in the claim: expected a key of the data")
        return relation, compared(relation, facts[arguments[0]], facts[arguments[1]], settings, days_per_month)
    verdicts = []
    for name in arguments:
        comparison = comparisons.get(name)
        if comparison is None:
            raise ValueError(f"unknown comparison '{name}': expected trial.endpoint.arm of the data, such as "
                             f"{next(iter(comparisons), 'storm.rfs.sorafenib')}")
        verdict = significance(comparison, facts, settings) if relation in SIGNIFICANCE else direction(comparison, facts)
        wanted = relation in ("significant", "favors experimental")
        verdicts.append(Verdict(None if verdict.holds is None else verdict.holds == wanted, verdict.values))
    holds = None if any(v.holds is None for v in verdicts) else all(v.holds for v in verdicts)
    return relation, Verdict(holds, "; ".join(v.values for v in verdicts))
