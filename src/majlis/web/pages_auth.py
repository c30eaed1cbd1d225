"""Log in with an API token (kept in an HttpOnly cookie) and log out."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from majlis.store.tokens import verify_token
from majlis.web._deps import COOKIE, SessionDep, ViewerDep, templates
from majlis.web.i18n import gettext

router = APIRouter()


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, viewer: ViewerDep) -> Response:
    """The login form."""
    return templates.TemplateResponse(
        request, "login.html", {"viewer": viewer, "title": gettext("Log in"), "error": None}
    )


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request, session: SessionDep, token: Annotated[str, Form(max_length=200)]
) -> Response:
    """Check the token and keep it in a cookie."""
    principal = verify_token(session, token.strip())
    if principal is None:
        return templates.TemplateResponse(
            request,
            "login.html",
            {
                "viewer": None,
                "title": gettext("Log in"),
                "error": gettext("Unknown, revoked or expired token."),
            },
            status_code=401,
        )
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE,
        token.strip(),
        httponly=True,
        samesite="strict",
        secure=request.app.state.settings.cookie_secure,
        max_age=8 * 3600,
    )
    return response


@router.post("/logout")
def logout() -> Response:
    """Forget the cookie."""
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(COOKIE)
    return response
