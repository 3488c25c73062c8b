"""Hexo/Liquid tags in Markdown bodies, rewritten as the Markdown they stand for.

``{% codeblock %}`` and ``{% highlight %}`` become fenced code, ``{% blockquote %}`` a quote,
``{% post_link %}`` its title or slug (a ``post:slug`` link when the library has that post:
see :data:`PostTitle`), ``{% asset_img %}`` and ``{% img %}`` an image; any other
tag disappears (its content, if it has any, stays), and so does ``<!--more-->``. Nothing inside
fenced code or inline code spans is touched.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from functools import partial
from typing import Final

from broadsheet.render.styles import lexer_for

_FENCE_RE: Final = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_OPEN_RE: Final = re.compile(
    r"^(?P<indent>[ \t]*)\{%-?\s*(?P<name>codeblock|highlight|blockquote)\b(?P<args>.*?)-?%\}"
)
_TAG_RE: Final = re.compile(r"\{%-?\s*(?P<name>\w+)(?P<args>.*?)-?%\}")
_CODE_SPAN_RE: Final = re.compile(r"(`+)(?:.+?)\1")
_MORE_RE: Final = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
_MD_SPECIAL_RE: Final = re.compile(r"([\\`*_\[\]<>#!|~])")
_LANG_RE: Final = re.compile(r"^[\w+#.-]+$")
_IMAGE_TAGS: Final = frozenset({"asset_img", "asset_image", "img", "image"})
_LINK_TAGS: Final = frozenset({"post_link", "asset_link"})

PostTitle = Callable[[str], str | None]
"""The title of the library's post with this slug (file name or title), None when it has none.

Given by the reader (the library resolves it); the renderer never looks anything up itself.
"""


def closes_fence(match: re.Match[str] | None, fence: str, line: str) -> bool:
    """Whether ``line`` (whose fence-pattern match is ``match``) closes the open ``fence``."""
    if match is None or match.group(1)[0] != fence[0]:
        return False
    return len(match.group(1)) >= len(fence) and not line.strip(" `~")


def looks_like_hexo(markdown: str) -> bool:
    """Whether the body was written for Hexo (a tag plugin or a ``<!--more-->`` mark):
    Hexo's renderer keeps single newlines as line breaks, CommonMark does not."""
    return _TAG_RE.search(markdown) is not None or _MORE_RE.search(markdown) is not None


def has_tags(markdown: str) -> bool:
    """Whether ``markdown`` holds anything :func:`expand_hexo` would change."""
    return "{%" in markdown or "<!--" in markdown


def _arguments(raw: str) -> list[str]:
    try:
        return shlex.split(raw)
    except ValueError:  # unbalanced quotes: plain words are still useful
        return raw.split()


def _escape(text: str) -> str:
    return _MD_SPECIAL_RE.sub(r"\\\1", text)


def _code_lang(name: str, args: list[str]) -> tuple[str, str]:
    """The language and the caption of a codeblock/highlight tag."""
    if name == "highlight":
        return (args[0] if args and _LANG_RE.match(args[0]) else ""), ""
    lang = ""
    caption: list[str] = []
    for arg in args:
        if arg.startswith("lang:"):
            lang = arg[5:]
        elif not arg.startswith(("http://", "https://")) and ":" not in arg:
            caption.append(arg)
    if not lang and len(caption) == 1 and lexer_for(caption[0]) is not None:
        return caption[0], ""
    return lang, " ".join(caption)


def _inline_tag(post_title: PostTitle | None, match: re.Match[str]) -> str:
    name = match.group("name")
    args = _arguments(match.group("args"))
    if name in _LINK_TAGS:
        if not args:
            return ""
        text = " ".join(args[1:]) if len(args) > 1 else args[0]
        title = post_title(args[0]) if post_title is not None and name == "post_link" else None
        if title is None:
            return _escape(text)
        shown = text if len(args) > 1 else title
        return f"[{_escape(shown)}](<post:{args[0].replace('>', '%3E')}>)"
    if name in _IMAGE_TAGS:
        words = [arg for arg in args if not arg.isdigit()]
        source_index = next(
            (i for i, arg in enumerate(words) if "/" in arg or "." in arg), 0 if words else -1
        )
        if source_index < 0:
            return ""
        source = words[source_index]
        alt = " ".join(words[source_index + 1 :])
        return f"![{_escape(alt)}](<{source.replace('>', '%3E')}>)"
    return ""


def _inline(line: str, post_title: PostTitle | None = None) -> str:
    """Rewrite the inline tags of one line, outside its code spans."""
    if "{%" not in line and "<!--" not in line:
        return line
    out: list[str] = []
    position = 0
    tag = partial(_inline_tag, post_title)
    for span in _CODE_SPAN_RE.finditer(line):
        out.append(_TAG_RE.sub(tag, _MORE_RE.sub("", line[position : span.start()])))
        out.append(span.group())
        position = span.end()
    out.append(_TAG_RE.sub(tag, _MORE_RE.sub("", line[position:])))
    return "".join(out)


def _fence_for(code: list[str]) -> str:
    longest = max((len(run) for line in code for run in re.findall(r"`{3,}", line)), default=2)
    return "`" * max(3, longest + 1)


def _block(name: str, indent: str, args: list[str], body: list[str]) -> list[str]:
    """The Markdown lines for a block tag and its content."""
    if name == "blockquote":
        link = next((arg for arg in args if arg.startswith(("http://", "https://"))), "")
        words = [arg for arg in args if arg != link]
        quoted = [f"{indent}> {line}" if line.strip() else f"{indent}>" for line in body]
        attribution = " ".join(words)
        if attribution or link:
            source = f" <{link}>" if link else ""
            quoted += [f"{indent}>", f"{indent}> — {_escape(attribution)}{source}".rstrip()]
        return quoted
    lang, caption = _code_lang(name, args)
    fence = _fence_for(body)
    lines = [f"{indent}*{_escape(caption)}*", ""] if caption else []
    return [*lines, f"{indent}{fence}{lang}", *body, f"{indent}{fence}"]


def expand_hexo(markdown: str, post_title: PostTitle | None = None) -> str:
    """``markdown`` with Hexo tag plugins replaced by plain Markdown.

    ``post_title`` turns a ``{% post_link %}`` to a post of the library into a link.
    """
    if not has_tags(markdown):
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    fence = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        fence_match = _FENCE_RE.match(line)
        if fence:
            out.append(line)
            if closes_fence(fence_match, fence, line):
                fence = ""
            continue
        if fence_match:
            fence = fence_match.group(1)
            out.append(line)
            continue
        opening = _OPEN_RE.match(line)
        if opening is None:
            out.append(_inline(line, post_title))
            continue
        name = opening.group("name")
        end_re = re.compile(r"\{%-?\s*end" + name + r"\s*-?%\}")
        body: list[str] = []
        rest = line[opening.end() :]
        while True:
            end = end_re.search(rest)
            if end is not None:
                if rest[: end.start()].strip():
                    body.append(rest[: end.start()])
                after = rest[end.end() :]
                break
            if rest.strip() or body:
                body.append(rest)
            if index >= len(lines):
                after = ""
                break
            rest = lines[index]
            index += 1
        if name == "blockquote":
            body = [_inline(part, post_title) for part in body]
        out.extend(_block(name, opening.group("indent"), _arguments(opening.group("args")), body))
        if after.strip():
            out.append(_inline(after, post_title))
    return "\n".join(out)
