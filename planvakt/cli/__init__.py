"""The ``planvakt`` command line: a thin edge that parses arguments, calls a service, and
prints a view. Entry point: :func:`planvakt.cli.app.main`."""
