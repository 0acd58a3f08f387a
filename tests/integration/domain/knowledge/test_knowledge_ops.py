"""Maintaining the knowledge base: every change versioned, recorded and checked (S3 6.7.1)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.knowledge import operations, queries
from pinzhi.domain.knowledge.models import PersonalKind
from pinzhi.domain.knowledge.operations import EntryDraft
from pinzhi.domain.knowledge.seed import seed_entries, seed_knowledge
from pinzhi.domain.records.queries import list_records

NOW = datetime(2026, 11, 20, 2, tzinfo=UTC)
EDITOR = Actor(user_id="usr_analyst", role=Role.QUALITY_ANALYST)
AGENT = Actor(user_id="usr_agent", role=Role.SERVICE_AGENT)
DRAFT = EntryDraft(
    title="退款多久到账",
    category="refund",
    answer="审核通过后原路退回，银行卡 1–7 个工作日。",
    questions=("退款多久到账", "钱什么时候退回来", "退款多久到账 "),
    personal_kind=PersonalKind.AFTERSALES,
    personal_template="您的退款{case_progress}。",
    policy_key="refund.timing",
)


def _create(platform: Platform, entry_id: str = "refund-timing") -> None:
    with platform.uow() as uow:
        operations.create_entry(uow=uow, actor=EDITOR, now=NOW, entry_id=entry_id, draft=DRAFT)
        uow.commit()


class TestCreate:
    def test_a_new_entry_is_version_one_with_distinct_variants(self, platform: Platform) -> None:
        _create(platform)

        with platform.uow() as uow:
            entry = queries.get_entry(uow=uow, actor=EDITOR, entry_id="refund-timing")
            records = list_records(uow=uow, subject_kind="knowledge_entry", subject_id=entry.id)

        assert (entry.version, entry.active, entry.updated_by) == (1, True, "usr_analyst")
        assert entry.questions == ("退款多久到账", "钱什么时候退回来")
        assert [r.action for r in records] == ["knowledge_created"]

    def test_the_same_id_twice_is_a_conflict(self, platform: Platform) -> None:
        _create(platform)

        with pytest.raises(Conflict, match="already exists"):
            _create(platform)

    def test_an_agent_may_not_edit_the_knowledge_base(self, platform: Platform) -> None:
        with platform.uow() as uow, pytest.raises(Forbidden, match="knowledge:manage"):
            operations.create_entry(uow=uow, actor=AGENT, now=NOW, entry_id="x-y-z", draft=DRAFT)

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"personal_template": "已于 {shipped_at} 发货"}, "shipped_at"),
            ({"personal_template": "{order_id!r}"}, "plain name"),
            ({"personal_kind": PersonalKind.NONE}, "personal kind"),
            ({"questions": (" ",)}, "question variants"),
            ({"title": ""}, "title"),
            ({"category": "Refund Timing"}, "category"),
        ],
    )
    def test_a_bad_draft_is_refused_naming_what_is_wrong(
        self, sqlite_platform: Platform, change: dict[str, object], message: str
    ) -> None:
        draft = EntryDraft(**{**DRAFT.__dict__, **change})

        with sqlite_platform.uow() as uow, pytest.raises(ValidationFailed, match=message):
            operations.create_entry(uow=uow, actor=EDITOR, now=NOW, entry_id="abc", draft=draft)


class TestRevise:
    def test_each_change_is_a_new_version_with_its_snapshot(self, platform: Platform) -> None:
        _create(platform)
        later = NOW + timedelta(hours=1)
        revised = EntryDraft(**{**DRAFT.__dict__, "questions": ("退款啥时候到",)})

        with platform.uow() as uow:
            operations.update_entry(
                uow=uow,
                actor=EDITOR,
                now=later,
                entry_id="refund-timing",
                draft=revised,
                base_version=1,
            )
            operations.set_entry_active(
                uow=uow,
                actor=EDITOR,
                now=later,
                entry_id="refund-timing",
                active=False,
                base_version=2,
            )
            uow.commit()
        with platform.uow() as uow:
            entry = queries.get_entry(uow=uow, actor=EDITOR, entry_id="refund-timing")
            history = queries.list_revisions(uow=uow, actor=EDITOR, entry_id="refund-timing")
            active = queries.active_entries(uow=uow)

        assert (entry.version, entry.active, entry.questions) == (3, False, ("退款啥时候到",))
        assert [(r.version, r.change) for r in history] == [
            (1, "created"),
            (2, "updated"),
            (3, "deactivated"),
        ]
        assert history[0].snapshot["questions"] == ["退款多久到账", "钱什么时候退回来"]
        assert active == []

    def test_a_stale_version_is_a_conflict_and_changes_nothing(self, platform: Platform) -> None:
        _create(platform)

        with platform.uow() as uow, pytest.raises(Conflict, match="at version 1, not 0"):
            operations.update_entry(
                uow=uow,
                actor=EDITOR,
                now=NOW,
                entry_id="refund-timing",
                draft=DRAFT,
                base_version=0,
            )

    def test_an_unknown_entry_is_not_found(self, platform: Platform) -> None:
        with platform.uow() as uow, pytest.raises(NotFound, match="no-such-entry"):
            operations.set_entry_active(
                uow=uow,
                actor=EDITOR,
                now=NOW,
                entry_id="no-such-entry",
                active=False,
                base_version=1,
            )


class TestQueries:
    def test_text_search_looks_in_variants_too(self, platform: Platform) -> None:
        _create(platform)

        with platform.uow() as uow:
            by_variant = queries.list_entries(uow=uow, actor=EDITOR, text="钱什么时候")
            by_nothing = queries.list_entries(uow=uow, actor=EDITOR, text="安装")

        assert [e.id for e in by_variant] == ["refund-timing"]
        assert by_nothing == []

    def test_browsing_entries_needs_the_knowledge_permission(self, platform: Platform) -> None:
        with platform.uow() as uow, pytest.raises(Forbidden):
            queries.list_entries(uow=uow, actor=AGENT)


class TestSeed:
    def test_the_starter_base_loads_once_and_keeps_edits(self, platform: Platform) -> None:
        with platform.uow() as uow:
            first = seed_knowledge(uow=uow, actor=EDITOR, now=NOW)
            uow.commit()
        with platform.uow() as uow:
            again = seed_knowledge(uow=uow, actor=EDITOR, now=NOW)
            uow.commit()
            count = len(queries.active_entries(uow=uow))

        assert first == count == len(seed_entries()) >= 40
        assert again == 0

    def test_every_starter_entry_has_several_variants(self) -> None:
        assert all(len(e.draft.questions) >= 3 for e in seed_entries())
