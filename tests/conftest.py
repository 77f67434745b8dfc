"""Test databases built from migrations (SQLite or PostgreSQL), one rolled-back transaction per test."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text
from sqlmodel import Session

from portal.app import create_app
from portal.config import PROJECT_ROOT, Settings
from portal.db import get_session, make_engine

TEST_DB = os.environ.get("ACCORD_TEST_DATABASE_URL", "sqlite")
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def database_url(tmp: Path, schema: str = "public") -> str:
    return f"sqlite:///{tmp / f'{schema}.db'}" if TEST_DB == "sqlite" else TEST_DB


def build_engine(tmp: Path, schema: str = "public") -> Engine:
    """A fresh, migrated database: a new SQLite file, or a PostgreSQL schema dropped and rebuilt."""
    url = database_url(tmp, schema)
    if url.startswith("sqlite"):
        engine = make_engine(url)
    else:
        admin = make_engine(url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        admin.dispose()
        from sqlalchemy import create_engine

        engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"}, pool_pre_ping=True)
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return engine


ATTACHMENTS = Path(tempfile.mkdtemp(prefix="accord-test-attachments-"))


def test_settings(url: str = "sqlite://", base_url: str = "https://testserver") -> Settings:
    # Files sent in tests go to a directory of this run, never into the project's var/.
    return Settings(database_url=url, secret_key=SECRET, base_url=base_url, attachments_dir=ATTACHMENTS)


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = build_engine(tmp_path_factory.mktemp("db"))
    yield engine
    engine.dispose()


@pytest.fixture
def db(engine: Engine) -> Iterator[Session]:
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    yield session
    session.close()
    transaction.rollback()
    connection.close()


@pytest.fixture
def settings() -> Settings:
    return test_settings()


@pytest.fixture
def app(engine: Engine, db: Session, settings: Settings) -> FastAPI:
    application = create_app(settings=settings, engine=engine)

    def session_of_this_test() -> Iterator[Session]:
        yield db
        db.flush()

    application.dependency_overrides[get_session] = session_of_this_test
    return application


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="https://testserver", follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def localstripe() -> Iterator[str]:
    """localstripe's base URL: one process for the whole run, started only when a test asks for it."""
    from tests.localstripe import running_localstripe

    with running_localstripe() as url:
        yield url


def card_settings(api_base: str, url: str = "sqlite://", base_url: str = "https://testserver") -> Settings:
    from tests.localstripe import WEBHOOK_SECRET

    return Settings(
        database_url=url,
        secret_key=SECRET,
        base_url=base_url,
        attachments_dir=ATTACHMENTS,
        stripe_secret_key="sk_test_accord",
        stripe_publishable_key="pk_test_accord",
        stripe_webhook_secret=WEBHOOK_SECRET,
        stripe_api_base=api_base,
        stripe_js_url=f"{api_base}/js.stripe.com/v3/",
    )
