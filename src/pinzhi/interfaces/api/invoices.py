"""Electronic invoices: issue, query, download (S3 6.9). Red-letter reversals come with refunds."""

from __future__ import annotations

from datetime import datetime
from html import escape
from http import HTTPStatus
from zoneinfo import ZoneInfo

from fastapi import APIRouter
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from pinzhi.core.money import format_yuan
from pinzhi.domain.orders import invoices
from pinzhi.domain.orders.invoices import InvoiceView
from pinzhi.interfaces.api.deps import CurrentActor, DbUow, Now, PlatformDep
from pinzhi.interfaces.api.problems import problem_responses

router = APIRouter(tags=["invoices"])


class IssueInvoice(BaseModel):
    title: str = Field(min_length=1, max_length=200, description="a person's or company's name")
    tax_number: str | None = Field(default=None, max_length=20)


@router.get(
    "/api/v1/orders/{order_id}/invoices",
    responses=problem_responses(401, 403, 404),
    summary="An order's invoices with their red-letter reversals",
)
def list_invoices(*, order_id: str, actor: CurrentActor, uow: DbUow) -> list[InvoiceView]:
    return invoices.list_invoices(uow=uow, actor=actor, order_id=order_id)


@router.post(
    "/api/v1/orders/{order_id}/invoices",
    status_code=HTTPStatus.CREATED,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Issue the order's electronic invoice",
)
def issue_invoice(
    *, order_id: str, body: IssueInvoice, actor: CurrentActor, uow: DbUow, now: Now
) -> InvoiceView:
    view = invoices.issue_invoice(
        uow=uow,
        actor=actor,
        order_id=order_id,
        title=body.title,
        tax_number=body.tax_number,
        now=now,
    )
    uow.commit()
    return view


@router.get(
    "/api/v1/invoices/{invoice_id}/download",
    response_class=HTMLResponse,
    responses=problem_responses(401, 403, 404),
    summary="Download the invoice as a self-contained printable document",
)
def download_invoice(
    *, invoice_id: str, actor: CurrentActor, uow: DbUow, platform: PlatformDep
) -> HTMLResponse:
    view = invoices.get_invoice(uow=uow, actor=actor, invoice_id=invoice_id)
    tz = ZoneInfo(platform.settings.timezone)
    return HTMLResponse(
        _document(view, tz),
        headers={"Content-Disposition": f'attachment; filename="invoice-{view.id}.html"'},
    )


def _document(view: InvoiceView, tz: ZoneInfo) -> str:
    def local(at: datetime) -> str:
        return at.astimezone(tz).strftime("%Y-%m-%d %H:%M")

    reds = "".join(
        f"<tr><td>{escape(r.id)}</td><td>{local(r.issued_at)}</td><td>{escape(r.reason)}</td>"
        f"<td class=n>-{format_yuan(r.amount_fen)}</td></tr>"
        for r in view.red_letters
    )
    rows = (
        f"<tr><th>发票号码 Invoice</th><td>{escape(view.id)}</td></tr>"
        f"<tr><th>订单 Order</th><td>{escape(view.order_id)}</td></tr>"
        f"<tr><th>抬头 Title</th><td>{escape(view.title)}</td></tr>"
        f"<tr><th>税号 Tax number</th><td>{escape(view.tax_number or '—')}</td></tr>"
        f"<tr><th>开票时间 Issued</th><td>{local(view.issued_at)}</td></tr>"
        f"<tr><th>金额 Amount (元)</th><td>{format_yuan(view.amount_fen)}</td></tr>"
        f"<tr><th>状态 Status</th><td>{escape(view.status.value)}</td></tr>"
    )
    red_table = (
        f"<h2>红字发票 Red-letter reversals</h2><table><tr><th>No.</th><th>Issued</th>"
        f"<th>Reason</th><th>元</th></tr>{reds}</table>"
        if reds
        else ""
    )
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>电子发票 {escape(view.id)}</title><style>body{{font-family:sans-serif;"
        "max-width:40rem;margin:2rem auto}}table{{border-collapse:collapse;width:100%}}"
        "th,td{{border:1px solid #ccc;padding:.4rem;text-align:left}}.n{{text-align:right}}"
        f"</style></head><body><h1>电子发票 Electronic invoice</h1><table>{rows}</table>"
        f"{red_table}</body></html>"
    )
