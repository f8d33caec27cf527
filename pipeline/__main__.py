"""`python -m claimex` is the `claimex` command."""

from .cli import main

main(prog_name="claimex")
