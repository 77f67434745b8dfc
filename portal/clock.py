"""The business day and zone: Estonia, Finland and Romania all keep Eastern European Time."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

BUSINESS_ZONE = "Europe/Tallinn"


def business_today() -> date:
    """Today in Eastern European Time: the date every page and the demo compute with."""
    return datetime.now(ZoneInfo(BUSINESS_ZONE)).date()
