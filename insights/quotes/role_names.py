"""Rules 50: given names that are everyday words, named by the role beside them (a step after the tagger).

The rules 49 removal review (851 invented lines) found word-names with their role beside them leaking in both
versions: "Joy the healthcare assistant brought me toast", "rose the hca was v patient", "joy (hca) brought her a
sandwich", "dawn (cmw) didnt turn up", "Joy, my health visitor, reassured me", "midwife rose did the home visit". The
model and the rules let these words go because most uses of them are no one's name; the role beside them says who they
are. Five shapes (`role_word_names`):

- the word, then "the", "our", "my" or "a" and a role ("Rose the healthcare assistant", "Sunny the student"), the
  role followed by a person's verb or the end of the clause ("was", "brought", ",", "."); never a question ("Will the
  midwife come?") nor after a subject or a verb that the word completes ("I hope the midwife ...", "may the ...");
- the word, then a role in brackets ("joy (hca)", "dawn (cmw)", "rose (mw)");
- a role, then the word, then a person's verb ("midwife rose did the visit"; not "midwife rose to the occasion");
- the word, "was" or "is" and a role ("Destiny was the midwife who delivered my son"; not "the midwife's");
- the word on reception, the desk, nights or triage, then a person's verb ("amber on reception sorted parking"; not "Hope
  on the ward was in short supply": the keep review).

The keep review of rules 50 (695 new lines with no personal details) found 12 lines the first version changed; the
mends: no given name that is also a verb of a clause ("hope the midwife comes soon", `VERB_WORDS`), no quoted word
before ", the HCA said", and no word that is the object of the role's verb ("the joy the hca brought was huge").

Rules 51 (the rules 50 removal review's leaks): the role between commas with no determiner ("ivy, health visitor,
came"), more roles (phlebotomist, doula, pharmacist, dietitian, chaplain, social worker, family support worker), and a
given name and a second word before a role or a relative in brackets ("sarah ward (mw)", "[lisa] green (mw)", "storm
pike (dad)"; not "tea lady (hca)": its keep review).

The word must be a given name of the lists (ONS, the given-name list, nicknames or the word-names list) and no stop,
context, role, keep or clinical word. Measured on the tuning sets, the Care Opinion stories read and the v6 and phase 1
clean comments before it shipped (docs/anonymiser-rounds.md, rules 50).
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, RELATIONS, ROLES
from insights.quotes.lexicon import Finding, Lists, fold_word
from insights.quotes.record_slots import PEOPLE_VERBS

_ROLE = (
    r"(?:midwife|mw|cmw|hca|hv|msw|mca|health[ ]visitor|health[ ]?care[ ]assistant|maternity[ ]support[ ]worker|"
    r"support[ ]worker|nursery[ ]nurse|nurse|doctor|consultant|registrar|sonographer|receptionist|porter|cleaner|"
    r"student(?:[ ]midwife|[ ]nurse|[ ]doctor)?|physio|obstetrician|paediatrician|anaesthetist|interpreter|"
    r"volunteer|peer[ ]supporter|infant[ ]feeding[ ](?:lead|specialist)|sister|matron|phlebotomist|doula|pharmacist|"
    r"dietitian|chaplain|social[ ]worker|family[ ]support[ ]worker|maternity[ ]care[ ]assistant)"
)
_ADJ = (
    r"(?:(?:lovely|amazing|brilliant|student|senior|junior|community|night|day|infant[ ]feeding|breastfeeding|"
    r"specialist|lead|ward|labour|delivery|postnatal|antenatal|bank|agency|new|other)[ ]){0,2}"
)
_WORD = r"([A-Za-z][a-z'’-]{2,})"
_APPOSITION = re.compile(
    rf"(?i)(?<![\w'’@.-]){_WORD}(?:,[ ]*|[ ]+)(?:the|our|my|a)[ ]+{_ADJ}{_ROLE}\b(?:,[ ]*|[ ]+)?(?P<next>[a-z']*)"
)
#: Not a role's post, job or team ("Post was a volunteer role", rules 36's keep: rules 51's wider pre-check reached it).
_WAS_ROLE = re.compile(
    rf"(?i)(?<![\w'’@.-]){_WORD}[ ]+(?:was|is)[ ]+(?:the|our|my|a)[ ]+{_ADJ}{_ROLE}\b(?!['’])"
    r"(?![ ]+(?:role|post|job|position|shift|scheme|programme|course|team|service|rota|vacancy|led|run)\b)"
)
_ON_DUTY = re.compile(
    rf"(?i)(?<![\w'’@.-]){_WORD}[ ]+(?:on|at)[ ]+(?:the[ ]+)?(?:front[ ]+)?(?:reception|desk|nights|nightshift|"
    r"triage)[ ]+(?P<next>[a-z']+)\b"
)
#: Rules 51: the role between commas with no determiner ("ivy, health visitor, came", "joy, student midwife, was").
_COMMA_ROLE = re.compile(rf"(?i)(?<![\w'’@.-]){_WORD},[ ]*{_ADJ}{_ROLE},")
_NOT_FAMILY = RELATIONS | ROLES | frozenset({"lady", "man", "woman", "girl", "boy", "guy", "person"})
#: Rules 51: a given name and a second word before the role in brackets ("sarah ward (mw)", "joy bishop (hca)").
#: The removal review: kin in the bracket too ("storm pike (dad)", "amber dunmore (pt)").
_KIN_ROLE = (
    r"(?:dad|partner|husband|hubby|mum|mom|pt|patient|sister|brother|nan|gran|fiance|fiancee|boyfriend|bf|wife|"
    r"daughter|son|cousin|friend|aunt|auntie|aunty|uncle)"
)
_BRACKET_TWO = re.compile(
    rf"(?i)(?<![\w'’@.-]){_WORD}[ ]+([A-Za-z][a-z'’-]{{2,}})[ ]*\((?:the[ ]+|our[ ]+|her[ ]+|my[ ]+|his[ ]+)?"
    rf"(?:{_ADJ}{_ROLE}|{_KIN_ROLE})\)"
)
_BRACKET = re.compile(rf"(?i)(?<![\w'’@.-]){_WORD}[ ]*\((?:the[ ]+|our[ ]+)?{_ADJ}{_ROLE}\)")
_ROLE_FIRST = re.compile(rf"(?i)\b{_ROLE}[ ]+{_WORD}[ ]+(?P<next>[a-z']+)\b")
#: Every shape needs a role, or a post (`_ON_DUTY`).
_ANY_ROLE = re.compile(rf"(?i)\b(?:{_ROLE}|{_KIN_ROLE}|reception|desk|nights|nightshift|triage)\b")
#: After a person named by a role: what only a person does, or the clause's end.
_DOES = PEOPLE_VERBS | frozenset(
    (  # noqa: SIM905 -- a word list
        "was is were did does came comes brought gave made helped stayed explained sorted rang called visited took kept "
        "listened looked spotted reassured checked showed delivered promised went didnt didn't never always has had "
        "who"
    ).split()
)
#: Given names that are also verbs opening a note's clause with "I" left out ("hope the midwife comes soon", "hope the hv
#: is ok": the rules 50 keep review), or modal verbs ("will the", "may the"): never read by this rule.
VERB_WORDS = frozenset(
    {"hope", "trust", "wish", "pray", "will", "may", "mark", "sue", "rob", "pat", "bill", "grant"}
)
#: Speech verbs after ", the <role>": the word before is quoted ("Patience, the HCA said", "Sunny, the HCA said").
_SAYS = frozenset(
    {"said", "says", "told", "tells", "explained", "advised", "joked", "added", "replied", "reminded"}
)
#: The verb "to be" after the role: the word is the subject ("Joy the hca was lovely").
_BEING = frozenset({"was", "is", "were", "are"})
#: Before the word: where a person's name can open a clause ("Joy the hca ...", "thanks to rose the hca", "and joy (hca)"),
#: so not after a subject, a verb it completes or a determiner ("I hope the midwife", "we were lucky the interpreter
#: came", "an absolute gem, the HV said", "a blessing the midwife came": the tuning sets' keeps).
_OPENS_BEFORE = re.compile(
    r"(?i)(?:^|[.!?;:(\n\"“]\s*|,\s*|\s[-–—]\s*|\b(?:and|but|then|thanks[ ]to|thank[ ]you|to|from|with|by|for|saw|had|"
    r"met|called|asked|ask|see|love|loved)[ ]+)$"
)


def role_word_names(text: str, found: list[Finding], lists: Lists) -> list[Finding]:
    """Rules 50: given names that are everyday words, beside the role that names them (module docstring)."""
    if not _ANY_ROLE.search(text):
        return []

    def given(word: str) -> bool:
        w = fold_word(word)
        return (
            (w in lists.word_names or w in lists.first_names or w in lists.ons or w in lists.nicknames)
            and w not in STOP_WORDS
            and w not in CONTEXT_WORDS
            and w not in ROLES
            and w not in lists.keep_words
            and w not in lists.clinical
            and w not in VERB_WORDS
        )

    def free(start: int, end: int) -> bool:
        return not any(f.start < end and start < f.end for f in found)

    def asks(at: int) -> bool:  # the sentence is a question ("Will the midwife come?")
        end = re.search(r"[.!?\n]", text[at : at + 200])
        return end is not None and end.group() == "?"

    def object_clause(at: int) -> bool:  # "the joy the hca brought was huge": the word is the verb's object
        return bool(re.match(r"[ ]+(?:\S+[ ]+){0,2}?(?:was|is|were|are)\b", text[at : at + 40], re.I))

    def named(
        m: re.Match, opens: bool = True
    ) -> bool:  # the word is a given name, not yet found, opening its clause
        return (
            given(m.group(1))
            and free(*m.span(1))
            and (not opens or _OPENS_BEFORE.search(text, max(0, m.start(1) - 14), m.start(1)) is not None)
        )

    def appositive(
        m: re.Match,
    ) -> bool:  # "Joy the healthcare assistant brought ...", "Joy, my health visitor,"
        nxt = m.group("next").lower()
        quoted = "," in text[m.end(1) : m.end(1) + 2] and nxt in _SAYS  # "Patience, the HCA said, ..."
        return (
            not asks(m.end(1))
            and (nxt in _DOES and nxt not in ("had", "has") or not nxt)  # "faith the mw had in her"
            and not quoted
            and not (nxt and nxt not in _BEING and object_clause(m.end()))
        )

    def does(
        m: re.Match,
    ) -> bool:  # a person's verb after it ("amber on reception sorted", "midwife rose did")
        return m.group("next").lower() in _DOES

    def person_at(start: int, end: int) -> bool:
        return any(f.entity == "PERSON" and f.start <= start and end <= f.end for f in found)

    two = [  # rules 51: "sarah ward (mw)": a given name and her family name before her role in brackets
        Finding(m.start(1), m.end(2), "PERSON", "MaternityRules:role-name")
        for m in _BRACKET_TWO.finditer(text)
        if (
            given(m.group(1)) or person_at(*m.span(1))
        )  # "[lisa] green (mw)": a name found grows over the second
        and (free(*m.span(1)) or free(*m.span(2)))
        and _OPENS_BEFORE.search(text, max(0, m.start(1) - 14), m.start(1)) is not None
        and fold_word(m.group(2)) not in lists.keep_words
        and fold_word(m.group(2)) not in STOP_WORDS
        and fold_word(m.group(2)) not in _NOT_FAMILY  # "tea lady (hca)": the keep review
    ]
    shapes = (  # (pattern, the word opens its clause, what else must hold)
        (_APPOSITION, True, appositive),
        (_BRACKET, True, lambda m: True),  # "joy (hca)"
        (_COMMA_ROLE, True, lambda m: True),  # rules 51: "ivy, health visitor, came"
        (_WAS_ROLE, True, lambda m: not asks(m.end(1))),  # "Destiny was the midwife who delivered my son"
        (_ON_DUTY, True, does),  # "amber on reception sorted parking"
        (_ROLE_FIRST, False, does),  # "midwife rose did the home visit"
    )
    return two + [
        Finding(m.start(1), m.end(1), "PERSON", "MaternityRules:role-name")
        for rx, opens, holds in shapes
        for m in rx.finditer(text)
        if named(m, opens) and holds(m)
    ]
