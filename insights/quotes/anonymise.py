"""Offline anonymisation of women's words: Presidio + a spaCy model, plus the project's UK rules.

Every coded excerpt is anonymised ONCE, at import (insights.quotes.review.after_import); pages only show
the stored result. Personal details are replaced by a clear tag: [NAME], [PHONE], [EMAIL],
[NHS NUMBER], [POSTCODE], [ADDRESS], [DATE]. Hospitals, services, towns, nationalities,
languages, clinical words and roles ("the midwife", "her GP") are kept.

How it works (and why):

- Presidio's AnalyzerEngine runs the recognisers over a spaCy Doc made once per text, in batches
  (`nlp.pipe`). The spaCy model is the English `en_core_web_sm` 3.8.0 pipeline, installed as a
  Python package at set-up time and loaded from its folder by path: nothing is ever downloaded
  (Presidio's own loader would call `spacy.cli.download` for a missing model; we never call it).
  Its files are checked against a pinned digest before use, so a changed model fails closed.
  Only the NER component runs (it has its own tok2vec), which makes it about twice as fast.
- Presidio recognisers: spaCy PERSON entities, UK phone numbers through `phonenumbers` with region
  GB, NHS numbers with the modulus-11 check, UK postcodes (off by default in Presidio: enabled).
- The project's recognisers on top: names by context ("midwife Sarah", "Dr Okafor", "her husband
  Tomasz", "my name is ...", "Grace the midwife", lower-case and all-caps too), a gazetteer of
  first and family names from many cultures (data/anonymise/), unknown capitalised words that are
  not English words (the lemmatiser's word list) nor known places, the configurable deny-list of
  local staff names, UK phone formats, e-mail (a plain pattern: Presidio's e-mail recogniser calls
  tldextract, which fetches the public-suffix list over the network), house-number-and-street
  addresses and specific dates (not "14 weeks" or "last month").
- Overlaps are resolved by a fixed precedence (e-mail, NHS number, date, phone, postcode,
  address, name), adjacent names merge into one tag, and roles are kept: "Midwife [NAME]"; since
  rules 9 a title goes inside its name's tag ("Mrs Patel" -> "[NAME]": title and surname identify
  together).

If the model or Presidio cannot load, `Anonymiser()` and `get()` raise AnonymiserUnavailable and
the import path stores no anonymised text (fail closed): such excerpts are shown to no one but the
engagement officer.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import importlib.metadata
import importlib.util
import re
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from insights.quotes import context_words, suspects
from insights.quotes import tagger_guards as guards
from insights.quotes.added_names import (
    ADD_STEPS,
    TITLE_RANKS,
    heading_names,
    rare_family_word,
    schools_run_on,
)
from insights.quotes.added_names import STEPS as ADDED_STEPS
from insights.quotes.care_sites import STEPS as CARE_STEPS
from insights.quotes.care_sites import without_care_sites
from insights.quotes.context_model import shared as shared_context_model
from insights.quotes.context_stage import STEPS as CONTEXT_STEPS
from insights.quotes.context_stage import ContextStage
from insights.quotes.context_words import (  # names callers use as anonymise.<name> too
    CONTEXT_WORDS,
    MONTH_PREFIXES,
    NOT_BEFORE,
    PLACE_NOUNS,
    RELATIONS,
    ROLES,
    TITLES,
    WORD_SURNAMES,
)
from insights.quotes.handle_shapes import STEPS as HANDLE_STEPS
from insights.quotes.handle_shapes import group_owner_spans, speaker_findings, with_handles
from insights.quotes.label_slots import STEPS as LABEL_STEPS
from insights.quotes.label_slots import LabelSlots
from insights.quotes.lexicon import (  # names callers use as anonymise.<name> too
    ENTITIES,
    LONG_TEXT,
    MODEL_FOLDER,
    MODEL_PACKAGE,
    MODEL_SHA256,
    PLACE_ENTITIES,
    RULES_VERSION,
    SHORTHAND,
    TAGS,
    AnonymiserUnavailable,
    Finding,
    Lexicon,
    SpanIndex,
    apply_tags,
    as_text,
    deny_list_path,
    fold_word,
    in_pieces,
    load_lists,
    reading,
    resolve_overlaps,
    title_case_note,
    trim_name,
)
from insights.quotes.list_slots import STEPS as LIST_STEPS
from insights.quotes.list_slots import ListSlots
from insights.quotes.name_slots import ABSTRACT_NAMES
from insights.quotes.note_people import STEPS as PEOPLE_STEPS
from insights.quotes.note_people import NotePeople
from insights.quotes.note_rules import NAME_TITLE_WORDS, NoteRules, typo_postcode
from insights.quotes.note_rules import STEPS as NOTE_STEPS
from insights.quotes.plain_guards import (
    kept_word,
    late_names,
    lower_openings,
    month_range,
    negated_stem,
    person_openings,
    slot_names,
    without_field_labels,
    without_non_names,
    without_peoples,
)
from insights.quotes.public_keeps import with_public_keeps
from insights.quotes.recognisers import (  # names callers use as anonymise.<name> too
    EPONYM_NOUNS,
    load_presidio,
    make_recognisers,
    near_stop,
)
from insights.quotes.record_slots import LOWER_CASE_STEPS, RecordSlots, in_capitals, lowered
from insights.quotes.record_slots import STEPS as RECORD_STEPS
from insights.quotes.service_guards import LIST_GUARDS, without_hashtags, without_heading_words
from insights.quotes.service_guards import STEPS as SERVICE_STEPS
from insights.quotes.spoken_shapes import STEPS as SPOKEN_STEPS
from insights.quotes.spoken_shapes import with_spoken_shapes
from insights.quotes.tagger import CLASSES, TAGGER_PATH, Features, Tagger
from insights.quotes.tagger_merge import TaggerMerge
from insights.quotes.who_slots import STEPS as WHO_STEPS
from insights.quotes.who_slots import WhoSlots

# --- the engine ----------------------------------------------------------------------------------


def model_dir() -> Path:
    """Folder of the installed spaCy model package (raises AnonymiserUnavailable if absent)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AnonymiserUnavailable(
            f"the language model package {MODEL_PACKAGE} is not installed (run the set-up: make run)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / MODEL_FOLDER
    if not (folder / "meta.json").is_file():
        raise AnonymiserUnavailable(f"the language model files are missing from {folder}")
    return folder


def model_digest(folder: Path) -> str:
    """SHA-256 over a model folder's files (relative path and contents, in sorted order)."""
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(path.relative_to(folder).as_posix().encode())
        h.update(b"\0")
        h.update(path.read_bytes())
    return h.hexdigest()


#: The steps after the tagger: each is a switch on the engine, on unless a measurement (`train_tagger --off
#: STEP`) or a test turns it off on one engine (set on the class below); none changes the tagger's inputs. The engine's own: rules 8 (a name the rules
#: found extended by the tagger to its capitalised neighbours; a name found once removed wherever else it is
#: written the same way), rules 9 (a title inside its name's tag, "Mrs Patel" -> "[NAME]", roles outside; names
#: grown over their parts; chat speakers; a group's owner; a relative's short form), rules 10's name titles,
#: rules 19's capital pairs (tagger_guards.thing_pair), rules 20's final steps (plain_guards) and rules 28's
#: notes in capitals read in lower case, rules 53's transcript speakers that are months or keep words; then each rules module's STEPS, run in this order by `more_names`.
ENGINE_STEPS = (
    "extend_names", "repeat_names", "titles_inside", "grow_names", "speaker_labels", "group_owners",
    "short_relations", "name_titles", "capital_pairs", "final_steps", "capitals_lowered", "stamped_words",
)  # fmt: skip
SWITCHES = (
    *ENGINE_STEPS,
    *NOTE_STEPS,
    *LIST_STEPS,
    *WHO_STEPS,
    *RECORD_STEPS,
    *LABEL_STEPS,
    *PEOPLE_STEPS,
    *SERVICE_STEPS,
    *ADDED_STEPS,
    *SPOKEN_STEPS,
    *HANDLE_STEPS,
    *CARE_STEPS,
    *CONTEXT_STEPS,
)


class Anonymiser(TaggerMerge):
    """Finds personal information and replaces it with tags; `label` says which engine did it. The
    tagger's findings join the rules' in `tagger_merge.TaggerMerge`."""

    def __init__(
        self, deny_list: Path | None = None, verify_model: bool = True, tagger: Path | None = TAGGER_PATH
    ):
        if context_words.LOAD_ERROR:  # the rules' word lists are empty: fail closed
            raise AnonymiserUnavailable(context_words.LOAD_ERROR)
        try:
            pa, enhancer_base, ner_config, spacy_engine, base = load_presidio()
            import spacy
            from presidio_analyzer.nlp_engine import NlpArtifacts
        except ImportError as exc:
            raise AnonymiserUnavailable(f"Presidio or spaCy is not installed ({exc.name})") from exc
        folder = model_dir()
        if verify_model and model_digest(folder) != MODEL_SHA256:
            raise AnonymiserUnavailable(
                f"the language model in {folder} is not the vetted copy (its files have changed)"
            )
        started = time.perf_counter()
        try:
            nlp = spacy.load(
                folder, exclude=["tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
            )
        except Exception as exc:  # noqa: BLE001 -- any load failure means fail closed
            raise AnonymiserUnavailable(f"the language model could not be loaded: {exc}") from exc
        self.lexicon = Lexicon(folder)
        self.lists = load_lists(deny_list).with_lexicon(self.lexicon)
        # rules 7: the learned tagger (None only for training it: its features include the rules')
        self.tagger = Tagger(tagger) if tagger is not None else None
        self.features = Features(self.lists, self.lexicon)
        slots = self.lists.slot_view()  # rules 52: the person slots after the tagger read more word names
        self.slot_lists = slots
        self.note_rules = NoteRules(slots, self.lexicon)
        self.list_slots = ListSlots(slots, self.lexicon, self.note_rules.acronyms)
        self.who_slots = WhoSlots(slots, self.lexicon, self.note_rules.acronyms, self.list_slots._care_word)
        self.record_slots = RecordSlots(slots, self.lexicon, self.list_slots._care_word)
        self.label_slots = LabelSlots(slots, self.lexicon)  # rules 31
        self.note_people = NotePeople(self.record_slots)
        # rules 60: the contextual model's stage, last (fails closed like the spaCy model if its files are not vetted)
        self.context = ContextStage(
            slots, self.lexicon, shared_context_model(), self._keep_spans, self.record_slots.keep_after_spans
        )

        class OfflineSpacyEngine(spacy_engine):
            """Presidio's spaCy engine with our already-loaded model: it can never download one."""

            def load(self) -> None:
                """The model is loaded by path above; never fetch one."""

            def _doc_to_nlp_artifact(self, doc, language):
                """As Presidio's, without the lemmas, token offsets and keywords: only its context
                enhancer reads them, and that is off here (NoContextBoost). Speed: Presidio looked up
                every token's (empty) lemma in the vocabulary, note by note."""
                entities, scores = self._get_updated_entities(
                    self._get_entities(doc), self._get_scores_for_entities(doc)
                )
                return NlpArtifacts(
                    entities=entities,
                    tokens=doc,
                    tokens_indices=[],
                    lemmas=[],
                    nlp_engine=self,
                    language=language,
                    scores=scores,
                )

        mapping = {"PERSON": "PERSON", "PER": "PERSON"}
        ignore = [label for label in nlp.get_pipe("ner").labels if label not in mapping]
        engine = OfflineSpacyEngine(
            models=[{"lang_code": "en", "model_name": MODEL_PACKAGE}],
            ner_model_configuration=ner_config(
                model_to_presidio_entity_mapping=mapping, labels_to_ignore=ignore
            ),
        )
        engine.nlp = {"en": nlp}

        class NoContextBoost(enhancer_base):
            """Scores do not decide anything here (every finding is removed), so skip the lemma pass."""

            def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
                """Return the results as they are."""
                return raw_results

        registry = pa.RecognizerRegistry(supported_languages=["en"])
        for recogniser in make_recognisers(pa, base, self.lists, self.lexicon):
            registry.add_recognizer(recogniser)
        self.analyzer = pa.AnalyzerEngine(
            registry=registry,
            nlp_engine=engine,
            supported_languages=["en"],
            context_aware_enhancer=NoContextBoost(0, 0, 0, 0),
        )
        self.batch = pa.BatchAnalyzerEngine(self.analyzer)
        self.nlp = nlp
        self.load_seconds = time.perf_counter() - started
        presidio_version = importlib.metadata.version("presidio_analyzer")
        model_version = nlp.meta.get("version", "?")
        self.label = (
            f"presidio-analyzer {presidio_version}; en_core_web_sm {model_version}; "
            f"maternity rules {RULES_VERSION}; lists {self.lists.digest}"
            + (f"; tagger {self.tagger.digest}" if self.tagger else "")
        )

    # -- finding --------------------------------------------------------------------------------

    _KEEP_CACHE_SIZE = 8192

    def _keep_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the must-keep terms lie in a text. Remembered per text (speed: the rules and the
        tagger's merge each need them, and the keep pattern is a long list of phrases); a fresh list
        each time."""
        cache = self.__dict__.setdefault("_keep_cache", {})
        spans = cache.get(text)
        if spans is None:
            keep = self.lists.keep_pattern
            if len(cache) >= self._KEEP_CACHE_SIZE:
                cache.clear()
            spans = cache[text] = tuple((m.start(), m.end()) for m in keep.finditer(text)) if keep else ()
        return list(spans)

    def _clean(self, text: str, results) -> list[Finding]:
        keep_spans = self._keep_spans(text)
        kept = SpanIndex(keep_spans)
        kept_long = SpanIndex((ks, ke) for ks, ke in keep_spans if " " in text[ks:ke])
        findings = []
        for r in results:
            if r.entity_type not in TAGS:
                continue
            start, end = r.start, r.end
            metadata = r.recognition_metadata or {}
            source = metadata.get("recognizer_name", "")
            if metadata.get("rule"):
                source = f"{source}:{metadata['rule']}"  # rules 7: the tagger's veto reads which rule
            if (
                r.entity_type in PLACE_ENTITIES
                and kept.contains(start, end)
                and not source.endswith(":local_school_spans")  # rules 70: "kids at Westgate"
            ):
                continue  # "Ronald McDonald House" is a service, not an address
            if source == "UkPostcodeRecognizer" and typo_postcode(text, start, end):
                continue  # rules 48: "enjoy it10th anniversary" (IT is no postcode area) is a typo
            if r.entity_type == "PERSON":
                start, end = trim_name(text, start, end)
                if start >= end:
                    continue
                if month_range(text, start, end):
                    continue  # "Jan-June": months, not a name
                if negated_stem(text, start, end):
                    continue  # "midwife won't call": spaCy splits "wo|n't", and "wo" is no name
                clue = metadata.get("rule") == "context"  # a title, role or relative right next to it
                if not _after_title(text, start) and kept.contains(start, end):
                    clue_start = re.search(r"(\S+)\s+$", text[max(0, start - 30) : start])
                    lead = (
                        start - (len(text[max(0, start - 30) : start]) - clue_start.start(1))
                        if clue_start
                        else start
                    )
                    if not clue or (lead < start and kept.contains(lead, end)):
                        continue  # "Baby Bank" is a service even after "baby"
                    lead_word = clue_start.group(1).lower() if clue_start else ""
                    if lead_word not in ROLES | RELATIONS | TITLES and kept_long.contains(start, end):
                        continue  # rules 5: "transferred to William Harvey": a service's own name
                if source == "SpacyRecognizer":
                    start, end = self._trim_everyday(text, start, end)
                    if start >= end or not self._plausible_person(text, start, end):
                        continue
            if r.entity_type == "PERSON":
                start, end = self._other_half(text, start, end)
                if metadata.get("rule") != "context" and self._in_place_list(text, start, end):
                    continue  # "I go to Darlington, James Cook, Sedgefield": a list of places
            findings.append(Finding(start, end, r.entity_type, source))
        findings.extend(self._greeting_names(text, keep_spans))
        return resolve_overlaps(findings)

    #: Rules 8: a message's writer or reader named in its greeting ("hey its jade", "hope here",
    #: "hiya ruth"): a first name of 3+ letters, whatever its case.
    _GREETING = re.compile(
        r"(?i)(?:\b(?:it'?s|its|hiya|hey|hi|hello)\s+([a-z]{3,})\b(?=\s*(?:here\b|from\b|frm\b|[^\w\s]|$))"
        r"|(?:^|[\"“:]\s*)([a-z]{3,})\s+here\b)"
    )

    def _greeting_names(self, text: str, keep_spans) -> list[Finding]:
        """Rules 8: first names in a message's greeting or sign-in ("its amber 😊", "\"faith here 🙏",
        "hiya ruth its mel"), outside must-keep terms."""
        out = []
        for m in self._GREETING.finditer(text):
            g = 1 if m.group(1) else 2
            word = fold_word(m.group(g))
            if word not in self.lists.first_names or word in CONTEXT_WORDS or word in _STOP:
                continue
            start, end = m.span(g)
            if not any(ks < end and start < ke for ks, ke in keep_spans):
                out.append(Finding(start, end, "PERSON", "MaternityNameRules:greeting"))
        return out

    _LIST_BEFORE = re.compile(r"([A-Z][a-z]+),\s*$")
    _LIST_AFTER = re.compile(r"^(?:\s+[A-Z][a-z]+)?,\s*([A-Z][a-z]+)")

    _LIST_END = re.compile(r"([A-Z][a-z]+),\s*([A-Z][a-z]+),?\s+(?:and|or|&)\s+$")

    def _in_place_list(self, text: str, start: int, end: int) -> bool:
        """A capitalised name between two known places in a comma list, or ending a list after two (rules 16:
        "Sedgefield, Woodlands, and Bishop")."""
        last = self._LIST_END.search(text[max(0, start - 60) : start])
        if last and all(self._known_place(w) for w in last.groups()):
            # not a first name of the gazetteer: "Sedgefield, Stockton and Tracey" stays a name
            return not any(self.lists.gazetteer(w) for w in re.findall(r"[A-Za-z]+", text[start:end]))
        before = self._LIST_BEFORE.search(text[max(0, start - 40) : start])
        after = self._LIST_AFTER.match(text[end : end + 40])
        return bool(
            before and after and self._known_place(before.group(1)) and self._known_place(after.group(1))
        )

    def _known_place(self, word: str) -> bool:
        """A place of the vocabulary that is no gazetteer name."""
        return fold_word(word) in self.lists.vocab and not self.lists.gazetteer(word)

    _NEXT_WORD = re.compile(r"[ \t]+([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)")
    _PREV_WORD = re.compile(r"([A-Za-z][A-Za-z'’]*(?:-[A-Za-z]+)*)[ \t]+$")

    def _half_name(self, word: str) -> bool:
        """The other half of a two-part name: a family name, or a word that is not English."""
        w = fold_word(word)
        if len(word) == 1:
            return word.isupper() and word not in "AI"  # "Agnieszka K"
        if w in CONTEXT_WORDS or w in PLACE_NOUNS or w in self.lists.keep_words or w in _STOP:
            return False
        if self.lists.unambiguous(w) or (w in self.lists.surnames and word[0].isupper()):
            return True
        if (
            w in self.lists.surnames
            and len(w) > 2
            and w not in WORD_SURNAMES
            and word.islower()
            and not self.lists.known_thing(w)
        ):
            return True  # "[NAME] smith": a family name typed in lower case
        if self.lists.known_thing(w) or self.lexicon.typo(w):
            return False
        if w.endswith("nt") and len(w) > 3 and w[:-2] in _STOP:
            return False  # "didnt", "wasnt": a contraction typed without its apostrophe
        return w not in self.lexicon

    def _other_half(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Grow a name over the other half of a two-part name ("[NAME] randhawa")."""
        for _ in range(2):
            m = self._NEXT_WORD.match(text, end)
            if not m or not self._half_name(m.group(1)) or _glued(text, m.end(1)):
                break
            end = m.end(1)
        m = self._PREV_WORD.search(text[max(0, start - 40) : start])
        if m and self._half_name(m.group(1)) and (m.group(1)[0].isupper() or not text[start].isupper()):
            start = start - len(text[max(0, start - 40) : start]) + m.start(1)
        return start, end

    def _trim_everyday(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Drop everyday words the model took into a name in capitals or lower case ("OKAFOR NEVER")."""
        words = [
            (m.start() + start, m.end() + start, m.group(0)) for m in re.finditer(r"\S+", text[start:end])
        ]

        def everyday(word: str) -> bool:
            bare = word.strip(".,;:!?'’\"()")
            if not bare or self.lists.unambiguous(bare):
                return False
            if fold_word(bare) in self.lists.keep_words or fold_word(bare) in CONTEXT_WORDS or bare in "-–":
                return True  # "Svetlana - Ukrainian": the nationality is not part of the name
            if bare.isupper() and 2 <= len(bare) <= 4 and not self.lists.gazetteer(bare) and not shouty:
                return True  # rules 5: "Honey Campbell - PPH": an acronym is not part of the name
            return (bare.isupper() or bare.islower()) and (
                fold_word(bare) in self.lexicon or self.lexicon.typo(bare)
            )

        shouty = text[start:end].isupper()
        while words and everyday(words[-1][2]):
            words.pop()
        while words and everyday(words[0][2]):
            first = fold_word(words[0][2].strip(".,;:!?'’\"()"))
            if (
                len(words) > 1
                and first not in self.lexicon
                and first not in self.lists.keep_words
                and fold_word(words[1][2]) in self.lists.surnames
            ):
                break  # rules 5: "harpal singh": a first name the spelling check took for a typo
            words.pop(0)
        return (words[0][0], words[-1][1]) if words else (start, start)

    def _plausible_person(self, text: str, start: int, end: int) -> bool:
        """The model's PERSON, unless it is only everyday words ("Felt", or "Grace" opening a sentence)."""
        words = re.findall(r"[^\W\d_]+", text[start:end])
        if not words:
            return False
        opening_word = not text[:start].strip() or text[:start].rstrip()[-1] in ".!?"
        everyday = [
            (opening_word and not self.lists.gazetteer(w) and near_stop(fold_word(w)))
            or fold_word(w) in CONTEXT_WORDS
            or fold_word(w) in self.lists.keep_words
            or (fold_word(w) in self.lexicon and not self.lists.gazetteer(w))
            or (not self.lists.gazetteer(w) and (self.lists.known_thing(w) or self.lexicon.typo(w)))
            for w in words
        ]
        if all(everyday):
            return False
        if (
            len(words) == 1
            and words[0].isupper()
            and len(words[0]) <= 4
            and not self.lists.gazetteer(words[0])
        ):
            return False  # "RVI", "QEH": an acronym
        after = re.match(r"\s+([A-Za-z]+)", text[end:])
        if after and fold_word(after.group(1)) in PLACE_NOUNS | EPONYM_NOUNS:
            return False  # "James Cook hospital"
        before = text[max(0, start - 30) : start].lower()
        if not any(
            self.lists.gazetteer(w) and fold_word(w) not in self.lists.vocab for w in words
        ) and re.search(
            r"(?:\b(?:at|from|in|into|out of|near)|\b(?:go|went|going|came|come|moved|referred|reffered|"
            r"transferred|sent|taken|back|way) to)\s+$",
            before,
        ):
            return False  # "came to Kingsley", "out of Rampton": a place

        ambiguous = all(e or fold_word(w) in self.lists.common for e, w in zip(everyday, words, strict=True))
        opening = not text[:start].strip() or text[:start].rstrip()[-1] in ".!?;:\"'(“‘"
        return not (ambiguous and opening)

    def find(self, text: str) -> list[Finding]:
        """Personal information in one text, non-overlapping, in order."""
        return self.find_many([text])[0]

    def find_many(self, texts: Sequence[str], batch_size: int = 256) -> list[list[Finding]]:
        """Personal information in many texts (one spaCy pass over batches): the rules' findings
        and the tagger's (rules 7), overlaps resolved. Each text is read as `lexicon.reading` gives it
        (rules 24: lookalike and invisible characters), and what is found is in the text's own offsets."""
        views = [reading(as_text(t)) for t in texts]
        found = self._find_read([v.text for v in views], batch_size)
        return [v.findings(fs) for v, fs in zip(views, found, strict=True)]

    def _find_read(self, items: list[str], batch_size: int) -> list[list[Finding]]:
        """`find_many` on texts already read (`lexicon.reading`)."""
        if any(len(t) > LONG_TEXT for t in items):  # spaCy's limit: read in pieces
            return in_pieces(items, lambda pieces: self._find_read(pieces, batch_size))
        ruled = self.rule_findings_many(items, batch_size)
        if self.tagger is None:
            found = [
                self.with_titles(text, rules) for text, (rules, _people) in zip(items, ruled, strict=True)
            ]
        else:
            found = [
                self._with_tagger(text, rules, people) if text.strip() else []
                for text, (rules, people) in zip(items, ruled, strict=True)
            ]
        if not self.final_steps:
            return found
        kept = functools.partial(kept_word, lists=self.lists)
        english, starts = self.lexicon.__contains__, self.lexicon.starts_word
        guarded = [
            slot_names(
                text,
                person_openings(
                    text,
                    late_names(
                        text,
                        lower_openings(
                            text,
                            self._final_guards(text, fs, english, starts),
                            self.lists,
                            self.lexicon.frequency,
                        ),
                        self.lists.baby_words,
                    ),
                    self.lists,
                    self.lexicon.frequency,
                    english,
                ),
                kept,
            )  # rules 31: even with none found; rules 69: names read from their shape
            for text, fs in zip(items, found, strict=True)
        ]
        if not (self.context_model or self.context_veto):
            return guarded
        return [  # rules 60 and 61: the contextual model adds names (never what the final guards let go) and vetoes
            self.context.reviewed(text, after, before, veto=self.context_veto, add=self.context_model)
            for text, before, after in zip(items, found, guarded, strict=True)
        ]

    def _final_guards(self, text: str, found: list[Finding], english, starts) -> list[Finding]:
        """What the last steps drop or cut: findings that are no names (`without_non_names`), then a form's field
        label a name in capitals swallowed (rules 27, `without_field_labels`); rules 31: a named room, suite or bay,
        a campaign's hashtag, a local place typed wrong and a saint's church let go (`service_guards`),
        then e-mails read out letter by letter and service numbers added (`spoken_shapes`); rules 32: chat user names
        added (`handle_shapes`); rules 44: public numbers, districts named as areas, greetings and honorifics let go
        (`public_keeps`); rules 56: services' and care buildings' names, common lower-case words, file extensions
        (`care_sites`)."""
        found = without_field_labels(text, without_non_names(text, found, self.lists, self.lexicon, starts))
        if self.hashtags:
            found = without_hashtags(text, found, self.lists, english, self.lexicon.frequency)
        for step, guard in LIST_GUARDS:  # rooms, places typed wrong, saints' churches, located places
            if getattr(self, step):
                found = guard(text, found, self.lists)
        found = guards.with_rules42_names(text, found, self.lists, self.lexicon, self.naming_slots)
        found = with_handles(text, with_spoken_shapes(text, found, self), self, self.record_slots._never)
        found = with_public_keeps(text, found, self.lists)  # rules 44
        if self.heading_words:  # rules 52
            found = without_heading_words(text, found, self.lists, self.lexicon.frequency)
        if self.care_sites:  # rules 56
            found = without_care_sites(text, found, self.lists, self.lexicon)
        return without_peoples(text, found)  # rules 69

    def rule_findings_many(
        self, texts: Sequence[str], batch_size: int = 256
    ) -> list[tuple[list[Finding], list[tuple[int, int]]]]:
        """The rules' findings per text, with spaCy's raw PERSON spans (the tagger's inputs)."""
        out: list[tuple[list[Finding], list[tuple[int, int]]]] = []
        items = [as_text(t) for t in texts]
        results = self.batch.analyze_iterator(items, language="en", batch_size=batch_size, entities=ENTITIES)
        for text, found in zip(items, results, strict=True):
            if not text.strip():
                out.append(([], []))
                continue
            people = [
                (r.start, r.end)
                for r in found
                if r.entity_type == "PERSON"
                and (r.recognition_metadata or {}).get("recognizer_name") == "SpacyRecognizer"
            ]
            out.append((self._clean(text, found), people))
        return out

    def more_names(self, text: str, found: list[Finding], keep_spans) -> list[Finding]:
        """Rules 9: names found grown over their other parts, and names in chat labels and group names."""
        extra: list[Finding] = []
        if self.speaker_labels:
            extra += self._speaker_names(text)
        if self.group_owners:
            extra += self._group_owners(text)
        if self.short_relations:
            extra += self._short_relations(text)
        notes = self.note_rules
        for step in NOTE_STEPS:
            if getattr(self, step):
                extra += getattr(notes, step)(text, found)
        for step in LIST_STEPS:  # rules 11
            if getattr(self, step):
                extra += getattr(self.list_slots, step)(text, found)
        for step in WHO_STEPS:  # rules 12
            if getattr(self, step):
                extra += getattr(self.who_slots, step)(text, found)
        for step in RECORD_STEPS:  # rules 17
            if getattr(self, step):
                extra += getattr(self.record_slots, step)(text, found)
        for step in LABEL_STEPS:  # rules 31
            if getattr(self, step):
                extra += getattr(self.label_slots, step)(text, found)
        if self.capitals_lowered and in_capitals(text):  # rules 28: "AFSANA SAID" read as "afsana said"
            low = lowered(text)
            for step in LOWER_CASE_STEPS:
                extra += getattr(self.record_slots, step)(low, found)
            extra += self.note_people.named_in_full(low, found)  # "SKY (SKYLAR DREW)"
            if self.heading_names:  # rules 52: "GRACE - DNA X2, LETTER SENT" read as "grace - dna x2"
                extra += heading_names(low, found + extra, self.slot_lists)
        for step, add in ADD_STEPS:  # rules 49 to 51: "Gurpreet Ward", "Joy the hca", "Paddy (the caretaker)"
            if getattr(self, step):
                extra += add(text, found + extra, self.slot_lists)
        for step in PEOPLE_STEPS:  # rules 18: they see the names the steps above found
            if getattr(self, step):
                extra += getattr(self.note_people, step)(text, found + extra)
        kept = SpanIndex(keep_spans)
        others = SpanIndex((g.start, g.end) for g in found if g.entity != "PERSON")  # not a scan per finding
        # rules 28: a street or block may start with a kept place ("rosherville way"); rules 29: "Jamaica says"
        extra = [
            f
            for f in extra
            if not (
                kept.contains(f.start, f.end) and not f.source.endswith(":year-school")  # "yr 12 at Leigh"
                if f.entity in PLACE_ENTITIES
                else kept.overlaps(f.start, f.end)
                and not f.source.endswith(
                    (":place-person", ":month-name", ":stamped-word", ":hyphen-name", ":alias")
                )
            )
            and not others.overlaps(f.start, f.end)
        ]
        if extra:
            found = resolve_overlaps(found + extra)
        if self.grow_names:
            others = [(g.start, g.end) for g in found if g.entity != "PERSON"]
            grown = [self._grow(text, f, keep_spans + others) if f.entity == "PERSON" else f for f in found]
            if grown != found:
                found = resolve_overlaps(grown)
        if self.name_titles:
            found = self.note_rules.name_titles(text, found)
        return schools_run_on(text, found) if self.year_schools else found

    _HYPHEN_AFTER = re.compile(r"[-‐]([A-Za-z][a-z]+)\b(?![-'’])")
    _HYPHEN_BEFORE = re.compile(r"\b([A-Za-z][a-z]+)[-‐]$")
    _NEXT_LOWER = re.compile(r"[ ]([a-z]+(?:-[a-z]+)?)\b(?![-'’])")
    _NEXT_TITLED = re.compile(r"[ \t]([A-Z][a-z]+)\b(?![-'’@.]\w)")
    _PREV_TITLED = re.compile(r"(?<![\w'’-])([A-Z][a-z]+)[ \t]$")
    _NEXT_INITIAL = re.compile(r"[ \t]([b-hj-mo-qs-wz])\b(?![.'’-])")
    _NOT_INITIAL_AFTER = re.compile(r"[ \t]*(?:[/&+=]|'|’)")

    def _a_name(self, word: str) -> bool:
        """A word of the names lists that is not also a context, stop, keep, place or month word."""
        w = fold_word(word)
        return (
            (w in self.lists.names or w in self.lists.word_names)
            and w not in CONTEXT_WORDS
            and w not in PLACE_NOUNS
            and w not in _STOP
            and w not in self.lists.keep_words
            and w not in MONTH_PREFIXES
            and w not in _DAYS
            and w not in ABSTRACT_NAMES
            and w not in self.lists.clinical
        )

    def _grow(self, text: str, f: Finding, keep_spans) -> Finding:
        """Rules 9: a name grown over the rest of a hyphenated name ("Sophie-[Leigh]", "[Okafor]-Reid"),
        a capitalised first or family name right next to it ("FOB [Aaron] Pratt", "Kerry [Pratt]"
        when a names list knows the word), and a lower-case initial or family name after a lower-case name
        ("leanne [h]", rules 28: "mum [evie] keel"); never into a must-keep term or another kind of finding (`keep_spans`)."""
        start, end = f.start, f.end
        piece = text[start:end]
        m = self._HYPHEN_AFTER.match(text, end)
        if m and (m.group(1)[0].isupper() or self._a_name(m.group(1))) and fold_word(m.group(1)) not in _STOP:
            end = m.end(1)
        m = self._HYPHEN_BEFORE.search(text, max(0, start - 20), start)
        if m and (m.group(1)[0].isupper() or self._a_name(m.group(1))) and fold_word(m.group(1)) not in _STOP:
            start = m.start(1)
        words = re.findall(r"[^\W\d_]+", piece)
        titled = bool(words) and all(w[0].isupper() and not w.isupper() for w in words)
        if titled and not title_case_note(text):
            m = self._NEXT_TITLED.match(text, end)
            if m and (self._a_name(m.group(1)) or self.record_slots.unknown_family(piece, m.group(1))):
                end = m.end(1)
            m = self._PREV_TITLED.search(text, max(0, start - 20), start)
            if m and self._a_name(m.group(1)) and fold_word(m.group(1)) not in self.lists.common:
                start = m.start(1)
        elif piece.islower() and len(piece) > 2:
            m = self._NEXT_INITIAL.match(text, end)
            if m and not self._NOT_INITIAL_AFTER.match(text, m.end(1)):
                end = m.end(1)
            m = self._NEXT_LOWER.match(text, end)  # rules 28: "mum [evie] keel", "partner [storm] whitlock"
            if m and (
                self.record_slots.family_word(m.group(1), typo_ok=True)
                or rare_family_word(m.group(1), text[m.end(1) : m.end(1) + 1], self.lexicon, self.lists)
            ):
                end = m.end(1)
        snap = end
        while snap < len(text) and text[snap].isalpha() and text[snap - 1].isalpha():
            snap += 1  # rules 29: never a name cut inside a word ("Siobhán N|í": "í" is not in [a-z])
        # "wo|nt", "Dare|nt": a negative spaCy splits; rules 34: the cut word leaves the name ("Emma Dare|nt Valley")
        if text[end:snap].lower() != "nt":
            end = snap
        elif (cut := text.rfind(" ", start, end)) > start:
            end = cut
        if (start, end) == (f.start, f.end) or any(
            ks < end and start < ke and not (ks < f.end and f.start < ke) for ks, ke in keep_spans
        ):
            return f
        return Finding(start, end, f.entity, f.source)

    def _speaker_names(self, text: str) -> list[Finding]:
        """Rules 9, 31, 42, 52 and 53: the writers of chat messages (insights.quotes.handle_shapes.speaker_findings)."""
        return speaker_findings(text, self._a_name, self.slot_lists, self.stamped_words)

    #: A relative written short in case notes and chats, then a capitalised word: "FOB Troy", "her bf
    #: Kyle", "MGM Pauline" (father of baby, boyfriend, maternal grandmother).
    _SHORT_RELATION = re.compile(
        r"(?i:\b(?:fob|f\.o\.b\.?|bf|gf|mgm|pgm|mgf|pgf|ptnr|p/ner|ex-p)(?![\w/]))[ \t:]+([A-Z][a-z]+)\b(?![-'’@.]\w)"
    )

    def _short_relations(self, text: str) -> list[Finding]:
        """Rules 9: a name after a relative's abbreviation (also a place or a word of the names lists, as
        after "her partner": "FOB Cairo"); never a stop, context or must-keep word nor an English word
        that no names list knows ("FOB Informed")."""
        out = []
        for m in self._SHORT_RELATION.finditer(text):
            word = m.group(1)
            w = fold_word(word)
            if w in _STOP or w in CONTEXT_WORDS or w in PLACE_NOUNS or w in self.lists.keep_words:
                continue
            if w in self.lexicon and not (self._a_name(word) or w in self.lists.vocab):
                continue
            out.append(Finding(m.start(1), m.end(1), "PERSON", "MaternityNameRules:short-relation"))
        return out

    def _group_owners(self, text: str) -> list[Finding]:
        """Rules 9: the person a group is named after (insights.quotes.handle_shapes.group_owner_spans)."""
        spans = group_owner_spans(text, self.lists, self._a_name)
        return [Finding(s, e, "PERSON", "MaternityNameRules:group") for s, e in spans]

    def with_titles(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 9: each name's finding widened over a title written right before it ("Dr", "mrs",
        "Prof.", "Miss" only capitalised: "I miss Sarah" keeps its verb); rules 57: and a rank ("PC", "Cllr"); rules 59:
        a couple's first title too ("Mr and Mrs Thorne", "Mr & Mrs Okafor")."""
        if not self.titles_inside:
            return found
        out = []
        for f in found:
            if f.entity == "PERSON":
                m = _TITLE_AT_END.search(text, max(0, f.start - 14), f.start) or _RANK_AT_END.search(
                    text, max(0, f.start - 14), f.start
                )
                if m and (
                    m.group(1).lower() != "miss" or m.group(1)[0].isupper() or _titled_miss(text, m.start())
                ):
                    f = Finding(m.start(), f.end, f.entity, f.source)
                    joint = _JOINT_TITLE.search(text, max(0, f.start - 10), f.start)
                    f = Finding(joint.start(), f.end, f.entity, f.source) if joint else f
            out.append(f)
        return _with_religion_surnames(text, _joined_particles(text, out))

    def _extends_name(self, text: str, f: Finding, rules: Sequence[Finding]) -> bool:
        """Rules 8: a tagger's name of two or more capitalised words, one of which the rules found as a
        name somewhere in the note ("Rose Kemble said ... Rose agreed"; "Georgia Platt said", the
        rules finding "Georgia"), is taken even when its other words are ordinary or open the
        sentence: the rules' finding settles that the run is a person's name."""
        if not self.extend_names or f.entity != "PERSON":
            return False
        words = re.findall(r"[^\W\d_]+", text[f.start : f.end])
        if len(words) < 2 or not all(w[0].isupper() and fold_word(w) not in CONTEXT_WORDS for w in words):
            return False
        named = {
            w for r in rules if r.entity == "PERSON" for w in re.findall(r"[^\W\d_]+", text[r.start : r.end])
        }
        return any(w in named for w in words)

    def _repeat_names(self, text: str, found: list[Finding], keep_spans) -> list[Finding]:
        """Rules 8: the words of each name found (3+ letters, not a title, role, relative or other
        context word, not an ordinary word written in lower case or capitals) are removed wherever
        else the note spells them exactly so, as whole words outside must-keep terms: "Present:
        Kerry, Joy ... Joy agreed"."""
        words = set()
        for f in found:
            if f.entity != "PERSON":
                continue
            for w in re.findall(r"[^\W\d_]{3,}", text[f.start : f.end]):
                low = fold_word(w)
                ordinary = low in self.lexicon or low in self.lists.common or low in self.lists.word_names
                if (
                    low in CONTEXT_WORDS
                    or low in _STOP
                    or w in NAME_TITLE_WORDS
                    or ((w.islower() or w.isupper()) and ordinary)
                ):
                    continue  # "NAME: AMBER FOX / AMBER FLAG ON NOTES": no case to tell them apart
                words.add(w)
        if not words:
            return found
        taken = SpanIndex([(f.start, f.end) for f in found] + list(keep_spans))
        uses: dict[str, list[Finding]] = {w: [] for w in sorted(words)}
        # one pass over the note, not one per name word (that was quadratic on long notes)
        for m in _ALNUM_RUN.finditer(text):
            if m.group() in uses:
                s, e = m.span()
                if not (taken.overlaps(s, e) or guards.place_use(text, s, e, self.lists)):
                    uses[m.group()].append(Finding(s, e, "PERSON", "NameRepeat"))
        extra = [f for fs in uses.values() for f in fs]
        return resolve_overlaps(found + extra) if extra else found

    # -- what is left -------------------------------------------------------------------------

    @functools.cached_property
    def vocabulary(self) -> suspects.Vocabulary:
        """The dictionaries the reviewer's highlights use (see insights.quotes.suspects)."""
        lists, lexicon = self.lists, self.lexicon
        everyday = frozenset(
            w
            for w in lists.first_names
            if (w in lists.common or w in lexicon)
            and w not in _STOP
            and w not in CONTEXT_WORDS
            and w not in NOT_BEFORE
        )
        frequency = lexicon.frequency  # marks 2: common spellings WordNet lacks ("dont", "ok", "covid")
        return suspects.Vocabulary(
            english=lambda w: w in _STOP or w in CONTEXT_WORDS or w in lexicon or w in frequency,
            # marks 2: service and clinical acronyms and care words too ("CPN", "COPD", "carer")
            known=lambda w: (
                lists.known_thing(w) or w in PLACE_NOUNS or w in lists.acronyms or w in lists.clinical
            ),
            typo=lambda w: w in SHORTHAND or lexicon.typo(w),
            name_word=everyday.__contains__,
        )

    _SUSPECT_CACHE_SIZE = 4096

    def suspects(self, text: str) -> list[suspects.Suspect]:
        """Possible identifiers left in an anonymised text, for the reviewer's eye: the word checks of
        insights.quotes.suspects and, since marks 2, the words the tagger half-suspects. Kept per engine
        for the most recent texts, so re-rendering Quote review does not recompute them (stored
        excerpts never change under one engine: a new engine is a new cache)."""
        cache = self.__dict__.setdefault("_suspect_cache", {})
        text = as_text(text)
        found = cache.get(text)
        if found is None:
            if len(cache) >= self._SUSPECT_CACHE_SIZE:
                cache.clear()
            view = reading(text)  # rules 24: read as the anonymiser reads, marked in the text's own offsets
            read = suspects.combined(
                suspects.find_suspects(view.text, self.vocabulary), self._model_suspects(view.text)
            )
            found = cache[text] = tuple(
                dataclasses.replace(s, start=a, end=b, word=text[a:b])
                for s in read
                for a, b in [view.back(s.start, s.end)]
            )
        return list(found)

    def _model_suspects(self, text: str) -> list[suspects.Suspect]:
        """Marks 2: the words of an anonymised text the tagger half-suspects (its chances, read again on
        the anonymised text, at least suspects.MODEL_CHANCE)."""
        if self.tagger is None or not text.strip():
            return []
        ((rules, people),) = self.rule_findings_many([text])
        spans, _first, probs = self._tagger_chances(text, rules, people)
        if not spans:
            return []
        kinds = [CLASSES[1 + int(row[1:].argmax())] for row in probs]
        chances = (1.0 - probs[:, 0]).tolist()
        return suspects.model_suspects(text, spans, chances, kinds, plain=self._plain_word)

    @functools.cached_property
    def _plain_word(self):
        """Marks 2: a lower-case word the tagger's half-suspicion does not mark: in the frequency list and
        in no names list ("away", "house"; not "hope", "sage", "will")."""
        lists, frequency = self.lists, self.lexicon.frequency
        names = lists.first_names | lists.surnames | lists.word_names | lists.nicknames | lists.names
        return lambda w: frequency.get(w, 0.0) >= PLAIN_ZIPF and w not in names

    # -- replacing ------------------------------------------------------------------------------

    def anonymise(self, text: str) -> str:
        """One text with its personal information replaced by tags."""
        return apply_tags(text, self.find(text))

    def anonymise_many(self, texts: Sequence[str], batch_size: int = 256) -> list[str]:
        """Many texts, in order; identical texts are analysed once."""
        texts = [as_text(t) for t in texts]
        unique = list(dict.fromkeys(texts))
        done = dict(
            zip(
                unique,
                (apply_tags(t, f) for t, f in zip(unique, self.find_many(unique, batch_size), strict=True)),
                strict=True,
            )
        )
        return [done[t] for t in texts]


for _step in SWITCHES:  # every step on by default (an engine may turn one off)
    setattr(Anonymiser, _step, True)

from spacy.lang.en.stop_words import STOP_WORDS as _STOP  # noqa: E402

#: Marks 2: a lower-case word at least this common (Zipf 5: 100 per million words) and in no names list is
#: not marked on the tagger's half-suspicion alone ("away", "house"); rarer words stay ("bear", "rocky").
PLAIN_ZIPF = 5.0
_DAYS = frozenset(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])
#: A whole run of letters and digits: `_repeat_names` reads a name word said again only as a whole run.
_ALNUM_RUN = re.compile(r"[^\W_]+")
_TITLE_BEFORE = re.compile(r"\b(?:dr|mr|mrs|ms|miss|mx|prof|professor)\.?\s+$", re.IGNORECASE)
#: Rules 59 (blind69: "a letter of thanks from Mr and Mrs Thorne"): the first title of a couple's.
_JOINT_TITLE = re.compile(r"(?<![^\W_])(?:Mr|Mrs|Ms|Dr|MR|MRS)\.?[ ](?:and|&|AND)[ ]\Z")
_TITLE_AT_END = re.compile(r"(?<![^\W_])(dr|mr|mrs|ms|miss|mx|prof|professor)\.?[ \t]{1,3}$", re.IGNORECASE)
#: Rules 57: a rank written as a title before a name (`added_names.TITLE_RANKS`), as "Dr" and "Mrs".
_RANK_AT_END = re.compile(rf"(?<![^\W_])({TITLE_RANKS})\.?[ \t]{{1,3}}$")


#: Rules 57: the word before a lower-case "miss" when it is the verb ("i miss", "really miss", "going to miss").
_MISS_VERB_BEFORE = re.compile(
    r"(?i)(?:\b(?:i|we|you|they|he|she|u|really|will|would|do|don't|dont|didn't|didnt|never|still|also|always|"
    r"not|gonna|might|may|could|can|can't|cant|must|all|both|so|i'll|we'll|you'll|already|to|did|does)|['’]ll)[ ]+\Z"
)
#: Rules 57: "to miss" after a verb of contact is the title ("spoke to miss adeyemi").
_MISS_CONTACT_BEFORE = re.compile(
    r"(?i)\b(?:spoke|speak|speaking|talk|talked|talking|said|say|went|go|goes|wrote|write|sent|send|gave|give|"
    r"handed|passed|explained|mentioned|introduced|thanks|thank)[ ]+to[ ]+\Z"
)


def _titled_miss(text: str, start: int) -> bool:
    """Rules 57 (blind65: "in reception with miss adeyemi"): a lower-case "miss" before a name found is the title
    unless a subject, an auxiliary or "to" shows the verb ("i miss sarah", "going to miss gran")."""
    before = text[max(0, start - 30) : start]
    return not _MISS_VERB_BEFORE.search(before) or bool(_MISS_CONTACT_BEFORE.search(before))


#: Rules 57 (blind65: "María del Carmen"): a family name's particle between two names found.
_PARTICLE = re.compile(
    r"[ ](?:de|del|della|da|das|do|dos|di|van|von|der|den|bin|binti|ibn|al|el|ter|ten)[ ]\Z"
)


def _joined_particles(text: str, found: list[Finding]) -> list[Finding]:
    """Two names found with only a family name's particle between them are one name ("María del Carmen", "Ahmad bin
    Ismail"): the particle is no word of the sentence around it."""
    out: list[Finding] = []
    for f in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.entity == f.entity == "PERSON"
            and f.start - prev.end <= 8
            and _PARTICLE.search(text, prev.end - 1, f.start)
            and text[prev.end : f.start].strip()
        ):
            out[-1] = Finding(prev.start, f.end, "PERSON", prev.source)
            continue
        out.append(f)
    return out


#: Rules 57 (blind62, blind6, blind21, blind24: "Sadia Islam", "husband Ashraful Islam"): "Islam" right after a name
#: found is a Bengali family name, not the faith (a kept word, so the tagger's run stopped before it).
_ISLAM_AFTER = re.compile(r"[ ]Islam\b(?!-)")
_FAITH_BEFORE = frozenset({"sunni", "shia", "shiite", "sufi", "political", "radical", "british", "modern"})


def _with_religion_surnames(text: str, found: list[Finding]) -> list[Finding]:
    """A name found, its last word capitalised and no faith's word ("Sunni", "Shia"), with "Islam" right after it: the
    family name too (the spaCy and tagger finds hold given names no list has: "Selina", "Ashraful")."""
    out = []
    for f in found:
        last = re.findall(r"[^\W\d_]+", text[f.start : f.end])
        m = _ISLAM_AFTER.match(text, f.end)
        if (
            m
            and f.entity == "PERSON"
            and last
            and last[-1][:1].isupper()
            and fold_word(last[-1]) not in _FAITH_BEFORE
        ):
            f = Finding(f.start, m.end(), f.entity, f.source)
        out.append(f)
    return out


def _glued(text: str, end: int) -> bool:
    """Rules 6: the word ends inside an address or handle ("Ola Nowak ola.nowak@wp.pl")."""
    nxt = text[end : end + 2]
    return nxt[:1] in {"@", "_"} or (nxt[:1] == "." and nxt[1:2].isalnum())


def _after_title(text: str, start: int) -> bool:
    return bool(_TITLE_BEFORE.search(text[max(0, start - 12) : start]))


# --- process-wide access -----------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _cached(deny_list: str, deny_mtime: float) -> Anonymiser:
    return Anonymiser(Path(deny_list))


def get() -> Anonymiser:
    """The process's anonymiser (reloaded when the deny-list file changes); raises if unavailable."""
    path = deny_list_path()
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return _cached(str(path), mtime)


def status() -> tuple[bool, str]:
    """(True, engine label) when the anonymiser loads, else (False, why not)."""
    try:
        return True, get().label
    except AnonymiserUnavailable as exc:
        return False, str(exc)


def possible_identifiers(text: str) -> list[suspects.Suspect]:
    """Possible identifiers in anonymised text; with no anonymiser, a stricter check (fail closed)."""
    try:
        return get().suspects(text)
    except AnonymiserUnavailable:
        return suspects.find_suspects(text, suspects.basic_vocabulary())


def anonymise_lines(lines: Iterable[str]) -> Iterable[str]:
    """Anonymise a stream of lines (for the CLI), batching for speed and keeping the order."""
    engine = get()
    batch: list[str] = []
    for line in lines:
        batch.append(line.rstrip("\n").rstrip("\r"))
        if len(batch) >= 512:
            yield from engine.anonymise_many(batch)
            batch = []
    if batch:
        yield from engine.anonymise_many(batch)
