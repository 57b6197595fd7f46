"""Web pages: HTML to visible text.

The text keeps one line per block element, so the page chrome around the
report (下载 打印 收藏 【字号】, 来源, 相关报道...) ends up on lines of its own;
:mod:`govreport_nlp.reading.layout` finds the report body among them and records what
it drops.  The same body finder runs on plain text copied from a web page.
"""

from __future__ import annotations

import re

_HTML_START = re.compile(r"^\s*(<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.I)
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "head")


def looks_like_html(text: str) -> bool:
    return bool(_HTML_START.match(text[:1024]))


def html_to_text(html: str) -> str:
    import lxml.html
    from lxml import etree

    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)  # lxml refuses str with an encoding declaration
    root = lxml.html.document_fromstring(html)
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, with_tail=False)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() != "br":
                el.text = "\n" + (el.text or "")
    text = root.text_content()
    lines = [re.sub(r"[ \t\r\xa0]+", " ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)
