"""Write the story decisions of many articles at once: a few multi-row statements, under the story lock.

``pipelines/stories.py`` decides in memory, article by article in storing order (so an article can join the story
a former article of the same batch started), and hands the decisions here. Member ids grow in that order: crawlers
sharing the database read new members by id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from newsbot.storage import models
from newsbot.storage.repository import dialect_insert

_ARTICLES = models.Article.__table__
_STORIES = models.Story.__table__


@dataclass(frozen=True)
class Decision:
    """An article's place: a story of the database (``story_id`` > 0) or the k-th new one of the batch (-k)."""

    article_id: int
    source_id: int
    story_id: int
    similarity: float | None
    matched_article_id: int | None
    scheme: str
    minhash: bytes | None
    sentences: bytes


def claim_url_keys(session: Session, wanted: dict[int, str]) -> set[int]:
    """Give each article (id -> key) its url key unless another row holds it; returns the ids that did not get it.

    Only callers holding the story lock set keys, so the check and the update do not race.
    """
    if not wanted:
        return set()
    lookup = select(_ARTICLES.c.url_key, _ARTICLES.c.id).where(_ARTICLES.c.url_key.in_(wanted.values()))
    holders: dict[str, int] = dict(session.execute(lookup).all())  # type: ignore[arg-type]
    granted, refused = [], set()
    for article_id, key in wanted.items():
        holder = holders.get(key)
        if holder is None:
            holders[key] = article_id  # a second article of the batch with this key finds it taken
            granted.append({"article": article_id, "key": key})
        elif holder != article_id:
            refused.add(article_id)
    if granted:
        session.execute(
            update(_ARTICLES).where(_ARTICLES.c.id == bindparam("article")).values(url_key=bindparam("key")),
            granted,
        )
    return refused


def write_decisions(
    session: Session, decisions: list[Decision], headlines: list[str], now: datetime
) -> tuple[int, dict[int, int]]:
    """Start the batch's new stories (``headlines[k - 1]`` for story -k), add every member, count joins and save
    the fingerprints; returns the newest member id and the ids the new stories got (-k -> id)."""
    joins = Counter(d.story_id for d in decisions if d.matched_article_id is not None)
    new_ids: dict[int, int] = {}
    if headlines:
        rows = [
            {"headline": headline, "first_seen_at": now, "member_count": 1 + joins.pop(-k, 0)}
            for k, headline in enumerate(headlines, start=1)
        ]
        inserted = session.execute(insert(_STORIES).returning(_STORIES.c.id, sort_by_parameter_order=True), rows)
        new_ids = {-k: story_id for k, (story_id,) in enumerate(inserted, start=1)}
    if joins:
        session.execute(
            update(_STORIES)
            .where(_STORIES.c.id == bindparam("story"))
            .values(member_count=_STORIES.c.member_count + bindparam("joined")),
            [{"story": story, "joined": n} for story, n in sorted(joins.items())],
        )
    session.execute(
        insert(models.StoryMember.__table__),
        [
            {
                "story_id": new_ids.get(d.story_id, d.story_id),
                "article_id": d.article_id,
                "source_id": d.source_id,
                "joined_at": now,
                "similarity": d.similarity,
                "matched_article_id": d.matched_article_id,
            }
            for d in decisions
        ],
    )
    save_signatures(session, ((d.article_id, d.scheme, d.minhash, d.sentences) for d in decisions))
    return session.execute(select(func.max(models.StoryMember.id))).scalar_one(), new_ids


def save_signatures(session: Session, fingerprints: Iterable[tuple[int, str, bytes | None, bytes]]) -> None:
    """Store (or replace) the fingerprints (article id, scheme, MinHash, sentence keys) articles are indexed with."""
    rows = [
        {"article_id": article_id, "scheme": scheme, "minhash": minhash, "sentences": sentences}
        for article_id, scheme, minhash, sentences in fingerprints
    ]
    if not rows:
        return
    table = models.StorySignature.__table__
    session.execute(delete(table).where(table.c.article_id.in_([r["article_id"] for r in rows])))
    session.execute(insert(table), rows)


# --- the shared index: band rows and sentence keys ------------------------------------------------------------

_BANDS = models.StoryBand.__table__
_SENTENCES = models.StorySentence.__table__
#: Keys per ``IN (...)`` list.
_CHUNK = 500


@dataclass(frozen=True)
class Candidate:
    """A story member sharing a band with a fingerprint being filed, with its stored MinHash signature."""

    member_id: int
    article_id: int
    story_id: int
    minhash: bytes


def as_signed(keys: np.ndarray) -> list[int]:
    """uint64 keys as the signed 64-bit integers a BIGINT column holds (the same bits)."""
    return keys.astype(np.uint64).view(np.int64).tolist()


