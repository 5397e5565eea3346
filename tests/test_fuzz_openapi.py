"""Schemathesis fuzzes every operation of the OpenAPI schema: no request may produce a 5xx."""

from __future__ import annotations

import subprocess
from pathlib import Path

from support import LOGS, Backend, backend_env

SCHEMATHESIS = Path(__file__).resolve().parent / ".venv" / "bin" / "schemathesis"
EXAMPLES_PER_OPERATION = 40
# Adding or changing an MCP server starts the command it names on this machine: random commands
# and arguments are never fuzzed (test_mcp_api.py checks those routes' refusals one by one).
NEVER_FUZZED = ("POST /api/mcp/servers", "PATCH /api/mcp/servers/{server_id}")


def run_schemathesis(url: str, *extra: str, config: Path | None = None) -> str:
    command = [str(SCHEMATHESIS)]
    if config is not None:
        command += ["--config-file", str(config)]
    command += [
        "run",
        f"{url}/openapi.json",
        "--checks",
        "not_a_server_error",
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        "20261125",
        # One worker: with two, schemathesis parses code in two threads at once, which
        # trips CPython 3.11's "AST constructor recursion depth mismatch" SystemError
        # (python/cpython#106905) about one run in five.
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--no-color",
        *(option for name in NEVER_FUZZED for option in ("--exclude-name", name)),
        *extra,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    report = result.stdout + result.stderr
    print(report[-2500:])
    assert result.returncode == 0, report[-6000:]
    assert " passed" in report and "failed" not in report.split("Test cases:")[-1], report[-3000:]
    return report


def test_fuzzing_the_openapi_schema_finds_no_server_error(stand_in, tmp_path):
    # SQLite, so storage paths are fuzzed too; replies are short so streams end quickly.
    backend = Backend(LOGS, backend_env(stand_in.url, CHAT_DB=str(tmp_path / "fuzz.db")))
    try:
        # Random ids: mostly 404s, every input shape.
        run_schemathesis(backend.url)
        # One real conversation, so the operations behind the id are reached too
        # (deleting it would end that early, so that operation is left to the first run).
        conversation_id = backend.create_conversation(title="fuzzed")
        backend.chat(conversation_id, "seed message {{stub tokens=3}}")
        config = tmp_path / "schemathesis.toml"
        config.write_text(
            "[parameters]\n"
            f'"path.conversation_id" = "{conversation_id}"\n'
            f'"body.conversation_id" = "{conversation_id}"\n'
        )
        run_schemathesis(backend.url, "--exclude-method", "DELETE", config=config)
        assert backend.http.get("/").status_code == 200
    finally:
        backend.stop()
