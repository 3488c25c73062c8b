"""Fixtures shared by every test: private XDG/broadsheet folders and a small library.

Every test runs with ``BROADSHEET_CACHE_DIR``, ``BROADSHEET_DATA_DIR``,
``BROADSHEET_CONFIG_DIR`` and ``BROADSHEET_STATE_DIR`` (and the XDG base folders) pointed
inside its own ``tmp_path``, so no test reads or writes the real user's index, reading
state, configuration or log.

``library_dir`` is a folder of articles built in ``tmp_path``: Chinese and English
articles, nested categories, YAML and TOML front matter, HTML and Markdown bodies,
fixed dates. ``LIBRARY_TITLES`` names them so tests need not repeat the strings.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pytest
from hypothesis import settings

# Property tests run the same examples on every run (CI must not be a lottery); set
# BROADSHEET_EXAMPLES=N for a soak with fresh random examples.
settings.register_profile("suite", derandomize=True, deadline=None)
settings.register_profile("soak", derandomize=False, deadline=None)
settings.load_profile("soak" if os.environ.get("BROADSHEET_EXAMPLES") else "suite")

REPO_ROOT: Final = Path(__file__).resolve().parent.parent
REFERENCE_ARTICLE: Final = REPO_ROOT / "articles" / "000_c4cd4a57b93743cd.md"
REFERENCE_TITLE: Final = "坚守户籍_小窗口_ 诠释为民_大情怀_"

ZH_TECH_TITLE: Final = "深度学习入门：从零开始"
EN_RUST_TITLE: Final = "Announcing Rust 1.0"
ZH_NOTICE_TITLE: Final = "春节假期安排通知"
LONG_TITLE: Final = (
    "这是一个非常非常长的中文标题用来测试列表的截断与对齐是否正确无误而且绝对不会溢出到下一列"
)
UNDATED_TITLE: Final = "Notes without a category"
TOML_TITLE: Final = "Textual in the terminal"

LIBRARY_TITLES: Final = (
    REFERENCE_TITLE,
    ZH_TECH_TITLE,
    EN_RUST_TITLE,
    ZH_NOTICE_TITLE,
    LONG_TITLE,
    UNDATED_TITLE,
    TOML_TITLE,
)
"""Every title in ``library_dir``."""

_ZH_TECH = """---
title: 深度学习入门：从零开始
date: 2022-03-01 10:00:00
author: 张三
categories:
  - 技术
  - 机器学习
tags:
  - ai
  - python
---
深度学习是机器学习的一个分支。本文介绍神经网络的基本概念，并用 Python 写一个小例子。

## 第一章 神经网络

