"""``dossiergen preview``: a record rendered as it will print, refreshed whenever it is saved.

- ``renderings.py``: the last good rendering of each language set (PDF, page images, titles)
  and the located errors of the last attempt;
- ``server.py``: the local web server (127.0.0.1 only), its page, and the file watcher that
  re-renders on save and tells open pages through server-sent events.
"""

from dossiergen.preview.renderings import Renderings
from dossiergen.preview.server import PreviewServer

__all__ = ["PreviewServer", "Renderings"]
