"""The anonymiser's context words: the words around a token that make it a person, a thing or a place.

Fixed vocabularies used by the rules in insights.quotes.recognisers (titles, roles, relations, the verbs
and nouns that mark a person's slot, the words that make an everyday word a thing). Word lists an
officer may extend live in data/anonymise/ and are loaded by insights.quotes.lexicon.
"""

from __future__ import annotations

from pathlib import Path

#: The long word lists, one section each (data/anonymise/context_words.txt), read once at import.
WORDS_PATH = Path(__file__).resolve().parents[2] / "data" / "anonymise" / "context_words.txt"


def read_sections(path: Path) -> dict[str, frozenset[str]]:
    """A word file's sections: a `[name]` line starts one, then one entry a line; `#` starts a comment."""
    sections: dict[str, set[str]] = {}
    current: set[str] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], set())
        elif line:
            if current is None:
                raise ValueError(f"{path}: an entry before the first [section]: {line!r}")
            current.add(line)
    return {name: frozenset(words) for name, words in sections.items()}


def load_words(path: Path) -> tuple[dict[str, frozenset[str]], str | None]:
    """The word file's sections and None, or no sections and why the file could not be read.

    Read at import; a missing or broken file must not stop the dashboard starting: the lists are then
    empty, and `insights.quotes.anonymise.Anonymiser` refuses to load (fails closed) with this reason.
    """
    try:
        return read_sections(path), None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return {}, f"the anonymiser's context word list could not be read ({exc})"


_WORDS, LOAD_ERROR = load_words(WORDS_PATH)


def _section(name: str) -> frozenset[str]:
    return _WORDS.get(name, frozenset())


TITLES = frozenset({"dr", "mr", "mrs", "ms", "miss", "mx", "prof", "professor"})
#: Titles of faith leaders (rules 42's keep-side review: "pandit said"; rules 59: "The Bishop's wife").
FAITH_TITLES = frozenset(
    "pandit pastor priest bishop deacon imam rabbi vicar granthi giani pujari sheikh mullah father reverend".split()  # noqa: SIM905
)
ROLES = _section("roles")
RELATIONS = _section("relations")
NAMING = frozenset({"called", "named", "call", "name's", "names"})
#: Verbs after a name ("joy said", "amber named her baby storm").
SAY_AFTER = _section("say_after")
#: Verbs before a name ("spoke to joy", "rang amber").
CONTACT_BEFORE = _section("contact_before")
#: Words that take a person after "with" ("f/u call with hope", "home visit w joy").
WITH_NOUNS = frozenset(
    ["call", "visit", "appt", "session", "convo", "conversation", "catchup", "chats", "calls"]
)
#: Lower-case family names that are also everyday words: not the second half of a name ("Sarah hill").
WORD_SURNAMES = frozenset(
    [
        "bell",
        "butt",
        "hill",
        "hunt",
        "price",
        "wood",
        "brooks",
        "gill",
        "mason",
        "barker",
        "fisher",
        "sun",
        "pop",
        "pun",
    ]
)
#: Verbs that take a person only after "to" ("explained to hope", "thanks to joy"; not "said hope was").
TO_VERBS = _section("to_verbs")
#: Words around an unknown lower-case word that make it a person ("from nimmi", "tiwa's", "ilona came").
PERSON_BEFORE = _section("person_before")
PERSON_AFTER = _section("person_after")
MONTH_WORDS = frozenset({"may", "june", "april", "august", "march"})
#: Names that are also seasons, months or weather: before a number or a motion verb they are that
#: ("summer 2023 cohort", "summer arrived"), not a person.
TIME_NAMES = MONTH_WORDS | {"summer", "autumn", "winter", "spring", "dawn", "storm", "rain", "sunny", "sky"}
#: Words after "X is ..." that say X is a person ("storm is 6 wks", "precious is expecting").
STATE_AFTER = frozenset(
    ["expecting", "due", "pregnant", "now", "still", "going", "having", "doing", "feeding", "home", "back"]
)
#: Words that are both a name and a modal verb or month ("may", "will"): a name only when what
#: follows reads as a person's ("may said", "son May was in SCBU"), never before a verb ("may need").
NAME_MODALS = frozenset({"may"})
#: What follows a person's name but never a modal verb: speech and action verbs in the past or third
#: person, "'s", "who", joining words and punctuation ("hope who said", "may's mum", "may, 31,").
NAME_FOLLOWS = _section("name_follows")
#: What a person (not hope, joy or comfort) is or does after "is"/"was" ("ruby was crying", "hope
#: was induced"); "hope is fading" and "comfort was given" stay everyday words.
PERSON_STATE = _section("person_state")
#: Words before an everyday word that make it a thing, whatever follows ("her joy who", "no hope").
THING_DET = _section("thing_det")
#: Labels before a name in a form-like note ("NAME: IONELA", "client name - ...").
LABELS = frozenset(
    {"name", "mum", "client", "woman", "patient", "pt", "su", "user", "mother", "parent"}
    # rules 8: a form's other name fields ("SURNAME: DUNMORE", "First: Sunny ; Last: Baptiste",
    # "Volunteer: Pat Lomas", "Witness: Ruth Whiteley", "Signed: N. Hirsi")
    | {"surname", "forename", "forenames", "firstname", "lastname", "first", "last", "witness", "signed"}
    | {"volunteer", "visited"}
)
#: Words that may sit between a naming verb and the name ("named her baby storm").
NAMING_SKIP = _section("naming_skip")
#: Words before an everyday word that make it a thing, not a person ("her joy", "no hope").
DET_BEFORE = _section("det_before")
#: Words that follow a place or service name, so the word before is not a person's name.
PLACE_NOUNS = _section("place_nouns")
#: Words after a role word that are not a name ("the Midwife Led Unit").
SERVICE_WORDS = frozenset(
    {"led", "unit", "team", "service", "services", "clinic", "appointment", "appointments"}
)
CONTEXT_WORDS = TITLES | ROLES | RELATIONS | NAMING | SERVICE_WORDS
#: Words of the large names list that read as anything but a name after a relative or a naming verb
#: ("her partner works", "called her back", "her mum made tea").
NOT_SLOT_NAMES = _section("not_slot_names")
#: Words after "baby" that are things, not the baby's name ("baby bank", "baby massage").
BABY_THINGS = _section("baby_things")
#: What follows a baby's name ("baby Dallas born at 36 weeks", "baby sienna weighed").
BABY_FOLLOWS = _section("baby_follows")
#: Verbs only a person does: after a word that is a name or a place, it is a name ("Sydney came to
#: every appointment", "dallas moved here"); a place "came top" or "was busy", never "cried".
PERSON_VERBS = _section("person_verbs")
#: Verbs before "with" that take a person ("sat with hope while she fed", "went with joy to triage").
WITH_VERBS = _section("with_verbs")
#: Nouns before "from" that take a person ("a text from lily", "feedback from grace").
FROM_NOUNS = _section("from_nouns")
#: Verbs that are also names and often start "Said the midwife ...".
NOT_BEFORE = frozenset({"said", "will", "may", "did", "can", "drew", "mark"})
#: Words before a capitalised everyday word that make it a thing, not a person ("the Rose Garden").
BEFORE_WORDS = _section("before_words")

