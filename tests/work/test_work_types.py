"""The work type registry: the generic types exist, later features add theirs with one call, mistakes are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest

from portal.work import types
from portal.work.types import WorkType, register, register_queue, work_type


@pytest.fixture(autouse=True)
def own_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registrations made here do not leak into other tests."""
    monkeypatch.setattr(types, "_TYPES", dict(types._TYPES))
    monkeypatch.setattr(types, "_QUEUES", dict(types._QUEUES))


def test_the_generic_types() -> None:
    callback, review = work_type("callback"), work_type("case_review")
    assert (callback.queue, callback.due_after, callback.priority) == ("contact", timedelta(days=1), 2)
    assert (review.queue, review.due_after, review.priority) == ("review", timedelta(days=3), 3)
    assert callback.label == "Call the debtor back" and review.label == "Review the case"


def test_a_feature_registers_its_type_in_one_call() -> None:
    register_queue("disputes", "Disputes")
    dispute = register(WorkType("dispute", "disputes", "Answer the dispute", timedelta(days=2), 1, lambda i: "/x"))
    assert work_type("dispute") is dispute
    assert register(dispute) is dispute, "importing a module twice registers the same type again harmlessly"
    assert "disputes" in types.queues()


@pytest.mark.parametrize(
    "bad",
    [
        WorkType("callback", "review", "Something else", timedelta(days=1), 2),  # a code already taken
        WorkType("orphan", "no_such_queue", "Orphan", timedelta(days=1), 2),
        WorkType("slow", "review", "Slow", timedelta(0), 2),
        WorkType("loud", "review", "Loud", timedelta(days=1), 0),
        WorkType("not a code", "review", "Spaces", timedelta(days=1), 2),
    ],
)
def test_mistakes_are_refused_at_import(bad: WorkType) -> None:
    with pytest.raises(ValueError):
        register(bad)


def test_unknown_type() -> None:
    with pytest.raises(types.UnknownWorkType):
        work_type("no_such_type")
