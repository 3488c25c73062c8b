"""Hexo tag plugins become Markdown; other tags vanish; code stays untouched."""

from __future__ import annotations

from broadsheet.render.hexo import expand_hexo, looks_like_hexo


def test_codeblock_and_highlight_become_fences() -> None:
    source = (
        "{% codeblock lang:js %}\nvar a = 1;\n```\n{% endcodeblock %}\n"
        "{% highlight python %}\nprint(1)\n{% endhighlight %}"
    )
    assert expand_hexo(source) == "````js\nvar a = 1;\n```\n````\n```python\nprint(1)\n```"


def test_codeblock_with_a_caption() -> None:
    out = expand_hexo("{% codeblock Array.map %}\nx\n{% endcodeblock %}")
    assert out == "*Array.map*\n\n```\nx\n```"
    assert expand_hexo("{% codeblock go %}\nx\n{% endcodeblock %}") == "```go\nx\n```"
    out = expand_hexo("{% codeblock 数组 示例 lang:js %}\nx\n{% endcodeblock %}")
    assert out == "*数组 示例*\n\n```js\nx\n```"


def test_inline_tags() -> None:
    source = (
        "See {% post_link node-command-2 %} and {% post_link slug '标题 二' %}.\n"
        "{% asset_img diagram.png 架构图 %} {% img /a/b.png 300 200 说明 %}\n"
        "{% youtube abc %}gone<!--more-->"
    )
    assert expand_hexo(source) == (
        "See node-command-2 and 标题 二.\n![架构图](<diagram.png>) ![说明](</a/b.png>)\ngone"
    )


def test_blockquote_with_attribution() -> None:
    source = "{% blockquote 作者 https://example.com/x %}\n第一行\n\n第二行\n{% endblockquote %}"
    assert expand_hexo(source) == ("> 第一行\n>\n> 第二行\n>\n> — 作者 <https://example.com/x>")


def test_code_is_never_touched() -> None:
    source = "```\n{% post_link x %}\n```\nuse `{% post_link y %}` inline {% post_link z %}"
    assert expand_hexo(source) == "```\n{% post_link x %}\n```\nuse `{% post_link y %}` inline z"


def test_unclosed_codeblock_keeps_its_lines() -> None:
    assert expand_hexo("{% codeblock %}\nline 1\nline 2") == "```\nline 1\nline 2\n```"


def test_detection() -> None:
    assert looks_like_hexo("a\n<!-- more -->\nb")
    assert looks_like_hexo("{% post_link x %}")
    assert not looks_like_hexo("plain *markdown* with {{ shortcode }}")