#: Labels of a message or a form, never a chat message's writer ("Comments:", "Plan:", "Tel:").
FORM_WORDS = frozenset(
    [
        "comments",
        "comment",
        "subject",
        "from",
        "to",
        "plan",
        "notes",
        "note",
        "re",
        "fw",
        "fwd",
        "date",
        "tel",
    ]
    + [
        "whatsapp",
        "facebook",
        "instagram",
        "email",
        "phone",
        "reply",
        "q",
        "answer",
        "question",
        "cc",
        "sent",
    ]
)


#: Rules 29: kinship honorifics and forms of address said with a name ("Rukhsana apa", "bhenji Sarbjit", "Bhai
#: Kulwant"), kept after the tagger (keep_after_tagger.txt) and cut off a name's edge; not "amma", also an Akan
#: given name ("Amma Boateng"). Read by record_slots (`kept_after`, `honorific_free`); here since rules 44 with the
#: other word lists.
HONORIFICS = frozenset({
    "apa", "aapa", "akka", "ammi", "baji", "bhabhi", "bhabi", "didi", "bhenji", "behenji", "paaji", "veerji",
    "pheji", "bhauju", "khala", "chachi", "bhai", "bhaiya", "thambi", "chechi",
    # rules 33 (blind31): Punjabi and Gujarati aunts, a Somali mother; not "masi" or "adey" (family names too),
    # "bibi" (part of Pakistani and Afghan women's names: "Halima Bibi"), "maame" (Akan: "Maame Serwaa"), nor the
    # forms the corpora label inside a name ("Pani Beata", "aunty Folasade", "Parintele Florin")
    "maasi", "mausi", "hooyo",
    # rules 44: the kinship and respect words keep_after_tagger.txt gained (Tagalog, Shona, Yoruba, Igbo, Punjabi,
    # Hindi, Nepali, Polish, Romanian, Lithuanian, Turkish, Arabic, Somali, Cantonese); their names stay names
    "nanay", "tatay", "kuya", "tita", "ninang", "ninong", "manang", "manong", "amai", "gogo", "sekuru", "mbuya",
    "mufundisi", "nne", "nnem", "bua", "buaji", "bhua", "dadi", "phuphi", "phupho", "khalu", "mamu", "mamoo", "nanu",
    "aama", "buwa", "babcia", "ciocia", "wujek", "bunica", "soacra", "teyze", "amca", "yenge", "teta", "sitto",
    "khalto", "ammo", "aabo", "ayeeyo", "eedo", "abla",
    "dede", "irma",  # rules 57 (blind65): Turkish, Portuguese (folded: "Irmã")
    "iya",  # rules 57: Yoruba, a mother ("Iya Tobi"); the corpora label it a role nine times in ten
})  # fmt: skip

#: The first three letters of each month ("may", "jun"): a word starting so may be a date's month.
MONTH_PREFIXES = frozenset(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
)
