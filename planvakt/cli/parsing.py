"""Building the command line's parser in one language: commands, groups, value types.

Every command, group and option gets its help text in the command's language (the
:class:`~planvakt.cli.language.Words` it is built with); values that do not parse are
reported in that language too.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, NoReturn

from models.dates import parse_date
from models.fields import FieldProblem
from planvakt.cli.argparse_texts import parse_error
from planvakt.cli.language import Words

Handler = Callable[[argparse.Namespace, Words], None]


class Parser(argparse.ArgumentParser):
    """A parser whose usage errors are one line (``planvakt plan: feil: …``), no usage dump."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, parse_error(self, message))


if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[Parser]
else:
    Subparsers = argparse._SubParsersAction


class Commands:
    """Adds commands and groups of commands to a parser, with help in one language.

    Attributes:
        w: the words of the command's language (help texts are written ``w._("…")``).
    """

    def __init__(self, words: Words) -> None:
        self.w = words

    def subcommands(self, parser: argparse.ArgumentParser) -> Subparsers:
        """The commands under ``parser`` (one of them must be given)."""
        w = self.w
        return parser.add_subparsers(
            dest=f"command_{parser.prog.count(' ')}",
            required=True,
            parser_class=Parser,
            metavar=w._("KOMMANDO"),
            help=w._("én av kommandoene under (se hjelpen til hver med --help)"),
        )

    def group(self, parent: Subparsers, name: str, help_text: str) -> Subparsers:
        """A group of commands (``planvakt plan …``) under ``parent``."""
        parser = parent.add_parser(name, help=help_text, description=help_text)
        return self.subcommands(parser)

    def command(
        self, parent: Subparsers, name: str, help_text: str, handler: Handler
    ) -> argparse.ArgumentParser:
        """A command under ``parent`` that runs ``handler(args, words)``."""
        parser: argparse.ArgumentParser = parent.add_parser(
            name, help=help_text, description=help_text
        )
        parser.set_defaults(handler=handler)
        return parser

    # --- value types: errors in the command's language ---------------------------------

    def date(self, text: str) -> date:
        """A date as Norwegians write it (``17.05.2027``) or ISO (``2027-05-17``)."""
        try:
            return parse_date(text)
        except FieldProblem as exc:
            raise argparse.ArgumentTypeError(self.w.message(exc.code, **exc.params)) from None

    def integer(self, text: str) -> int:
        """A whole number."""
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                self.w._("«{value}» er ikke et heltall", value=text)
            ) from None
