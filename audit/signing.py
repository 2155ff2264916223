"""Ed25519 keys for signing audit checkpoints.

Keys are given as base64 of the 32 raw key bytes (one line: easy to pass in an environment
variable) or in PEM. The private key signs (``AUDIT_CHECKPOINT_KEY``); verifying needs only
public keys: the private key's own, and those of earlier keys still trusted after a rotation
(``AUDIT_CHECKPOINT_TRUSTED_KEYS``), so that a verifier can run where the private key is not.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings


class KeyError_(ValueError):  # KeyError is a builtin with another meaning
    pass


def _raw(text: str, what: str) -> bytes | None:
    if text.lstrip().startswith("-----BEGIN"):
        return None
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyError_(f"{what}: neither PEM nor base64 ({exc})") from exc
    if len(raw) != 32:
        raise KeyError_(f"{what}: an Ed25519 key is 32 bytes, this one is {len(raw)}")
    return raw


def load_private_key(text: str) -> Ed25519PrivateKey:
    raw = _raw(text, "AUDIT_CHECKPOINT_KEY")
    if raw is not None:
        return Ed25519PrivateKey.from_private_bytes(raw)
    key = serialization.load_pem_private_key(text.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyError_("AUDIT_CHECKPOINT_KEY: not an Ed25519 private key")
    return key


def load_public_key(text: str) -> Ed25519PublicKey:
    raw = _raw(text, "AUDIT_CHECKPOINT_TRUSTED_KEYS")
    if raw is not None:
        return Ed25519PublicKey.from_public_bytes(raw)
    key = serialization.load_pem_public_key(text.encode())
    if not isinstance(key, Ed25519PublicKey):
        raise KeyError_("AUDIT_CHECKPOINT_TRUSTED_KEYS: not an Ed25519 public key")
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode()


def key_id(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


@functools.lru_cache(maxsize=4)
def _private(text: str) -> Ed25519PrivateKey:
    return load_private_key(text)


@functools.lru_cache(maxsize=4)
def _trusted(own: str, others: tuple[str, ...]) -> dict[str, Ed25519PublicKey]:
    keys = [_private(own).public_key(), *(load_public_key(text) for text in others)]
    return {key_id(key): key for key in keys}


def signing_key() -> Ed25519PrivateKey:
    return _private(settings.AUDIT_CHECKPOINT_KEY)


def trusted_keys() -> dict[str, Ed25519PublicKey]:
    return _trusted(settings.AUDIT_CHECKPOINT_KEY, tuple(settings.AUDIT_CHECKPOINT_TRUSTED_KEYS))


def sign(message: bytes) -> tuple[str, str]:
    """(key id, base64 signature)."""
    key = signing_key()
    return key_id(key.public_key()), base64.b64encode(key.sign(message)).decode()


def verify(message: bytes, *, key: str, signature: str) -> bool:
    public = trusted_keys().get(key)
    if public is None:
        return False
    try:
        public.verify(base64.b64decode(signature, validate=True), message)
    except (InvalidSignature, binascii.Error, ValueError):
        return False
    return True
