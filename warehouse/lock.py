"""One refresh at a time: an advisory lock beside the warehouse file."""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path

from scrapers._types import OpengapError


@contextlib.contextmanager
def exclusive(db_path: Path, wait_seconds: float = 0.0):
    lock_path = db_path.parent / f".{db_path.name}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fh = open(lock_path, "a+")  # noqa: SIM115 - held for the lifetime of the context
    deadline = time.monotonic() + wait_seconds
    locked = False
    try:
        while True:
            try:
                fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                locked = True
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    fh.seek(0)
                    holder = fh.read().strip() or "unknown"
                    raise OpengapError(
                        f"{db_path}: another opengap refresh is running (pid {holder}). "
                        "Wait for it to finish, or pass --wait SECONDS."
                    ) from None
                time.sleep(0.2)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield
    finally:
        with contextlib.suppress(OSError):
            if locked:  # clear our pid: an empty file means nobody holds the lock
                fh.seek(0)
                fh.truncate()
                fh.flush()
            fcntl.flock(fh, fcntl.LOCK_UN)
        fh.close()
