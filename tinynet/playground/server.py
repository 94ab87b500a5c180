"""The playground's web server: the standard library's ThreadingHTTPServer,
serving three static files and a small JSON API.

Safe by default:

* it listens on 127.0.0.1 unless told otherwise (then it prints a warning);
* every request must carry the random token printed in the URL, and a
  ``Host`` header naming this server (so a web page elsewhere cannot reach
  it, not even through DNS rebinding);
* request bodies are capped and sockets time out; a malformed request gets a
  4xx answer with one line of text, never a traceback;
* it writes nothing to disk: downloads are made by the browser.

API (all under ``?token=...``): ``GET /api/setup``, ``GET /api/state``,
``GET /api/events`` (the states as Server-Sent Events),
``POST /api/settings`` (JSON), ``POST /api/control`` (``{"action": "play" |
"pause" | "step" | "reset" | "new-seed"}``), ``POST /api/weight``
(``{"layer", "k", "j", "value"}``), ``GET``/``POST /api/model`` (tinynet JSON),
``POST /api/data`` (CSV text), ``GET /api/export.py``, ``GET /api/export-torch.py``,
``GET /api/explain``.
"""

import http.server
import ipaddress
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
import webbrowser

from .experiment import DEFAULTS, HIDDEN_ACTIVATIONS, Playground, SettingsError
from .export import python_script, pytorch_script

TYPE_CHECKING = False
if TYPE_CHECKING:  # only for type checkers
    from typing import Callable

__all__ = ["MAX_BODY", "make_server", "serve"]

#: The largest request body accepted (an uploaded CSV or model), in bytes.
MAX_BODY = 256 * 1024
#: How many pages may follow the training at once (each holds a thread), and how often.
MAX_STREAMS = 8
STREAM_INTERVAL = 1.0 / 40
_STATIC = {"/": ("index.html", "text/html; charset=utf-8"),
           "/playground.css": ("playground.css", "text/css; charset=utf-8"),
           "/playground.js": ("playground.js", "text/javascript; charset=utf-8")}
_HEADERS = {
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    # nothing but this server: no CDN, font, script or image from elsewhere
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
                               "img-src 'self' data: blob:; form-action 'none'; frame-ancestors 'none'",
}


class ClientError(Exception):
    """A request the server refuses: answered with ``status`` and one line of text."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _read_static(name):
    with open(os.path.join(os.path.dirname(__file__), name), "r", encoding="utf-8") as f:
        return f.read()


def is_loopback(host: str) -> bool:
    """True when ``host`` only accepts connections from this computer."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class PlaygroundServer(http.server.ThreadingHTTPServer):
    """A ThreadingHTTPServer that knows its token, its playground and the Host names it answers to."""

    daemon_threads = True

    def __init__(self, host: str, port: int, settings: "dict | None" = None) -> None:
        super().__init__((host, port), Handler)
        self.token = secrets.token_urlsafe(18)
        self.playground = Playground(settings)
        self.port = self.server_address[1]
        options = "".join("<option%s>%s</option>" % (" selected" if name == DEFAULTS["activation"] else "", name)
                          for name in HIDDEN_ACTIVATIONS)  # every hidden activation of the table
        self.static = {path: _read_static(name).replace("__ACTIVATION_OPTIONS__", options)
                       for path, (name, _) in _STATIC.items()}
        names = {host} | ({"127.0.0.1", "localhost", "[::1]"} if is_loopback(host) else set())
        self.hosts = {"%s:%d" % (name, self.port) for name in names}
        self.any_ip = host in ("0.0.0.0", "::", "")  # then any IP address (never a DNS name) is fine
        self.streams = threading.BoundedSemaphore(MAX_STREAMS)
        shown = "127.0.0.1" if self.any_ip or host == "localhost" else host
        self.url = "http://%s:%d/?token=%s" % (shown, self.port, self.token)

    def host_allowed(self, value: str) -> bool:
        """DNS-rebinding guard: the Host header must name this server, not some web site."""
        if value in self.hosts:
            return True
        if not self.any_ip or not value.endswith(":%d" % self.port):
            return False
        try:
            ipaddress.ip_address(value[: -len(":%d" % self.port)].strip("[]"))
            return True
        except ValueError:
            return False

    def handle_error(self, request: object, client_address: tuple) -> None:
        """One line on standard error instead of a traceback (the client already got its answer)."""
        kind, exc = sys.exc_info()[:2]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            return  # the client went away or was too slow: nothing to report
        sys.stderr.write("tinynet playground: a request from %s failed: %s: %s\n"
                         % (client_address[0], kind.__name__ if kind else "error", exc))

    def server_close(self) -> None:
        """Stop the playground's training thread, then close the socket."""
        self.playground.close()
        super().server_close()


