"""Text helpers shared by the readers: normalisation and HTML to plain text.

:func:`html_to_text` uses only the standard library's :mod:`html.parser`. It keeps what
a reader of the page reads (headline, byline, paragraphs, captions) and drops what they
don't: scripts, styles, navigation, footers, asides, forms, and blocks whose class or id
names them as page furniture (sidebars, "related", share buttons, newsletters). Block
elements become paragraph breaks, ``<br>`` a line break, entities are unescaped. The
publication-date signals of the page (``<meta>``, ``<time datetime>``, JSON-LD) are kept
aside for :mod:`geo.read.articles`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["HtmlPage", "html_to_text", "normalize_text", "declared_charset"]

#: Elements whose whole content is dropped.
DROPPED_TAGS = frozenset({
    "script", "style", "noscript", "nav", "footer", "aside", "template", "svg", "iframe",
    "form", "button", "select", "textarea", "object", "canvas", "head", "menu", "dialog",
})
#: Class/id words that mark page furniture ("related-articles", "share_bar", "sidebar").
FURNITURE_WORDS = frozenset({
    "sidebar", "related", "newsletter", "cookie", "cookies", "advert", "advertisement",
    "ad", "ads", "promo", "share", "sharing", "social", "comments", "comment",
    "breadcrumb", "breadcrumbs", "subscribe", "popular", "recommended", "outbrain", "taboola",
})
#: Elements dropped when their class/id is furniture; never <body>, <main> or <article>,
#: whose class words ("article share-enabled") say nothing about their own content.
FURNITURE_CONTAINERS = frozenset({"div", "section", "ul", "ol", "li", "span", "p", "figure", "table", "header"})
BLOCK_TAGS = frozenset({
    "address", "article", "blockquote", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr",
    "li", "main", "ol", "p", "pre", "section", "summary", "table", "tr", "ul", "caption",
    "body", "html", "title",
})
# A <time> marked as the last update, not the publication: itemprop="dateModified", class="updated".
_UPDATE_MARK = re.compile(r"modif|updat", re.IGNORECASE)


def _is_update_mark(marks: str) -> bool:
    # WordPress marks an article never updated "entry-date published updated": published wins.
    return bool(_UPDATE_MARK.search(marks)) and "publish" not in marks.lower()


_SPACE_CHARS = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\ufeff": ""}


@dataclass(frozen=True)
class HtmlPage:
    """What :func:`html_to_text` keeps of a page.

    Attributes
    ----------
    text : str
        The readable text, paragraphs separated by blank lines.
    title : str | None
        ``og:title``, else ``<title>``, else the first ``<h1>``.
    meta : tuple[tuple[str, str], ...]
        ``(key, content)`` of every ``<meta>`` and ``itemprop`` element with content, key
        lower-cased from ``property``, ``name`` or ``itemprop``; document order.
    times : tuple[str, ...]
        ``datetime`` attributes of ``<time>`` elements outside dropped furniture, photo
        captions (``<figcaption>``) and the site's own ``<header>`` (one outside
        ``<article>``/``<main>``, where a site prints the day it is viewed), and not marked
        as an update (``itemprop="dateModified"``, a class saying updated/modified).
    json_ld : tuple[str, ...]
        Bodies of ``<script type="application/ld+json">``.
    canonical : str | None
        ``href`` of the first ``<link rel="canonical">``: the page's own address.
    """

    text: str
    title: str | None = None
    meta: tuple[tuple[str, str], ...] = ()
    times: tuple[str, ...] = ()
    json_ld: tuple[str, ...] = ()
    canonical: str | None = None

    def meta_value(self, *keys: str) -> str | None:
        """Content of the first ``<meta>`` whose key is one of ``keys`` (in ``keys`` order)."""
        found = dict(reversed(self.meta))
        for key in keys:
            if found.get(key):
                return found[key]
        return None


def normalize_text(text: str) -> str:
    """Line ends to ``\\n``, no-break and thin spaces to spaces, BOMs removed, Unicode NFC.

    Character content is otherwise kept: letters, quotes and dashes are untouched.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for char, repl in _SPACE_CHARS.items():
        text = text.replace(char, repl)
    return unicodedata.normalize("NFC", text)


def declared_charset(raw: bytes) -> str | None:
    """The charset an HTML document declares in its first 4 KB (``<meta charset>``), if any."""
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", raw[:4096], re.IGNORECASE)
    return m.group(1).decode("ascii").lower() if m else None


