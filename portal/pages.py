"""The Jinja2 environment shared by every page: translations, formatting filters and the render call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from portal import i18n
from portal.cases import wording
from portal.cases.references import display as display_reference
from portal.clock import BUSINESS_ZONE
from portal.disputes import wording as dispute_wording
from portal.plans import wording as plan_wording
from portal.staff import wording as staff_wording

TEMPLATES_DIR = Path(__file__).parent / "templates"

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES_DIR), autoescape=True, extensions=["jinja2.ext.i18n"]
)
templates = Jinja2Templates(env=_env)
templates.env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=lambda message: i18n.translations(i18n.current_language()).ugettext(message),
    ngettext=lambda s, p, n: i18n.translations(i18n.current_language()).ungettext(s, p, n),
    newstyle=True,
)
templates.env.filters["money"] = lambda minor, currency: i18n.format_money(minor, currency)
templates.env.filters["day"] = lambda value, style="long": i18n.format_day(value, style=style) if value else ""
templates.env.filters["moment"] = i18n.format_moment
templates.env.filters["percent_bp"] = i18n.format_percent_bp
templates.env.globals["language_choices"] = i18n.language_choices
templates.env.globals["business_zone"] = BUSINESS_ZONE
templates.env.globals["wording"] = wording
templates.env.globals["staff_wording"] = staff_wording
templates.env.globals["dispute_wording"] = dispute_wording
templates.env.globals["plan_wording"] = plan_wording
templates.env.filters["reference"] = display_reference


def render(request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200) -> HTMLResponse:
    values = {"lang": i18n.current_language(), **(context or {})}
    return templates.TemplateResponse(request, name, values, status_code=status)
