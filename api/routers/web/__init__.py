"""The web app's page routes, one module per family of pages; ``ROUTERS`` in the order the app
includes them (before the JSON routes: ``/changes`` in a browser is a page). Each answers from
``queries/`` and renders with ``viz/web``."""

from phakhee.api.routers.web import (
    ask,
    changes,
    docs,
    downloads,
    edit,
    find,
    history,
    home,
    login,
    node,
    places,
    upload,
)

ROUTERS = [
    home.router,
    find.router,
    node.router,
    edit.router,
    ask.router,
    places.router,
    history.router,
    changes.browsers,
    changes.router,
    downloads.router,
    upload.router,
    docs.router,
    login.router,
]
