"""Rules 18: people an engagement note's own shorthand names.

Steps after the tagger (`Anonymiser.more_names`, after rules 17's), written after reading the leaks of
blind16, a tuning set written blind for the kinds that still leaked most on the held-out sets: people
named with everyday words, short forms and places (blind13, blind14 and blind15 stay held out). Each is
a slot an officer's or a connector's note gives a person, never a list of one-off words, and each can
be switched off to measure it (`train_tagger --off`):

- `bracket_glosses`: a word (or a pair joined by and/&/+) opening a clause before a bracket that says who
  someone is ("Memory (Zimbabwean, came in 2023 ...)", "pat (vol, retired nurse)", "Joy (T2, Jamaican nan
  of 4)", "Atlanta (6 months)", "Alexandria (midwife, 1st yr)", "sez and trace (sisters)"): a nationality,
  a person or role noun ending its phrase, an event table ("T5", "table 1") or an age; beside a table or a
  lone nationality any word that is not a keep, care or stop word ("Will (T5, 19)").
- `log_subjects`: a word opening a clause of a call log or a listening event before "re:" ("09/12 11:30
  out - Patience re: PALS complaint"), a rating ("lovely rated 10", "ocean rated 8"), "asking about", a
  quote after a colon ('Carolina: "6. ...'), or "is" and a nationality or a pregnancy's weeks ("patience is
  Nigerian", "hope is 28 wks"); after a log line's time, any capitalised word before "re:" or a people's
  verb ("11:05 out - Given rang").
- `chat_turns` (rules 19, from the leaks of blind17, a training set): in a message thread pasted into a
  note ("Me: hi Jazz ... / Jazz: ugh ok"), every turn's speaker and whoever a greeting names ("morning
  Tobago 👋", "is this Smudge?"), whatever the word; a thread needs a turn of "Me:", a speaker found
  already, or one speaker twice, so "Housing: damp / Parking: £60" stays.
- `name_repeats`: a one-word name found anywhere in the note (by any step, in any case) is a person again
  where it opens a clause before a verb, "'s", a bracket, "re:" or a rating, or stands alone after "to",
  "for" or "with" ("the same faith from triage", "lift sorted for mercy + comfort").
- `list_members` (rules 33, from the leaks of blind29, a tuning set): the other members of a list with no label of
  which two or more are names found (`list_slots.bare_list_spans`; "8 babies. Olive, Juniper, [Ava], [Leo], Kit and
  [Max]"): those that are words of the names lists, in a list where none is a keep, care or stop word, a role or a
  place (local or anywhere).
- `firm_partners` (rules 33, from the leaks of blind29 and blind31, tuning sets): a capitalised word joined by "&"
  to a name found, before a firm's capitalised word, is a person too ("[Kingsley] & Moss Residential", "Tarrant &
  [Okafor] Solicitors"); not before a place's noun nor with no firm's word ("Kingsley & Cherry wards", "from
  Rosewood & Willow at 2am").

- rules 34 (from the leaks of the tuning sets blind24-blind31, then blind33 once it had been scored as new): a
  bracket's school year or cot ("Blossom (cot 5)"; never a place or an acronym: "Berwick (Year 2)"), a baby's age in
  months after a names list's word ("Poppy (7m)"; not minutes: "Pushing (40m)"), what a bracket says of a name ("Crystal
  (surname withheld)": a given name); a short form in a bracket beside the given name it shortens ("Dot (Dorothy)";
  never an English word: "Ben (Benefits)", "Beatrice (Black)"); and `well_wishes`: whoever "well done", "thank you",
  "congrats", "happy birthday" ... names at the end of its phrase in any note, a word of the names lists or a rare
  English word written as a name ("well done Bluebell,", "Thank you Jill."), never a word no dictionary knows (a
  hospital, town or medicine: "Thank you Addenbrookes"), a place or medicine of any list, an acronym, or an
  endearment ("thanks honey", "cheers bae").

- rules 35 (from the leaks of the tuning sets blind24-blind33): `nick_definitions`, a short form the note defines beside
  a name found in full ("Shiv = Shivani Dhar", "Jacks is Jackie Stiles", "Mo (Maureen)", "T.O'C. = Tadhg O'Connell")
  or names "for short", "known as", "goes by" or "prefers" ("Ire for short", "prefers Chi"); it runs first, so the
  name's repeats are found too; never a label, role or relation ("Contact is Jane Doe", "PA = Olu", "Nanny Pat (...)",
  "Parking (Jane said ...)": a sentence in the bracket).

Every step leaves the officer's keep lists, care and clinical words, roles, relations and stop words
alone (`RecordSlots._never`), and the brackets that are not a gloss ("Parking (dad had to pay)": a noun
followed by a verb is a sentence; "Tuesday (2 mums, 1 dad)": a count is a session; "Monday (Polish mums
group)": a nationality naming a group).
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import FORM_WORDS, PLACE_NOUNS, RELATIONS, ROLES, TIME_NAMES
from insights.quotes.lexicon import Finding, SpanIndex, fold_word
from insights.quotes.list_slots import bare_list_spans
from insights.quotes.record_slots import CLAUSE_VERBS, PEOPLE_VERBS

STEPS = (
    "nick_definitions",
    "bracket_glosses",
    "named_in_full",
    "log_subjects",
    "chat_turns",
    "name_repeats",
    "list_members",
    "firm_partners",
    "well_wishes",
)

#: Rules 35: a short form defined beside a name found in full: "Shiv = Shivani Dhar", "Jacks is Jackie Stiles", "Big Sal
#: aka Sally-Ann", "Mo (Maureen)", "Lol (that's Lorraine)"; then "Angel for short", "known as Kenz", "prefers Chi".
_DEFINED = re.compile(
    r"(?:^|(?<=[.!?;:\n(,])[ ]*|(?<=[-–][ ]))((?:Big[ ]|Lil[ ]|Little[ ])?"
    r"(?:[A-Z][a-z]{1,9}|(?<![A-Z][.'’])[A-Z](?:\.[A-Z]|['’][A-Z]){1,3}\.?))[ ]*(?:=|is|aka|a\.k\.a\.?|\()[ ]*"
    r"(?:(?:that['’]s|real[ ]name|full[ ]name|short[ ]for)[ ]+)?"
)
#: Rules 55 (blind62: "tee (tiana reid) 15", "jazz = jasmine o'leary"): a short form in lower case opening a note or
#: a sentence, before "=" or a bracket holding a full name found in lower case.
_DEFINED_LOWER = re.compile(r"(?:^|(?<=[.!?;\n])[ ]*)([a-z]{2,9})[ ]*(?:=|\()[ ]*")


def _equals_short(m: re.Match, word: str, full: str) -> bool:
    """Rules 55: "=" says a short form even of an English word, when it shares the full name's first letter ("Jazz =
    Jasmine O'Leary", "jazz = jasmine o'leary")."""
    short = word.split()[-1]
    return "=" in m.group(0) and short[-1:].isalpha() and short[:1].lower() == full.strip()[:1].lower()


_CALLED = re.compile(
    r"(?<![\w'’-])((?:Big[ ]|Lil[ ]|Little[ ])?[A-Z][a-z]{1,9})[ ]+for[ ]+short\b"
    r"|\b(?:known[ ]as|goes[ ]by|calls[ ]herself|calls[ ]himself|prefers|nicknamed|aka)[ ]+"
    r"((?:Big[ ]|Lil[ ]|Little[ ])?[A-Z][a-z]{1,9})\b(?![-'’]\w)"
)
#: Words that are no short form before "is" or "=" and a name: what a form's or a note's label says.
_NOT_DEFINED = frozenset({
    "name", "contact", "client", "patient", "pt", "lead", "chair", "ref", "key", "caller", "who", "this", "that",
    "it", "she", "he", "her", "his", "host", "sw", "ssw", "hv", "mw", "gp", "vol", "volunteer", "worker", "manager",
    "pa", "ta", "co", "op", "dr", "ds", "dd", "dh", "lo", "bf", "gf",
})  # fmt: skip

