"""Files dossiergen writes whole: a temporary file, synced, then renamed into place by the caller.

``mkstemp`` makes the temporary file 0600 whatever the umask; it is given ``0o666 & ~umask``
instead, as ``open()`` would have, so that a web server can publish the press board and a
colleague can read the PDFs.

``check_output_target`` is the one place that decides whether a path may be written at all
(``ours`` for what counts as a file dossiergen wrote); every command that writes calls it first.
"""

from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import tempfile
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path

from dossiergen.errors import OutputError, OutputRefused, Problem

PART_SUFFIX = ".part"
"""Temporary files end so (``.NAME.XXXX.part``): a build removes those a killed one left."""


def umask() -> int:
    """The process's umask, read without changing it where Linux shows it in /proc."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    # Elsewhere the umask can only be read by setting it: a file another thread creates in between
    # gets the restrictive 0o077 rather than a world-writable mode
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode ``open()`` gives a new file under the current umask (0644 under umask 022)."""
    return 0o666 & ~umask()


def write_temporary(data: bytes, target: Path, folder: Path | None = None, mode: int | None = None) -> Path:
    """``data`` in a new temporary file named after ``target``, beside it or in ``folder``; its path.

    The file is synced and has ``mode`` (by default the umask's); nothing is left behind when
    writing fails, which is an ``OutputError`` about ``target``.
    """
    temp: Path | None = None
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=PART_SUFFIX, dir=folder or target.parent)
        temp = Path(name)
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fchmod(handle, new_file_mode() if mode is None else mode)
            os.fsync(handle)
    except OSError as error:
        if temp is not None:
            temp.unlink(missing_ok=True)
        raise cannot_write(target, error) from None
    return temp


USER_PATH_ERRORS = frozenset({errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR, errno.ENOENT,
                              errno.ELOOP, errno.ENAMETOOLONG, errno.EXDEV, errno.EINVAL})
"""Write failures that say the path the user gave is wrong (exit code 2), not that the system failed."""


def cannot_write(target: Path, error: OSError) -> OutputError | OutputRefused:
    """The one line for a file that could not be written: the target, and the system's reason.

    A read-only or missing folder is the user's path (``OutputRefused``, exit code 2); a full disk
    or an I/O error is the system's (``OutputError``, exit code 1).
    """
    problem = Problem(target, None, None, f"cannot write: {error.strerror}")
    return OutputRefused(problem) if error.errno in USER_PATH_ERRORS else OutputError(problem)


MANIFEST_NAME = ".dossiergen-build.json"
"""The manifest a build keeps in its output folder (``batch/cache.py``): the outputs it wrote, by name."""
SYSTEM_FOLDERS = (Path("/proc"), Path("/sys"), Path("/dev"))
"""Kernel and device file systems: nothing dossiergen makes belongs there."""
MARK_BYTES = 64 * 1024
"""How much of an existing text file is read to find dossiergen's mark."""
MAX_OWNED_SIZE = 1 << 30
"""A file larger than this is not opened to find out whether dossiergen wrote it."""
MAX_PART_SIZE = 1 << 20
"""The largest metadata part of a Word, Excel or Hangul file that is read to find the mark."""

Ours = Callable[[Path], bool]
"""Whether an existing regular file at an output path is one dossiergen wrote, and so may be replaced."""

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISLNK, "a symbolic link"))


def check_output_target(target: Path, *, inputs: Iterable[Path] = (), force: bool = False,
                        ours: Ours | None = None) -> None:
    """Refuse, with one line, an output path dossiergen must not write; return if it may.

    Never: an input of the command (same file, by device and inode), anything but a regular file
    (folder, FIFO, device, socket, symbolic link), a path below /proc, /sys or /dev or through a
    file. An existing regular file only if ``ours`` says dossiergen wrote it (by default
    ``written_by_dossiergen``), or with ``force``. A missing folder is fine: writers create it.
    """
    def refuse(reason: str) -> OutputRefused:
        return OutputRefused(f"{shown_path(target)}: {reason}")

    try:
        found = os.lstat(target)
    except FileNotFoundError:
        found = None
    except OSError as error:  # a path through a file (ENOTDIR), a name too long, a loop
        raise cannot_write(target, error) if error.errno != errno.ENOTDIR else refuse(_through_file(target)) from None
    if found is not None:
        for is_kind, kind in _KINDS:
            if is_kind(found.st_mode):
                if kind == "a symbolic link":
                    raise refuse("is a symbolic link; dossiergen does not write through one"
                                 " (name the file itself, or remove the link)")
                raise refuse(f"is {kind}, not a regular file; dossiergen writes only regular files")
    system = _system_folder(target)
    if system is not None:
        raise refuse(f"is below {system}, a system folder where dossiergen writes nothing")
    if found is None:
        blocker = _file_on_the_way(target)
        if blocker is not None:
            raise refuse(_through_file(target, blocker))
        return
    for source in inputs:
        try:
            same = os.path.samestat(found, os.stat(source))
        except OSError:
            continue  # an input that is gone cannot be overwritten
        if same:
            named = os.path.realpath(source) == os.path.realpath(target)
            what = "an input" if named else f"the same file as {shown_path(Path(source))}"
            raise refuse(f"is {what}, which this command reads; dossiergen never writes over its input")
    if not force and not (ours or written_by_dossiergen)(target):
        raise refuse("exists and was not written by dossiergen; give --force to replace it")


