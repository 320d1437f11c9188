"""Fingerprints of data files, so that a saved model knows which files it was trained on.

Two speeds: ``content_fingerprint`` reads every byte (when a model is trained or loaded), and
``stat_signature`` only asks the file system (on the hot path, to notice cheaply that something may
have changed, as ``Locales.version`` does for the locales).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path


def content_fingerprint(paths: Iterable[Path]) -> str:
    """Changes whenever one of the files is added, removed, renamed or edited."""
    digest = hashlib.sha256()
    for path in paths:
        if path.exists():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def stat_signature(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    """Names, modification times and sizes: equal signatures mean the files were not touched."""
    signature = []
    for path in paths:
        try:
            status = path.stat()
        except FileNotFoundError:
            continue
        signature.append((path.name, status.st_mtime_ns, status.st_size))
    return tuple(signature)
