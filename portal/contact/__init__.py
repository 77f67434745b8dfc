"""Contact details, preferences and consent to electronic demands.

For the collection engine: `portal.contact.consent.may_send_demand_electronically(pack, consents, medium, today,
case_reference=...)` with the debtor's rows from `portal.contact.service.consents_of(session, debtor_id)`.
"""