#: Where a clause opens: the note's start, a line, after a sentence, a dash, a slash, a plus, an ellipsis,
#: an opening quote or bracket, or a comma (optionally then "and", "but", "ps" ...).
_OPEN = re.compile(
    r"(?:^|\n|[.!?;:]\s+|[.…]\s*|\s[—–/+-]\s+|[\"“(]\s*|,\s+)(?:(?:and|but|then|so|ps|also|oh)\s+)?$", re.I
)
_WORD = r"([^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)?)"
_BRACKET = re.compile(rf"(?<![\w'’@.-]){_WORD}\??[ ]?\(([^()\n]{{1,90}})")
#: An initial after the name may stand between it and its slot ("joy m rated 7", "Tash K re: the rota").
_INITIAL = r"(?:[ ](?i:[b-hj-z])\.?(?=[ ]))?"
_RE = re.compile(rf"(?<![\w'’@.-]){_WORD}{_INITIAL}[ ]+re(?::|[ ]+(?=[a-z]))", re.I)
_RATED = re.compile(
    rf"(?<![\w'’@.-]){_WORD}{_INITIAL}[ ]+(?:rated|rates|rating|gave|gives|scored|scores)[ ]+(?:it[ ]+|us[ ]+|them[ ]+|"
    r"her[ ]+care[ ]+|the[ ]+care[ ]+|care[ ]+)?(?:a[ ]+)?(?:10|[1-9])(?:[ ]?/[ ]?10|[ ]+out[ ]+of[ ]+10)?"
    r"(?![\w:/%]|\.\d)"  # rules 33: "Bola rated 8." at a sentence's end; not "rated 8.5"
)
#: Rules 23: words of a bracket that make the word before it a place, not a person ("Kingsley (ward)").
_SITE_WORDS = frozenset(
    ["site", "sites", "dept", "department", "building", "wing", "floor", "branch", "campus"]
)
#: Rules 23: a rating after a bracket's gloss ("Grace (new) 4/10", "Dace (latvian) 6.", "Tamsin (came with her mum)
#: gave 5") or a rating out of ten right after the word ("Darcey 3/10."): a log line's subject.
_GLOSS_RATED = re.compile(
    rf"(?<![\w'’@.-]){_WORD}(?:[ ]?\(([^()\n]{{1,60}})\)[ ]+(?:(?:rated|rates|gave|gives|scored|scores)[ ]+)?"
    r"(?:10|[1-9])(?:[ ]?/[ ]?10)?|[ ]+(?:10|[1-9])[ ]?/[ ]?10)(?![\w:/%]|[.,]\d)"
)
#: Rules 32: a rating with what was rated between ("Pat rates the NICU at Medway 10", "SB rates her booking
#: appointment 3", "Tope gave a 3 for Medway"): up to six words, no sentence's end, then a score out of ten.
_RATED_WHAT = re.compile(
    rf"(?<![\w'’@.-]){_WORD}{_INITIAL}[ ]+(?:rated|rates|gave|gives|scored|scores)[ ]+(?:[^\s.!?;:\d]+[ ]+){{1,6}}"
    r"(?:a[ ]+)?(?:10|[1-9])(?:[ ]?/[ ]?10|[ ]+out[ ]+of[ ]+10)?(?![\w:/%]|[.,]\d|[ ]*(?:wks?|weeks?|days?|months?|hrs?|hours?|am|pm|mins?)\b)"
)
#: Rules 53 (blind57, a tuning writer: "Rio 9. C-section under spinal", "brook 9!!! best one this wk", "Rissa 3, Bekki
#: 6"): the officer's shorthand, a woman's name opening a line or a clause with her score alone after it, then a stop, a
#: comma, a dash or a bracket (`NotePeople.log_subjects` takes only a given name of the lists, no place: "Rowan 2" alone
#: on a line is a ward, "Lincoln 6" a hospital's score).
_BARE_RATING = re.compile(rf"(?<![\w'’@.-]){_WORD}[ ]+(?:10|[1-9])(?=[.!,;]|[ ]+[-–(])(?![.,]\d)")
#: Rules 53: words that number a thing before a score-like digit ("Ward 9.", "Bay 4", "Cot 2 -").
_NUMBERED_THINGS = frozenset(
    "ward bay room bed cot day week wk month year session table group hall page step form item case row line visit "  # noqa: SIM905
    "call list box pack level floor block flat house number no question q stage grade part round unit plot pitch "
    "trailer van car bus route team zone area slot pod".split()
)
#: Rules 41 (the keep-side review): what a rating is for after it ("Sky rates 2 for signal", "Summer rates 8 on the walk").
_THING_RATED = re.compile(r"[ ]+(?:for|on|in|at)\b")
#: Rules 32: a determiner right before a word makes it a thing ("a marvel", "her joy").
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|a|an|her|his|my|our|their|this|that|some|no|your|its)[ ]+$")
_COLON_RATING = re.compile(rf"(?<![\w'’@.-]){_WORD}[ ]?:[ ]*[\"“]?(?:10|[1-9])(?:[ ]?/[ ]?10)?(?![\w:/%])")
#: "sez and trace (sisters)", "mercy + comfort (sisters in law)": the first of a pair before a gloss.
_PAIR_BEFORE = re.compile(r"(?<![\w'’@.-])([^\W\d_][\w'’-]*)[ ]+(?:and|&|\+)[ ]+$")
#: 'unique: "GTT was horrible"', 'Blessing "no complaints"': a speaker before a quote.
_QUOTE_AFTER = re.compile(rf"(?<![\w'’@.-]){_WORD}(?::[ ]*|[ ]+)[\"“](?=\w)")
#: "hope is 28 wks", "faith was 39 weeks": a pregnancy's weeks after a clause's subject.
_IS_WEEKS = re.compile(rf"(?<![\w'’@.-]){_WORD}[ ]+(?:is|was|now)[ ]+(?:[1-4]\d)[ ]?(?:wks?|weeks?|/40)\b")
#: "patience is Nigerian": a nationality after a clause's subject.
_IS_NATIONALITY = re.compile(r"(?<![\w'’@.-])([^\W\d_][\w'’-]*)[ ]+(?:is|was)[ ]+([A-Z][a-z]{3,})\b")
#: "09:10 - Given rang": a capitalised word before a people's verb on a log line (`_STAMPED`).
_STAMPED_SPEAKER = re.compile(
    r"(?<![\w'’@.-])([A-Z][\w'’-]*)[ ]+(?:rang|said|says|asked|asks|texted|messaged|emailed|phoned|called|"
    r"replied|wants|wanted|told)\b"
)
#: Rules 25: a word before a bracket that gives a person's full name ("Bliss (Bliss Okoro-Hart)", "Nas (Nasir
#: Qureshi)", "Smithy (aka Daniel Smith-Hurley)"): two or three capitalised words, after an optional "aka",
#: "short for", "real name" or "full name".
_IN_FULL = re.compile(
    rf"(?<![\w'’@.-]){_WORD}[ ]?\((?:(?:aka|a\.k\.a\.?|short for|real name|full name|nee|née)[ :]+)?"
    r"([A-Z][\w'’]*(?:-[A-Z][\w'’]*)?(?:[ ]+[A-Z][\w'’]*(?:-[A-Z][\w'’]*)?){1,2})\)"
)
#: Rules 32: initials before a bracket opening with a given name ("SB (Sabrina, Ladybirds room lead)", "PN (new,
#: Priya)") or before "=" and the full name they stand for ("GH = George Hill").
_INITIALS_GLOSS = re.compile(
    r"(?<![\w'’@.-])([A-Z]{2,3})(?:[ ]?\((?:new,[ ]|aka[ ])?([A-Z][a-z]+)\b|[ ]?=[ ]?([A-Z][a-z]+(?:[ ][A-Z][a-z'’-]+){1,2}))"
)

