"""Diagnostics as text, JSON and GitHub workflow annotations."""

from __future__ import annotations

import json
from collections.abc import Sequence

from aeportal.diagnostics import Diagnostic, Severity

JSON_VERSION = 1


def summary(diags: Sequence[Diagnostic], accounts: int) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diags)
    warnings = len(diags) - errors
    files = len({d.loc.path for d in diags})

    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    if not diags:
        return f"{plural(accounts, 'account')} checked: no problems"
    return (
        f"{plural(accounts, 'account')} checked: {plural(errors, 'error')}, "
        f"{plural(warnings, 'warning')} in {plural(files, 'file')}"
    )


def as_text(diags: Sequence[Diagnostic], accounts: int) -> str:
    lines = []
    for d in diags:
        lines.append(f"{d.loc}: {d.severity} {d.code} {d.message}")
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    lines.append(summary(diags, accounts))
    return "\n".join(lines) + "\n"


def as_json(diags: Sequence[Diagnostic], accounts: int) -> str:
    errors = sum(d.severity is Severity.ERROR for d in diags)
    doc = {
        "version": JSON_VERSION,
        "accounts": accounts,
        "errors": errors,
        "warnings": len(diags) - errors,
        "diagnostics": [d.to_json() for d in diags],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _escape(text: str, prop: bool = False) -> str:
    # Workflow commands percent-encode these so that a message cannot end the command.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def as_github(diags: Sequence[Diagnostic], accounts: int) -> str:
    lines = []
    for d in diags:
        level = "error" if d.severity is Severity.ERROR else "warning"
        props = [f"file={_escape(d.loc.path, True)}"]
        if d.loc.line:
            props.append(f"line={d.loc.line}")
        if d.loc.col:
            props.append(f"col={d.loc.col}")
        props.append(f"title={_escape(d.code, True)}")
        message = d.message + (f"\n{d.hint}" if d.hint else "")
        lines.append(f"::{level} {','.join(props)}::{_escape(message)}")
    lines.append(summary(diags, accounts))
    return "\n".join(lines) + "\n"


FORMATS = {"text": as_text, "json": as_json, "github": as_github}
