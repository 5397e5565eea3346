"""Files people attach to messages: received as a stream onto disk, identified by their bytes,
images normalised with Pillow, documents read to text (pypdf for PDFs)."""

from uploads.errors import UploadRefused
from uploads.process import Processed, process_upload
from uploads.receive import Received, receive_upload

__all__ = ["Processed", "Received", "UploadRefused", "process_upload", "receive_upload"]
