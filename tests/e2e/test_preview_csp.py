"""vite preview's Content-Security-Policy header agrees with the policy built into the page.

The built index.html carries a <meta> policy naming the backend it was built for. vite preview
adds the same policy as a header (with frame-ancestors, which a <meta> cannot carry); were the
header made from the environment preview runs in, a different backend URL there would give the
browser two policies that disagree, and it enforces both.
"""

from __future__ import annotations

import html
import re

import httpx2

from e2e.system import Frontend, build_frontend
from support import free_port

BUILT_FOR = "http://127.0.0.1:8123"
PREVIEWED_WITH = "http://127.0.0.1:9876"
META_POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


def test_preview_header_is_the_built_pages_policy_whatever_the_preview_environment(tmp_path):
    build_dir = build_frontend(BUILT_FOR, tmp_path / "dist")
    frontend = None
    try:
        # Frontend starts vite preview in its own process group; stop() ends exactly that group.
        frontend = Frontend("preview", PREVIEWED_WITH, free_port(), build_dir)
        response = httpx2.get(frontend.url + "/", timeout=10)
    finally:
        if frontend is not None:
            frontend.stop()

    assert response.status_code == 200
    meta = META_POLICY.search(response.text)
    assert meta is not None, "the built page has no CSP <meta>"
    built = html.unescape(meta.group(1))  # the attribute's text, its quotes written &#39;
    header = response.headers["content-security-policy"]
    assert BUILT_FOR in built
    assert PREVIEWED_WITH not in header
    # The header is the page's policy, plus what only a header can say.
    assert header == f"{built}; frame-ancestors 'none'"
    assert "script-src 'self';" in header