神经网络由许多神经元组成。每个神经元接收输入，计算加权和，再经过激活函数输出。
更多资料见 [官方教程](https://example.com/tutorial) 与 [联系作者](mailto:zhang@example.com)。

## 第二章 训练

训练就是不断调整权重，让损失函数变小。常用的方法是梯度下降。
不要点击 [这个链接](javascript:alert(1))，数据在 [下载](ftp://example.com/data.zip)。

### 2.1 学习率

学习率太大不收敛，太小又太慢。

## 第三章 总结

深度学习需要大量数据和计算。祝学习愉快！
"""

_EN_RUST_PARAGRAPH = (
    "Rust is a systems programming language focused on safety, speed and concurrency. "
    "It accomplishes these goals without a garbage collector, which makes it useful for "
    "embedding in other languages and for writing low-level code."
)

_EN_RUST = (
    """---
title: Announcing Rust 1.0
date: 2015-05-15 08:00:00
author: The Rust Core Team
categories:
  - Tech
  - Rust
tags:
  - release
---
Today we are very proud to announce the **1.0 release of Rust**. See the
[release notes](https://www.rust-lang.org/) for details.

## What is stable

"""
    + "\n\n".join(f"{_EN_RUST_PARAGRAPH} (part {n})" for n in range(1, 16))
    + """

## The road ahead

"""
    + "\n\n".join(f"{_EN_RUST_PARAGRAPH} (later {n})" for n in range(1, 16))
    + "\n\nThe final word of this article is zebra.\n"
)

_ZH_NOTICE = """---
title: 春节假期安排通知
date: 2023-01-10 09:30:00
author: 办公室
categories:
  - 新媒体
  - 公告
---
<div><p>根据国务院办公厅通知，春节假期为1月21日至27日，共7天。</p>
<p>请各部门做好<strong>值班安排</strong>，确保假期安全。户籍窗口照常办公。</p>
<p>详情请见<a href="https://example.org/notice">通知原文</a>。</p></div>
"""

_LONG = f"""---
title: {LONG_TITLE}
date: 2020-06-01 12:00:00
author: 一位名字非常长的作者先生
categories:
  - 新媒体
  - 趣头条
---
<p>这篇文章的标题很长，用来测试截断。</p>
"""

_UNDATED = """---
title: Notes without a category
author: Anonymous
---
Some loose notes. Nothing to see here, except the word lighthouse.
"""

_TOML = """+++
title = "Textual in the terminal"
date = 2024-02-02T14:00:00Z
author = "Will"
categories = ["Tech"]
tags = ["python", "tui"]
+++
Textual builds user interfaces that run in the terminal.

It draws only what changed, which keeps it fast.
"""


PAST_NS = 1_600_000_000 * 10**9
"""A modification time long before the test: a folder given it is not "changed just now"."""


def age_folders(root: Path) -> None:
    """Give every folder an old modification time, as a library that has sat for a while."""
    for folder, _, _ in os.walk(root):
        os.utime(folder, ns=(PAST_NS, PAST_NS))


def write_article(path: Path, title: str, body: str | None = None) -> None:
    """A small article (its folders made), whose body names its title."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = f"body of {title}" if body is None else body
    path.write_text(f"---\ntitle: {title}\n---\n{text}\n", encoding="utf-8")


def make_library(root: Path) -> Path:
    """Write the small test library into ``root`` (created) and return it."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(REFERENCE_ARTICLE, root / REFERENCE_ARTICLE.name)
    # The repository's copy is read-only; tests may touch their copy.
    (root / REFERENCE_ARTICLE.name).chmod(0o644)
    (root / "tech").mkdir(exist_ok=True)
    (root / "tech" / "deep-learning.md").write_text(_ZH_TECH, encoding="utf-8")
    (root / "tech" / "rust-1.0.md").write_text(_EN_RUST, encoding="utf-8")
    (root / "tech" / "textual.md").write_text(_TOML, encoding="utf-8")
    (root / "news").mkdir(exist_ok=True)
    (root / "news" / "spring-festival.md").write_text(_ZH_NOTICE, encoding="utf-8")
    (root / "news" / "long-title.md").write_text(_LONG, encoding="utf-8")
    (root / "notes.md").write_text(_UNDATED, encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point every broadsheet and XDG folder inside ``tmp_path`` for the test."""
    home = tmp_path / "home"
    for variable, folder in (
        ("BROADSHEET_CACHE_DIR", home / "cache" / "broadsheet"),
        ("BROADSHEET_DATA_DIR", home / "data" / "broadsheet"),
        ("BROADSHEET_CONFIG_DIR", home / "config" / "broadsheet"),
        ("BROADSHEET_STATE_DIR", home / "state" / "broadsheet"),
        ("XDG_CACHE_HOME", home / "cache"),
        ("XDG_DATA_HOME", home / "data"),
        ("XDG_CONFIG_HOME", home / "config"),
        ("XDG_STATE_HOME", home / "state"),
    ):
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.delenv("BROADSHEET_LIBRARY", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    yield home


@pytest.fixture
def library_dir(tmp_path: Path) -> Path:
    """A small library folder (see :func:`make_library`) inside ``tmp_path``."""
    return make_library(tmp_path / "library")
