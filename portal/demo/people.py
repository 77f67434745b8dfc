"""The demo world: creditors, debtors and cases in every stage of all three countries.

Dates are given as days before `today`, so the demo always shows upcoming next steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoCreditor:
    key: str
    name: str
    country: str
    registry_code: str
    currency: str
    reference_scheme: str
    company_second_factor: str
    phone: str
    email: str
    website: str
    accounts: tuple[tuple[str, str, str], ...]  # (IBAN, BIC, bank)


@dataclass(frozen=True)
class DemoDebtor:
    key: str
    kind: str
    name: str
    country: str
    national_id: str
    language: str
    email: str | None = None
    phone: str | None = None
    address: tuple[str, str, str] = ("", "", "")  # street, postal code, city


@dataclass(frozen=True)
class DemoInvoice:
    description: str
    number: str
    amount_minor: int
    due_days_ago: int


@dataclass(frozen=True)
class DemoCase:
    debtor: str
    creditor: str
    stage: str
    creditor_reference: str
    invoices: tuple[DemoInvoice, ...]
    stage_days_ago: int
    events: tuple[tuple[str, int], ...] = ()
    payments: tuple[tuple[int, int], ...] = ()  # (amount_minor, days ago)
    reminder_fee_minor: int = 0
    collection_cost_minor: int = 0
    with_interest: bool = True
    is_consumer: bool = True
    original_creditor: str | None = None
    assigned_days_ago: int | None = None
    register_notice_days_ago: int | None = None
    closed: bool = False
    documents: tuple[tuple[str, str, int], ...] = field(default=())  # (kind, title, days ago)


CREDITORS = (
    DemoCreditor(
        "pohjavalgus",
        "Põhjavalgus Energia AS",
        "EE",
        "12345603",
        "EUR",
        "ee_731",
        "registry_code",
        "+372 600 2000",
        "arved@pohjavalgus.example",
        "pohjavalgus.example",
        (("EE382200221020145685", "HABAEE2X", "Swedbank AS"),),
    ),
    DemoCreditor(
        "kiirlaen",
        "Tallinna Kiirlaen OÜ",
        "EE",
        "10987606",
        "EUR",
        "ee_731",
        "invoice_number",
        "+372 600 3000",
        "info@kiirlaen.example",
        "kiirlaen.example",
        (("EE411010220113232045", "EEUHEE2X", "AS SEB Pank"),),
    ),
    DemoCreditor(
        "revontuli",
        "Revontuli Telecom Oy",
        "FI",
        "1572860-0",
        "EUR",
        "fi_viite",
        "invoice_number",
        "+358 9 4200 1000",
        "laskut@revontuli.example",
        "revontuli.example",
        (("FI2112345600000785", "NDEAFIHH", "Nordea Bank Oyj"),),
    ),
    DemoCreditor(
        "lumo",
        "Lumo Vuokrakodit Oy",
        "FI",
        "2331972-7",
        "EUR",
        "rf",
        "invoice_number",
        "+358 9 4200 2000",
        "vuokrat@lumo.example",
        "lumo.example",
        (("FI3940050010015030", "OKOYFIHH", "OP Osuuspankki"),),
    ),
    DemoCreditor(
        "carpati",
        "Carpați Credit IFN S.A.",
        "RO",
        "18371222",
        "RON",
        "ro_creditor",
        "invoice_number",
        "+40 21 300 1000",
        "clienti@carpati.example",
        "carpati.example",
        (("RO72RNCB0082044325420001", "RNCBROBU", "Banca Comercială Română"),),
    ),
    DemoCreditor(
        "dunarea",
        "Dunărea Utilități S.R.L.",
        "RO",
        "36057180",
        "RON",
        "ro_creditor",
        "registry_code",
        "+40 21 300 2000",
        "facturi@dunarea.example",
        "dunarea.example",
        (("RO17BTRL01301202V12345XX", "BTRLRO22", "Banca Transilvania"),),
    ),
)

DEBTORS = (
    DemoDebtor(
        "mari",
        "person",
        "Mari Tamm",
        "EE",
        "48503120222",
        "et",
        "mari.tamm@example.ee",
        "+372 5123 4567",
        ("Pärnu mnt 12-5", "10148", "Tallinn"),
    ),
    DemoDebtor(
        "saar",
        "company",
        "Saar & Partnerid OÜ",
        "EE",
        "10987705",
        "et",
        "juhatus@saar.example",
        "+372 5234 5678",
        ("Tartu mnt 40", "10115", "Tallinn"),
    ),
    DemoDebtor(
        "john",
        "person",
        "John Smith",
        "EE",
        "37906214211",
        "en",
        "john.smith@example.com",
        "+372 5345 6789",
        ("Kalamaja 3", "10415", "Tallinn"),
    ),
    DemoDebtor(
        "matti",
        "person",
        "Matti Virtanen",
        "FI",
        "120380-123S",
        "fi",
        "matti.virtanen@example.fi",
        "+358 40 123 4567",
        ("Hämeentie 15 B 12", "00500", "Helsinki"),
    ),
    DemoDebtor(
        "ioana",
        "person",
        "Ioana Popescu",
        "RO",
        "2900512401238",
        "ro",
        "ioana.popescu@example.ro",
        "+40 722 123 456",
        ("Str. Mihai Eminescu 10, ap. 4", "020079", "București"),
    ),
    DemoDebtor(
        "andrei",
        "person",
        "Andrei Ionescu",
        "RO",
        "1960103400121",
        "ro",
        None,
        "+40 733 987 654",
        ("Bd. Ștefan cel Mare 5", "700064", "Iași"),
    ),
)
