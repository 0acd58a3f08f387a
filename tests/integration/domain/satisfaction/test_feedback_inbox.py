"""The unified feedback inbox and the solution base (S3 7.2.1–7.2.2): every channel files into
one list once, staff triage and resolve items, solutions are linked and gaps listed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

import satisfaction_factories as sat
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import Forbidden, InvalidTransition, NotFound
from pinzhi.domain.knowledge.seed import seed_knowledge
from pinzhi.domain.satisfaction import inbox, inbox_queries, surveys
from pinzhi.domain.satisfaction.inbox import SolutionDraft
from pinzhi.domain.satisfaction.models import Survey
from pinzhi.domain.satisfaction.rules import InboxChannel, InboxStatus, RespondentKind, Theme
from pinzhi.interfaces.jobs.satisfaction_steps import feedback_inbox_step, satisfaction_surveys_step

ANGRY = "你们太差劲了，气死我了，一直没人管"


@pytest.fixture
def world(platform: Platform) -> Platform:
    """One item due from each channel, and one that is not (a happy chat, a 5-star review)."""
    with platform.uow() as uow:
        s = uow.session
        sat.world(s)
        sat.closed_case(s, "a_return")
        sat.closed_complaint(s, "cp1")
        sat.ended_chat(s, "chat_angry", says=ANGRY, handoff_reasons=("angry",))
        sat.ended_chat(s, "chat_fine", says="谢谢，非常满意")
        sat.review(s, "r_low", rating=1, body="物流太慢了，等了十天")
        sat.review(s, "r_high", rating=5, body="很好")
        surveys.give_platform_feedback(
            uow=uow, actor=sat.SHOP, now=sat.CLOSED_AT, respondent_kind=RespondentKind.MERCHANT,
            respondent_id=None, score=2, comment="结算太慢",
        )  # fmt: skip
        uow.commit()
    satisfaction_surveys_step(sat.context(platform))
    with platform.uow() as uow:
        survey_id = uow.session.scalars(
            select(Survey.id).where(Survey.subject_id == "a_return")
        ).one()
        surveys.answer_survey(
            uow=uow, actor=sat.BUYER, now=sat.SENT_AT + timedelta(hours=1), survey_id=survey_id,
            scores={**sat.ALL_SCORES, "overall": 2, "pickup": 1}, comment="取件员迟到两天",
            sentiment=0.1,
        )  # fmt: skip
        uow.commit()
    return platform


def fed(platform: Platform) -> dict[str, tuple[str, str]]:
    with platform.uow() as uow:
        items = inbox_queries.list_inbox(uow=uow, actor=sat.AGENT)
    return {item.source_id: (item.channel.value, item.theme) for item in items}


class TestFeedingTheInbox:
    def test_each_channel_files_what_needs_attention(self, world: Platform) -> None:
        summary = feedback_inbox_step(sat.context(world, as_of=sat.AS_OF + timedelta(days=1)))

        items = fed(world)
        assert summary["filed"] == 5
        assert items["cp1"] == ("complaint", "logistics")
        assert items["chat_angry"] == ("chat", "service")
        assert items["r_low"] == ("review", "logistics")
        assert {channel for channel, _ in items.values()} == {
            "survey", "complaint", "chat", "review", "partner",
        }  # fmt: skip
        assert "chat_fine" not in items
        assert "r_high" not in items

    def test_feeding_twice_files_nothing_more(self, world: Platform) -> None:
        ctx = sat.context(world, as_of=sat.AS_OF + timedelta(days=1))
        feedback_inbox_step(ctx)

        again = feedback_inbox_step(ctx)

        assert again["filed"] == 0
        assert len(fed(world)) == 5

    def test_filters_by_channel_theme_and_status(self, world: Platform) -> None:
        feedback_inbox_step(sat.context(world, as_of=sat.AS_OF + timedelta(days=1)))

        with world.uow() as uow:
            reviews = inbox_queries.list_inbox(
                uow=uow, actor=sat.AGENT, channel=InboxChannel.REVIEW
            )
            logistics = inbox_queries.list_inbox(uow=uow, actor=sat.AGENT, theme="logistics")
            done = inbox_queries.list_inbox(uow=uow, actor=sat.AGENT, status=InboxStatus.RESOLVED)
            counts = inbox_queries.inbox_counts(uow=uow, actor=sat.AGENT)

        assert [i.source_id for i in reviews] == ["r_low"]
        assert sorted(i.source_id for i in logistics) == ["cp1", "r_low"]
        assert done == []
        assert counts == {"new": 5, "triaged": 0, "resolved": 0}


@pytest.fixture
def filed(world: Platform) -> Platform:
    feedback_inbox_step(sat.context(world, as_of=sat.AS_OF + timedelta(days=1)))
    return world


def item_id(platform: Platform, source_id: str) -> str:
    with platform.uow() as uow:
        items = inbox_queries.list_inbox(uow=uow, actor=sat.AGENT)
    return next(item.id for item in items if item.source_id == source_id)


class TestTriage:
    def test_new_then_triaged_then_resolved(self, filed: Platform) -> None:
        target = item_id(filed, "r_low")
        with filed.uow() as uow:
            triaged = inbox.triage_item(
                uow=uow, actor=sat.AGENT, now=sat.RUN_AT, item_id=target, assignee_id="usr_agent",
                theme=Theme.DESCRIPTION_MATCH,
            )  # fmt: skip
            resolved = inbox.resolve_item(
                uow=uow, actor=sat.AGENT, now=sat.RUN_AT, item_id=target, resolution="已致电道歉"
            )
            uow.commit()

        assert (triaged.status, triaged.theme) == (InboxStatus.TRIAGED, "description_match")
        assert (resolved.status, resolved.resolution) == (InboxStatus.RESOLVED, "已致电道歉")

    def test_a_resolved_item_cannot_be_triaged_again(self, filed: Platform) -> None:
        target = item_id(filed, "cp1")
        with filed.uow() as uow:
            inbox.resolve_item(
                uow=uow, actor=sat.AGENT, now=sat.RUN_AT, item_id=target, resolution="重复反馈"
            )
            with pytest.raises(InvalidTransition, match="from resolved to triaged"):
                inbox.triage_item(
                    uow=uow, actor=sat.AGENT, now=sat.RUN_AT, item_id=target, assignee_id="x"
                )

    def test_merchants_and_consumers_do_not_triage(self, filed: Platform) -> None:
        target = item_id(filed, "cp1")
        with filed.uow() as uow:
            for outsider in (sat.SHOP, sat.BUYER):
                with pytest.raises(Forbidden):
                    inbox.triage_item(
                        uow=uow, actor=outsider, now=sat.RUN_AT, item_id=target, assignee_id="x"
                    )


DELAY = SolutionDraft(
    problem="物流长时间不更新",
    cause="快递网点爆仓",
    steps=("联系快递核实", "必要时补发"),
    theme=Theme.LOGISTICS,
)


class TestSolutions:
    def test_linking_a_solution_counts_its_use_once_per_item(self, filed: Platform) -> None:
        with filed.uow() as uow:
            solution = inbox.save_solution(uow=uow, actor=sat.ANALYST, now=sat.RUN_AT, draft=DELAY)
            for source in ("cp1", "r_low"):
                for _ in range(2):
                    inbox.link_solution(
                        uow=uow, actor=sat.AGENT, now=sat.RUN_AT,
                        item_id=item_id(filed, source), solution_id=solution.id,
                    )  # fmt: skip
            uow.commit()

        with filed.uow() as uow:
            used = inbox_queries.get_solution(uow=uow, actor=sat.AGENT, solution_id=solution.id)

        assert used.times_used == 2

    def test_recurring_themes_without_a_solution_are_gaps(self, filed: Platform) -> None:
        since, until = sat.CLOSED_AT - timedelta(days=3), sat.RUN_AT + timedelta(days=1)
        with filed.uow() as uow:
            before = inbox_queries.solution_gaps(
                uow=uow, actor=sat.AGENT, since=since, until=until, at_least=2
            )
            inbox.save_solution(uow=uow, actor=sat.ANALYST, now=sat.RUN_AT, draft=DELAY)
            after = inbox_queries.solution_gaps(
                uow=uow, actor=sat.AGENT, since=since, until=until, at_least=2
            )

        assert [(g.theme, g.items) for g in before] == [("logistics", 2)]
        assert after == []

    def test_a_solution_links_its_knowledge_entry_rather_than_copying_it(
        self, filed: Platform
    ) -> None:
        with filed.uow() as uow:
            seed_knowledge(uow=uow, actor=sat.ADMIN, now=sat.RUN_AT)
            with pytest.raises(NotFound, match="knowledge entry"):
                inbox.save_solution(
                    uow=uow, actor=sat.ANALYST, now=sat.RUN_AT,
                    draft=SolutionDraft(**{**DELAY.__dict__, "knowledge_entry_id": "no.such"}),
                )  # fmt: skip

    def test_a_retired_solution_cannot_be_linked(self, filed: Platform) -> None:
        with filed.uow() as uow:
            solution = inbox.save_solution(uow=uow, actor=sat.ANALYST, now=sat.RUN_AT, draft=DELAY)
            inbox.retire_solution(
                uow=uow, actor=sat.ANALYST, now=sat.RUN_AT, solution_id=solution.id
            )
            with pytest.raises(NotFound, match="retired"):
                inbox.link_solution(
                    uow=uow, actor=sat.AGENT, now=sat.RUN_AT, item_id=item_id(filed, "cp1"),
                    solution_id=solution.id,
                )  # fmt: skip
