"""The API's interactive documentation (Swagger UI at ``/docs``, ReDoc at ``/redoc``) served
from the package's own copies of their bundles, so it works without internet.

The bundles are in ``static/vendor/`` (see its README for versions and licences).
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse

__all__ = ["REDOC_VERSION", "SWAGGER_UI_VERSION", "router"]

SWAGGER_UI_VERSION = "5.36.0"
REDOC_VERSION = "2.5.4"
_SWAGGER = "/static/vendor/swagger-ui"
_REDOC = "/static/vendor/redoc"
_OAUTH2_REDIRECT = "/docs/oauth2-redirect"

router = APIRouter()


def _openapi_url(request: Request) -> str:
    return request.app.openapi_url or "/openapi.json"


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    """Swagger UI over the app's OpenAPI document."""
    return get_swagger_ui_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} · API",
        swagger_js_url=f"{_SWAGGER}/swagger-ui-bundle.js?v={SWAGGER_UI_VERSION}",
        swagger_css_url=f"{_SWAGGER}/swagger-ui.css?v={SWAGGER_UI_VERSION}",
        swagger_favicon_url=f"{_SWAGGER}/favicon-32x32.png",
        oauth2_redirect_url=_OAUTH2_REDIRECT,
    )


@router.get(_OAUTH2_REDIRECT, response_class=HTMLResponse)
def swagger_ui_redirect() -> HTMLResponse:
    """The page Swagger UI's OAuth2 flow returns to."""
    return get_swagger_ui_oauth2_redirect_html()


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    """ReDoc over the app's OpenAPI document (system fonts, no Google Fonts)."""
    return get_redoc_html(
        openapi_url=_openapi_url(request),
        title=f"{request.app.title} · API reference",
        redoc_js_url=f"{_REDOC}/redoc.standalone.js?v={REDOC_VERSION}",
        redoc_favicon_url=f"{_SWAGGER}/favicon-32x32.png",
        with_google_fonts=False,
    )
