"""Chat pages: the consumer's chat (bot first, "转人工" always visible) and the agent's desk.

Server-rendered and complete without JavaScript: every action is a form post (with the CSRF
token) that redirects back to the conversation (post → redirect → get). Elderly mode (S1 9.4.3)
enlarges the conversation and the buttons through the base layout's `.elderly` class.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from pinzhi.adapters.language.screening import screen
from pinzhi.core.errors import InvalidTransition, PinzhiError, ValidationFailed
from pinzhi.domain.accounts.rules import Permission, require
from pinzhi.domain.orders import queries as order_queries
from pinzhi.domain.service import chat, chat_queries
from pinzhi.domain.service.chat_queries import ChatState
from pinzhi.interfaces import chat_bot
from pinzhi.interfaces.console.context import Page, PageContext, Posted
from pinzhi.interfaces.console.queue_page import PAGE as QUEUE_PAGE
from pinzhi.interfaces.console.views import PREFIX

PAGE = f"{PREFIX}/chat"
DESK = f"{PREFIX}/chat-desk"
ORDERS_OFFERED = 20
HISTORY = 10

router = APIRouter(prefix=PREFIX, include_in_schema=False)
Text = Annotated[str, Form()]
REFUSALS = (InvalidTransition, ValidationFailed)


# ------------------------------------------------------------------ consumer


@router.get("/chat")
def chat_home(*, page: Page) -> Response:
    """The open chat if there is one, else the form to start one."""
    mine = chat_queries.my_chats(uow=page.uow, actor=page.actor, limit=HISTORY)
    open_chat = next((s for s in mine if s.state is not ChatState.ENDED), None)
    if open_chat is not None:
        return RedirectResponse(f"{PAGE}/{open_chat.id}", status_code=303)
    orders = order_queries.list_orders(uow=page.uow, actor=page.actor, limit=ORDERS_OFFERED)
    return page.render("chat.html", view=None, orders=orders, history=mine)


@router.post("/chat")
def start(*, post: Posted, order_id: Text = "") -> RedirectResponse:
    started = chat.start_chat(
        uow=post.uow, actor=post.actor, now=post.now, order_id=order_id or None
    )
    return post.commit_and_go(f"{PAGE}/{started.id}")


@router.get("/chat/{session_id}")
def conversation(*, page: Page, session_id: str) -> HTMLResponse:
    return _consumer_page(page, session_id)


@router.post("/chat/{session_id}/messages")
def say(*, post: Posted, session_id: str, body: Text = "") -> Response:
    try:
        chat_bot.respond(
            uow=post.uow, actor=post.actor, now=post.now, session_id=session_id, text=body
        )
    except REFUSALS as refused:
        post.uow.session.rollback()
        return _consumer_page(post, session_id, refused=refused)
    return post.commit_and_go(f"{PAGE}/{session_id}#latest")


@router.post("/chat/{session_id}/handoff")
def hand_off(*, post: Posted, session_id: str) -> RedirectResponse:
    chat_bot.request_person(uow=post.uow, actor=post.actor, now=post.now, session_id=session_id)
    return post.commit_and_go(f"{PAGE}/{session_id}#latest")


@router.post("/chat/{session_id}/end")
def end(*, post: Posted, session_id: str) -> RedirectResponse:
    chat.end_chat(uow=post.uow, actor=post.actor, now=post.now, session_id=session_id)
    consumer = post.actor.consumer_id is not None
    return post.commit_and_go(f"{PAGE if consumer else DESK}/{session_id}")


def _consumer_page(
    page: PageContext, session_id: str, *, refused: PinzhiError | None = None
) -> HTMLResponse:
    require(page.actor, Permission.CHAT_AS_CONSUMER)
    view = chat_queries.get_chat(uow=page.uow, actor=page.actor, session_id=session_id)
    return page.render(
        "chat.html",
        view=view,
        orders=[],
        history=[],
        refused=refused,
        status=422 if refused else 200,
    )


# ------------------------------------------------------------------ agent


@router.get("/chat-desk")
def desk(*, page: Page) -> HTMLResponse:
    return page.render(
        "chat_agent.html",
        view=None,
        waiting=chat_queries.waiting_chats(uow=page.uow, actor=page.actor),
        mine=chat_queries.agent_chats(uow=page.uow, actor=page.actor),
        queue_page=QUEUE_PAGE,
    )


@router.get("/chat-desk/{session_id}")
def desk_conversation(*, page: Page, session_id: str) -> HTMLResponse:
    return _agent_page(page, session_id)


@router.post("/chat-desk/{session_id}/join")
def join(*, post: Posted, session_id: str) -> Response:
    try:
        chat.join(uow=post.uow, actor=post.actor, now=post.now, session_id=session_id)
    except REFUSALS as refused:
        post.uow.session.rollback()
        return _agent_page(post, session_id, refused=refused)
    return post.commit_and_go(f"{DESK}/{session_id}")


@router.post("/chat-desk/{session_id}/replies")
def reply(*, post: Posted, session_id: str, body: Text = "") -> Response:
    try:
        chat.agent_reply(
            uow=post.uow,
            actor=post.actor,
            now=post.now,
            session_id=session_id,
            body=body,
            screening=screen(body),
        )
    except REFUSALS as refused:
        post.uow.session.rollback()
        return _agent_page(post, session_id, refused=refused, draft=body)
    return post.commit_and_go(f"{DESK}/{session_id}#latest")


def _agent_page(
    page: PageContext, session_id: str, *, refused: PinzhiError | None = None, draft: str = ""
) -> HTMLResponse:
    require(page.actor, Permission.WORK_SERVICE_QUEUE)
    view = chat_queries.get_chat(uow=page.uow, actor=page.actor, session_id=session_id)
    return page.render(
        "chat_agent.html",
        view=view,
        note=view.handoff_note(),
        mine_id=chat_queries.staff_id_of(page.uow, page.actor),
        refused=refused,
        draft=draft,
        queue_page=QUEUE_PAGE,
        status=422 if refused else 200,
    )
