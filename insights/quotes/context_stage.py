"""Rules 60: the contextual model's stage, the anonymiser's last step (after the rules, the tagger and its guards).

A word the engine left becomes a name ([NAME]) when the contextual model (insights.quotes.context_model) gives it
a chance above the head's threshold, and only if it is a *candidate*: a word of letters (two or more) that no
finding touches and that none of the engine's never-lists holds:

- English stop words and their contractions, the rules' context words, roles, titles, relations and place nouns;
- the must-keep terms (keep_terms.txt, kent_keep.txt, keep_after_tagger.txt and the UK's hospitals), as spans;
- towns of the world and regions, the local keep list's words, medicines, care words, acronyms, hospitals' short
  forms, typed shorthand ("abt") and swapped-letter typos ("siad"), a keep word typed one letter wrong
  ("Zimbabwian"), a redaction ("XXXX"), "dot" in a web address read out;
- a lower-case word at Zipf `NAME_WORD_ZIPF` or more ("said", "lot"), even when a names list holds it;
- a venue's name (a word before "ward", "clinic", ...; a capitalised run before "Room", "Centre", ...), a faith
  venue's name ("Igreja Batista Nova Vida"), a firm ("Dombey and Son");
- what the engine found and its final guards let go ("Storm Eunice", "Cath Kidston");
- an English word opening a sentence or a line ("Hope (the one from the leaflet)": the model gives it the chance
  of a name, so the rules' opening policies decide);

and that looks like a name: a word a names list holds ("joy", "shaz"), or else a capitalised word or one that is
no English word at all ("walshy"); a lower-case English word no names list holds is never one ("away", "kettle").

Measured on the five untrained tuning sets (benchmarks/context_study.py and docs/anonymiser-rounds.md, rules 60):
GeoNames' place words and the one-word keep terms (`Lists.known_thing`) and the lexicon's one-edit typo test as
never-lists blocked more names than keeps ("Hazel", "Dawn", "Vika"; "walshy", "destiny"), so they are not used.

The model runs only on notes that have a candidate (the gate that keeps it off most notes: speed), and its
additions carry the source "MaternityContext" (the tests tell them apart by it).

Rules 61 adds the veto: a name the other steps found is let go when no names list holds any of its words, none is
initials, and the model gives every word a chance below `VETO_CHANCE` ("Psychists", "nutricia", "tho"). Both parts
share one model pass (`ContextStage.reviewed`).
"""

from __future__ import annotations

import bisect
import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_model import ContextModel, word_spans
from insights.quotes.context_words import CONTEXT_WORDS, PLACE_NOUNS, RELATIONS, ROLES, TITLES
from insights.quotes.lexicon import SHORTHAND, Finding, Lexicon, Lists, fold_word

