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

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from newsbot.storage import models

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
