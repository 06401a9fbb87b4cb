"""Documents: one typed document tree per kind (``tree.py``), built once from a render context.

``dossier.py``, ``press.py`` and ``minutes.py`` each build their kind; ``kinds.py`` is the registry
that finds a kind's builder; ``requirements.py`` says what a kind needs from its record beyond its
model. Writers of each output format walk the tree (``formats/``).
"""
