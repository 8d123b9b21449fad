"""Render a page of the web app: a Jinja template (autoescaped, messages from the catalogue of the
page's language), our one stylesheet and one script inlined, and the page's CSP allowing only
those two by hash — nothing is fetched from anywhere but this server."""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup

from phakhee.viz.encoding import FONT_STACK
from phakhee.viz.web import catalogue, words
from phakhee.viz.web.catalogue import Lang
from phakhee.viz.web.links import node_href


def _text(name: str) -> str:
    return resources.files("phakhee.viz.web").joinpath("templates", name).read_text("utf-8")


@functools.cache
def assets() -> dict[str, str]:
    """The pages' stylesheet and script, as inlined."""
    return {"css": _text("web.css").replace("FONTS", FONT_STACK), "js": _text("web.js")}


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@functools.cache
def csp() -> str:
    """The Content-Security-Policy of every page: our inline script and style (by hash), requests
    and form posts to this server only, no frames, no plugins."""
    a = assets()
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {_sha256(a['js'])}",
            f"style-src {_sha256(a['css'])}",
            "img-src 'self' data:",
            "connect-src 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


@functools.cache
def environment(lang: Lang) -> jinja2.Environment:
    """The template environment of ``lang``: autoescaped, strict about missing values, with
    ``_``/``ngettext`` from the language's catalogue and its number and date filters."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("phakhee.viz.web", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(catalogue.translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["number"] = lambda v: catalogue.number(v, lang)
    env.filters["date"] = lambda v: catalogue.date(v, lang)
    env.filters["year"] = lambda v: catalogue.year(v, lang)
    env.filters["node_href"] = node_href
    env.globals["lang"] = lang
    say = catalogue.translations(lang).gettext
    env.globals["kind_names"] = {k: say(v) for k, v in words.KINDS.items()}
    env.globals["kind_name"] = {k: say(v) for k, v in words.KIND.items()}
    return env


def render(template: str, lang: Lang, **context: Any) -> str:
    """``template`` in ``lang``; every value in ``context`` is escaped where it is written."""
    a = assets()
    return (
        environment(lang)
        .get_template(template)
        .render(css=Markup(a["css"]), js=Markup(a["js"]), **context)
    )
