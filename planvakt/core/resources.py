"""Where the files planvakt ships are: read as package resources, so that an installed
package (a worker without a source checkout) finds them as well as a checkout does."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

DATA_DIR = Path(str(files("planvakt") / "data"))
"""Plan templates, the municipality and actor directory, demo data."""

TEMPLATE_DIR = Path(str(files("templates")))
"""Jinja2 templates: documents/, messages/, text/, web/."""

MIGRATIONS_DIR = Path(str(files("planvakt") / "migrations"))
"""Alembic's script folder: env.py and versions/."""

LOCALE_DIR = Path(str(files("planvakt") / "locale"))
"""Gettext catalogs: <language>/LC_MESSAGES/planvakt.po and the compiled .mo beside it."""
