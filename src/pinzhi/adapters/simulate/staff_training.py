"""Training and exams of the service staff (S1 9.3.2; S3 5.2.2.2–5.2.2.3).

Pre-duty: a course completed a few days before the exam, which nearly everyone sat within a
week either side of being hired and passed. Some failed the first attempt and passed a retake
a few days later. The newest hires include a few who have not passed yet: their only attempt
failed, or they have not sat the exam.

Refresher: each person attends at their own pace, 8 to 14 sessions a year spread over their
tenure, so some fall below the 12 a year S3 5.2.2.3 asks for. Nothing after the export instant
has happened and none of it is written.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.domain.service.models import TrainingKind
from pinzhi.domain.service.staff_operations import DEFAULT_PASS_MARK as PASS_MARK

FAILED_FIRST_SHARE = 0.08
"""Staff whose first attempt failed and who passed a retake."""
NOT_YET_SHARE = 0.04
"""Newest hires without a passed exam (at least one whenever there are staff)."""
REFRESHERS_PER_YEAR = (8.0, 14.0)
"""Each person's own pace, drawn uniformly."""
YEAR = 365 * DAY

PRE_DUTY_TOPIC = "岗前培训：平台规则、服务规范与考核"
REFRESHER_TOPICS = (
    "售后政策更新解读",
    "投诉处理与情绪安抚",
    "消费者个人信息保护",
    "三包规定与退换货实务",
    "先行赔付流程",
    "大促期间服务预案",
    "服务用语与沟通礼仪",
    "商品质量问题识别",
    "物流异常处理",
    "典型投诉案例复盘",
)


def training_and_exam_rows(
    rng: np.random.Generator, staff: pa.Table, *, as_of: int
) -> tuple[pa.Table, pa.Table]:
    """The `staff_trainings` and `staff_exams` tables; `staff` is the staff table."""
    hired = staff.column("hired_at").cast(pa.int64()).to_numpy() // 1_000_000
    n = hired.size
    waiting = np.zeros(n, dtype=bool)
    if n:
        waiting[np.argsort(-hired, kind="stable")[: max(1, round(NOT_YET_SHARE * n))]] = True
    never_sat = waiting & (rng.random(n) < 0.5)
    failed_first = waiting | (rng.random(n) < FAILED_FIRST_SHARE)
    first_at = hired + rng.integers(-7 * DAY, 3 * DAY, n)
    retake_at = first_at + rng.integers(2 * DAY, 8 * DAY, n)
    course_at = first_at - rng.integers(DAY // 2, 4 * DAY, n)

    sat, retook = ~never_sat, failed_first & ~waiting
    exams = _attempts(
        rng,
        who=np.concatenate([np.flatnonzero(sat), np.flatnonzero(retook)]),
        taken=np.concatenate([first_at[sat], retake_at[retook]]),
        passed=np.concatenate([~failed_first[sat], np.ones(retook.sum(), dtype=bool)]),
        staff=staff,
        as_of=as_of,
    )
    return _trainings(rng, hired, course_at, staff=staff, as_of=as_of), exams


def _attempts(
    rng: np.random.Generator,
    *,
    who: np.ndarray,
    taken: np.ndarray,
    passed: np.ndarray,
    staff: pa.Table,
    as_of: int,
) -> pa.Table:
    who, taken, passed = _happened(as_of, who, taken, passed)
    m = who.size
    score = np.where(
        passed,
        rng.integers(PASS_MARK, 101, m),
        rng.integers(PASS_MARK - 25, PASS_MARK, m),
    )
    return table(
        "staff_exams",
        {
            "id": columns.static_ids("EXM", np.arange(m)),
            "staff_id": staff.column("id").take(pa.array(who, type=pa.int64())),
            "kind": _kinds(np.zeros(m, dtype=bool)),
            "score": pa.array(score),
            "pass_mark": pa.array(np.full(m, PASS_MARK)),
            "passed": pa.array(passed),
            "taken_at": columns.utc(taken, horizon=as_of),
        },
    )


def _trainings(
    rng: np.random.Generator,
    hired: np.ndarray,
    course_at: np.ndarray,
    *,
    staff: pa.Table,
    as_of: int,
) -> pa.Table:
    """The pre-duty course, then refreshers evenly paced with jitter from hiring to `as_of`."""
    n = hired.size
    low, high = REFRESHERS_PER_YEAR
    gap = YEAR / rng.uniform(low, high, n)
    count = np.maximum(0, (as_of - hired) // gap).astype(np.int64)
    owner = np.repeat(np.arange(n), count)
    nth = np.arange(owner.size) - np.repeat(np.cumsum(count) - count, count)
    jitter = rng.uniform(-0.3, 0.3, owner.size)
    refresher_at = hired[owner] + ((nth + 1 + jitter) * gap[owner]).astype(np.int64)

    who = np.concatenate([np.arange(n), owner])
    done = np.concatenate([course_at, refresher_at])
    refresher = np.concatenate([np.zeros(n, dtype=bool), np.ones(owner.size, dtype=bool)])
    who, done, refresher = _happened(as_of, who, done, refresher)
    m = who.size
    minutes = np.where(
        refresher, 30 * rng.integers(2, 7, m), 60 * rng.integers(8, 25, m)
    )  # refreshers 1–3 hours, the pre-duty course 8–24 hours
    topic = columns.where(refresher, columns.choose(rng, REFRESHER_TOPICS, m), PRE_DUTY_TOPIC)
    return table(
        "staff_trainings",
        {
            "id": columns.static_ids("TRN", np.arange(m)),
            "staff_id": staff.column("id").take(pa.array(who, type=pa.int64())),
            "kind": _kinds(refresher),
            "topic": topic,
            "completed_at": columns.utc(done, horizon=as_of),
            "minutes": pa.array(minutes),
        },
    )


def _happened(
    as_of: int, who: np.ndarray, at: np.ndarray, *more: np.ndarray
) -> tuple[np.ndarray, ...]:
    """The rows up to `as_of`, ordered by staff member and time."""
    keep = at <= as_of
    order = np.lexsort((at[keep], who[keep]))
    return (who[keep][order], at[keep][order], *(m[keep][order] for m in more))


def _kinds(refresher: np.ndarray) -> pa.Array:
    code = np.where(
        refresher,
        columns.code(TrainingKind.REFRESHER),
        columns.code(TrainingKind.PRE_DUTY),
    )
    return columns.enum_values(TrainingKind, code)
