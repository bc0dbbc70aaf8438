"""Signatures that tie a scoring workbook to its study, round and expert (HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets

#: Bytes of a study's signing secret (256 bits).
SECRET_BYTES = 32
#: Names what is signed, so that a signature made for something else never matches.
_PURPOSE = "r57-mcda scoring workbook v1"


def new_secret() -> bytes:
    """A fresh random signing secret for a study (:data:`SECRET_BYTES` bytes)."""
    return secrets.token_bytes(SECRET_BYTES)


def _message(study_id: int, round_no: int, expert_id: str) -> bytes:
    # JSON with sorted keys: one unambiguous byte string per (study, round, expert), whatever
    # characters the expert's id holds.
    payload = {"purpose": _PURPOSE, "study": study_id, "round": round_no, "expert": expert_id}
    return json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8")


def template_signature(secret: bytes, study_id: int, round_no: int, expert_id: str) -> str:
    """The hex HMAC-SHA256 of the workbook made for ``expert_id`` in round ``round_no``.

    Parameters
    ----------
    secret
        The study's signing secret (:func:`new_secret`).
    study_id, round_no, expert_id
        The values the workbook's hidden ``_meta`` sheet names.

    Returns
    -------
    str
        64 lowercase hexadecimal digits.
    """
    return hmac.new(secret, _message(study_id, round_no, expert_id), hashlib.sha256).hexdigest()


def signature_matches(
    secret: bytes, study_id: int, round_no: int, expert_id: str, signature: str
) -> bool:
    """Whether ``signature`` is the one :func:`template_signature` gives for these values.

    The comparison takes the same time wherever the strings differ (:func:`hmac.compare_digest`).
    """
    expected = template_signature(secret, study_id, round_no, expert_id)
    given = signature.strip().lower()
    if not given.isascii():
        return False
    return hmac.compare_digest(expected, given)
