"""The `mtfix` sub-commands, one module each; :mod:`mtfix.cli` registers them."""
