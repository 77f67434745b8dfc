"""Notices to debtors: the e-mail outbox, its delivery and the messages it carries (payment receipts)."""
