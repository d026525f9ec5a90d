"""An application factory configured from the environment, for ASGI servers:

    KG_STORE=kg-data uvicorn --factory api.main:app_from_env --host 127.0.0.1 --port 8000

``kg serve`` does the same with command-line options.
"""

from __future__ import annotations

from fastapi import FastAPI

from .app import create_app, freeze_startup_objects
from .settings import Settings


def app_from_env() -> FastAPI:
    """``create_app(Settings.from_env())``: KG_STORE, KG_UPDATE_TOKEN, KG_QUERY_TIMEOUT,
    KG_MAX_ROWS, KG_MAX_BODY_BYTES."""
    app = create_app(Settings.from_env())
    freeze_startup_objects()
    return app
