"""A whole system on free ports: the LM Studio stand-in, the backend and the frontend (the
production build via vite preview, or the dev server), for browser tests and benchmarks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from support import LOGS, ROOT, Backend, ServerProcess, StandIn, backend_env, free_port

FRONTEND = ROOT / "frontend"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


class Frontend:
    """The frontend served on a free port: the production build via vite preview, or vite dev."""

    def __init__(self, mode: str, backend_url: str, port: int, build_dir: Path | None = None) -> None:
        self.port = port
        self.build_dir = build_dir
        self.url = f"http://127.0.0.1:{self.port}"
        env = {"VITE_API_BASE_URL": backend_url, "BROWSER": "none"}
        vite = str(FRONTEND / "node_modules" / ".bin" / "vite")
        args = [vite, "--host", "127.0.0.1", "--port", str(self.port), "--strictPort"]
        if mode == "preview":
            args = [vite, "preview", "--outDir", str(build_dir), *args[1:]]
        self.server = ServerProcess(f"vite-{mode}", args, cwd=FRONTEND, env=env, log_dir=LOGS)
        self.server.wait_until_ready(self.url, timeout_s=60)

    def stop(self) -> None:
        self.server.stop()


def build_frontend(backend_url: str, out_dir: Path) -> Path:
    """Vite bakes VITE_API_BASE_URL in at build time, so each backend port needs its own build."""
    vite = str(FRONTEND / "node_modules" / ".bin" / "vite")
    result = subprocess.run(
        [vite, "build", "--outDir", str(out_dir), "--emptyOutDir"],
        cwd=FRONTEND,
        env={**os.environ, "VITE_API_BASE_URL": backend_url},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return out_dir


class App:
    """One complete system: stand-in, backend and frontend, each on its own free port."""

    def __init__(self, tmp: Path, mode: str = "preview", stand_in: StandIn | None = None, **backend_env_extra):
        self.owns_stand_in = stand_in is None
        self.stand_in = stand_in or StandIn(LOGS)
        frontend_port = free_port()
        origins = f"http://127.0.0.1:{frontend_port},http://localhost:{frontend_port}"
        self.backend = Backend(LOGS, backend_env(self.stand_in.url, CHAT_CORS_ORIGINS=origins, **backend_env_extra))
        build_dir = build_frontend(self.backend.url, tmp / "dist") if mode == "preview" else None
        self.frontend = Frontend(mode, self.backend.url, frontend_port, build_dir)
        self.url = self.frontend.url

    def stop(self) -> None:
        self.frontend.stop()
        self.backend.stop()
        if self.owns_stand_in:
            self.stand_in.stop()
