"""Logistics pages (C9): the open anomalies, and one parcel's trajectory as a timeline with the
scans each anomaly rests on marked (S3 6.2.3.2 — what a mediator reads in a dispute)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from pinzhi.domain.logistics import queries
from pinzhi.domain.logistics.models import AnomalyKind, AnomalyStatus
from pinzhi.interfaces.console.context import Offset, Page, one_page
from pinzhi.interfaces.console.views import PREFIX

ANOMALIES_PAGE = f"{PREFIX}/logistics/anomalies"
SHOWN = 50

router = APIRouter(prefix=PREFIX, include_in_schema=False)


@router.get("/logistics/anomalies")
def anomalies_page(
    *,
    page: Page,
    kind: AnomalyKind | None = None,
    status: AnomalyStatus = AnomalyStatus.OPEN,
    offset: Offset = 0,
) -> HTMLResponse:
    found = queries.list_anomalies(
        uow=page.uow, actor=page.actor, status=status, kind=kind, limit=SHOWN + 1, offset=offset
    )
    shown, paging = one_page(found, size=SHOWN, offset=offset)
    return page.render(
        "anomalies.html",
        anomalies=shown,
        kinds=list(AnomalyKind),
        kind=kind,
        shown_status=status,
        **paging,
    )


@router.get("/shipments/{shipment_id}/trajectory")
def trajectory_page(*, page: Page, shipment_id: str) -> HTMLResponse:
    found = queries.get_trajectory(uow=page.uow, actor=page.actor, shipment_id=shipment_id)
    marks: dict[str, list[AnomalyKind]] = {}
    for anomaly in found.anomalies:
        for scan_id in anomaly.evidence_ids:
            marks.setdefault(scan_id, []).append(anomaly.kind)
    return page.render("trajectory.html", shipment=found, marks=marks)
