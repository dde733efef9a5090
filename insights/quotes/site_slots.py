"""Rules 30: where Travellers, park-home residents and boaters live (`sites`, one of record_slots' steps).

Moved out of record_slots.py unchanged (rules 31) to keep that module under the project's size limit. `SiteSlots`
is a mixin of `record_slots.RecordSlots`: it uses that class's word tests (`_never`, `_town`, `_rare_or_local`,
`_people`, `_opens`) and `lists`/`lexicon`, and the step runs in its place in `record_slots.STEPS`.

- `sites`: a named caravan site, park-home estate, marina or moorings ("Larkwood Caravan Site", "quennells park
  homes"), a site named with a pitch or plot ("pitch 12 at Coldblow yard", "Ashenbury site, pitch 9") or where a
  static stands, and a boat's name ("narrowboat Kestrel Dawn"), as [ADDRESS]; in a note about sites or boats, a
  rare word before "yard", "park", "farm" or "meadow" ("out to quarrendon yard").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, LABELS, RELATIONS, TIME_NAMES, TITLES
from insights.quotes.lexicon import Finding, fold_word

#: Rules 30: where Travellers, park-home residents and boaters live. A named caravan site, park-home estate, marina
#: or moorings ("Oakfield Caravan Park", "cranbrook park homes", "Gallions Marina"); a site named with a pitch or
#: plot ("pitch 14 at Oakfield", "Heathfield yard, plot 3"); a boat's name after "narrowboat" ("narrowboat Dusty
#: Rose"). The words before a site's kind are cut back to the last stop or care word ("lives on a caravan site").
_SITE_KIND = (
    r"(?:caravan[ ](?:park|site)|park[ ]homes?(?:[ ](?:estate|park|site))?|mobile[ ]homes?[ ](?:park|site)|"
    r"residential[ ]park|travell?ers['’]?[ ]site|gypsy[ ]site|transit[ ]site|marina|moorings|boat[ ]?yard)"
)
_SITE = re.compile(rf"(?<![\w'’-])((?:[A-Za-z][a-z'’-]+[ ]){{1,3}})((?i:{_SITE_KIND}))\b(?!['’-])")
_PITCH = r"(?i:pitch|plot|berth|mooring)[ ]?(?i:no\.?[ ]?)?\d{1,3}[a-z]?"
_SITE_REST = r"(?:[ ](?i:site|yard|park|farm|fields?|meadows?|common))?"
_SITE_REST_WORDS = frozenset(
    {"site", "yard", "park", "farm", "field", "fields", "meadow", "meadows", "common"}
)
_SITE_NAME = r"((?:[A-Z][a-z'’-]+|[a-z]{4,})(?:[ ](?:[A-Z][a-z'’-]+|[a-z]{4,})){0,2}"
_PITCH_AT = re.compile(
    rf"\b{_PITCH}(?:,?[ ]+(?i:at|on|in|of)[ ]+|,[ ]+(?=[A-Z]))(?:the[ ]+)?{_SITE_NAME}{_SITE_REST})"
)
_LIVING_AT = re.compile(
    rf"\b(?i:static|chalet|caravan|trailer|wagon|mobile[ ]home)s?[ ]+(?i:at|on|in)[ ]+(?:the[ ]+)?{_SITE_NAME}"
    r"[ ](?i:site|yard|park|farm|fields?|meadows|common))\b"
)
_PITCH_AFTER = re.compile(
    rf"(?<![\w'’-])((?:[A-Z][a-z'’-]+[ ]){{1,3}}(?i:site|yard|park|farm|fields|meadows|common)),?[ ](?={_PITCH}\b)"
)
_AFLOAT = re.compile(
    r"(?i)\b(?:boat|narrow[ ]?boat|barge|moored|mooring|berth|lives?[ ]aboard|live[ ]?aboard)"
)
_BOAT = re.compile(
    r"(?i:\b(?:narrow[ ]?boat|house[ ]?boat|barge|wide[ ]?beam|(?:boat|barge)[ ](?:called|named)))[ ]+(?:the[ ]+)?"
    r"[\"“‘']?([A-Z][a-z'’-]+(?:[ ][A-Z][a-z'’-]+){0,2}|[a-z]{4,}(?=[ ]*[:;,.)]))"
)
#: In a note about sites or boats (`_SITE_NOTE`), a rare word before "yard", "park", "farm" or "meadow" names where
#: a family lives ("out to coldharbour yard first", "elmfield park, hextable"); a local town's park stays.
_SITE_NOTE = re.compile(
    r"(?i)\b(?:(?:pitch|plot)[ ]?(?:no\.?[ ]?)?\d|trailers?|caravans?|park[ ]homes?|statics?|travell?ers?|gypsy|gypsies|"
    r"romany|wagons?|site[ ]manager|boaters?|narrow[ ]?boats?|moorings?)\b"
)
_SITE_KINDS = frozenset(
    (
        "caravan", "caravans", "mobile", "holiday", "residential", "traveller", "travellers", "gypsy", "static",
        "trailer", "country", "theme", "retail", "business", "industrial", "car", "play", "skate", "water",
    )
)  # fmt: skip
_SITE_PLACE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z'’-]+|[a-z]{4,})(?:[ ](?:[A-Z][a-z'’-]+|[a-z]{4,}))?)[ ](?i:yard|park|farm|meadows?|site)\b(?!['’-])"
)


class SiteSlots:
    """The `sites` step and its word tests (a mixin of `RecordSlots`)."""

    def sites(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 30: a caravan site, park-home estate, marina or moorings by name, a site named with a pitch or
        plot or where a static or trailer stands, and a boat's name, as [ADDRESS]; never a site named only by a
        local town ("the Swanley caravan park", "pitch 4 at swanley park" stay) nor by stop, context, title,
        relative's, clinical or time words ("lives on a caravan site", "pitch 4 on Monday")."""
        spans = []
        for m in _SITE.finditer(text):
            name = m.group(1).split()
            bad = [i for i, w in enumerate(name) if self._not_site_word(w) or w.endswith(("'s", "’s"))]
            name = name[bad[-1] + 1 :] if bad else name  # rules 54: "the council's transit site" is no name
            if not name or all(self._town(w) for w in name):
                continue
            afloat = _AFLOAT.search(text[: m.start(2)] + " " + text[m.end(2) :])  # not the kind word itself
            if m.group(2).lower() in ("marina", "moorings") and not afloat:
                continue  # "thanks Marina": a name, unless the note is about living on a boat
            start = m.start(2) - len(" ".join(name)) - 1
            titled = (
                m.group(2)[0].isupper() and all(w[0].isupper() for w in name) and not self._opens(text, start)
            )
            if titled or any(self._rare_or_local(w) for w in name):
                spans.append((start, m.end(2)))
        for rx in (_PITCH_AT, _PITCH_AFTER, _LIVING_AT, _BOAT):
            for m in rx.finditer(text):
                words = list(re.finditer(r"[^\W\d_][\w'’-]*", m.group(1)))
                bad = [i for i, w in enumerate(words) if self._not_site_word(w.group())]
                if bad and (rx is _LIVING_AT or bad[0] == 0):
                    continue
                words = words[: bad[0]] if bad else words  # "pitch 3 at Gorsey with Mary": "Gorsey"
                names = [w.group() for w in words]
                own = [w for w in names if w.lower() not in _SITE_REST_WORDS]  # "swanley park": a town's park
                if not own or all(self._town(w) for w in own):
                    continue
                if rx is _BOAT or any(self._site_name_word(w) for w in own):
                    spans.append((m.start(1) + words[0].start(), m.start(1) + words[-1].end()))
        for m in _SITE_PLACE.finditer(text) if _SITE_NOTE.search(text) else ():
            names, start = m.group(1).split(), m.start(1)
            if (
                len(names) == 2
                and self._opens(text, start)
                and fold_word(names[0]) in self.lexicon
                and fold_word(names[1]) not in self.lexicon
            ):  # rules 54: "Visit Greenacres site" (not "Willow Meadow site")
                names, start = names[1:], start + len(names[0]) + 1
            if any(self._not_site_word(w) or fold_word(w) in _SITE_KINDS for w in names):
                continue  # "the Swanley caravan park": a kind of site, not its name
            if any(self._never(w) and not self._rare_or_local(w) for w in names):
                continue
            if not all(self._town(w) for w in names) and all(self._site_name_word(w) for w in names):
                spans.append((start, m.end()))
        # a name found inside a site's name gives way to it
        others = [f for f in found if f.entity != "PERSON"]
        return self._people(others, sorted(set(spans)), "site", "UK_ADDRESS")

    def _site_name_word(self, word: str) -> bool:
        """A word that can name a site: capitalised, or in lower case no English word ("coldharbour"), a place or a
        local word ("hextable"); not "scrap" in "the scrap yard" nor "customised" in "plot 32 on customised chart"."""
        w = fold_word(word)
        return (
            word[0].isupper() or w not in self.lexicon or w in self.lists.vocab or w in self.lists.keep_words
        )

    def _not_site_word(self, word: str) -> bool:
        """A stop, context, label, title, relative's or clinical word: no part of a site's name ("Oak", "Hill",
        "Hextable" may be)."""
        w = fold_word(word)
        return (
            w in STOP_WORDS
            or w in CONTEXT_WORDS
            or w in LABELS
            or w in TITLES
            or w in RELATIONS
            or w in TIME_NAMES
            or w in self.lists.clinical
        )
