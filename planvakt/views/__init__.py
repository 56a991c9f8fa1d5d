"""Typed read models that every renderer uses (CLI text, documents, web, API). Read only."""
