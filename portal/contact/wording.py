"""The sentences of the contact details page: labels, form errors, confirmations and the consent statement."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from portal.cases.references import display as display_reference
from portal.contact.consent import ConsentOffer
from portal.contact.details import display_phone, example_phone
from portal.i18n import N_, format_day, format_list, gettext

CHANNELS = {
    "email": N_("E-mail"),
    "sms": N_("Text message"),
    "letter": N_("Letter by post"),
}

COUNTRIES = {
    "EE": N_("Estonia"),
    "FI": N_("Finland"),
    "RO": N_("Romania"),
    "LV": N_("Latvia"),
    "LT": N_("Lithuania"),
    "SE": N_("Sweden"),
    "DE": N_("Germany"),
    "GB": N_("United Kingdom"),
}

ERRORS = {
    "too_long": N_("What you typed is too long. Please check it and try again."),
    "bad_email": N_("This does not look like an e-mail address, for example name@example.com."),
    "bad_phone": N_("This is not a phone number we can use. Please check it, for example %(example)s."),
    "unknown_country": N_("Please choose a country from the list."),
    "bad_postal_code": N_("This postal code does not fit the country you chose. Please check it."),
    "choose_language": N_("Please choose one of the languages."),
    "choose_channel": N_("Please choose how you want us to contact you."),
    "channel_needs_email": N_("To get messages by e-mail, please also give us your e-mail address."),
    "channel_needs_phone": N_("To get text messages, please also give us your mobile phone number."),
    "channel_needs_mobile": N_("Text messages need a mobile phone number. Please give one, or choose another way."),
    "channel_needs_address": N_("To get letters, please also give us your full postal address."),
}
ERROR_DEFAULT = N_("Please check what you typed.")
# A postal address is whole or absent: each missing part says what it needs.
INCOMPLETE = {
    "street": N_("Please write the street address too, or leave the whole postal address empty."),
    "postal_code": N_("Please write the postal code too, or leave the whole postal address empty."),
    "city": N_("Please write the city too, or leave the whole postal address empty."),
    "country": N_("Please choose the country too, or leave the whole postal address empty."),
}

SAVED = {
    "changed": N_("Thank you. Your details are saved."),
    "unchanged": N_("There was nothing to save: your details are the same as before."),
    "consent_ended": N_(
        "Thank you. Your details are saved. Your consent to get payment demands electronically named your old "
        "address, so it has ended. You can agree again below if you want."
    ),
}

CONSENT_NOTICES = {
    "given": N_("Thank you. Your consent is saved. You can withdraw it at any time on this page."),
    "withdrawn": N_("Your consent is withdrawn. From now on we send payment demands to you by letter."),
}

CONSENT_ERRORS = {
    "not_ticked": N_(
        "Nothing was saved because the box was not ticked. If you do not agree, you need not do anything: "
        "we send payment demands by letter."
    ),
    "nothing_to_agree": N_("There is nothing to agree to at the moment. Please check your details below."),
}

STATEMENTS = {
    "email": N_(
        "I agree to receive payment demands about my cases %(cases)s from %(agency)s by e-mail to %(address)s. "
        "My consent is valid until %(date)s, and I can withdraw it at any time."
    ),
    "sms": N_(
        "I agree to receive payment demands about my cases %(cases)s from %(agency)s by text message to "
        "%(address)s. My consent is valid until %(date)s, and I can withdraw it at any time."
    ),
}

GIVEN = {
    "email": N_("You agreed to get payment demands about cases %(cases)s by e-mail to %(address)s until %(date)s."),
    "sms": N_("You agreed to get payment demands about cases %(cases)s by text message to %(address)s until %(date)s."),
}


def _address(medium: str, address: str | None) -> str:
    return display_phone(address) if medium == "sms" else address or ""


def _cases(references: list[str] | tuple[str, ...]) -> str:
    return format_list([display_reference(reference) for reference in references])


def consent_statement(offer: ConsentOffer, agency: str) -> str:
    """The sentence the debtor ticks: medium, collector, claims and validity, as perintälaki 5 § asks."""
    return gettext(
        STATEMENTS[offer.medium],
        cases=_cases(offer.references),
        agency=agency,
        address=_address(offer.medium, offer.address),
        date=format_day(offer.valid_until),
    )


def consent_given(medium: str, address: str | None, references: list[str], valid_until: date) -> str:
    return gettext(
        GIVEN.get(medium, GIVEN["email"]),
        cases=_cases(references),
        address=_address(medium, address),
        date=format_day(valid_until),
    )


def consent_error(code: str) -> str:
    return gettext(CONSENT_ERRORS.get(code, ERROR_DEFAULT))


def consent_summary(medium: str, address: str | None, references: list[str], valid_until: date) -> str:
    """The console's one-line account of a consent."""
    return gettext(
        "%(medium)s to %(address)s until %(date)s, for cases %(cases)s",
        medium=gettext(CHANNELS.get(medium, CHANNELS["email"])),
        address=_address(medium, address),
        date=format_day(valid_until),
        cases=_cases(references),
    )


def error_messages(errors: Mapping[str, str], *, region: str | None) -> dict[str, str]:
    """Form field → the sentence saying what is wrong with it, in the reader's language."""
    values = {"example": example_phone(region)}
    sentences = {
        field: INCOMPLETE[field] if code == "address_incomplete" else ERRORS.get(code, ERROR_DEFAULT)
        for field, code in errors.items()
    }
    return {field: gettext(sentence, **values) for field, sentence in sentences.items()}


def notice(saved: str | None, consent: str | None) -> str | None:
    """The confirmation after a redirect; None for anything that is not one of ours."""
    if saved in SAVED:
        return gettext(SAVED[saved])
    if consent in CONSENT_NOTICES:
        return gettext(CONSENT_NOTICES[consent])
    return None
