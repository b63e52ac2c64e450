"""Rounding as Chinese statistics round: half-up on Decimal.

Python's round() rounds half to even (2.5 → 2), which no office table does.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def half_up(value: Decimal, places: int) -> Decimal:
    """`value` rounded half-up to `places` decimals: 2.675 → 2.68, 0.5 → 1 (places=0)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
