"""Plain-language names for codes the rules and the ledger use; each shown through gettext at render time."""

from __future__ import annotations

from datetime import date

from portal.cases.models import CaseEvent
from portal.i18n import N_, format_day, format_list, format_money, gettext
from portal.rules.allocation import AllocationOrder
from portal.rules.pack import RulePack

CLAIM_KINDS = {
    "principal": N_("Principal"),
    "interest": N_("Default interest"),
    "reminder_fee": N_("Reminder fee"),
    "collection_cost": N_("Collection costs"),
}

LEDGER_KINDS = {
    "payment": N_("Payment"),
    "credit_note": N_("Credit note from the creditor"),
    "direct_payment": N_("Payment made directly to the creditor"),
    "refund": N_("Refund to your card"),
}

STAGES = {
    ("EE", "reminder"): (
        N_("Payment reminder"),
        N_("The creditor has reminded you that an invoice is unpaid."),
    ),
    ("EE", "pre_collection"): (
        N_("Debt collection"),
        N_("The creditor has handed the claim to us to collect it out of court. You can still settle it with us."),
    ),
    ("EE", "register_notice"): (
        N_("Notice before the payment default register"),
        N_("You have been told that the debt may be entered into the payment default register if it stays unpaid."),
    ),
    ("EE", "register_entry"): (
        N_("Entered in the payment default register"),
        N_("The debt is shown in the payment default register. The entry is ended when the debt is paid."),
    ),
    ("EE", "court"): (
        N_("Court proceedings"),
        N_("The creditor has asked the court for a payment order. You can still pay or agree a plan with us."),
    ),
    ("EE", "enforcement"): (
        N_("With a bailiff"),
        N_("A court decision exists and a bailiff is collecting the debt. Payments to us still count."),
    ),
    ("EE", "post_collection"): (
        N_("Follow-up collection"),
        N_("Earlier collection did not settle the debt. We keep the claim open and contact you from time to time."),
    ),
    ("FI", "reminder"): (
        N_("Payment reminder"),
        N_("The creditor has reminded you that an invoice is unpaid."),
    ),
    ("FI", "payment_demand"): (
        N_("Payment demand"),
        N_("We have sent a payment demand in voluntary collection. You can pay, agree a plan or dispute the claim."),
    ),
    ("FI", "legal_collection"): (
        N_("Legal collection"),
        N_("The claim has been taken to the district court. You can still pay or agree a plan with us."),
    ),
    ("FI", "enforcement"): (
        N_("With the enforcement authority"),
        N_("A court decision exists and the enforcement authority (ulosotto) is collecting the debt."),
    ),
    ("FI", "post_collection"): (
        N_("Follow-up collection"),
        N_(
            "Earlier collection did not settle the debt. We keep the claim from expiring and contact you from time to time."
        ),
    ),
    ("RO", "reminder"): (
        N_("Payment reminder"),
        N_("The creditor has reminded you that an invoice is unpaid."),
    ),
    ("RO", "amicable"): (
        N_("Amicable collection"),
        N_("We are collecting the claim out of court. You can settle it with us by paying or agreeing a plan."),
    ),
    ("RO", "bureau_notice"): (
        N_("Notice before reporting to the Credit Bureau"),
        N_("You have been told that the debt may be reported to the Credit Bureau if it stays unpaid."),
    ),
    ("RO", "formal_notice"): (
        N_("Formal notice"),
        N_("A formal notice to pay has been sent. It is the last step before the creditor may go to court."),
    ),
    ("RO", "court"): (
        N_("Court proceedings"),
        N_("The creditor has asked the court for an order for payment. You can still pay or agree a plan with us."),
    ),
    ("RO", "enforcement"): (
        N_("With a bailiff"),
        N_("An enforceable title exists and a bailiff is collecting the debt. Payments to us still count."),
    ),
    ("RO", "post_enforcement"): (
        N_("Amicable collection after enforcement"),
        N_("Enforcement did not settle the debt. You can still settle it with us by paying or agreeing a plan."),
    ),
}

CLOSED_STAGE = (N_("Closed"), N_("Nothing is owed on this case any more. Thank you."))

NEXT_STEPS = {
    "pre_collection": N_("The claim may be handed to debt collection on %(date)s."),
    "amicable_collection": N_("Amicable collection may start on %(date)s."),
    "register_notice": N_("A notice about the payment default register may be sent on %(date)s."),
    "register_entry": N_("The debt may be entered in the payment default register on %(date)s."),
    "payment_demand": N_("A payment demand may be sent on %(date)s."),
    "second_payment_demand": N_("A second payment demand may be sent on %(date)s."),
    "legal_collection": N_("The claim may be taken to court on %(date)s."),
    "court_application": N_("The creditor may apply to the court on %(date)s."),
    "bureau_notice": N_("A notice about reporting to the Credit Bureau may be sent on %(date)s."),
    "bureau_report": N_("The debt may be reported to the Credit Bureau on %(date)s."),
    "formal_notice": N_("A formal notice to pay may be sent on %(date)s."),
    "enforcement_request": N_("The creditor may ask a bailiff to enforce the decision from %(date)s."),
}

