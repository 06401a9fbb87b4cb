"""Templates: the Jinja environment, its filters, and located template errors."""

from __future__ import annotations

import hashlib
import os
import re
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import Markup

from dossiergen.config.paths import ProjectPaths
from dossiergen.disk_cache import cache_dir
from dossiergen.errors import DossiergenError, Problem, TemplateError
from dossiergen.version import __version__

PAGE = "\ue000"
PAGES = "\ue001"
"""Stand-ins for the page counters inside translated strings, turned into CSS by ``css_content``."""


def css_string(text: str) -> str:
    """``text`` as the inside of a double-quoted CSS string."""
    return "".join(f"\\{ord(ch):x} " if ch in '"\\\n\r\x0c' or ord(ch) < 0x20 else ch for ch in text)


def css_content(text: str, counter_style: str = "decimal") -> Markup:
    """A translated page label as a CSS ``content`` value with live page counters (an appended annex's pages
    are counted at its placeholders, ``base.html``)."""
    parts = []
    for piece in re.split(f"({PAGE}|{PAGES})", text):
        if piece == PAGE:
            parts.append(f"counter(page, {counter_style})")
        elif piece == PAGES:
            parts.append(f"counter(pages, {counter_style})")
        elif piece:
            parts.append(f'"{css_string(piece)}"')
    return Markup(" ".join(parts) or '""')


BUILTIN_PREFIX = "!"
"""``{% extends "!base.html" %}``: the built-in template that a project's template of the same name
replaces and extends (as in Sphinx)."""


class _BytecodeCache(jinja2.FileSystemBytecodeCache):
    """Compiled templates kept in the user's cache folder (disk_cache.py), so that a fresh process does not
    compile them again. Jinja checks each one against its template's source; the folder is named by the
    environment's options too, which change the code compiled but are not in Jinja's key. A folder that
    cannot be read or written, or a damaged entry, is no error: the template is compiled, as without a cache."""

    def __init__(self, options: str) -> None:
        key = hashlib.sha256(f"{__version__} {options}".encode()).hexdigest()[:16]
        super().__init__(str(cache_dir("templates") / key))

    def _private(self) -> bool:
        """Whether the folder is this user's alone: compiled code is run as it is loaded, so a folder someone
        else could write into (an odd ``XDG_CACHE_HOME``) is not used, as Jinja's own default folder is not."""
        try:
            status = os.stat(self.directory)
        except OSError:
            return False
        return status.st_uid == os.getuid() and not status.st_mode & 0o022

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if not self._private():
            return
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - whatever a damaged file raises (pickle, marshal): compile instead
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            Path(self.directory).mkdir(mode=0o700, parents=True, exist_ok=True)
            if self._private():
                super().dump_bytecode(bucket)
        except OSError:
            pass  # a read-only or full cache folder: the next process compiles it again


@lru_cache(maxsize=4)
def environment(search_path: tuple[Path, ...], builtin: Path) -> jinja2.Environment:
    """Templates from ``search_path`` (a project's folder, then the built-in one), ``!NAME`` from ``builtin``."""
    loader = jinja2.ChoiceLoader([
        *(jinja2.FileSystemLoader(folder) for folder in search_path),
        jinja2.PrefixLoader({"": jinja2.FileSystemLoader(builtin)}, delimiter=BUILTIN_PREFIX),
    ])
    options: dict[str, Any] = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True,
                               "extensions": ["jinja2.ext.do"]}
    env = jinja2.Environment(loader=loader, undefined=jinja2.StrictUndefined, **options,
                             bytecode_cache=_BytecodeCache(repr(sorted(options.items()))))
    env.filters["css_content"] = css_content
    env.globals.update(PAGE=PAGE, PAGES=PAGES)
    return env


def _template_line(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The innermost template frame of a traceback (Jinja maps its lines to the source)."""
    where: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".css")):
            where = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return where


def render_template(paths: ProjectPaths, name: str, **values: Any) -> str:
    """Render the project template ``name``; every failure is a ``TemplateError`` naming the template and line.

    Every template gets the project's ``branding`` (``config/branding.py``).
    """
    env = environment(paths.template_dirs, paths.builtin.templates)
    values.setdefault("branding", paths.branding)
    try:
        return env.get_template(name).render(**values)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(Problem(Path(error.filename or name), error.lineno, None,
                                    error.message or "syntax error")) from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(Problem(paths.templates / str(error.name), None, None, "template not found")) from None
    except DossiergenError:
        raise
    except Exception as error:  # an undefined name, a failing filter: say where in the template
        filename, line = _template_line(error.__traceback__)
        raise TemplateError(Problem(Path(filename or name), line, None, f"{type(error).__name__}: {error}")) from None
