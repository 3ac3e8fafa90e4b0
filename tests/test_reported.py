"""Reported numbers keep their precision; agreement follows statcheck's rounding rule."""

from decimal import Decimal

import pytest

from reported import agrees, convert, parse_number


@pytest.mark.parametrize(
    "text, value, decimals, comparator",
    [
        ("1114", "1114", 0, ""),
        ("1,114", "1114", 0, ""),
        ("0.940", "0.940", 3, ""),
        ("33.3", "33.3", 1, ""),
        ("<0.001", "0.001", 3, "<"),
        ("Twelve", "12", 0, ""),
        ("twenty-four", "24", 0, ""),
        ("Five hundred", "500", 0, ""),
        ("one thousand one hundred and fourteen", "1114", 0, ""),
    ],
)
def test_parse_keeps_value_and_precision(text, value, decimals, comparator):
    number = parse_number(text)
    assert number.value == Decimal(value)
    assert number.decimals == decimals
    assert number.comparator == comparator


@pytest.mark.parametrize("text", ["", "12a", "1.2.3", "Twelv", "twenty-twelve", "1,11",
                                  "hundred", "five hundred and", "twenty and four"])
def test_parse_rejects_what_is_not_a_number(text):
    with pytest.raises(ValueError):
        parse_number(text)


def test_precision_sets_the_tolerance():
    assert parse_number("0.940").half_unit == Decimal("0.0005")
    assert parse_number("3").half_unit == Decimal("0.5")


@pytest.mark.parametrize(
    "written, true, expected",
    [
        ("3", "2.8", True),  # 2.8 rounds to 3
        ("3", "2.4", False),
        ("0.94", "0.940", True),
        ("0.940", "0.941", False),  # a finer written number is held to its digits
        ("24", "24.5", True),  # the half-unit boundary counts as agreeing
        ("24", "24.51", False),
    ],
)
def test_agreement_is_rounding_at_the_written_precision(written, true, expected):
    assert agrees(parse_number(written), Decimal(true)) is expected


def test_bounds_agree_only_with_values_inside_them():
    assert agrees(parse_number("<0.001"), Decimal("0.0004"))
    assert not agrees(parse_number("<0.001"), Decimal("0.002"))
    assert agrees(parse_number("<0.001"), Decimal("0.001"), "<")
    assert not agrees(parse_number("0.001"), Decimal("0.001"), "<")


def test_time_conversion_uses_the_declared_month():
    assert convert(Decimal(169), "days", "weeks", "30.4375").quantize(Decimal("0.01")) == Decimal("24.14")
    assert convert(Decimal(169), "days", "months", "30.4375").quantize(Decimal("0.01")) == Decimal("5.55")
    assert convert(Decimal(1), "years", "months", "30.4375") == Decimal("12")
    with pytest.raises(ValueError, match="no conversion"):
        convert(Decimal(1), "percent", "months", "30.4375")
