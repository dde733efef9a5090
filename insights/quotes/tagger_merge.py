"""The engine's tagger half: how the learned tagger's chances join the rules' findings.

`TaggerMerge` is a mixin of `insights.quotes.anonymise.Anonymiser` (moved out of that module unchanged
when it reached the 1,200-line limit): `_with_tagger` runs the tagger over a text's tokens and
`merge_tagged` adds the tokens it finds personal to the rules' findings, under the guards each rules round
gave the tagger alone (`_tagger_plausible`, `_tagger_acronym`, `_tagger_predicate`, `tagger_guards`),
then hands the union to the steps after the tagger (`Anonymiser.more_names`). The mixin reads the engine's
attributes (`tagger`, `features`, `lexicon`, `lists`, `note_rules`, `record_slots`, `capital_pairs`,
`repeat_names`) and calls its methods (`_in_place_list`, `_extends_name`, `_keep_spans`, `more_names`,
`_repeat_names`, `with_titles`); it is never used on its own.
"""

from __future__ import annotations

import bisect
import re

from spacy.lang.en.stop_words import STOP_WORDS as _STOP

from insights.quotes import tagger_guards as guards
from insights.quotes.context_words import CONTEXT_WORDS, MONTH_PREFIXES, PLACE_NOUNS
from insights.quotes.identifiers import SERVICE_AFTER
from insights.quotes.lexicon import (
    Finding,
    SpanIndex,
    fold_word,
    overlapped_tokens,
    resolve_overlaps,
    text_before,
    trim_name,
    uncovered,
)
from insights.quotes.name_slots import ABSTRACT_NAMES
from insights.quotes.plain_guards import month_range, negated_stem
from insights.quotes.recognisers import EPONYM_NOUNS, near_stop
from insights.quotes.tagger import spans_from as tagger_spans
from insights.quotes.tagger import tokens as tagger_tokens
from insights.quotes.tagger_guards import part_of_a_word, spoken_to, thing_pair, thing_words, venue_street

_LOCATIVE = re.compile(r"(?i)\b(?:in|at|from|to|near|around|outside)\s+$")
_PREDICATE_BEFORE = re.compile(r"(?i)\b(?:is|was|are|were|be|been|so|very|really|too)\s+$")  # rules 12


def _chance(f: Finding, spans, probs, first=None) -> float:
    """The tagger's highest chance that a token of finding `f` is personal; with the first pass's
    probabilities too (rules 8), the lower of the two passes' (both must be sure)."""
    # the tokens overlapping f: ending after its start, starting before its end (tokens are in order;
    # speed: a bisection, not a pass over every token of the text for each finding)
    inside = range(
        bisect.bisect_right(spans, f.start, key=lambda span: span[1]),
        bisect.bisect_left(spans, f.end, key=lambda span: span[0]),
    )
    chance = max(1.0 - probs[i, 0] for i in inside)
    if first is not None:
        chance = min(chance, max(1.0 - first[i, 0] for i in inside))
    return chance