#: The switches on the engine (see anonymise.SWITCHES): adding names, and (rules 61) the veto.
STEPS = ("context_model", "context_veto")
SOURCE = "MaternityContext"
#: Rules 61: a name the other steps found is let go when no names list holds any of its words and the model gives
#: every one of them a chance below this ("Psychists", "nutricia", "tho", "Screenshots").
VETO_CHANCE = 0.001
#: A word in capitals this short may be someone's initials ("RB"): the veto never lets it go.
_INITIALS = 3
#: The veto reads names in a note's first this many characters only (about five model windows): further in, a name
#: stays taken, so a 100,000-character cell costs a few passes more, not one more per window (speed, not quality: every
#: labelled note is far shorter).
VETO_CHARACTERS = 10_000
#: A lower-case word at least this common (Zipf) and in no names list is never a candidate.
PLAIN_ZIPF = 5.0
#: A lower-case word at least this common (Zipf) is never a candidate, even when a names list holds it ("said", "lot",
#: "story"; not "hope", 5.4): speed, as most notes the model ran on held only "said" (the speed corpus: 85 of 256).
NAME_WORD_ZIPF = 5.5
#: A word right before one of these names a place of care or worship ("Cherry Ward", "cherry ward", "Oak Clinic").
VENUE_AFTER = re.compile(
    r"[ \t]*(?:ward|wards|unit|room|suite|clinic|centre|center|hospital|surgery|practice|pharmacy|church|chapel|"
    r"mosque|temple|gurdwara|synagogue|mandir|masjid|library|hall|hub|trust|service|services|project|foundation)\b",
    re.IGNORECASE,
)
#: Capitalised words before a venue's capitalised noun name it ("the Rosalind Franklin Room", "Kingfisher Birth
#: Centre"); not "Hall", "House" or "Temple", which are family names too ("Sarah Hall").
VENUE_RUN = re.compile(
    r"(?:[A-Z][\w’'-]*[ ]+){1,4}(?:Ward|Unit|Room|Suite|Clinic|Centre|Center|Hospital|Surgery|Practice|Pharmacy|"
    r"Church|Chapel|Mosque|Gurdwara|Synagogue|Library)\b"
)
#: A capitalised run opened by a word for a place of worship is its name ("Assembleia de Deus", "Igreja Batista Nova
#: Vida", "Iglesia Ni Cristo", "Church of God of Prophecy"): the model adds no word of it (the particles de, da, do,
#: of, the may join the run). An English "Church" or "Temple" ends its name ("St Mary's Church"), so opens none.
_RUN = r"(?:[ ]+(?:(?:de|da|do|dos|das|del|la|of|the|ni|and)[ ]+)*[A-ZÀ-Þ][\w’']*)+"
#: Rules 65 (a Care Opinion story's "https://www.careopinion.org.uk/..." lost "careopinion"): a web address's words are
#: no candidates (a social profile's name in one is the handle rules' to find).
WEB_LINK = re.compile(r"(?i)\b(?:https?://|www\.)[^\s)\]>\"']+")
FAITH_RUN = re.compile(
    rf"\b(?:(?:Igreja|Iglesia|Assembleia|Asamblea|Eglise|Église|Chiesa|Kirche|Masjid|Mandir|Gurdwara){_RUN}"
    rf"|(?:Church|Chapel|Temple|Tabernacle|Cathedral|Assembly)[ ]+of{_RUN})"
)
#: A word right before these names a firm ("Dombey and Son", "Kowalski Ltd").
FIRM_AFTER = re.compile(r"[ \t]+(?:(?:and|&)[ \t]+(?:Sons?|Daughters?)\b|(?:Ltd|Limited|plc|PLC|LLP)\b)")
#: A web address read out ("best beginnings dot org dot uk"): the spoken shapes' rules decide, never the model.
SPOKEN_WEB = frozenset({"dot"})
#: What may end the text before a word that opens a sentence or a line (besides the note's start).
_OPENERS = '.!?:;"“(\n'
#: A run of x's is a redaction already made ("thank you XXXX").
REDACTED = re.compile(r"(?i)x{2,}")


