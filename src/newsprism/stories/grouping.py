from dataclasses import dataclass, field


@dataclass
class StoryItem:
    article_id: str
    title: str
    text: str
    published: str | None = None
    outlet: str = ""
    entities: list[tuple[str, str]] = field(default_factory=list)


class StoryGrouper:
    pass