class TaggerMerge:
    """The tagger's findings joined to the rules' (a mixin of `anonymise.Anonymiser`)."""

    def _tagger_chances(self, text: str, rules: list[Finding], people: list[tuple[int, int]]):
        """The text's tagger tokens and the tagger's (first pass, final) probabilities for them (no tokens:
        empty arrays). Read by the removal (`_with_tagger`) and by the reviewer's marks (`_model_suspects`)."""
        spans = tagger_tokens(text)
        return spans, *self.tagger.predict(
            text, spans, self.features.of(text, spans, rules, people), both=True
        )

    def _with_tagger(self, text: str, rules: list[Finding], people: list[tuple[int, int]]) -> list[Finding]:
        spans, first, probs = self._tagger_chances(text, rules, people)
        if not spans:
            return rules
        tagger = self.tagger
        return self.merge_tagged(
            text, spans, probs, rules, tagger.threshold, tagger.veto, tagger.word_threshold, first
        )

    def _tagger_plausible(
        self, text: str, f: Finding, spans, probs, word_threshold: float, first=None
    ) -> bool:
        """A tagger's finding made only of ordinary words (English words, typos, everyday words,
        months, person and place words: "Patience and understanding", "Praise given", "Wells Road
        Hospital") needs a chance of at least `word_threshold`; a number needs five digits or five
        spoken words (not "Crew no2570", "04.00")."""
        words = re.findall(r"[^\W_]+", text[f.start : f.end])
        if f.entity not in ("PERSON", "SOCIAL_MEDIA", "UK_ADDRESS", "EMAIL_ADDRESS"):
            return False  # numbers and schools: the rules alone (the tagger added none on a new author)
        lex, lists = self.lexicon, self.lists

        def ordinary(word: str) -> bool:
            w = fold_word(word)
            return (
                w in lex
                or w in lists.common
                or w in _STOP
                or w in CONTEXT_WORDS
                or w in PLACE_NOUNS
                or w in lists.vocab
                or w in lists.word_names
                or w in lists.keep_words
                or w in lists.clinical
                or w[:3] in MONTH_PREFIXES
                or lex.typo(w)
            )

        if f.entity == "PERSON":
            # the rules' own exceptions hold for the tagger too: "Jan-June", "Desmond course"
            if month_range(text, f.start, f.end):
                return False
            after = re.match(r"\s+([A-Za-z]+)", text[f.end :])
            if after and fold_word(after.group(1)) in EPONYM_NOUNS:
                return False
            if self._in_place_list(text, f.start, f.end):
                return False  # rules 8: "I go to Darlington, James Cook, Sedgefield": a list of places
        # rules 8: a street or house with no number needs both passes sure of it, as an ordinary word
        # does ("the mosque on Clarence Place", "seen at Archer House by the perinatal team")
        numbered = re.search(r"\d", text[max(0, f.start - 15) : f.end])
        if f.entity == "UK_ADDRESS" and not numbered and _chance(f, spans, probs, first) < word_threshold:
            return False
        if (
            f.entity == "UK_ADDRESS"
            and not numbered
            and len(words) == 1
            and words[0].islower()
            and words[0] in lex
        ):
            return False  # rules 16: one lower-case English word is not an address ("going to court")
        if f.entity == "PERSON" and len(words) == 1:
            # rules 10 (the tagger retrained on blind7): a lone lower-case letter ("thanks Leanne x": a
            # kiss) and a known place right after "in/at/from/to/near" ("family in Savannah") stay
            if len(words[0]) == 1 and words[0].islower():
                return False
            if (
                fold_word(words[0]) in lists.vocab
                and _LOCATIVE.search(text, max(0, f.start - 8), f.start)
                and not spoken_to(text, f.start)  # rules 16: "spoke to Ann" is a person, "went to Ann" not
            ):
                return False
            if words[0].islower() and part_of_a_word(text, f.start, words[0], lex):
                return False  # rules 16: "Re-hab", "courteous ly", "- bravo!" (tagger_guards)
        before = text_before(text, f.start)
        opening = not before or before[-1] in ".!?"
        if f.entity == "PERSON" and opening and len(words) == 1 and near_stop(fold_word(words[0])):
            return False  # "Thay were": a short common word mistyped at a sentence start
        if any(w.islower() and w in lex.irregular_verbs for w in words):
            return False  # "her husband hung up", "her mum lay down": a verb's form, not a name
        if any(fold_word(w) in ABSTRACT_NAMES for w in words):
            return False  # "with patience", "hope", "faith": the rules' slots decide abstract nouns
        if word_threshold <= 0 or not all(ordinary(w) for w in words):
            return True
        chance = _chance(f, spans, probs, first)  # rules 8: both passes sure ("lily and poppy flowers")
        if not before or before[-1] in ".!?":  # an ordinary word opening a sentence: the rules' slots decide
            return (
                f.entity == "PERSON"
                and chance >= word_threshold
                and (guards.full_name(words, lists) or guards.said_name(text, f.end, words, lists, lex))
            )
        noun = re.search(r"([A-Za-z]+)[\s(\-:]*$", before)
        if noun and fold_word(noun.group(1)) in PLACE_NOUNS:
            return False  # a ward's, team's or unit's own name ("discharge team (Victoria)")
        return chance >= word_threshold or (
            f.entity == "PERSON" and guards.said_name(text, f.end, words, lists, lex)
        )  # rules 42: "her sister, Lovely said"

    def _tagger_acronym(self, piece: str, in_capitals: bool = False) -> bool:
        """Rules 11: the tagger alone never removes an acronym ("CPN", "C.P.N", "IHTT"): a known one of
        the vocabularies, capitals written with dots (a letter before ".P.N" too), or four capitals or more
        (initials are two or three) outside a note written in capitals ("PT GIFTY - WANTS ...")."""
        letters = re.sub(r"[^A-Za-z]", "", piece)
        return bool(letters) and (
            letters.lower() in self.note_rules.acronyms
            or bool(re.fullmatch(r"(?:[A-Z]\.){1,}[A-Z]?\.?", piece.strip()))
            or (
                piece.strip().isupper() and len(letters) >= 4 and " " not in piece.strip() and not in_capitals
            )
        )

    def _everyday(self, w: str) -> bool:
        return w in self.lists.word_names or w in self.lists.common or w in self.lexicon

    def _tagger_predicate(self, text: str, start: int, end: int) -> bool:
        """Rules 12: the tagger alone never removes one English word no names list knows after "is",
        "was", "so", "very" ... ("the man who is Ginger", "was Brilliant"): a description, not a name."""
        piece = text[start:end]
        return (
            bool(re.fullmatch(r"[A-Za-z][a-z]+", piece))  # not in capitals: "IS PAT" is a name
            and fold_word(piece) in self.lexicon
            and not self.lists.gazetteer(piece)
            and fold_word(piece) not in self.lists.word_names
            and bool(_PREDICATE_BEFORE.search(text, max(0, start - 60), start))  # a window: O(n) a word
        )

    def merge_tagged(
        self,
        text,
        spans,
        probs,
        rules: list[Finding],
        threshold: float,
        veto: tuple[float, float] = (0.0, 0.0),
        word_threshold: float = 0.0,
        first=None,
    ) -> list[Finding]:
        """The rules' findings plus the tagger's (tokens at or above `threshold`): a word inside a
        must-keep term is never removed by the tagger alone; then the rules 9 steps (`more_names`), a
        name found once removed at every occurrence, and titles taken inside their names' tags.

        `veto` = (by spelling, by context): a name the rules found where the tagger gives every word
        a chance below the limit of being personal is let go, unless it is a deny-list name or a
        word of it is in the names lists: the tagger overrules the rules' guesses on ordinary words
        and typos ("Expecially", "Xray", "said"). Names found by a clue ("midwife X", "X said")
        have their own, lower limit."""
        if max(veto) > 0:
            deny = self.lists.deny_pattern
            pii = 1.0 - probs[:, 0]
            starts, ends = [s for s, _ in spans], [e for _, e in spans]
            kept_rules = []
            for f in rules:
                piece = text[f.start : f.end]
                limit = veto[1] if f.source.endswith(":context") else veto[0]
                if (
                    f.entity == "PERSON"
                    and not f.source.endswith(":deny-list")
                    and not (deny and deny.search(piece))
                    and not any(self.lists.gazetteer(w) for w in re.findall(r"[^\W\d_]+", piece))
                ):
                    chances = [pii[i] for i in overlapped_tokens(starts, ends, f.start, f.end)]
                    if chances and max(chances) < limit:
                        continue
                kept_rules.append(f)
            rules = kept_rules
        rules = [
            f for f in rules if not (f.entity == "PERSON" and negated_stem(text, f.start, f.end, typed=True))
        ]
        after = self.record_slots.keep_after_spans(text)
        keep_spans = self._keep_spans(text) + after
        covered = SpanIndex((r.start, r.end) for r in rules)
        learned = []
        tagger_keep = self.record_slots.honorific_free(text, keep_spans)  # rules 33: "[Rukhsana] apa"
        for f in tagger_spans(text, spans, probs, threshold, tagger_keep):
            if not self._tagger_plausible(
                text, f, spans, probs, word_threshold, first
            ) and not self._extends_name(text, f, rules):
                continue
            if f.entity == "PERSON":
                start, end = trim_name(text, f.start, f.end)
                if start >= end:
                    continue
                f = Finding(start, end, f.entity, f.source)
                if (
                    self._tagger_acronym(text[start:end], text.isupper())
                    or re.match(r"\.[A-Z]\.", text[end : end + 3])
                    or self._tagger_predicate(text, start, end)
                    or thing_words(text, start, end, self._everyday)  # rules 13: "poppy flowers"
                ):
                    continue
            elif f.entity == "UK_ADDRESS" and (
                SERVICE_AFTER.match(text, f.end) or venue_street(text, f.start)
            ):
                continue  # rules 12: "Wells Road Hospital" names a service; rules 14: "the mosque on X"
            if guards.retrained_misreading(text, f, self.lists, self.lexicon):
                continue  # rules 55: "Labour Ward (LW)", "the Bev Centre", "went down the road", Tamil script
            # the rules' findings stay as they are: the tagger adds only what they left uncovered
            learned.extend(
                p
                for p in uncovered(text, f, covered)
                if not (p.entity == "PERSON" and re.fullmatch(r"\W*[a-z]\W*", text[p.start : p.end]))
            )  # rules 10: never a lone lower-case letter left over ("thanks [Leanne] x": a kiss)
        if learned and self.capital_pairs:
            learned = [f for f in learned if not thing_pair(text, f, rules + learned)]
        found = resolve_overlaps(rules + learned) if learned else rules
        found = self.more_names(text, found, keep_spans)
        found = self._repeat_names(text, found, keep_spans) if self.repeat_names else found
        found = self.with_titles(text, found)
        return self.record_slots.kept_after(text, found, after) if after else found
