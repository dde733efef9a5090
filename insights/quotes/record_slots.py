"""Rules 17: who a record's own layout names, and lower-case names in a person's slot.

Steps after the tagger (`Anonymiser.more_names`, after rules 12's), written after reading the leaks of
leave-one-out runs on blind12 (blind13 stays held out). Each is a general slot of a kind of record an
officer pastes or types, never a list of one-off words, and each can be switched off to measure it
(`train_tagger --off`):

- `chat_exports`: the writer of a line of an exported chat ("[15/11/2025, 12:03] Rayne: ...",
  "15/11/2025, 12:03 - Rayne: ...") and the person of its system lines ("... Rayne left", "... Rayne
  joined", "Tasha added Rayne"), whatever the case or the names lists say.
- `review_headers`: the reviewer after a star rating ("★★★☆☆ J. Fairbairn — ...", "★☆☆☆☆ kayz_b · 3
  reviews") or after "posted by"/"review by"; never a generic reviewer ("Anonymous", "NHS user").
- `forum_handles`: a poster after "OP" or "reply"/"reply from" and before a colon, a word with an
  inner underscore ("Lemonade_and_Lullabies", "BIG_DAVE_84"), and a word of three or more capitalised
  parts run together ("BumpAndBiscuits"): user names, never ordinary writing.
- `board_names`: a ward board's or handover's patient, a word after a bed, bay, room or cot label ("b4
  hope adjei-boateng 2/7 pn", "c2 summer + twins", "cot 1 Zion", "bay d 2 — unique 1/7 pn") and a name
  word right before a gestation or postnatal day ("liberty 24/40 bleeding", "gift 3/7 pn").
- `age_brackets`: a name word or an unknown word before an age in brackets ("skye (16)", "maliyah (17, ...)").
- `lower_subjects`: a lower-case word that no dictionary knows, or a name word, opening a clause before
  a verb only people do ("marnie cried", "precious blocked her", "chanelle said"), or before "'s" and a
  relative or a worker ("tyreese's mum", "unique's cousin", "brooklyn's key worker").
- `nicknames`: a short form or pet name of a given name that is no English word (`nicknames.txt`, from
  carltonnorthern/nicknames: "Kev", "Geoff", "jim"): capitalised anywhere a capital does not only open a
  shouted note, and in lower case where a person stands (the slots above, "spoke to jim", "jim was lovely").
  The names lists read by the tagger's features do not hold them, so the shipped model is unchanged.
- `lower_repeats`: a lower-case word found as a person's name elsewhere in the note (one word, any step)
  is a person again where it opens a clause before a verb or "'s" ("saw [harmony] at the bank, harmony is 19
  and on her own"); "no hope of" and "joy of her life" do not open a clause before a verb. And a name word or
  unknown word opening a clause before "is/was" and an age ("harmony is 19", not "19 days").

Rules 28 (read from the leave-one-out misses on blind20-21 and from those sets rewritten in lower case and in
capitals; blind13-15 and blind22 stay held out):

- `line_records`: one to three words opening a line before an age or a date of birth ("Mazie Hobbs, 17, at the
  foyer", "Darcey Grimsby DOB ..."), and a lower-case given and family name opening a line ("jade wickens 21").
- `partner_words`: a name after "missus", "wifey", "hubby" or "his OH" ("his OH Caledonia 34 wks").
- `lower_addresses`: a block or street typed in lower case after "at" or a living word, or before a postcode
  or a local town ("lives at coldharbour house", "knockhall chase, greenhithe"), as [ADDRESS].
- `lower_schools`: a school, college or nursery in lower case with a rare or local word ("thameside college").
- A note written in capitals is read by the lower-case steps too (`LOWER_CASE_STEPS`, `lowered`).

Rules 29 (read from blind24, a tuning writer scored once as new; blind13-15, blind22 and blind23 stay held out):

- `trade_owners`: a family name or unknown word before a trade ("Marchbanks Chemist", "haslam carpets").
- `place_people`: a place elsewhere right before a person's verb or "'s" and a relative ("Jamaica says", "Omaha's
  mum"; in lower case a rare one opening a clause, "tulsa says"); local places (`Lists.local`) stay.
- `role_appositions` ("holly the hv", opening a clause); `relation_names` ("to boyfriend brannon.", closing one).
- `bare_codes`: a code with no label, capitals and digits ("FBV 23160"), as [HOSPITAL NUMBER].
- `kept_after` cuts a kinship honorific kept after the tagger off a name's edge ("[Rukhsana] apa"; `HONORIFICS`).

Rules 30 (written before reading blind25, a tuning writer; no held-out set read):

- `sites` (in site_slots.py since rules 31, a mixin of `RecordSlots`): where Travellers, park-home residents and
  boaters live, as [ADDRESS].
- `number_owners`: the person right before a phone, NI number or e-mail in a list or after "to" or "try"
  ("Sent the link to: Ottoline 07700 ...", "try jools 07700 ..."); never a label ("tel", "mob", "Cb").
- `spouse_names` ("Oswin and his wife"), `real_names` ("real name oswald"), `big_names`, `kin_appositions`.
- `forum_handles` also takes a social-media post's writer and a direct message's reader ("COMMENT Myrtle Vosper:",
  "DM Myrtle Vosper → Saffi Okonedo-Lark:"); `trade_owners` a family's practice ("the Quarrie Practice", not
  "podiatric surgery").

Rules 37 (blind39, a tuning writer; two reviews): `nicknames` reads the ONS given names too (`Lists.nicknames`;
capitalised anywhere only when given to 300 babies or more and after no determiner, `_capital_nickname`), and a short
form or ONS name with "s" and no apostrophe before a relative or a child's day ("Darcies mum"); `lower_subjects` takes a
child's own day after "'s" ("otis's party", `_CHILD_DAYS`) and reads rare-word ONS names (`Lists.ons_words`).

Rules 38 (blind41, a tuning writer): `lower_subjects` also takes a capitalised everyday-word name before "'s" and a
relative, a worker, a record of hers or an acronym ("Goodness's booking bloods", "Blessing's BRP"; never a month).
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import (
    CONTEXT_WORDS,
    FORM_WORDS,
    HONORIFICS,
    LABELS,
    PLACE_NOUNS,
    RELATIONS,
    ROLES,
    TIME_NAMES,
    TITLES,
)
from insights.quotes.identifiers import GENERIC_SCHOOL_WORDS, SERVICE_AFTER, saint_school_start
from insights.quotes.lexicon import NEGATED_BASES, PLACE_ENTITIES, SHORTHAND, Finding, SpanIndex, fold_word
from insights.quotes.person_slots import _PERSON_QUALITY
from insights.quotes.site_slots import SiteSlots
from insights.quotes.tagger_guards import place_family_spans

STEPS = (
    "chat_exports",
    "review_headers",
    "forum_handles",
    "board_names",
    "age_brackets",
    "line_records",
    "partner_words",
    "trade_owners",
    "place_people",
    "role_appositions",
    "relation_names",
    "bare_codes",
    "sites",
    "number_owners",
    "spouse_names",
    "real_names",
    "big_names",
    "kin_appositions",
    "lower_addresses",
    "lower_schools",
    "lower_subjects",
    "nicknames",
    "lower_repeats",
)

_NAME_WORDS = r"[^\W\d_][\w'’.-]*(?:[ ][^\W\d_][\w'’.-]*){0,2}"
#: A chat export's time stamp: "[15/11/2025, 12:03]", "[15/11/25 12:03:41]" or "15/11/2025, 12:03 -" (rules 69: mid-line).
_STAMP = (
    r"(?:\[\d{1,2}/\d{1,2}/\d{2,4},?[ ]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ ]?[APap][Mm])?\][ ]?"
    r"|\d{1,2}/\d{1,2}/\d{2,4},?[ ]\d{1,2}[:.]\d{2}(?:[ ]?[APap][Mm])?[ ][-–][ ])"
)
_CHAT_WRITER = re.compile(rf"(?m)(?:^[ \t]*|(?<=[ ])){_STAMP}(?:~[ ]?)?({_NAME_WORDS})[ ]?:[ ]")
_CHAT_EVENT = re.compile(
    rf"(?m)^[ \t]*{_STAMP}(?:~[ ]?)?({_NAME_WORDS}?)[ ](?:left|joined(?:[ ]using)?|was[ ]removed|"
    rf"changed[ ](?:the|their|her|his)|(?:added|removed)[ ]({_NAME_WORDS}))\b"
)
_STARS = re.compile(
    r"(?m)(?:^|\n)[ \t]*(?:[★☆✩✭⭐]{3,5}|[1-5](?:\.\d)?[ ]?(?:/[ ]?5|stars?|out[ ]of[ ]5))[ \t]*[,:·]?[ \t]*"
    r"([^\s—–·|:]{1,40}(?:[ ][^\s—–·|:]{1,40}){0,2})[ \t]+(?:[—–·|:]|-[ ])"
)
_POSTED_BY = re.compile(
    r"(?i)\b(?:posted|reviewed|review|written|comment)[ ]by[ ]+((?-i:[^\s,.;:!?()]{2,40}))"
)
_GENERIC_REVIEWER = frozenset(
    {
        "anonymous",
        "anon",
        "a",
        "an",
        "the",
        "patient",
        "user",
        "nhs",
        "service",
        "google",
        "verified",
        "reviewer",
        "local",
        "guide",
        "guest",
        "visitor",
        "member",
        "public",
        "parent",
        "mother",
        "mum",
        "dad",
        "relative",
        "carer",
        "new",
        "first",
        "time",
        "former",
        "family",
        "friend",
    }
)
_FORUM_POSTER = re.compile(
    r"(?m)(?:^|[.!?;\n]\s*|\b)(?:OP|[Rr]eply(?:[ ]from)?|[Qq]uote(?:[ ]from)?)[ ]+(\S{2,40}?):[ ]"
)
#: Rules 30: the writer of a social-media post, comment, reply or direct message copied into a log ("COMMENT Laurel
#: Skeet: ...", "DM Laurel Skeet → Jo: ...", "shared by Ann Lee:"), and the reader of a direct message ("→ Jo:").
_POST_HEADER = re.compile(
    r"(?:^|\n|[ ]/[ ]|[.!?][ ])(?:POST|COMMENT|REPLY|DM|[Pp]ost(?:ed)? by|[Cc]omment from|[Rr]eply from|"
    r"[Ss]hared by|[Mm]essage from)[ ]+([A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})(?=[ ]*(?::|→|->|\(|\d{1,2}:\d{2}))"
)
#: Rules 64: a note's, text's or voicemail's sender before a colon, a bracket or a time ("Note from Ionela: ...",
#: "Voicemail from Kerry-Ann (08:40)"); each word a name's (`_namelike`: not "Email from Maternity Voices:").
_NOTE_FROM = re.compile(
    r"(?:^|\n|[.!?][ ])(?:[Nn]ote|[Tt]ext|[Mm]sg|[Ee]-?mail|[Vv]oicemail|[Vv]oice[ ]note)[ ]+from[ ]+"
    r"([A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})(?=[ ]*(?::|\(|\d{1,2}:\d{2}))"
)
_DM_READER = re.compile(
    r"(?:^|\n|[ ]/[ ]|[.!?][ ])DM[ ]+[A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2}[ ]*(?:→|->)[ ]+"
    r"([A-Z][\w'’-]*(?:[ ][A-Z][\w'’-]*){0,2})(?=[ ]*:)"
)
_UNDERSCORED = re.compile(r"(?<![\w@./\\:-])([A-Za-z0-9]+(?:_[A-Za-z0-9]+)+)(?![\w@/\\-]|\.\w)")
_RUN_TOGETHER = re.compile(r"(?<![\w@./-])((?:[A-Z][a-z]+){3,}\d*)(?![\w@-]|\.\w)")
#: A bed, bay, room or cot label on a board or in a handover: "b4", "c2", "bed 3", "rm 4", "bay d 2", "SR2".
_BED = re.compile(
    r"(?i)(?<![\w/+.-])(?:bed|rm|room|cot|side[ ]?room|sr|b|c|d|bay[ ][a-z][ ]?\d{0,2}|bay)[ ]?\d{1,2}"
    r"(?![\w/+.:-])[ \t]*(?:[—–-][ \t]*)?([^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)?)"
)
#: A gestation or a postnatal day right after a word: "24/40", "40+12", "39+2", "3/7 pn", "2/7".
_GESTATION_AFTER = re.compile(r"^[ \t]+(?:\d{1,2}/40\b|[2-4]\d\+\d{1,2}\b|\d{1,2}/7\b|[Gg]\d[Pp]?\d?\b)")
_WORD_BEFORE_GESTATION = re.compile(r"(?<![\w'’-])([^\W\d_][\w'’]*)(?=[ \t]+(?:\d|[Gg]\d))")
_AGE_BRACKET = re.compile(
    r"(?<![\w'’-])([^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)?)[ ]\((1[2-9]|[2-4]\d)(?:[,)]|[ ]?(?:yrs?|y/?o)\b)"
)
#: Rules 28: a name opening a record's line before an age or a date of birth ("Mazie Hobbs, 17, at the foyer",
#: "Darcey Grimsby DOB 4 march 1995", "visit 3 - Zoriana 24 ..."). The line may open with a bullet or a short
#: lead ending in a number and a dash, colon or full stop ("Visit 3. ", "call 09:35 - ", "R-0150, Q3: ").
_UNITS = (
    r"(?![ ]*(?:%|days?|d\b|weeks?|wks?|w\b|months?|mths?|hours?|hrs?|h\b|mins?|minutes?|kg|g\b|cm|mm|ml|lbs?|p\b|"
    r"pounds?|quid|times?|x\b|miles?|percent|calls?|mums?|women|people|families|cards?|packs?|leaflets?|forms?|"
    r"babies|kids|children|visits?|sessions?|pm\b|am\b|o['’]?clock))"
)
_LINE_WORD = (
    r"(?!(?i:gave|give|gives|rated|rates|said|says|say|aged?|dob|nhs|mrn)\b)[^\W\d_]+(?:['’-][^\W\d_]+)*"
)
#: A line's start, after a bullet or a short lead ending in a number and a dash, colon or full stop ("Visit 3. ",
#: "call 09:35 - ", "R-0150, Q3: "). Rules 36: the lead's word is possessive ("++"): a line of 15,000 letters and no
#: digit was quadratic (4 s; 50,000 letters took over a minute).
_LINE_LEAD = r"(?m)^[ \t]*(?:[-*•>][ \t]*|(?:[^\W\d_]++[ \t]?)?[\w-]*\d[\w:./-]*(?:,[ \t]*[^\W\d_]*\d+)?[ \t]*[-–:.;][ \t]+)?"
_LINE_RECORD = re.compile(
    _LINE_LEAD + rf"({_LINE_WORD}(?:[ ]{_LINE_WORD}){{0,2}})"
    r"(?=,?[ ](?:aged?[ ])?(?:1[3-9]|[2-4]\d)(?![\d/:.%+]|[ ]*(?:-|–|to)[ ]*\d)"
    + _UNITS
    + r"|,?[ ]\(?(?:DOB|dob|Dob|D\.O\.B|d\.o\.b)\b)"
)
#: Rules 28: a partner named after a colloquial word for her or him ("missus Sicily", "his OH Caledonia", "hubby
#: dean"): these words are not in the tagger's relation list, so the shipped model is unchanged.
_PARTNER_WORD = re.compile(
    r"\b(?i:the[ ])?(?i:missus|missis|wifey|hubby|(?:his|her|my|ur|your)[ ](?:OH|oh|other[ ]half))[ ]+"
    r"([A-Z][a-z]+(?:-[A-Z][a-z]+)?|[a-z]{3,}(?:-[a-z]+)?)\b"
)
#: Rules 29: a trade a family's firm is named for ("Marchbanks Chemist", "Mallinder Groundworks", "Boyce Bros
#: Scaffolding", "haslam carpets"): the owner's name before it is a person's.
_TRADES = (
    "chemist", "chemists", "pharmacy", "groundworks", "carpets", "building", "builders", "grocers", "removals",
    "transport", "haulage", "plumbing", "roofing", "scaffolding", "electrical", "electricals", "motors", "cars",
    "taxis", "cabs", "couriers", "cleaning", "landscaping", "fencing", "joinery", "decorating", "flooring", "tyres",
    "autos", "garage", "barbers", "bakery", "butchers", "catering", "construction", "glazing", "kitchens",
    "solicitors", "logistics", "lettings", "estates", "plastering", "carpentry", "brickwork", "tiling", "skips",
    "recovery", "interiors", "upholstery", "florists", "newsagents", "supermarket", "stores", "foods", "coaches",
    "practice", "medical centre", "medical practice",  # rules 30: "the Lockyer Practice" (not "surgery": "podiatric surgery")
    "healthcare", "recruitment", "locums", "staffing",  # rules 38 (blind41): a nursing agency named after its owners
    "parking", "clamping", "car wash", "florist",  # rules 39 and 69 ("Fenner's Florist", "Petrescu Car Wash")
    "funeral directors", "garden services", "sweet centre",  # rules 70 ("Samuels & Son Funeral Directors")
)  # fmt: skip
#: Rules 32: a house number, a flat or "lives at/on" before a kept term make it a home address ("lives at 5 Swanley
#: Park", "Flat 2, Central Park").
_HOME_BEFORE = re.compile(
    r"(?i)(?:\d+[a-z]?,?|\bflat|\bno\.?|\blives?[ ]+(?:at|on|in)|\bliving[ ]+(?:at|on)"
    r"|\bmoved[ ]+(?:to|into)|\baddress(?:[ ]+is|[ ]*[:\-])|\b(?:flat|house|home)[ ]+is[ ]+(?:on|at|in))[ ]+$"
)  # rules 39 (the removal-side review): "moved to Denmark Hill", "address: Quality Street", "her flat is on ..."
_MEDICAL_TRADE = re.compile(r"(?i)(?:practice|medical centre|medical practice)$")
_FIRM = r"(?:['’]s)?(?:[ ]+(?:&[ ]+|and[ ]+)?(?:{kin}))?[ ]+(?:{trade})\b"
_TRADE_OWNER = re.compile(
    r"(?<![\w'’-])([A-Z][a-z'’-]+?)"
    + _FIRM.format(kin="Sons?|Daughters?|Co|Bros|Brothers", trade="|".join(t.title() for t in _TRADES))
    + r"|(?<![\w'’-])([a-z][a-z'’-]+?)"
    + _FIRM.format(kin="sons?|daughters?|co|bros|brothers", trade="|".join(_TRADES))
)
#: Rules 29: a place's name in a slot only a person fills ("Jamaica says add her page", "Omaha's mum is due",
#: "the Mrs. Jamaica wants"): a verb of saying, asking or feeling right after it, or "'s" and a relative.
_HUMAN_VERBS = (
    "said", "says", "siad", "told", "tells", "asked", "asks", "rang", "rings", "texted", "texts", "messaged",
    "mentioned", "mentions", "explained", "explains", "cried", "cries", "laughed", "laughs", "smiled", "wanted",
    "wants", "thinks", "thought", "felt", "feels", "agreed", "complained", "complains", "moans", "moaned", "speaks",
    "spoke", "replied", "called", "phoned", "emailed", "worries", "worried", "admitted", "insisted", "reckons"
)  # fmt: skip
_KIN = (
    "husband", "partner", "wife", "boyfriend", "girlfriend", "bf", "fiance", "fiancé", "son", "daughter", "baby",
    "mum", "mom", "mother", "mam", "dad", "nan", "nana", "sister", "brother", "auntie", "aunty", "cousin", "fella",
    "missus"
)  # fmt: skip
_PLACE_PERSON = re.compile(
    r"(?<![\w'’-])([A-Za-z][a-z]{2,})"
    rf"(?=[ ](?:{'|'.join(_HUMAN_VERBS)})\b|['’]s[ ](?:{'|'.join(_KIN)})\b)"
)
#: A place's name this common (Zipf 5.0: "London" 5.3, "She" and "All" are GeoNames places too) is not read as a
#: person's.
_COMMON_PLACE = 5.0
#: A word before a place that makes it no subject ("women from Jamaica said", "the Omaha's"); and in lower case a
#: place must be rarer than Zipf 3.8 ("ok. tulsa says", not "estates called").
_NOT_SUBJECT_BEFORE = frozenset(
    {"in", "from", "to", "at", "of", "the", "near", "via", "into", "around", "across", "outside", "and", "or", "for"}
)  # fmt: skip
_RARE_LOWER_PLACE = 3.8
#: Rules 29: a name and the role it holds, opening a clause ("mon - holly the hv from ...", "Bev the MCA said").
_ROLE_APPOSITION = re.compile(r"(?<![\w'’-])([A-Za-z][a-z]{2,})[ ]+the[ ]+([A-Za-z]+(?:[ ][a-z]+)?)\b")
#: Rules 29: a relative and a lower-case name closing a clause ("DO NOT GIVE to boyfriend brannon").
_RELATION_NAME = re.compile(
    rf"(?i:\b(?:{'|'.join(k for k in _KIN if k != 'baby')}|hubby))[ ]+([a-z]{{3,}})(?=[ ]*(?:$|[.,;:!?)\n]|[ ][-–][ ]))"
)
#: Rules 29: a scheme's or file's code with no label: two to four capitals and four to seven digits ("FBV 23160",
#: "MRN4471203"); no postcode, registration or NHS number has that shape.
_NOT_CODES = frozenset(
    {"ISO", "BS", "EN", "COVID", "SARS", "ICD", "NICE", "NG", "CG", "QS", "SI", "PO", "HTM"}
)
_BARE_CODE = re.compile(r"(?<![\w/-])([A-Z]{2,4}[ ]?\d{4,7})(?![\w/-]|[.,]\d)")
#: Rules 30: the person a phone, NI number or e-mail belongs to, written right before it in a list or after "to",
#: "try" or "and" ("Texted reminders to: Desna 07700 900123, Odesa ...", "try jools 07700 ...", "Nastusia QQ 12 ...").
_NUMBER_KINDS = frozenset({"PHONE_NUMBER", "UK_NINO", "EMAIL_ADDRESS"})
#: Labels before a number, never its owner: the project's form words ("tel", "phone", "email") and these.
_NUMBER_LABELS = FORM_WORDS | frozenset(
    (
        "tele", "telephone", "mob", "mobile", "num", "number", "no", "nos", "ph", "ring", "call", "cb", "callback",
        "contact", "landline", "work", "home", "wa", "text", "txt", "e-mail", "mail", "fax", "vol", "ni", "nino",
        "nhs", "dob",
    )
)  # fmt: skip
_OWNER_INTRO = frozenset({"to", "try", "and", "or", "for", "ring", "call", "text", "txt"})
#: A list item's or sentence's opening, and one or two words that may be a number's owner.
_ITEM_OPEN = r"(?:^|[,;(\n/]|[.!?:][ ]"
_OWNER_WORDS = r"((?:[A-Z][a-z'’-]+|[a-z][a-z'’-]{2,})(?:[ ](?:[A-Z][a-z'’-]+|[a-z][a-z'’-]{2,}))?)"
_OWNER_BEFORE = re.compile(
    rf"{_ITEM_OPEN}|\b(?i:{'|'.join(sorted(_OWNER_INTRO))})\b)[ ]*{_OWNER_WORDS}(?:[ ]*[:–-][ ]*|[ ]+)$"
)
#: Rules 31: the owner with a number's label between them ("Rashpal phone 07700 ...", "Kezia's mob: 07700 ...").
_OWNER_LABELLED = re.compile(
    rf"{_ITEM_OPEN}|\b(?i:and|or)\b)[ ]*{_OWNER_WORDS}(?:['’]s)?[ ]+"
    r"(?i:phone|mob|mobile|tel|number|no|email|e-mail|whatsapp)[ ]*[:.=-]?[ ]*$"
)
#: Rules 30: "big", "lil" or "wee" right before a name is part of the nickname ("Big Trev", "big maggie").
_BIG_BEFORE = re.compile(r"(?<![\w'’-])(?:[Bb]ig|BIG|[Ll]il|LIL|[Ww]ee)[ ]+$")
#: Rules 30: a name opening a clause before a comma and another person's relative ("prince smith, Zillah's fella",
#: "Sonny Joyce, Honora's husband").
_KIN_APPOSITION = re.compile(
    r"(?<![\w'’-])([A-Za-z][A-Za-z'’-]*(?:[ ][A-Za-z][A-Za-z'’-]*){0,2}),[ ]+([A-Za-z][\w-]*)['’]s[ ]+"
    rf"(?:(?:older|younger|little|big|eldest|twin)[ ])?(?:{'|'.join(_KIN)}|man|bloke|lad|ex)\b"
)
#: Rules 30: a husband or wife named with their spouse ("Barrie and his wife", "nadia and her husband").
_SPOUSE = re.compile(
    r"(?<![\w'’-])([A-Za-z][a-z'’-]{2,})[ ]+(?:and|&)[ ]+(?:his|her|their)[ ]+(?:wife|husband|partner|missus|fella|"
    r"fiancée?|boyfriend|girlfriend)\b"
)
#: Rules 30: a name given as someone's real or full one ("(real name alfie buckland, 6ft 4)", "full name: ...").
_REAL_NAME = re.compile(
    r"(?i:\b(?:real|full|proper|birth|maiden|legal)[ ]name(?:[ ]is|[ ]was|:)?)[ ]+"
    r"((?:[A-Z][a-z'’-]+|[a-z][a-z'’-]+)(?:[ ](?:[A-Z][a-z'’-]+|[a-z][a-z'’-]+)){0,2})"
)
#: Rules 28: a block or street typed in lower case, after "at" or a living word, or before a postcode or a
#: town ("lives at coldharbour house", "at kingsdale foyer", "lives rosherville way", "knockhall chase,
#: greenhithe", "bowesden lane da9 9hq"). The shapes the recognisers read (identifiers._FLATS_LOW,
#: _STREET_LOW) stay as they are: this step runs after the tagger and is not one of its features.
_BLOCK_WORDS = r"(?:court|house|lodge|foyer|tower|towers|heights|point|mansions|quay|wharf|mews)"
_ROAD_WORDS = (
    r"(?:road|street|lane|avenue|close|crescent|grove|gardens|terrace|mews|way|walk|rise|chase|drive|hill|reach|"
    r"parade|row|square)"
)
_LOW_PLACE = (
    rf"((?:[a-z][a-z-]+[ ]){{1,3}}(?:{_BLOCK_WORDS}|{_ROAD_WORDS}))\b(?!['’-]|{SERVICE_AFTER.pattern})"
)
_AT_PLACE = re.compile(
    rf"\b(?:((?:lives?|living|staying|stays|flat|moved|moving)(?:[ ](?:at|in|on|to|into))?|address(?: is)?:?)|at)"
    rf"[ ]+{_LOW_PLACE}"
)
#: After a bare "at", a place's words hold a rare word (Zipf under 4.0: "kingsdale", "aspen") or a local place's
#: name: "at crisis point", "at crown court" stay. A school's name needs a rarer one (under 3.8: "brent" 3.7;
#: not "misses school", 3.9).
_RARE_SCHOOL_WORD = 3.8
_PLACE_BEFORE = re.compile(
    rf"(?:^|[,;.(\n]|[ ][-–][ ])[ ]*{_LOW_PLACE}(?=,?[ ]+(?:(?i:da|br|me|tn|se|ct)\d{{1,2}}(?:[ ]?\d(?i:[a-z]{{2}}))?\b|"
    r"(?i:flat|room|rm|apt|no\.?)[ ]?\d|([a-z]+)\b))"
)
#: Rules 28: a school, college or nursery typed in lower case ("thameside college", "stonewood sixth form",
#: "buttercups day nursery"); one of its words is rare or a local place's (`_rare_or_local`), so "driving school",
#: "medical school" and "the local college" stay.
_LOW_SCHOOL = re.compile(
    r"(?<![\w'’-])((?:[a-z][a-z'’-]+[ ]){1,3}(?:school|college|academy|sixth[ ]form|day[ ]nursery|nursery[ ]school|"
    r"primary|grammar|infants|juniors|pre-?school|montessori))\b(?!['’-])"
)
#: Rules 28: a name word that is also an English word at least this common (Zipf 4.5: "ring", "river", "faith";
#: not "emilia" 3.1) opens a lower-case full name only when it is a given name of the curated list.
_RARE_ZIPF = 4.5
#: Rules 62: a name of the lists opening a clause before any verb is read as a name only when this rare in English.
_WEAK_ZIPF = 3.5
#: Rules 28: a lower-case given name and family name opening a line ("jade wickens 21, lives ...", "call 09:35 -
#: rachael dunning, ni ..."), read by `line_records`.
_LINE_PAIR = re.compile(
    _LINE_LEAD
    + r"([a-z]+(?:-[a-z]+)?(?:[ ][a-z]+(?:['’-][a-z]+)?){1,2})(?=[ \t]*(?:[,.:;(=]|[-–][ ]|$)|[ ](?!['’]))"
)
_CLAUSE_OPEN = re.compile(
    r"(?:^|\n|[.!?;:]\s+|\s[—–-]\s+|[\"“(]\s*|,\s+)(?:(?:and|but|then|so|when|cos|because)\s+)?$", re.I
)
_SUBJECT = re.compile(r"(?<![\w'’-])([a-z][a-z'’-]{2,15})(?=[ ]+([a-z]+)\b)")
_POSSESSIVE = re.compile(
    r"(?<![\w'’-])([a-z][a-z-]{2,15})['’]s[ ]+(key[ ]worker|social[ ]worker|support[ ]worker|[a-z]+|\d(?:st|nd|rd|th))\b"
)
#: Verbs only a person (or at least an animal) does, after a lower-case subject.
_PEOPLE_VERBS = frozenset(
    (  # noqa: SIM905
        "said says sed siad asked asks told tells texted txted txt rang phoned messaged emailed cried blocked "
        "replied explained mentioned laughed admitted agreed complained wants wanted thinks thought signed translating translated brought booked missed"
    ).split()
)
#: People's verbs that an English word can also be the subject of ("destiny brought me", "hope missed").
_THINGS_DO_TOO = frozenset({"brought", "booked", "missed", "wants", "wanted", "thought", "thinks", "signed"})
#: Rules 62: verbs any subject can take ("baby had", "it has"), read after a lower-case clause opener only when that
#: word is a name of the lists rare in English ("mads lives on the site", "ade has a babygrow"); not "is" or "was"
#: ("onyx is 4 months old stock").
_WEAK_PEOPLE_VERBS = frozenset(
    "had has lives lived came comes got went walked gave delivered needs needed rated rates loves loved works worked moved feels felt held".split()  # noqa: SIM905
)
_NICK_WORD = re.compile(r"(?<![\w'’@./-])([A-Za-z][a-z]{2,11})(?![\w'’@-]|\.\w)")
#: A lower-case nickname after a verb of speaking "to", or before "was" and what is said of a person.
_TO_PERSON = re.compile(
    r"(?i)\b(?:spoke|spoken|speak|speaking|talked|talking|talk|chatted|chat|said|explained|rang|texted|"
    r"messaged|emailed|wrote|sent|gave|passed|handed|introduced)(?:[ ]+[a-z]+){0,3}?[ ]+to[ ]+$"
)
_WAS_QUALITY = re.compile(r"[ ]+(?:was|is|were)[ ]+(?:so[ ]+|really[ ]+|very[ ]+|v[ ]+)?([a-z]+)")
#: "is 19", "was 17 when": an age after a clause's subject (not "19 days", "17 weeks", "36/40").
_IS_AGE = re.compile(
    r"[ ]+(?:is|was|turned|turns)[ ]+(1[3-9]|[2-4]\d)\b(?![./:%+-]\d|[ ]*(?:%|days?|d\b|weeks?|wks?|w\b|months?|"
    r"mths?|hours?|hrs?|h\b|mins?|minutes?|secs?|seconds?|kg|g\b|cm|mm|ml|lbs?|p\b|pounds?|quid|times?|/))"
)
_CLAUSE_VERBS = frozenset(
    {"is", "was", "has", "had", "will", "would", "can", "could", "says", "came", "comes", "went"}
)
#: The same sets for rules 18 (insights.quotes.note_people).
PEOPLE_VERBS, CLAUSE_VERBS = _PEOPLE_VERBS, _CLAUSE_VERBS
_WORKERS = frozenset(
    {"key worker", "social worker", "support worker", "worker", "midwife", "hv", "gp", "keyworker"}
)
#: Rules 37 (the removal-side review): what a child or a person has after an apostrophe-less "s" ("jensons nursery").
_OWNED_THINGS = frozenset("nursery school nan nanny grandad keyworker worker hv gp cot pram dob".split())  # noqa: SIM905
#: Rules 37 (the keep-side review): relatives' short forms a note writes before "'s" ("mil's birthday", "bff's party").
_KIN_SHORT = frozenset("mil fil sil bil bff dh dd ds oh ex".split())  # noqa: SIM905
#: Rules 37: a determiner before a word ("the Jannah garden", "the fern's mum"): a thing's, not a person's.
_DETERMINER_BEFORE = re.compile(r"(?i)\b(?:the|a|an|this|that|these|those|each|every|any|some|no|st\.?)[ ]+$")
#: Rules 37 (blind39, a tuning writer: a soft-play cafe's party bookings): a child's own day after "'s" ("otis's party",
#: "kobe's christening", "wren's 1st").
_CHILD_DAYS = frozenset(
    "party birthday bday christening naming 1st 2nd 3rd 4th 5th 6th first second third fourth fifth".split()  # noqa: SIM905
)
#: Rules 38 (blind41, a tuning writer): a capitalised everyday-word name before "'s" and a relative, a worker, a
#: record of hers or an acronym ("Hope's mum", "Goodness's booking bloods", "Blessing's BRP", "Hope's HMRC ref").
_CAP_POSSESSIVE = re.compile(r"(?<![\w'’-])([A-Z][a-z]{2,15})(?:['’]s|(?<=s)['’])[ ]+([A-Za-z]+)\b")
#: Words of hospitals' names ("Queen's ED", "King's NICU"): before "'s" and a record or an acronym, no person's.
_ROYAL = frozenset("queen king prince princess royal".split())  # noqa: SIM905
#: A place's services and bodies ("Kingston's NICU", "Devon's NHS"): after a place that is also a given name (Chelsea,
#: Devon, Hope), no person's; a town of the world list no given-names list holds (Bolton, York) owns no record at all.
_PLACE_ACRONYMS = frozenset("NHS NICU SCBU NNU ICB CCG ICS LMNS MP ED AE CQC NGO FC MNVP MVP UK".split())  # noqa: SIM905
_OWNED_RECORDS = frozenset(
    "booking bloods form forms nhs dob email phone mobile number address visa passport claim ref appointment appt "  # noqa: SIM905
    "scan notes records baby babies bump son daughter twins".split()
)


def in_capitals(text: str) -> bool:
    """A note written in capitals: no run of three lower-case letters, or most letters capitals."""
    return not re.search(r"[a-z]{3}", text) or sum(c.isupper() for c in text) > 0.6 * sum(
        c.isalpha() for c in text
    )


def lowered(text: str) -> str:
    """Rules 28: `text` in lower case letter for letter (a letter whose lower case is longer stays), so that
    offsets found in it hold in `text`."""
    return "".join(low if len(low := c.lower()) == 1 else c for c in text)


#: Rules 28: the lower-case slots a note written in capitals is read by too, in lower case ("AFSANA SAID ...").
LOWER_CASE_STEPS = ("line_records", "lower_subjects", "lower_repeats", "lower_addresses", "lower_schools")


#: Rules 45: a name or a friend's word before a borough makes it a person's name ("Kate Bromley", "my friend Bromley").
_NAME_BEFORE = re.compile(r"(?:[A-Z][a-z]+|friend|mate|cousin|called|named)[ ]+$")


def _opens_clause(text: str, at: int) -> bool:
    """A clause opens at `at` (read in the 40 characters before it, as note_people's `_opens` does: a whole-text
    search before every word was quadratic, seconds on a 50,000-character note)."""
    return _CLAUSE_OPEN.search(text, max(0, at - 40), at) is not None


class RecordSlots(SiteSlots):
    """Rules 17's slots over the project's word lists (`lists`), dictionary (`lexicon`) and the care-word
    check of rules 11 (`care_word`)."""

    def __init__(self, lists, lexicon, care_word):
        self.lists, self.lexicon, self._care_word = lists, lexicon, care_word

    # -- what kind of word ------------------------------------------------------------------------

    def _never(self, word: str) -> bool:
        """A stop, context, label, title, place-noun, keep, clinical or care word: never a name here."""
        w = fold_word(word)
        return (
            w in STOP_WORDS
            or w in CONTEXT_WORDS
            or w in LABELS
            or w in TITLES
            or w in PLACE_NOUNS
            or w in SHORTHAND
            or w in self.lists.keep_words
            or w in self.lists.clinical
            or w in self.lists.acronyms
            or self._care_word(word)
        )

    def unknown_family(self, piece: str, word: str) -> bool:
        """Rules 32 (`Anonymiser._grow`): a capitalised word no dictionary, list or keep file knows, right after a
        one-word given name of the lists, is her family name ("Jodie-Leigh Spratling", "India Fairweather"): never a
        place (any GeoNames place, the officer's local ones) nor a word `_never` names (care, clinical, stop, role)."""
        if " " in piece or fold_word(piece) not in self.lists.first_names:
            return False
        w = fold_word(word)
        return not (self._never(word) or w in self.lists.local or w in self.lists.vocab or w in self.lexicon)

    def _name_word(self, word: str) -> bool:
        w = fold_word(word)
        return (
            w in self.lists.names
            or w in self.lists.first_names
            or w in self.lists.word_names
            or w in self.lists.ons_words
            or self._nickname(word)
        )

    def _owner_without_apostrophe(self, text: str, end: int, word: str) -> bool:
        """Rules 37 (the removal-side review): a nickname or ONS given name with "s" and no apostrophe before a relative,
        a worker, a child's day or a nursery ("Darcies mum", "jensons nursery", "albies party"); not a plural ("Jos")."""
        if len(word) < 5 or not word.endswith("s") or not self._nickname(word[:-1]):
            return False
        after = re.match(r"[ ]+([a-z]+)\b", text[end : end + 20])
        return bool(after) and (
            after.group(1) in RELATIONS or after.group(1) in _CHILD_DAYS or after.group(1) in _OWNED_THINGS
        )

    def _capital_nickname(self, text: str, at: int, word: str) -> bool:
        """Rules 37 (the keep-side review): nicknames.txt's short forms capitalised anywhere; an ONS given name only when
        given to `lexicon.ONS_COMMON` babies or more ("Kaiden", not "Prem", "Tulsi") and after no determiner ("the
        Jannah garden", "a Kia")."""
        w = fold_word(word)
        if w in self.lists.short_forms:
            return True
        return w in self.lists.ons_common and not _DETERMINER_BEFORE.search(text, max(0, at - 8), at)

    def _nickname(self, word: str) -> bool:
        """A short form of a given name that no other list knows as a place, service, care word or acronym."""
        w = fold_word(word)
        return (
            w in self.lists.nicknames
            and w not in self.lists.vocab
            and w not in self.lists.common
            and w not in PLACE_NOUNS
            and not self._never(word)
        )

    def _unknown(self, word: str, typo_ok: bool) -> bool:
        """No dictionary, place list or shorthand knows it (nor, unless `typo_ok`, is it one edit from an
        English word: in a slot only people fill, "marnie" is not "marine")."""
        w = fold_word(word)
        return not (
            w in self.lexicon
            or w in self.lists.vocab
            or w in self.lists.common
            or w in SHORTHAND
            or (not typo_ok and self.lexicon.typo(w))
            or (w.endswith("nt") and w[:-2] in NEGATED_BASES)  # rules 58: "hasnt told her dad"
            or self.lexicon.swapped_common(w)  # rules 58: "chan recieved a letter"
        )

    def _namelike(self, word: str, typo_ok: bool = False) -> bool:
        parts = [p for p in re.split(r"[-'’]", word) if p]
        if not parts or self._never(parts[0]):
            return False
        return any(self._name_word(p) for p in parts) or all(self._unknown(p, typo_ok) for p in parts)

    @staticmethod
    def _opens(text: str, at: int) -> bool:
        """`_opens_clause`, for the mixins (site_slots)."""
        return _opens_clause(text, at)

    @staticmethod
    def _people(found, spans, source: str, entity: str = "PERSON") -> list[Finding]:
        """Findings for `spans`; a name may overlap a name found before (they merge), a handle may not
        overlap anything (`Anonymiser.more_names` drops what overlaps another kind of finding)."""
        return [
            Finding(s, e, entity, f"MaternityNameRules:{source}")
            for s, e in spans
            if entity == "PERSON" or not any(f.start < e and s < f.end for f in found)
        ]

    # -- the keep list applied after the tagger ---------------------------------------------------

    def keep_after_spans(self, text: str) -> list[tuple[int, int]]:
        """Where the terms kept after the tagger (keep_after_tagger.txt) lie in a text."""
        pattern = self.lists.keep_after
        return [(m.start(), m.end()) for m in pattern.finditer(text)] if pattern else []

    @staticmethod
    def honorific_free(text: str, keep_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """Rules 33: the must-keep spans the tagger's runs may not overlap, without the honorifics (`HONORIFICS`): a
        run "Rukhsana apa" is kept whole and `kept_after` cuts the honorific off its edge, where before the whole run
        was dropped with the name in it."""
        return [(ks, ke) for ks, ke in keep_spans if fold_word(text[ks:ke]) not in HONORIFICS]

    @staticmethod
    def kept_after(text: str, found: list[Finding], after: list[tuple[int, int]]) -> list[Finding]:
        """The findings without the names lying wholly inside a term kept after the tagger (a title before a
        name is inside its finding by now, so "Mrs Moldovan" still goes; deny-list names always go), and (rules
        29) a kept term at a name's edge cut off it: "[Rukhsana] Apa", "Akka [Selvi]"; rules 32: nor an address or
        school lying wholly inside one ("Swanley Park")."""
        out = []
        # rules 44: a span index asked per finding (a scan of every kept term was quadratic: 84,000 characters, 44 s)
        kept = SpanIndex(after)
        for f in found:
            tail = f.end - (len(text[f.start : f.end]) - len(text[f.start : f.end].rstrip(".,;: ")))
            if (
                f.entity in PLACE_ENTITIES
                and kept.contains(f.start, tail)  # rules 39: "a tin of Quality Street."
                and not _HOME_BEFORE.search(text, max(0, f.start - 20), f.start)
            ):
                continue  # rules 32: "Swanley Park", "Darenth Country Park" read as an address: a kept park
            if f.entity != "PERSON" or f.source.endswith(":deny-list"):
                out.append(f)
                continue
            start, end = f.start, f.end
            for ks, ke in kept.overlapping(f.start, f.end):
                if fold_word(text[ks:ke]) not in HONORIFICS:
                    continue  # "GABRIELA MOLDOVAN": a family name may be a kept nationality
                if ks <= start < ke < end:
                    start = ke
                elif start < ks < end <= ke:
                    end = ks
            while start < end and not text[start].isalnum():
                start += 1
            while end > start and not text[end - 1].isalnum():
                end -= 1
            if start < end and not kept.contains(start, end):
                out.append(f if (start, end) == (f.start, f.end) else Finding(start, end, f.entity, f.source))
        return out

    # -- the steps ----------------------------------------------------------------------------------

    def chat_exports(self, text: str, found: list[Finding]) -> list[Finding]:
        """The writer of an exported chat line and the people of its system lines."""
        spans = [m.span(1) for m in _CHAT_WRITER.finditer(text) if not self._generic(m.group(1))]
        for m in _CHAT_EVENT.finditer(text):
            spans += [m.span(g) for g in (1, 2) if m.group(g) and not self._generic(m.group(g))]
        return self._people(found, spans, "chat-export")

    def _generic(self, piece: str) -> bool:
        """No one in particular: "Anonymous", "NHS user", or only lower-case English or context words
        ("connector note")."""
        words = re.findall(r"[^\W\d_]+", piece)
        return not words or all(
            fold_word(w) in _GENERIC_REVIEWER
            or self._never(w)
            or (w.islower() and (fold_word(w) in self.lexicon or fold_word(w) in self.lists.common))
            for w in words
        )

    def review_headers(self, text: str, found: list[Finding]) -> list[Finding]:
        """The reviewer after a star rating or "posted by"."""
        spans = []
        for m in list(_STARS.finditer(text)) + list(_POSTED_BY.finditer(text)):
            piece = m.group(1).rstrip(".,")
            if self._generic(piece) or self.lists.keep_pattern and self.lists.keep_pattern.fullmatch(piece):
                continue
            spans.append((m.start(1), m.start(1) + len(piece)))
        return self._people(found, spans, "reviewer")

    def forum_handles(self, text: str, found: list[Finding]) -> list[Finding]:
        """Forum posters, words with an inner underscore and run-together capitalised words."""
        spans = [m.span(1) for m in _FORUM_POSTER.finditer(text) if not self._generic(m.group(1))]
        spans += [m.span(1) for m in _UNDERSCORED.finditer(text) if re.search(r"[A-Za-z]{2}", m.group(1))]
        for m in _RUN_TOGETHER.finditer(text):
            word = m.group(1)
            if self.lists.keep_pattern and self.lists.keep_pattern.fullmatch(word):
                continue
            if fold_word(word) in self.lexicon or fold_word(word) in self.lists.vocab:
                continue
            spans.append(m.span(1))
        # rules 30: a post's writer, a direct message's reader in its header ("DM Jo → Ann:"); rules 64: a note's sender
        writers = [
            m.span(1)
            for pattern in (_POST_HEADER, _DM_READER, _NOTE_FROM)
            for m in pattern.finditer(text)
            if not self._generic(m.group(1))
            and not any(fold_word(w) in self.lists.local for w in m.group(1).split())
            and (pattern is not _NOTE_FROM or all(self._namelike(w) for w in m.group(1).split()))
        ]
        people = self._people(found, writers, "post-writer")
        return self._people(found, spans, "handle", "SOCIAL_MEDIA") + people

    def board_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """A patient after a bed/bay/room/cot label, or a name word before a gestation."""
        spans = []
        for m in _BED.finditer(text):
            word = m.group(1)
            if self._namelike(word) and not re.fullmatch(r"(?i)[a-z]\d*|bed|bay|rm|room|cot", word):
                spans.append(m.span(1))
        for m in _WORD_BEFORE_GESTATION.finditer(text):
            word = m.group(1)
            if not _GESTATION_AFTER.match(text, m.end(1)):
                continue
            if self._name_word(word) and not self._never(word) and fold_word(word) not in TIME_NAMES:
                spans.append(m.span(1))
        return self._people(found, spans, "board")

    def age_brackets(self, text: str, found: list[Finding]) -> list[Finding]:
        """A name word, or a word no dictionary knows, before an age in brackets."""
        spans = [m.span(1) for m in _AGE_BRACKET.finditer(text) if self._namelike(m.group(1), typo_ok=True)]
        return self._people(found, spans, "age")

    def line_records(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 28: one to three words opening a line before an age or a date of birth, when none is a word
        that never names anyone here and one is a name word or a word no dictionary knows."""
        spans = []
        for m in _LINE_RECORD.finditer(text):
            start, words = m.start(1), m.group(1).split(" ")
            while len(words) > 1 and words[0].islower() and not words[-1].islower():
                start += len(words.pop(0)) + 1  # "sis Victory 17", "caller Aurelia Nkemelu, DOB"
            if all(w.islower() for w in words):
                if not any(self._name_word(w) and fold_word(w) not in self.lexicon for w in words) and not (
                    len(words) > 1
                    and any(
                        self._name_word(w) or (len(w) > 3 and self._unknown(w, typo_ok=True)) for w in words
                    )
                    and all(self.lexicon.frequency.get(fold_word(w), 0.0) < _RARE_ZIPF for w in words)
                ):
                    continue  # "wk 13", "rm 22", "ring 0": in lower case a name that is no English word, or two
                    # or more words none of them common English, one a name or unknown ("harmony keel, 18")
            elif any(w.islower() for w in words):
                continue  # "Case study 1": a name's words are capitalised alike
            dated = [fold_word(w) in TIME_NAMES for w in words]
            if all(dated) or any(self._never(w) and not d for w, d in zip(words, dated, strict=True)):
                continue  # "Session 14", "Ward 17", "May 24": a month alone is a date
            if any(w.isupper() and len(w) > 1 for w in words) and not all(w.isupper() for w in words):
                continue  # "NCT Group", "Amara ABT": an acronym, not a name in capitals
            if any(self._namelike(w, typo_ok=True) and fold_word(w) not in TIME_NAMES for w in words):
                spans.append((start, m.end(1)))
        for m in _LINE_PAIR.finditer(text):
            words = m.group(1).split(" ")
            # "emilia stan booking done": the longest prefix that is a name
            for n in range(len(words), 1, -1):
                if self._lower_full_name(words[:n]):
                    spans.append((m.start(1), m.start(1) + len(" ".join(words[:n]))))
                    break
        return self._people(found, spans, "line-record")

    def partner_words(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 28: a name after "missus", "wifey", "hubby" or "his OH": a capitalised word that is never
        something else here, or in lower case a name word or a word no dictionary knows."""
        spans = []
        for m in _PARTNER_WORD.finditer(text):
            word = m.group(1)
            if self._never(word) or fold_word(word) in TIME_NAMES:
                continue
            if word.islower() and not self._namelike(word, typo_ok=True):
                continue  # "hubby works in a takeaway"
            spans.append(m.span(1))
        return self._people(found, spans, "partner-word")

    def trade_owners(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 29: the family name a firm is named after, before its trade ("Marchbanks Chemist", "haslam
        carpets"): a family or given name of the lists, or a word no dictionary knows; never a place, a
        must-keep word or a brand that is an English word ("Boots Chemist", "Tesco chemist"). (Its first version asked
        the names lists to rule a word out and then in, so a listed family name was never read: "Patel Pharmacy".)"""
        spans = []
        for m in _TRADE_OWNER.finditer(text):
            group = 1 if m.group(1) else 2
            word = re.sub(r"['’]s$", "", m.group(group))
            w = fold_word(word)
            if self._never(word) or w in self.lists.vocab or w in self.lists.keep_words:
                continue
            if _MEDICAL_TRADE.search(m.group(0)) and (
                word[0].islower()
                or w in self.lists.word_names
                or self.lexicon.frequency.get(w, 0.0) >= 3.0
                or re.search(r"(?:ing|ed|al|ic|ics|ive|ary|ist)$", w)
            ):
                continue  # rules 30: "hypnobirthing practice", "Grace Medical Centre", "Podiatric Practice"
            listed = (
                w in self.lists.names
                or w in self.lists.surnames
                or (word[0].isupper() and w in self.lists.word_names)
            )
            if listed or self._unknown(
                word, typo_ok=True
            ):  # rules 70: a surname that is a word ("Connors Roofing")
                spans.append((m.start(group), m.start(group) + len(word)))
        return self._people(found, spans, "trade-owner")

    def place_people(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 29: a place a person is named after, where only a person stands ("Jamaica says ...", "Omaha's
        mum"): a GeoNames place (`Lists.vocab`) rarer than Zipf 5.0 that is not a local place of the keep list (rules
        45: nor a UK district the keep lists hold that is no name: "Lewisham rang back" is a trust)."""
        spans = []
        for m in _PLACE_PERSON.finditer(text):
            w = fold_word(m.group(1))
            if m.group(1).islower() and (
                not _opens_clause(text, m.start(1)) or self.lexicon.frequency.get(w, 0.0) >= _RARE_LOWER_PLACE
            ):
                continue  # rules 29: in lower case only a rare word opening a clause ("ok. mali says", not "estates")
            before = re.search(r"([A-Za-z]+)[ ]+$", text[max(0, m.start() - 20) : m.start()])
            if before and before.group(1).lower() in _NOT_SUBJECT_BEFORE:
                continue  # "women from Jamaica said": the place is not the subject
            place = (
                w in self.lists.vocab
                and w not in STOP_WORDS
                and self.lexicon.frequency.get(w, 0.0) < _COMMON_PLACE
            )
            never = w in CONTEXT_WORDS or w in TIME_NAMES or w in self.lists.clinical or w in self.lists.local
            if w in self.lists.districts and w in self.lists.keep_words and w not in self.lists.names:
                # rules 45: "Lewisham rang back" (a trust, a council); not "Kate Bromley said", "my friend Bromley said"
                named = _NAME_BEFORE.search(text, max(0, m.start(1) - 30), m.start(1))
                never = never or (_opens_clause(text, m.start(1)) and not named)
            if place and not never:
                spans.append(m.span(1))
        spans += place_family_spans(text, self.lists, _NOT_SUBJECT_BEFORE)  # rules 41: "Kenya Morris"
        return self._people(found, spans, "place-person")

    def role_appositions(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 29: a name before "the" and a role, opening a clause ("holly the hv", "Bev the MCA"): a word of the
        names lists or, capitalised, a word no dictionary knows."""
        spans = []
        for m in _ROLE_APPOSITION.finditer(text):
            role = m.group(2).lower()
            if role not in ROLES and role.split()[0] not in ROLES:
                continue
            word = m.group(1)
            w = fold_word(word)
            if self._never(word) or not _opens_clause(text, m.start(1)):
                continue
            named = w in self.lists.names or w in self.lists.word_names or w in self.lists.nicknames
            if named and word.islower() and self.lexicon.frequency.get(w, 0.0) >= _RARE_ZIPF:
                continue  # "hope the HV calls back", "lucky the midwife was on": a common word in lower case
            if named or (word[0].isupper() and self._unknown(word, typo_ok=False)):
                spans.append(m.span(1))
        return self._people(found, spans, "role-apposition")

    def relation_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 29: a lower-case name after a relative, closing a clause ("to boyfriend brannon."): a name word or
        a word no dictionary knows."""
        spans = []
        for m in _RELATION_NAME.finditer(text):
            word = m.group(1)
            if self._never(word) or fold_word(word) in TIME_NAMES or not self._namelike(word, typo_ok=True):
                continue
            spans.append(m.span(1))
        return self._people(found, spans, "relation-name")

    def bare_codes(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 29: a reference with no label before it ("food bank mon - FBV 23160 - ..."), unless its letters are
        a known standard or a year follows them ("ISO 9001", "COVID 2019")."""
        spans = []
        for m in _BARE_CODE.finditer(text):
            letters = re.match(r"[A-Z]+", m.group(1)).group()
            digits = m.group(1)[len(letters) :].strip()
            if letters in _NOT_CODES or (len(digits) == 4 and digits[:2] in ("19", "20")):
                continue
            if len(letters) < 3 and len(digits) < 5:
                continue  # a flight ("BA2490"), a form ("SC1234"): two letters need five digits
            spans.append(m.span(1))
        return self._people(found, spans, "bare-code", "HOSPITAL_NUMBER")

    def number_owners(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 30: one or two words right before a phone, NI number or e-mail, opening a list item or after "to",
        "try", "and", "or", "for", "ring", "call" or "text": a name word or a word no dictionary knows (capitalised, or rare in lower case); never a
        label, stop, care, local place or service word ("mob 07700 ...", "Darent Valley 01322 ..."). Rules 31: with the
        number's label between them ("Rashpal phone 07700 ...", "Kezia's mob: 07700 ...")."""
        spans = []
        for f in found:
            if f.entity not in _NUMBER_KINDS:
                continue
            for rx in (_OWNER_BEFORE, _OWNER_LABELLED):  # rules 31: "Rashpal phone 07700 ..."
                m = rx.search(text, max(0, f.start - 50), f.start)
                if not m or m.end() != f.start:
                    continue
                start, words = m.start(1), m.group(1).split()
                if (
                    len(words) == 2 and words[0].lower() in _OWNER_INTRO
                ):  # ", try Zennith 07700 ...": the last word
                    start, words = m.end(1) - len(words[1]), words[1:]
                if any(
                    self._never(w) or self._label_or_local(w) or fold_word(w) in _NUMBER_LABELS for w in words
                ):
                    continue
                if rx is _OWNER_LABELLED and not (len(words) == 1 and self._labelled_owner(words[0])):
                    continue  # "Helpline number 0800 ...", "New number 07700 ...": no one's name
                if all(self._owner_word(w) for w in words):
                    spans.append((start, m.end(1)))
                    break
        return self._people(found, spans, "number-owner")

    def _labelled_owner(self, word: str) -> bool:
        """Rules 31: a one-word owner before a number's label: a word of the names lists or one the word frequency
        list, the dictionary and two dictionary words of four letters or more run together do not hold ("Rashpal
        phone", "Kezia's mob"; not "Helpline number", "New number")."""
        w = fold_word(word)
        lists = self.lists
        listed = w in lists.names or w in lists.nicknames or w in lists.more_names
        if listed:
            return w not in self.lexicon
        lex = self.lexicon
        compound = any(
            w[:i] in lex and w[i:] in lex for i in range(4, len(w) - 3)
        )  # "Helpline"; not "Rashpal"
        return w not in lex.frequency and w not in lex and not compound

    def _label_or_local(self, word: str) -> bool:
        """A local place's word or a time word (no set is built per word: `lists.local` is large)."""
        w = fold_word(word)
        return w in self.lists.local or w in TIME_NAMES

    def _owner_word(self, word: str) -> bool:
        """A name word (rare in lower case) or a word no dictionary knows."""
        w = fold_word(word)
        if self._name_word(word) or w in self.lists.vocab:
            return word[0].isupper() or self.lexicon.frequency.get(w, 0.0) < _RARE_ZIPF
        return self._unknown(word, typo_ok=word[0].isupper())

    def big_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 30: a name found grown over "big", "lil" or "wee" right before it ("[Big Trev]", "[big maggie]")."""
        spans = []
        for f in found:
            m = _BIG_BEFORE.search(text, max(0, f.start - 6), f.start) if f.entity == "PERSON" else None
            if m:
                spans.append((m.start(), f.end))
        return self._people(found, spans, "big-name")

    def kin_appositions(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 30: one to three words opening a clause before ", <a person found>'s husband" (or another relative):
        each a name word, a family name or a word no dictionary knows; never a stop, care or place word."""
        names = {(f.start, f.end) for f in found if f.entity == "PERSON"}
        spans = []
        for m in _KIN_APPOSITION.finditer(text):
            if m.span(2) not in names or not _opens_clause(text, m.start(1)):
                continue
            words = m.group(1).split()
            if any(self._never(w) or self._label_or_local(w) for w in words):
                continue
            if all(self._name_word(w) or self._owner_word(w) or self.family_word(w.lower()) for w in words):
                spans.append(m.span(1))
        return self._people(found, spans, "kin-apposition")

    def spouse_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 30: a name before "and his wife" or "and her husband", opening a clause: a name word or a word no
        dictionary knows (in lower case a rare one)."""
        spans = []
        for m in _SPOUSE.finditer(text):
            word = m.group(1)
            if self._never(word) or not _opens_clause(text, m.start(1)):
                continue
            if self._owner_word(word) and fold_word(word) not in self.lists.local:
                spans.append(m.span(1))
        return self._people(found, spans, "spouse-name")

    def real_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 30: the words after "real name", "full name" or "maiden name" that a name can hold (a name word, a
        family name or a word no dictionary knows), up to the first that cannot."""
        spans = []
        for m in _REAL_NAME.finditer(text):
            words = list(re.finditer(r"\S+", m.group(1)))
            keep = []
            for w in words:
                word = w.group()
                if self._never(word) or fold_word(word) in TIME_NAMES:
                    break
                if not (self._owner_word(word) or self.family_word(word.lower())):
                    break  # "full name recorded on booking", "real name unknown"
                keep.append(w)
            if keep:
                spans.append((m.start(1) + keep[0].start(), m.start(1) + keep[-1].end()))
        return self._people(found, spans, "real-name")

    def lower_addresses(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 28: a block or street in lower case after "at" or a living word, or before a postcode or a
        town; never when a word of it is a stop, context, care or relative's word ("at mums house", "at the
        court", "on the way"); a local place's name may start it ("coldharbour house" is a block)."""
        spans = []
        for rx, group in ((_AT_PLACE, 2), (_PLACE_BEFORE, 1)):
            for m in rx.finditer(text):
                if rx is _PLACE_BEFORE and m.group(2) and not self._town(m.group(2)):
                    continue
                words = m.group(group).split()
                if rx is _AT_PLACE and not m.group(1) and not any(self._rare_or_local(w) for w in words[:-1]):
                    continue  # "at crisis point", "at crown court"
                if any(
                    w in STOP_WORDS
                    or w in RELATIONS
                    or (w.endswith("s") and w[:-1] in RELATIONS)
                    or (self._never(w) and w not in self.lists.keep_words)
                    for i, w in enumerate(words[:-1])
                    if not (i == 0 and w == "st" and len(words) > 2)  # rules 29: "st marys road"
                ):
                    continue
                spans.append(m.span(group))
        return self._people(found, spans, "lower-address", "UK_ADDRESS")

    def lower_schools(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 28: a school, college or nursery in lower case whose name holds a rare or local word and no
        stop, context, care or relative's word."""
        spans = []
        for m in _LOW_SCHOOL.finditer(text):
            words = m.group(1).split()
            kind = 2 if words[-2:] in (["sixth", "form"], ["day", "nursery"], ["nursery", "school"]) else 1
            name = words[:-kind]
            if (saint := saint_school_start(name)) is not None:  # rules 57: "st joseph's catholic primary"
                spans.append((m.end(1) - len(" ".join(name[saint:] + words[-kind:])), m.end(1)))
                continue
            bad = [i for i, w in enumerate(name) if not self._school_word(w)]
            name = name[bad[-1] + 1 :] if bad else name  # "doing thameside college": the words after the last
            if not name or not any(self._rare_or_local(w, _RARE_SCHOOL_WORD) for w in name):
                continue  # "misses school" (Zipf 3.9), "driving school"
            if all(fold_word(w) in GENERIC_SCHOOL_WORDS for w in name):
                continue  # rules 29: "at midwifery school" is a kind of training
            end = m.end(1)
            spans.append((end - len(" ".join(name + words[-kind:])), end))
        return self._people(found, spans, "lower-school", "SCHOOL")

    def _school_word(self, word: str) -> bool:
        """A word that may be part of a school's name: not a stop, relative's, possessive ("daughter's"), day, month
        or typed word ("teh school"), nor a context, care or keep word unless a gazetteer place ("lithuanian saturday
        school" is a community class, "ebbsfleet academy" a school)."""
        w = fold_word(word)
        if w in STOP_WORDS or w in RELATIONS or w in TIME_NAMES or self.lexicon.swapped_common(w):
            return False
        if re.search(r"['’]s?$", word):
            return False
        return not self._never(word) or (w in self.lists.keep_words and w in self.lists.vocab)

    def _rare_or_local(self, word: str, rare: float = 4.0) -> bool:
        """A rare word (under Zipf `rare`: "kingsdale", "thameside") or a local place's name of the keep list."""
        w = fold_word(word)
        return self.lexicon.frequency.get(w, 0.0) < rare or w in self.lists.keep_words

    def _town(self, word: str) -> bool:
        """A place the gazetteer and the keep list both know (a local town: "greenhithe", "dartford")."""
        w = fold_word(word)
        return w in self.lists.vocab and w in self.lists.keep_words

    def _lower_full_name(self, words: list[str]) -> bool:
        """A given name, then words no dictionary knows (one edit from an English word allowed in a long word:
        "wickens") or family names that are no English word; never a place after it ("precious gravesend")."""
        if any(self._never(w) or fold_word(w) in TIME_NAMES or len(w) < 2 for w in words):
            return False
        first = fold_word(words[0])
        if not (
            first in self.lists.first_names
            or (self._name_word(words[0]) and self.lexicon.frequency.get(first, 0.0) < _RARE_ZIPF)
        ):
            return False  # "ring beata back": an English word opens the line unless it is a given name
        return all(self.family_word(w) for w in words[1:])

    def family_word(self, word: str, typo_ok: bool = True) -> bool:
        """A lower-case word that can be a family name after a given name: a family name of the lists or a word
        no dictionary knows (one edit from an English word allowed when long: "wickens"), never an English
        word ("grace period"), a short typo ("siad", "frm") or a place ("precious gravesend")."""
        folded = fold_word(word)
        if len(word) < 2 or self._never(word) or folded in TIME_NAMES:
            return False
        if "'" in word or "’" in word or not re.search("[aeiouy]", folded):
            return False
        if folded in self.lexicon or any(part in self.lexicon for part in folded.split("-")):
            return False  # "river said she'll", "grace period", "kaz n bex"
        if folded.endswith("nt") and folded[:-2] in NEGATED_BASES:
            return False  # "dallas didnt", "gemma doesnt": a negative typed without its apostrophe
        family = folded in self.lists.surnames or folded in self.lists.names
        unknown = self._unknown(word, typo_ok=typo_ok and len(word) >= 6)
        return (family or unknown) and (family or folded not in self.lists.vocab)

    def _weak_subject(self, word: str) -> bool:
        """Rules 62: a lower-case word that can open a clause before any verb as a person's name: a name of the
        lists that no dictionary, place list or shorthand knows."""
        w = fold_word(word)
        if (
            w in TIME_NAMES
            or self._never(word)
            or w in self.lists.vocab
            or w in self.lists.common
            or w in SHORTHAND
        ):
            return False
        return self._name_word(word) and self.lexicon.frequency.get(w, 0.0) < _WEAK_ZIPF

    def lower_subjects(self, text: str, found: list[Finding]) -> list[Finding]:
        """A lower-case unknown or name word opening a clause before a people's verb, or before "'s" and a
        relative or a worker."""
        spans = []
        for m in _SUBJECT.finditer(text):
            word, verb = m.group(1), m.group(2)
            if verb in _WEAK_PEOPLE_VERBS and self._weak_subject(word) and _opens_clause(text, m.start(1)):
                spans.append(m.span(1))
                continue
            if verb not in _PEOPLE_VERBS or not _opens_clause(text, m.start(1)):
                continue
            if verb in _THINGS_DO_TOO and fold_word(word) in self.lexicon:
                continue  # "destiny brought me here", "hope missed": an English word needs a verb of speech
            w = fold_word(word)
            if w in TIME_NAMES or not (self._namelike(word, typo_ok=True) or w in self.lists.word_nicknames):
                continue  # rules 58: a short form that is a word too opens the clause ("tiff siad")
            spans.append(m.span(1))
        for m in _POSSESSIVE.finditer(text):
            word, noun = m.group(1), m.group(2)
            if noun not in RELATIONS and noun not in _WORKERS and noun not in _CHILD_DAYS:
                continue
            if fold_word(word) in TIME_NAMES or not self._namelike(word, typo_ok=True):
                continue
            if _DETERMINER_BEFORE.search(text, max(0, m.start(1) - 8), m.start(1)):
                continue  # rules 37 review: "the fern's mum", "a st paddy's party"
            if noun in _CHILD_DAYS and (not self._name_word(word) or fold_word(word) in _KIN_SHORT):
                continue  # rules 37 review: "mil's birthday", "playgroup's party" stay
            spans.append(m.span(1))
        for m in _CAP_POSSESSIVE.finditer(text):  # rules 38
            word, noun = m.group(1), m.group(2)
            w = fold_word(word)
            acronym = noun.isupper() and 2 <= len(noun) <= 5
            if not (
                acronym
                or (noun.islower() and (noun in RELATIONS or noun in _WORKERS or noun in _OWNED_RECORDS))
            ):
                continue
            if w not in self.lists.word_names or w in TIME_NAMES or self._never(word):
                continue
            place = w in self.lists.vocab or w in self.lists.world or w in self.lists.local
            if (acronym or noun in _OWNED_RECORDS) and (
                w in _ROYAL
                or (w in self.lists.world and w not in self.lists.first_names)
                or (place and noun.upper() in _PLACE_ACRONYMS)
            ):
                continue  # the keep-side review: "Bolton's NHS", "Chelsea's ICB", "Queen's ED": a place's, a hospital's
            if not _DETERMINER_BEFORE.search(text, max(0, m.start(1) - 8), m.start(1)):
                spans.append(m.span(1))
        for m in _SUBJECT.finditer(text):
            word = m.group(1)
            if not _IS_AGE.match(text, m.end(1)) or not _opens_clause(text, m.start(1)):
                continue
            if fold_word(word) in TIME_NAMES or not self._namelike(word, typo_ok=True):
                continue
            spans.append(m.span(1))
        return self._people(found, spans, "lower-subject")

    def nicknames(self, text: str, found: list[Finding]) -> list[Finding]:
        """A nickname capitalised (unless the note is in capitals), or in lower case in a person's slot."""
        shouted = in_capitals(text)
        spans = []
        for m in _NICK_WORD.finditer(text):
            word = m.group(1)
            if not self._nickname(word):
                if self._owner_without_apostrophe(text, m.end(1), word):
                    spans.append(m.span(1))  # rules 37 review: "Darcies mum", "jensons nursery"
                continue
            if word[0].isupper() and word[1:].islower():
                if (
                    not shouted
                    and not SERVICE_AFTER.match(text, m.end(1))  # "the Bev Centre" is a place
                    and self._capital_nickname(text, m.start(1), word)
                ):
                    spans.append(m.span(1))
                continue
            if not word.islower():
                continue
            s, e = m.span(1)
            quality = _WAS_QUALITY.match(text, e)
            after = re.match(r"^(?:['’]s)?[ ]+([a-z]+)", text[e : e + 30])
            if (
                _TO_PERSON.search(text, max(0, s - 60), s)
                or (quality and quality.group(1) in _PERSON_QUALITY)
                or (after and after.group(0)[0] in "'’" and after.group(1) in RELATIONS)
                or (
                    after
                    and after.group(0)[0] == " "
                    and after.group(1) in _PEOPLE_VERBS
                    and _opens_clause(text, s)
                )
            ):
                spans.append((s, e))
        return self._people(found, spans, "nickname")

    def lower_repeats(self, text: str, found: list[Finding]) -> list[Finding]:
        """A lower-case one-word name found elsewhere in the note, again where it opens a clause before a
        verb or "'s"."""
        names = {
            text[f.start : f.end]
            for f in found
            if f.entity == "PERSON" and re.fullmatch(r"[a-z][a-z'’-]{2,15}", text[f.start : f.end])
        }
        spans = []
        for word in names:
            if fold_word(word) in TIME_NAMES or self._never(word):
                continue
            for m in re.finditer(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", text):
                s, e = m.span()
                if any(f.start < e and s < f.end for f in found) or not _opens_clause(text, s):
                    continue
                after = re.match(r"(?:['’]s\b|[ ]+([a-z]+)\b)", text[e : e + 20])
                if after and (after.group(1) is None or after.group(1) in _PEOPLE_VERBS | _CLAUSE_VERBS):
                    spans.append((s, e))
        return self._people(found, spans, "repeat")
