"""Folders and pins in Chromium against the real backend: a folder made, a conversation moved
into it with Move to…, another pinned, all of it still so after a reload; deleting the folder
keeps its conversation; and the same at phone width."""

from __future__ import annotations

from playwright.sync_api import expect

from e2e.accessibility import assert_accessible
from e2e.chat_page import open_app, sidebar_item


def conversation(app, title: str) -> str:
    response = app.backend.http.post("/api/conversations", json={"title": title})
    assert response.status_code == 200, response.text
    return response.json()["id"]


def row_menu(page, title: str, item: str) -> None:
    sidebar_item(page, title).hover()
    page.get_by_role("button", name=f"More actions for {title}").click()
    page.get_by_role("menuitem", name=item).click()


def forget_everything(app) -> None:
    for listed in app.backend.http.get("/api/conversations").json():
        app.backend.http.delete(f"/api/conversations/{listed['id']}")
    for folder in app.backend.http.get("/api/folders").json():
        app.backend.http.delete(f"/api/folders/{folder['id']}")


def test_a_folder_and_a_pin_survive_a_reload_and_deleting_the_folder_keeps_its_conversation(app, page):
    forget_everything(app)
    conversation(app, "Boiler manual")
    conversation(app, "Holiday plans")
    open_app(page, app.url)

    page.get_by_role("button", name="New folder").click()
    page.get_by_role("textbox", name="New folder's name").fill("House")
    page.keyboard.press("Enter")
    folder = page.get_by_role("region", name="Folder House")
    expect(folder).to_be_visible()

    row_menu(page, "Boiler manual", "Move to…")
    dialog = page.get_by_role("dialog", name="Move “Boiler manual” to…")
    dialog.get_by_role("radio", name="House").check()
    assert_accessible(page, "the Move to… dialog")
    dialog.get_by_role("button", name="Move").click()
    expect(dialog).to_have_count(0)
    expect(folder.get_by_title("Boiler manual", exact=True)).to_be_visible()

    row_menu(page, "Holiday plans", "Pin")
    expect(page.get_by_role("region", name="Pinned").get_by_title("Holiday plans", exact=True)).to_be_visible()

    page.reload()
    expect(page.get_by_role("region", name="Pinned").get_by_title("Holiday plans", exact=True)).to_be_visible()
    folder = page.get_by_role("region", name="Folder House")
    expect(folder.get_by_title("Boiler manual", exact=True)).to_be_visible()  # still open, still filed
    assert_accessible(page, "the sidebar with a folder and a pin")

    page.get_by_role("button", name="More actions for folder House").click()
    page.get_by_role("menuitem", name="Delete…").click()
    question = page.get_by_role("alertdialog", name="Delete the folder “House”?")
    expect(question).to_contain_text("Its conversation stays, outside any folder.")
    question.get_by_role("button", name="Delete folder").click()
    expect(folder).to_have_count(0)
    expect(sidebar_item(page, "Boiler manual")).to_be_visible()
    assert app.backend.http.get("/api/folders").json() == []


def test_move_to_works_at_phone_width(app, page):
    forget_everything(app)
    conversation(app, "Shopping list")
    app.backend.http.post("/api/folders", json={"name": "Errands"})
    page.set_viewport_size({"width": 375, "height": 740})
    open_app(page, app.url)
    page.get_by_role("button", name="Open conversations").click()
    page.get_by_role("button", name="More actions for Shopping list").click()
    page.get_by_role("menuitem", name="Move to…").click()
    dialog = page.get_by_role("dialog", name="Move “Shopping list” to…")
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, f"the dialog leaves the screen: {box}"
    dialog.get_by_role("radio", name="Errands").check()
    dialog.get_by_role("button", name="Move").click()
    expect(dialog).to_have_count(0)
    page.get_by_role("button", name="Errands").first.click()
    expect(page.get_by_role("region", name="Folder Errands").get_by_title("Shopping list", exact=True)).to_be_visible()
    assert_accessible(page, "a folder at 375 px")
