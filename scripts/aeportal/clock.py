"""The one clock: every other module takes ``today`` as a parameter."""

import datetime as dt
import os
import re

from aeportal.errors import UsageError
from aeportal.model import FIRST_YEAR, LAST_YEAR


def today() -> dt.date:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isascii() and epoch.isdigit():
        try:
            # A few dozen digits are past any calendar: the rest need not be read.
            day = dt.datetime.fromtimestamp(int(epoch[:30]), tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            day = dt.date.max  # beyond any calendar: refused below with the other years
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise UsageError(
                f"SOURCE_DATE_EPOCH={epoch[:30]} is not a time within the years "
                f"{FIRST_YEAR}–{LAST_YEAR}"
            )
        return day
    return dt.datetime.now(tz=dt.UTC).date()


def parse_day(text: str) -> dt.date:
    """Parse ``YYYY-MM-DD`` (the only date form AE Portal accepts)."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return _reject(text)
    day = dt.date.fromisoformat(text)
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        # The same years as every date of the model, so that dates derived from both fit.
        raise ValueError(f"{text!r} is outside the years {FIRST_YEAR}–{LAST_YEAR}")
    return day


def _reject(text: str) -> dt.date:
    raise ValueError(f"{text!r} is not a date in the form YYYY-MM-DD")
