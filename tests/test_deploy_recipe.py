"""docs/deploy.md's recipe, run as written: its nginx configuration (read from the document,
only the ports, certificate paths and the wrapper nginx.conf supplied here) in front of two real
backends on one PostgreSQL and one Redis, with accounts on and HTTPS (a self-signed certificate).
Through the proxy: signing in gives a Secure cookie, replies stream unbuffered, requests reach
both backends, a reply is followed and stopped whichever backend a request lands on, and a
backend killed with SIGKILL costs a new request nothing."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from pathlib import Path

import httpx2
import pytest

from accounts_support import PASSWORD, add_user
from support import LOGS, ROOT, Backend, ServerProcess, backend_env, free_port, iter_events, text_of, wait_until

DEPLOY = ROOT / "docs" / "deploy.md"
HOST = "chat.example.com"


def documented_nginx() -> str:
    """The first ```nginx block of docs/deploy.md, its indentation as a list item removed."""
    block = re.search(r"```nginx\n(.*?)```", DEPLOY.read_text(), re.S).group(1)
    return "\n".join(line[3:] if line.startswith("   ") else line for line in block.splitlines())


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
    if found is None:
        raise RuntimeError("nginx is not installed: tests/run.sh installs Debian's nginx package")
    return found


class Nginx:
    """nginx with the document's server blocks, on a free port, in a folder of its own."""

    def __init__(self, root: Path, backend_ports: tuple[int, int]) -> None:
        self.port = free_port()
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
             "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")],
            check=True, capture_output=True,
        )  # fmt: skip
        recipe = (
            documented_nginx()
            .replace("127.0.0.1:8001", f"127.0.0.1:{backend_ports[0]}")
            .replace("127.0.0.1:8002", f"127.0.0.1:{backend_ports[1]}")
            .replace("listen 443 ssl;", f"listen 127.0.0.1:{self.port} ssl;")
            .replace(f"/etc/letsencrypt/live/{HOST}/fullchain.pem", str(root / "cert.pem"))
            .replace(f"/etc/letsencrypt/live/{HOST}/privkey.pem", str(root / "key.pem"))
        )
        assert str(self.port) in recipe and str(backend_ports[1]) in recipe, "the document's recipe changed shape"
        temp = {name: root / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
        for folder in temp.values():
            folder.mkdir()
        (root / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")
            + f"pid {root}/nginx.pid;\nerror_log {root}/error.log warn;\nworker_processes 1;\n"
            + "events { worker_connections 1024; }\n"
            + "http {\n  access_log off;\n"
            + f"  client_body_temp_path {temp['body']};\n  proxy_temp_path {temp['proxy']};\n"
            + f"  fastcgi_temp_path {temp['fastcgi']};\n  uwsgi_temp_path {temp['uwsgi']};\n"
            + f"  scgi_temp_path {temp['scgi']};\n"
            + recipe
            + "\n}\n"
        )
        self.server = ServerProcess(
            "nginx",
            [nginx_binary(), "-p", str(root), "-c", str(root / "nginx.conf"), "-g", "daemon off;"],
            cwd=root,
            log_dir=LOGS,
            stop_signal=15,
        )
        self.url = f"https://127.0.0.1:{self.port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx2.get(f"{self.url}/api/health", verify=False, headers={"Host": HOST}, timeout=2)
                return
            except httpx2.TransportError:
                if self.server.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    said = (root / "error.log").read_text()
                    raise RuntimeError(f"nginx did not start:\n{self.server.log()}\n{said}") from None
                time.sleep(0.1)

    def client(self) -> httpx2.Client:
        return httpx2.Client(base_url=self.url, verify=False, headers={"Host": HOST}, timeout=30)

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def deployment(stand_in, postgres_cluster, redis_server, tmp_path):
    settings = {
        "CHAT_DB": postgres_cluster.new_database(),
        "CHAT_REDIS_URL": redis_server.new_url(),
        "CHAT_AUTH": "on",
        "CHAT_REPLY_LEASE_S": "3",
    }
    add_user(settings["CHAT_DB"], "ana", admin=True)
    backends = [Backend(LOGS, backend_env(stand_in.url, **settings)) for _ in range(2)]
    proxy = None
    try:
        proxy = Nginx(tmp_path, (backends[0].port, backends[1].port))
        yield proxy, backends, lambda key: redis_server.cli("GET", key, url=settings["CHAT_REDIS_URL"])
    finally:
        if proxy is not None:
            proxy.stop()
        for backend in backends:
            backend.stop()


def test_the_documented_nginx_recipe_serves_two_backends_over_https(deployment, stand_in):
    proxy, backends, redis_get = deployment
    with proxy.client() as ana:
        signed = ana.post("/api/auth/login", json={"username": "ana", "password": PASSWORD})
        assert signed.status_code == 200, signed.text
        cookie = signed.headers["set-cookie"]
        assert "Secure" in cookie and "HttpOnly" in cookie  # HTTPS at nginx, told by X-Forwarded-Proto
        conversation_id = ana.post("/api/conversations", json={}).json()["id"]

        # A reply streams through the proxy as it is written, not once it is done.
        events, first_at = [], []
        body = {"conversation_id": conversation_id, "message": "{{stub tokens=150 delay=0.02}}"}

        def read() -> None:
            with ana.stream("POST", "/api/chat/stream", json=body) as response:
                for event in iter_events(response.iter_lines()):
                    events.append(event)
                    if event[0] == "message" and not first_at:
                        first_at.append(time.monotonic())

        sent_at = time.monotonic()
        reader = threading.Thread(target=read)
        reader.start()
        wait_until(lambda: first_at, 5, "the first piece through the proxy")
        assert first_at[0] - sent_at < 1.5  # the whole reply takes 3 s

        # While that stream holds one backend, least_conn sends other requests to the other one,
        # which follows the reply from Redis.
        writing = redis_get(f"client-chat:conversation:{conversation_id}:reply").rpartition(":")[0]
        answering = {ana.get("/api/health").json()["cluster"]["backend"] for _ in range(4)}
        assert writing and answering == answering - {writing} and answering, (writing, answering)
        with ana.stream("GET", f"/api/conversations/{conversation_id}/stream") as response:
            assert response.status_code == 200
            followed = list(iter_events(response.iter_lines()))
        reader.join(15)
        assert text_of(followed) == text_of(events) and events[-1][0] == "done"

        # Stop through the proxy, wherever it lands.
        body["message"] = "{{stub tokens=2000 delay=0.02}}"
        events.clear()
        first_at.clear()
        reader = threading.Thread(target=read)
        reader.start()
        wait_until(lambda: first_at, 5, "the second reply's first piece")
        assert ana.post(f"/api/conversations/{conversation_id}/stop").json()["status"] == "stopped"
        reader.join(15)
        assert events[-1][0] == "done" and events[-1][1]["status"] == "stopped"

        # One backend killed: new requests, sends included, go to the other.
        backends[0].server.kill()
        for _ in range(4):
            assert ana.get("/api/health").status_code == 200
        answer = []
        with ana.stream("POST", "/api/chat/stream", json={"conversation_id": conversation_id, "message": "hi"}) as r:
            assert r.status_code == 200, r.read()
            answer = list(iter_events(r.iter_lines()))
        assert answer[-1][0] == "done"
