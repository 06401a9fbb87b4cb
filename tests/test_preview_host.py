"""The preview answers only requests addressed to itself (issue 16, point 7): a page of another site
that rebinds its name to 127.0.0.1 sends its own name as the Host header and gets 421."""

from __future__ import annotations

import http.client
import shutil
import threading
from collections.abc import Iterator

import pytest

from dossiergen.config.paths import ProjectPaths
from dossiergen.preview import PreviewServer

from .conftest import ROOT

ROUTES = ["/", "/state?lang=ko", "/events", "/document.pdf?lang=ko", "/page/1.png?lang=ko", "/nothing"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PreviewServer]:
    folder = tmp_path_factory.mktemp("preview")
    shutil.copytree(ROOT / "dossiers" / "gnzc-2024", folder / "gnzc-2024")
    server = PreviewServer(folder / "gnzc-2024" / "press.yaml", "ko", ProjectPaths(ROOT), port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    thread.join(timeout=10)


def _get(server: PreviewServer, path: str, host: str | None) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.httpd.server_port, timeout=120)
    try:
        connection.putrequest("GET", path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read() if response.status != 200 else b""
    finally:
        connection.close()


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("host", ["evil.example:{port}", "evil.example", "127.0.0.1:1", "127.0.0.1", "localhost",
                                  "127.0.0.1.evil.example:{port}", None])
def test_a_foreign_or_missing_host_is_refused_on_every_route(server: PreviewServer, path: str,
                                                             host: str | None) -> None:
    header = host.format(port=server.httpd.server_port) if host is not None else None
    assert _get(server, path, header) == (421, b"refused: this preview answers only requests to its own address"
                                               b" (Host header)")


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])
def test_its_own_address_is_served(server: PreviewServer, name: str) -> None:
    assert _get(server, "/state?lang=ko", f"{name}:{server.httpd.server_port}")[0] == 200
    assert _get(server, "/document.pdf?lang=ko", f"{name}:{server.httpd.server_port}")[0] == 200
