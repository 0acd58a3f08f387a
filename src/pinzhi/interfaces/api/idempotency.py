"""Run a money-moving request at most once per Idempotency-Key (see domain/idempotency).

`run_once` claims the key, runs the operation and stores its response in the operation's own
transaction, and replays that response (marked `Idempotent-Replayed: true`) to any retry.
A domain error is an outcome too: it is stored and replayed, so a retry of a refused refund is
refused the same way. An unexpected failure releases the claim so the client can retry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
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
    fingerprint = operations.fingerprint(
        {"method": request.method, "path": request.url.path, "body": jsonable_encoder(body)}
    )
    with platform.uow() as uow:
        replay = operations.claim(
            uow=uow, owner=actor.user_id, key=key, request_hash=fingerprint, now=now
        )
    if replay is not None:
        return _response(replay.response, replay.status_code, replayed=True)
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
        problem = problems.problem_response(request, refused)
        with platform.uow() as uow:
            operations.complete(
                uow=uow,
                owner=actor.user_id,
                key=key,
                status_code=problem.status_code,
                response=_body(problem),
                now=now,
            )
            uow.commit()
        raise
    except Exception:
        with platform.uow() as uow:
            operations.release(uow=uow, owner=actor.user_id, key=key)
        raise
    return _response(result, status_code, replayed=False)


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
