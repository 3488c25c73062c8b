"""Front matter of a generated article: title, categories, author, date, tags, images."""

from __future__ import annotations

import email.utils
import math
import random
from datetime import UTC, datetime, timedelta, timezone
from typing import Final

import taxonomy
from sentences import EN_NOUN_MARK, ZH_NOUN_MARK, Pools, Topics, en_clause, title_case, zh_clause
from vocab import EN_ADJECTIVES, ZH_NOUNS

CST: Final = timezone(timedelta(hours=8))
FIRST_DATE: Final = datetime(2014, 1, 1, tzinfo=CST).timestamp()
LAST_DATE: Final = datetime(2025, 6, 30, tzinfo=CST).timestamp()


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: bare when that is safe, else single-quoted."""
    if (
        value
        and all(c.isalnum() or c in " .-+#" or ord(c) > 0x2FFF for c in value)
        and (
            value.lower() not in {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}
            and not value[0].isdigit()
            and value[0] not in " -"
            and value[-1] != " "
        )
    ):
        return value
    return "'" + value.replace("'", "''") + "'"


def date_line(rng: random.Random) -> tuple[str, datetime]:
    """A date string in one of the three forms, and the local time it means."""
    # More recent years hold more articles, as in a blog that grew.
    stamp = FIRST_DATE + (LAST_DATE - FIRST_DATE) * math.sqrt(rng.random())
    local = datetime.fromtimestamp(int(stamp), tz=CST)
    roll = rng.random()
    if roll < 0.45:
        return email.utils.format_datetime(local.astimezone(UTC), usegmt=True), local
    if roll < 0.8:
        return local.strftime("%Y-%m-%d %H:%M:%S"), local
    return local.isoformat(), local


def title(rng: random.Random, language: str, pools: Pools, topics: Topics) -> str:
    if language == "en":
        if rng.random() < 0.6:
            raw = " ".join(en_clause(rng).split()[:9])
        else:
            raw = f"notes on the {rng.choice(EN_ADJECTIVES[:80])} {EN_NOUN_MARK}"
        return title_case(topics.fill_text(rng, raw))
    return topics.fill_text(rng, zh_title(rng, language, pools))


def zh_title(rng: random.Random, language: str, pools: Pools) -> str:
    roll = rng.random()
    if roll < 0.5:
        return zh_clause(rng, mixed=language == "mixed")[:28]
    if roll < 0.7:
        return f"{pools.idioms(rng)}：{zh_clause(rng)[:20]}"
    if roll < 0.85:
        size = rng.choice(("小", "大", "新"))
        return f"坚守{rng.choice(ZH_NOUNS[:100])}“{size}{ZH_NOUN_MARK}” {zh_clause(rng)[:12]}"
    return zh_clause(rng)[:18] + rng.choice(("？", "！", "", ""))


def front_matter(rng: random.Random, title: str, category: tuple[str, ...], date: str) -> str:
    lines = ["---", f"title: {yaml_scalar(title) if rng.random() < 0.3 else quoted(title)}"]
    if len(category) == 1 and rng.random() < 0.3:
        lines.append(f"categories: {yaml_scalar(category[0])}")
    else:
        # The reference writes "categories: " with a trailing space and " - " items.
        indent = " " if rng.random() < 0.75 else ""
        lines.append("categories: " if indent else "categories:")
        lines += [f"{indent}- {yaml_scalar(name)}" for name in category]
    image = (
        f"'https://picsum.photos/400/300?random={rng.randrange(10_000)}'"
        if rng.random() < 0.6
        else None
    )
    if image:
        lines.append(f"headimg: {image}")
    lines.append(f"author: {yaml_scalar(taxonomy.choose_author(rng))}")
    lines.append(f"comments: {'false' if rng.random() < 0.7 else 'true'}")
    lines.append(f"date: {date}")
    if image:
        lines.append(f"thumbnail: {image}")
    tags = taxonomy.choose_tags(rng)
    if len(tags) == 1 and rng.random() < 0.5:
        lines.append(f"tags: {yaml_scalar(tags[0])}")
    elif tags and rng.random() < 0.3:
        lines.append(f"tags: [{', '.join(yaml_scalar(t) for t in tags)}]")
    elif tags:
        lines.append("tags:")
        lines += [f" - {yaml_scalar(t)}" for t in tags]
    lines.append("---")
    return "\n".join(lines) + "\n"


def quoted(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"
