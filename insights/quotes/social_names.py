"""Social media handles and display names, as pure functions over text (moved from insights.quotes.identifiers, which
re-exports them): "@handle", handles or display names after "insta", "fb", "tiktok", "snap", and a Facebook or business
page's name after "page"."""

from __future__ import annotations

import re

_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?")
_SOCIAL = r"(?:insta(?:gram)?|ig|fb|facebook|tiktok|tik\s?tok|snap(?:chat)?|twitter|x\.com|threads)"
_SOCIAL_NAME = re.compile(
    rf"\b{_SOCIAL}(?:\s+(?:name|handle|account|page|username))?\s*(?:is|as|:|-|=)?\s+"
    r"((?:@?[A-Za-z0-9_.'’\-]+)(?:\s+[A-Za-z'’\-]+){0,2})",
    re.IGNORECASE,
)
_SOCIAL_AS = re.compile(
    rf"\b(?:on|via|through)\s+{_SOCIAL}\s+(?:as|is|name is|called)\s+"
    r"((?:[A-Za-z0-9_.'’\-]+)(?:\s+[A-Za-z'’\-]+){0,2})",
    re.IGNORECASE,
)
#: Words that end a display name after "facebook ..." (so "on fb is fine" keeps "fine" out).
_NAME_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "so",
        "if",
        "to",
        "of",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "from",
        "is",
        "was",
        "are",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "she",
        "he",
        "they",
        "we",
        "i",
        "you",
        "it",
        "her",
        "his",
        "their",
        "our",
        "my",
        "your",
        "me",
        "us",
        "them",
        "this",
        "that",
        "these",
        "those",
        "as",
        "well",
        "too",
        "also",
        "not",
        "no",
        "yes",
        "if",
        "messaged",
        "message",
        "said",
        "says",
        "asked",
        "told",
        "wants",
        "want",
        "happy",
        "post",
        "posts",
        "posted",
        "page",
        "group",
        "groups",
        "anyone",
        "follow",
        "contact",
        "contacted",
        "share",
        "shared",
        # rules 5: "on insta all night"
        "all",
        "every",
        "night",
        "day",
        "today",
        "yesterday",
        "again",
        # rules 48 (real comments): a kind of group or post after the site, not a display name ("the ADHD Facebook
        # support group", "a facebook mums group", "on facebook live", "fb marketplace")
        *("support", "mums", "mum", "dads", "parents", "parenting", "local", "community", "breastfeeding"),
        *(
            "feeding",
            "baby",
            "loss",
            "chat",
            "messenger",
            "live",
            "video",
            "call",
            "event",
            "events",
            "comments",
        ),
        *("comment", "story", "stories", "link", "friends", "friend", "marketplace", "advert", "ad", "ads"),
    ]
)


_TITLE_RUN = re.compile(r"(?:[ \t]+(?:[A-Z][a-z]+|\d{1,2}|&)){1,3}\b")


def _name_words(text: str, start: int, piece: str) -> tuple[int, int] | None:
    words = list(re.finditer(r"[@A-Za-z0-9_.'’\-]+", piece))
    kept = []
    for w in words:
        bare = w.group(0).strip(".-'’")
        if not bare or bare.lower() in _NAME_STOP:
            break
        kept.append(w)
    if not kept:
        return None
    end = start + kept[-1].end()
    while end > start and text[end - 1] in ".-'’":
        end -= 1
    return start + kept[0].start(), end


def handle_spans(text: str) -> list[tuple[int, int]]:
    """@handles, and handles or display names after "insta", "fb", "tiktok", ..."""
    spans = [(m.start(), m.end()) for m in _HANDLE.finditer(text)]
    for pattern in (_SOCIAL_NAME, _SOCIAL_AS):
        for m in pattern.finditer(text):
            span = _name_words(text, m.start(1), m.group(1))
            if span:
                # rules 6: a display name in title case runs on ("Shireen Mum Of Three")
                more = _TITLE_RUN.match(text, span[1]) if text[span[0]].isupper() else None
                spans.append((span[0], more.end()) if more and more.end() > span[1] else span)
    return sorted(set(spans))


#: Rules 20: a page's name after "page" ("page Tommo Electrical Gravesend", "her page is Chaz Makes Cakes
#: Swanley"): two to six words in title case ("by", "&" and "and" may join them).
_PAGE_NAME = re.compile(
    r"\b(?:fb|facebook|business|cake|her|his|their|my|the)?\s*page(?:\s+(?:is|name is|called))?\s*[:\-=]?\s+"
    r"((?:[A-Z][\w'’\-]*)(?:\s+(?:(?:by|and|&)\s+)?[A-Z][\w'’\-]*){1,5})"
)


def page_spans(text: str, known=None) -> list[tuple[int, int]]:
    """A Facebook or business page's name after "page", when a word of it is a name or not English
    (`known(word)` says a word is English, a place or a service): "page Kirans Tiffins Gravesend", not
    "the page Dartford Maternity Voices"."""
    out = []
    for m in _PAGE_NAME.finditer(text):
        words = re.findall(r"[^\W\d_]+", m.group(1))
        if known is None or any(not known(w.strip("'’")) for w in words if w not in ("by", "and")):
            out.append(m.span(1))
    return out
