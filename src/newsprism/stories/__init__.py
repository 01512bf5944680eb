"""Stories: which articles report the same event (grouping) and which are copies (dedup)."""

from newsprism.stories.dedup import NearDuplicateIndex
from newsprism.stories.grouping import Features, ScoreWeights, StoryGrouper, StoryItem, score_pair

__all__ = ["Features", "NearDuplicateIndex", "ScoreWeights", "StoryGrouper", "StoryItem", "score_pair"]
