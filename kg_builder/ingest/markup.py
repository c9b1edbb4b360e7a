"""Stray markup in article text: comments, script and style blocks, tags, entities.

Linear whatever the input: every pattern that runs over a whole text uses
possessive quantifiers (``*+``, ``++``), which never give back what they
matched, and no repetition can scan past the next "<" from a "<", so each
character is examined a bounded number of times; blocks and comments are
found with forward-only searches, never with ".*?" from every opening tag
(``bench/clean_linear.py`` measures it).
"""

from __future__ import annotations

import html
import re

__all__ = ["strip_markup"]

_HTML_TAGS = (
    "a abbr article aside b blockquote body br center cite code dd div dl dt em figcaption "
    "figure font footer form h1 h2 h3 h4 h5 h6 head header hr html i iframe img input ins "
    "label li link main mark meta nav noscript ol p picture pre q s section small source "
    "span strong sub sup table tbody td tfoot th thead time title tr u ul video"
).split()
# "< /p>" and "<br/>" occur in scraped text with stray blanks inside the brackets.
_TAG = re.compile(
    r"<\s*+/?\s*+(?:" + "|".join(_HTML_TAGS) + r")\b(?:\s++[^<>=]*+=[^<>]*+)?\s*+/?\s*+>",
    re.IGNORECASE,
)
_BLOCK_OPEN = re.compile(r"<\s*+(script|style)\b[^<>]*+>", re.IGNORECASE)
_BLOCK_CLOSE = {tag: re.compile(rf"<\s*+/\s*+{tag}\s*+>", re.IGNORECASE) for tag in ("script", "style")}
_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});")
# Invisible characters left by CMS editors; ZWNJ/ZWJ are kept (they matter in some scripts).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u3000\t\f\v]")


def _strip_comments(text: str) -> str:
    """Remove ``<!-- ... -->``; an unclosed comment is left as text (nothing after it can close it)."""
    if "<!--" not in text:
        return text
    out: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        out.append(text[pos:start])
        out.append(" ")
        pos = end + 3
    out.append(text[pos:])
    return "".join(out)


def _strip_blocks(text: str) -> str:
    """Remove ``<script>``/``<style>`` elements with their content, in one forward pass.

    An opening tag without its closing tag loses only the tag. Each closing
    tag search starts after the previous one's start and its result is
    remembered, so a text full of unclosed ``<script>`` tags is scanned once
    per tag name, not once per opening tag.
    """
    out: list[str] = []
    pos = 0
    # tag -> (searched from, closing match or None: no closing tag after that point)
    closes: dict[str, tuple[int, re.Match[str] | None]] = {}
    while (opening := _BLOCK_OPEN.search(text, pos)) is not None:
        tag = opening.group(1).lower()
        known = closes.get(tag)
        if (
            known is not None
            and known[0] <= opening.end()
            and (known[1] is None or known[1].start() >= opening.end())
        ):
            close = known[1]
        else:
            close = _BLOCK_CLOSE[tag].search(text, opening.end())
            closes[tag] = (opening.end(), close)
        out.append(text[pos : opening.start()])
        out.append(" ")
        pos = close.end() if close is not None else opening.end()
    out.append(text[pos:])
    return "".join(out)


def strip_markup(text: str) -> str:
    """Remove comments, script and style blocks, HTML tags and entities, invisible characters."""
    text = _strip_comments(text)
    if "<" in text:
        text = _strip_blocks(text)
    # Entities are decoded before tags are removed: "&lt;br&gt;" is a stray tag too.
    for _ in range(2):  # "&amp;nbsp;" is escaped twice
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    text = _TAG.sub(" ", text)
    return _SPACES.sub(" ", _INVISIBLE.sub("", text))
