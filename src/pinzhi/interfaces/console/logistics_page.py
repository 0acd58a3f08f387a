"""Logistics pages (C9): the open anomalies, and one parcel's trajectory as a timeline with the
scans each anomaly rests on marked (S3 6.2.3.2 — what a mediator reads in a dispute)."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from pinzhi.domain.logistics import queries
from pinzhi.domain.logistics.models import AnomalyKind, AnomalyStatus
from pinzhi.interfaces.api.deps import DbUow, Now, PlatformDep
from pinzhi.interfaces.console.session import ConsoleUser
from pinzhi.interfaces.console.views import PREFIX, render

ANOMALIES_PAGE = f"{PREFIX}/logistics/anomalies"
SHOWN = 50

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/logistics/anomalies")
def anomalies_page(
    *,
    request: Request,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
    kind: AnomalyKind | None = None,
    status: AnomalyStatus = AnomalyStatus.OPEN,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> HTMLResponse:
    found = queries.list_anomalies(
        uow=uow, actor=user.actor, status=status, kind=kind, limit=SHOWN + 1, offset=offset
    )
    return render(
        request,
        "anomalies.html",
        now=now,
        user=user,
        anomalies=found[:SHOWN],
        kinds=list(AnomalyKind),
        kind=kind,
        shown_status=status,
        offset=offset,
        page_size=SHOWN,
        has_next=len(found) > SHOWN,
        tz=ZoneInfo(platform.settings.timezone),
    )


@router.get("/shipments/{shipment_id}/trajectory")
def trajectory_page(
    *,
    request: Request,
    shipment_id: str,
    user: ConsoleUser,
    uow: DbUow,
    now: Now,
    platform: PlatformDep,
) -> HTMLResponse:
    found = queries.get_trajectory(uow=uow, actor=user.actor, shipment_id=shipment_id)
    marks: dict[str, list[AnomalyKind]] = {}
    for anomaly in found.anomalies:
        for scan_id in anomaly.evidence_ids:
            marks.setdefault(scan_id, []).append(anomaly.kind)
    return render(
        request,
        "trajectory.html",
        now=now,
        user=user,
        shipment=found,
        marks=marks,
        tz=ZoneInfo(platform.settings.timezone),
    )
