"""Sub-command groups of the ``kg`` command line (each a ``typer.Typer`` added in kg/cli.py)."""
