"""Categories, tags and authors of the synthetic library, with Zipf-like popularity.

Everything here is fixed (not drawn from the generator's seed), so benchmark queries
such as ``cat:技术/Python`` are valid for every generated library.

Categories form a tree: a few large roots (新媒体, 技术, 生活 …), a long tail of small
ones, 1–3 levels deep. An article picks a root by Zipf weight, then with some
probability a child and a grandchild, each again by Zipf weight, so counts fall off
like a real blog's: thousands in ``新媒体/趣头条`` and a handful in ``钓鱼``.
"""

from __future__ import annotations

import random
from itertools import accumulate
from typing import Final

from vocab import EN_NOUNS, TECH_TERMS, ZH_IDIOMS, ZH_NOUNS, ZH_PLACES, words_of

CategoryPath = tuple[str, ...]

_BRANCHES: Final[tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]] = (
    # (root, children by popularity, grandchildren shared by the children by popularity)
    (
        "新媒体",
        ("趣头条", "今日头条", "公众号", "百家号", "网易号", "搜狐号", "澎湃号", "企鹅号"),
        ("分类", "热点", "社会", "本地", "财经", "娱乐", "原创", "科技"),
    ),
    (
        "技术",
        ("Python", "前端", "数据库", "运维", "Go", "Linux", "机器学习", "Rust", "安全", "算法"),
        ("入门", "实践", "进阶", "性能", "工具", "源码"),
    ),
    ("生活", ("美食", "家居", "育儿", "宠物", "健康", "理财"), ("家常菜", "经验", "随手记")),
    ("财经", ("股市", "基金", "楼市", "宏观", "公司"), ("快讯", "分析")),
    ("教育", ("高考", "考研", "留学", "职业教育", "家庭教育"), ("政策", "经验")),
    ("健康", ("养生", "医疗", "心理", "运动"), ()),
    ("旅行", ("云南", "四川", "西藏", "日本", "欧洲", "东南亚"), ("攻略", "游记")),
    ("体育", ("足球", "篮球", "跑步", "电竞"), ()),
    ("娱乐", ("电影", "综艺", "音乐", "明星"), ()),
    ("Reading", ("Essays", "Reviews", "Fiction", "Poetry", "History"), ()),
    ("科学", ("天文", "生物", "物理", "地理"), ()),
    ("文化", ("历史", "书法", "非遗", "民俗"), ()),
    ("Programming", ("Python", "Web", "Tools", "Databases", "Rust"), ("Notes", "Tutorials")),
    ("汽车", ("新能源", "评测", "用车"), ()),
    ("Travel", ("Asia", "Europe", "Americas"), ()),
    ("历史", ("古代", "近代", "人物"), ()),
    ("科技", ("手机", "数码", "互联网", "人工智能"), ()),
    ("Notes", ("Daily", "Links"), ()),
)

_TAIL_ROOTS: Final = words_of(
    "随笔 杂谈 摄影 读书笔记 园艺 音乐 电影 游戏 职场 法律 天文 考研 英语学习 日语 手工 "
    "绘画 书法 茶 咖啡 骑行 登山 钓鱼 Misc Photography Journal Cooking Gardening Music "
    "Film Games Running Cycling Linux Vim Emacs Writing Podcasts Maps Typography"
)

_ROOT_EXPONENT: Final = 1.1
_STOP_AT_ROOT: Final = 0.15
_STOP_AT_CHILD: Final = 0.5


def _zipf_weights(count: int, exponent: float = 1.0, offset: float = 1.0) -> list[float]:
    """Weights 1/(rank+offset)^exponent for ranks 0..count-1."""
    return [1.0 / (rank + offset) ** exponent for rank in range(count)]


