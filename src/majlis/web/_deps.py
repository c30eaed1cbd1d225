"""Dependencies of the dashboard pages: a read session and the logged-in viewer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from sqlalchemy.orm import Session

from majlis.finding_text import code_word, finding_text
from majlis.note_text import note_text
from majlis.store.tokens import Principal, verify_token
from majlis.web import i18n
from majlis.web._terms import term

COOKIE = "majlis_token"
_env = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=True,
    extensions=["jinja2.ext.i18n"],
)
_env.install_gettext_callables(  # type: ignore[attr-defined]
    i18n.gettext, i18n.ngettext, newstyle=True
)
templates = Jinja2Templates(env=_env)
templates.env.globals.update(locale=i18n.current, language_links=i18n.language_links)
templates.env.filters.update(num=i18n.fmt_int, pct=i18n.fmt_pct, day=i18n.fmt_date, term=term)
# The services' sentences (a check's finding, a stored note) in the request's language, by
# the same wording the command line uses.
templates.env.filters.update(code=code_word, finding=finding_text, note=note_text)


def get_session(request: Request) -> Iterator[Session]:
    """A session for one page; pages write only through forms that commit explicitly."""
    session: Session = request.app.state.session_factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def get_viewer(request: Request, session: SessionDep) -> Principal | None:
    """The holder of the dashboard cookie's token, or None (the public)."""
    secret = request.cookies.get(COOKIE)
    if not secret:
        return None
    return verify_token(session, secret)


ViewerDep = Annotated[Principal | None, Depends(get_viewer)]
