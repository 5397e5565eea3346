"""Attachments against the real backend and the stand-in: what is taken and how it is kept,
what is refused and why, and exactly what LM Studio receives."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

from api.attachments import content_disposition
from sample_files import ELF_PROGRAM, SVG, animated_gif, bomb_png, image_bytes, rotated_jpeg, scanned_pdf, text_pdf
from support import error_of, names

VISION_MODEL = {"id": "vision-model", "type": "vlm"}
TEXT_MODEL = "text-model"


def upload(backend, name: str, data: bytes, content_type: str = "application/octet-stream"):
    return backend.http.post("/api/attachments", files={"file": (name, data, content_type)})


def uploaded(backend, name: str, data: bytes) -> dict:
    response = upload(backend, name, data)
    assert response.status_code == 201, response.text
    return response.json()


def served_image(backend, attachment: dict) -> Image.Image:
    response = backend.http.get(f"/api/attachments/{attachment['id']}")
    assert response.status_code == 200
    return Image.open(io.BytesIO(response.content))


def use_models(backend, stand_in, *models) -> None:
    stand_in.admin("PUT", "models", {"models": list(models)})
    backend.http.get("/api/models/catalog?fresh=true")


# ---- what is taken, and how it is kept -----------------------------------------------------


def test_a_png_is_kept_and_served_with_its_sniffed_type_and_safe_headers(backend):
    attachment = uploaded(backend, "chart.png", image_bytes("PNG", size=(40, 20)))
    assert {k: attachment[k] for k in ("name", "kind", "media_type", "width", "height")} == {
        "name": "chart.png",
        "kind": "image",
        "media_type": "image/png",
        "width": 40,
        "height": 20,
    }
    response = backend.http.get(f"/api/attachments/{attachment['id']}")
    assert response.headers["content-type"] == "image/png"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-disposition"] == "inline; filename=\"chart.png\"; filename*=UTF-8''chart.png"
    assert "sandbox" in response.headers["content-security-policy"]


def test_the_type_comes_from_the_bytes_not_the_name(backend):
    attachment = uploaded(backend, "holiday.txt", image_bytes("JPEG"))
    assert (attachment["kind"], attachment["media_type"], attachment["name"]) == ("image", "image/jpeg", "holiday.jpg")


def test_webp_becomes_png_because_lm_studio_refuses_webp(backend):
    attachment = uploaded(backend, "sticker.webp", image_bytes("WEBP", alpha=True))
    assert (attachment["media_type"], attachment["name"]) == ("image/png", "sticker.png")
    image = served_image(backend, attachment)
    assert (image.format, image.mode) == ("PNG", "RGBA")


def test_a_rotated_photo_is_turned_upright_and_its_metadata_dropped(backend):
    attachment = uploaded(backend, "upright.jpg", rotated_jpeg())
    assert (attachment["width"], attachment["height"]) == (20, 40)  # was 40 × 20 lying down
    image = served_image(backend, attachment)
    assert image.size == (20, 40)
    assert not image.getexif()  # no orientation (applied), no camera make


def test_large_images_are_scaled_to_the_longest_side_and_gif_bmp_become_png(backend):
    big = uploaded(backend, "wide.png", image_bytes("PNG", size=(3000, 1000)))
    assert (big["width"], big["height"]) == (2048, 683)
    gif = uploaded(backend, "spinner.gif", animated_gif())
    assert (gif["media_type"], gif["width"]) == ("image/png", 16)
    assert served_image(backend, gif).format == "PNG"
    bmp = uploaded(backend, "old.bmp", image_bytes("BMP"))
    assert bmp["media_type"] == "image/png"


def test_text_and_pdf_documents_are_read_to_text(backend):
    notes = uploaded(backend, "notes.md", "# Café notes\n\nÜber alles.\n".encode())
    assert (notes["kind"], notes["media_type"], notes["chars"]) == ("document", "text/plain; charset=utf-8", 26)
    pdf = uploaded(backend, "report.pdf", text_pdf(["First page about tides.", "Second page about the moon."]))
    assert (pdf["kind"], pdf["media_type"]) == ("document", "application/pdf")
    assert pdf["chars"] > 40
    response = backend.http.get(f"/api/attachments/{pdf['id']}")
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")


def test_a_name_cannot_break_out_of_the_content_disposition_header(backend):
    attachment = uploaded(backend, "C:\\Users\\me\\plan;v2 ü.txt", b"text")
    assert attachment["name"] == "plan;v2 ü.txt"  # a full Windows path, as old browsers sent it: the name only
    disposition = backend.http.get(f"/api/attachments/{attachment['id']}").headers["content-disposition"]
    assert disposition == "attachment; filename=\"plan_v2 _.txt\"; filename*=UTF-8''plan%3Bv2%20%C3%BC.txt"
    # A quote or backslash (sent by clients that do not percent-encode them) stays inside too.
    assert content_disposition("document", 'a"b\\c') == "attachment; filename=\"a_b_c\"; filename*=UTF-8''a%22b%5Cc"


# ---- what is refused, and why --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "status", "words"),
    [
        ("logo.svg", SVG, 415, "logo.svg is an SVG image"),
        ("tool.png", ELF_PROGRAM, 415, "tool.png is a program"),
        ("blob.dat", bytes(range(256)) * 4, 415, "blob.dat is not an image (PNG, JPEG, WebP, GIF, BMP), a PDF"),
        ("latin1.txt", "façade".encode("latin-1"), 415, "latin1.txt is not an image"),
        ("empty.txt", b"", 422, "empty.txt is empty"),
        ("broken.png", image_bytes("PNG", size=(64, 64))[:60], 422, "broken.png is a damaged image"),
        ("bomb.png", bomb_png(), 422, "bomb.png is refused as a possible decompression bomb"),
        ("scan.pdf", scanned_pdf(), 422, "scan.pdf has no text layer"),
        ("torn.pdf", text_pdf(["x"])[:200], 422, "torn.pdf is a damaged PDF"),
    ],
)
def test_refused_files_get_a_sentence_naming_them(backend, name, data, status, words):
    response = upload(backend, name, data)
    assert response.status_code == status, response.text
    assert words in response.json()["detail"]


def test_a_file_over_the_limit_is_refused_with_its_name_and_the_limit(start_backend):
    backend = start_backend(CHAT_MAX_UPLOAD_BYTES=str(1024 * 1024))
    response = upload(backend, "huge.txt", b"x" * (1024 * 1024 + 1))
    assert response.status_code == 413
    assert response.json()["detail"] == "huge.txt is larger than the upload limit of 1 MB (CHAT_MAX_UPLOAD_BYTES)."
    assert upload(backend, "fits.txt", b"x" * (1024 * 1024)).status_code == 201


def test_an_upload_must_be_multipart_with_a_file(backend):
    response = backend.http.post("/api/attachments", json={"file": "x"})
    assert (response.status_code, response.json()["detail"]) == (
        415,
        "Send the file as multipart/form-data, in the form field 'file'.",
    )
    response = backend.http.post("/api/attachments", data={"other": "field"}, files={"note": ("n.txt", b"x")})
    assert response.status_code == 422
    assert "no file" in response.json()["detail"]


def test_unknown_attachment_ids_and_too_many_files_are_refused_before_anything_is_stored(backend):
    conversation_id = backend.create_conversation()
    body = {
        "conversation_id": conversation_id,
        "message": "Look",
        "attachments": ["0" * 8 + "-0000-4000-8000-" + "0" * 12],
    }
    response = backend.http.post("/api/chat/stream", json=body)
    assert response.status_code == 422
    assert "was not found" in response.json()["detail"]
    photo = uploaded(backend, "p.png", image_bytes("PNG"))
    response = backend.http.post("/api/chat/stream", json={**body, "attachments": [photo["id"], photo["id"]]})
    assert (response.status_code, "attached twice" in response.json()["detail"]) == (422, True)
    assert backend.messages(conversation_id) == []


def test_too_many_files_for_one_message(start_backend):
    backend = start_backend(CHAT_MAX_ATTACHMENTS="2")
    conversation_id = backend.create_conversation()
    ids = [uploaded(backend, f"{n}.txt", b"x")["id"] for n in range(3)]
    response = backend.http.post(
        "/api/chat/stream", json={"conversation_id": conversation_id, "message": "x", "attachments": ids}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "A message can carry at most 2 files (CHAT_MAX_ATTACHMENTS); this one has 3."


# ---- what LM Studio receives ---------------------------------------------------------------


def test_an_image_goes_to_lm_studio_as_a_content_part_after_the_text_and_again_in_later_turns(backend, stand_in):
    use_models(backend, stand_in, VISION_MODEL)
    conversation_id = backend.create_conversation()
    photo = uploaded(backend, "cat.png", image_bytes("PNG", size=(8, 8)))
    events = backend.chat(conversation_id, "What is this?", attachments=[photo["id"]])
    assert names(events)[-1] == "done", events
    stored = backend.http.get(f"/api/attachments/{photo['id']}").content
    url = "data:image/png;base64," + base64.b64encode(stored).decode()
    sent = stand_in.requests()[-1]["body"]["messages"]
    assert sent == [
        {
            "role": "user",
            "content": [{"type": "text", "text": "What is this?"}, {"type": "image_url", "image_url": {"url": url}}],
        }
    ]
    backend.chat(conversation_id, "And its colour?")
    later = stand_in.requests()[-1]["body"]["messages"]
    assert later[0]["content"][1] == {"type": "image_url", "image_url": {"url": url}}
    assert later[-1] == {"role": "user", "content": "And its colour?"}
    stored_question = backend.messages(conversation_id)[0]
    assert [a["id"] for a in stored_question["attachments"]] == [photo["id"]]


def test_a_picture_needs_no_words(backend, stand_in):
    use_models(backend, stand_in, VISION_MODEL)
    conversation_id = backend.create_conversation()
    photo = uploaded(backend, "cat.png", image_bytes("PNG"))
    assert names(backend.chat(conversation_id, "", attachments=[photo["id"]]))[-1] == "done"
    content = stand_in.requests()[-1]["body"]["messages"][0]["content"]
    assert [part["type"] for part in content] == ["image_url"]
    response = backend.http.post("/api/chat/stream", json={"conversation_id": conversation_id, "message": " "})
    assert response.status_code == 422  # no words and no files


def test_documents_go_into_the_user_message_as_named_blocks(backend, stand_in):
    conversation_id = backend.create_conversation()
    notes = uploaded(backend, "notes.txt", b"Tides follow the moon.")
    pdf = uploaded(backend, "report.pdf", text_pdf(["Spring tides are strongest."]))
    backend.chat(conversation_id, "Summarise these", attachments=[notes["id"], pdf["id"]])
    content = stand_in.requests()[-1]["body"]["messages"][0]["content"]
    assert content.startswith(
        "Summarise these\n\n--- Attached file: notes.txt ---\nTides follow the moon.\n--- End of notes.txt ---\n\n"
        "--- Attached file: report.pdf ---\n"
    )
    assert "Spring tides are strongest." in content
    assert content.endswith("--- End of report.pdf ---")


def test_a_model_that_cannot_see_gets_a_sentence_naming_one_that_can(backend, stand_in):
    use_models(backend, stand_in, TEXT_MODEL, VISION_MODEL)
    conversation_id = backend.create_conversation()
    backend.http.patch(f"/api/conversations/{conversation_id}", json={"model": TEXT_MODEL})
    photo = uploaded(backend, "cat.png", image_bytes("PNG"))
    error = error_of(backend.chat(conversation_id, "What is this?", attachments=[photo["id"]]))
    assert error["code"] == "model_cannot_see"
    assert error["error"] == (
        "text-model cannot see images. vision-model can, and it is loaded: "
        "choose it for this conversation and send again."
    )
    assert error["vision_model"] == VISION_MODEL["id"]
    question = backend.messages(conversation_id)[0]
    assert question["attachments"][0]["id"] == photo["id"]  # nothing lost
    # Kept with the question, with the model to switch to: the page offers it after a reload too.
    assert question["reply_error"]["vision_model"] == VISION_MODEL["id"]
    assert question["reply_error"]["code"] == "model_cannot_see"


def test_a_document_larger_than_the_context_window_is_refused_before_sending(backend, stand_in):
    use_models(backend, stand_in, {"id": "small-model", "loaded_context_length": 1000})
    conversation_id = backend.create_conversation()
    book = uploaded(backend, "book.txt", ("All work and no play. " * 400).encode())
    response = backend.http.post(
        "/api/chat/stream",
        json={"conversation_id": conversation_id, "message": "Read this", "attachments": [book["id"]]},
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("book.txt does not fit: with it this message takes about 2,9")
    assert backend.messages(conversation_id) == []
    assert stand_in.requests() == []


def test_the_refusal_names_the_file_that_takes_the_most_of_the_window(backend, stand_in):
    """An image counts for ~768 tokens, a 64-byte note for a few dozen: the image is named."""
    use_models(backend, stand_in, {"id": "small-vision", "type": "vlm", "loaded_context_length": 1000})
    conversation_id = backend.create_conversation()
    photo = uploaded(backend, "photo.png", image_bytes("PNG", size=(8, 8)))
    notes = uploaded(backend, "notes.txt", b"x" * 64)
    pdf = uploaded(backend, "brief.pdf", text_pdf(["A short page."]))
    body = {"conversation_id": conversation_id, "message": "Look", "attachments": [notes["id"], photo["id"], pdf["id"]]}
    response = backend.http.post("/api/chat/stream", json=body)
    assert response.status_code == 413
    assert response.json()["detail"].startswith("photo.png does not fit")
    assert "Send a smaller image, or fewer images" in response.json()["detail"]
    assert backend.messages(conversation_id) == [] and stand_in.requests() == []


# ---- kept with the conversation ------------------------------------------------------------


def test_files_survive_in_export_and_go_with_their_conversation(backend, stand_in):
    use_models(backend, stand_in, VISION_MODEL)
    conversation_id = backend.create_conversation()
    photo = uploaded(backend, "cat.png", image_bytes("PNG", size=(8, 8)))
    backend.chat(conversation_id, "Look", attachments=[photo["id"]])
    markdown = backend.http.get(f"/api/conversations/{conversation_id}/export?format=markdown").text
    assert "- Attached: cat.png (image, 8 × 8, 1 KB)" in markdown
    exported = backend.http.get(f"/api/conversations/{conversation_id}/export?format=json").json()
    assert exported["messages"][0]["attachments"][0]["id"] == photo["id"]
    assert backend.http.delete(f"/api/conversations/{conversation_id}").status_code == 200
    assert backend.http.get(f"/api/attachments/{photo['id']}").status_code == 404