def _category_paths() -> tuple[tuple[CategoryPath, ...], tuple[float, ...]]:
    """Every category path with the probability that an article gets it."""
    roots = [(root, children, grand) for root, children, grand in _BRANCHES]
    roots += [(name, (), ()) for name in _TAIL_ROOTS]
    root_weights = _zipf_weights(len(roots), _ROOT_EXPONENT)
    total = sum(root_weights)
    paths: list[CategoryPath] = []
    weights: list[float] = []
    for (root, children, grand), root_weight in zip(roots, root_weights, strict=True):
        p_root = root_weight / total
        if not children:
            paths.append((root,))
            weights.append(p_root)
            continue
        paths.append((root,))
        weights.append(p_root * _STOP_AT_ROOT)
        child_weights = _zipf_weights(len(children))
        child_total = sum(child_weights)
        for child, child_weight in zip(children, child_weights, strict=True):
            p_child = p_root * (1 - _STOP_AT_ROOT) * child_weight / child_total
            if not grand:
                paths.append((root, child))
                weights.append(p_child)
                continue
            paths.append((root, child))
            weights.append(p_child * _STOP_AT_CHILD)
            grand_weights = _zipf_weights(len(grand))
            grand_total = sum(grand_weights)
            for leaf, leaf_weight in zip(grand, grand_weights, strict=True):
                paths.append((root, child, leaf))
                weights.append(p_child * (1 - _STOP_AT_CHILD) * leaf_weight / grand_total)
    return tuple(paths), tuple(weights)


CATEGORY_PATHS, CATEGORY_WEIGHTS = _category_paths()
CATEGORY_CUM_WEIGHTS: Final = tuple(accumulate(CATEGORY_WEIGHTS))
TECH_ROOTS: Final = frozenset({"技术", "Programming", "科技", "Linux", "Vim", "Emacs"})
ENGLISH_ROOTS: Final = frozenset(
    {"Reading", "Programming", "Travel", "Notes", *(r for r in _TAIL_ROOTS if r.isascii())}
)


def _authors() -> tuple[str, ...]:
    """About 300 author names: media accounts first (they post most), then people."""
    rng = random.Random(20211124)
    media = words_of(
        "趣头条 今日头条 新华社 人民网 央视新闻 澎湃新闻 中国新闻网 环球时报 新京报 "
        "南方周末 界面新闻 36氪 少数派 虎嗅 极客公园 IT之家 知乎日报 丁香医生 果壳 "
        "三联生活周刊 中国青年报 光明网 科技日报 经济观察报 第一财经 每日经济新闻 "
        "修文县公安局 贵州日报 都市时报 春城晚报"
    )
    surname_list = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹")
    given_list = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华彩观石晨宇欣然")
    people: set[str] = set()
    while len(people) < 220:
        name = rng.choice(surname_list) + rng.choice(given_list)
        if rng.random() < 0.6:
            name += rng.choice(given_list)
        people.add(name)
    first = "Anna Ben Chloe David Emma Frank Grace Henry Iris Jack Kate Liam Maya Noah Olivia"
    last = "Smith Brown Chen Davies Evans Garcia Hughes Ito Jones Kim Lopez Miller Novak Wang"
    english: set[str] = set()
    while len(english) < 50:
        english.add(f"{rng.choice(first.split())} {rng.choice(last.split())}")
    # Sets iterate in hash order, which changes per process: sort before shuffling.
    shuffled = sorted(people)
    rng.shuffle(shuffled)
    return (*media, *shuffled, *sorted(english))


AUTHORS: Final = _authors()
AUTHOR_CUM_WEIGHTS: Final = tuple(accumulate(_zipf_weights(len(AUTHORS), 1.0, 2.0)))

TAGS: Final = tuple(
    dict.fromkeys(
        [
            *ZH_NOUNS[:400:3],
            *TECH_TERMS[:40],
            *ZH_IDIOMS[:30],
            *ZH_PLACES[:30],
            *(word.lower() for word in EN_NOUNS[100:300:4]),
        ]
    )
)
TAG_CUM_WEIGHTS: Final = tuple(accumulate(_zipf_weights(len(TAGS), 1.0, 3.0)))


def choose_category(rng: random.Random) -> CategoryPath:
    """One category path, drawn by popularity."""
    return rng.choices(CATEGORY_PATHS, cum_weights=CATEGORY_CUM_WEIGHTS)[0]


def choose_author(rng: random.Random) -> str:
    """One author, drawn by popularity (a few accounts write most articles)."""
    return rng.choices(AUTHORS, cum_weights=AUTHOR_CUM_WEIGHTS)[0]


def choose_tags(rng: random.Random) -> list[str]:
    """Zero to five distinct tags, drawn by popularity."""
    count = rng.choices((0, 1, 2, 3, 4, 5), weights=(20, 20, 25, 20, 10, 5))[0]
    return list(dict.fromkeys(rng.choices(TAGS, cum_weights=TAG_CUM_WEIGHTS, k=count)))
