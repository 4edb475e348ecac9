"""The ``vnie`` console script: one sub-command per module of ``pipeline.commands``.

Exit status: 0 ok, 1 failure (some input failed), 2 bad usage. JSON lines go to stdout, messages to stderr.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from pipeline import __version__

# Ordered as they appear in --help. Each module defines NAME, HELP, configure(parser) and run(args).
COMMAND_MODULES: tuple[str, ...] = (
    "pipeline.commands.extract",
    "pipeline.commands.evaluate",
    "pipeline.commands.clean",
    "pipeline.commands.sites",
    "pipeline.commands.records",
    "pipeline.commands.export",
    "pipeline.commands.review",
    "pipeline.commands.serve",
    "pipeline.commands.migrate",
    "pipeline.commands.demo",
    "pipeline.commands.run",
    "pipeline.commands.reprocess",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnie",
        description="Extract party-rating records from Vietnamese provincial news, store and serve them.",
    )
    parser.add_argument("--version", action="version", version=f"vnie {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.configure(sub)
        sub.set_defaults(handler=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.handler(args))
    except KeyboardInterrupt:
        print("vnie: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
