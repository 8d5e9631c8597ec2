"""``jointmap``: one command, with a subcommand module per stage of the flow."""

from jointmap.cli import adjudicate as _adjudicate  # noqa: F401  (each import registers its subcommands)
from jointmap.cli import core as _core  # noqa: F401
from jointmap.cli import extract as _extract  # noqa: F401
from jointmap.cli import geo as _geo  # noqa: F401
from jointmap.cli import ledger as _ledger  # noqa: F401
from jointmap.cli import web as _web  # noqa: F401
from jointmap.cli.base import cli

__all__ = ["cli", "main"]


def main() -> None:
    cli(prog_name="jointmap")
