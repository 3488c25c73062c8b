"""The search benchmark's queries: about 20 per class, from frequent to rare.

Words are taken from the generator's vocabulary across frequency ranks, so some match
most articles and some very few; each class ends with a planted term (see
``generate.py``) whose hit count is known exactly.
"""

from __future__ import annotations

from typing import Final

from vocab import EN_ADJECTIVES, EN_NOUNS, EN_VERBS


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


QUERY_SETS: Final[dict[str, tuple[str, ...]]] = {
    "english word": (
        *(EN_NOUNS[r] for r in (0, 3, 8, 15, 25, 40, 60, 90, 130, 180, 250, 330)),
        *(EN_VERBS[r] for r in (0, 10, 40, 100)),
        *(EN_ADJECTIVES[r] for r in (5, 50, 100)),
        "zyzzyva",
    ),
    "chinese 1 char": tuple("的了在中国人发工学网电水山花鱼茶雪龙熊蜂"),
    "chinese 2 chars": (
        *_split("我们 发展 工作 问题 经济 技术 教育 健康 城市 文化 数据 旅游 医院 音乐"),
        *_split("窗口 户籍 火锅 熊猫 溶洞 谜题"),
    ),
    "chinese 4-char phrase": (
        *_split("人工智能 乡村振兴 实事求是 全心全意 脚踏实地 日新月异 一目了然 千方百计"),
        *_split("一丝不苟 打草惊蛇 锦上添花 源远流长 春暖花开 美不胜收 深入浅出 未雨绸缪"),
        *_split("胸有成竹 纸上谈兵 围魏救赵 鲲鹏展翅"),
    ),
    "mixed chinese+english": (
        "Python 数据",
        "Docker 部署",
        "Linux 服务器",
        "API 接口",
        "GitHub 项目",
        "AI 发展",
        "JSON 文件",
        "Redis 缓存",
        "SQL 查询",
        "HTTP 网络",
        "Git 代码",
        "iPhone 手机",
        "Android 用户",
        "Windows 系统",
        "Kubernetes 集群",
        "React 组件",
        "Rust 性能",
        "asyncio 线程",
        "Markdown 文章",
        "Quokka 引擎",
    ),
    "with cat: filter": (
        "cat:新媒体 发展",
        "cat:新媒体/趣头条 工作",
        "cat:新媒体/趣头条/分类 问题",
        "cat:新媒体/公众号 文章",
        "cat:趣头条 社会",
        "cat:技术 数据",
        "cat:技术/Python Python",
        "cat:技术/数据库 SQL",
        "cat:Python 代码",
        "cat:生活 美食",
        "cat:生活/美食 火锅",
        "cat:财经 市场",
        "cat:教育 学生",
        "cat:旅行/云南 风景",
        "cat:体育 比赛",
        "cat:Reading book",
        "cat:Reading/Essays time",
        "cat:Programming/Python code",
        "cat:随笔 生活",
        "cat:钓鱼 的",
    ),
}
