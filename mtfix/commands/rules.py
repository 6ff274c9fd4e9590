"""`mtfix rules` (the rule list) and `mtfix explain` (one rule's documentation)."""

from __future__ import annotations

import json

import typer

from .options import CheckFormat, die


def rules_cmd(
    output_format: CheckFormat = typer.Option(CheckFormat.text, "--output-format"),
) -> None:
    """List every rule: code, name, on by default, default severity, fix safety."""
    from ..rules import REGISTRY

    rows = [{"code": r.code, "name": r.name, "default": r.default,
             "severity": r.severity.value,
             "fix": r.fix_applicability.value, "modes": list(r.modes), "summary": r.summary}
            for r in REGISTRY.values()]
    if output_format is CheckFormat.json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    typer.echo(f"{'code':<6} {'name':<34} {'default':<7} {'severity':<8} {'fix':<12} summary")
    for r in rows:
        typer.echo(f"{r['code']:<6} {r['name']:<34} {'on' if r['default'] else 'off':<7} "
                   f"{r['severity']:<8} {r['fix']:<12} {r['summary']}")


def explain(code: str = typer.Argument(..., help="A rule code, e.g. HY001, or a rule name.")) -> None:
    """Print a rule's documentation."""
    from ..rules import REGISTRY, UnknownRuleError, get_rule

    from ..posteditor.stage import STAGES

    if code.upper() in STAGES:
        name, summary = STAGES[code.upper()]
        typer.echo(f"{code.upper()} ({name})\n  stage: post-editor (--post-editor PATH); "
                   f"fix: {'unsafe' if code.upper() == 'PE001' else 'display-only'}\n\n"
                   f"{summary}. Rewrites come from a local seq2seq checkpoint; a guard rejects "
                   f"any whose character edit rate exceeds --pe-max-change, that alters "
                   f"protected spans, numbers or glossary terms, or whose length ratio is "
                   f"implausible; accepted ones are cut into minimal word edits, each naming "
                   f"the model and its weights hash.")
        return
    try:
        rule = get_rule(code)
    except UnknownRuleError:
        by_name = {r.name: r for r in REGISTRY.values()}
        rule = by_name.get(code)
        if rule is None:
            raise die(f"unknown rule {code!r}; `mtfix rules` lists them") from None
    typer.echo(f"{rule.code} ({rule.name})")
    typer.echo(f"  default: {'on' if rule.default else 'off'}; fix: {rule.fix_applicability.value}; "
               f"modes: {', '.join(rule.modes)}")
    import textwrap

    typer.echo(textwrap.dedent(rule.doc).rstrip())
    if rule.examples:
        typer.echo("\nExamples")
        for ex in rule.examples:
            if ex.good is not None:
                tag = " (unsafe fix)" if ex.unsafe else ""
                typer.echo(f"  {ex.bad!r}\n    → {ex.good!r}{tag}")
            else:
                typer.echo(f"  {ex.bad!r}  (reports {ex.flagged!r})")

