"""Errors become RFC 9457 problem details (application/problem+json), here and only here."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from pinzhi.core.errors import PinzhiError

MEDIA_TYPE = "application/problem+json"

STATUS_BY_CODE = {
    "not_found": HTTPStatus.NOT_FOUND,
    "forbidden": HTTPStatus.FORBIDDEN,
    "unauthenticated": HTTPStatus.UNAUTHORIZED,
    "validation_failed": HTTPStatus.UNPROCESSABLE_ENTITY,
    "invalid_transition": HTTPStatus.CONFLICT,
    "conflict": HTTPStatus.CONFLICT,
}


def status_of(exc: Exception) -> HTTPStatus:
    """The HTTP status of any error the edge may see."""
    if isinstance(exc, PinzhiError):
        return STATUS_BY_CODE.get(exc.code, HTTPStatus.BAD_REQUEST)
    if isinstance(exc, RequestValidationError):
        return HTTPStatus.UNPROCESSABLE_ENTITY
    if isinstance(exc, HTTPException):
        return HTTPStatus(exc.status_code)
    return HTTPStatus.INTERNAL_SERVER_ERROR


def message_of(exc: Exception) -> str:
    if isinstance(exc, PinzhiError):
        return exc.message
    if isinstance(exc, RequestValidationError):
        return "the request does not have the expected form"
    if isinstance(exc, HTTPException):
        return str(exc.detail)
    return "internal error"


def problem_response(request: Request, exc: Exception) -> JSONResponse:
    status = status_of(exc)
    code = _code(exc, status)
    body: dict[str, Any] = {
        "type": f"urn:pinzhi:problem:{code}",
        "title": status.phrase,
        "status": int(status),
        "detail": message_of(exc),
        "instance": request.url.path,
        "code": code,
    }
    if errors := _errors(exc):
        body["errors"] = errors
    headers = {"WWW-Authenticate": "Bearer"} if status is HTTPStatus.UNAUTHORIZED else None
    return JSONResponse(body, status_code=status, media_type=MEDIA_TYPE, headers=headers)


def _code(exc: Exception, status: HTTPStatus) -> str:
    if isinstance(exc, PinzhiError):
        return exc.code
    if isinstance(exc, RequestValidationError):
        return "validation_failed"
    return status.phrase.lower().replace(" ", "_")


def _errors(exc: Exception) -> Sequence[Any]:
    if isinstance(exc, RequestValidationError):
        return [
            {"loc": ".".join(str(part) for part in error["loc"]), "msg": error["msg"]}
            for error in jsonable_encoder(exc.errors())
        ]
    if isinstance(exc, PinzhiError):
        return exc.details
    return []


class Problem(BaseModel):
    """RFC 9457 problem details, plus `code` (stable, for programs) and field `errors`."""

    type: str
    title: str
    status: int
    detail: str
    instance: str
    code: str
    errors: list[Any] | None = None


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries saying that these statuses answer with a problem document."""
    schema = Problem.model_json_schema()
    return {
        status: {
            "description": HTTPStatus(status).phrase,
            "content": {MEDIA_TYPE: {"schema": schema}},
        }
        for status in statuses
    }
