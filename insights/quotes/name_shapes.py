"""Rules 44: names the steps before left, as pure functions over text and findings.

Read from blind47 (a tuning writer whose Hong Kong mums' group named its members "Apple Wong", "Jelly Chin", "Peach
Kwok", "May Lam"; scored once as new, then read). The held-out sets stay unread. Run after the guards, inside
`tagger_guards.with_rules42_names` before its repeats, so the words of these names said again alone go too ("Apple
brought apple cake": the first "Apple"); the tagger's features and the shipped model are unchanged.

- `east_asian_names`: a word in title case right before a Chinese, Vietnamese or Korean family name of
  surnames_east_asia.txt (`Lists.east_asia`) is a given name when it is a name of the lists or of the naming traditions
  (word_names_traditions.txt), or no dictionary word ("Apple Wong", "Jelly Chin 7", "Candy Ho"); so is a family name in
  capitals before a comma and given names ("CHAN, Tsz Ying Echo"). Never when the pair is a place ("Yuen Long", "Sha
  Tin": `Lists.world`), the first word a title, role, service, Kent, clinical, stop or keep word (a given name may be
  one: "May Lam"), a greeting, a verb or an adjective ("Dr Lee", "Thanks Lee", "Ask Lee", "Double Chin") or a romanised
  syllable of a food or a place ("Bok Choy", "Tin Hau"), nor a business's ("Wong's Kitchen").
- `thread_names` (blind49, a tuning writer: a Zimbabwean fellowship's and a Filipino parish's notes, "Talent asked
  why ...", "Silence admitted 33+2 ... £150 to Silence for the train", "Kiwi brought kiwi fruit ... Kiwi's BRP"): a word
  of the names lists or of the naming traditions that the note itself shows is a person's name: it opens a sentence
  before what only a person does ("asked", "rang", "typed", "rates", "had her baby", "is 34 weeks") or owns ("Kiwi's
  BRP", "Talent's husband") and is said in title case again in the note; or opens a sentence before her record, once
  enough for a word of the names lists ("Autumn's hosp no", "Crystal address for HV"; in a note written in title case
  too). Then every title-case use of it goes, never after a determiner ("the Trust"), a time's word ("in June"), a
  locating word for a town ("from Liberty") or before a thing's noun ("Iris room", "Goodness knows"); never a term kept
  after the tagger ("Dadi", "Aqiqah"), an organisation used alone ("Tommy's sent"), a stop, role, service, Kent,
  clinical or record word or a word for people ("Staff said", "Email address", "Landlord rang ... Landlord says").
  Rules 45 (blind49, blind51): once is enough before what only a person does, for a word that is no stop word ("Jewel
  sent her address", "Privilege sent the invoice"; not "Will give", "May say"), and a person's acts include what a
  summary or a log says ("Olive, a first-time mother, scored 4", "Sage, who is Deaf", "Joy on the desk says", "Don
  (estates) re the fridge", "Lincoln = baby", "Sky (the one with the twins)").
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, HONORIFICS, PLACE_NOUNS, TIME_NAMES, TITLES
from insights.quotes.lexicon import Finding, SpanIndex, fold_word, resolve_overlaps, title_case_note
from insights.quotes.public_keeps import GREETINGS

SOURCE = "MaternityRules:east-asian-name"
_PAIR = re.compile(r"(?<![\w'’@.&/-])[A-Z][a-z]+(?=[ ]([A-Z][a-z]+|[A-Z]{2,})(?![\w@-]|['’]s\b|\.\w))")
_CAPS_FIRST = re.compile(r"(?<![\w'’@.&/-])([A-Z]{2,}),[ ]([A-Z][a-z]+(?:[ ][A-Z][a-z]+){0,2})(?![\w'’@-])")


#: Romanised syllables that open food, festival and place names before a family-name-like syllable ("Bok Choy", "Char
#: Siu", "Tuen Ng", "Tin Hau", "Sai Wan", "Po Lam"): never a given name there.
_SYLLABLES = frozenset(
    "bok pak yin tuen fa gong kung dim siu char cha lo mah nian sheung chai sai po ma to tsim tseung mong pok nam binh "  # noqa: SIM905
    "tai sha kwun kowloon tsuen tin hung ho kwai yau wan tsz shek lam lei ngau yuen fo hang shui".split()
)


def _given(word: str, lists, lexicon=None) -> bool:
    """A title-case word that can be a given name before a family name (module docstring): a word of the names lists or
    of the naming traditions, or no dictionary word (not "Ask Lee", "Amazing Kim", "Double Chin", "Bok Choy")."""
    w = fold_word(word)
    if (
        lexicon is not None
        and w in lexicon
        and not (_listed(word, lists) or w in lists.word_names_traditions)
    ):
        return False
    return w not in _SYLLABLES and not (
        (w in STOP_WORDS and w not in lists.first_names)  # "May Lam", "Will Lee"; not "The Lee"
        or w in CONTEXT_WORDS
        or w in GREETINGS
        or w in lists.local
        or w in lists.clinical
        or w in lists.acronyms
        or w in lists.east_asia  # "Wong Tai": two family names, the first the family's
        or (w in lists.keep_words and w not in lists.first_names)  # "Korean Kim family"; not "May Lam"
    )


def east_asian_names(text: str, found: list[Finding], lists, lexicon=None) -> list[Finding]:
    """`found` with the names `east_asian_names` reads (module docstring)."""
    extra = []
    for m in _PAIR.finditer(text):  # the family name read ahead, so "Hi Apple Wong" is tried at "Apple" too
        first, family = m.group(), m.group(1)
        if (
            fold_word(family) in lists.east_asia
            and _given(first, lists, lexicon)
            and fold_word(f"{first} {family}") not in lists.world
        ):
            extra.append(Finding(m.start(), m.end(1), "PERSON", SOURCE))
    for m in _CAPS_FIRST.finditer(text):
        if fold_word(m.group(1)) in lists.east_asia and all(
            _given(w, lists, lexicon) for w in m.group(2).split()
        ):
            extra.append(Finding(m.start(), m.end(), "PERSON", SOURCE))
    return resolve_overlaps(found + extra) if extra else found


THREAD_SOURCE = "MaternityRules:thread-name"
_OPENER = re.compile(
    r"(?:^|(?<=[.!?:;\"“(])[ ]*|(?<=\n)|(?<=[.!?][ ])|(?<=[.!?][ ][ ])|(?<=[-—–][ ]))([A-Z][a-z]{2,})\b"
)
#: What only a person does right after her name opening a sentence.
_PERSON_NEXT = re.compile(
    r"(?:[ ]+(?:also|then|just|now|still|finally|only|again))?[ ]+(?:"
    r"asked|asks|rang|rings|phoned|texted|typed|messaged|emailed|posted|replied|told|tells|says|said|cried|crying|"
    r"laughed|rates|rated|gave[ ]it|wants|wanted|sent[ ](?:her|his|the|me|us|a)|brought|moved|lives|lived|delivered|"
    r"had[ ](?:her|his|a|the)[ ](?:baby|twins|boy|girl|section|son|daughter)|is[ ]\d{1,2}[ ]?(?:wks?|weeks)|"
    r"is[ ](?:pregnant|expecting)|admitted|signed|works|worked|came[ ](?:with|to|in|back)|got[ ]her)\b"
)
#: Rules 45 (blind49, blind51): what only a person does or is, strong enough said once ("Jewel sent her address",
#: "Olive, a first-time mother, scored 4"); not "rates", "came to", "moved", "delivered" ("Sky rates 2 for signal",
#: "Lorry came to the house").
_PERSON_ONCE = re.compile(
    r"(?:[ ]+(?:also|then|just|now|still|finally|only|again))?[ ]+(?:"
    r"asked|asks|rang|rings|phoned|texted|typed|messaged|emailed|replied|told|tells|says|said|cried|laughed|"
    r"sent[ ](?:her|his|me|us|the|a|in|over)|had[ ](?:her|his)[ ](?:baby|twins|boy|girl|section|son|daughter)|"
    r"is[ ]\d{1,2}[ ]?(?:wks?|weeks)|is[ ](?:pregnant|expecting)|got[ ]her|rates[ ](?:her[ ])?(?:care|it|us)[ ]\d|"
    r"moved(?=,)|moved[ ](?:to|house|out|in[ ]with)|came[ ]back|works[ ](?:at|in|for|nights)|posted[ ](?:in|on)|"
    r"wanted[ ]to|"
    # rules 47 (blind55: a connector writing in her second language; the nickname a family uses): "Ela rate 9",
    # "Ela live in Swanley", "Ela husband Marek", "Poppet is what Gemma calls her baby", "Candy referred on to"
    r"rate[ ](?:\d|it|us|her|the)|live[ ](?:in|with|at|near)[ ](?=[A-Z])|"
    r"(?:husband|daughter|son|baby|mother-in-law|mother|partner)[ ](?=[A-Z][a-z])|"
    r"is[ ]what[ ](?:[A-Z][a-z]+|she|he|they|everyone|her[ ]\w+|his[ ]\w+)[ ]calls?\b|referred[ ](?:on[ ])?to[ ]|"
    # rules 46 (blind53): an age or a person's part said once ("Breeze is 22 and lives", "June is the Grandma who"),
    # what minutes say a person did ("Heather also raised debrief waits"); not "raised £200", "raised awareness"
    r"is[ ]\d{1,2}[ ]and[ ](?:lives|her|his|she|he|works|came|lost)\b|"
    r"is[ ](?:the|a|an|her|his|our)[ ](?:[a-z-]+[ ])?(?i:grandma|granny|nan|nana|mum|mother|dad|father|husband|wife|"
    r"partner|interpreter|doula|midwife|connector|volunteer|sister|brother|auntie|aunty|daughter|son|eldest|youngest|"
    r"chair|treasurer|secretary)(?![\w'’-]|[ ](?:of|group|network|garden|theme|rating|quality|newsletter|title|name))|"
    # the keep-side review: "scored 42 mentions", "wished for", "joked about", "praised in", "say before meals" are words
    r"scored[ ](?:it[ ]|us[ ]|her[ ]care[ ])?\d{1,2}(?:/10)?(?![\d/])(?![ ]?(?:mentions|times|votes|%))|"
    r"wished[ ](?:to|that|us|me|her|everyone)|joked[ ](?:that|she|he|with)|praised[ ](?:the|her|his|our|every|all)|"
    r"say[ ](?!before|after|grace|prayers?|thanks?|a[ ]prayer|sorry|hello|goodbye|cheese)|give[ ](?:it[ ])?\d|"
    r"explained[ ](?:that|she|he|her|how|why)|wrote[ ](?:to|that|in|a|her)|agreed[ ](?:to|that)|"
    r"complained[ ](?:that|about|to)|recalled[ ](?:that|how)|described[ ](?:her|how|the)|mentioned[ ](?:that|her)|"
    r"later[ ](?:sent[ ](?:her|his|me|us|the[ ]form|a[ ]photo)|said|told|rang|wrote|emailed)|"
    # rules 63: "Dawn is nan to baby ...", "Pearl agrees.", "Asia aunty had her baby" (a kinship title after a name)
    r"is[ ](?:nan|nana|nanny|grandma|granny|mum|dad|aunty|auntie|uncle|godmother|godfather)[ ]to[ ]|"
    r"(?:agrees|agreed|disagrees|nodded)(?=[ ]?[.!,])|"
    r"(?:aunty|auntie|apa|aapa|baji|didi|bhabhi|masi|mami|chachi|teyze|abla)[ ](?:had|has|is|was|said|says|came|rang|"
    r"brought|made|told|gave)\b|"
    r"on[ ](?:the[ ])?(?:desk|security|reception|switchboard|nights|duty)[ ]"
    r"(?:said|says|told|tells|walked|rang|asked|let|sent|gave|was[ ]lovely|was[ ]rude)|"
    r"=[ ](?:baby|mum|dad|the[ ]baby|her[ ]baby)|\((?:dad|mum|husband|partner|wife|estates|security|housing|pals|"
    r"reception|admin|porter|porters|caretaker|manager|matron|midwife|hv|gp)\b)\b"
    r"|['’]s[ ]+(?:husband|wife|partner|son|daughter|twins|mum|mother)\b"
    r"|[ ]\((?:the[ ]one[ ](?:who|with[ ](?:the|her)[ ](?:twins|baby|bump|pram|buggy))|she|who)\b"
    r"|,[ ](?:whose[ ](?:husband|partner|wife|baby|son|daughter|mum|mother|dad|father|family|sister|brother|twins)"
    r"|who[ ](?:is|was|has|had)[ ](?:\d|a|an|deaf|pregnant|expecting|due|from|in|on)"
    r"|(?:a|an)[ ](?:[a-z-]+[ ]){0,2}(?:mother|mum|grandmother|grandma|great-grandmother|dad|father|woman|lady|girl|"
    r"teenager|student|teacher|nurse|carer|care[ ]leaver)(?=[ ]?(?:from|of|in|who|with|and|aged|,|\.|;|\))))"
)
_OWNS = re.compile(
    r"['’]s[ ]+(?:husband|wife|partner|baby|babies|son|daughter|mum|mother|dad|father|sister|brother|email|e-mail|"
    r"phone|number|address|brp|ni|nhs|hosp|dob|insta|instagram|tiktok|fb|facebook|twins|bb|girl|boy|kids|children)\b"
)
#: A person's record right after her name opening a sentence: enough once ("Autumn's hosp no", "Crystal address for
#: HV", "Jelly NHS number").
_RECORD_NEXT = re.compile(
    r"(?i)(?:['’]s)?[ ]+(?:hosp(?:ital)?[ ]?(?:no|number)|nhs[ ](?:no|number)|brp|ni[ ](?:no|number)|dob|d\.o\.b|"
    r"email|e-mail|phone[ ](?:no|number)|mob(?:ile)?[ ](?:no|number)|mobile|address|postcode|post[ ]code)\b"
    r"|[ ]+(?i:phone|mob|mobile|nhs|hosp|ni|dob|tel)[ ]*[:.-]?[ ]*(?=[0-9+(])"  # "Mint phone 07700 ...", "Echo NHS 485 ..."
)
#: Rules 62: what is said only of a baby right after its name ("Bear is 6 months now", "Heaven fed at 4am",
#: "Bliss DOB", "Bear's weight is fine"); not "Sky is 6 months behind", "Storm was 2 days ago".
_BABY_NEXT = re.compile(
    r"(?:[ ]+(?:is|was|now|turned|turns)[ ]+(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven)"
    r"[ ]?(?:days?|wks?|weeks?|months?|mths?)\b(?![ ]+(?:away|off|to[ ]go|left|late|early|ago|behind|overdue|"
    r"until|till|before|since|of|in|into))"
    r"|[ ]+(?:fed|latched|slept|weighed|gained|vomited|was[ ]born|born[ ](?:at|on|in))\b"  # not "Hope feeding gets easier"
    r"|['’]s[ ]+(?i:weight|feeds?|reflux|jabs|jaundice|tongue[ ]tie|nappies|bottles?|cot|hearing[ ]test|heel[ ]prick|"
    r"centile|synagis|vaccinations?|immunisations?)\b"
    r"|[ ]+(?i:dob|d\.o\.b)\b"
    r"|[ ]+(?:is|was|now)[ ]+on[ ]+the[ ]+\d{1,2}(?:\.\d+)?(?:st|nd|rd|th)[ ]+centile)"
)
TITLE_WORD = re.compile(r"(?<![\w'’@.&/-])[A-Z][a-z]{2,}(?![\w@-])")
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|a|an|my|our|your|their|this|that|of|some|no|any)[ ]+$")
THING_NEXT = re.compile(
    r"(?i)[ ]+(?:fruit|cake|tea|juice|colour|color|board|fund|team|ward|unit|centre|center|house|policy|guidance|"
    r"trust|office|group|hub|bank|street|road|lane|court|close|park|festival|day|week|month|room|suite|bay|lounge|"
    r"island|city|town|river|hill|at[ ]last|knows|sake|gracious|me)\b"
)  # "Iris room", "Montego Bay", "Peace at Last" (a book), "Goodness knows"
_PLACE_BEFORE = re.compile(r"(?i)\b(?:in|from|to|near|at|of|for|after|county|isle[ ]of)[ ]+$")
#: A month or season after these is a time ("May Lam ... due in May"; read by tagger_guards.late_repeats too).
TIME_BEFORE = re.compile(
    r"(?i)\b(?:in|on|since|by|until|till|from|of|last|next|this|early|mid|late|end[ ]of)[ ]+$"
)


#: "X's" before a verb, an adverb or a stop: an organisation's name used alone ("Tommy's sent a memory box",
#: "Barnardo's also sorted a cot", "Sainsbury's in Dartford"), never a person's.
_ORG_POSSESSIVE = re.compile(
    r"['’]s(?:[ ]+(?:sent|said|says|rang|also|in|at|on|is|was|has|have|had|will|gave|give|do|does|did|offers?|runs?|"
    r"provides?|helped|helps|replied|confirmed|delivered)\b|[.,;:!?)])"
)


#: Rules 63: "Talent and [NAME] came back", "Sweetie, [NAME]'s youngest": a name beside another's finding.
_AND_NEXT = re.compile(r"[ ]and[ ]")
_COMMA_NEXT = re.compile(r",[ ]")
_KIN_AFTER = re.compile(
    r"['’]s[ ](?:youngest|eldest|oldest|daughter|son|sister|brother|mum|mother|partner|husband|wife|niece|nephew|"
    r"cousin|granddaughter|grandson)\b"
)


def _beside_a_person(text: str, end: int, starts: dict[int, Finding]) -> bool:
    """Rules 63: a word opening a sentence right before "and" and a name found ("Talent and [NAME] came back"), or
    before a comma and a name found with "'s" and a relative after it ("Sweetie, [NAME]'s youngest")."""
    m = _AND_NEXT.match(text, end)
    if m and m.end() in starts:
        return True
    m = _COMMA_NEXT.match(text, end)
    return bool(m and m.end() in starts and _KIN_AFTER.match(text, starts[m.end()].end))


def thread_names(text: str, found: list[Finding], lists, lexicon=None) -> list[Finding]:
    """`found` with the names the note itself shows (module docstring: `thread_names`)."""
    titled = title_case_note(text)  # capitals say nothing there, but a record after a word still does
    shown: set[str] = set()
    once: set[str] = set()
    recorded: set[str] = set()
    starts = {f.start: f for f in found if f.entity == "PERSON"}
    for m in _OPENER.finditer(text):
        word = m.group(1)
        if _RECORD_NEXT.match(text, m.end(1)):
            recorded.add(word)
        elif not titled and (_PERSON_ONCE.match(text, m.end(1)) or _beside_a_person(text, m.end(1), starts)):
            shown.add(word)
            once.add(word)
        elif not titled and (_PERSON_NEXT.match(text, m.end(1)) or _OWNS.match(text, m.end(1))):
            shown.add(word)
    uses = list(TITLE_WORD.finditer(text))  # once, not once per word: a long note stays linear
    babies = (
        set()
        if titled
        else {m.group() for m in uses if _baby_word(m.group(), lists) and _BABY_NEXT.match(text, m.end())}
    )
    shown |= babies
    if not shown and not recorded:
        return found
    said = Counter(m.group() for m in uses)
    owners = {m.group() for m in uses if _ORG_POSSESSIVE.match(text, m.end())}
    candidates = {
        w
        for w in shown | recorded
        if w not in owners
        and (_may_name(w, lists, lexicon) or w in babies)
        and (
            said[w] >= 2
            or w in babies
            or (w in once and fold_word(w) not in STOP_WORDS)  # rules 45: once is enough, not "Will give"
            or (w in recorded and _listed(w, lists))
        )
    }
    if not candidates:
        return found
    extra = []
    for m in uses:
        w = m.group()
        if w in candidates:
            before = text[max(0, m.start() - 12) : m.start()]
            if (
                _DETERMINER_BEFORE.search(before)
                or (fold_word(w) in TIME_NAMES and TIME_BEFORE.search(before))
                or (fold_word(w) in lists.world and _PLACE_BEFORE.search(before))
            ):
                continue  # "the Trust", "in June", "moved to Liberty"
            if THING_NEXT.match(text, m.end()):
                continue
            extra.append(Finding(m.start(), m.end(), "PERSON", THREAD_SOURCE))
    return resolve_overlaps(found + extra) if extra else found


def _baby_word(word: str, lists) -> bool:
    """Rules 62: a title-case word that ONS records as a baby's name often enough (`Lists.baby_words`), no month,
    local place, kept, clinical or stop word ("May", "Dartford", "Bluebell" stay)."""
    w = fold_word(word)
    return (
        w in lists.baby_words
        and w not in TIME_NAMES
        and w not in STOP_WORDS
        and w not in CONTEXT_WORDS
        and w not in lists.local
        and w not in lists.clinical
        and w not in lists.keep_words
    )


def given_name(word: str, lists) -> bool:
    """A given name of the lists: the given names, word names, nicknames, pet names and the ONS babies' names (rules 45:
    `message_names` reads it with the naming traditions)."""
    w = fold_word(word)
    return any(
        w in names
        for names in (
            lists.first_names,
            lists.word_names,
            lists.nicknames,
            lists.word_nicknames,
            lists.pet_names,
            lists.ons,
        )
    )


def _listed(word: str, lists) -> bool:
    """A word of the names lists (`given_name`, or a family name): what a record after it once is enough for ("Autumn's
    hosp no"; not "Orbit's email", "Oxleas's email": a landlord, a trust)."""
    return given_name(word, lists) or fold_word(word) in lists.surnames


def _may_name(word: str, lists, lexicon=None) -> bool:
    """A title-case word that may be a given name (module docstring: `thread_names`): a word of the names lists or of
    the naming traditions (word_names_traditions.txt: "Talent", "Kiwi", "Nomatter"), never a term kept after the tagger ("Dadi", "Aqiqah"); not "Landlord rang ... Landlord says", "Parking 1/10"."""
    w = fold_word(word)
    if not (_listed(word, lists) or w in lists.word_names_traditions):
        return False  # "Childminder rang ... Childminder can", "Appt is 28 weeks": no name of the lists
    if lists.keep_after is not None and lists.keep_after.fullmatch(word.lower()):
        return False
    return not (
        (w in STOP_WORDS and w not in lists.first_names)
        or w in CONTEXT_WORDS
        or w in GREETINGS
        or w in lists.local
        or w in lists.clinical
        or w in lists.acronyms
        or w in _COLLECTIVE
        or w in _RECORD_WORDS
        or (
            w in lists.keep_words and w not in lists.first_names
        )  # "Romanian Facebook group"; not "Shona's email"
        or w.endswith(
            "s"
        )  # "Staff", "Nurses", "Doctors": people, no one's name (and no name's owner "Kiwi's")
        and w[:-1] in CONTEXT_WORDS
    )


#: Words that open "... address", "... email" themselves ("Email address for PALS", "Home address changed").
_RECORD_WORDS = frozenset(
    "email e-mail phone mobile mob home work contact postal delivery billing correct wrong full current previous old "  # noqa: SIM905
    "new forwarding return care pals gp hospital hosp baby birth emergency main office business personal own partner "
    "nhs ni dob brp insta instagram tiktok fb facebook patient client mother father next kin carer your their "
    "ref reference case claim account acc booking ticket form letter card parent guardian child".split()
)
#: Words for groups of people that open sentences before what people do ("Staff said", "Everyone asked").
_COLLECTIVE = frozenset(
    "staff everyone everybody nobody people parents mums dads mothers fathers ladies women men family families friends "  # noqa: SIM905
    "neighbours neighbors reception security management admin volunteers students patients babies twins kids children "
    "team teams others someone somebody both all none ward wards hospital nhs council police school nursery church "
    "mosque gurdwara temple charity office surgery practice pharmacy clinic maternity triage reg registrar".split()
)


PAIR_SOURCE = "MaternityRules:pair-name"
#: Rules 46: two words in title case opening a clause (or after "from", "that's", a call's colon), then what a person is
#: or does ("Misty Fenwick, she did the course", "April Snow, 29wks", "Opal Swan NHS 943 ...", "India Hill is 19").
_PERSON_PAIR = re.compile(
    r"(?:^|(?<=[.!?:;][ ])|(?<=\n)|(?<=[-—–][ ])|(?<=\bfrom[ ])|(?<=\bthat['’]s[ ])|(?<=[!?][ ][ ]))"
    r"([A-Z][a-z]{2,})[ ]((?:Mc|Mac|O['’])?[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?)(?![\w'’@&-]|\.\w)"
)
_PAIR_NEXT = re.compile(
    r",[ ](?:(?:she|he)(?![ ](?:said|says|explained|added|told[ ]us|thinks|thought|reckons),)|who(?![ ](?:sponsor|fund|"
    r"run|donate|support|make|sell))|whose|aged[ ]\d|\d{1,2}(?=,|[ ]?(?:yo|y/o|yrs?|years|wks?|weeks|\+\d)\b))"
    r"|[ ](?:is|was)[ ]\d{1,2}\b(?![ ]?(?:am|pm|%|minutes|mins|hours|hrs))"
    r"|[ ](?:NHS|hosp|Hosp|DOB|dob|NI)\b"
    r"|[ ]\d{1,2}(?:[ ]?/[ ]?10|[ ]out[ ]of[ ]10)\b"
)


def person_pairs(text: str, found: list[Finding], lists, lexicon=None) -> list[Finding]:
    """Rules 46 (blind47, blind49, blind51: "April Snow, 29wks", "Misty Fenwick, she did", "India Hill is 19"): two
    title-case words opening a clause before what a person is or does (`_PAIR_NEXT`, `_PERSON_ONCE`, `_PERSON_NEXT`,
    `_RECORD_NEXT`, `_OWNS`), the first a given name of the lists, of the naming traditions or a place abroad, the second
    a family name of the lists or no dictionary word; never in a note written in title case, never a title, kinship,
    role, service, Kent, clinical, stop, time or place-noun word ("Labour Ward", "Victoria Park said"), a kept term
    ("Tommee Tippee") nor a place of two words ("Sierra Leone"). The keep-side review's "Daisy Chain asked" and "Poppy
    Appeal, she said" stay (a dictionary word second; "she said," between commas is no act)."""
    if title_case_note(text):
        return found
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []
    for m in _PERSON_PAIR.finditer(text):
        first, last = m.group(1), m.group(2)
        f1, f2 = fold_word(first), fold_word(last)
        if not (
            _PAIR_NEXT.match(text, m.end())
            or _PERSON_ONCE.match(text, m.end())
            or _PERSON_NEXT.match(text, m.end())
            or _RECORD_NEXT.match(text, m.end())
            or _OWNS.match(text, m.end())
        ):
            continue
        if not (given_name(first, lists) or f1 in lists.word_names_traditions or f1 in lists.world):
            continue
        if any(
            w in CONTEXT_WORDS
            or (w in STOP_WORDS and w not in lists.first_names)
            or w in GREETINGS
            or w in TITLES
            or w in HONORIFICS  # "Tita Marites's daughter-in-law": a kinship word kept
            or w in lists.local
            or w in lists.clinical
            or w in lists.acronyms
            or (lists.keep_after is not None and lists.keep_after.fullmatch(w))
            for w in (f1, f2)
        ):
            continue
        if f2 in TIME_NAMES or (f1 in TIME_NAMES and f1 not in lists.first_names):
            continue  # "Sunday Lunch"; not "April Snow, 29wks"
        if f2 in PLACE_NOUNS or THING_NEXT.match(text, m.start(2) - 1):
            continue  # "Rose Garden", "Grace Ward", "Victoria Park said"
        if lexicon is not None and f2 in lexicon and f2 not in lists.surnames:
            continue  # the keep-side review: "Daisy Chain asked", "Poppy Appeal", "Faith Leaders said", "Joy Milk scored"
        if f2.endswith("s") and lexicon is not None and f2[:-1] in lexicon:
            continue  # "Hope Springs", "Faith Works", "Autumn Leaves"
        if f1 in lists.world and f2 in lists.world and not (_listed(first, lists) or _listed(last, lists)):
            continue
        if f"{f1} {f2}" in lists.world or f"{f1} {f2}" in lists.keep_words:
            continue  # "Sierra Leone, she said"
        if lists.keep_after is not None and lists.keep_after.fullmatch(f"{first} {last}".lower()):
            continue  # "Tommee Tippee scored 4": a kept term
        if (
            lexicon is not None
            and f1 in lexicon
            and f2 in lexicon
            and not (_listed(first, lists) and _listed(last, lists))
            and not (given_name(first, lists) and f2 not in lists.keep_words)
        ):
            continue  # two dictionary words, neither a given name with a family name after it
        if taken.overlaps(m.start(), m.end()):
            continue
        extra.append(Finding(m.start(), m.end(), "PERSON", PAIR_SOURCE))
    return resolve_overlaps(found + extra) if extra else found


HEAD_SOURCE = "MaternityRules:note-head"
#: Rules 64: a word opening a note or a line (after a bullet, a time or a day's date), then what a list of people puts
#: after a name: a dash or colon, a bracket, an age ("Martha - ...", "Ionela: ...", "gracie 16, dob ...",
#: "Sheridan (28)").
_HEAD = re.compile(
    r"(?:^|(?<=\n))[ \t]*(?:[-•*·][ ]+)?(?:\[?\d{1,2}[:.]\d{2}\]?[ ]+|\d{1,2}/\d{1,2}(?:/\d{2,4})?[ ]+)?"
    r"([A-Z]?[a-z]{2,})(?=[ ]*[-–—:][ ]|[ ]\((?!\w+\))|,[ ]?\d|[ ]\d{1,2}(?:,|[ ]?(?:yo|y/o|yrs?)\b))"
)


def note_heads(text: str, found: list[Finding], lists, lexicon=None) -> list[Finding]:
    """Rules 64 (a tuning set's leaks: "Martha - "heartless, ..."", "gracie 16, dob", "caris - autocorect"): a word
    opening a note or a line before a dash, colon, bracket or age is the person the line is about when it is a given
    name or nickname of the lists or ONS gave it to `ONS_STRONG` babies or more (in title or lower case), or, in title
    case, when no dictionary, place list or typo check knows it. Never an everyday word that names people too (common_words.txt: "Grace", "Hope"), a kept, local,
    clinical, medicine, stop, time, role or record word, a place of the world, a greeting or a group of people
    ("Staff - ...", "Reception: ...", "Kent - ..."), nor a note written in title case."""
    if title_case_note(text):
        return found
    taken = SpanIndex((f.start, f.end) for f in found)
    extra = []
    for m in _HEAD.finditer(text):
        word = m.group(1)
        w = fold_word(word)
        if taken.overlaps(m.start(1), m.end(1)) or _not_a_head(w, lists):
            continue
        bracket = re.match(r"[ ]\(([^()\n]*)\)", text[m.end(1) :])
        if bracket and (
            w in fold_word(bracket.group(1))
            or fold_word((bracket.group(1).split() or [""])[-1]) in PLACE_NOUNS
        ):
            continue  # "Kingsley (Kingsley Ward) noisy at night": a place and its full name
        strong = w in lists.ons_strong or w in lists.first_names or w in lists.nicknames
        unknown = (
            word[0].isupper()
            and lexicon is not None
            and w not in lexicon
            and w not in lists.vocab
            and not lexicon.typo(w)
            and lexicon.frequency.get(w, 0.0) < 3.0
        )
        if strong or unknown:
            extra.append(Finding(m.start(1), m.end(1), "PERSON", HEAD_SOURCE))
    return resolve_overlaps(found + extra) if extra else found


def _not_a_head(w: str, lists) -> bool:
    return (
        w in lists.common
        or w in lists.keep_words
        or (lists.keep_after is not None and lists.keep_after.fullmatch(w))
        or w in lists.local
        or w in lists.world
        or w in lists.clinical
        or w in lists.medicines
        or w in lists.acronyms
        or w in STOP_WORDS
        or w in CONTEXT_WORDS
        or w in TITLES
        or w in HONORIFICS
        or w in TIME_NAMES
        or w in GREETINGS
        or w in _RECORD_WORDS
        or w in _COLLECTIVE
        or w in PLACE_NOUNS
    )
