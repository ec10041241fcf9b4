"""Settings innograph reads from environment variables, checked in one place: a bad value is a SettingError with one
line naming the variable (the CLI prints it and exits 1), never a traceback."""

from __future__ import annotations

import os

from graph.messages import one_line


class SettingError(ValueError):
    """An environment variable has a value innograph cannot use. The message is one line."""


def int_from_env(name: str, default: int, minimum: int = 0, unit: str = "") -> int:
    """$name as a whole number of at least `minimum`, or `default` when it is unset or blank."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        what = f"a whole number of {unit}" if unit else "a whole number"
        raise SettingError(f"${name} must be {what}, not {one_line(raw, 40)!r}") from None
    if value < minimum:
        raise SettingError(f"${name} must be at least {minimum}, not {value}")
    return value
