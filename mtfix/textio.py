"""Reading and writing text files without losing anything: encoding, BOM, line endings, final
newline. Bad input raises :class:`InputError` with the file and byte offset.

Encodings: UTF-8 (with or without a BOM), and UTF-16 / UTF-32 (LE or BE) when the file starts
with their BOM (Windows CAT tools write them). :func:`decode` recognises the BOM
(:func:`sniff_encoding`) and :meth:`TextFile.encode` writes the text back in the same encoding
with the same BOM, so an unchanged file comes back byte for byte. Without a BOM a file is
UTF-8: anything else is an error naming the byte offset and the encoding tried."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

BOM = "\ufeff"


class InputError(Exception):
    """A problem with the user's input: reported as one line, exit status 2."""


# BOM bytes → codec; UTF-32 LE before UTF-16 LE, whose BOM starts it.
_BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
         (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def sniff_encoding(head: bytes) -> tuple[str, bytes]:
    """``(codec, bom)`` of a file starting with ``head`` (its first bytes, 4 are enough):
    ``("utf-16-le", b"\xff\xfe")``, ... for a UTF-8/16/32 BOM, else ``("utf-8", b"")``.
    A streaming reader that gets anything but ``("utf-8", ...)`` should read the whole file
    with :func:`decode` instead (streaming is UTF-8 only)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return codec, bom
    return "utf-8", b""


@dataclass
class TextFile:
    path: str            # as given, or "-" for standard input
    text: str            # decoded, without BOM; line endings as in the file
    bom: bool = False
    encoding: str = "utf-8"   # a Python codec: utf-8, utf-16-le/-be, utf-32-le/-be

    def encode(self, text: str | None = None) -> bytes:
        """``text`` (default: the file's own) in the file's encoding, with its BOM."""
        body = self.text if text is None else text
        return ((BOM if self.bom else "") + body).encode(self.encoding)


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
    """The text of a file's bytes: UTF-8, or UTF-16/32 with a BOM (see the module's doc)."""
    codec, bom = sniff_encoding(data)
    if codec == "utf-8":
        text = decode_utf8(data, path)
        has_bom = text.startswith(BOM)
        return TextFile(path, text[1:] if has_bom else text, has_bom)
    try:
        text = data[len(bom):].decode(codec)
    except UnicodeDecodeError as e:
        name = codec.upper().replace("-LE", " LE").replace("-BE", " BE")
        raise InputError(f"{path}: not valid {name} at byte offset {len(bom) + e.start} "
                         f"({e.reason})") from None
    nul = text.find("\x00")
    if nul != -1:
        at = len(bom) + len(text[:nul].encode(codec))
        raise InputError(f"{path}: binary file (NUL character at byte offset {at})")
    return TextFile(path, text, True, codec)


decode_any = decode   # the name the run path asks for: any supported encoding


def encode_like(file: TextFile, text: str) -> bytes:
    """``text`` written as ``file`` was: same encoding, same BOM."""
    return file.encode(text)


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


def _real_target(path: str | os.PathLike) -> Path:
    """Where writing ``path`` should land: a symbolic link is followed to the file it names
    (also a dangling one, which then creates that file), so that the link stays a link and the
    real file is the one rewritten."""
    p = Path(path)
    if p.is_symlink():
        return Path(os.path.realpath(p))
    return p


def _is_special(target: Path) -> bool:
    """``target`` exists and is not a regular file: a character or block device, a FIFO, a
    socket. Those are written in place, never replaced by a renamed temporary file."""
    import stat

    try:
        st = target.stat()
    except OSError:         # missing, or a link loop: the rename path reports it
        return False
    return not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode)


def _is_descriptor_path(target: Path) -> bool:
    """``/dev/stdout``, ``/dev/fd/3``, ``/proc/self/fd/1``: names of an open descriptor (links
    to the pipe or file behind it), written directly even when that is a regular file."""
    parts = Path(os.path.abspath(target)).parts
    return parts[1:2] == ("dev",) and len(parts) > 2 and (
        parts[2] in ("stdout", "stderr", "stdin", "fd")) or (
        parts[1:2] == ("proc",) and "fd" in parts)


def _attributes(target: Path) -> tuple[int, int | None, int | None]:
    """Permission bits, owner and group to give the file that replaces ``target``; for a new
    file, what ``open()`` would have given it and no owner change."""
    try:
        st = target.stat()
    except FileNotFoundError:
        return 0o666 & ~_umask(), None, None
    return st.st_mode & 0o7777, st.st_uid, st.st_gid


def _apply_attributes(fd: int, mode: int, uid: int | None, gid: int | None) -> None:
    """Owner and group first (chown clears set-uid bits), then the mode. Changing the owner
    needs privileges: without them (EPERM) the new file stays ours, as ``cp`` does; the group
    alone is still tried (allowed when we are a member)."""
    import errno

    if uid is not None and (uid != os.geteuid() or gid != os.getegid()):
        try:
            os.fchown(fd, uid, gid)
        except OSError as e:
            if e.errno not in (errno.EPERM, errno.EACCES):
                raise
            try:
                os.fchown(fd, -1, gid)
            except OSError as e2:
                if e2.errno not in (errno.EPERM, errno.EACCES):
                    raise
    os.fchmod(fd, mode)


def write_atomic(path: str | os.PathLike, data: bytes) -> None:
    """Write to a temporary file in the same directory, then rename it over ``path``.

    A crash or a full disk leaves the old file intact; the file's permission bits, owner and
    group are kept (the owner when we may). A symbolic link is followed: the file it points to
    is rewritten, in its own directory, and the link stays. A target that is not a regular file
    (``/dev/stdout``, a FIFO, a character device) is opened and written directly.
    """
    with atomic_output(path) as fh:
        fh.write(data)


class atomic_output:
    """``with atomic_output(path) as fh:`` write to a temporary file beside ``path``; on success
    it is renamed over ``path`` (permission bits, owner and group kept), on any error it is
    removed and ``path`` is untouched. For outputs written piece by piece (streaming).

    As :func:`write_atomic`: a symbolic link is followed (the real file is replaced, in its own
    directory); a special file (device, FIFO, socket) is opened and written directly."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.target = Path(path)

    def __enter__(self):
        self.tmp = None
        if _is_special(self.target) or _is_descriptor_path(self.target):
            # No rename over a device, a pipe or /dev/stdout: write to it.
            self.fh = open(self.target, "wb")
            return self.fh
        real = self.real = _real_target(self.target)
        real.parent.mkdir(parents=True, exist_ok=True)
        self.mode, self.uid, self.gid = _attributes(real)
        fd, self.tmp = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".mtfix-tmp",
                                        dir=str(real.parent))
        self.fh = os.fdopen(fd, "wb")
        return self.fh

    def __exit__(self, exc_type, exc, tb) -> bool:
        if self.tmp is None:  # a special file, written directly
            try:
                self.fh.close()
            except OSError:
                if exc_type is None:
                    raise
            return False
        try:
            if exc_type is None:
                self.fh.flush()
                os.fsync(self.fh.fileno())
                _apply_attributes(self.fh.fileno(), self.mode, self.uid, self.gid)
                self.fh.close()
                os.replace(self.tmp, self.real)
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


