"""Payment plans: whether a plan fits the debtor and the creditor's rules, and how plan lengths compare."""
