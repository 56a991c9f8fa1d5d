"""The ground every layer stands on: settings, errors, database sessions, the clock, the
Jinja2 environment, texts, migrations and where the shipped files are. Imports only ``models``."""
