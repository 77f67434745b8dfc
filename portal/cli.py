"""The `portal` command: migrate, load the demo, issue sign-in links, list demo logins, reconcile payments, serve."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from sqlmodel import Session, select

from portal.config import PROJECT_ROOT, get_settings
from portal.db import make_engine, utcnow


def migrate() -> None:
    from alembic import command
    from alembic.config import Config

    command.upgrade(Config(str(PROJECT_ROOT / "alembic.ini")), "head")


def _issue_link(args: argparse.Namespace) -> int:
    from portal.auth.service import issue_link
    from portal.cases.models import Case
    from portal.cases.references import display
    from portal.i18n import LANGUAGES

    settings = get_settings()
    reference = args.reference.replace("-", "").replace(" ", "").upper()
    with Session(make_engine(settings.database_url)) as session:
        case = session.exec(select(Case).where(Case.reference == reference)).first()
        if case is None:
            print(f"No case with reference {args.reference}", file=sys.stderr)
            return 2
        language = args.language or case.notice_language
        if language not in LANGUAGES:
            print(f"Unknown language {language}; use one of {', '.join(LANGUAGES)}", file=sys.stderr)
            return 2
        link = issue_link(session, case, channel=args.channel, language=language, now=utcnow(), settings=settings)
        session.commit()
    print(
        json.dumps(
            {
                "url": link.url,
                "reference": display(link.reference),
                "code": link.code,
                "expires_at": link.expires_at.isoformat(),
            },
            indent=2,
        )
    )
    return 0


def _demo(args: argparse.Namespace) -> int:
    from portal.demo.loader import load_demo

    settings = get_settings()
    with Session(make_engine(settings.database_url)) as session:
        loaded = load_demo(session, today=None, secret_key=settings.secret_key)
        session.commit()
    print("Demo data loaded." if loaded else "Demo data was already there; nothing changed.")
    return 0


def _demo_logins(args: argparse.Namespace) -> int:
    from portal.demo.loader import demo_logins
    from portal.demo.staff import staff_logins

    settings = get_settings()
    with Session(make_engine(settings.database_url)) as session:
        debtors = demo_logins(session, settings=settings, now=utcnow())
        staff = staff_logins(session, secret_key=settings.secret_key, base_url=settings.base_url)
        session.commit()
    if args.json:
        print(json.dumps({"debtors": debtors, "staff": staff}, indent=2, ensure_ascii=False))
        return 0
    print("\nDebtors (the portal):")
    for login in debtors:
        print(f"\n  {login['name']} ({login['language']}): {login['url']}")
        print(f"    {login['factor_label']}: {login['factor_value']}")
        print(f"    or type reference {login['reference']} and code {login['code']} at {settings.base_url}/sign-in")
    print(f"\nConsole users (sign in at {settings.base_url}/staff/sign-in, then type the code an authenticator app")
    print("shows for the secret, or run: .venv/bin/python -c \"import pyotp; print(pyotp.TOTP('SECRET').now())\"):")
    for login in staff:
        print(f"\n  {login['role']}: username {login['username']}, password {login['password']}")
        print(f"    authenticator secret {login['totp_secret']}")
    return 0


def _create_staff(args: argparse.Namespace) -> int:
    from portal.creditors.models import Creditor
    from portal.staff.credentials import totp_uri
    from portal.staff.service import StaffUserError, create_user

    settings = get_settings()
    with Session(make_engine(settings.database_url), expire_on_commit=False) as session:
        creditor_id = None
        if args.creditor:
            creditor = session.exec(select(Creditor).where(Creditor.registry_code == args.creditor)).first()
            if creditor is None:
                print(f"No creditor with registry code {args.creditor}", file=sys.stderr)
                return 2
            creditor_id = creditor.id
        try:
            created = create_user(
                session,
                username=args.username,
                display_name=args.name or args.username,
                role=args.role,
                creditor_id=creditor_id,
                language=args.language,
            )
        except StaffUserError as error:
            print(f"Cannot create the user: {error.reason}", file=sys.stderr)
            return 2
        session.commit()
    print(
        json.dumps(
            {
                "username": created.user.username,
                "role": created.user.role,
                "password": created.password,
                "totp_secret": created.totp_secret,
                "totp_uri": totp_uri(created.totp_secret, created.user.username),
            },
            indent=2,
        )
    )
    return 0


def _reconcile_payments(args: argparse.Namespace) -> int:
    from portal.clock import business_today as today
    from portal.payments.card_events import reconcile_payments
    from portal.payments.stripe_gateway import StripeGateway

    settings = get_settings()
    if not settings.card_payments:
        print("Card payments are not configured (ACCORD_STRIPE_SECRET_KEY); nothing to reconcile.")
        return 0
    with Session(make_engine(settings.database_url)) as session:
        booked = reconcile_payments(session, StripeGateway(settings), utcnow(), today=today())
        session.commit()
    print(f"Card payments booked by reconciliation: {booked}")
    return 0


def _send_outbox(args: argparse.Namespace) -> int:
    from portal.notices.delivery import deliver_outbox
    from portal.notices.mail import mailer_for

    settings = get_settings()
    with Session(make_engine(settings.database_url)) as session:
        # One batch per run (run it from cron): a message that fails now is tried again on the next run, not at once.
        sent = deliver_outbox(session, mailer_for(settings), now=utcnow(), limit=args.limit, settings=settings)
        session.commit()
    print(f"Messages sent (e-mail and SMS): {sent}")
    return 0


def _keep_plans(args: argparse.Namespace) -> int:
    from datetime import date

    from portal.clock import business_today as today
    from portal.payments.stripe_gateway import StripeGateway
    from portal.plans.keeping import keep_plans

    settings = get_settings()
    day = date.fromisoformat(args.on) if args.on else today()
    gateway = StripeGateway(settings) if settings.card_payments else None
    with Session(make_engine(settings.database_url)) as session:
        kept = keep_plans(session, settings, today=day, now=utcnow(), gateway=gateway, after_each=session.commit)
        session.commit()
    print(
        f"Payment plans on {day.isoformat()}: {kept.charged} charged a saved card, {kept.reminded} reminded, "
        f"{kept.warned} warned, {kept.broken} broken, {kept.completed} completed"
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    # Behind a reverse proxy every request comes from the proxy's address; trust its X-Forwarded-For only from the
    # addresses listed, so the per-address sign-in limits count real clients (and nobody can spoof an address).
    uvicorn.run(
        "portal.asgi:app",
        host=args.host,
        port=args.port,
        workers=args.workers,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("ACCORD_FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="portal", description="Accord debtor portal")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="apply database migrations")
    commands.add_parser("demo", help="load demo data (once)")
    issue = commands.add_parser("issue-link", help="issue a sign-in link and code for a case")
    issue.add_argument("reference")
    issue.add_argument("--channel", choices=["letter", "sms", "email"], default="letter")
    issue.add_argument("--language")
    logins = commands.add_parser("demo-logins", help="sign-in links and second factors of the demo debtors")
    logins.add_argument("--json", action="store_true")
    staff = commands.add_parser("create-staff", help="add a console user; prints the password and TOTP secret once")
    staff.add_argument("username")
    staff.add_argument("--role", required=True, choices=["agent", "supervisor", "creditor", "admin"])
    staff.add_argument("--name")
    staff.add_argument("--creditor", help="registry code of the creditor (creditor users only)")
    staff.add_argument("--language", default="en", choices=["et", "fi", "ro", "en"])
    commands.add_parser("reconcile-payments", help="ask Stripe about unfinished card payments and book the paid ones")
    outbox = commands.add_parser("send-outbox", help="send the e-mails waiting in the outbox (receipts)")
    outbox.add_argument("--limit", type=int, default=200)
    plans = commands.add_parser(
        "keep-plans", help="run the day for active payment plans: charge saved cards, remind, warn, end (daily)"
    )
    plans.add_argument("--on", help="the business day to run, YYYY-MM-DD (default: today)")
    serve = commands.add_parser("serve", help="start the portal")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    args = parser.parse_args(argv)
    if args.command == "migrate":
        migrate()
        return 0
    handlers = {
        "issue-link": _issue_link,
        "demo": _demo,
        "demo-logins": _demo_logins,
        "serve": _serve,
        "create-staff": _create_staff,
        "reconcile-payments": _reconcile_payments,
        "send-outbox": _send_outbox,
        "keep-plans": _keep_plans,
    }
    return handlers[args.command](args)


if __name__ == "__main__":
    raise SystemExit(main())
