"""Experts' personal links: random tokens stored only as hashes, rotation, resolving, and the
throttle of bad tokens."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from r57_mcda.errors import R57Error
from r57_mcda.study.db import Database
from r57_mcda.study.events import read_events
from r57_mcda.study.schema import EventRow, TokenRow
from r57_mcda.study.studies import load_study
from r57_mcda.study.tokens import (
    BadTokenThrottle,
    ExpertAccess,
    active_links,
    issue_links,
    link_url,
    resolve_token,
    token_hash,
)
from tests.helpers.databases import db_url as db_url_fixture  # noqa: F401
from tests.helpers.studies import sample_study

BASE = "https://panel.example.gov.vn/form"


def _token(url: str) -> str:
    return parse_qs(urlsplit(url).query)["token"][0]


def test_every_expert_gets_a_link_with_a_long_random_token(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    study = load_study(db, study_id)
    links = issue_links(db, study_id, base_url=BASE)
    assert [x.expert_id for x in links] == [e.id for e in study.experts]
    assert [x.name for x in links] == [e.name for e in study.experts]
    tokens = [_token(x.url) for x in links]
    assert len(set(tokens)) == len(tokens)
    for token in tokens:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        assert len(raw) * 8 >= 128
    assert all(x.url.startswith(BASE + "?token=") for x in links)
    first = study.experts[0].id
    assert resolve_token(db, tokens[0]) == ExpertAccess(study_id, first)
    assert active_links(db, study_id) == {e.id for e in study.experts}


def test_only_the_hash_is_stored_and_no_event_holds_the_token(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    links = issue_links(db, study_id, base_url=BASE)
    links += issue_links(db, study_id, base_url=BASE, experts=[links[0].expert_id])
    with db.read() as session:
        stored = [(r.token_hash, r.expert_id) for r in session.scalars(select(TokenRow))]
        events = [repr((e.kind, e.details)) for e in session.scalars(select(EventRow))]
    everything = repr(stored) + "".join(events)
    for link in links:
        token = _token(link.url)
        assert token not in everything
        assert (token_hash(token), link.expert_id) in stored
    with db.read() as session:
        kinds = [e.kind for e in read_events(session, study_id)]
    assert kinds.count("link_issued") == len(links) - 1
    assert kinds.count("link_rotated") == 1


def test_rotation_revokes_the_old_link_only(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    links = issue_links(db, study_id, base_url=BASE)
    first, second = links[0], links[1]
    (rotated,) = issue_links(db, study_id, base_url=BASE, experts=[first.expert_id])
    assert rotated.expert_id == first.expert_id
    assert _token(rotated.url) != _token(first.url)
    assert resolve_token(db, _token(first.url)) is None
    assert resolve_token(db, _token(rotated.url)) == ExpertAccess(study_id, first.expert_id)
    assert resolve_token(db, _token(second.url)) == ExpertAccess(study_id, second.expert_id)
    with db.read() as session:
        rows = session.scalars(select(TokenRow).where(TokenRow.expert_id == first.expert_id))
        revoked = sorted(r.revoked_at is not None for r in rows)
    assert revoked == [False, True]


def test_unknown_malformed_and_empty_tokens_open_nothing(db_url: str) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    token = _token(issue_links(db, study_id, base_url=BASE)[0].url)
    assert resolve_token(db, token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    for bad in ("", "short", token + "'; DROP TABLE tokens; --", "x" * 500, token_hash(token)):
        assert resolve_token(db, bad) is None
    assert resolve_token(db, token) is not None


def test_an_unknown_expert_or_bad_base_url_is_refused_and_nothing_is_stored(
    db_url: str,
) -> None:
    db = Database(db_url)
    study_id = sample_study(db)
    with pytest.raises(R57Error) as caught:
        issue_links(db, study_id, base_url=BASE, experts=["nobody"])
    assert caught.value.code == "study_no_such_expert"
    for bad in ("ftp://panel.example/", "panel.example.gov.vn", "javascript:alert(1)", ""):
        with pytest.raises(R57Error) as caught:
            issue_links(db, study_id, base_url=bad)
        assert caught.value.code == "tok_bad_base_url"
    assert active_links(db, study_id) == set()


def test_link_url_keeps_the_base_query_and_replaces_an_old_token() -> None:
    url = link_url("http://host:8501/app?lang=vi&token=old", "abc")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("http", "host:8501", "/app")
    assert parse_qs(parts.query) == {"lang": ["vi"], "token": ["abc"]}
    assert link_url("https://host", "abc") == "https://host/?token=abc"


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_delays_grow_to_a_cap_and_reset() -> None:
    clock = _Clock()
    throttle = BadTokenThrottle(clock=clock)
    delays = []
    for _ in range(9):
        delays.append(throttle.delay("10.0.0.1"))
        throttle.failed("10.0.0.1")
    assert delays == [0.0, 0.0, 0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0]
    assert throttle.delay("10.0.0.2") == 0.0
    throttle.succeeded("10.0.0.1")
    assert throttle.delay("10.0.0.1") == 0.0


def test_throttle_forgets_failures_older_than_its_window() -> None:
    clock = _Clock()
    throttle = BadTokenThrottle(clock=clock, window=900.0)
    for _ in range(4):
        throttle.failed("global")
    assert throttle.delay("global") == 2.0
    clock.now += 899.0
    throttle.failed("global")
    assert throttle.delay("global") == 4.0
    clock.now += 2.0
    assert throttle.failures("global") == 1
    assert throttle.delay("global") == 0.0