def backup_path(path: str | os.PathLike, suffix: str) -> str:
    """The name the next backup of ``path`` gets: ``path + suffix`` when that is free, otherwise
    ``path + suffix + ".1"``, ``".2"``, … (the first free number). An existing backup is never
    overwritten, so ``path + suffix`` always keeps the first original. (Unlike GNU
    ``cp --backup=numbered``, whose names are ``f.~1~``, the plain suffix comes first.)"""
    base = str(path) + suffix
    if not os.path.lexists(base):
        return base
    n = 1
    while os.path.lexists(f"{base}.{n}"):
        n += 1
    return f"{base}.{n}"


def write_backup(path: str, suffix: str) -> str:
    """Copy ``path`` to a new backup beside it (:func:`backup_path`: never over an existing
    backup), permission bits, owner and group kept, before it is rewritten. Returns the backup's name. The
    backup is created exclusively (``O_EXCL``), so two runs at once cannot share a name.
    A symbolic link is backed up as the content of the file it points to."""
    import shutil

    while True:
        backup = backup_path(path, suffix)
        try:
            fd = os.open(backup, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        break
    try:
        with os.fdopen(fd, "wb") as fh, open(path, "rb") as src:
            shutil.copyfileobj(src, fh, 1 << 20)
            fh.flush()
            os.fsync(fh.fileno())
            st = os.fstat(src.fileno())
            _apply_attributes(fh.fileno(), st.st_mode & 0o7777, st.st_uid, st.st_gid)
    except BaseException:
        try:
            os.unlink(backup)
        except FileNotFoundError:
            pass
        raise
    return backup


def json_lines(lines, name: str):
    """``(line number, value)`` for each non-blank line of a JSON Lines text; a line that is not
    JSON is an :class:`InputError` naming ``name`` and the line."""
    import json

    for i, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield i, json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{name}:{i}: not JSON ({e.msg})") from None

