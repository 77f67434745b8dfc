"""Declared living costs against the country's reference figures: flags for a person to look at, never a refusal."""

from dataclasses import dataclass
from datetime import date
from typing import Final

from portal.plans.affordability import Household
from portal.rules.basis import Basis, basis_of
from portal.rules.figures import Figure, RulePack, RulePackError

# The plan may leave too little to live on: shown gently to the debtor and to staff.
BELOW_FLOOR: Final = "living_costs_below_floor"
# Higher than typical costs: staff look at the statement (the UK SFS "trigger figure" idea, rules.md §5.2).
ABOVE_REFERENCE: Final = "living_costs_above_reference"
SHOWN_TO_DEBTOR: Final = frozenset({BELOW_FLOOR})

_FLOOR: Final = "living_costs_floor"
_REFERENCE: Final = "living_costs_reference"
_PARTS: Final = ("first_adult", "further_adult", "child")


@dataclass(frozen=True)
class LivingCostCheck:
    """The household's floor and reference amounts (None: no figures in force) and the flags they raise."""

    floor_minor: int | None
    reference_minor: int | None
    flags: tuple[str, ...]
    basis: Basis | None


def living_costs_minor(household: Household) -> int:
    """Everyday costs: what the reference figures cover. Housing and repayments of other debts are not in them."""
    return household.utilities_minor + household.food_minor + household.transport_minor + household.other_minor


def check_living_costs(pack: RulePack, household: Household, on: date) -> LivingCostCheck:
    """Flag declared living costs below the social-assistance floor or above the typical reference.

    A household is its first adult, each further adult (household size minus dependants) and each dependant
    counted as a child. A set of figures missing from the pack or not in force on `on` raises no flag.
    """
    adults = max(1, household.household_size - household.dependants)
    children = household.dependants
    floor = _amount(pack, _FLOOR, adults, children, on)
    reference = _amount(pack, _REFERENCE, adults, children, on)
    declared = living_costs_minor(household)
    flags = []
    if floor is not None and declared < floor[0]:
        flags.append(BELOW_FLOOR)
    if reference is not None and declared > reference[0]:
        flags.append(ABOVE_REFERENCE)
    used = [figure for found in (floor, reference) if found is not None for figure in found[1]]
    return LivingCostCheck(
        floor_minor=floor[0] if floor is not None else None,
        reference_minor=reference[0] if reference is not None else None,
        flags=tuple(flags),
        basis=basis_of(*used) if used else None,
    )


def _amount(pack: RulePack, prefix: str, adults: int, children: int, on: date) -> tuple[int, list[Figure]] | None:
    """The set's monthly amount for the household and the figures it used; None when the set is not in force."""
    keys = [f"{prefix}_{part}" for part in _PARTS]
    if not all(pack.has(key) for key in keys):
        return None
    try:
        first, further, child = (pack.figure(key, on) for key in keys)
    except RulePackError:
        return None  # not in force on that day: nothing is guessed
    for figure in (first, further, child):
        if figure.unit != f"{pack.currency}_minor":
            # A wrong unit is a broken pack, not a missing figure: fail loudly instead of skipping the check.
            raise RulePackError(f"{pack.country}: {figure.key} is a {figure.unit} figure, not {pack.currency}_minor")
    amount = first.number + further.number * (adults - 1) + child.number * children
    used = [first, *([further] if adults > 1 else []), *([child] if children else [])]
    return amount, used
