"""Numbers as a student types them: 1.9 with the unit "billion US dollars", not 1900000000.

A bank states a number in its base unit (value 1900000000, unit "US dollars"), which is right
for grading but cruel to type. The LMS writers ask for it in the largest scale word that keeps
it short: at most three decimals, for the value and its tolerance alike. Decimal arithmetic,
so 1.9 stays 1.9 and never becomes 1.8999999999999999.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from quizgen.bank.model import Numeric

# Scale words, largest first, with their power of ten.
SCALES = (("trillion", 12), ("billion", 9), ("million", 6))
_MAX_DECIMALS = 3


class Scaled(NamedTuple):
    value: Decimal
    unit: str  # the unit with its scale word: "billion US dollars"
    tolerance: Decimal
    power: int  # the value in the bank's own unit is value * 10**power
    base_unit: str  # the bank's own unit: "US dollars"

    def units(self) -> tuple[tuple[str, Decimal], ...]:
        """Units a student may type after the number, each with how many of it make one `unit`
        (Moodle's multiplier): billion US dollars 1, million US dollars 1000, US dollars 10**9."""
        if not self.power:
            return ((self.unit, Decimal(1)),)
        smaller = [(f"{word} {self.base_unit}", power) for word, power in SCALES if power < self.power]
        return (
            (self.unit, Decimal(1)),
            *((name, Decimal(10) ** (self.power - power)) for name, power in [*smaller, (self.base_unit, 0)]),
        )


def decimal(value: float) -> Decimal:
    """A float as the decimal it was written as (1.9, not 1.899999999999999911182158029987)."""
    return Decimal(repr(float(value)))


def scaled(numeric: Numeric) -> Scaled:
    """The numeric answer in the largest scale that writes it with few decimals, else as given."""
    value, tolerance = decimal(numeric.value), decimal(numeric.tolerance)
    for word, power in SCALES:
        factor = Decimal(10) ** power
        if abs(value) >= factor and _short(value / factor) and _short(tolerance / factor):
            return Scaled(value / factor, f"{word} {numeric.unit}", tolerance / factor, power, numeric.unit)
    return Scaled(value, numeric.unit, tolerance, 0, numeric.unit)


def _short(number: Decimal) -> bool:
    exponent = number.normalize().as_tuple().exponent
    return isinstance(exponent, int) and exponent >= -_MAX_DECIMALS


def text(number: Decimal) -> str:
    """'1.9', '310', '0.05': plain decimal notation, no exponent, no trailing zeros."""
    # format(..., "f") writes any size in full (quantize fails past 28 digits: money of 1.7e308).
    return format(number.normalize(), "f")
