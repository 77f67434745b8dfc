"""The ASGI entry point for uvicorn and other servers."""

from portal.app import create_app

app = create_app()
