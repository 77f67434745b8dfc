"""When repeated failed sign-ins pause further attempts (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int
    window: timedelta


@dataclass(frozen=True)
class Attempt:
    at: datetime
    succeeded: bool


def locked_until(attempts: Sequence[Attempt], now: datetime, policy: LockoutPolicy) -> datetime | None:
    """Locked while `max_failures` failures since the last success fall inside the sliding window.

    The lock lifts when the oldest of those failures leaves the window, so a person can be told the exact time.
    """
    last_success = max((a.at for a in attempts if a.succeeded), default=None)
    failures = sorted(
        a.at
        for a in attempts
        if not a.succeeded and a.at > now - policy.window and (last_success is None or a.at > last_success)
    )
    if len(failures) < policy.max_failures:
        return None
    until = failures[-policy.max_failures] + policy.window
    return until if until > now else None
