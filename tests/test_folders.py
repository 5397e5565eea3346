"""Folders and pins through the API, on every storage engine: conversations sorted by hand,
pinned ones first, without losing their place in time."""

from __future__ import annotations

import base64

import pytest


@pytest.fixture
def backend(engine_backend):
    yield engine_backend
    for conversation in engine_backend.http.get("/api/conversations").json():
        engine_backend.http.delete(f"/api/conversations/{conversation['id']}")
    for folder in engine_backend.http.get("/api/folders").json():
        engine_backend.http.delete(f"/api/folders/{folder['id']}")


def folder(backend, name: str, **body) -> dict:
    response = backend.http.post("/api/folders", json={"name": name, **body})
    assert response.status_code == 201, response.text
    return response.json()


def names(backend) -> list[str]:
    return [f["name"] for f in backend.http.get("/api/folders").json()]


def patch(backend, conversation_id: str, **body) -> dict:
    response = backend.http.patch(f"/api/conversations/{conversation_id}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def titles(backend, **params) -> list[str]:
    response = backend.http.get("/api/conversations", params=params)
    assert response.status_code == 200, response.text
    return [c["title"] for c in response.json()]


def test_folders_keep_the_order_they_are_put_in(backend):
    work, home = folder(backend, "Work"), folder(backend, "  Home  ")
    assert (work["position"], home["name"], home["position"]) == (0, "Home", 1)
    folder(backend, "Urgent", position=0)
    assert names(backend) == ["Urgent", "Work", "Home"]
    moved = backend.http.patch(f"/api/folders/{home['id']}", json={"position": 0})
    assert moved.json() == {"id": home["id"], "name": "Home", "position": 0}
    assert names(backend) == ["Home", "Urgent", "Work"]
    renamed = backend.http.patch(f"/api/folders/{work['id']}", json={"name": "Office"})
    assert renamed.status_code == 200 and renamed.json()["position"] == 2
    assert [f["position"] for f in backend.http.get("/api/folders").json()] == [0, 1, 2]


def test_a_folder_name_is_taken_whatever_its_case(backend):
    folder(backend, "Recipes")
    response = backend.http.post("/api/folders", json={"name": "recipes"})
    assert response.status_code == 409
    assert "'recipes' already exists" in response.json()["detail"]
    other = folder(backend, "Travel")
    assert backend.http.patch(f"/api/folders/{other['id']}", json={"name": "RECIPES"}).status_code == 409
    assert backend.http.patch(f"/api/folders/{other['id']}", json={"name": "travel"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": "a", "position": -1}, "position"),
    ],
)
def test_a_bad_folder_is_refused_naming_the_field(backend, body, field):
    response = backend.http.post("/api/folders", json=body)
    assert response.status_code == 422
    assert field in str(response.json()["detail"])


def test_unknown_folders_are_not_found(backend):
    for method, path, body in [
        ("PATCH", "/api/folders/00000000-0000-4000-8000-000000000000", {"name": "x"}),
        ("DELETE", "/api/folders/00000000-0000-4000-8000-000000000000", None),
        ("PATCH", "/api/folders/not-an-id", {"name": "x"}),
        ("GET", "/api/conversations?folder_id=00000000-0000-4000-8000-000000000000", None),
    ]:
        response = backend.http.request(method, path, json=body)
        assert response.status_code == 404, (method, path)
        assert response.json()["detail"] == "Folder not found"


def test_a_conversation_moves_into_a_folder_and_out_without_losing_its_place_in_time(backend):
    older = backend.create_conversation(title="Older")
    newer = backend.create_conversation(title="Newer")
    trips = folder(backend, "Trips")
    before = backend.http.get(f"/api/conversations/{older}").json()
    moved = patch(backend, older, folder_id=trips["id"])
    assert moved["folder_id"] == trips["id"]
    assert moved["updated_at"] == before["updated_at"] and moved["title_set_by_user"] == before["title_set_by_user"]
    assert titles(backend, folder_id=trips["id"]) == ["Older"]
    assert titles(backend) == ["Newer", "Older"]
    assert patch(backend, older, folder_id=None)["folder_id"] is None
    assert titles(backend, folder_id=trips["id"]) == []
    unknown = backend.http.patch(
        f"/api/conversations/{newer}", json={"folder_id": "00000000-0000-4000-8000-000000000000"}
    )
    assert unknown.status_code == 422 and "folder_id" in unknown.json()["detail"]
    assert backend.http.patch(f"/api/conversations/{newer}", json={"folder_id": "x"}).status_code == 422


def test_deleting_a_folder_keeps_its_conversations(backend):
    kept = backend.create_conversation(title="Kept")
    trips = folder(backend, "Trips")
    after = folder(backend, "After")
    patch(backend, kept, folder_id=trips["id"])
    assert backend.http.delete(f"/api/folders/{trips['id']}").status_code == 204
    assert backend.http.get(f"/api/conversations/{kept}").json()["folder_id"] is None
    assert backend.http.get("/api/folders").json() == [{**after, "position": 0}]


def test_pinned_conversations_come_first_on_every_page(backend):
    ids = [backend.create_conversation(title=f"C{n}") for n in range(6)]  # C5 is the newest
    patch(backend, ids[1], pinned=True)
    patch(backend, ids[3], pinned=True)
    assert titles(backend) == ["C3", "C1", "C5", "C4", "C2", "C0"]
    seen, before = [], None
    while True:
        params = {"limit": 2, **({"before": before} if before else {})}
        page = backend.http.get("/api/conversations", params=params).json()
        if not page:
            break
        seen += [c["title"] for c in page]
        before = page[-1]["cursor"]
    assert seen == ["C3", "C1", "C5", "C4", "C2", "C0"]
    assert patch(backend, ids[3], pinned=False)["pinned"] is False
    assert titles(backend) == ["C1", "C5", "C4", "C3", "C2", "C0"]
    refused = backend.http.patch(f"/api/conversations/{ids[1]}", json={"pinned": None})
    assert refused.status_code == 422 and "pinned" in str(refused.json()["detail"])


def test_a_cursor_given_out_before_pins_still_reads(backend):
    for n in range(3):
        backend.create_conversation(title=f"C{n}")
    listed = backend.http.get("/api/conversations").json()
    raw = base64.urlsafe_b64decode(listed[0]["cursor"] + "==").decode()
    old_style = base64.urlsafe_b64encode(raw.split("|", 1)[1].encode()).decode().rstrip("=")  # "<time>|<id>"
    page = backend.http.get("/api/conversations", params={"limit": 5, "before": old_style}).json()
    assert [c["title"] for c in page] == ["C1", "C0"]


def test_search_still_finds_conversations_in_folders_and_pinned_ones(backend):
    hidden = backend.create_conversation(title="Lighthouse keeping")
    patch(backend, hidden, folder_id=folder(backend, "Hobbies")["id"], pinned=True)
    found = backend.http.get("/api/conversations", params={"q": "lighthouse"}).json()
    assert [(c["title"], c["pinned"]) for c in found] == [("Lighthouse keeping", True)]
