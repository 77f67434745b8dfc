"""The secrets behind sign-in links and printed codes, and how they are hashed for storage."""

from __future__ import annotations

import hashlib
import hmac
import secrets

# Crockford's base32 without I, L, O, U: nothing a person can misread when typing from paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 50 bits; stored as a keyed HMAC because it is shorter than 112 bits (ASVS 6.5.2)
TOKEN_BYTES = 16  # 128 bits, 22 URL-safe characters: short enough for an SMS


def new_link_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(typed: str) -> str:
    cleaned = typed.upper().replace("-", "").replace(" ", "")
    return cleaned.translate(str.maketrans("OIL", "011"))


def format_code(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def code_hmac(key: str, reference: str, code: str) -> str:
    message = f"{reference}:{normalize_code(code)}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()


def subject_key(kind: str, value: str) -> str:
    """What attempts are counted against: a hash, so the attempts table never holds a secret."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()