NO_STEP_REASONS = {
    "frozen_dispute": N_("Collection is paused while your dispute is being looked at."),
    "plan_protects": N_("Nothing more will happen while you keep to your payment plan."),
    "closed": N_("Nothing more will happen: this case is closed."),
}
NO_STEP_DEFAULT = N_("No further step is planned at the moment. We will tell you in writing before anything changes.")

# One whole sentence per combination: word order differs between languages, so fragments are never joined.
CONDITIONS = {
    frozenset({"unless_paid", "unless_disputed", "unless_plan"}): N_(
        "This happens only if the debt is not paid, disputed or covered by an agreed payment plan before then."
    ),
    frozenset({"unless_paid", "unless_plan"}): N_(
        "This happens only if the debt is not paid or covered by an agreed payment plan before then."
    ),
    frozenset({"unless_paid"}): N_("This happens only if the debt is not paid before then."),
}

REGISTER_EXPLAINED = {
    "EE": N_(
        "In Estonia, unpaid debts can be entered in the payment default register kept by %(operator)s. Banks, "
        "landlords and shops look at it before giving credit or signing a contract. A debt can be entered only "
        "when it is more than %(days)s days overdue and at least %(amount)s, and you are told before it is "
        "published. When the debt is paid the entry is ended within a week, but for a private person it can "
        "still be seen for up to %(years)s years after that."
    ),
    "FI": N_(
        "In Finland, payment default entries are kept by %(operator)s. They come from a court judgment or from "
        "enforcement or, for consumer credit, from the lender after a long delay and a written warning; never "
        "from a collection letter alone. A paid entry is removed %(days)s days after the payment has been "
        "registered."
    ),
    "RO": N_(
        "In Romania, lenders report late payments to %(operator)s. A debt can be reported when a payment is "
        "more than %(days)s days late, and you must be told at least %(notice)s days before. Reported data is "
        "kept for %(years)s years."
    ),
}

EVENTS = {
    "case_received": N_("%(creditor)s handed the claim to us for collection."),
    "reminder_sent": N_("A payment reminder was sent."),
    "collection_letter_sent": N_("A collection letter was sent."),
    "payment_demand_sent": N_("A payment demand was sent."),
    "register_notice_sent": N_("A notice about the payment default register was sent."),
    "register_entry_made": N_("The debt was entered in the payment default register."),
    "bureau_notice_sent": N_("A notice about reporting to the Credit Bureau was sent."),
    "formal_notice_sent": N_("A formal notice to pay was sent by registered letter."),
    "court_application_filed": N_("An application was filed with the court."),
    "court_decision": N_("The court decided that the debt must be paid."),
    "enforcement_started": N_("A bailiff started enforcement."),
    "payment_received": N_("A payment of %(amount)s was received."),
    "credit_note_received": N_("The creditor reduced the claim by %(amount)s (credit note)."),
    "payment_refunded": N_("%(amount)s of a card payment was refunded to the card."),
    "stage_changed": N_("The case moved on to: %(stage)s."),
    "case_closed": N_("The case was closed."),
    "contact_details_corrected": N_("Your contact details were corrected: %(fields)s."),
    "contact_details_changed": N_("You changed your contact details: %(fields)s."),
    "electronic_consent_given": N_("You agreed to get payment demands electronically (%(medium)s) until %(date)s."),
    "electronic_consent_ended": N_("Your consent to get payment demands electronically (%(medium)s) ended."),
    "support_need_told": N_("You told us that something makes paying hard. A person will look at it."),
    "support_need_ended": N_("We marked the situation you told us about as ended. You can tell us again at any time."),
    "transfer_reported": N_("You told us about a bank transfer of %(amount)s made on %(date)s."),
    "dispute_filed": N_("You disputed the claim. Collection was paused."),
    "dispute_info_requested": N_("We asked you for more information about your dispute."),
    "dispute_upheld": N_("Your dispute was accepted and the claim was reduced by %(amount)s."),
    "dispute_rejected": N_("Your dispute was not accepted. Collection started again."),
    "plan_referred": N_("You asked for a payment plan. A person is looking at it."),
    "plan_agreed": N_("You agreed a payment plan. Collection steps are paused while you keep to it."),
    "plan_due_moved": N_("You moved the due date of an instalment to %(date)s."),
    "plan_completed": N_("You paid every instalment of your payment plan."),
    "plan_broken": N_("Your payment plan ended because instalments were missed. Collection started again."),
    "plan_review_agree": N_("We agreed to your payment plan request. It starts when you confirm it."),
    "plan_review_counter": N_("We offered you a different payment plan."),
    "plan_review_decline": N_("We could not agree your payment plan request and wrote to you why."),
    "settled_with_discount": N_("You paid the settlement amount in time: %(amount)s was written off."),
}

