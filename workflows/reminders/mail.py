"""An email backend that honours the dedupe key, for ``make run`` and the worker tests.

Each message is written to ``EMAIL_FILE_PATH`` as ``<dedupe key>.eml``, created with an
exclusive hard link, so a second send of the same key is a no-op: the backend is idempotent,
like a mail provider API that takes an idempotency key. The delivery code asks a backend
whether it ``deduplicates``; only then does it retry a send whose outcome it does not know
(see workflows/reminders/delivery.py). Every call is also appended to ``sends.log`` so that a
test can see how many sends were suppressed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage

DEDUPE_HEADER = "X-Samverka-Dedupe-Key"


class DedupingFileEmailBackend(BaseEmailBackend):
    deduplicates = True

    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.directory = Path(file_path or settings.EMAIL_FILE_PATH)
        self.directory.mkdir(parents=True, exist_ok=True)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        written = 0
        for message in email_messages:
            key = message.extra_headers.get(DEDUPE_HEADER)
            if not key or "/" in key or key.startswith("."):
                raise ValueError(f"{DEDUPE_HEADER} header missing or malformed")
            data = message.message().as_bytes()
            final = self.directory / f"{key}.eml"
            fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                try:
                    os.link(temporary, final)  # atomic, and fails if the key was sent before
                    outcome = "sent"
                    written += 1
                except FileExistsError:
                    outcome = "duplicate"
            finally:
                os.unlink(temporary)
            with open(self.directory / "sends.log", "a", encoding="utf-8") as log:
                log.write(f"{key} {outcome} {os.getpid()}\n")
        return written
