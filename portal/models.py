"""Imports every table so that metadata is complete for Alembic and the drift test."""

from portal.audit.models import AuditRecord
from portal.auth.models import DebtorSession, SignInAttempt, SignInLink
from portal.cases.models import Allocation, Case, CaseEvent, CaseNote, ClaimLine, Document, LedgerEntry
from portal.creditors.models import Creditor, CreditorBankAccount
from portal.debtors.models import Debtor
from portal.notices.models import OutboxMessage
from portal.payments.models import ExternalEvent, PaymentAttempt
from portal.staff.models import StaffSession, StaffUser
from portal.work.models import WorkItem

__all__ = [
    "Allocation",
    "AuditRecord",
    "Case",
    "CaseEvent",
    "CaseNote",
    "ClaimLine",
    "Creditor",
    "CreditorBankAccount",
    "Debtor",
    "DebtorSession",
    "Document",
    "ExternalEvent",
    "LedgerEntry",
    "OutboxMessage",
    "PaymentAttempt",
    "SignInAttempt",
    "SignInLink",
    "StaffSession",
    "StaffUser",
    "WorkItem",
]
