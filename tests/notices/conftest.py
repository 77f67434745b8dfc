"""The SMTP server the delivery tests send to."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.smtp import Inbox, smtp_server


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    controller = smtp_server(inbox)
    yield inbox, controller.port
    controller.stop()
