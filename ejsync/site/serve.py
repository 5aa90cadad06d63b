"""Serve the built site on localhost for `ejsync up` (a demo's web host), quietly and in Russian.

Run: python -m ejsync.site.serve PORT --bind HOST --directory DIR"""

from __future__ import annotations

import argparse
import contextlib
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(SimpleHTTPRequestHandler):
    """Static files without the English access log on the console."""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (the stdlib's name)
        """Say nothing per request (errors still reach the browser as HTTP answers)."""


def main(argv: list[str] | None = None) -> None:
    """Serve DIR on HOST:PORT until stopped."""
    parser = argparse.ArgumentParser(description="Сайт школы на этом компьютере")
    parser.add_argument("port", type=int)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--directory", default=".")
    args = parser.parse_args(argv)
    handler = partial(QuietHandler, directory=args.directory)
    with ThreadingHTTPServer((args.bind, args.port), handler) as server, \
            contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()  # `ejsync up` prints the address


if __name__ == "__main__":
    main()
