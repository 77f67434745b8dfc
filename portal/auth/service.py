"""Issuing sign-in links, signing debtors in with a second factor, and their server-side sessions."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from portal.audit.service import record
from portal.auth import link_secrets
from portal.auth.attempts import paused_until
from portal.auth.factors import Factor, FactorInput, factor_for, factor_matches
from portal.auth.models import DebtorSession, SignInAttempt, SignInLink
from portal.cases.models import Case, ClaimLine
from portal.cases.references import is_well_formed
from portal.config import Settings
from portal.creditors.models import Creditor
from portal.db import saved_id
from portal.debtors.models import Debtor


@dataclass(frozen=True)
class IssuedLink:
    url: str
    code: str
    reference: str
    expires_at: datetime


@dataclass(frozen=True)
class LinkForm:
    """What the landing page of a link needs: nothing is consumed by showing it."""

    factor: Factor
    language: str | None


@dataclass(frozen=True)
class SignInResult:
    session_token: str | None = None
    locked_until: datetime | None = None
    language: str | None = None  # the language of the notice the link came with

    @property
    def succeeded(self) -> bool:
        return self.session_token is not None


def issue_link(
    session: Session, case: Case, *, channel: str, language: str, now: datetime, settings: Settings
) -> IssuedLink:
    token, code = link_secrets.new_link_token(), link_secrets.new_code()
    link = SignInLink(
        case_id=saved_id(case),
        token_hash=link_secrets.hash_token(token),
        code_hmac=link_secrets.code_hmac(settings.secret_key, case.reference, code),
        channel=channel,
        language=language,
        created_at=now,
        expires_at=now + timedelta(days=settings.link_valid_days),
    )
    session.add(link)
    session.flush()
    return IssuedLink(
        url=f"{settings.base_url}/l/{token}",
        code=link_secrets.format_code(code),
        reference=case.reference,
        expires_at=link.expires_at,
    )


@dataclass(frozen=True)
class _Target:
    """What a clicked or typed secret points at: the case if it exists, the link only if the secret matches."""

    case: Case | None = None
    debtor: Debtor | None = None
    creditor: Creditor | None = None
    link: SignInLink | None = None


def _case_rows() -> Any:
    return (
        select(Case, Debtor, Creditor)
        .join(Debtor, col(Debtor.id) == Case.debtor_id)
        .join(Creditor, col(Creditor.id) == Case.creditor_id)
    )


def _by_token(session: Session, token: str) -> _Target:
    if not 10 <= len(token) <= 64:
        return _Target()
    link = session.exec(select(SignInLink).where(SignInLink.token_hash == link_secrets.hash_token(token))).first()
    if link is None:
        return _Target()
    case, debtor, creditor = session.exec(_case_rows().where(Case.id == link.case_id)).one()
    return _Target(case, debtor, creditor, link)


def _by_reference(session: Session, reference: str, code: str, key: str) -> _Target:
    if not is_well_formed(reference):
        return _Target()
    row = session.exec(_case_rows().where(Case.reference == reference)).first()
    if row is None:
        return _Target()
    case, debtor, creditor = row
    link = session.exec(
        select(SignInLink).where(
            SignInLink.case_id == case.id, SignInLink.code_hmac == link_secrets.code_hmac(key, reference, code)
        )
    ).first()
    return _Target(case, debtor, creditor, link)


def link_form(session: Session, token: str) -> LinkForm:
    target = _by_token(session, token)
    if target.link is None or target.debtor is None or target.creditor is None:
        return LinkForm(factor=Factor.BIRTH_DATE, language=None)
    return LinkForm(
        factor=factor_for(target.debtor.kind, target.creditor.company_second_factor), language=target.link.language
    )


def _expected_values(session: Session, factor: Factor, case: Case, debtor: Debtor) -> tuple[str, ...]:
    if factor is Factor.BIRTH_DATE:
        return (debtor.birth_date.isoformat(),) if debtor.birth_date else ()
    if factor is Factor.REGISTRY_CODE:
        return (debtor.national_id,)
    invoices = session.exec(
        select(ClaimLine.invoice_number).where(ClaimLine.case_id == case.id, col(ClaimLine.invoice_number).is_not(None))
    ).all()
    return tuple(str(number) for number in invoices)


def _sign_in(
    session: Session,
    target: _Target,
    given: FactorInput,
    *,
    subject: str,
    address: str,
    method: str,
    now: datetime,
    settings: Settings,
) -> SignInResult:
    case, debtor, creditor, link = target.case, target.debtor, target.creditor, target.link
    case_id = case.id if case else None
    audit: dict[str, Any] = {
        "actor_kind": "anonymous",
        "debtor_id": debtor.id if debtor else None,
        "case_id": case_id,
        "address": address,
        "method": method,
        "subject": subject[:12],
    }
    lock = paused_until(session, now, settings=settings, subject=subject, address=address, case_id=case_id)
    if lock is not None:
        record(session, "signin.locked", **audit)
        return SignInResult(locked_until=lock)
    matched = False
    if link is not None and link.revoked_at is None and link.expires_at > now and debtor and creditor and case:
        factor = factor_for(debtor.kind, creditor.company_second_factor)
        matched = factor_matches(factor, _expected_values(session, factor, case, debtor), given)
    else:
        # Same work on the failure path: the answer and its timing say nothing about why it failed.
        factor_matches(Factor.BIRTH_DATE, ("1900-01-01",), given)
    session.add(SignInAttempt(at=now, subject=subject, case_id=case_id, address=address, succeeded=matched))
    if not matched or link is None or debtor is None:
        record(session, "signin.failed", **audit)
        return SignInResult(
            locked_until=paused_until(
                session, now, settings=settings, subject=subject, address=address, case_id=case_id
            )
        )
    link.last_used_at, link.use_count = now, link.use_count + 1
    token = secrets.token_urlsafe(32)
    session.add(
        DebtorSession(
            token_hash=link_secrets.hash_token(token),
            debtor_id=saved_id(debtor),
            link_id=link.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + timedelta(hours=settings.session_absolute_hours),
        )
    )
    record(session, "signin.succeeded", **{**audit, "actor_kind": "debtor", "actor_id": debtor.id})
    return SignInResult(session_token=token, language=link.language)


def sign_in_with_link(
    session: Session, token: str, given: FactorInput, *, address: str, now: datetime, settings: Settings
) -> SignInResult:
    subject = link_secrets.subject_key("link", link_secrets.hash_token(token))
    return _sign_in(
        session,
        _by_token(session, token),
        given,
        subject=subject,
        address=address,
        method="link",
        now=now,
        settings=settings,
    )


def sign_in_with_code(
    session: Session,
    reference: str,
    code: str,
    given: FactorInput,
    *,
    address: str,
    now: datetime,
    settings: Settings,
) -> SignInResult:
    target = _by_reference(session, reference, code, settings.secret_key)
    subject = link_secrets.subject_key("reference", reference)
    return _sign_in(session, target, given, subject=subject, address=address, method="code", now=now, settings=settings)


def active_session(session: Session, token: str, *, now: datetime, settings: Settings) -> DebtorSession | None:
    """The session behind a cookie, if neither idle nor absolute timeout has passed; touches it."""
    if not token or len(token) > 100:
        return None
    found = session.exec(
        select(DebtorSession).where(DebtorSession.token_hash == link_secrets.hash_token(token))
    ).first()
    idle = timedelta(minutes=settings.session_idle_minutes)
    if found is None or found.ended_at or found.expires_at <= now or found.last_seen_at + idle <= now:
        return None
    found.last_seen_at = now
    return found


def end_session(session: Session, debtor_session: DebtorSession, *, now: datetime) -> None:
    debtor_session.ended_at = now
    record(
        session,
        "signout",
        actor_kind="debtor",
        actor_id=debtor_session.debtor_id,
        debtor_id=debtor_session.debtor_id,
    )
