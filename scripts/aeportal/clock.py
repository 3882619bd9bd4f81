"""The one clock: every other module takes ``today`` as a parameter."""

import datetime as dt
import os
import re


def today() -> dt.date:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def parse_day(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` (the only date form AE Portal accepts)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return _reject(text)
    return dt.date.fromisoformat(text)


def _reject(text: str) -> dt.date:
    raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
