"""``jointmap``: one command, with a subcommand module per stage of the flow."""

from jointmap.cli import core as _core  # noqa: F401  (registers the subcommands)
from jointmap.cli import geo as _geo  # noqa: F401
from jointmap.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="jointmap")
