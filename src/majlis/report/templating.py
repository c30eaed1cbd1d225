"""The Jinja2 environment of the printable reports: templates shipped in the package, worded
in the language being served (:mod:`majlis.i18n`), numbers and days written its way.

``_()`` and ``ngettext()`` in a template read :func:`majlis.i18n.current` when the page is
rendered, so a report rendered inside ``i18n.using("kk")`` is in Kazakh. Filters: ``num``
(a count, "1,234" / "1 234"), ``pct`` (a share as a percentage with two decimals), ``day``
(a date), ``line`` (a protocol line's name), ``cells`` (rows of values as table rows).
"""

from __future__ import annotations

from collections.abc import Iterable

import jinja2
from markupsafe import Markup, escape

from majlis import i18n
from majlis.labels import line_name

__all__ = ["ENV", "page_language"]

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("majlis.report", "templates"),
    autoescape=jinja2.select_autoescape(["html", "j2"]),
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    extensions=["jinja2.ext.i18n"],
)
ENV.install_gettext_callables(  # type: ignore[attr-defined]  # added by the i18n extension
    i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext
)
ENV.filters["num"] = i18n.fmt_int
ENV.filters["pct"] = i18n.fmt_pct
ENV.filters["day"] = i18n.fmt_date
ENV.filters["line"] = line_name


def table_cells(rows: Iterable[Iterable[object]]) -> Markup:
    """Rows of values as ``<tr>`` rows of escaped ``<td>`` cells, in one piece of markup.

    The same text as a loop over the cells in a template, written many times faster: an
    audit's per-unit table has tens of thousands of cells.
    """
    return Markup(
        "".join("<tr>" + "".join(f"<td>{escape(v)}</td>" for v in row) + "</tr>" for row in rows)
    )


ENV.filters["cells"] = table_cells


def page_language() -> str:
    """The ``lang`` attribute of a page rendered now."""
    return i18n.current()