CONTACT_PARTS = {
    "email": N_("e-mail address"),
    "phone": N_("phone number"),
    "address": N_("postal address"),
    "language": N_("preferred language"),
    "channel": N_("preferred way to contact you"),
}

# The medium a consent to electronic payment demands names (portal.contact.consent).
CONSENT_MEDIA = {
    "email": N_("e-mail"),
    "sms": N_("text message"),
    "portal": N_("this portal"),
}

DOCUMENT_KINDS = {
    "invoice": N_("Invoice"),
    "contract": N_("Contract"),
    "reminder_letter": N_("Payment reminder"),
    "collection_letter": N_("Collection letter"),
    "payment_demand": N_("Payment demand"),
    "register_notice": N_("Notice about the payment default register"),
    "bureau_notice": N_("Notice about the Credit Bureau"),
    "formal_notice": N_("Formal notice to pay"),
    "court_decision": N_("Court decision"),
}


def stage_label(country: str, stage: str) -> str:
    return gettext(STAGES.get((country, stage), CLOSED_STAGE)[0])


def stage_explained(country: str, stage: str) -> str:
    return gettext(STAGES.get((country, stage), CLOSED_STAGE)[1])


def conditions_sentence(conditions: tuple[str, ...]) -> str:
    sentence = CONDITIONS.get(frozenset(conditions))
    return gettext(sentence) if sentence else ""


def event_text(event: CaseEvent, *, country: str, currency: str) -> str:
    template = EVENTS.get(event.kind)
    if template is None:
        return ""
    values: dict[str, object] = {}
    if "amount_minor" in event.data:
        values["amount"] = format_money(int(event.data["amount_minor"]), currency)
    if "creditor" in event.data:
        values["creditor"] = str(event.data["creditor"])
    if "stage" in event.data:
        values["stage"] = stage_label(country, str(event.data["stage"]))
    if "paid_on" in event.data:
        values["date"] = format_day(date.fromisoformat(str(event.data["paid_on"])))
    if "fields" in event.data:
        values["fields"] = format_list([gettext(CONTACT_PARTS.get(str(part), part)) for part in event.data["fields"]])
    if "moved_to" in event.data:
        values["date"] = format_day(date.fromisoformat(str(event.data["moved_to"])))
    if "valid_until" in event.data:
        values["date"] = format_day(date.fromisoformat(str(event.data["valid_until"])))
    if "medium" in event.data:
        values["medium"] = gettext(CONSENT_MEDIA.get(str(event.data["medium"]), CONSENT_MEDIA["email"]))
    return gettext(template, **values)


_REGISTER_FIGURES = {
    "EE": {
        "days": "register_min_days_overdue",
        "amount": "register_min_amount",
        "years": "register_retention_ended_private_years",
    },
    "FI": {"days": "register_removal_after_payment_days"},
    "RO": {
        "days": "register_min_days_overdue",
        "notice": "register_notice_days",
        "years": "register_retention_years",
    },
}


def register_explained(pack: RulePack, today: date) -> str:
    values: dict[str, object] = {"operator": pack.register.operator}
    for name, key in _REGISTER_FIGURES[pack.country].items():
        figure = pack.figure(key, today)
        is_money = figure.unit.endswith("_minor")
        values[name] = format_money(int(figure.value), pack.currency) if is_money else figure.value  # type: ignore[arg-type]
    return gettext(REGISTER_EXPLAINED[pack.country], **values)


ALLOCATION = {
    "costs_first": N_(
        "Payments are used first for costs and fees, then for interest and last for the principal (%(citation)s)."
    ),
    "principal_first": N_(
        "Payments are used first for the principal, then for interest and last for costs and fees (%(citation)s)."
    ),
}
ALLOCATION_UNCONFIRMED = N_(
    "We have not yet confirmed the legal order in which payments are used here. Ask us if it matters to you."
)


def allocation_sentence(order: AllocationOrder) -> str:
    first = order.components[0] if order.components else ""
    key = "principal_first" if first == "principal" else "costs_first"
    sentence = gettext(ALLOCATION[key], citation=order.citation or "—")
    return f"{sentence} {gettext(ALLOCATION_UNCONFIRMED)}" if order.status == "U" else sentence
