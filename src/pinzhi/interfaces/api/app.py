"""The web application: API, console and docs on one FastAPI app, built per platform."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from pinzhi import __version__
from pinzhi.bootstrap import Platform
from pinzhi.core.errors import PinzhiError
from pinzhi.interfaces.api import (
    aftersales,
    attainment,
    auth,
    chat,
    commitments,
    complaints,
    docs,
    events,
    grades,
    health,
    improvement,
    indicators,
    invoices,
    knowledge,
    listings,
    logistics,
    marketing,
    orders,
    oversight,
    privacy,
    problems,
    publications,
    satisfaction,
    search,
    service_queue,
    staff,
)
from pinzhi.interfaces.console import routes as console
from pinzhi.interfaces.console import views as console_views


def create_app(platform: Platform) -> FastAPI:
    app = FastAPI(
        title="pinzhi 品质",
        version=__version__,
        summary="Quality-service system for e-commerce platforms",
        docs_url=None,
        redoc_url=None,
    )
    app.state.platform = platform
    routers = (
        health.router,
        auth.router,
        orders.router,
        indicators.router,
        events.router,
        aftersales.router,
        commitments.router,
        invoices.router,
        attainment.router,
        logistics.router,
        service_queue.router,
        knowledge.router,
        complaints.router,
        staff.router,
        chat.router,
        grades.router,
        oversight.router,
        publications.router,
        improvement.router,
        search.router,
        listings.router,
        marketing.router,
        privacy.router,
        satisfaction.router,
    )
    for router in routers:
        app.include_router(router)
    console.install(app)
    docs.install(app)
    for error in (PinzhiError, RequestValidationError, HTTPException):
        app.add_exception_handler(error, _on_error)

    @app.get("/", include_in_schema=False)
    def root() -> RedirectResponse:
        return RedirectResponse(console.HOME, status_code=307)

    return app


async def _on_error(request: Request, exc: Exception) -> Response:
    """Every error, mapped once: a page for the console, a problem document for the rest."""
    if console.serves(request):
        return console_views.error_page(request, exc)
    return problems.problem_response(request, exc)
