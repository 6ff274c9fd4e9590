"""The `mtfix` command line: the typer app and its commands (one module each in
:mod:`mtfix.commands`), and the entry point.

Heavy modules (the engine's rule tables, wordfreq, rich, and later torch) are imported inside
the commands, so `mtfix --help` and `mtfix --version` start fast.
"""

from __future__ import annotations

import sys

import typer

from . import __version__
from .commands import apply, check, diff, fix, glossary, learn, rules, score, train

app = typer.Typer(
    name="mtfix",
    help="Repair machine-translated Indonesian text: rules, glossary, scores.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"mtfix {__version__}")
        raise typer.Exit()


@app.callback()
def main_callback(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """mtfix: repair machine-translated Indonesian text."""


app.command()(fix.fix)
app.command()(check.check)
app.command()(score.score)

pe_app = typer.Typer(help="Post-editor tools.", no_args_is_help=True)
app.add_typer(pe_app, name="post-editor")
pe_app.command("convert")(train.pe_convert)

glossary_app = typer.Typer(help="Glossary tools.", no_args_is_help=True)
app.add_typer(glossary_app, name="glossary")
glossary_app.command("validate")(glossary.glossary_validate)

app.command()(diff.diff)
app.command()(apply.apply)
app.command()(train.train)
app.command()(learn.learn)
app.command("eval-edits")(score.eval_edits)
app.command("rules")(rules.rules_cmd)
app.command()(rules.explain)


def main() -> None:
    """Entry point. Usage errors are one line on stderr and exit status 2, like input errors."""
    try:
        rv = app(standalone_mode=False)
    except KeyboardInterrupt:  # pragma: no cover
        typer.echo("mtfix: interrupted", err=True)
        sys.exit(130)
    except Exception as e:  # typer vendors click: match its exceptions by class name
        kinds = {c.__name__ for c in type(e).__mro__}
        if "NoArgsIsHelpError" in kinds:
            typer.echo(e.ctx.get_help())
            sys.exit(0)
        if "UsageError" in kinds:
            where = f" (see `{e.ctx.command_path} --help`)" if getattr(e, "ctx", None) else ""
            typer.echo(f"mtfix: error: {e.format_message()}{where}", err=True)
            sys.exit(2)
        if "ClickException" in kinds:
            typer.echo(f"mtfix: error: {e.format_message()}", err=True)
            sys.exit(e.exit_code)
        if "Abort" in kinds:  # pragma: no cover
            typer.echo("mtfix: interrupted", err=True)
            sys.exit(130)
        raise
    sys.exit(rv if isinstance(rv, int) else 0)


if __name__ == "__main__":  # pragma: no cover
    main()
