"""A picture server on 127.0.0.1 for the tests: caching headers, caps, slowness, redirects."""

from __future__ import annotations

import contextlib
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO

from PIL import Image


def png_bytes(
    size: tuple[int, int] = (64, 32), colour: tuple[int, int, int] = (200, 0, 0)
) -> bytes:
    """A PNG file's bytes."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


@dataclass
class PictureServer:
    """What the server was asked, and the switch that lets its slow answer go."""

    base: str
    hits: Counter[str] = field(default_factory=Counter)
    conditional: Counter[str] = field(default_factory=Counter)
    release: threading.Event = field(default_factory=threading.Event)
    bodies: dict[str, bytes] = field(default_factory=dict)

    def url(self, path: str) -> str:
        """The full URL of ``path``."""
        return self.base + path


def _handler(server: PictureServer) -> type[BaseHTTPRequestHandler]:
    picture = png_bytes()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass  # quiet tests

        def _send(self, code: int, kind: str, body: bytes, **headers: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            headers.setdefault("Content_Length", str(len(body)))
            for name, value in headers.items():
                self.send_header(name.replace("_", "-"), value)
            self.end_headers()
            with contextlib.suppress(OSError):  # the client gave up (a cap, a timeout)
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path
            server.hits[path] += 1
            if self.headers.get("If-None-Match"):
                server.conditional[path] += 1
            if path == "/fresh.png":
                self._send(200, "image/png", picture, Cache_Control="max-age=3600", ETag='"a"')
            elif path == "/revalidate.png":
                if self.headers.get("If-None-Match") == '"v1"':
                    self.send_response(304)
                    self.send_header("ETag", '"v1"')
                    self.end_headers()
                    return
                self._send(200, "image/png", picture, Cache_Control="no-cache", ETag='"v1"')
            elif path == "/page.html":
                self._send(200, "text/html; charset=utf-8", b"<html>not a picture</html>")
            elif path == "/declared-big.png":
                self._send(200, "image/png", picture, Content_Length=str(50 * 1024 * 1024))
            elif path == "/streamed-big.png":
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                with contextlib.suppress(OSError):
                    for _ in range(64):
                        self.wfile.write(b"\0" * 65536)
            elif path == "/slow.png":
                server.release.wait(30)
                self._send(200, "image/png", picture)
            elif path == "/to-file":
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
            elif path in server.bodies:
                self._send(200, "image/png", server.bodies[path])
            else:
                self._send(404, "text/plain", b"no")

    return Handler


@contextmanager
def picture_server() -> Iterator[PictureServer]:
    """Serve on an ephemeral port of 127.0.0.1 for the duration of the block."""
    state = PictureServer(base="")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
