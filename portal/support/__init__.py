"""Vulnerability and hardship the debtor tells us about, and where free debt advice is.

For the collection guard: `portal.support.service.is_vulnerable(session, debtor_id)` (no calls, longer waits) and
`portal.support.needs.grace_days(packs, today)` (how much longer, from the rule packs' `support_grace_days`).
"""
