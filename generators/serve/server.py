"""`gen serve`: bind to loopback, say the address, open the browser, stop cleanly on Ctrl-C.

Werkzeug's threaded WSGI server serves one person's page on their own machine; its request log stays
off (it would print the secret and fill the clerk's console). The address with the secret is printed,
and handed to the browser through a private file (mode 0600) rather than on its command line, where
every user of the machine could read it.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import tempfile
import threading
from pathlib import Path

from generators.errors import GongwenError

DEFAULT_PORT = 8765
PORT_TRIES = 20  # without --port, the next free port after a busy one
LOOPBACK = "127.0.0.1"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, allow_remote: bool) -> str | None:
    """Refuse an address other machines can reach unless asked for in so many words; the warning to print."""
    if is_loopback(host):
        return None
    if not allow_remote:
        raise GongwenError(
            f"出于安全考虑，gen serve 只在本机地址 127.0.0.1 上提供页面，不能绑定到「{host}」。"
            "确实需要让其他电脑访问时，请同时加 --allow-remote（页面仍需启动时显示的密钥）。"
        )
    return (
        f"警告：页面绑定到「{host}」，同一网络中的其他电脑也能连接到它（仍需密钥才能使用）。"
        "数据和公文会经网络传输，不加密；用完请按 Ctrl-C 停止。"
    )


def hosts_for(host: str, port: int) -> set[str]:
    """The Host header values the page answers to."""
    names = {host}
    if is_loopback(host):
        names |= {LOOPBACK, "localhost"}
    return {f"{name}:{port}" for name in names}


def make(host: str, port: int | None, app_factory):
    """A bound server (port 0: any free one); app_factory(hosts) builds the app once the port is known."""
    from werkzeug.serving import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_request(self, *args, **kwargs):  # the URL may carry the secret
            pass

    candidates = [port] if port is not None else range(DEFAULT_PORT, DEFAULT_PORT + PORT_TRIES)
    last: OSError | None = None
    for candidate in candidates:
        try:
            probe = _probe(host, candidate)
        except OSError as exc:
            last = exc
            continue
        app = app_factory(hosts_for(host, probe))
        server = make_server(host, probe, app, threaded=True, request_handler=Quiet)
        return server, app
    where = f"端口 {port}" if port is not None else f"端口 {DEFAULT_PORT}–{DEFAULT_PORT + PORT_TRIES - 1}"
    raise GongwenError(f"{where}已被占用（{last.strerror if last else ''}），请用 --port 换一个端口。")


def _probe(host: str, port: int) -> int:
    """The port, free on `host` (0: one the system picks)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        if sys.platform != "win32":
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((host, port))
        return s.getsockname()[1]


def open_browser(url: str) -> Path | None:
    """Open `url` in the user's browser through a file only they can read; None when there is no browser."""
    if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return None  # no screen: a text browser would take over the terminal
    import html
    import webbrowser

    fd, name = tempfile.mkstemp(prefix="gongwen-open-", suffix=".html")  # created 0600
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(
            '<!doctype html><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0;url={html.escape(url)}">'
            f'<p>正在打开 gongwen……如未跳转，请点击 <a href="{html.escape(url)}">这里</a>。</p>'
        )
    path = Path(name)
    threading.Thread(target=webbrowser.open, args=(path.as_uri(),), daemon=True).start()
    return path


def serve(data: Path, output: Path, host: str, port: int | None, allow_remote: bool, browser: bool, echo) -> None:
    """Run the page until Ctrl-C (or SIGTERM); jobs are cancelled and temporary files removed on the way out."""
    from generators.processes import Terminated, terminating_cleanly
    from generators.reading.workspace import Workspace
    from generators.serve.app import Config, cleanup, create_app
    from generators.serve.security import Guard

    warning = check_bind(host, allow_remote)
    Workspace(data)  # a missing workspace is said now, not on the first page
    guards: list[Guard] = []

    def factory(hosts: set[str]):
        guards.append(Guard(hosts))
        return create_app(Config(Path(data), Path(output), guards[0]))

    server, app = make(host, port, factory)
    shown_host = LOOPBACK if is_loopback(host) else host
    url = guards[0].url(f"{shown_host}:{server.server_port}")
    if warning:
        echo(warning, err=True)
    echo(f"gongwen 页面已启动：{url}")
    echo("请用这个地址打开（地址中含本次启动的密钥，请勿告诉他人）；按 Ctrl-C 停止。")
    opened = open_browser(url) if browser else None
    if browser and opened is None:
        echo("（没有找到可用的浏览器，请把上面的地址复制到浏览器中打开。）")
    try:
        with terminating_cleanly():
            server.serve_forever()
    except (KeyboardInterrupt, Terminated):
        pass
    finally:
        echo("正在停止……", err=True)
        server.server_close()
        cleanup(app)
        if opened is not None:
            opened.unlink(missing_ok=True)
        echo("已停止。", err=True)
