"""Who may drive the page: the browser that was given this run's secret, from this machine, on this origin.

The server listens on loopback, but every local user (and every web page open in the browser, through
the user's own browser) can reach a loopback port. So each run makes a secret; the address printed (or
opened) carries it once as `?token=`, the page then keeps it in a cookie that only this origin sends
(SameSite=Strict, HttpOnly), and the token is dropped from the address at once. Every request must
present it. A page of another origin cannot read our pages (no CORS), cannot send the cookie on a
cross-site request (SameSite), and a POST from it is refused by its Origin and by the CSRF token that
each of our forms carries. The Host header must name our own address, so a DNS name rebound to
127.0.0.1 gets nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from urllib.parse import urlencode

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
TOKEN_PARAM = "token"

# Only our own files run, load or are framed; no inline script, no eval, no other origin.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # with no-referrer, Chromium sends 「Origin: null」 on our own forms
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

NO_SECRET = "请用 gen serve 启动时显示的地址（含 token=…）打开本页；其他来源的访问已拒绝。"
BAD_HOST = "地址不对：请用 gen serve 启动时显示的地址打开本页。"
CROSS_ORIGIN = "拒绝了来自其他网页的提交。请在 gen serve 打开的页面中操作。"
NO_CSRF = "表单已过期或不完整（缺少校验码），请刷新页面后重试。"


@dataclass
class Guard:
    """This run's secret and the addresses the server answers to."""

    hosts: set[str]  # Host header values accepted: 「127.0.0.1:8765」, 「localhost:8765」
    secret: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def cookie(self) -> str:
        """The cookie's name: cookies ignore ports, so two servers on one machine must not share one."""
        return "gongwen-" + hashlib.sha256(("|".join(sorted(self.hosts))).encode()).hexdigest()[:10]

    @property
    def csrf(self) -> str:
        """The token every form carries; tied to the secret, so only a page that could read ours knows it."""
        return hmac.new(self.secret.encode(), b"csrf", hashlib.sha256).hexdigest()

    def url(self, host: str, path: str = "/") -> str:
        """The address to open: it carries the secret once."""
        return f"http://{host}{path}?{urlencode({TOKEN_PARAM: self.secret})}"

    def origins(self) -> set[str]:
        return {f"http://{h}" for h in self.hosts}

    def refusal(self, method: str, host: str, headers, cookies, args, form) -> tuple[int, str] | None:
        """(status, message) when the request must be refused, else None. Pure: the app calls it first thing."""
        if host not in self.hosts:
            return 421, BAD_HOST
        token = args.get(TOKEN_PARAM)
        given = token if token is not None else cookies.get(self.cookie, "")
        if not given or not hmac.compare_digest(given.encode(), self.secret.encode()):
            return 403, NO_SECRET
        if method in SAFE_METHODS:
            return None
        origin = headers.get("Origin")
        if origin is not None and origin not in self.origins():
            return 403, CROSS_ORIGIN
        if headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
            return 403, CROSS_ORIGIN
        sent = headers.get(CSRF_HEADER) or form.get(CSRF_FIELD) or ""
        if not hmac.compare_digest(sent.encode(), self.csrf.encode()):
            return 403, NO_CSRF
        return None
