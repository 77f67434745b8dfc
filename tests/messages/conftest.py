"""Attached files go to a directory of each test's own."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from portal.config import Settings
from tests.conftest import test_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return replace(test_settings(), attachments_dir=tmp_path / "attachments")
