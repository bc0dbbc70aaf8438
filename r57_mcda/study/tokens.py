"""Experts' personal links: issuing and rotating random tokens (kept only as SHA-256 hashes),
resolving a token to the expert it opens, and slowing down repeated bad tokens."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from sqlalchemy import select, update

from r57_mcda.errors import R57Error
from r57_mcda.study.db import Database
from r57_mcda.study.events import log_event
from r57_mcda.study.schema import TokenRow, utcnow
from r57_mcda.study.studies import read_study

#: Random bytes in a token: 256 bits (the design asks for at least 128).
TOKEN_BYTES = 32
#: The query parameter of a personal link that carries the token.
TOKEN_PARAMETER = "token"
#: What a token looks like (``secrets.token_urlsafe`` of 16 to 96 bytes); anything else is
#: refused before the database is asked.
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{22,128}")


@dataclass(frozen=True)
class ExpertLink:
    """One expert's personal link, for a mail merge (the only place the token is shown)."""

    expert_id: str
    name: str
    email: str
    url: str


@dataclass(frozen=True)
class ExpertAccess:
    """What a valid token opens: one expert's form in one study."""

    study_id: int
    expert_id: str


def token_hash(token: str) -> str:
    """The SHA-256 hex digest of ``token``: the only form in which a token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def well_formed(token: str) -> bool:
    """Whether ``token`` has the shape of a token this module issues."""
    return _TOKEN_SHAPE.fullmatch(token) is not None


def _checked_base(base_url: str) -> SplitResult:
    parts = urlsplit(base_url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise R57Error("tok_bad_base_url", url=base_url)
    return parts


def link_url(base_url: str, token: str) -> str:
    """``base_url`` with ``?token=<token>`` added (its other query parameters kept).

    Raises
    ------
    R57Error
        ``tok_bad_base_url`` when ``base_url`` is not an absolute http or https URL.
    """
    parts = _checked_base(base_url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in query if k != TOKEN_PARAMETER] + [(TOKEN_PARAMETER, token)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", urlencode(query), ""))


def issue_links(
    db: Database, study_id: int, *, base_url: str, experts: Sequence[str] | None = None
) -> list[ExpertLink]:
    """New personal links for ``experts`` (default: every expert of the study), in one
    transaction.

    An expert who already has an active link gets a new one and the old one is revoked at once
    (rotation). Each token is ``secrets.token_urlsafe(32)`` (256 random bits); only its SHA-256
    is stored. Each link is logged as a ``link_issued`` or ``link_rotated`` event (never with
    its token).

    Raises
    ------
    R57Error
        ``tok_bad_base_url`` (not an http/https URL), ``study_not_found``,
        ``study_no_such_expert`` (an unknown id in ``experts``).
    """
    _checked_base(base_url)  # before anything is written
    links: list[ExpertLink] = []
    with db.write() as session:
        study = read_study(session, study_id, db.shown_url)
        chosen = (
            list(study.experts)
            if experts is None
            else [study.expert(e) for e in dict.fromkeys(experts)]
        )
        now = utcnow()
        for expert in chosen:
            active = session.scalars(
                select(TokenRow.id).where(
                    TokenRow.study_id == study_id,
                    TokenRow.expert_id == expert.id,
                    TokenRow.revoked_at.is_(None),
                )
            ).all()
            if active:
                session.execute(
                    update(TokenRow).where(TokenRow.id.in_(active)).values(revoked_at=now)
                )
            token = secrets.token_urlsafe(TOKEN_BYTES)
            session.add(
                TokenRow(study_id=study_id, expert_id=expert.id, token_hash=token_hash(token))
            )
            log_event(
                session,
                study_id,
                "link_rotated" if active else "link_issued",
                expert_id=expert.id,
                details={"revoked": len(active)},
            )
            links.append(
                ExpertLink(expert.id, expert.name, expert.email, link_url(base_url, token))
            )
    return links


def resolve_token(db: Database, token: str) -> ExpertAccess | None:
    """The expert form ``token`` opens, or None for a malformed, unknown or revoked token.

    The lookup is by the token's hash, so the stored hashes are never compared with the token
    itself.
    """
    if not well_formed(token):
        return None
    with db.read() as session:
        row = session.execute(
            select(TokenRow.study_id, TokenRow.expert_id).where(
                TokenRow.token_hash == token_hash(token), TokenRow.revoked_at.is_(None)
            )
        ).first()
    return None if row is None else ExpertAccess(int(row[0]), str(row[1]))


def active_links(db: Database, study_id: int) -> set[str]:
    """The experts of the study who hold an active (not revoked) link."""
    with db.read() as session:
        return set(
            session.scalars(
                select(TokenRow.expert_id).where(
                    TokenRow.study_id == study_id, TokenRow.revoked_at.is_(None)
                )
            )
        )


class BadTokenThrottle:
    """How long to wait before answering a client that keeps presenting bad tokens.

    In memory and thread-safe. The first ``free`` failures within ``window`` seconds cost
    nothing; after that the delay starts at ``first`` seconds and doubles with each further
    failure, up to ``cap``. Failures older than ``window`` are forgotten. ``clock`` (seconds,
    monotonic) can be replaced in tests.
    """

    #: Failures remembered per client (enough to reach the cap).
    _KEPT = 64
    #: Clients remembered before stale ones are dropped.
    _CLIENTS = 10_000

    def __init__(
        self,
        *,
        free: int = 2,
        first: float = 0.5,
        cap: float = 8.0,
        window: float = 15 * 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.first, self.cap, self.window = free, first, cap, window
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float] | None:
        times = self._failures.get(key)
        if times is None:
            return None
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return None
        return times

    def failures(self, key: str) -> int:
        """The failures of ``key`` within the window."""
        with self._lock:
            times = self._recent(key, self._clock())
            return 0 if times is None else len(times)

    def delay(self, key: str) -> float:
        """Seconds to wait before answering ``key``, given its recent failures."""
        extra = self.failures(key) - self.free
        if extra < 0:
            return 0.0
        return float(min(self.cap, self.first * 2.0 ** min(extra, 32)))

    def failed(self, key: str) -> None:
        """Record a bad token from ``key``."""
        with self._lock:
            now = self._clock()
            if len(self._failures) >= self._CLIENTS:
                for other in list(self._failures):
                    self._recent(other, now)
            times = self._recent(key, now)
            if times is None:
                times = self._failures[key] = deque(maxlen=self._KEPT)
            times.append(now)

    def succeeded(self, key: str) -> None:
        """Forget the failures of ``key``."""
        with self._lock:
            self._failures.pop(key, None)


def links_csv(links: Sequence[ExpertLink]) -> bytes:
    """The links for a mail merge, ``id,name,email,url``: UTF-8 with a byte-order mark, so that
    Excel reads the Vietnamese names right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "name", "email", "url"])
    writer.writerows([link.expert_id, link.name, link.email, link.url] for link in links)
    return buffer.getvalue().encode("utf-8-sig")
