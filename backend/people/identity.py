"""Swedish personal identity numbers: personnummer and samordningsnummer.

Accepted forms: 12 digits (YYYYMMDDNNNN) or 10 digits (YYMMDDNNNN), each with or without the
separator before the last four digits ('-', or '+' for people aged 100 or more in the 10-digit
form). The number is stored in the 12-digit form without separator.

python-stdnum validates personnummer (format, date, Luhn checksum). It does not know
samordningsnummer (day of birth + 60, Folkbokföringslagen 18 a §), so those are parsed here
with the same Luhn check from stdnum.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _
from stdnum import luhn
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import personnummer as stdnum_personnummer

_PATTERN = re.compile(r"^(?P<century>\d{2})?(?P<date>\d{6})(?P<sep>[-+])?(?P<serial>\d{4})$")


class IdentityKind(StrEnum):
    PERSONNUMMER = "personnummer"
    SAMORDNINGSNUMMER = "samordningsnummer"


class InvalidIdentityNumber(ValueError):
    """Carries a user-facing (translatable) message."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    normalized: str  # YYYYMMDDNNNN
    kind: IdentityKind
    birth_date: datetime.date

    @property
    def masked(self) -> str:
        """Birth date only: what lists and logs may show."""
        return f"{self.normalized[:8]}-****"

    @property
    def display(self) -> str:
        return f"{self.normalized[:8]}-{self.normalized[8:]}"


def parse_identity_number(value: str, *, today: datetime.date) -> IdentityNumber:
    """Validate and normalise; ``today`` resolves the century of a 10-digit number."""
    cleaned = "".join(value.split())  # spaces are common when numbers are typed
    match = _PATTERN.match(cleaned)
    if not match:
        raise InvalidIdentityNumber(
            str(_("Ange personnummer med 10 eller 12 siffror, t.ex. ÅÅÅÅMMDD-NNNN."))
        )
    century, date_part, sep, serial = match.group("century", "date", "sep", "serial")
    if century and sep == "+":
        raise InvalidIdentityNumber(
            str(_("Plustecken används bara i den tiosiffriga formen (100 år eller äldre)."))
        )
    yy, mm, dd = int(date_part[:2]), int(date_part[2:4]), int(date_part[4:6])
    kind = IdentityKind.PERSONNUMMER
    if dd > 60:
        kind = IdentityKind.SAMORDNINGSNUMMER
        dd -= 60
    if century:
        year = int(century) * 100 + yy
    else:
        # The latest year ending in yy that is not in the future; '+' means 100 years earlier.
        year = today.year - (today.year - yy) % 100
        if sep == "+":
            year -= 100
    try:
        birth_date = datetime.date(year, mm, dd)
    except ValueError:
        raise InvalidIdentityNumber(
            str(_("Födelsedatumet i numret finns inte (%(date)s).") % {"date": date_part})
        ) from None
    if birth_date > today:
        raise InvalidIdentityNumber(str(_("Födelsedatumet ligger i framtiden.")))
    ten_digits = date_part + serial
    try:
        if kind is IdentityKind.PERSONNUMMER:
            stdnum_personnummer.validate(f"{year:04d}{date_part[2:]}-{serial}")
        else:
            luhn.validate(ten_digits)
    except StdnumError:
        raise InvalidIdentityNumber(
            str(_("Kontrollsiffran stämmer inte; kontrollera numret."))
        ) from None
    return IdentityNumber(
        normalized=f"{year:04d}{date_part[2:]}{serial}", kind=kind, birth_date=birth_date
    )


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Exact age in whole years (the birthday itself counts; 29 February turns on 1 March)."""
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def synthetic_number(birth_date: datetime.date, serial: int, *, coordination: bool = False) -> str:
    """A well-formed 12-digit number for demo and test data (never a real person's on purpose:
    demo data uses serials 980-999). ``coordination`` makes a samordningsnummer."""
    if not 0 <= serial <= 999:
        raise ValueError("serial is three digits")
    day = birth_date.day + (60 if coordination else 0)
    body = f"{birth_date:%y%m}{day:02d}{serial:03d}"
    check = luhn.calc_check_digit(body)
    return f"{birth_date.year // 100:02d}{body}{check}"
