"""Warm-up of the fork server that a build's workers fork from.

``multiprocessing`` imports this module in the fork server before the first worker is forked
(``batch/workers.py``), so every worker starts with WeasyPrint and dossiergen imported, the fonts
found and their character maps read, fontconfig and Pango initialized on those fonts, the
built-in templates compiled and the catalogs parsed: what each worker would otherwise do again
on its first document, and again after every replacement.

Best effort: a project whose fonts or catalogs are broken warms what it can, and its renders
report the problem, located, as they would without the warm-up.
"""

from __future__ import annotations

import contextlib

from dossiergen.config.paths import default_paths
from dossiergen.errors import DossiergenError
from dossiergen.i18n.catalogs import load_translations
from dossiergen.models import LANGS
from dossiergen.render.fonts import FACES, uncovered
from dossiergen.render.pdf import write_pdf
from dossiergen.render.templating import environment

SCRIPT_SAMPLES = {"Latin": "Warm 1,234.5", "Korean": "한국어", "Khmer": "ភាសាខ្មែរ", "Math": "= + \u2212"}


def specimen() -> str:
    """A few words set in each face, so that fontconfig and Pango load every face once before the fork."""
    spans = "".join(f'<span style="font-family: \'{face.family}\'; font-weight: {face.weight}">'
                    f"{SCRIPT_SAMPLES.get(face.script, 'a')}</span> " for face in FACES)
    return f'<html lang="en"><body><p>{spans}</p></body></html>'


def warm() -> None:
    """Fonts, templates, catalogs and a tiny render, in this process."""
    paths = default_paths()
    with contextlib.suppress(DossiergenError, OSError):
        for lang in LANGS:
            uncovered("", lang)  # the faces' character maps, read with fontTools
            load_translations(paths.locales, lang)
    with contextlib.suppress(Exception):  # a template that does not compile fails its own render, located
        env = environment(paths.template_dirs, paths.builtin.templates)
        for name in env.list_templates(extensions=("html", "css")):
            env.get_template(name)
    with contextlib.suppress(DossiergenError, OSError):
        write_pdf(specimen(), base_url=paths.templates, allowed_roots=(paths.templates,), strict=False, project=paths)


with contextlib.suppress(Exception):  # the fork server must start whatever happens here
    warm()