class _TextParser(HTMLParser):
    def __init__(self, *, keep_furniture: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: list[tuple[str, str]] = []
        self.canonical: str | None = None
        self.times: list[str] = []
        self.json_ld: list[str] = []
        self.title_parts: list[str] = []
        self.h1_parts: list[str] = []
        self._dropped: list[list] = []   # [tag, nesting depth, by class] of the open dropped element
        self.furniture_chars = 0         # text dropped because of a class/id, not a tag
        self.keep_furniture = keep_furniture
        self._in_title = self._in_h1 = self._in_json_ld = False
        self._pre = 0
        # Open elements that say what a <time> inside them is.
        self._open = {"figcaption": 0, "article": 0, "main": 0, "header": 0}

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        self._collect_signals(tag, attrs)
        # The title and JSON-LD live in <head>, which is otherwise dropped.
        if tag == "title":
            self._in_title = True
        if tag == "script" and "ld+json" in attrs.get("type", "").lower():
            self._in_json_ld = True
        if self._dropped:
            if tag == self._dropped[-1][0]:
                self._dropped[-1][1] += 1
            return
        if tag == "title":
            return
        by_class = not self.keep_furniture and tag in FURNITURE_CONTAINERS and self._is_furniture(attrs)
        if tag in DROPPED_TAGS or by_class:
            self._dropped.append([tag, 1, by_class])
            return
        if tag in self._open:
            self._open[tag] += 1
        if tag == "br":
            self.parts.append("\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        if tag == "pre":
            self._pre += 1
        if tag == "h1" and not self.h1_parts:
            self._in_h1 = True

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag == "script":
            self._in_json_ld = False
        if self._dropped:
            if tag == self._dropped[-1][0]:
                self._dropped[-1][1] -= 1
                if self._dropped[-1][1] == 0:
                    self._dropped.pop()
            return
        if tag in BLOCK_TAGS:
            self.parts.append("\n\n")
        if self._open.get(tag):
            self._open[tag] -= 1
        if tag == "pre" and self._pre:
            self._pre -= 1
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld.append(data)
        if self._in_title:
            self.title_parts.append(data)
            return
        if self._dropped:
            if self._dropped[0][2]:
                self.furniture_chars += len(data.strip())
            return
        if self._in_h1:
            self.h1_parts.append(data)
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))

    def _collect_signals(self, tag, attrs):
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").strip().lower()
        content = attrs.get("content") or (attrs.get("datetime") if attrs.get("itemprop") else "")
        if key and content:
            self.meta.append((key, content.strip()))
        if tag == "link" and self.canonical is None and "canonical" in attrs.get("rel", "").lower().split() \
                and attrs.get("href", "").strip():
            self.canonical = attrs["href"].strip()
        if tag == "time" and attrs.get("datetime") and not self._dropped and not self._open["figcaption"] \
                and not (self._open["header"] and not (self._open["article"] or self._open["main"])) \
                and not _is_update_mark(f"{attrs.get('itemprop', '')} {attrs.get('class', '')}"):
            self.times.append(attrs["datetime"].strip())

    @staticmethod
    def _is_furniture(attrs) -> bool:
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return True
        words = re.split(r"[\s_-]+", f"{attrs.get('class', '')} {attrs.get('id', '')}".lower())
        return not FURNITURE_WORDS.isdisjoint(words)


def _tidy(text: str) -> str:
    lines = [line.strip() for line in text.split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def html_to_text(html: str) -> HtmlPage:
    """Readable text of an HTML page, with its title and publication-date signals.

    Parameters
    ----------
    html : str
        The decoded document.

    Returns
    -------
    HtmlPage

    Examples
    --------
    >>> page = html_to_text("<title>T</title><p>Ganja&nbsp;was <b>shelled</b>.<script>x()</script></p><p>Again.</p>")
    >>> page.text, page.title
    ('Ganja was shelled.\\n\\nAgain.', 'T')
    """
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    kept = sum(len(p.strip()) for p in parser.parts)
    if kept * 5 < parser.furniture_chars:
        # Class words misled us (a content wrapper called "share-enabled"): dropping by
        # class must never cost most of the page, so read it again with tags alone.
        parser = _TextParser(keep_furniture=True)
        parser.feed(html)
        parser.close()
    text = _tidy(normalize_text("".join(parser.parts)))
    title = None
    og_title = dict(reversed(parser.meta)).get("og:title")
    h1 = re.sub(r"\s+", " ", normalize_text("".join(parser.h1_parts))).strip()
    for candidate in (og_title, "".join(parser.title_parts), h1):
        if candidate and candidate.strip():
            title = re.sub(r"\s+", " ", normalize_text(candidate)).strip()
            break
    # "<title>Headline | Site</title>": the headline alone is the title.
    if title and h1 and title != h1 and title.startswith(h1):
        title = h1
    return HtmlPage(text=text, title=title, meta=tuple(parser.meta), times=tuple(parser.times),
                    json_ld=tuple(parser.json_ld), canonical=parser.canonical)
