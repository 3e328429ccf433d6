"""Reading input text safely and writing output atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from .errors import InputError

_BINARY_SNIFF = 8192


def read_text(path: str | os.PathLike[str]) -> str:
    """Read a UTF-8 text file: BOM dropped, CRLF/CR turned into LF.

    Raises :class:`InputError` (with the file name) for a missing, unreadable
    or binary file.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", str(p)) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", str(p)) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(p)) from None
    return decode_text(data, str(p))


def decode_text(data: bytes, name: str) -> str:
    """Decode bytes of a text input; reject binary data with a clear error."""
    if b"\x00" in data[:_BINARY_SNIFF]:
        raise InputError("binary file, not a text reading list", name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError("not UTF-8 text (binary file?)", f"{name}:{line}") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _mode_for(target: Path) -> int:
    """The existing file's permissions, else what a plain ``open()`` would give under the umask."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_write(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` so that readers see the old file or the new one, never half.

    The text goes to a temporary file in the same folder, is flushed to disk,
    then renamed over the target.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        os.chmod(tmp, _mode_for(target))  # mkstemp makes 0600 files; outputs get the usual mode
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
