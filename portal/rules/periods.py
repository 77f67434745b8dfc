"""Calendar arithmetic for legal periods counted in years."""

from datetime import date


def add_years(start: date, years: int) -> date:
    """The same day and month `years` later; from 29 February, the last day of February (the 28th).

    A period in years ends on the corresponding day of its last year, and on the last day of that month when
    the year has no such day. This is the usual civil-law rule; Accord applies it in EE, FI and RO alike.
    """
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return date(start.year + years, 2, 28)