#: Rules 32: one word in a bracket right after a person's name.
_SHORT_AFTER = re.compile(r"[ ]?\(([A-Z][a-z]{1,11})\)")
#: Rules 34: a word, then one capitalised word alone in a bracket, either a short form of the other.
_ONE_NAME_GLOSS = re.compile(r"(?<![\w'’@.-])([A-Z][a-z]{1,14})[ ]?\(([A-Z][a-z]{1,14})\)")


def _short_form(short: str, first: str) -> bool:
    """Rules 32: a short form of a given name: two or three letters, the first the same, all of them in the name in
    order ("dot" of "dorothy", "tel" of "terence"? no: "l" is not in it)."""
    if not 2 <= len(short) <= 3 or short[0] != first[0] or short == first:
        return False
    rest = iter(first[1:])
    return all(c in rest for c in short[1:])


#: Rules 28: a word at least this common (Zipf 4.6: "period" 5.0, "valley" 4.6) is no family name in a bracket.
_COMMON_ENGLISH = 4.6
#: Rules 33: a word rarer than this (Zipf) is no everyday subject of a rating ("Bola rates 8", not "Overall").
_RARE_ENGLISH = 3.0
#: Rules 28: the same in lower case ("blaze (blaze carrington)", "sky (skylar drew)").
_IN_FULL_LOWER = re.compile(
    rf"(?<![\w'’@.-]){_WORD}[ ]?\((?:(?:aka|a\.k\.a\.?|short for|real name|full name|nee|née)[ :]+)?"
    r"([a-z][\w'’]*(?:-[a-z][\w'’]*)?(?:[ ]+[a-z][\w'’]*(?:-[a-z][\w'’]*)?){1,2})\)"
)
#: Rules 25: a South Asian honorific or kinship word said after a name ("Pritam ji", "Pritam bhenji", "Khem dai",
#: "Nasreen apa", "Jaswinder aunty"): the word before it is a person when it could be one (a name, nickname,
#: unknown word or place; "the langar aunty", "dinner uncle" are everyday words and stay).
_HONORIFIC = re.compile(
    rf"(?<![\w'’@.-]){_WORD}[ ]+(?:ji|jee|bhenji|behenji|penji|didi|dai|bhai|bhaiya|veerji|paaji|apa|aapa|baji|"
    r"khala|bibi|aunty|auntie|aunti|uncle|chechi|chechy|chettan|chetta|chettai|ichayan|achayan|ammachi|appachan)\b"
    r"(?![-'’@.]\w)",
    re.I,
)
#: Rules 69 (blind71, a Malayali prayer group): Malayalam kinship words said only after a name ("Shiny chechi", "Sunny
#: chettan"): a capitalised word before one is a person even when it is an English word.
_NAME_ONLY_HONORIFICS = frozenset(["chechi", "chechy", "chettan", "chetta", "chettai", "ichayan", "achayan"])
#: Rules 25: faith words an honorific follows too, never a person ("Guru Nanak Dev Ji", "Guru Granth Sahib Ji",
#: "Waheguru ji", "mata ji", "Babaji").
_REVERED = frozenset(
    ["waheguru", "vaheguru", "guru", "sahib", "sahab", "dev", "mata", "mataji", "pita", "baba", "babaji"]
    + ["sant", "maharaj", "bhagwan", "swami", "granth", "nanak", "gobind", "ram", "krishna", "shiva"]
)
#: "the langar aunty", "our dinner uncle": a determiner makes the words before the honorific a role.
_ROLE_BEFORE = re.compile(r"(?i)\b(?:the|a|an|our|that|this|those|these)[ ]+$")
_REVERED_BEFORE = re.compile(r"(?i)\b(?:guru|sri|shri|shree|sant|baba|bhagat|mata)[ ]+(?:\w+[ ]+)?$")
#: What a note is "re:" when it is no one ("call re: the leaflets", "email re: room booking").
_NOT_RE_SUBJECTS = frozenset(["call", "email", "text", "msg", "message", "letter", "note"])
_ASKING = re.compile(
    rf"(?<![\w'’@.-]){_WORD}{_INITIAL}[ ]+(?:asking|asked)[ ]+(?:about|for|if|whether|when)\b"
)
#: Nouns that say who a person is when they end the bracket's first phrase ("vol", "big brother",
#: "mum from the sling library", "library staff").
_PERSON_NOUNS = (
    frozenset(RELATIONS)
    | frozenset(ROLES)
    | frozenset(
        ["vol", "vols", "staff", "student", "man", "woman", "lady", "kid", "child", "toddler", "teen"]
        + ["teenager", "mummy", "daddy", "grandson", "granddaughter", "grandchild", "carer", "parent"]
        + ["member", "facilitator", "organiser", "pastor", "imam", "mother", "father", "sis", "bro"]
        + ["sisters", "brothers", "twins", "mums", "dads", "newborn", "bub", "grandparent", "godmother"]
        + ["stepmum", "stepdad", "deacon", "elder", "clerk", "cleaner", "chef", "driver", "admin", "manager"]
    )
)
#: Words that may stand between a bracket's start and its person noun ("a", "her", "big", "new", "retired").
_MODIFIERS = frozenset(
    ["a", "an", "the", "her", "his", "my", "our", "their", "one", "new", "first", "young", "older", "old"]
    + ["big", "little", "baby", "premature", "retired", "other", "same", "single", "expectant", "proud"]
    + ["first-time", "teenage", "local", "church", "library", "mosque", "group", "ward", "hub", "elder"]
)
#: After the person noun, the phrase goes on only as a phrase does ("mum of 3", "dad from the group").
_NOUN_END = re.compile(r"^(?:$|[,;!?:)/+-]|\s+(?:of|from|at|in|to|with|for|on|who|and|&|\d))")
_TABLE = re.compile(r"(?i)^(?:t|tbl|table)[ ]?\d{1,2}\b")
#: Rules 34: a child's school year or a baby's cot ("Meadow (Year 5)", "Blossom (cot 5)"), or what a bracket says
#: of a name itself ("Crystal (surname withheld ...)", "cinderella (goes by cindy)", "Royalty (yes really, ...)"):
#: a strong gloss.
_NAMING_GLOSS = re.compile(
    r"(?i)^(?:(?:year|yr|cot|incubator)[ ]?\d{1,2}|(?:real|full|first|sur|nick)[ ]?name|surname|goes[ ]by|known[ ]as|"
    r"yes[ ](?:really|that'?s|thats)|not[ ]her[ ]real|(?:she|he)[ ](?:signs|goes|spells|prefers))\b"
)
#: Rules 34: the naming glosses said only of a person ("tiny (real name alfie ...)", "Chicken (nickname - ...)",
#: "Royalty (yes really, 3 wks)", "cinderella (goes by cindy)"), not of a form's field ("Survey (surname optional)").
_NICKNAMED = re.compile(
    r"(?i)(?:(?:real[ ]?name|nick[ ]?name)(?![ ]+(?:needed|required|optional|withheld|unknown|not|please|only|field))"
    r"|goes[ ]by|yes[ ]|not[ ]her[ ]real)"
)
_AGE = re.compile(
    r"(?i)^(?:aged?[ ]+)?(?:\d{1,2})(?:[ ]*(?:months?|mths?|m|wks?|weeks?|w|yrs?|years?|y/?o|days?|d)(?:[ ]+old)?)?$"
)
_MONTHS_AGE = re.compile(r"(?i)^(?:(?:[1-9]|1\d|2[0-4])[ ]*m|\d{1,2}[ ]*(?:mo|mths?|months?))(?:[ ]+old)?$")
_NATIONALITY_END = re.compile(r"(?:an|ese|ish|i|ch|que|ic|ot)$")
#: Faiths end like nationalities but gloss a word as a belief ("Faith (Christian) matters to her").
_FAITHS = frozenset(["christian", "catholic", "anglican", "lutheran", "protestant", "evangelical", "pagan"])
#: A time, then a few words (in/out, a duration) and a dash, right before a clause: a log line's subject.
_STAMPED = re.compile(r"(?:^|\n|\s)\d{1,2}[:.]\d{2}\b[^.\n:]{0,22}?[ ][-–—][ ]+$")
#: A whole word as `NotePeople.name_repeats` reads a name said again: no word character, apostrophe, "@", "." or "-"
#: before it, no word character, "@" or "-" after it.
_WORD_RUN = re.compile(r"(?<![\w'’@.-])\w+(?![\w@-])")
_VERB_SLOT = re.compile(
    r"^(?:['’]s\b|[ ]?\(|[ ]+re\b|[ ]+(?:rated|rates|gave|asking|asked)\b|[ ]?:[ ]*[\"“]?\d)"
)

