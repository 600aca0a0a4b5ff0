"""Validating a contact as typed: names, emails (email-validator), phones (phonenumbers, kept in
E.164 so the same number is always written the same way), custom fields, all with messages a
person can act on."""

from __future__ import annotations

import re

from app.contacts.words import Contacts
from app.domain import ContactDraft
from app.errors import InvalidInput

MAX_NAME_CHARS = 100
MAX_ADDRESSES = 20
MAX_CUSTOM_FIELDS = 50
MAX_CUSTOM_VALUE_CHARS = 1_000
_CUSTOM_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")
# Control characters are invisible in a list and break exports; line breaks never belong here.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def clean_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise InvalidInput(Contacts.tr("Give the contact a name."), code="contact-name-missing")
    if len(cleaned) > MAX_NAME_CHARS:
        raise InvalidInput(Contacts.tr("A name is at most {MAX_NAME_CHARS} characters.").format(
                MAX_NAME_CHARS=MAX_NAME_CHARS), code="contact-name-long")
    if _CONTROL.search(cleaned):
        raise InvalidInput(Contacts.tr("The name holds invisible control characters; retype it."),
                           code="contact-name-invalid")
    return cleaned


def clean_email(address: str) -> str:
    """The address in its normal form (the domain lower-cased); no DNS lookup: the desk must
    work offline, and a domain that does not answer now may tomorrow."""
    import email_validator  # noqa: PLC0415  (80 ms: paid when an address is checked, not at start-up)

    try:
        checked = email_validator.validate_email(address.strip(), check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        raise InvalidInput(Contacts.tr("'{address}' is not an email address: {error}").format(
                address=address.strip(), error=str(error)),
                           code="invalid-email") from error
    return str(checked.normalized)


def clean_phone(number: str, *, in_use: bool = False) -> str:
    """The number in E.164 (+4420...). It must be written with its country code: a desk serves
    visitors from anywhere, so no country is assumed. A number typed for a contact must be valid
    for its country; one `in_use` (a visitor wrote from it, an agent reached them on it) need
    only have the shape of one: the library's ranges lag behind the networks'."""
    import phonenumbers  # noqa: PLC0415  (80 ms: paid on first use, not at start-up)

    typed = number.strip()
    try:
        parsed = phonenumbers.parse(typed, None)
    except phonenumbers.NumberParseException as error:
        raise InvalidInput(Contacts.tr("'{typed}' is not a phone number. Write it with its country code, for "
                                       "example +44 20 7946 0958.").format(typed=typed),
                                               code="invalid-phone") from error
    usable = phonenumbers.is_possible_number(parsed) if in_use else phonenumbers.is_valid_number(parsed)
    if not usable:
        raise InvalidInput(Contacts.tr("'{typed}' is not a valid phone number for its country.").format(
                typed=typed),
                           code="invalid-phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(number: str) -> str:
    """A stored (E.164) number as people read it: '+44 20 7946 0958'; as stored when it does not
    parse (a number from before, an address that is not a phone)."""
    import phonenumbers  # noqa: PLC0415  (80 ms: paid on first use, not at start-up)

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def readable_address(address: str) -> str:
    """A channel's address as people read it: phones spaced, anything else as it is."""
    return display_phone(address) if address.startswith("+") else address


def clean_custom_fields(fields: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    if len(fields) > MAX_CUSTOM_FIELDS:
        raise InvalidInput(Contacts.tr("A contact has at most {MAX_CUSTOM_FIELDS} custom fields.").format(
                MAX_CUSTOM_FIELDS=MAX_CUSTOM_FIELDS),
                           code="custom-fields-many")
    cleaned: dict[str, str] = {}
    for typed_name, typed_value in fields:
        name = typed_name.strip()
        if not _CUSTOM_FIELD_NAME.match(name):
            raise InvalidInput(Contacts.tr("'{name}' cannot name a custom field: use letters, digits, - or "
                                           "_, starting with a letter (at most 64).").format(name=name),
                                                   code="custom-field-name")
        if name in cleaned:
            raise InvalidInput(Contacts.tr("The custom field '{name}' is given twice.").format(
                    name=name), code="custom-field-twice")
        value = typed_value.strip()
        if len(value) > MAX_CUSTOM_VALUE_CHARS or _CONTROL.search(value):
            raise InvalidInput(Contacts.tr("The value of '{name}' is too long or holds control characters.")
                .format(name=name),
                               code="custom-field-value")
        if value:
            cleaned[name] = value
    return tuple(sorted(cleaned.items()))


def _unique(values: list[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def clean_draft(
    draft: ContactDraft, *, kept_emails: tuple[str, ...] = (), kept_phones: tuple[str, ...] = ()
) -> ContactDraft:
    """The draft validated. Emails and phones the contact already holds (`kept_*`) pass as they
    are: a value stored before (from a channel, a merge) must never stop a person from fixing a
    name; only what this edit adds is checked."""
    emails = _unique([e.strip() if e.strip() in kept_emails else clean_email(e)
                      for e in draft.emails if e.strip()])
    phones = _unique([p.strip() if p.strip() in kept_phones else clean_phone(p)
                      for p in draft.phones if p.strip()])
    grew = len(emails) > len(kept_emails) or len(phones) > len(kept_phones)
    if grew and (len(emails) > MAX_ADDRESSES or len(phones) > MAX_ADDRESSES):
        raise InvalidInput(Contacts.tr("A contact has at most {MAX_ADDRESSES} emails and {MAX_ADDRESSES} "
                                       "phones.").format(MAX_ADDRESSES=MAX_ADDRESSES),
                           code="contact-addresses-many")
    return ContactDraft(name=clean_name(draft.name), emails=emails, phones=phones,
                        manager_id=draft.manager_id or None,
                        custom_fields=clean_custom_fields(draft.custom_fields))


def normalised_phone(address: str) -> str:
    """A phone address as stored: E.164 when it parses, else as given (trimmed): a channel's
    number from a gateway must be kept even when this library does not know it."""
    import phonenumbers  # noqa: PLC0415  (80 ms: paid on first use, not at start-up)

    try:
        parsed = phonenumbers.parse(address.strip(), None)
    except phonenumbers.NumberParseException:
        return address.strip()
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
