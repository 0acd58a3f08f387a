"""Service staff: agents, senior agents, complaint handlers, mediators (S1 9.3).

Some senior posts are held by people with under a year of experience, which S1 9.3.4 forbids:
the staffing checks need something to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from pinzhi.adapters.simulate import columns, people
from pinzhi.adapters.simulate.schema import table
from pinzhi.adapters.simulate.timing import DAY
from pinzhi.domain.service.models import StaffPost

POST_SHARES = {
    StaffPost.AGENT: 0.68,
    StaffPost.SENIOR_AGENT: 0.12,
    StaffPost.COMPLAINT_HANDLER: 0.09,
    StaffPost.PRE_COMPENSATION: 0.03,
    StaffPost.MEDIATOR: 0.05,
    StaffPost.QUALITY_ANALYST: 0.03,
}
ANSWERING = (StaffPost.AGENT, StaffPost.SENIOR_AGENT)
"""Posts that take chats and calls."""


@dataclass(frozen=True)
class Staff:
    post: np.ndarray

    def holding(self, *posts: StaffPost) -> np.ndarray:
        """Indices of the staff holding any of `posts`."""
        return np.flatnonzero(np.isin(self.post, [columns.code(p) for p in posts]))


def build_staff(rng: np.random.Generator, *, count: int) -> Staff:
    """Every post is held at least once, the rest drawn by share."""
    posts = [columns.code(p) for p in POST_SHARES]
    shares = np.array(list(POST_SHARES.values()))
    drawn = rng.choice(posts, size=count - len(posts), p=shares / shares.sum())
    return Staff(np.concatenate([posts, drawn]))


def staff_rows(rng: np.random.Generator, staff: Staff, *, begins_at: int) -> pa.Table:
    n = staff.post.size
    senior = staff.post != columns.code(StaffPost.AGENT)
    experience = np.where(senior, rng.integers(6, 96, n), rng.integers(0, 36, n))
    return table(
        "staff",
        {
            "id": columns.static_ids("STF", np.arange(n)),
            "name": people.person_names(rng, n),
            "post": columns.enum_values(StaffPost, staff.post),
            "hired_at": columns.utc(
                begins_at - rng.integers(DAY, 6 * 365 * DAY, n), horizon=begins_at
            ),
            "prior_experience_months": pa.array(experience),
            "quality_service": pa.array(rng.random(n) < 0.3),
            "active": pa.array(np.ones(n, dtype=bool)),
        },
    )
