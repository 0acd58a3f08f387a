"""What every console page handler needs, as one dependency: `Page` for reads, `Posted` for form
posts (the same, after the CSRF token checked out).

A handler then takes `page: Page` (or `post: Posted`) instead of the request, user, unit of work,
time and platform one by one, and renders with `page.render(template, ...)`, which adds the
signed-in user, the time and the platform's display zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, TypeVar
from zoneinfo import ZoneInfo

from fastapi import Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from pinzhi.bootstrap import Platform
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.queries import UserView
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import session
from pinzhi.interfaces.console.session import ConsoleUser
from pinzhi.interfaces.console.views import render
from pinzhi.store.uow import UnitOfWork


@dataclass(frozen=True)
class PageContext:
    request: Request
    user: UserView
    uow: UnitOfWork
    now: datetime
    platform: Platform

    @property
    def actor(self) -> Actor:
        return self.user.actor

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.platform.settings.timezone)

    def render(self, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
        return render(
            self.request, template, now=self.now, user=self.user, status=status, tz=self.tz,
            **context,
        )  # fmt: skip

    def commit_and_go(self, path: str) -> RedirectResponse:
        """Commit the post's work and send the browser on (post → redirect → get)."""
        self.uow.commit()
        return RedirectResponse(path, status_code=303)


def _page(
    request: Request, user: ConsoleUser, uow: DbUow, now: Now, platform: PlatformDep
) -> PageContext:
    return PageContext(request, user, uow, now, platform)


def _posted(
    page: Annotated[PageContext, Depends(_page)],
    csrf_token: Annotated[str, Form()] = "",
) -> PageContext:
    session.check_csrf(page.request, csrf_token, secret_key=page.platform.secret_key, now=page.now)
    return page


Page = Annotated[PageContext, Depends(_page)]
Posted = Annotated[PageContext, Depends(_posted)]

Offset = Annotated[int, Query(ge=0)]
"""A list page's `?offset=`: how many rows the pages before this one showed."""

Row = TypeVar("Row")


def one_page(
    found: Sequence[Row], *, size: int, offset: int
) -> tuple[Sequence[Row], dict[str, Any]]:
    """The rows a list page shows out of a query run with `limit=size + 1`, and what its pager
    needs (`offset`, `page_size`, `has_next`): the extra row only says another page follows."""
    return found[:size], {"offset": offset, "page_size": size, "has_next": len(found) > size}