class Handler(http.server.BaseHTTPRequestHandler):
    """Answers the page's requests; every failure becomes a short 4xx (or 500) answer."""

    server_version = "tinynet-playground"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    default_request_version = "HTTP/1.0"  # even a garbled request line gets a status line back
    timeout = 20  # seconds a client may take to send its request
    disable_nagle_algorithm = True  # headers and body go out at once (no 40 ms delayed-ACK stall)

    def log_message(self, format: str, *args: object) -> None:
        """Log nothing: the terminal shows only the URL."""
        pass

    def send_error(self, code: int, message: "str | None" = None, explain: "str | None" = None) -> None:
        """Answer with an error status and one line of text (http.server calls this too)."""
        # An unknown method or HTTP version is the client's mistake: a 4xx, not http.server's 501/505.
        if code == 501:
            code, message = 405, "method not allowed"
        elif code == 505:
            code, message = 400, "HTTP version not supported"
        self._send(code, "text/plain; charset=utf-8", (message or "error") + "\n", close=True)

    def _send(self, status, ctype, body, extra=None, close=False):
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        for key, value in _HEADERS.items():
            self.send_header(key, value)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def _json(self, value, status=200):
        self._send(status, "application/json", json.dumps(value, allow_nan=False))

    def do_GET(self) -> None:
        """Answer a GET request."""
        self._handle("GET")

    def do_HEAD(self) -> None:
        """Answer a HEAD request: a GET's headers without its body."""
        self._handle("GET")

    def do_POST(self) -> None:
        """Answer a POST request (the page's actions)."""
        self._handle("POST")

    def _handle(self, method):
        try:
            path = self._check()
            body = self._body() if method == "POST" else None
            self._route(method, path, body)
        except ClientError as exc:
            self._send(exc.status, "text/plain; charset=utf-8", str(exc) + "\n", close=True)
        except SettingsError as exc:
            self._json({"error": str(exc).splitlines()[0]}, 400)
        except Exception as exc:  # noqa: BLE001 - a bug: say so in one line, keep serving
            sys.stderr.write("tinynet playground: internal error on %s: %s: %s\n"
                             % (self.path[:80], type(exc).__name__, exc))
            self._send(500, "text/plain; charset=utf-8", "internal error\n", close=True)

    def _check(self):
        """The request's path, once its Host header and token are right."""
        server = self.server
        if not server.host_allowed(self.headers.get("Host", "")):
            raise ClientError(403, "this server only answers requests addressed to it (Host header)")
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query, max_num_fields=10)
        token = query.get("token", [""])[0] or self.headers.get("X-Token", "")
        if not secrets.compare_digest(token.encode("utf-8", "replace"), server.token.encode("ascii")):
            raise ClientError(403, "missing or wrong token: open the URL 'tinynet playground' printed "
                                   "(settings in a shared link are the part after '#')")
        return url.path

    def _body(self):
        if "Transfer-Encoding" in self.headers:
            raise ClientError(411, "send a Content-Length, not a chunked body")
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise ClientError(411, "a POST needs a Content-Length")
        if int(length) > MAX_BODY:
            raise ClientError(413, "the request is larger than %d KB" % (MAX_BODY // 1024))
        data = self.rfile.read(int(length))
        if len(data) != int(length):
            raise ClientError(400, "the request body ended early")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise ClientError(400, "the request body is not UTF-8 text") from None

    def _route(self, method, path, body):
        pg = self.server.playground
        if method == "GET" and path in self.server.static:
            text = self.server.static[path].replace("__TOKEN__", self.server.token)
            self._send(200, _STATIC[path][1], text)
        elif method == "GET" and path == "/api/setup":
            self._json(pg.setup())
        elif method == "GET" and path == "/api/state":
            self._json(pg.state())
        elif method == "GET" and path == "/api/events":
            self._stream(pg)
        elif method == "POST" and path == "/api/settings":
            pg.configure(_json_object(body))
            self._json(pg.setup())
        elif method == "POST" and path == "/api/control":
            action = _json_object(body).get("action")
            actions = {"play": pg.play, "pause": pg.pause, "step": pg.step, "reset": pg.reset,
                       "new-seed": pg.new_seed}
            if action not in actions:
                raise SettingsError("action must be one of: %s" % ", ".join(actions))
            actions[action]()
            self._json(pg.state())
        elif method == "POST" and path == "/api/weight":
            w = _json_object(body)
            pg.call("set_weight", w.get("layer"), w.get("k"), w.get("j"), w.get("value"))
            self._json(pg.state())
        elif method == "GET" and path == "/api/model":
            self._download(pg.call("model_json"), "application/json", "tinynet-model.json")
        elif method == "POST" and path == "/api/model":
            pg.import_model(body)
            self._json(pg.setup())
        elif method == "POST" and path == "/api/data":
            pg.upload(body)
            self._json(pg.setup())
        elif method == "GET" and path == "/api/export.py":
            self._download(_under(pg, python_script), "text/x-python", "playground_experiment.py")
        elif method == "GET" and path == "/api/export-torch.py":
            self._download(_under(pg, pytorch_script), "text/x-python", "playground_pytorch.py")
        elif method == "GET" and path == "/api/explain":
            self._send(200, "text/plain; charset=utf-8", pg.call("explain"))
        else:
            raise ClientError(404, "no such page: %s %s" % (method, path[:80]))

    def _stream(self, pg):
        """Server-Sent Events: each new state as it happens (at most 40 a second), until the page goes."""
        if not self.server.streams.acquire(blocking=False):
            raise ClientError(429, "too many pages are following this playground")
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            for key, value in _HEADERS.items():
                self.send_header(key, value)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            last = None
            while not pg.closed:
                text = json.dumps(pg.state(), allow_nan=False)
                if text != last:
                    self.wfile.write(("data: %s\n\n" % text).encode("utf-8"))
                    self.wfile.flush()
                    last = text
                time.sleep(STREAM_INTERVAL if pg.running else 0.1)
        except (ConnectionError, TimeoutError, OSError):
            pass  # the page went away
        finally:
            self.server.streams.release()

    def _download(self, text, ctype, filename):
        self._send(200, ctype, text, {"Content-Disposition": 'attachment; filename="%s"' % filename})


def _under(pg, function):
    with pg.lock:
        return function(pg.experiment)


def _json_object(body):
    try:
        value = json.loads(body)
    except (ValueError, RecursionError):
        raise SettingsError("the request body is not valid JSON") from None
    if not isinstance(value, dict):
        raise SettingsError("the request body must be a JSON object")
    return value


def make_server(host: str = "127.0.0.1", port: int = 0, settings: "dict | None" = None) -> PlaygroundServer:
    """A playground server bound to ``host``:``port`` (0 picks a free port), not yet serving.

    Its ``url`` attribute holds the address with the token; call
    ``serve_forever()`` to answer requests and ``shutdown()`` then
    ``server_close()`` to stop.
    """
    return PlaygroundServer(host, port, settings)


def serve(host: str = "127.0.0.1", port: int = 0, open_browser: bool = True, settings: "dict | None" = None,
          print_fn: "Callable[[str], object]" = print) -> None:
    """Start the playground: print its URL, open the browser, serve until Ctrl-C.

    Args:
        host: the address to listen on; only this computer can connect
            unless you choose another (a warning is printed then).
        port: the port, 0 for any free one.
        open_browser: open the page in the default web browser.
        settings: starting settings (the keys of the page's URL).
        print_fn: where the URL and messages go.
    """
    server = make_server(host, port, settings)
    if not is_loopback(host):
        print_fn("WARNING: listening on %s: other computers can reach the playground. Anyone with the "
                 "token in the URL can use it." % host)
    print_fn("tinynet playground: %s" % server.url)
    print_fn("(press Ctrl-C to stop)")
    sys.stdout.flush()
    if open_browser:
        webbrowser.open(server.url)
    # The training thread holds the GIL while it computes; a web thread that waited
    # for the network would then wait up to 5 ms (the default) at every turn.
    interval = sys.getswitchinterval()
    sys.setswitchinterval(0.0005)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print_fn("tinynet playground: stopped")
    finally:
        sys.setswitchinterval(interval)
        server.server_close()
