"""planvakt: the automated pådriver for municipal action plans against radicalisation."""

from importlib.resources import files
from pathlib import Path

__version__ = "0.1.0"

DATA_DIR = Path(str(files("planvakt") / "data"))
REPO_ROOT = Path(__file__).resolve().parent.parent