#: Rules 33: a kin word or a faith title before a speaker's name ("Sis Pat: write 5", "Aunty Bisi: ..."); not "Mrs",
#: "Dr": "Mrs Begum: no interpreter. Stone: no bus" is a list of women and places, no thread.
_TURN_TITLE = r"(?:Sis|Sister|Bro|Brother|Aunty|Auntie|Aunt|Uncle|Nan|Nanny|Nana|Grandma|Grandad|Big|Little|Pastor|Deacon|Imam)"
#: Rules 19: a message thread pasted into a note ("Me: hi Jazz ... / Jazz: ugh ok"): a turn opens the note, a
#: line or a part after " / " with its speaker ("X:", "X to Y:").
_TURN = re.compile(
    rf"(?:^|\n|[ ]/[ ]+|\|[ ]*|(?<=[.!?\]])[ ]+)(?:{_WORD}[ ]+to[ ]+)?(?:{_TURN_TITLE}[ ])?{_WORD}"
    rf"(?:[ ]\([^()\n]{{1,40}}\))?[ ]?:[ ]+"
    r"(?=\S)"
)
#: Field labels of a tracker row or a form, never a speaker ("tel: ...", "dob: ...", "PALS ref: ...").
_FIELDS = FORM_WORDS | frozenset(
    [
        "dob",
        "ref",
        "pc",
        "addr",
        "address",
        "nhs",
        "fb",
        "ig",
        "insta",
        "tiktok",
        "snap",
        "snapchat",
        "postcode",
        "update",
        "action",
        "actions",
        "ps",
        "tbc",
        "hn",
        "mrn",
        "ni",
        "mob",
        "mobile",
        "reg",
        "school",
        "gp",
        "outcome",
        "summary",
        "agenda",
        "attendees",
        "apologies",
        "present",
        "next",
        "time",
        "venue",
        "location",
        "issue",
        "issues",
        "concern",
        "concerns",
        "feedback",
        "quote",
        "theme",
        "themes",
        "rating",
        "score",
        "total",
        "todo",
        "fu",
        "follow",
        "edit",
        "eta",
        "received",
        "voicemail",
        "vm",
        "text",
        "sms",
        "msg",
        "card",
        "reason",
        "result",
        "results",
        "status",
        "age",
        "weeks",
        "wks",
        "baby",
        # rules 33: a profile's fields ("Faith: important to her", "Language: Twi")
        "faith",
        "religion",
        "language",
        "languages",
        "diet",
        "interpreter",
        "needs",
    ]
)
#: Greetings and the like that name who a message is to ("hi Jazz,", "morning Tobago 👋", "is this Smudge?").
_VOCATIVE = re.compile(
    rf"(?i)(?:\b(?:hi|hiya|hey|heya|morning|evening|afternoon|thanks|thank[ ]u|thank[ ]you|ty|omg|sorry|"
    rf"congrats|aww?|it'?s|its|is[ ]this)[ ]+){_WORD}(?=[ ]*(?:[,!?.:;)]|[^\w\s]|$|[ ]+(?:did|is|are|u|you|"
    rf"ur|can|could|just|how|hope|its|it'?s|i|we|the|here|from)\b))"
)
#: Rules 34: what a comment under a post or a card says to someone, in any note ("well done Bluebell, a whole year",
#: "thank you Jill ❤️"): the word must end its phrase (punctuation, an emoji, "x" or the end).
_WELL_WISH = re.compile(
    rf"(?i)\b(?:well[ ]done|welcome|congrats|congratulations|happy[ ]birthday|proud[ ]of[ ]you|love[ ]you|bless[ ]you|"
    rf"thank[ ]you|thank[ ]u|thanks|cheers|miss[ ]you|good[ ]luck|get[ ]well[ ]soon)[ ]+(?:to[ ]+)?{_WORD}"
    rf"(?![\w'’-])(?=[ ]*(?:[,!?.;)]|[^\w\s'’]|$|x+\b))"  # the word whole first: no backtracking into it
)
#: Rules 34: words of endearment a well-wish is often followed by ("thanks honey x", "well done superstar").
_WISH_ENDEARMENTS = frozenset({
    "honey", "sweetie", "petal", "chick", "queen", "angel", "doll", "darlin", "hon", "star", "superstar", "lads",
    "yall", "y'all", "ya'll", "bae", "bubs", "chuck", "luv", "lovey", "marra", "guyz", "bby", "goldilocks", "pal",
    "mum", "mums", "mummies", "hunni", "gorgeous", "beautiful", "bestie", "lovelies", "lovelys", "ladys", "bub"
})  # fmt: skip
#: Words a greeting is often followed by that name no one.
_VOCATIVE_COMMON = frozenset(
    [
        "hun",
        "hunny",
        "babe",
        "babes",
        "all",
        "everyone",
        "everybody",
        "there",
        "lovely",
        "love",
        "guys",
        "girls",
        "ladies",
        "team",
        "mate",
        "again",
        "so",
        "both",
        "you",
        "u",
        "x",
        "xx",
        "sis",
        "bro",
        "aunty",
        "auntie",
        "darling",
        "dear",
        "sweetheart",
        "me",
        "it",
        "that",
        "this",
        "mummy",
        "mumma",
        "mama",
    ]
)
_WISH_COMMON = _VOCATIVE_COMMON | _WISH_ENDEARMENTS
#: Rules 34: how a department, a therapy, a job or a plural ends: no rare word a well-wish names ("Thank you Midwifery",
#: "Thank you Sonography", "Thank you Reflexology", "Good luck Lionesses").
_NOT_NAME_ENDS = (
    "ology",
    "graphy",
    "therapy",
    "pathy",
    "iatry",
    "ery",
    "ing",
    "cy",
    "ics",
    "ist",
    "ian",
    "es",
    "ness",
)


_SUBJECT_VERBS = PEOPLE_VERBS | CLAUSE_VERBS
#: Rules 53 (blind57, a tuning writer: "misty 5. misty had mastitis wk 2", "brook had caseload team"; the tuning sets:
#: "knowledge has oral thrush", "titi had bleeding"): an everyday word found as a name, said again opening a clause
#: before what she had or did (`NotePeople.name_repeats`); not "hope had gone", "patience has run out", "joy had been".
_OWN_REPEAT = re.compile(r"[ ]+(?:(?:had|has)[ ]+[a-z]+|loved|lives|lived|went|came)\b")
_NOT_OWNED = re.compile(
    r"[ ]+(?:had|has)[ ]+(?:been|gone|run|come|left|to|got|no|nothing|the|not|never|always|just|already|[a-z]+(?:ed|en))\b"
)
#: Rules 33: two capitalised words joined by "&" (a firm's partners, a couple).
#: Rules 33: a firm's word after the pair ("& Moss Residential", "& Okafor Solicitors", "& Co", "& Sons Ltd").
_FIRM_AFTER = re.compile(r"[ ]+([A-Z][a-z]+|Ltd|LLP)\b")
_AMPERSAND = re.compile(r"(?<![\w'’@.-])([A-Z][a-z][\w'’-]*)[ ]+&[ ]+([A-Z][a-z][\w'’-]*)(?![\w'’@-])")


