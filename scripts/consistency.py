"""Consistency checks on reported trial numbers, in the spirit of statcheck.

Each check returns None when the numbers agree, or a sentence saying what
disagrees. Reported numbers are judged with their precision: a true value
anywhere within half a unit of the last reported digit could have been
reported that way.
"""

import math
from decimal import Decimal
from statistics import NormalDist

NORMAL = NormalDist()


def ci_order(estimate, lower, upper):
    if lower.value < estimate.value < upper.value:
        return None
    return f"expected lower < estimate < upper, found {lower.text} < {estimate.text} < {upper.text}"


def arm_total(arm_counts, randomized):
    total = sum(arm_counts)
    if total == randomized:
        return None
    return f"expected the arms to add up to the {randomized} randomised, found {total}"


def screened_at_least_randomized(screened, randomized):
    if screened >= randomized:
        return None
    return f"expected screened ({screened}) >= randomised ({randomized})"


def _log_bounds(reported):
    """The range of the natural log of the true value behind a reported ratio."""
    smallest = max(reported.value - reported.half_unit, Decimal("1e-9"))
    return math.log(smallest), math.log(reported.value + reported.half_unit)


def p_range(estimate, lower, upper, ci_level, sided):
    """The smallest and largest p that any true ratio and CI behind the reported ones give.

    z = log ratio / SE, with SE recovered from the width of the CI on the log scale.
    A two-sided p depends on |z|; a one-sided p tests benefit (ratio below 1), so
    p = Phi(z) and a ratio above 1 gives a p above one half.
    """
    z_critical = NORMAL.inv_cdf(1 - (1 - float(ci_level) / 100) / 2)
    log_low, log_high = _log_bounds(estimate)
    lower_low, lower_high = _log_bounds(lower)
    upper_low, upper_high = _log_bounds(upper)
    # A CI reported so coarsely that its bounds may meet has no smallest SE: z is unbounded above.
    se_min = max((upper_low - lower_high) / (2 * z_critical), 1e-12)
    se_max = (upper_high - lower_low) / (2 * z_critical)
    z_values = [effect / se for effect in (log_low, log_high) for se in (se_min, se_max)]
    if sided == "one":
        return NORMAL.cdf(min(z_values)), NORMAL.cdf(max(z_values))
    smallest_effect = 0.0 if log_low <= 0 <= log_high else min(abs(log_low), abs(log_high))
    largest_effect = max(abs(log_low), abs(log_high))
    return 2 * (1 - NORMAL.cdf(largest_effect / se_min)), min(1.0, 2 * (1 - NORMAL.cdf(smallest_effect / se_max)))


def p_consistency(estimate, lower, upper, ci_level, p, sided):
    """Does the reported p follow from the reported ratio and CI at the stated sidedness?"""
    if not sided:
        return "expected the sidedness of p (one or two) to recompute it, found none"
    p_low, p_high = p_range(estimate, lower, upper, ci_level, sided)
    if p.comparator == "<":
        agrees = p_low < float(p.value)
    elif p.comparator == ">":
        agrees = p_high > float(p.value)
    else:
        agrees = p_low <= float(p.value + p.half_unit) and p_high >= float(p.value - p.half_unit)
    if agrees:
        return None
    return (
        f"expected p = {p.text} ({sided}-sided) to follow from {estimate.text} "
        f"({ci_level}% CI {lower.text}-{upper.text}), found that these give p between {p_low:.4g} and {p_high:.4g}"
    )
