"""planvakt: the automated pådriver for municipal action plans against radicalisation.

Layers (checked by import-linter, see ``pyproject.toml``): ``cli`` and ``web`` are thin
edges over ``services`` (the only write API), ``views``, ``documents``, ``exchange`` and
``notify``; all of them stand on ``core`` and ``models``; nothing here imports ``flows``.
"""

__version__ = "0.1.0"