class NotePeople:
    """Rules 18's slots, over rules 17's word checks (`record`: a `RecordSlots`)."""

    def __init__(self, record):
        self.record = record
        self.lists = record.lists
        self.lexicon = record.lexicon

    # -- what kind of word ------------------------------------------------------------------------

    def _barred(self, word: str) -> bool:
        """Never a person in these slots: a keep, care, clinical, stop, role or relation word, or a month."""
        w = fold_word(word)
        return self.record._never(word) or w in _PERSON_NOUNS or w in TIME_NAMES or len(w) < 2

    def _word_name_rating(self, word: str) -> bool:
        """Rules 41 (blind45, a tuning writer): a given name of the lists that is an everyday word, in title case, giving a
        rating ("Sky rates 2."; not yet "May rates 9": "may" is in no names list); never a place, a service's or a
        clinical word."""
        w = fold_word(word)
        return (
            word.istitle()
            and (w in self.lists.word_names or w in self.lists.first_names)
            and w not in self.lists.local
            and w not in self.lists.clinical
            and w not in self.lists.acronyms
            and w not in _PERSON_NOUNS
        )

    def _candidate(self, word: str, strong: bool) -> bool:
        """A word that may be a person here: a name, nickname or unknown word, a place that is not one of
        the officer's keep places, or (only beside a `strong` cue) any other word that is not `_barred`."""
        if self._barred(word):
            return False
        w = fold_word(word)
        if self.record._namelike(word, typo_ok=True) or w in self.lists.word_names:
            return True
        if w in self.lists.vocab and w not in self.lists.keep_words:
            return True
        return strong

    def _family_name(self, word: str) -> bool:
        """Rules 28: a lower-case word that can be a family name in a bracket after a given name: a word no
        dictionary knows, or a word that is neither a place, site, keep or barred word nor a common English
        word ("carrington", "drew"; not "period", "valley")."""
        if self.record.family_word(word):
            return True
        w = fold_word(word)
        if w in PLACE_NOUNS or w in _SITE_WORDS or w in self.lists.keep_words or self._barred(word):
            return False
        return self.record.lexicon.frequency.get(w, 0.0) < _COMMON_ENGLISH

    def _place_gloss(self, inside: str) -> bool:
        """Rules 23: a bracket that says the word is a place or a service ("ward", "unit", "main site")."""
        words = [fold_word(w) for w in re.findall(r"[^\W\d_]+", inside)[:3]]
        return any(w in PLACE_NOUNS or w in _SITE_WORDS for w in words)

    def _nationality(self, word: str) -> bool:
        w = fold_word(word)
        return (
            w not in _FAITHS
            and (w in self.lists.keep_words or w in self.lexicon)
            and bool(_NATIONALITY_END.search(w))
            and len(w) > 3
        )

    def _gloss(self, inside: str) -> tuple[bool, bool, bool]:
        """(a person's gloss, a strong one, a sure one) for the text inside a bracket. Sure: it opens with
        an event table or is a nationality alone, which only a person's gloss does ("Sunday (Nigerian,
        ...)", not "Monday (Polish mums' group)")."""
        head = re.split(r"[,;)!?]| - ", inside, maxsplit=1)[0].strip()
        if not head:
            return False, False, False
        if _TABLE.match(head):
            return True, True, True
        if naming := _NAMING_GLOSS.match(
            inside.strip()
        ):  # rules 34: strong for what is said only of a person's name
            return True, bool(naming and _NICKNAMED.match(inside.strip())), False
        if _AGE.match(head):
            # rules 34: a baby's age in months is a strong gloss ("Poppy (7m)", "Sky (10m, ...)")
            return True, bool(_MONTHS_AGE.match(head)), False
        words = head.split()
        first = words[0].strip(".")
        if first[:1].isupper() and self._nationality(first):
            return True, True, head == first
        low = [fold_word(w.strip(".")) for w in words]
        if low[0] in ("came", "comes", "says", "said", "from"):
            return True, False, False
        for i, w in enumerate(low[:4]):
            if w in _PERSON_NOUNS:
                rest = " ".join(words[i + 1 :])
                noun_phrase = _NOUN_END.match(" " + rest if rest else "") and all(
                    m in _MODIFIERS or self._nationality(m) for m in low[:i]
                )
                return bool(noun_phrase), bool(noun_phrase), False
            if w not in _MODIFIERS and not self._nationality(w):
                break
        return False, False, False

    def _typo(self, word: str) -> bool:
        w = fold_word(word)
        return w not in self.lexicon and self.lexicon.typo(w)

    def _stamped(self, text: str, start: int) -> bool:
        """The clause follows a call log's or a board's time ("09/12 11:30 out - ", "14:40 - ")."""
        return bool(_STAMPED.search(text, max(0, start - 45), start))

    def _opens(self, text: str, start: int) -> bool:
        return bool(_OPEN.search(text, max(0, start - 40), start))

    # -- the steps ----------------------------------------------------------------------------------

    def _sure_word(self, word: str) -> bool:
        """Beside a sure gloss ("Will (T5, 19)", "April (T2)", "Sunday (Nigerian)") any word is a person but
        a keep, clinical or care word, a role or relation, or a stop word in lower case."""
        w = fold_word(word)
        return not (
            w in self.lists.keep_words
            or w in self.lists.clinical
            or self.record._care_word(word)
            or w in _PERSON_NOUNS
            or (word.islower() and w in STOP_WORDS)
            or len(w) < 2
        )

    def _rare_title(self, word: str) -> bool:
        """Rules 33: a capitalised word before a rating ("Bola rates 8") that is a rare English word at most (no
        list's name: "Bola", "Bren"), never a place, keep, care or clinical word, a role or a relation, nor the plural
        of an English word ("Doulas", "Outpatients")."""
        w = fold_word(word)
        return (
            word.istitle()
            and len(w) > 2
            and self.lexicon.frequency.get(w, 0.0) < _RARE_ENGLISH
            and not self._plural_thing(word)  # "Doulas", "Physios"
            and not self._barred(word)
            and w not in self.lists.local
            and w not in self.lists.world
        )

    def _age_subject(self, word: str) -> bool:
        """Rules 34: a word a baby's age in months may follow: capitalised and a names list's ("Poppy (7m)"; not a food,
        a garment or a milestone: "Porridge (7m)", "Jumpsuit (6m)", "Crawling (8m)", a review's findings)."""
        return word[:1].isupper() and self._listed(fold_word(word))

    def _given_name(self, w: str) -> bool:
        """Rules 34: a folded given name of the lists that no place list or dictionary holds ("maureen", "dorothy"; not
        "black", "margate", "benefits", "france")."""
        lists = self.lists
        return (
            (w in lists.names or w in lists.first_names)
            and w not in lists.vocab
            and w not in lists.world
            and w not in lists.local
            and w not in self.lexicon
        )

    def _pet_name(self, w: str) -> bool:
        """Rules 34: a folded short form: a nickname of the lists, or a word of two to four letters that is no common
        English word (Zipf under 4.5: "mo", "dot"; not "dog", "cat", "max") nor a place of any list."""
        lists = self.lists
        if w in lists.nicknames or w in lists.word_nicknames:
            return True
        return self.lexicon.frequency.get(w, 0.0) < 4.5 and w not in lists.vocab and w not in lists.world

    def _listed(self, w: str) -> bool:
        """A folded word the names lists hold: a given name, an everyday-word name or a short form."""
        lists = self.lists
        return (
            w in lists.first_names
            or w in lists.word_names
            or w in lists.nicknames
            or w in lists.word_nicknames
        )

    def _plural_thing(self, word: str) -> bool:
        """Rules 33: the plural of an English word or of a role ("Doulas", "Physios", "Outpatients")."""
        w = fold_word(word)
        return w.endswith("s") and len(w) > 3 and (w[:-1] in self.lexicon or self._barred(word[:-1]))

    def _sure_name(self, word: str) -> bool:
        """Rules 33: beside a sure gloss, a capitalised given name that is a keep or care word too ("April (T2, came
        late)", "Sunday (Nigerian)", "Mark (T5)"), never a clinical word, a role or a relation."""
        w = fold_word(word)
        lists = self.lists
        return (
            word[:1].isupper()
            and (w in lists.first_names or w in lists.word_names)
            and w not in lists.clinical
            and w not in _PERSON_NOUNS
        )

    def bracket_glosses(self, text: str, found: list[Finding]) -> list[Finding]:
        """A word (or two joined by "and", "&" or "+") opening a clause before a bracket saying who a person
        is."""
        if "(" not in text:
            return []
        spans = []
        for m in _BRACKET.finditer(text):
            person, strong, sure = self._gloss(m.group(2))
            if not person or not self._opens(text, m.start(1)):
                pair = _PAIR_BEFORE.search(text, max(0, m.start(1) - 40), m.start(1))
                if not (person and pair and self._opens(text, pair.start(1))):
                    continue
                if self._candidate(pair.group(1), strong) and self._candidate(m.group(1), strong):
                    spans += [pair.span(1), m.span(1)]
                continue
            word = m.group(1)
            w = fold_word(word)
            naming = _NAMING_GLOSS.match(m.group(2).strip())
            if (
                naming
                and naming.group(0)[-1].isdigit()
                and (
                    word.isupper()
                    or w in self.lists.vocab
                    or w in self.lists.world
                    or w in self.lists.local
                    or not self._listed(w)
                )
            ):
                continue  # rules 34: "Berwick (Year 2) visited", "PSHE (Year 10)", "Twinkl (Year 2)": no name's
            if naming and " " not in m.group(2).strip() and not naming.group(0)[-1].isdigit():
                continue  # rules 34: "Alias (nickname)", "Maiden (surname)": a form's field, not what a name is
            if naming and not naming.group(0)[-1].isdigit() and self._sure_name(word):
                spans.append(
                    m.span(1)
                )  # rules 34: "Crystal (surname withheld)": a given name, even a kept word
                continue
            if strong and _MONTHS_AGE.match(m.group(2).split(",")[0].strip()) and not self._age_subject(word):
                strong = False  # "Recovery (6 months)": a common word before a span of months
            if self._candidate(word, strong) or (sure and (self._sure_word(word) or self._sure_name(word))):
                spans.append(m.span(1))
        return self.record._people(found, spans, "bracket-gloss")

    def named_in_full(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 25: a word before a bracket holding a person's full name. The same first name again ("Blaze
        (Blaze Carrington)") makes both people, unless a later word of the bracket is a place, site or keep word
        ("Darent (Darent Valley)"); a short form of one of the names ("Nas (Nasir Qureshi)", "Smithy (Daniel
        Smith-Hurley)": the first three letters shared) counts only when every word of the bracket is a name
        found already."""
        if "(" not in text and "=" not in text:
            return []
        people = [(f.start, f.end) for f in found if f.entity == "PERSON"]
        spans = []
        for m in _IN_FULL.finditer(text):
            word, full = m.group(1), m.group(2)
            words = list(re.finditer(r"[^\W\d_][\w'’]*", full))
            parts = [w.group(0) for w in words]
            folded = [fold_word(p) for p in parts]
            if any(
                p in PLACE_NOUNS or p in _SITE_WORDS or p in self.lists.keep_words or self._barred(p)
                for p in folded[1:]
            ):
                continue
            # the same first name again: a person even when the word is a keep word ("Bliss (Bliss Okoro-Hart)")
            if fold_word(word) == folded[0] and len(parts) > 1 and fold_word(word) not in STOP_WORDS:
                spans += [m.span(1), m.span(2)]
                continue
            if self._barred(word):
                continue
            at = m.start(2)
            named = all(any(s <= at + w.start() and at + w.end() <= e for s, e in people) for w in words)
            short = fold_word(word)[:3]
            if (
                named
                and (
                    (len(short) == 3 and any(p.startswith(short) for p in folded))
                    or _short_form(fold_word(word), folded[0])  # rules 32: "Dot (Dorothy Evans)"
                )
                and self._opens(text, m.start(1))
            ):
                spans.append(m.span(1))
        for (
            s,
            e,
        ) in people:  # rules 32: "Dorothy Kemp (Dot)", "Temitope Adebayo-Cole (Tope)": a short form after
            m = _SHORT_AFTER.match(text, e)
            first = fold_word(re.split(r"[\s-]+", text[s:e])[0])
            if (
                m
                and not self._barred(m.group(1))
                and (
                    _short_form(fold_word(m.group(1)), first)
                    or (len(m.group(1)) > 3 and first.startswith(fold_word(m.group(1))))
                    or (
                        len(first) > 4
                        and fold_word(m.group(1)) == first[-len(m.group(1)) :]
                        and len(m.group(1)) >= 3
                    )
                )
            ):
                spans.append(m.span(1))
        for m in _INITIALS_GLOSS.finditer(text):  # rules 32: "SB (Sabrina, room lead)", "GH = George Hill"
            letters, first = m.group(1), m.group(2) or m.group(3)
            if letters.lower() in self.lists.acronyms or letters[0] != first[0]:
                continue
            at = m.start(2) if m.group(2) else m.start(3)
            if m.group(3):
                rest = re.findall(r"[A-Z]", m.group(3))
                first_word = fold_word(m.group(3).split()[0])
                if "".join(rest) != letters or not self.record._name_word(first_word):
                    continue  # "GH = George Hill": the initials are a given name's ("BH = Birth Hub" is none)
                spans += [m.span(1), m.span(3)]
            elif any(s <= at < e for s, e in people):
                spans.append(m.span(1))
        for m in _IN_FULL_LOWER.finditer(text):  # rules 28: in lower case, a given name and family names
            word, parts = fold_word(m.group(1)), m.group(2).split()
            first = fold_word(parts[0])
            if self._barred(parts[0]) and first != word or not all(self._family_name(p) for p in parts[1:]):
                continue
            if first == word or (
                len(word) >= 3 and first.startswith(word[:3]) and first not in self.record.lexicon
            ):
                spans += [m.span(1), m.span(2)]
        for m in _ONE_NAME_GLOSS.finditer(text):  # rules 34: "Dot (Dorothy)"
            a, b = fold_word(m.group(1)), fold_word(m.group(2))
            short, full = (a, b) if len(a) < len(b) else (b, a)
            if self._barred(m.group(1)) or self._barred(m.group(2)) or not (2 <= len(short) <= 4):
                continue
            if (
                self._given_name(full)
                and self._pet_name(short)
                and (
                    _short_form(short, full)
                    or full.startswith(short)
                    or (short[0] == full[0] and len(short) <= 3)
                )
            ):
                spans += [m.span(1), m.span(2)]
        return self.record._people(found, spans, "named-in-full")

    def log_subjects(self, text: str, found: list[Finding]) -> list[Finding]:
        """A word opening a clause before "re:", a rating, "asking about", a quote, or "is" and a
        nationality or a pregnancy's weeks; after a log line's time, before a verb only people do too; and
        (rules 25) a word anywhere before an honorific said after a name ("Pritam ji", "Khem dai")."""
        spans = []
        # no slot here is strong alone ("overall rated 7", "Everything rated 9" are the care, not a person);
        # a log line's time makes it strong
        for rx in (
            _RE,
            _RATED,
            _GLOSS_RATED,
            _COLON_RATING,
            _ASKING,
            _QUOTE_AFTER,
            _IS_WEEKS,
            _STAMPED_SPEAKER,
        ):
            for m in rx.finditer(text):
                word = m.group(1)
                if rx is _RE and word.lower() in _NOT_RE_SUBJECTS:
                    continue
                if rx is _GLOSS_RATED and (
                    (word[-1:] in "sS" and self._barred(word[:-1]))  # "Apgars 9/10": a clinical word's plural
                    or (
                        m.group(2) and self._place_gloss(m.group(2))
                    )  # "Kingsley (ward) 6/10": a ward's score
                ):
                    continue
                if not self._opens(text, m.start(1)):
                    continue
                if rx in (_QUOTE_AFTER, _COLON_RATING) and (
                    word.isupper() or (word.islower() and self._typo(word))
                ):
                    continue  # 'EPU: "..."' is a service's card, 'siad "..."' a typed "said"
                if rx is _QUOTE_AFTER and text[m.end(1)] != ":" and not self.record._name_word(word):
                    continue  # 'Blessing "no complaints"': without a colon only a names-list word
                stamped = self._stamped(text, m.start(1))
                if rx is _STAMPED_SPEAKER and not stamped:
                    continue  # a people's verb after a capitalised word: only on a log line
                if rx is _RATED and self._plural_thing(word):
                    continue  # rules 33: "Physios rated 7.", "Doulas rated 9"
                if (
                    self._candidate(word, stamped)
                    or (rx is _RATED and self._rare_title(word))
                    or (
                        rx is _RATED
                        and self._word_name_rating(word)
                        and not _THING_RATED.match(text, m.end())
                    )
                ):
                    spans.append(m.span(1))
        for m in _HONORIFIC.finditer(text):  # rules 25
            word = m.group(1)
            before = text[max(0, m.start(1) - 40) : m.start(1)]
            if fold_word(word) in _REVERED or _REVERED_BEFORE.search(before) or _ROLE_BEFORE.search(before):
                continue
            if self._candidate(word, False) or (  # rules 69: "Sunny chettan"
                word.istitle()
                and fold_word(m.group(0).split()[-1]) in _NAME_ONLY_HONORIFICS
                and fold_word(word) not in _PERSON_NOUNS
            ):
                spans.append(m.span(1))
        for m in _RATED_WHAT.finditer(text):  # rules 32
            word = m.group(1)
            if not self._opens(text, m.start(1)) or not (
                word.istitle() or (word.isupper() and len(word) <= 3)
            ):
                continue
            w = fold_word(word)
            lists = self.lists
            if word.isupper():
                person = w not in lists.acronyms  # "SB rates ...", not "PALS rates ..."
            else:  # a name of the lists, not "Overall", "Ambulance", "Healthwatch", "Consultants"
                person = self.record._name_word(word) or w in lists.word_names or w in lists.word_nicknames
            if person and self._candidate(word, True):
                spans.append(m.span(1))
        # rules 53: "Posy 6. induced at 41 wks", "misty 5. misty had mastitis"
        for m in _BARE_RATING.finditer(text):
            word = m.group(1)
            w = fold_word(word)
            if (
                not self._opens(text, m.start(1))
                or word.isupper()
                or w in _NUMBERED_THINGS
                or w in PLACE_NOUNS
                or w in self.lists.world  # "Lincoln 6, here HV 9": a place's score too
                or w in self.lists.vocab
                or not (self.record._name_word(word) or self.lists.given_word(w) or w in self.lists.common)
            ):
                continue
            if self._candidate(word, True):
                spans.append(m.span(1))
        for m in _IS_NATIONALITY.finditer(text):
            if (
                self._opens(text, m.start(1))
                and self._nationality(m.group(2))
                and self._candidate(m.group(1), True)
            ):
                spans.append(m.span(1))
        return self.record._people(found, spans, "log-subject")

    def chat_turns(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 19: in a message thread pasted into a note (a turn of "Me:" or of a speaker already found,
        or two turns of one speaker), every speaker of a turn ("Tobago: yea but ..."), and whoever a
        greeting names ("Me: hi Sunday 😊", "morning Flis", "is this Smudge?"). A day or a place may name
        a speaker there; a tracker's fields ("tel:", "dob:", "ref:") never do. (Rules 9's speaker labels,
        `Anonymiser._speaker_names`, take only a capitalised name from the lists, or one after an emoji or a
        time stamp, in any note.)"""
        turns = [(m, m.group(2)) for m in _TURN.finditer(text)]
        if len(turns) < 2:
            return []
        found_words = {fold_word(text[f.start : f.end]) for f in found if f.entity == "PERSON"}
        speakers = [fold_word(w) for _, w in turns]
        thread = "me" in speakers or any(speakers.count(w) > 1 for w in set(speakers) - _FIELDS)
        titled = [
            bool(re.search(rf"{_TURN_TITLE}[ ]$", text[max(0, m.start(2) - 12) : m.start(2)]))
            for m, _ in turns
        ]
        lists = self.lists
        thread = thread or any(w in found_words for w, t in zip(speakers, titled, strict=True) if not t)
        # rules 33: a titled speaker found ("Sis Pat: ...") makes a thread only with another speaker the names lists
        # hold ("... Mercy: put my nurse too"); alone it is a profile's line ("Nan Rose: ... Birthplan: water birth")
        thread = thread or (
            any(w in found_words for w, t in zip(speakers, titled, strict=True) if t)
            and any(
                w in lists.first_names or w in lists.word_names
                for w, t in zip(speakers, titled, strict=True)
                if not t and w not in found_words
            )
        )
        if not thread:
            return []
        spans = []
        for m, _word in turns:
            for g in (1, 2):
                w = m.group(g)
                inline = m.start() > 0 and text[m.start()] == " " and text[m.start() - 1] in ".!?]"
                if w and self._speaker(w) and not (inline and not self._inline_speaker(w)):
                    spans.append(m.span(g))
        for m in _VOCATIVE.finditer(text):
            if self._speaker(m.group(1)) and fold_word(m.group(1)) not in _VOCATIVE_COMMON:
                spans.append(m.span(1))
        return self.record._people(found, spans, "chat-turn")

    def well_wishes(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 34: whoever a well-wish names (`_WELL_WISH`) in any note: a word the names lists hold, or a rare
        English word written as a name ("well done Bluebell,"); never a word no dictionary knows (a hospital, a town, a
        medicine: "Thank you Addenbrookes", "thanks Fybogel"), a place or medicine of any list, an acronym, a keep,
        care, stop, role or relation word, a month, nor a greeting's common word ("thank you all", "thanks bae")."""
        if "thank" not in text.lower() and not _WELL_WISH.search(text):
            return []
        spans = []
        lists = self.lists
        for m in _WELL_WISH.finditer(text):
            word = m.group(1)
            w = fold_word(word)
            if (
                any(c.isdigit() for c in w)
                or self._barred(word)
                or w in _WISH_COMMON
                or w in lists.local
                or w in lists.world
                or w in lists.vocab
                or word.isupper()
            ):
                continue
            name = (
                w in lists.names or w in lists.first_names or w in lists.nicknames
            ) and w not in lists.word_names
            rare = w in self.lexicon and self._rare_title(word) and not w.endswith(_NOT_NAME_ENDS)
            if name or (word[:1].isupper() and (w in lists.word_names or rare)):  # "well done Bluebell"
                spans.append(m.span(1))
        return self.record._people(found, spans, "well-wish")

    def _inline_speaker(self, word: str) -> bool:
        """Rules 32: a speaker whose turn opens after a sentence's end ("... that's all. Mercy: put my nurse too"):
        a word the names lists hold (an everyday-word name or a short form too) or no dictionary knows, in any case
        ("DAWN: Hello"); not an English word of no list ("Ticked: ...")."""
        w = fold_word(word)
        lists = self.lists
        listed = self._listed(w)
        if w in lists.local:
            return False  # rules 33: "Stone: no bus to DVH" (a village)
        return listed or (w not in self.lexicon and w not in lists.world)

    def _speaker(self, word: str) -> bool:
        """A word that may be a speaker in a thread: not a field, keep, care, stop, role or relation word
        (a day or a month may be: "Sunday: yes after church")."""
        w = fold_word(word)
        return (
            w not in _FIELDS
            and not self.record._never(word)
            and w not in _PERSON_NOUNS
            and len(w) > 1
            and not w.isdigit()
        )

    def _capital_repeat(self, text: str, word: str, english: bool, s: int, e: int) -> bool:
        """Rules 32: a name found once in the note is a person again wherever it is written with its capital and no
        place list holds it: anywhere when no dictionary knows it ("AJ very excited", "dropped AJ off"); in
        mid-sentence and after no determiner when it is an English word too ("look at Marvel's rash", not "a
        marvel", "The Marvel film")."""
        if word in self.lists.vocab or not text[s].isupper() or (english and not text[s + 1 : e].islower()):
            return False
        if not english:
            return True
        return not self._opens(text, s) and not _DETERMINER_BEFORE.search(text, max(0, s - 8), s)

    def name_repeats(self, text: str, found: list[Finding]) -> list[Finding]:
        """A one-word name found in the note, again where it opens a clause before a verb, "'s", a bracket,
        "re:" or a rating, or stands alone after "to", "for" or "with"; rules 32: written with its capital
        (`_capital_repeat`)."""
        names = {
            fold_word(text[f.start : f.end])
            for f in found
            if f.entity == "PERSON" and re.fullmatch(r"[^\W\d_][\w'’-]{1,20}", text[f.start : f.end])
        }
        spans = []
        taken = SpanIndex(
            (f.start, f.end) for f in found
        )  # rules 34: by bisection (a scan per word was quadratic)
        names = {word for word in names if not self._barred(word)}
        english = {word: word in self.lexicon or word in self.lists.common for word in names}
        # one pass over the note's words for the names of word characters only, not one scan per name (quadratic on a
        # long note of many names); a name with an apostrophe or a hyphen in it is looked for on its own
        plain = {word for word in names if _WORD_RUN.fullmatch(word)}
        uses = [
            (m.group().lower(), m.start(), m.end())
            for m in _WORD_RUN.finditer(text)
            if m.group().lower() in plain
        ]
        for word in names - plain:
            uses += [
                (word, *m.span())
                for m in re.finditer(rf"(?i)(?<![\w'’@.-]){re.escape(word)}(?![\w@-])", text)
            ]
        for word, s, e in uses:
            if taken.overlaps(s, e):
                continue
            after = text[e : e + 30]
            if self._capital_repeat(text, word, english[word], s, e):  # rules 32
                spans.append((s, e))
                continue
            if self._opens(text, s):
                verb = re.match(r"[ ]+([a-z]+)\b", after)
                verbs = PEOPLE_VERBS if english[word] else _SUBJECT_VERBS  # "patience is wearing thin"
                if (
                    _VERB_SLOT.match(after)
                    or (verb and verb.group(1) in verbs)
                    or (english[word] and _OWN_REPEAT.match(after) and not _NOT_OWNED.match(after))
                ):
                    spans.append((s, e))
            elif (
                (text[s].isupper() or not english[word])  # "asking for charity, only what ..."
                and re.search(r"(?i)\b(?:to|for|with)[ ]+$", text[max(0, s - 6) : s])
                and re.match(r"(?:$|[ ]?[,.;!?)/]|[ ]+(?:and|\+|&)[ ])", after)
            ):
                spans.append((s, e))
        return self.record._people(found, spans, "name-repeat")

    def list_members(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 33: the other members of a list of names with no label (module docstring)."""
        people = [f for f in found if f.entity == "PERSON"]
        if len(people) < 2:
            return []
        lists = self.lists

        def not_member(word: str) -> bool:
            w = fold_word(word)
            return self._barred(word) or w in lists.local or w in lists.world or w in STOP_WORDS

        def name_like(word: str) -> bool:
            return self._listed(fold_word(word))

        return self.record._people(found, bare_list_spans(text, people, name_like, not_member), "list-member")

    def firm_partners(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 33: a capitalised word joined by "&" to a name found, before a firm's word (module docstring)."""
        if "&" not in text:
            return []
        people = SpanIndex((f.start, f.end) for f in found if f.entity == "PERSON")
        spans = []
        for m in _AMPERSAND.finditer(text):
            named = [people.contains(m.start(g), m.end(g)) for g in (1, 2)]
            firm = _FIRM_AFTER.match(text, m.end())
            if not firm or people.overlaps(*firm.span(1)):
                continue  # "Guys & [Sarah Jones]": her family name is no firm's word
            if named.count(True) != 1 or fold_word(firm.group(1)) in PLACE_NOUNS:
                continue  # "Rosewood & Willow at 2am", "Kingsley & Cherry wards": wards, not a firm
            g = 2 if named[0] else 1
            w = fold_word(m.group(g))
            if self._barred(m.group(g)) or w in self.lists.local or w.rstrip("s") in RELATIONS:
                continue  # "[Ravi] & Sons", "[Amy] & Gravesend"
            spans.append(m.span(g))
        return self.record._people(found, spans, "firm-partner")

    def nick_definitions(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 35: a short form the note defines (`_DEFINED`): one or two words right before "=", "is", "aka" or a
        bracket whose next words are a person found (two words or more after "=", "is" or "aka": a full name; any
        after a bracket: "Mo (Maureen)"), and one named "for short", "known as", "goes by" or "prefers"; never a
        keep, care, clinical, stop, role or relation word, nor a label ("Contact is Jane Doe", "Mum is Rosa Day").
        Rules 55 (blind62): "=" says a short form even of an English word that shares the name's first letter ("Jazz =
        Jasmine O'Leary"); in lower case, a word opening a clause before "=" or a bracket and a full name found in
        lower case (`_DEFINED_LOWER`: "tee (tiana reid)")."""
        people = sorted((f.start, f.end) for f in found if f.entity == "PERSON")
        starts = {s: e for s, e in people}
        spans = []
        for m in _DEFINED.finditer(text):
            word = m.group(1)
            end = starts.get(m.end())
            if (
                end is None
                or self._not_short_form(word)
                or not (
                    _equals_short(m, word, text[m.end() : end]) or self._shortens(word, text[m.end() : end])
                )
            ):
                continue  # review: "Support is Jane Smith", "Notes = Rachel Green": a label, not her short form
            bracket = "(" in text[m.end(1) : m.end()]
            if bracket and not re.match(r"[ ]*(?:[),]|[-–][ ])", text[end : end + 3]):
                continue  # "Parking (Jane said it was free)": a sentence in the bracket, not a name glossed
            if not bracket and (
                " " not in text[m.end() : end].strip() or text[end : end + 2] in ("'s", "’s")
            ):
                continue  # "Jacks is Jackie Stiles" needs a full name; not "Attached is Jane Smith's referral"
            spans.append(m.span(1))
        for m in _DEFINED_LOWER.finditer(text):
            end = starts.get(m.end())
            full = text[m.end() : end] if end else ""
            if (
                " " in full.strip()
                and full.islower()
                and m.group(1) not in STOP_WORDS
                and not self._not_short_form(m.group(1))
                and (_equals_short(m, m.group(1), full) or self._shortens(m.group(1), full))
            ):
                spans.append(m.span(1))
        for m in _CALLED.finditer(text):
            group = 1 if m.group(1) else 2
            word = m.group(group)
            if self._not_short_form(word):
                continue
            w = fold_word(word.split()[-1])
            listed = w in self.lists.names or w in self.lists.nicknames or w in self.lists.word_nicknames
            before = re.findall(r"(?<![\w'’-])[A-Z][a-z]+", text[max(0, m.start() - 60) : m.start()])
            if (
                listed
                or any(  # review: "Hyperemesis (Hyper for short)": a word's short form, not a name's
                    b[:1] == word.split()[-1][:1] and fold_word(b) not in self.lexicon for b in before
                )
            ):
                spans.append(m.span(group))
        return self.record._people(found, spans, "nick-definition")

    def _shortens(self, word: str, full: str) -> bool:
        """Review: a short form shares its first letter with the name it stands for ("Shiv = Shivani Dhar", "T.O'C. =
        Tadhg", "Jacks is Jackie") or is a short form of the lists; a common English word (Zipf 4 or more) no names
        list holds never is one ("Support is Jane Smith", "Delivery (Dawn Smith)"; so "Mo (Maureen)" is left)."""
        short = word.split()[-1]
        w = fold_word(short.strip(".'’"))
        if w in self.lists.nicknames or w in self.lists.word_nicknames:
            return True
        if (
            self.lexicon.frequency.get(w, 0.0) >= 4.0
            and w not in self.lists.names
            and w not in self.lists.first_names
        ):
            return False
        return short[:1].lower() == full.strip()[:1].lower()

    def _not_short_form(self, word: str) -> bool:
        last = fold_word(word.split()[-1].strip(".'’"))
        return (
            last in _NOT_DEFINED
            or last in RELATIONS
            or last in ROLES
            or (len(last) > 1 and self._barred(word.split()[-1]))
            or (len(word) > 3 and word.isupper() and word.isalpha())
        )
