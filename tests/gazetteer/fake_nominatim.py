"""A small HTTP server on 127.0.0.1 that answers ``/search`` like Nominatim.

Answers come from ``tests/gazetteer/nominatim/*.json`` (``{"query": ..., "results": [...]}``,
results written in ``format=jsonv2`` with every detail). Like the real service it honours
``format`` (``json`` names the category ``class``), ``limit``, and returns ``address``,
``extratags`` and ``namedetails`` only when asked. Unknown names get ``[]``.

Faults for the error paths: :meth:`FakeNominatim.fail_with` (an HTTP status, optionally with
headers such as ``Retry-After``), :meth:`FakeNominatim.hang` (answer late),
:meth:`FakeNominatim.send_body` (arbitrary bytes), :meth:`FakeNominatim.drip` (one byte every
so often, headers or body), :meth:`FakeNominatim.flood` (an answer of many megabytes, with or
without its length).
Every request is recorded in :attr:`FakeNominatim.requests`.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ANSWERS_DIR = Path(__file__).parent / "nominatim"


def load_answers(folder: Path = ANSWERS_DIR) -> dict[str, list[dict]]:
    """Canned answers by case-folded query."""
    answers = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        answers[data["query"].casefold()] = data["results"]
    return answers


@dataclass(frozen=True)
class SeenRequest:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float  # time.monotonic() on arrival


class FakeNominatim:
    """Context manager running the fake service in a thread on an ephemeral port."""

    def __init__(self, answers: dict[str, list[dict]] | None = None) -> None:
        self.answers = load_answers() if answers is None else answers
        self.requests: list[SeenRequest] = []
        self._fault: tuple[str, object] | None = None
        self._release = threading.Event()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- faults -----------------------------------------------------------------------
    def fail_with(self, status: int, headers: dict[str, str] | None = None) -> None:
        self._fault = ("status", (status, headers or {}))

    def drip(self, every: float, *, headers_too: bool = False) -> None:
        self._fault = ("drip", (every, headers_too))

    def flood(self, megabytes: float, *, say_length: bool = True) -> None:
        self._fault = ("flood", (megabytes, say_length))

    def hang(self, seconds: float) -> None:
        self._fault = ("sleep", seconds)

    def send_body(self, body: bytes) -> None:
        self._fault = ("body", body)

    def heal(self) -> None:
        self._fault = None

    # --- lifecycle --------------------------------------------------------------------
    @property
    def port(self) -> int:
        assert self._server is not None
        return self._server.server_address[1]

    @property
    def domain(self) -> str:
        return f"127.0.0.1:{self.port}"

    def searches(self) -> list[SeenRequest]:
        return [r for r in self.requests if r.path == "/search"]

    def __enter__(self) -> FakeNominatim:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                fake._handle(self)

            def log_message(self, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        # A short poll interval keeps shutdown (one per test) quick.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._release.set()  # wake any handler that is hanging on purpose
        assert self._server is not None and self._thread is not None
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    # --- answering --------------------------------------------------------------------
    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        url = urlsplit(handler.path)
        params = {key: values[-1] for key, values in parse_qs(url.query).items()}
        self.requests.append(SeenRequest(url.path, params, dict(handler.headers.items()), time.monotonic()))
        fault = self._fault
        try:
            if fault and fault[0] == "sleep":
                self._release.wait(float(fault[1]))
            if fault and fault[0] == "status":
                status, headers = fault[1]
                self._send(handler, int(status), b"<html><body>Service unavailable</body></html>", "text/html",
                           headers)
                return
            if fault and fault[0] == "drip":
                self._drip(handler, *fault[1])
                return
            if fault and fault[0] == "flood":
                self._flood(handler, *fault[1])
                return
            if fault and fault[0] == "body":
                self._send(handler, 200, bytes(fault[1]), "application/json")
                return
            if url.path != "/search":
                self._send(handler, 404, b'{"error": "unknown endpoint"}', "application/json")
                return
            status, answer = self._search(params)
            self._send(handler, status, json.dumps(answer).encode("utf-8"), "application/json")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def _search(self, params: dict[str, str]) -> tuple[int, object]:
        fmt = params.get("format", "xml")
        if fmt not in ("json", "jsonv2"):
            return 400, {"error": f"format {fmt} not supported by the fake"}
        results = [dict(r) for r in self.answers.get(params.get("q", "").strip().casefold(), [])]
        results = results[: int(params.get("limit", "10"))]
        for result in results:
            if fmt == "json":
                result["class"] = result.pop("category")
            if params.get("addressdetails") != "1":
                result.pop("address", None)
            if params.get("extratags") not in ("1", "True", "true"):
                result.pop("extratags", None)
            if params.get("namedetails") != "1":
                result.pop("namedetails", None)
        return 200, results

    def _drip(self, handler: BaseHTTPRequestHandler, every: float, headers_too: bool) -> None:
        """One byte every ``every`` seconds (of the status line and headers too, if asked),
        for at most 60 s or until the server stops."""
        body = b"[" + b" " * 10_000 + b"]"
        head = (f"HTTP/1.0 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
                .encode())
        if not headers_too:
            handler.wfile.write(head)
            handler.wfile.flush()
            head = b""
        for byte in (head + body)[:int(60 / every)]:
            if self._release.wait(every):
                return
            handler.wfile.write(bytes([byte]))
            handler.wfile.flush()

    def _flood(self, handler: BaseHTTPRequestHandler, megabytes: float, say_length: bool) -> None:
        size = int(megabytes * 1_000_000)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json; charset=utf-8")
        if say_length:
            handler.send_header("Content-Length", str(size + 2))
        handler.end_headers()
        handler.wfile.write(b"[")
        chunk = b" " * 65_536
        for _ in range(size // len(chunk)):
            if self._release.is_set():
                return
            handler.wfile.write(chunk)
        handler.wfile.write(b"]")

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None) -> None:
        handler.send_response(status)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.send_header("Content-Type", f"{content_type}; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
