"""Demo consumers answer part of their satisfaction surveys, through the real operation.

The simulator's history ends at closed cases and chats; the daily run sends the surveys. After
each replayed day, about a third of that day's surveys are answered within a day, as consumers
do, with mostly good scores and some poor ones, and some with a comment that the shipped
sentiment model reads. The next day's run then files the unhappy ones in the feedback inbox, so
the demo's satisfaction pages, report and inbox have figures.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sqlalchemy import select

from pinzhi.bootstrap import Platform
from pinzhi.core.clock import utcnow
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role
from pinzhi.domain.satisfaction import surveys
from pinzhi.domain.satisfaction.models import Survey
from pinzhi.interfaces.feedback_scoring import score_texts

ANSWERED_SHARE = 0.35
PRAISE = ("处理很快，客服态度很好", "问题解决了，很满意", "退款到账及时，点赞", "售后很专业")
COMPLAINTS = ("等了好几天才有人回复", "客服一直推脱，很失望", "问题没有解决", "处理太慢了")
OVERALL_WEIGHTS = {5: 46, 4: 30, 3: 12, 2: 7, 1: 5}


def answer_day(platform: Platform, *, day_end: datetime, seed: int) -> int:
    """Answer about a third of the surveys a day's run sent (sent in the day before `day_end`,
    `day_end` included: a past day's run sends at its end); returns how many."""
    rng = random.Random(f"{seed}:{day_end.isoformat()}")
    sent_from, latest = day_end - timedelta(days=1), utcnow()
    with platform.uow() as uow:
        pending = uow.session.execute(
            select(Survey.id, Survey.consumer_id, Survey.sent_at)
            .where(Survey.sent_at > sent_from, Survey.sent_at <= day_end)
            .where(Survey.answered_at.is_(None))
            .order_by(Survey.id)
        ).all()
        chosen = [row for row in pending if rng.random() < ANSWERED_SHARE]
        answers = [_answer(rng) for _ in chosen]
        sentiments = score_texts([comment for _, comment in answers if comment])
        scored = iter(sentiments)
        for (survey_id, consumer_id, sent_at), (overall, comment) in zip(
            chosen, answers, strict=True
        ):
            survey = uow.session.get_one(Survey, survey_id)
            keys = [q.key for q in surveys.questions_of(uow, survey) if q.scored]
            scores = {key: _near(rng, overall) for key in keys} | {"overall": overall}
            surveys.answer_survey(
                uow=uow,
                actor=Actor(f"demo:{consumer_id}", Role.CONSUMER, consumer_id=consumer_id),
                now=min(sent_at + timedelta(hours=rng.uniform(0.5, 20)), latest),
                survey_id=survey_id,
                scores=scores,
                comment=comment,
                sentiment=next(scored) if comment else None,
            )
        uow.commit()
    return len(chosen)


def _answer(rng: random.Random) -> tuple[int, str | None]:
    overall = rng.choices(list(OVERALL_WEIGHTS), weights=list(OVERALL_WEIGHTS.values()))[0]
    if rng.random() >= 0.4:
        return overall, None
    return overall, rng.choice(PRAISE if overall >= 4 else COMPLAINTS)


def _near(rng: random.Random, overall: int) -> int:
    return max(1, min(5, overall + rng.choice((-1, 0, 0, 0, 1))))
