"""The preview's web server: 127.0.0.1 only, one page, server-sent events on every save.

Every request must name the server itself in its Host header (``127.0.0.1:PORT``,
``localhost:PORT`` or ``[::1]:PORT``), else it gets 421 and nothing else: a page of another
site that rebinds its own name to 127.0.0.1 (DNS rebinding) sends its own name as the Host,
so it cannot read the record, the pages or the PDF.

Routes: ``/`` the page; ``/state?lang=ko+en`` what the page shows, as JSON; ``/page/N.png``
and ``/document.pdf`` (with ``?lang=``) the last good rendering; ``/events`` a server-sent
event each time something shown changes. A page image is drawn when it is first asked for;
asked with its digest (``&key=``, from the state) it may be cached: that URL is always that image.
``watchfiles`` watches the record's folder, the templates and the catalogs, and every save
re-renders the language sets on screen.
"""

from __future__ import annotations

import json
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import watchfiles

from dossiergen.config.paths import ProjectPaths
from dossiergen.errors import InputError
from dossiergen.i18n.languages import LANGUAGE_SETS, parse_langs
from dossiergen.preview.renderings import Renderings

HOST = "127.0.0.1"
"""Only this machine: the preview serves unpublished drafts."""
KEEPALIVE_SECONDS = 15.0


class PreviewServer:
    """Serve ``record`` at http://127.0.0.1:PORT/ and re-render it whenever a watched file changes."""

    def __init__(self, record: Path, lang_set: str, paths: ProjectPaths, *, port: int = 8000,
                 draft: bool = False) -> None:
        parse_langs(lang_set)
        self.record = record.resolve()
        self.lang_set = lang_set
        self.paths = paths
        self.renderings = Renderings(self.record, paths, draft=draft)
        self.changed = threading.Condition()
        self.rendering = False
        """A save was seen and the renderings are being made again."""
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer((HOST, port), _handler(self))
        self.httpd.daemon_threads = True
        # Ctrl-C stops the preview at once: server_close would otherwise join every request's thread, daemon or
        # not, and one still waiting (an open page's events, a page being drawn) would keep the process alive
        self.httpd.block_on_close = False
        self._watcher = threading.Thread(target=self._watch, name="dossiergen-preview-watch", daemon=True)

    @property
    def url(self) -> str:
        # the server listens on HOST only; "+" is a space in a query, hence quoted
        return f"http://{HOST}:{self.httpd.server_port}/?lang={quote(self.lang_set, safe='')}"

    def serve_forever(self) -> None:
        """Render once, then serve and watch until ``shutdown``."""
        self.renderings.get(self.lang_set)
        self._watcher.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.stopping.set()
            with self.changed:
                self.changed.notify_all()
            self.httpd.server_close()
            self.renderings.close()

    def shutdown(self) -> None:
        self.stopping.set()
        self.httpd.shutdown()

    def _watch(self) -> None:
        # a user project may have no templates or catalogs of its own (the built-in ones serve)
        folders = [self.record.parent, *(f for f in (self.paths.templates, self.paths.locales) if f.is_dir())]
        for _ in watchfiles.watch(*folders, stop_event=self.stopping, debounce=100, step=20,
                                  watch_filter=_interesting, raise_interrupt=False):
            # say at once that a save was seen: a long dossier takes seconds to lay out again
            with self.changed:
                self.rendering = True
                self.changed.notify_all()
            try:
                self.renderings.refresh()
            finally:
                with self.changed:
                    self.rendering = False
                    self.changed.notify_all()

    def state(self, lang_set: str) -> dict[str, Any]:
        state = self.renderings.get(lang_set)
        good = state.good
        return {
            "version": self.renderings.version,
            "record": self.record.name,
            "lang": lang_set,
            "langs": list(LANGUAGE_SETS),
            "errors": list(state.errors),
            "titles": [{"lang": lang, "text": text} for lang, text in (good.titles.items() if good else [])],
            "pages": [{"number": index + 1, "text": text, "key": digest}
                      for index, (text, digest) in enumerate(zip(good.texts, good.digests, strict=True))]
            if good else [],
        }


def _interesting(change: watchfiles.Change, path: str) -> bool:
    # editors write swap and backup files beside the one being saved
    name = Path(path).name
    return not (name.startswith(".") or name.endswith(("~", ".swp", ".tmp")) or name == "__pycache__")


def _own_host(host: str | None, port: int) -> bool:
    """Whether a request's Host header names this server: the loopback address or name, and its port."""
    return host is not None and host.lower() in {f"{name}:{port}" for name in ("127.0.0.1", "localhost", "[::1]")}


def _handler(server: PreviewServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
            """Quiet: the terminal shows the preview's address, not every request."""

        def do_GET(self) -> None:
            if not _own_host(self.headers.get("Host"), server.httpd.server_port):
                self._send(HTTPStatus.MISDIRECTED_REQUEST, "text/plain; charset=utf-8",
                           b"refused: this preview answers only requests to its own address (Host header)")
                return
            url = urlsplit(self.path)
            query = parse_qs(url.query)
            lang_set = query.get("lang", [server.lang_set])[0]
            try:
                if url.path == "/":
                    self._send(HTTPStatus.OK, "text/html; charset=utf-8",
                               (files(__package__) / "static" / "preview.html").read_bytes())
                elif url.path == "/state":
                    self._send(HTTPStatus.OK, "application/json",
                               json.dumps(server.state(lang_set), ensure_ascii=False).encode("utf-8"))
                elif url.path == "/events":
                    self._events()
                elif url.path == "/document.pdf":
                    good = server.renderings.get(lang_set).good
                    if good is None:
                        self._send(HTTPStatus.CONFLICT, "text/plain; charset=utf-8", b"the record has errors")
                        return
                    name = f"{server.record.stem}.{lang_set.replace('+', '-')}.pdf"
                    self._send(HTTPStatus.OK, "application/pdf", good.pdf,
                               {"Content-Disposition": f'attachment; filename="{name}"'})
                elif url.path.startswith("/page/") and url.path.endswith(".png"):
                    number = url.path.removeprefix("/page/").removesuffix(".png")
                    drawn = server.renderings.page_image(lang_set, int(number)) if number.isdigit() else None
                    if drawn is None:
                        self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"no such page")
                        return
                    image, digest = drawn
                    # asked by its digest, the URL is that image for good: the browser may keep it
                    self._send(HTTPStatus.OK, "image/png", image,
                               {"Cache-Control": "private, max-age=86400, immutable"}
                               if query.get("key", [""])[0] == digest else None)
                else:
                    self._send(HTTPStatus.NOT_FOUND, "text/plain; charset=utf-8", b"not found")
            except InputError as error:  # a language set that does not exist
                self._send(HTTPStatus.BAD_REQUEST, "text/plain; charset=utf-8", str(error).encode("utf-8"))
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page went away

        def _send(self, status: HTTPStatus, content_type: str, body: bytes,
                  headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            headers = {"Cache-Control": "no-store", **(headers or {})}
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen, told_rendering = server.renderings.version, False
            while not server.stopping.is_set():
                with server.changed:
                    server.changed.wait(KEEPALIVE_SECONDS)
                    rendering = server.rendering
                version = server.renderings.version
                if version != seen:
                    message = f"data: {version}\n\n"
                elif rendering and not told_rendering:
                    message = "event: rendering\ndata: \n\n"
                else:
                    message = ": still here\n\n"
                seen, told_rendering = version, rendering
                self.wfile.write(message.encode("ascii"))
                self.wfile.flush()

    return Handler
