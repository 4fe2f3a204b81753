"""Serve the built course over HTTP, sending the pre-compressed copies the build wrote.

``make serve`` and ``make lighthouse`` use this instead of ``python -m http.server``, which sends
every file uncompressed: on a phone on a slow hospital network the pages would take several times
longer than they need to. The build (``fast_pages.compress_site``) writes ``page.html.br`` and
``page.html.gz`` beside each text file once, at build time, so the server only picks one; it never
compresses on the fly. A client that does not say it accepts brotli or gzip gets the plain file,
and every answer says ``Vary: Accept-Encoding`` so a cache in between never mixes them up.

``python -m tic_course.book.serving [--port 8000] [--bind 127.0.0.1] DIRECTORY``
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

# The order we prefer when a client accepts several: brotli files are the smaller.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))


def accepted_encodings(header: str | None) -> set[str]:
    """The content codings a client accepts, from its Accept-Encoding header (RFC 9110 12.5.3).

    A coding listed with ``q=0`` is refused, and ``*`` stands for any coding not listed.
    """
    accepted: set[str] = set()
    refused: set[str] = set()
    for part in (header or "").split(","):
        name, _, params = part.strip().partition(";")
        name = name.strip().lower()
        if not name:
            continue
        q = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0  # a malformed weight is not an acceptance
        (accepted if q > 0 else refused).add(name)
    if "*" in accepted:
        accepted |= {name for name, _ in ENCODINGS if name not in refused}
    return accepted - refused


class CompressedHandler(http.server.SimpleHTTPRequestHandler):
    """A static file handler that answers with ``FILE.br`` or ``FILE.gz`` when the client accepts it."""

    def send_head(self):  # type: ignore[override]
        """Send the pre-compressed copy of a file if there is one the client accepts; else the standard answer."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].split("#", 1)[0].endswith("/"):
            path = os.path.join(path, "index.html")
        if os.path.isfile(path):
            accepted = accepted_encodings(self.headers.get("Accept-Encoding"))
            for name, suffix in ENCODINGS:
                if name in accepted and os.path.isfile(path + suffix):
                    return self._send_encoded(path, path + suffix, name)
        return super().send_head()

    def _send_encoded(self, original: str, encoded: str, encoding: str):
        """Headers for ``encoded`` sent as ``original`` with Content-Encoding; return the open body."""
        body = open(encoded, "rb")  # noqa: SIM115 - the base class closes it after copying
        try:
            size = os.fstat(body.fileno()).st_size
            self.send_response(http.HTTPStatus.OK)
            self.send_header("Content-Type", self.guess_type(original))
            self.send_header("Content-Encoding", encoding)
            self.send_header("Content-Length", str(size))
            self.send_header("Last-Modified", self.date_time_string(int(os.stat(original).st_mtime)))
            self.end_headers()
            return body
        except BaseException:
            body.close()
            raise

    def end_headers(self) -> None:
        """Every answer depends on Accept-Encoding, so caches between must key on it."""
        self.send_header("Vary", "Accept-Encoding")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the standard library's name
        if not getattr(self.server, "quiet", False):
            super().log_message(format, *args)


def make_server(directory: Path, bind: str = "127.0.0.1", port: int = 0, *, quiet: bool = False):
    """A threading HTTP server for ``directory`` (port 0 picks a free one)."""
    if not (Path(directory) / "index.html").is_file():
        raise SystemExit(f"{directory}: no index.html here; build the course first (make book)")
    handler = functools.partial(CompressedHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer((bind, port), handler)
    server.quiet = quiet  # type: ignore[attr-defined]
    return server


@contextlib.contextmanager
def serving(directory: Path, *, quiet: bool = True) -> Iterator[str]:
    """Serve ``directory`` on a free local port in a background thread; yield its base URL."""
    server = make_server(directory, quiet=quiet)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tic_course.book.serving", description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="the built site, e.g. _build/html")
    parser.add_argument("--bind", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    args = parser.parse_args(argv)
    server = make_server(args.directory, args.bind, args.port)
    print(f"Serving {args.directory} (compressed) on http://{args.bind}:{server.server_address[1]}/ ; Ctrl+C stops")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
