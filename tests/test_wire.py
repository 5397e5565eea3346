"""The page and the backend speak one wire: every event a reply can send has a name the page knows,
and the page's list and the backend's are the same list (replies/events.py, frontend/src/api/events.js)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from replies import events
from support import ROOT

EVENTS_JS = ROOT / "frontend" / "src" / "api" / "events.js"


def page_wire() -> dict:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: tests/run.sh runs where the frontend's tools are installed")
    script = (
        f"import * as wire from {json.dumps(EVENTS_JS.as_uri())};"
        "console.log(JSON.stringify({events: Object.values(wire.REPLY_EVENTS),"
        " done: Object.values(wire.DONE_STATUSES),"
        " stored: Object.fromEntries(Object.values(wire.DONE_STATUSES).map((s) => [s, wire.messageStatusFor(s)]))}))"
    )
    result = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_page_knows_every_event_the_backend_sends_and_no_other():
    assert sorted(page_wire()["events"]) == sorted(events.NAMES)


def test_the_page_reads_done_statuses_as_the_backend_writes_them():
    wire = page_wire()
    assert sorted(wire["done"]) == sorted(events.DONE_STATUS.values())
    assert wire["stored"] == {done: stored for stored, done in events.DONE_STATUS.items()}
