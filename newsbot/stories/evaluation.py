"""Score story decisions against a labelled set of article pairs (``tests/fixtures/dedupe/``).

The articles go through one ``StoryIndex`` in publication order, as a crawl would meet them; a pair is predicted
"same" when both end in one story. Precision and recall count the pairs labelled "same" as positives.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbot.stories.index import StoryIndex

#: Pairs a comparison of words cannot decide (a translation shares no words with its original): scored apart.
CROSS_LINGUAL = "translation"


@dataclass
class Score:
    """Counts of one set of pairs, and the pairs decided wrongly."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0
    true_negatives: int = 0
    wrong: list[dict[str, Any]] = field(default_factory=list)

    @property
    def pairs(self) -> int:
        return self.true_positives + self.false_positives + self.false_negatives + self.true_negatives

    @property
    def precision(self) -> float:
        predicted = self.true_positives + self.false_positives
        return self.true_positives / predicted if predicted else 1.0

    @property
    def recall(self) -> float:
        actual = self.true_positives + self.false_negatives
        return self.true_positives / actual if actual else 1.0

    def add(self, pair: dict[str, Any], predicted_same: bool) -> None:
        same = pair["label"] == "same"
        if predicted_same and same:
            self.true_positives += 1
        elif predicted_same:
            self.false_positives += 1
            self.wrong.append(pair)
        elif same:
            self.false_negatives += 1
            self.wrong.append(pair)
        else:
            self.true_negatives += 1


def load(folder: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(articles, pairs) of a labelled set: ``articles.json`` and ``pairs.json`` in ``folder``."""
    articles = json.loads((folder / "articles.json").read_text("utf-8"))["articles"]
    pairs = json.loads((folder / "pairs.json").read_text("utf-8"))["pairs"]
    return articles, pairs


def stories_of(articles: list[dict[str, Any]], threshold: float) -> dict[str, int]:
    """Story number of each article id, deciding in publication order with a fresh index."""
    index = StoryIndex(threshold)
    stories: dict[str, int] = {}
    for number, article in enumerate(sorted(articles, key=lambda a: (a["published"], a["id"]))):
        fingerprint = index.fingerprint(article["source"], article["body"])
        match = index.match(fingerprint)
        stories[article["id"]] = match.story_id if match else number
        index.add(number, stories[article["id"]], fingerprint)
    return stories


def evaluate(folder: Path, threshold: float) -> tuple[Score, Score, Counter[str]]:
    """(score of the pairs a word comparison can decide, score of the cross-lingual pairs, pairs per category)."""
    articles, pairs = load(folder)
    stories = stories_of(articles, threshold)
    lexical, cross_lingual = Score(), Score()
    for pair in pairs:
        score = cross_lingual if pair["category"] == CROSS_LINGUAL else lexical
        score.add(pair, stories[pair["a"]] == stories[pair["b"]])
    return lexical, cross_lingual, Counter(f"{p['category']}/{p['label']}" for p in pairs)
