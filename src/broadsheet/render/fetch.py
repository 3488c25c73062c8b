"""Remote pictures, fetched with caps and kept in the cache folder by HTTP's caching rules.

A fetch is refused when the server is slow (a timeout per read and a deadline for the
whole body), says the body is not a picture, or sends more than :data:`MAX_BYTES`; it
follows redirects to http(s) only. A stored picture is used while it is fresh
(``Cache-Control: max-age``, ``Expires``, else a heuristic), then revalidated with
``If-None-Match`` / ``If-Modified-Since`` (a ``304`` keeps the stored copy);
``no-store`` answers are kept only until the next fetch of that URL, ``no-cache`` ones
are revalidated every time. Standard library only (urllib): hishel's API changed twice
in a year and httpx would be one more dependency for one GET.
"""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from broadsheet import paths
from broadsheet.render.images import PictureError

MAX_BYTES: Final = 10 * 1024 * 1024
TIMEOUT: Final = 10.0
"""Seconds to wait for the server to connect or send the next bytes."""
DEADLINE: Final = 30.0
"""Seconds for a whole picture, however steadily a slow server trickles it."""
HEURISTIC_FRESHNESS: Final = 24 * 3600
"""How long a picture without caching headers is used before it is checked again."""
USER_AGENT: Final = "broadsheet (a terminal reader)"
_MAX_AGE_RE: Final = re.compile(r"max-age\s*=\s*(\d+)", re.I)
_CHUNK: Final = 65536


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects to http and https only (never ftp: or file:)."""

    def redirect_request(  # noqa: PLR0917 (urllib's signature)
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: Any,
        newurl: str,
    ) -> urllib.request.Request | None:
        """The redirected request, if it stays on http(s)."""
        if not newurl.lower().startswith(("http://", "https://")):
            raise urllib.error.HTTPError(newurl, code, "redirect off http(s)", headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(frozen=True, slots=True)
class _Stored:
    etag: str
    last_modified: str
    expires: float
    """When the stored copy stops being fresh (seconds since the epoch)."""


def _freshness(headers: Any, now: float) -> float:
    control = (headers.get("Cache-Control") or "").lower()
    if "no-store" in control or "no-cache" in control:
        return now
    match = _MAX_AGE_RE.search(control)
    if match:
        return now + int(match.group(1))
    expires = headers.get("Expires")
    if expires:
        with contextlib.suppress(TypeError, ValueError):
            return email.utils.parsedate_to_datetime(expires).timestamp()
        return now  # an invalid Expires means already expired
    return now + HEURISTIC_FRESHNESS


class PictureFetcher:
    """Fetches remote pictures into ``folder`` (call from a worker thread: it blocks)."""

    def __init__(
        self,
        folder: Path,
        *,
        max_bytes: int = MAX_BYTES,
        timeout: float = TIMEOUT,
        deadline: float = DEADLINE,
    ) -> None:
        """Keep pictures in ``folder``; refuse bodies over ``max_bytes``."""
        self.folder = folder
        self.max_bytes = max_bytes
        self.timeout = timeout
        self.deadline = deadline
        self._opener = urllib.request.build_opener(_HttpOnlyRedirects())

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()[:40]
        return self.folder / key, self.folder / f"{key}.json"

    def _stored(self, body: Path, meta: Path) -> _Stored | None:
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            if not body.is_file():
                return None
            return _Stored(str(data["etag"]), str(data["last_modified"]), float(data["expires"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def __call__(self, url: str) -> Path:
        """The cached file of the picture at ``url``; ``PictureError`` saying why not."""
        body, meta = self._paths(url)
        stored = self._stored(body, meta)
        now = time.time()
        if stored is not None and stored.expires > now:
            return body
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        if stored is not None and stored.etag:
            request.add_header("If-None-Match", stored.etag)
        if stored is not None and stored.last_modified:
            request.add_header("If-Modified-Since", stored.last_modified)
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                data = self._read(response)
                headers = response.headers
        except urllib.error.HTTPError as error:
            if error.code == 304 and stored is not None:
                self._remember(meta, error.headers, stored, time.time())
                return body
            raise PictureError(f"the server answered {error.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", None) or error
            raise PictureError(f"cannot be fetched ({reason})") from None
        paths.private_dir(self.folder)
        temporary = body.with_name(body.name + f".{os.getpid()}.tmp")
        paths.write_private(temporary, data)
        os.replace(temporary, body)
        self._remember(meta, headers, None, time.time())
        return body

    def _read(self, response: Any) -> bytes:
        kind = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if not kind.startswith("image/"):
            raise PictureError(f"the server sent {kind or 'something'} instead of a picture")
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            raise PictureError(f"larger than {self.max_bytes // (1024 * 1024)} MB")
        parts: list[bytes] = []
        size = 0
        started = time.monotonic()
        while True:
            chunk = response.read(_CHUNK)
            if not chunk:
                return b"".join(parts)
            size += len(chunk)
            if size > self.max_bytes:
                raise PictureError(f"larger than {self.max_bytes // (1024 * 1024)} MB")
            if time.monotonic() - started > self.deadline:
                raise PictureError("the server is too slow")
            parts.append(chunk)

    def _remember(self, meta: Path, headers: Any, stored: _Stored | None, now: float) -> None:
        etag = headers.get("ETag") or (stored.etag if stored else "")
        modified = headers.get("Last-Modified") or (stored.last_modified if stored else "")
        record = {"etag": etag, "last_modified": modified, "expires": _freshness(headers, now)}
        temporary = meta.with_name(meta.name + f".{os.getpid()}.tmp")
        paths.write_private(temporary, json.dumps(record))
        os.replace(temporary, meta)
