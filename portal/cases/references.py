"""Case references printed on letters: two country letters, seven digits and a 7-3-1 check digit."""

from __future__ import annotations

import random
import re

_WEIGHTS = (7, 3, 1)


def check_digit(digits: str) -> int:
    total = sum(int(d) * _WEIGHTS[i % 3] for i, d in enumerate(reversed(digits)))
    return (10 - total % 10) % 10


def new_reference(country: str, rng: random.Random | None = None) -> str:
    body = f"{(rng or random.SystemRandom()).randrange(10**6, 10**7)}"
    return f"{country}{body}{check_digit(body)}"


def is_well_formed(reference: str) -> bool:
    match = re.fullmatch(r"([A-Z]{2})(\d{7})(\d)", reference)
    return match is not None and check_digit(match.group(2)) == int(match.group(3))


def display(reference: str) -> str:
    """EE48291735 → EE-4829-1735: easier to read aloud and to copy from paper."""
    return f"{reference[:2]}-{reference[2:6]}-{reference[6:]}" if len(reference) == 10 else reference
