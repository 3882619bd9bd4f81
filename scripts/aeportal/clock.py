"""The one clock: every other module takes ``today`` as a parameter."""

import datetime as dt
import os
import re

from aeportal.errors import UsageError


def today() -> dt.date:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isascii() and epoch.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(epoch[:30]), tz=dt.UTC).date()
        except (ValueError, OverflowError, OSError):  # past year 9999, or beyond the C library
            raise UsageError(
                f"SOURCE_DATE_EPOCH={epoch[:30]} is not a time before the year 10000"
            ) from None
    return dt.datetime.now(tz=dt.UTC).date()


def parse_day(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` (the only date form AE Portal accepts)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return _reject(text)
    return dt.date.fromisoformat(text)


def _reject(text: str) -> dt.date:
    raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
