"""Run a money-moving request at most once per Idempotency-Key (see domain/idempotency).

`once` claims the key, runs the operation and stores its response in the operation's own
transaction, and replays that response to any retry; `run_once` is its API form (the replay
marked `Idempotent-Replayed: true`), and console forms use `once` with a key minted per form.
A domain error is an outcome too: it is stored and replayed, so a retry of a refused refund is
refused the same way. An unexpected failure releases the claim so the client can retry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Annotated, Any

from fastapi import Header, Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from pinzhi.bootstrap import Platform
from pinzhi.core.errors import PinzhiError
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.idempotency import operations
from pinzhi.interfaces.api import problems
from pinzhi.store.uow import UnitOfWork

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=operations.MAX_KEY_LENGTH,
        description="A unique key per intended operation; a retry with it returns the first result",
    ),
]
REPLAYED = "Idempotent-Replayed"


@dataclass(frozen=True)
class Outcome:
    status_code: int
    body: dict[str, Any]
    replayed: bool


def once(
    *,
    platform: Platform,
    actor: Actor,
    key: str,
    request: Mapping[str, Any],
    operation: Callable[[UnitOfWork], Any],
    now: datetime,
    status_code: int = HTTPStatus.OK,
    refusal: Callable[[PinzhiError], tuple[int, dict[str, Any]]],
) -> Outcome:
    """Run `operation` at most once for (actor, key); `refusal` renders a domain error."""
    fingerprint = operations.fingerprint(jsonable_encoder(request))
    with platform.uow() as uow:
        replay = operations.claim(
            uow=uow, owner=actor.user_id, key=key, request_hash=fingerprint, now=now
        )
    if replay is not None:
        return Outcome(replay.status_code, replay.response, replayed=True)
    try:
        with platform.uow() as uow:
            result = jsonable_encoder(operation(uow))
            operations.complete(
                uow=uow,
                owner=actor.user_id,
                key=key,
                status_code=status_code,
                response=result,
                now=now,
            )
            uow.commit()
    except PinzhiError as refused:
        refused_status, refused_body = refusal(refused)
        with platform.uow() as uow:
            operations.complete(
                uow=uow,
                owner=actor.user_id,
                key=key,
                status_code=refused_status,
                response=refused_body,
                now=now,
            )
            uow.commit()
        raise
    except Exception:
        with platform.uow() as uow:
            operations.release(uow=uow, owner=actor.user_id, key=key)
        raise
    return Outcome(status_code, result, replayed=False)


def run_once(
    *,
    request: Request,
    platform: Platform,
    actor: Actor,
    key: str,
    body: Mapping[str, Any],
    operation: Callable[[UnitOfWork], Any],
    now: datetime,
    status_code: int = HTTPStatus.OK,
) -> JSONResponse:
    """`once` for an API call: the outcome as JSON, marked when it is a replay."""

    def refusal(error: PinzhiError) -> tuple[int, dict[str, Any]]:
        problem = problems.problem_response(request, error)
        return problem.status_code, _body(problem)

    outcome = once(
        platform=platform,
        actor=actor,
        key=key,
        request={"method": request.method, "path": request.url.path, "body": body},
        operation=operation,
        now=now,
        status_code=status_code,
        refusal=refusal,
    )
    return _response(outcome.body, outcome.status_code, replayed=outcome.replayed)


def _response(body: Mapping[str, Any], status_code: int, *, replayed: bool) -> JSONResponse:
    media = problems.MEDIA_TYPE if status_code >= HTTPStatus.BAD_REQUEST else "application/json"
    return JSONResponse(
        dict(body),
        status_code=status_code,
        media_type=media,
        headers={REPLAYED: "true" if replayed else "false"},
    )


def _body(response: JSONResponse) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(bytes(response.body))
    return parsed
