"""Render a page: our own Jinja template (autoescaped) with vis-network's JS and CSS inlined from
the pyvis package, so a page works offline and opens from the NAS; served with a strict CSP."""

from __future__ import annotations

import base64
import functools
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import pyvis

from phakhee.viz.encoding import FONT_STACK

VIS_VERSION = "9.1.2"


@functools.cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("phakhee.viz", "templates"),
        autoescape=True,  # every label, title and note is escaped; data goes through |tojson
        undefined=jinja2.StrictUndefined,
    )


def _text(name: str) -> str:
    return resources.files("phakhee.viz").joinpath("templates", name).read_text("utf-8")


@functools.cache
def assets() -> dict[str, str]:
    """vis-network's JS and CSS from pyvis's bundled copy, our script and our CSS."""
    lib = Path(pyvis.__file__).parent / "templates" / "lib" / f"vis-{VIS_VERSION}"
    return {
        "vis_js": (lib / "vis-network.min.js").read_text("utf-8"),
        "vis_css": (lib / "vis-network.css").read_text("utf-8"),
        "app_js": _text("app.js"),
        "page_css": _text("page.css").replace("FONTS", FONT_STACK),
    }


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@functools.cache
def csp(frame_ancestors: bool = True) -> str:
    """The Content-Security-Policy of every view: only our two inline scripts (by hash) run, nothing
    is fetched from anywhere, no form posts, no plugins."""
    a = assets()
    policy = [
        "default-src 'none'",
        f"script-src {_sha256(a['vis_js'])} {_sha256(a['app_js'])}",
        "style-src 'unsafe-inline'",
        "img-src data:",
        "font-src data:",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ]
    if frame_ancestors:  # only honoured as a header, not in a <meta> tag
        policy.append("frame-ancestors 'none'")
    return "; ".join(policy)


def render(template: str, **context: Any) -> str:
    """``template`` rendered with the assets and the page's CSP; text in ``context`` is escaped."""
    a = assets()
    markup = jinja2.utils.markupsafe.Markup
    return (
        _env()
        .get_template(template)
        .render(
            csp=csp(frame_ancestors=False),
            vis_version=VIS_VERSION,
            vis_js=markup(a["vis_js"]),
            app_js=markup(a["app_js"]),
            vis_css=markup(a["vis_css"]),
            page_css=markup(a["page_css"]),
            **context,
        )
    )
