"""Whole units shared in proportion, so that the parts always add up to the whole."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def largest_remainder(total: int, weights: Sequence[int | Decimal]) -> list[int]:
    """``total`` whole units shared in proportion to ``weights``, adding up to ``total`` exactly.

    Each share is rounded down, then the units left over go to the largest remainders
    (ties to the earlier share): rounding each share on its own can miss the total by one.
    """
    weight_sum = sum(Decimal(weight) for weight in weights)
    if total < 0 or weight_sum <= 0 or any(weight < 0 for weight in weights):
        raise ValueError("apportioning needs a non-negative total and non-negative weights with a positive sum")
    exact = [Decimal(total) * Decimal(weight) / weight_sum for weight in weights]
    shares = [int(value) for value in exact]
    left = total - sum(shares)
    by_remainder = sorted(range(len(weights)), key=lambda i: exact[i] - shares[i], reverse=True)
    for index in by_remainder[:left]:
        shares[index] += 1
    return shares


def shares_percent(parts: list[int], decimals: int = 1) -> list[Decimal]:
    """Per-cent shares of ``parts`` that add up to exactly 100 at ``decimals`` places."""
    units = largest_remainder(100 * 10**decimals, parts)
    return [Decimal(unit).scaleb(-decimals) for unit in units]
