"""Personnummer and samordningsnummer: forms, checksums, dates (issue 2, must-show 3)."""

from __future__ import annotations

import datetime

import pytest

from backend.people.identity import (
    IdentityKind,
    InvalidIdentityNumber,
    age_on,
    parse_identity_number,
    synthetic_number,
)

TODAY = datetime.date(2026, 11, 26)
# 20110302-9802 is synthetic (serial 980 = demo range) with a correct Luhn check digit.
VALID_12 = synthetic_number(datetime.date(2011, 3, 2), 980)


@pytest.mark.parametrize(
    "raw",
    [
        VALID_12,  # 12 digits, no separator
        f"{VALID_12[:8]}-{VALID_12[8:]}",  # 12 digits with separator
        VALID_12[2:],  # 10 digits, no separator
        f"{VALID_12[2:8]}-{VALID_12[8:]}",  # 10 digits with separator
        f" {VALID_12[:8]} {VALID_12[8:]} ",  # typed with spaces
    ],
)
def test_accepted_forms_normalise_to_twelve_digits(raw):
    number = parse_identity_number(raw, today=TODAY)
    assert number.normalized == VALID_12
    assert number.kind is IdentityKind.PERSONNUMMER
    assert number.birth_date == datetime.date(2011, 3, 2)
    assert number.masked == "20110302-****"


def test_invalid_checksum_is_refused():
    wrong = VALID_12[:-1] + str((int(VALID_12[-1]) + 1) % 10)
    with pytest.raises(InvalidIdentityNumber, match="Kontrollsiffran"):
        parse_identity_number(wrong, today=TODAY)


@pytest.mark.parametrize("date_part", ["20110230", "20111301", "20110000"])
def test_impossible_date_is_refused(date_part):
    with pytest.raises(InvalidIdentityNumber, match="Födelsedatumet"):
        parse_identity_number(f"{date_part}1234", today=TODAY)


def test_future_birth_date_is_refused():
    future = synthetic_number(datetime.date(2027, 1, 1), 980)
    with pytest.raises(InvalidIdentityNumber, match="framtiden"):
        parse_identity_number(future, today=TODAY)


def test_samordningsnummer_has_day_plus_sixty():
    number_string = synthetic_number(datetime.date(2012, 5, 17), 981, coordination=True)
    assert number_string[6:8] == "77"
    number = parse_identity_number(number_string, today=TODAY)
    assert number.kind is IdentityKind.SAMORDNINGSNUMMER
    assert number.birth_date == datetime.date(2012, 5, 17)
    short = parse_identity_number(f"{number_string[2:8]}-{number_string[8:]}", today=TODAY)
    assert short.normalized == number_string


def test_samordningsnummer_with_bad_checksum_is_refused():
    good = synthetic_number(datetime.date(2012, 5, 17), 981, coordination=True)
    bad = good[:-1] + str((int(good[-1]) + 3) % 10)
    with pytest.raises(InvalidIdentityNumber, match="Kontrollsiffran"):
        parse_identity_number(bad, today=TODAY)


def test_ten_digit_century_is_the_latest_not_in_the_future():
    older = synthetic_number(datetime.date(1930, 6, 1), 980)
    assert parse_identity_number(older[2:], today=TODAY).birth_date.year == 2030 - 100
    # '+' marks 100 years or older in the 10-digit form.
    centenarian = synthetic_number(datetime.date(1920, 6, 1), 980)
    plus = f"{centenarian[2:8]}+{centenarian[8:]}"
    assert parse_identity_number(plus, today=TODAY).birth_date == datetime.date(1920, 6, 1)


@pytest.mark.parametrize("raw", ["", "abc", "2011030298", "201103029802-1", "20110302+9802"])
def test_malformed_input_is_refused_with_a_message(raw):
    with pytest.raises(InvalidIdentityNumber) as excinfo:
        parse_identity_number(raw, today=TODAY)
    assert excinfo.value.message


def test_age_counts_the_birthday_itself():
    birth = datetime.date(2014, 11, 26)
    assert age_on(birth, datetime.date(2026, 11, 25)) == 11
    assert age_on(birth, datetime.date(2026, 11, 26)) == 12