class ContextStage:
    """The never-lists built once per engine, and the step itself."""

    def __init__(
        self, lists: Lists, lexicon: Lexicon, model: ContextModel, keep_spans, keep_after_spans
    ) -> None:
        self.model = model
        self.lists = lists
        self.lexicon = lexicon
        self.keep_spans = keep_spans  # text -> must-keep spans (the engine's own, cached)
        self.keep_after_spans = keep_after_spans  # text -> spans of the terms kept after the tagger
        self.never = frozenset(
            {w.lower() for w in STOP_WORDS}
            | {w.lower() for w in CONTEXT_WORDS}
            | {w.lower() for w in (*ROLES, *TITLES, *RELATIONS, *PLACE_NOUNS)}
            | lists.world
            | lists.local
            | lists.clinical
            | lists.acronyms
            | lists.medicines
            | lists.hospital_words
            | {w.lower() for w in SHORTHAND}
            | SPOKEN_WEB
        )
        # a keep word of six letters or more typed one letter wrong ("Zimbabwian"): every one-deletion form
        self.keep_deletes = frozenset(
            d for w in lists.keep_words if len(w) >= 6 and w.isalpha() for d in _deletes(w)
        ) | frozenset(w for w in lists.keep_words if len(w) >= 6)
        self.names = (
            lists.first_names
            | lists.surnames
            | lists.names
            | lists.word_names
            | lists.nicknames
            | lists.word_nicknames
        )

    def candidate(self, word: str) -> bool:
        """A word the model may add (see the module's docstring); spans of keep terms are checked by `candidates`."""
        w = fold_word(word)
        if len(w) < 2 or not w.replace("'", "").replace("’", "").isalpha() or w in self.never:
            return False
        if REDACTED.fullmatch(w) or self.lexicon.swapped_common(w):
            return False  # "XXXX"; "siad", "teh": a typo, never an unknown name
        if "'" in w and w.split("'")[0] in self.never:
            return False  # "she'd", "i've"
        if word.islower() and self.lexicon.frequency.get(w, 0.0) >= NAME_WORD_ZIPF:
            return False  # "said", "lot", "story": a names list holds them, lower case they are the words
        if w in self.names:
            return True
        if len(w) >= 6 and (w in self.keep_deletes or any(d in self.keep_deletes for d in _deletes(w))):
            return False  # a misspelt keep word
        if word.islower() and self.lexicon.frequency.get(w, 0.0) >= PLAIN_ZIPF:
            return False  # "away", "house"
        # name-like: capitalised, or no English word at all ("walshy", "viktoriia")
        return word[0].isupper() or not (w in self.lexicon or w in self.lexicon.frequency)

    def candidates(
        self, text: str, found: list[Finding], let_go: list[Finding] = ()
    ) -> tuple[list[tuple[int, int]], list[int]]:
        """Every word's span, and the indexes of the candidates among them. `let_go`: what the engine found and its
        final guards let go (a storm's name, a shop's brand, a ward): its words are no candidates either."""
        spans = word_spans(text)
        if not spans:
            return spans, []
        taken = [(f.start, f.end) for f in (*found, *let_go)]
        taken += self.keep_spans(text) + self.keep_after_spans(text)
        taken += [m.span() for pattern in (FAITH_RUN, VENUE_RUN, WEB_LINK) for m in pattern.finditer(text)]
        covered = bytearray(len(text))  # one pass over the spans, not one per word (50,000-character inputs)
        for a, b in taken:
            covered[a:b] = b"\x01" * (b - a)
        out = []
        for i, (s, e) in enumerate(spans):
            if any(covered[s:e]) or VENUE_AFTER.match(text, e) or FIRM_AFTER.match(text, e):
                continue
            word = text[s:e]
            if not self.candidate(word):
                continue
            if self._opening(text, i, s) and self._english(word):
                continue  # "Hope (the one from the leaflet)", "Joy wished for": the rules' opening policies decide
            out.append(i)
        return spans, out

    @staticmethod
    def _opening(text: str, i: int, start: int) -> bool:
        if i == 0:
            return True
        before = text[max(0, start - 40) : start]
        stripped = before.rstrip(" \t")
        return not stripped or stripped[-1] in _OPENERS or "\n" in before[len(stripped) :]

    def _english(self, word: str) -> bool:
        w = fold_word(word)
        return w in self.lexicon or w in self.lexicon.frequency

    def reviewed(
        self, text: str, found: list[Finding], let_go: list[Finding] = (), veto: bool = True, add: bool = True
    ) -> list[Finding]:
        """The stage on the engine's findings, with one model pass over the note for both of its parts:
        - `veto` (rules 61): a name (PERSON) another step found is let go when none of its words a names list holds,
          none is in capitals of `_INITIALS` letters or fewer ("RB": initials), and the model gives every one a
          chance below `VETO_CHANCE`: a misspelt word ("Psychists", "queationsnis"), a brand ("nutricia"), shorthand
          ("tho", "Weds"). A word a names list holds ("grace", "hope", "sky") is never let go, whatever the model says;
        - `add` (rules 60): a candidate (`candidates`) whose chance is above the head's threshold becomes a name.
        `let_go`: what the engine found and its final guards let go (its words are no candidates)."""
        spans, picks = self.candidates(text, found, let_go) if add else ([], [])
        doubtful: list[tuple[Finding, list[int]]] = []
        if veto:
            spans = spans or word_spans(text)
            starts = [a for a, _ in spans]
            for f in found:
                if f.entity != "PERSON" or f.source == SOURCE or f.end > VETO_CHARACTERS:
                    continue
                # the words overlapping the finding, found by bisection (a long note may hold thousands of names)
                first = max(0, bisect.bisect_right(starts, f.start) - 1)
                words = [i for i in range(first, bisect.bisect_left(starts, f.end)) if spans[i][1] > f.start]
                if words and self._doubtful([text[spans[i][0] : spans[i][1]] for i in words]):
                    doubtful.append((f, words))
        rows = sorted(set(picks).union(*(words for _, words in doubtful)))
        if not rows:
            return found
        chances = self.model.chances(self.model.features(text, spans, rows)).tolist()
        chance = dict(zip(rows, chances, strict=True))
        gone = {id(f) for f, words in doubtful if max(chance[i] for i in words) < VETO_CHANCE}
        out = [f for f in found if id(f) not in gone] if gone else found
        extra = [Finding(*spans[i], "PERSON", SOURCE) for i in picks if chance[i] > self.model.threshold]
        return sorted(out + extra, key=lambda f: f.start) if extra else out

    def _doubtful(self, words: list[str]) -> bool:
        """A finding the veto may read: no word a names list holds, and none in capitals of `_INITIALS` letters or
        fewer ("RB": initials)."""
        return not any(fold_word(w) in self.names or (w.isupper() and len(w) <= _INITIALS) for w in words)

    def vetoed(self, text: str, found: list[Finding]) -> list[Finding]:
        """`found` without the names the model is surest are none (the veto of `reviewed` alone)."""
        return self.reviewed(text, found, add=False)

    def added(self, text: str, found: list[Finding], let_go: list[Finding] = ()) -> list[Finding]:
        """`found` with the candidates the model is sure enough of added as names (`reviewed` without its veto)."""
        return self.reviewed(text, found, let_go, veto=False)


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}
