"""The demo's console users: one of each role, with passwords derived from this installation's secret key.

Deriving them means `portal demo-logins` can print them again without anything storing a password in clear.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlmodel import Session, select

from portal.cases.models import Case
from portal.creditors.models import Creditor
from portal.disputes.rules import DisputeForm
from portal.disputes.service import open_dispute
from portal.staff.credentials import totp_uri
from portal.staff.models import StaffUser
from portal.staff.service import create_user
from portal.work.service import create_item

DEMO_STAFF = (
    # (username, display name, role, creditor registry code)
    ("agent", "Kati Kask", "agent", None),
    ("supervisor", "Mikko Laine", "supervisor", None),
    ("creditor", "Põhjavalgus Energia (demo)", "creditor", "12345603"),
    ("admin", "Elena Marin", "admin", None),
)


# Work waiting in the queues: (creditor's case reference, work type, summary, hours ago, taken by).
DEMO_WORK = (
    ("PV-2026-00417", "callback", "Asked to be called back about the register notice, after 17:00.", 20, None),
    ("PV-B-2026-0031", "case_review", "Board member says half of the April invoice was disputed.", 100, None),
    ("CC-2026-44102", "callback", "Wants to talk about paying in instalments; prefers Romanian.", 30, None),
    ("RT-55120-7", "case_review", "Check the part payment of 30 EUR against the bank statement.", 5, "agent"),
    ("DU-3310-2026", "case_review", "Heating invoice may include a period after the contract ended.", 90, "agent"),
    ("LV-2026-1187", "callback", "Called while we were closed; asked for a call on Monday.", 2, None),
)

# Disputes waiting for a decision: (creditor's case reference, reason, the debtor's words, days ago).
DEMO_DISPUTES = (
    (
        "DU-3310-2026",
        "amount_wrong",
        "Factura de energie termică pentru martie cuprinde toată luna, dar m-am mutat "
        "și am reziliat contractul pe 14 martie.",
        1,
    ),
)


def demo_password(secret_key: str, username: str) -> str:
    digest = hmac.new(secret_key.encode(), f"demo-staff:{username}".encode(), hashlib.sha256).hexdigest()
    return f"demo-{digest[:16]}"


def load_demo_staff(session: Session, *, secret_key: str, now: datetime) -> None:
    users: dict[str, StaffUser] = {}
    for username, name, role, registry_code in DEMO_STAFF:
        creditor = session.exec(select(Creditor).where(Creditor.registry_code == registry_code)).first()
        users[username] = create_user(
            session,
            username=username,
            display_name=name,
            role=role,
            creditor_id=creditor.id if creditor and registry_code else None,
            password=demo_password(secret_key, username),
        ).user
    for reference, reason, explanation, days_ago in DEMO_DISPUTES:
        case = session.exec(select(Case).where(Case.creditor_reference == reference)).one()
        form = DisputeForm(reason, explanation, claim_line_id=None)
        filed_at = now - timedelta(days=days_ago)
        open_dispute(session, case, form, now=filed_at, today=filed_at.date(), address="demo")
    for reference, kind, summary, hours_ago, taken_by in DEMO_WORK:
        case = session.exec(select(Case).where(Case.creditor_reference == reference)).one()
        item = create_item(session, kind=kind, case_id=case.id, summary=summary, now=now - timedelta(hours=hours_ago))
        if taken_by:
            item.state, item.assignee_id = "taken", users[taken_by].id


def staff_logins(session: Session, *, secret_key: str, base_url: str) -> list[dict[str, str]]:
    logins = []
    for username, _name, role, _code in DEMO_STAFF:
        user = session.exec(select(StaffUser).where(StaffUser.username == username)).first()
        if user is None:
            continue
        logins.append(
            {
                "role": role,
                "username": username,
                "password": demo_password(secret_key, username),
                "totp_secret": user.totp_secret,
                "totp_uri": totp_uri(user.totp_secret, username),
                "url": f"{base_url}/staff/sign-in",
            }
        )
    return logins
