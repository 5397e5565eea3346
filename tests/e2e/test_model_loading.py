"""Loading and ejecting models from the page, in Chromium against the real backend and the
stand-in speaking LM Studio 0.4's native API: the Manage models dialog at a laptop's and a
phone's width, a load with a chosen context length, a load LM Studio refuses, and servers that
cannot load models for other apps (LM Studio before 0.4, a server that is not LM Studio)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from e2e.accessibility import assert_accessible
from e2e.chat_page import open_app, snapshot

PHONE = {"width": 375, "height": 740}
# Not loaded, and slow enough to load that the seconds are seen counting.
BIG_MODEL = {
    "id": "big-model",
    "state": "not-loaded",
    "max_context_length": 32768,
    "params_string": "8B",
    "size_bytes": 4_900_000_000,
    "load_delay": 1.5,
}
REFUSING_MODEL = {"id": "huge-model", "state": "not-loaded", "refuse_load": "Failed to load model: not enough memory"}
LOADED_MODEL = {"id": "small-model", "loaded_context_length": 4096}


def picker(page):
    return page.get_by_role("combobox", name="Model")


def open_models(page):
    page.get_by_role("button", name="Manage models").click()
    dialog = page.get_by_role("dialog", name="Models")
    expect(dialog).to_be_visible()
    return dialog


def row(dialog, name):
    return dialog.get_by_role("listitem").filter(has_text=name)


def test_loads_a_model_with_a_chosen_context_length_then_ejects_it(app, page, stand_in, models):
    models(LOADED_MODEL, BIG_MODEL)
    open_app(page, app.url)
    dialog = open_models(page)
    big = row(dialog, "Big Model")
    expect(big).to_contain_text("8B · 4.9 GB · Q4_K_M")
    expect(big).to_contain_text("Not loaded · up to 32,768 tokens")
    expect(row(dialog, "Small Model")).to_contain_text("Loaded · 4,096 tokens")
    assert_accessible(page, "the models dialog")
    snapshot(page, "models-dialog-1280-not-loaded")

    big.get_by_label("Context length for Big Model").fill("8192")
    big.get_by_role("button", name="Load Big Model").click()
    # "Loading Big Model…" is said once; "Loading… 1 s" counts beside it for the eye, hidden from
    # screen readers.
    expect(big.get_by_role("status")).to_have_text("Loading Big Model…")
    expect(big.locator("[aria-hidden=true]")).to_have_text("Loading… 1 s")
    load = big.get_by_role("button", name="Load Big Model")
    expect(load).to_be_disabled()
    # The keyboard stays in the dialog while it loads: Tab moves on from the unavailable Load.
    expect(load).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('[role=dialog]').contains(document.activeElement)")
    expect(big.get_by_role("status")).to_have_text("Loaded with 8,192 tokens", timeout=10_000)
    expect(big).to_contain_text("Loaded · 8,192 tokens")
    snapshot(page, "models-dialog-1280")
    assert [load["body"].get("context_length") for load in stand_in.loads()] == [8192]

    dialog.get_by_role("button", name="Close").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="Manage models")).to_be_focused()
    loaded = picker(page).locator("optgroup[label='Loaded'] option", has_text="big-model")
    expect(loaded).to_have_text("big-model · 8B · 8K context · Q4_K_M")

    dialog = open_models(page)
    row(dialog, "Big Model").get_by_role("button", name="Eject Big Model").click()
    expect(row(dialog, "Big Model")).to_contain_text("Not loaded · up to 32,768 tokens")
    expect(row(dialog, "Big Model").get_by_role("button", name="Load Big Model")).to_be_enabled()
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(picker(page).locator("optgroup[label='Loaded'] option", has_text="big-model")).to_have_count(0)


def test_a_refused_load_says_lm_studios_words_and_the_dialog_stays_usable(app, page, models):
    models(LOADED_MODEL, REFUSING_MODEL, BIG_MODEL)
    # The browser logs every error status it receives; this one is the refusal the test asks for.
    page.expected_console_errors.append("status of 409")
    open_app(page, app.url)
    dialog = open_models(page)
    huge = row(dialog, "Huge Model")
    huge.get_by_role("button", name="Load Huge Model").click()
    expect(huge.get_by_role("alert")).to_contain_text("Failed to load model: not enough memory")
    expect(huge.get_by_role("button", name="Load Huge Model")).to_be_enabled()
    row(dialog, "Big Model").get_by_role("button", name="Load Big Model").click()
    expect(row(dialog, "Big Model").get_by_role("status")).to_have_text("Loaded with 4,096 tokens", timeout=10_000)


def test_after_a_refusal_the_keyboard_still_closes_the_dialog(app, page, models):
    """Load pressed from the keyboard, refused: focus is still in the dialog, so Escape closes it
    and focus goes back to the button that opened it."""
    models(LOADED_MODEL, REFUSING_MODEL)
    page.expected_console_errors.append("status of 409")
    open_app(page, app.url)
    dialog = open_models(page)
    huge = row(dialog, "Huge Model")
    huge.get_by_role("button", name="Load Huge Model").focus()
    page.keyboard.press("Enter")
    expect(huge.get_by_role("alert")).to_contain_text("not enough memory")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("button", name="Manage models")).to_be_focused()


def test_at_375_px_the_dialog_opens_beside_the_compact_picker_and_fits(app, page, models):
    models(LOADED_MODEL, BIG_MODEL)
    page.set_viewport_size(PHONE)
    open_app(page, app.url)
    dialog = open_models(page)
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"the dialog leaves the screen: {box}"
    big = row(dialog, "Big Model")
    # The context length's visible label is the field's: clicking it goes to the field.
    big.get_by_text("Context length", exact=True).click()
    length = big.get_by_label("Context length for Big Model")
    expect(length).to_be_focused()
    field = length.bounding_box()
    assert field["x"] >= box["x"] and field["x"] + field["width"] <= box["x"] + box["width"], (
        f"the field leaves the dialog: {field}"
    )
    snapshot(page, "models-dialog-375-not-loaded")
    big.get_by_role("button", name="Load Big Model").click()
    expect(big.get_by_role("status")).to_have_text("Loaded with 4,096 tokens", timeout=10_000)
    assert_accessible(page, "the models dialog at 375 px")
    snapshot(page, "models-dialog-375")
    page.keyboard.press("Escape")
    expect(page.get_by_role("button", name="Manage models")).to_be_focused()


# Why models cannot be loaded here, as the backend words it (backend/lm_studio/loading.py) for the
# server at {url}: the page says that sentence, not one of its own.
CANNOT_LOAD_MODELS = {
    "v0": "The LM Studio at {url} is older than 0.4 and cannot load or eject models for other apps. "
    "Load the model in LM Studio itself, or update LM Studio.",
    "none": "The server at {url} is not LM Studio (it has no LM Studio native API), so models cannot be "
    "loaded or ejected from here. Use that server's own way to load them.",
}


@pytest.mark.parametrize("version", ["v0", "none"], ids=["lm-studio-older-than-0.4", "not-lm-studio"])
def test_a_server_that_cannot_load_models_gets_the_backends_sentence_once_and_no_load_or_eject(
    app, page, stand_in, models, version
):
    models(LOADED_MODEL, BIG_MODEL)
    stand_in.admin("PUT", "native_api", {"version": version})
    open_app(page, app.url)
    dialog = open_models(page)
    # Known from the health check before anything is tried: nothing to click that would be refused.
    # In the backend's own words, the same sentence its 501 answers with.
    sentence = CANNOT_LOAD_MODELS[version].format(url=stand_in.url)
    expect(dialog.get_by_role("note")).to_have_text(sentence)
    expect(dialog.get_by_text(sentence)).to_have_count(1)  # once, not again under each model
    expect(dialog.get_by_role("button", name="Load", exact=False)).to_have_count(0)
    expect(dialog.get_by_role("button", name="Eject", exact=False)).to_have_count(0)
    assert stand_in.loads() == []
