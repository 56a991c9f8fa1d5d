"""Jinja2 templates of planvakt, installed with the package: documents/, messages/, text/, web/."""
