"""Runs localstripe (a fake Stripe API for development and tests) on loopback only, from an empty store.

localstripe is GPL-3 and a development tool: the portal never imports it, it only talks to it over HTTP.
Usage: python tools/run_localstripe.py [--port 8420]
"""

from __future__ import annotations

import argparse

from aiohttp import web
from localstripe.resources import store
from localstripe.server import app
from localstripe.webhooks import register_webhook


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8420)
    parser.add_argument("--webhook-url", help="register this URL for localstripe's signed webhooks")
    parser.add_argument("--webhook-secret", help="the whsec_ secret the webhooks are signed with")
    args = parser.parse_args()
    if args.webhook_url:
        register_webhook("accord", args.webhook_url, args.webhook_secret, None)
    # --from-scratch: never load /tmp/localstripe.pickle, and never write it (parallel runs would share one file).
    store.dump_to_disk = lambda: None  # type: ignore[method-assign]
    web.run_app(app, host=args.host, port=args.port, print=None)


if __name__ == "__main__":
    main()
