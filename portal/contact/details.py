"""Reading contact details (pure): phone and e-mail normalised, the address checked, the channel matched to an address.

Debtor and staff forms share these readers, so a detail is stored the same way whoever typed it. Each reader
returns (value, None) or (None, reason code); `portal.contact.wording` turns codes into sentences.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from email_validator import EmailNotValidError, validate_email

LANGUAGES = ("et", "fi", "ro", "en")
CHANNELS = ("email", "sms", "letter")
# Where our debtors live; the three collection countries first.
COUNTRIES = ("EE", "FI", "RO", "LV", "LT", "SE", "DE", "GB")
LIMITS = {"email": 254, "phone": 32, "street": 200, "postal_code": 16, "city": 100}
# A typed phone number longer than this is not a number, whatever phonenumbers makes of it.
MAX_PHONE_TYPED = 32
_POSTAL_CODES = {
    "EE": r"\d{5}",
    "FI": r"\d{5}",
    "RO": r"\d{6}",
    "DE": r"\d{5}",
    "LV": r"(LV-?)?\d{4}",
    "LT": r"(LT-?)?\d{5}",
    "SE": r"\d{3} ?\d{2}",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}",
}
_MOBILE = {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}


def parse_phone(text: str, region: str | None) -> tuple[str | None, str | None]:
    """'040 123 4567' with region FI → '+358401234567' (E.164); a leading + overrides the region."""
    typed = " ".join(text.split())
    if not typed:
        return None, None
    if len(typed) > MAX_PHONE_TYPED:
        return None, "too_long"
    try:
        number = phonenumbers.parse(typed, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None, "bad_phone"
    if not phonenumbers.is_valid_number(number):
        return None, "bad_phone"
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def is_mobile(phone: str | None) -> bool:
    """Whether text messages can reach the number (an E.164 number, or a stored one with its + and country code)."""
    if not phone:
        return False
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in _MOBILE


def display_phone(phone: str | None) -> str:
    """'+358401234567' → '+358 40 1234567', easier to read back; anything unparsable unchanged."""
    if not phone:
        return ""
    try:
        number = phonenumbers.parse(phone, None)
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def example_phone(region: str | None) -> str:
    """A made-up mobile number of the region, written the way we ask people to write theirs."""
    mobile = phonenumbers.PhoneNumberType.MOBILE
    number = phonenumbers.example_number_for_type((region or "EE").upper(), mobile)
    number = number or phonenumbers.example_number_for_type("EE", mobile)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL) if number else ""


def same_phone(stored: str | None, new: str | None, region: str | None) -> bool:
    """A number stored before normalisation ('+372 5000 0000') is the same as its E.164 form."""
    if stored == new:
        return True
    if stored is None or new is None:
        return False
    return parse_phone(stored, region)[0] == new


def parse_email(text: str) -> tuple[str | None, str | None]:
    """Normalised by email-validator: the domain lower-cased and in Unicode ('Anna@Bücher.DE' → 'Anna@bücher.de')."""
    typed = text.strip()
    if not typed:
        return None, None
    if len(typed) > LIMITS["email"]:
        return None, "too_long"
    try:
        valid = validate_email(typed, check_deliverability=False)
    except EmailNotValidError:
        return None, "bad_email"
    if len(valid.normalized) > LIMITS["email"]:
        return None, "too_long"
    return valid.normalized, None


def _text(fields: dict[str, str], name: str) -> str | None:
    return " ".join(fields.get(name, "").split()) or None


@dataclass(frozen=True)
class Details:
    email: str | None
    phone: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    country: str | None
    language: str
    channel: str

    @property
    def has_address(self) -> bool:
        return bool(self.street and self.postal_code and self.city and self.country)


def parse_address(fields: dict[str, str]) -> tuple[dict[str, str | None], dict[str, str]]:
    """Street, postal code, city and country: all of them or none of the first three; the postal code as the country
    writes it."""
    values = {name: _text(fields, name) for name in ("street", "postal_code", "city")}
    errors = {name: "too_long" for name, value in values.items() if value and len(value) > LIMITS[name]}
    country = (fields.get("country") or "").strip().upper() or None
    if country is not None and country not in COUNTRIES:
        errors["country"] = "unknown_country"
    # A country alone is no address (it still tells which country a phone number is from); a part of one is refused.
    if any(values.values()):
        errors.update({name: "address_incomplete" for name, value in values.items() if not value})
        if not country:
            errors["country"] = "address_incomplete"
    values["country"] = country
    code, pattern = values["postal_code"], _POSTAL_CODES.get(country or "")
    if code and pattern and "postal_code" not in errors:
        code = code.upper()
        if not re.fullmatch(pattern, code):
            errors["postal_code"] = "bad_postal_code"
        values["postal_code"] = code
    return values, errors


def channel_refusal(channel: str, details: Details) -> str | None:
    """Why the chosen way to reach the debtor cannot work with these details, or None."""
    if channel == "email" and not details.email:
        return "channel_needs_email"
    if channel == "sms" and not details.phone:
        return "channel_needs_phone"
    if channel == "sms" and not is_mobile(details.phone):
        return "channel_needs_mobile"
    if channel == "letter" and not details.has_address:
        return "channel_needs_address"
    return None


def parse_details(fields: dict[str, str], *, region: str | None) -> tuple[Details | None, dict[str, str]]:
    """The debtor's whole form; `region` (a country code) reads phone numbers typed without +."""
    address, errors = parse_address(fields)
    email, email_error = parse_email(fields.get("email", ""))
    country = address["country"] if address["country"] in COUNTRIES else None
    phone, phone_error = parse_phone(fields.get("phone", ""), country or region)
    language, channel = fields.get("language", ""), fields.get("channel", "")
    for name, error in (("email", email_error), ("phone", phone_error)):
        if error:
            errors[name] = error
    if language not in LANGUAGES:
        errors["language"] = "choose_language"
    if channel not in CHANNELS:
        errors["channel"] = "choose_channel"
    if errors:
        return None, errors
    details = Details(
        email, phone, address["street"], address["postal_code"], address["city"], address["country"], language, channel
    )
    if refusal := channel_refusal(channel, details):
        return None, {"channel": refusal}
    return details, {}
