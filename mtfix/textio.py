"""Reading and writing text files without losing anything: encoding, BOM, line endings, final
newline. Bad input raises :class:`InputError` with the file and byte offset."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"


class InputError(Exception):
    """A problem with the user's input: reported as one line, exit status 2."""


@dataclass
class TextFile:
    path: str            # as given, or "-" for standard input
    text: str            # decoded, without BOM; line endings as in the file
    bom: bool = False

    def encode(self, text: str | None = None) -> bytes:
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode("utf-8")


def decode_utf8(data: bytes, path: str, offset: int = 0) -> str:
    """Strict UTF-8 without NUL bytes; ``offset``: where ``data`` starts in the file (a chunk
    of a streamed file), for the byte offsets in messages."""
    nul = data.find(b"\x00")
    if nul != -1:
        raise InputError(f"{path}: binary file (NUL byte at byte offset {offset + nul})")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not valid UTF-8 at byte offset {offset + e.start} "
                         f"(byte 0x{data[e.start]:02x}); convert it to UTF-8 first") from None


def decode(data: bytes, path: str) -> TextFile:
    text = decode_utf8(data, path)
    bom = text.startswith(BOM)
    return TextFile(path, text[1:] if bom else text, bom)


def read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (``-``: standard input); problems are one-line InputErrors."""
    if path == "-":
        return sys.stdin.buffer.read()
    p = Path(path)
    if p.is_dir():
        raise InputError(f"{path}: is a directory")
    try:
        return p.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read ({e.strerror})") from None


def read(path: str) -> TextFile:
    return decode(read_bytes(path), "<stdin>" if path == "-" else path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write to a temporary file in the same directory, then rename it over ``path``.

    A crash or a full disk leaves the old file intact; the file's permission bits are kept.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()  # what open() would have given a new file
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".mtfix-tmp",
                               dir=str(target.parent))
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


class atomic_output:
    """``with atomic_output(path) as fh:`` write to a temporary file beside ``path``; on success
    it is renamed over ``path`` (permission bits kept), on any error it is removed and ``path``
    is untouched. For outputs written piece by piece (streaming)."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.target = Path(path)

    def __enter__(self):
        self.target.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.mode = self.target.stat().st_mode & 0o7777
        except FileNotFoundError:
            self.mode = 0o666 & ~_umask()
        fd, self.tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".mtfix-tmp",
                                        dir=str(self.target.parent))
        self.fh = os.fdopen(fd, "wb")
        return self.fh

    def __exit__(self, exc_type, exc, tb) -> bool:
        try:
            if exc_type is None:
                self.fh.flush()
                os.fsync(self.fh.fileno())
                self.fh.close()
                os.chmod(self.tmp, self.mode)
                os.replace(self.tmp, self.target)
                return False
        except BaseException:
            self._discard()
            raise
        self._discard()
        return False

    def _discard(self) -> None:
        try:
            self.fh.close()
        except OSError:
            pass
        try:
            os.unlink(self.tmp)
        except FileNotFoundError:
            pass


def write_backup(path: str, suffix: str) -> str:
    """Copy ``path`` to ``path + suffix`` (atomically, bits kept) before it is rewritten."""
    import shutil

    backup = str(path) + suffix
    with atomic_output(backup) as fh, open(path, "rb") as src:
        shutil.copyfileobj(src, fh, 1 << 20)
    shutil.copymode(path, backup)
    return backup