def shown_path(target: Path) -> str:
    """``target`` as the user wrote it, relative to the working folder where it lies below it: unlike
    ``display_path``, links are not resolved, so a refused link is named, not the file it points to."""
    absolute = Path(os.path.abspath(target))
    try:
        return str(absolute.relative_to(os.getcwd()))
    except ValueError:
        return str(target)


def _system_folder(target: Path) -> Path | None:
    resolved = Path(os.path.realpath(target))
    return next((folder for folder in SYSTEM_FOLDERS if resolved.is_relative_to(folder)), None)


def _file_on_the_way(target: Path) -> Path | None:
    """The first existing ancestor of a missing ``target`` when it is not a folder."""
    for ancestor in Path(os.path.abspath(target)).parents:
        try:
            mode = os.stat(ancestor).st_mode
        except FileNotFoundError:
            continue
        except NotADirectoryError:
            continue  # further up is the file
        except OSError:
            return None  # unreadable: the write itself says what is wrong
        return None if stat.S_ISDIR(mode) else ancestor
    return None


def _through_file(target: Path, blocker: Path | None = None) -> str:
    blocker = blocker or _file_on_the_way(target)
    return f"{shown_path(blocker)} is a file, not a folder" if blocker else "a part of the path is not a folder"


def _open_regular(path: Path) -> io.BufferedReader | None:
    """``path`` opened for reading if it is still a regular file no larger than ``MAX_OWNED_SIZE``."""
    try:
        # no following a link that replaced the file, no blocking on a FIFO that replaced it
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    found = os.fstat(handle)
    if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_OWNED_SIZE:
        os.close(handle)
        return None
    return os.fdopen(handle, "rb")


def written_by_dossiergen(path: Path) -> bool:
    """Whether the regular file at ``path`` is one dossiergen wrote, as far as a cheap look can tell.

    Listed in the manifest of a build in its folder; a PDF that carries a dossiergen record; a
    Word, Excel or Hangul file whose properties name dossiergen (Application, creator, the
    keyword dossiergen writes); the press board's page and feed (their generator); a web post
    whose front matter has dossiergen's keys; an AEF or build report JSON; a glossary TBX.
    Anything else (a record, a PO file, an extracted record) is the user's.
    """
    if in_manifest(path):
        return True
    stream = _open_regular(path)
    if stream is None:
        return False
    with stream:
        head = stream.read(4)
        stream.seek(0)
        try:
            if head == b"%PDF":
                return _pdf_carries_record(stream)
            if head == b"PK\x03\x04":
                return _zip_names_dossiergen(stream)
            return _text_names_dossiergen(path.suffix, stream.read(MARK_BYTES))
        except (OSError, ValueError, zipfile.BadZipFile, RuntimeError):
            return False  # damaged or unreadable: not something to replace without --force


def in_manifest(path: Path) -> bool:
    """Whether the build manifest in ``path``'s folder lists it (or ``path`` is that manifest)."""
    manifest = path.parent / MANIFEST_NAME
    stream = _open_regular(manifest)
    if stream is None:
        return False
    with stream:
        data = stream.read(MAX_PART_SIZE * 16 + 1)
    try:
        keys = json.loads(data) if len(data) <= MAX_PART_SIZE * 16 else None
    except ValueError:
        return False
    return isinstance(keys, dict) and (path.name == MANIFEST_NAME or path.name in keys)


def _pdf_carries_record(stream: io.BufferedReader) -> bool:
    # imported here: pikepdf and the records' names load only when a PDF is in the way (the names from embed.py, a
    # render's own module, not the extractor's: pdfplumber would cost a render that replaces its PDF 0.1 s)
    import pikepdf

    from dossiergen.archive.embed import ATTACHMENT_NAME

    with pikepdf.open(stream) as pdf:
        return any(ATTACHMENT_NAME.fullmatch(str(name)) for name in pdf.attachments)


ZIP_MARKS = {"docProps/app.xml": b"<Application>dossiergen ",  # Word (formats/docx.py)
             "docProps/core.xml": b"<dc:creator>dossiergen</dc:creator>",  # Excel, the AEF (formats/aef.py)
             "Contents/content.hpf": b'name="keyword" content="text">Article 6.2, ITMO, '}  # Hangul (formats/hwpx.py)


def _zip_names_dossiergen(stream: io.BufferedReader) -> bool:
    with zipfile.ZipFile(stream) as archive:
        for name, mark in ZIP_MARKS.items():
            try:
                info = archive.getinfo(name)
            except KeyError:
                continue
            if info.file_size <= MAX_PART_SIZE and mark in archive.read(info):
                return True
    return False


FRONT_MATTER = re.compile(rb"\A---\n(?:.*\n)*?title: .*\n(?:.*\n)*?date: .*\n(?:.*\n)*?lang: [a-z]{2}\n---\n")


def _text_names_dossiergen(suffix: str, head: bytes) -> bool:
    if suffix == ".html":
        return b'<meta name="generator" content="dossiergen ' in head  # the press board (templates/press)
    if suffix == ".xml":
        return b">dossiergen</generator>" in head  # its Atom feed
    if suffix == ".tbx":
        return b"dossiergen glossary" in head
    if suffix == ".md":
        return FRONT_MATTER.match(head) is not None  # a web post (formats/post.py)
    if suffix == ".json":
        # an AEF (formats/aef.py) or a build report: known from their first keys
        return head.lstrip().startswith(b'{\n  "format": "AEF ') or head.lstrip().startswith(b'[\n {\n  "source": ')
    return False
