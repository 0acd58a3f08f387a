"""Chat pages: the consumer's chat (bot first, "转人工" always visible) and the agent's desk.

Server-rendered and complete without JavaScript: every action is a form post (with the CSRF
token) that redirects back to the conversation (post → redirect → get). Elderly mode (S1 9.4.3)
enlarges the conversation and the buttons through the base layout's `.elderly` class.
"""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pinzhi.adapters.language.screening import screen
from pinzhi.core.errors import InvalidTransition, PinzhiError, ValidationFailed
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.orders import queries as order_queries
from pinzhi.domain.service import chat, chat_queries
from pinzhi.domain.service.chat_queries import ChatState
from pinzhi.interfaces import chat_bot
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console import session
from pinzhi.interfaces.console.queue_page import PAGE as QUEUE_PAGE
from pinzhi.interfaces.console.session import ConsoleUser
from pinzhi.interfaces.console.views import PREFIX, render

PAGE = f"{PREFIX}/chat"
DESK = f"{PREFIX}/chat-desk"
ORDERS_OFFERED = 20
HISTORY = 10

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Text = Annotated[str, Form()]


def _tz(platform: PlatformDep) -> ZoneInfo:
    return ZoneInfo(platform.settings.timezone)


# ------------------------------------------------------------------ consumer


@router.get("/chat")
def chat_home(
    *, request: Request, user: ConsoleUser, uow: DbUow, now: Now, platform: PlatformDep
) -> Response:
    """The open chat if there is one, else the form to start one."""
    mine = chat_queries.my_chats(uow=uow, actor=user.actor, limit=HISTORY)
    open_chat = next((s for s in mine if s.state is not ChatState.ENDED), None)
    if open_chat is not None:
        return RedirectResponse(f"{PAGE}/{open_chat.id}", status_code=303)
    orders = order_queries.list_orders(uow=uow, actor=user.actor, limit=ORDERS_OFFERED)
    return render(
        request,
        "chat.html",
        now=now,
        user=user,
        view=None,
        orders=orders,
        history=mine,
        tz=_tz(platform),
    )


@router.post("/chat")
def start(
    *,
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Text = "",
    order_id: Text = "",
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    started = chat.start_chat(uow=uow, actor=user.actor, now=now, order_id=order_id or None)
    uow.commit()
    return RedirectResponse(f"{PAGE}/{started.id}", status_code=303)


@router.get("/chat/{session_id}")
def conversation(
    *,
    request: Request,
    session_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
) -> HTMLResponse:
    return _consumer_page(request, user, uow, now=now, platform=platform, session_id=session_id)


@router.post("/chat/{session_id}/messages")
def say(
    *,
    request: Request,
    session_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Text = "",
    body: Text = "",
) -> Response:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    try:
        chat_bot.respond(uow=uow, actor=user.actor, now=now, session_id=session_id, text=body)
    except (InvalidTransition, ValidationFailed) as refused:
        uow.session.rollback()
        return _consumer_page(
            request, user, uow, now=now, platform=platform, session_id=session_id, refused=refused
        )
    uow.commit()
    return RedirectResponse(f"{PAGE}/{session_id}#latest", status_code=303)


@router.post("/chat/{session_id}/handoff")
def hand_off(
    *,
    request: Request,
    session_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Text = "",
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    chat_bot.request_person(uow=uow, actor=user.actor, now=now, session_id=session_id)
    uow.commit()
    return RedirectResponse(f"{PAGE}/{session_id}#latest", status_code=303)


@router.post("/chat/{session_id}/end")
def end(
    *,
    request: Request,
    session_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Text = "",
) -> RedirectResponse:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    chat.end_chat(uow=uow, actor=user.actor, now=now, session_id=session_id)
    uow.commit()
    back = f"{DESK}/{session_id}" if user.actor.consumer_id is None else f"{PAGE}/{session_id}"
    return RedirectResponse(back, status_code=303)


def _consumer_page(
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    *,
    now: Now,
    platform: PlatformDep,
    session_id: str,
    refused: PinzhiError | None = None,
) -> HTMLResponse:
    require(user.actor, Permission.CHAT_AS_CONSUMER)
    view = chat_queries.get_chat(uow=uow, actor=user.actor, session_id=session_id)
    return render(
        request,
        "chat.html",
        now=now,
        user=user,
        view=view,
        orders=[],
        history=[],
        refused=refused,
        tz=_tz(platform),
        status=422 if refused else 200,
    )


# ------------------------------------------------------------------ agent


@router.get("/chat-desk")
def desk(
    *, request: Request, user: ConsoleUser, uow: DbUow, now: Now, platform: PlatformDep
) -> HTMLResponse:
    return render(
        request,
        "chat_agent.html",
        now=now,
        user=user,
        view=None,
        waiting=chat_queries.waiting_chats(uow=uow, actor=user.actor),
        mine=chat_queries.agent_chats(uow=uow, actor=user.actor),
        queue_page=QUEUE_PAGE,
        tz=_tz(platform),
    )


@router.get("/chat-desk/{session_id}")
def desk_conversation(
    *,
    request: Request,
    session_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
) -> HTMLResponse:
    return _agent_page(request, user, uow, now=now, platform=platform, session_id=session_id)


@router.post("/chat-desk/{session_id}/join")
def join(
    *,
    request: Request,
    session_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Text = "",
) -> Response:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    try:
        chat.join(uow=uow, actor=user.actor, now=now, session_id=session_id)
    except (InvalidTransition, ValidationFailed) as refused:
        uow.session.rollback()
        return _agent_page(
            request, user, uow, now=now, platform=platform, session_id=session_id, refused=refused
        )
    uow.commit()
    return RedirectResponse(f"{DESK}/{session_id}", status_code=303)


@router.post("/chat-desk/{session_id}/replies")
def reply(
    *,
    request: Request,
    session_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    csrf_token: Text = "",
    body: Text = "",
) -> Response:
    session.check_csrf(request, csrf_token, secret_key=platform.secret_key, now=now)
    try:
        chat.agent_reply(
            uow=uow,
            actor=user.actor,
            now=now,
            session_id=session_id,
            body=body,
            screening=screen(body),
        )
    except (InvalidTransition, ValidationFailed) as refused:
        uow.session.rollback()
        return _agent_page(
            request,
            user,
            uow,
            now=now,
            platform=platform,
            session_id=session_id,
            refused=refused,
            draft=body,
        )
    uow.commit()
    return RedirectResponse(f"{DESK}/{session_id}#latest", status_code=303)


def _agent_page(
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    *,
    now: Now,
    platform: PlatformDep,
    session_id: str,
    refused: PinzhiError | None = None,
    draft: str = "",
) -> HTMLResponse:
    require(user.actor, Permission.WORK_SERVICE_QUEUE)
    view = chat_queries.get_chat(uow=uow, actor=user.actor, session_id=session_id)
    return render(
        request,
        "chat_agent.html",
        now=now,
        user=user,
        view=view,
        note=view.handoff_note(),
        mine_id=chat_queries.staff_id_of(uow, user.actor),
        refused=refused,
        draft=draft,
        queue_page=QUEUE_PAGE,
        tz=_tz(platform),
        status=422 if refused else 200,
    )
