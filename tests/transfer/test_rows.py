"""A row's address: the common ones pass one regex, the rest Django's validator, and the
regex never takes an address the validator refuses."""

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from hypothesis import given
from hypothesis import strategies as st

from relationships.transfer.rows import PLAIN_EMAIL, Refused, prepare

MAPPING = {"0": "email"}


@given(st.from_regex(PLAIN_EMAIL, fullmatch=True))
def test_every_address_the_regex_takes_django_takes_too(email):
    if len(email) <= 254:
        validate_email(email)


@given(st.text(alphabet="ab.-@_+[]:1ü", max_size=30))
def test_a_refusal_is_the_validator_s_and_a_pass_the_regex_s_or_the_validator_s(text):
    email = text.strip().lower()
    try:
        validate_email(email)
        valid = True
    except ValidationError:
        valid = False
    if PLAIN_EMAIL.fullmatch(email):
        assert valid
    try:
        row = prepare(2, [text], MAPPING)
    except Refused:
        assert not valid or not email
    else:
        assert valid and row.email == email


@pytest.mark.parametrize("email", ["x@localhost", "a@b.xn--p1ai", "a@[1.2.3.4]", "zoe@exämple.de"])
def test_the_odd_but_valid_ones_still_pass_through_django(email):
    assert not PLAIN_EMAIL.fullmatch(email)
    assert prepare(2, [email], MAPPING).email == email


@pytest.mark.parametrize("email", ["a..b@c.de", "a@-b.de", "a@b.c", ".a@b.de", "a@b..de"])
def test_malformed_ones_are_refused(email):
    with pytest.raises(Refused, match="not a valid email address"):
        prepare(2, [email], MAPPING)
