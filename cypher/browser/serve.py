"""Serve the Neo4j Browser guide and style of this folder over HTTP, with the CORS header Browser needs.

Neo4j Browser fetches `:play <url>` guides and `:style <url>` stylesheets from the web page, cross-origin, so the
server must answer with `Access-Control-Allow-Origin`; `python -m http.server` does not. Standard library only:

    python cypher/browser/serve.py                 # http://localhost:8001/innograph.html and /style.grass
    python cypher/browser/serve.py --port 9000 --bind 0.0.0.0

Then, in Neo4j Browser:  :play http://localhost:8001/innograph.html   and   :style http://localhost:8001/style.grass
(the host must be in Neo4j's browser.remote_content_hostname_allowlist; see docs/browser.md).
"""

from __future__ import annotations

import argparse
import functools
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent


class CORSHandler(SimpleHTTPRequestHandler):
    extensions_map = {
        **SimpleHTTPRequestHandler.extensions_map,
        ".html": "text/html; charset=utf-8",
        ".grass": "text/plain; charset=utf-8",
        ".cypher": "text/plain; charset=utf-8",
    }

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "*")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def do_OPTIONS(self) -> None:  # CORS preflight
        self.send_response(204)
        self.end_headers()


def make_server(port: int = 8001, bind: str = "127.0.0.1", directory: Path = HERE) -> ThreadingHTTPServer:
    """A server for `directory` (not yet serving: call serve_forever()); port 0 picks a free port."""
    handler = functools.partial(CORSHandler, directory=str(directory))
    return ThreadingHTTPServer((bind, port), handler)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8001)
    parser.add_argument("--bind", default="127.0.0.1", help="address to listen on (0.0.0.0 for every interface)")
    args = parser.parse_args()
    server = make_server(args.port, args.bind)
    host = "localhost" if args.bind in ("127.0.0.1", "0.0.0.0") else args.bind
    port = server.server_address[1]
    print(f"serving {HERE} on http://{host}:{port}/")
    print(f"  :play http://{host}:{port}/innograph.html")
    print(f"  :style http://{host}:{port}/style.grass")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
