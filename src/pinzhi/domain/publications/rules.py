"""Pure rules of publication: notice periods, the comment window, the version in effect, review.

Notice (公示期) is counted in elapsed time from the instant of publication to the instant the
version takes effect, with no rounding to calendar days:
- a rule, agreement, policy or standard change: at least 7 days (S4 4.2.2.1);
- a closing-down or service-termination notice: at least 30 days (S4 4.2.1.1 d).
"At least" is exact: effective exactly 7 × 24 h after publication is accepted, one second
earlier is refused.

The comment period runs from publication up to (not including) the effective instant. A
published version is in effect from its effective instant until a later published version takes
effect; a withdrawn version never takes effect (it can only be withdrawn before).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from pinzhi.core.errors import ValidationFailed
from pinzhi.domain.publications.models import DocumentKind, VersionStatus

RULE_CHANGE_NOTICE = timedelta(days=7)
"""S4 4.2.2.1: a rule change is out for comment at least 7 days before it takes effect."""

CLOSING_NOTICE = timedelta(days=30)
"""S4 4.2.1.1 d: closing down, or ending a service, is announced at least 30 days ahead."""

REVIEW_INTERVAL = timedelta(days=365)
"""S2 7.3.3 asks for periodic fairness reviews; ours: every 12 months, counted as 365 days."""

T = TypeVar("T", bound="Timing")

REVIEWED_KINDS = frozenset({DocumentKind.RULE, DocumentKind.SERVICE_AGREEMENT})
"""The documents that bind merchants and consumers, and so are reviewed for fairness."""


def minimum_notice(kind: DocumentKind) -> timedelta:
    """The shortest notice a version of `kind` may be published with."""
    return CLOSING_NOTICE if kind is DocumentKind.CLOSING_NOTICE else RULE_CHANGE_NOTICE


def earliest_effective(*, kind: DocumentKind, published_at: datetime) -> datetime:
    """The first instant a version of `kind` published at `published_at` may take effect."""
    return published_at + minimum_notice(kind)


def notice_is_long_enough(
    *, kind: DocumentKind, published_at: datetime, effective_at: datetime
) -> bool:
    """Whether the effective instant leaves the minimum notice after publication (boundary in)."""
    return effective_at >= earliest_effective(kind=kind, published_at=published_at)


def check_notice(*, kind: DocumentKind, published_at: datetime, effective_at: datetime) -> None:
    """Refuse an effective instant earlier than the minimum notice allows, naming the clause."""
    if notice_is_long_enough(kind=kind, published_at=published_at, effective_at=effective_at):
        return
    clause = "S4 4.2.1.1 d" if kind is DocumentKind.CLOSING_NOTICE else "S4 4.2.2.1"
    days = minimum_notice(kind).days
    earliest = earliest_effective(kind=kind, published_at=published_at)
    raise ValidationFailed(
        f"{clause}: a {kind.value} takes effect at least {days} days after publication — "
        f"no earlier than {earliest.isoformat()}"
    )


@dataclass(frozen=True)
class Timing:
    """The facts of one version that decide its state at an instant."""

    version: int
    status: VersionStatus
    published_at: datetime | None
    effective_at: datetime | None


def open_for_comment(timing: Timing, *, now: datetime) -> bool:
    """Published and not yet in effect: the public may comment (S4 4.2.2.1)."""
    return (
        timing.status is VersionStatus.PUBLISHED
        and timing.published_at is not None
        and timing.effective_at is not None
        and timing.published_at <= now < timing.effective_at
    )


def in_force_from(timing: Timing, *, as_of: datetime) -> bool:
    """Published and past its effective instant at `as_of` (possibly superseded since)."""
    return (
        timing.status is VersionStatus.PUBLISHED
        and timing.published_at is not None
        and timing.effective_at is not None
        and timing.published_at <= as_of
        and timing.effective_at <= as_of
    )


def effective_version(timings: Iterable[T], *, as_of: datetime) -> T | None:
    """The version in effect at `as_of`: the latest effective instant; a tie goes to the
    higher version number."""
    started = [t for t in timings if in_force_from(t, as_of=as_of)]
    return max(started, key=lambda t: (t.effective_at, t.version), default=None)


def review_due(
    *, last_reviewed_at: datetime | None, in_effect_since: datetime, now: datetime
) -> bool:
    """Whether a rule is due its fairness review (S2 7.3.3): 12 months since the last review,
    or since it first took effect when it was never reviewed."""
    since = last_reviewed_at if last_reviewed_at is not None else in_effect_since
    return now - since >= REVIEW_INTERVAL
