"""The statement of the debt as a PDF in the reader's language (perintälaki 4 a §, CSD art. 10)."""

from __future__ import annotations

import base64

from fastapi import Request
from weasyprint import HTML

from portal import i18n
from portal.cases.service import CaseView
from portal.db import utcnow
from portal.pages import templates
from portal.payments import epc_qr
from portal.payments.transfers import transfer_details


def render_pdf(request: Request, view: CaseView) -> bytes:
    transfer = transfer_details(view)
    svg = epc_qr.qr_svg(transfer.qr_payload) if transfer and transfer.can_pay and transfer.qr_payload else None
    qr_data_uri = f"data:image/svg+xml;base64,{base64.b64encode(svg.encode()).decode()}" if svg else None
    html = templates.get_template("cases/statement.html").render(
        {
            "request": request,
            "view": view,
            "generated_at": utcnow(),
            "lang": i18n.current_language(),
            "transfer": transfer,
            "qr_data_uri": qr_data_uri,
        }
    )
    return HTML(string=html, base_url=str(request.base_url)).write_pdf(pdf_variant="pdf/ua-1")  # type: ignore[no-any-return]