def seen_sentences(session: Session, keys: np.ndarray) -> np.ndarray:
    """The keys among ``keys`` (uint64) some stored article ran already."""
    wanted = sorted(set(as_signed(keys)))
    found: list[int] = []
    for start in range(0, len(wanted), _CHUNK):
        lookup = select(_SENTENCES.c.sentence_key).where(_SENTENCES.c.sentence_key.in_(wanted[start : start + _CHUNK]))
        found.extend(session.scalars(lookup))
    return np.array(found, dtype=np.int64).view(np.uint64)


def band_candidates(
    session: Session, band_keys: np.ndarray, scheme: str, per_key: int, joined_since: datetime | None
) -> list[Candidate]:
    """The newest ``per_key`` members (made with ``scheme``, joined since ``joined_since``) in each band, in joining
    order."""
    members = models.StoryMember.__table__
    signatures = models.StorySignature.__table__
    keys = sorted(set(band_keys.astype(np.int64).tolist()))
    found: dict[int, Candidate] = {}
    for start in range(0, len(keys), _CHUNK):
        newest = func.row_number().over(partition_by=_BANDS.c.band_key, order_by=members.c.id.desc())
        ranked = (
            select(members.c.id, members.c.article_id, members.c.story_id, newest.label("rank"))
            .join(_BANDS, _BANDS.c.article_id == members.c.article_id)
            .where(_BANDS.c.band_key.in_(keys[start : start + _CHUNK]))
        )
        if joined_since is not None:
            ranked = ranked.where(members.c.joined_at >= joined_since)
        ranked = ranked.subquery()
        rows = session.execute(
            select(ranked.c.id, ranked.c.article_id, ranked.c.story_id, signatures.c.minhash)
            .join(signatures, signatures.c.article_id == ranked.c.article_id)
            .where(ranked.c.rank <= per_key, signatures.c.scheme == scheme, signatures.c.minhash.is_not(None))
        )
        for member_id, article_id, story_id, minhash in rows:
            found[member_id] = Candidate(member_id, article_id, story_id, minhash)
    return [found[member_id] for member_id in sorted(found)]


def save_index_rows(session: Session, bands: dict[int, np.ndarray], sentence_keys: np.ndarray) -> None:
    """Replace the band rows of the articles in ``bands`` (article id -> band keys) and add the sentence keys."""
    if bands:
        session.execute(delete(_BANDS).where(_BANDS.c.article_id.in_(list(bands))))
        rows = [
            {"band_key": key, "article_id": article_id}
            for article_id, keys in bands.items()
            for key in sorted(set(keys.astype(np.int64).tolist()))
        ]
        if rows:
            session.execute(insert(_BANDS), rows)
    if len(sentence_keys):
        dialect = session.get_bind().dialect.name
        new = [{"sentence_key": key} for key in sorted(set(as_signed(sentence_keys)))]
        for start in range(0, len(new), _CHUNK):
            session.execute(dialect_insert(dialect)(_SENTENCES).on_conflict_do_nothing(), new[start : start + _CHUNK])


def unbanded_signatures(
    session: Session, scheme: str, after_member: int, limit: int
) -> list[tuple[int, int, bytes | None, bytes]]:
    """(member id, article id, MinHash, sentence keys) of the story members after ``after_member`` made with
    ``scheme`` whose band rows are missing (stored before the index moved into the database), in joining order."""
    signatures = models.StorySignature.__table__
    members = models.StoryMember.__table__
    banded = select(_BANDS.c.article_id).where(_BANDS.c.article_id == signatures.c.article_id).exists()
    rows = session.execute(
        select(members.c.id, signatures.c.article_id, signatures.c.minhash, signatures.c.sentences)
        .join(members, members.c.article_id == signatures.c.article_id)
        .where(members.c.id > after_member, signatures.c.scheme == scheme, signatures.c.minhash.is_not(None), ~banded)
        .order_by(members.c.id)
        .limit(limit)
    )
    return [(member_id, article_id, minhash, sentences) for member_id, article_id, minhash, sentences in rows]


def members_of_other_schemes(session: Session, scheme: str, limit: int) -> list[tuple[int, str, str]]:
    """(article id, source name, body text) of story members whose fingerprint another scheme made (or none was
    saved), in joining order."""
    members = models.StoryMember.__table__
    signatures = models.StorySignature.__table__
    rows = session.execute(
        select(members.c.article_id, models.Source.name, _ARTICLES.c.body_text)
        .join(_ARTICLES, _ARTICLES.c.id == members.c.article_id)
        .join(models.Source, models.Source.id == _ARTICLES.c.source_id)
        .outerjoin(signatures, signatures.c.article_id == members.c.article_id)
        .where((signatures.c.scheme != scheme) | signatures.c.scheme.is_(None))
        .order_by(members.c.id)
        .limit(limit)
    )
    return [(article_id, source, text) for article_id, source, text in rows]
