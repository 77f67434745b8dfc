"""Imports every table so that metadata is complete for Alembic and the drift test."""

from portal.attachments.models import Attachment
from portal.audit.models import AuditRecord
from portal.auth.models import DebtorSession, SignInAttempt, SignInLink
from portal.cases.models import Allocation, Case, CaseEvent, CaseNote, ClaimLine, Document, LedgerEntry
from portal.contact.models import ElectronicConsent
from portal.creditors.models import Creditor, CreditorBankAccount
from portal.debtors.models import Debtor
from portal.disputes.models import Dispute
from portal.messages.models import Message
from portal.notices.models import OutboxMessage
from portal.payments.models import ExternalEvent, PaymentAttempt
from portal.plans.models import PaymentPlan, PlanCase, PlanInstalment, SettlementOffer
from portal.staff.models import StaffSession, StaffUser
from portal.support.models import SupportNeed
from portal.work.models import WorkItem

__all__ = [
    "Allocation",
    "Attachment",
    "AuditRecord",
    "Case",
    "CaseEvent",
    "CaseNote",
    "ClaimLine",
    "Creditor",
    "CreditorBankAccount",
    "Debtor",
    "DebtorSession",
    "Dispute",
    "Document",
    "ElectronicConsent",
    "ExternalEvent",
    "LedgerEntry",
    "Message",
    "OutboxMessage",
    "PaymentAttempt",
    "PaymentPlan",
    "PlanCase",
    "PlanInstalment",
    "SettlementOffer",
    "SignInAttempt",
    "SignInLink",
    "StaffSession",
    "StaffUser",
    "SupportNeed",
    "WorkItem",
]
