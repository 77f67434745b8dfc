"""Accord: the debtor self-service portal and its back office."""
