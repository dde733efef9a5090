"""Rules 31: people named after a name's label, reviewers' initials in a draft's comments, and a name opening a
sentence before what only people do.

Steps after the tagger (`Anonymiser.more_names`, after rules 17's), read from blind27's leaks (a tuning writer: a radio
phone-in's producer notes, a Healthwatch draft with tracked comments, social-media comments under a birth post; scored
once as new, then read). blind13-15, blind22, blind23, blind26 and blind28 stay held out. Each is a switch of its own
(`anonymise.SWITCHES`, measured with `train_tagger --off`):

- `name_labels`: the words after "surname", "first name", "last name", "family name", "maiden name", "middle name" or
  "forename" ("surname Kettleborough", "her maiden name is Okonkwo-Bell"): capitalised words, or lower-case words no
  dictionary knows; never "on first name terms" or "first name only".
- `comment_initials`: a reviewer's initials heading a tracked comment ("[Comment BC: ...]", "Comment by JM:"); never a
  service's acronym ("[Comment PALS: ...]").
- `opening_people`: a name the lists hold (an everyday-word name too) opening a sentence before a verb only people do
  ("Beryl noted the signage.", "Destiny drew us a picture.", "Precious also said ...") or before "is"/"was" and an age ("Saint is 6 months
  now"); never a month, a weekday, a must-keep or clinical word ("May is 6 weeks away" stays). Rules 34 (from the leaks
  of the tuning sets blind24-blind31 and blind33): before "is"/"was" and a person's state or a word said only of people
  ("Pat is worried", "Sharon was so rude": a given name or a short form that is also a word; not "Sky was lovely",
  "Hope is kind", "Case was referred", a season, the weather or a place); a short form that is also a word before
  what a person does to someone or somewhere ("Dot lives on Kings Farm", "Pat has had the boy"; not "Kit has arrived",
  "Mat needs cleaning"); a rare English word (Zipf under 3, no place, medicine, acronym, job or word for a child)
  before a verb only people do ("Smithy asked"); a two-letter given name of the lists ("Jo said": they hold few).
- Rules 35 (from the leaks of the tuning sets blind24-blind33 and blind35, a writer commissioned for schools, farms and
  named homes): `owners`, a name before "'s" and what only a person has ("Bola's SSW", "met Halo's nan", "Ron's NI",
  "ori's insta"; never after "the", "my" or "her", a relative's or record's word: "the baby's dad", "Pt's email");
  `year_schools`, a school named only by a place, a saint or its letters beside a pupil's year or a school's post
  ("yr 12 at Hextable", "Mayfield HOY", "at wilmington girls"); `named_homes`, a farm, cottage or yard known by its
  name ("Highfield Farm", "Rose Cottage"; not "Hextable Farm Shop", a Grange or a Manor). Rules 39: `year_schools` also
  takes a day nursery by the name the chains and the commonest local nurseries go by ("at Busy Bees", "Kids Planet
  Dartford", "Tiny Toes staff asked"), after "at", "to", "into", "attends" or before "nursery", "staff" or "rang"; never
  before a class's, a group's or a course's word ("Busy Bees baby group", "Stepping Stones Triple P").
- Rules 36: `dob_names` and `title_initials`; rules 37 (blind39): `birth_names`, the baby a woman had at a hospital, a
  place or a gestation ("had Reuben at MK hospital", "had koa at 36 wks").
- Rules 39 (blind43, a tuning writer; scored once as new, then read; blind44 stays held out; two reviews): `opening_people`
  also takes a word name rare as a word and given to 300 babies or more (`Lists.opening_names`) opening a sentence or a
  line with no finding on it, when what follows says a person: her verb, her family name, "'s" and her relative or
  record, "from" and an organisation, "is"/"was" and what is said of a patient ("Veronica will email", "Dana had a
  spinal", "Sunny from Porchlight"; not "Amber warning", "Miracle she survived", "Rowan bay", nor in a Title Case note);
  "Will" and "May" before a verb no modal or month comes before ("Will asked if"); a baby's name before its treatment
  ("Willow off high flow", "Ezra on CPAP"; not a pet word); a short form that is a word before a verb of the mind
  ("Midge thought"); April, May or June before her family name found or "'s" and a relative ("June's granddaughter").
  `dob_names` takes a given name in lower case before "dob" and its date ("mercy dob 21/09/1990").
- Rules 53 (blind57, a tuning writer, and the tuning sets' leaks): `opening_people` also takes a given name opening a line
  before a follow-up's words ("Lolly again - 2 wk review", "Peace update: visa granted"); `owners` a word opening a
  sentence before a relative and a name found ("Jolita husband Mindaugas"); `dob_names` the words before another
  identifier's label ("Mercy NI ..."), before a mobile's number ("Kerry-Ann Wilde 07700 ...") and before the name she
  goes by online ("Verity on fb as ...").
"""

from __future__ import annotations

import re

from spacy.lang.en.stop_words import STOP_WORDS

from insights.quotes.context_words import CONTEXT_WORDS, RELATIONS, ROLES
from insights.quotes.lexicon import Finding, SpanIndex, fold_word, title_case_note
from insights.quotes.name_slots import ABSTRACT_NAMES
from insights.quotes.plain_guards import CALENDAR
from insights.quotes.record_slots import PEOPLE_VERBS, RecordSlots

STEPS = (
    "name_labels",
    "comment_initials",
    "opening_people",
    "pet_names",
    "owners",
    "year_schools",
    "named_homes",
    "dob_names",
    "title_initials",
    "birth_names",
)

#: Rules 37 (blind39, a tuning writer): the baby a woman had, or delivered, at a hospital, a place or a gestation ("had
#: Reuben at MK hospital", "had Hendrix at Rotherham General", "had koa at 36 wks").
_BIRTH_NAME = re.compile(
    r"\b(?:[Hh]ad|[Hh]aving|[Dd]elivered|gave[ ]birth[ ]to)[ ]+([A-Z][a-z'’-]+|[a-z][a-z'’-]{2,})[ ]+(?:at|in)[ ]+"
    r"(?:the[ ]+)?(?:[A-Z]|\d{2}(?:[ ]?(?:wks?|weeks?)|\+\d)\b)"
)
#: Rules 36: a name right before a date of birth ("Nova Brightwell, DOB 03/04/25", "Kerry Dunn dob 2.3.90").
_DOB_NAME = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z]*[A-Z]?[a-z'’-]+[ ]){0,2}[A-Z][a-z]*[A-Z]?[a-z'’-]+)"
    r"(?:[ ]?[,(\-–][ ]?|[ ])(?:DOB|D\.O\.B\.?|[Dd]ob|d\.o\.b\.?)[ ]?:?[ ]?\d"
)
#: Rules 53 (blind57, a tuning writer: "Inga husband Jānis drive white van"; the tuning sets: "Alaska's mum Carol Pratt
#: lives at"): a capitalised word opening a sentence before a relative and a name found is that woman (`owners`).
_KIN_NAMED = re.compile(
    r"(?:^|(?<=[.!?;:][ ])|(?<=\n))([A-Z][^\W\d_]+)(?:['’]s)?[ ]+(?:husband|partner|wife|mum|mother|dad|father|son|"
    r"daughter|bf|boyfriend|gf|girlfriend|sister|brother|nan|nanny|mil)[ ]+([A-Z][^\W\d_]+)"
)
#: Rules 53 (blind57, a tuning writer: "Mercy NI WL 830217 C", "Britannia NHS 532 930 9824"; the tuning sets: "Blaze hosp
#: no D1176624", "Mint phone 07700 900946", "Everest's NHS 266 614 6197"): the same words before another identifier's
#: label (`dob_names` takes them when an identifier found starts right after the label).
_ID_NAME = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z]*[A-Z]?[a-z'’-]+[ ]){0,2}[A-Z][a-z]*[A-Z]?[a-z'’-]+?)(?:['’]s)?"
    r"(?:[ ]?[,(\-–][ ]?|[ ])(?:NI|NINO|NHS|[Hh]osp(?:ital)?[ ][Nn]o\.?|MRN|[Mm]ob|[Tt]el|[Pp]hone|[Ee]-?mail)"
    r"(?:[ ](?:[Nn]o\.?|[Nn]umber))?[ ]?[:.-]?[ ]?(?=\S)"
)
#: Rules 53 (blind57: "Q7: Kerry-Ann Wilde 07700 900 132"): a woman's name right before her phone number, no label
#: between (`dob_names` takes it when a mobile's number found starts right after).
_NAME_PHONE = re.compile(
    r"(?<![\w'’-])((?:[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?[ ]){0,2}[A-Z][a-z'’]+(?:-[A-Z]?[a-z'’]+)?)"
    r"(?:[ ]?[,:\-–][ ]?|[ ])(?=[+0(])"
)
#: Rules 53 (blind57, a tuning writer: "Verity on fb as Verity Jane Platt"; the tuning sets: "Verity (on FB as ..."):
#: a capitalised word before the name she goes by online (`dob_names`).
_ONLINE_AS = re.compile(
    r"(?<![\w'’-])([A-Z][^\W\d_]+)[ ]+\(?(?:is[ ]+)?on[ ]+(?i:fb|facebook|insta(?:gram)?|tiktok|snap(?:chat)?)[ ]+as\b"
)
#: Rules 39 (blind43): a given name in lower case right before a date of birth ("mercy dob 12/03/1990"); the word must
#: be one the names lists hold (`dob_names`).
_LOWER_DOB_NAME = re.compile(
    r"(?<![\w'’-])([a-z][a-z'’-]{2,})(?:[ ]?[,(\-–][ ]?|[ ])(?i:dob|d\.o\.b\.?)(?:[ ]?:?[ ]?|[ ]is[ ])\d"
)
#: Rules 39 (the keep-side review): words for a baby or a child the names lists hold too ("angel dob 3/4/24", "Junior on
#: phototherapy", "Princess on CPAP"): never a name before "dob" or a treatment.
_PET_WORDS = frozenset(
    {
        "angel",
        "junior",
        "baba",
        "bubba",
        "bub",
        "babe",
        "bebe",
        "princess",
        "prince",
        "missy",
        "madam",
        "major",
        "champ",
    }
)
#: Rules 39 (the keep-side review): a word this common (Zipf) before "dob" is a word ("chase dob", "hope dob").
_DOB_WORD_ZIPF = 4.3
#: Rules 39 (blind43): given names that are stop or calendar words ("Will", "May") open a sentence as a person only
#: before a past or a third person's verb of speaking or writing: the modal and the month never come before one ("Will
#: asked if", "May said").
_STOP_NAMES = frozenset({"will", "may"})
_SPOKE = frozenset(
    "said says asked asks told tells texted texts rang rings phoned phones called calls messaged emailed replied "  # noqa: SIM905
    "explained mentioned laughed cried agreed complained wrote writes posted posts confirmed shouted".split()
)  # rules 39 (the removal-side review): "Will called the ward", "Will says she's fine"
#: Rules 39 (blind43, a neonatal unit's parents' diary): a baby's name opening a sentence before its care ("Willow off
#: high flow", "Hope off antibiotics", "Ezra on CPAP", "Bear in an open cot"); the care word must be a treatment's
#: (`_CARE_WORDS`) and the name one the names lists hold.
_OPENING_CARE = re.compile(
    r"(?:^|(?<=[.!?][ ])|(?<=[.!?][ ][ ])|(?<=\n))([A-Z][a-z]{2,})[ ]+(?:(?:still|now|back|weaned)[ ]+)?"
    r"(?:off|on|onto|under|in(?:[ ]+an?)?(?:[ ]+open)?)[ ]+(?:(?:high|low|hi|the|her|his|iv|nasal|bili|\d+l?)[ ]+)?"
    r"((?i:[a-z0-9]+))\b"
)
#: Rules 39 (from the training and tuning sets: 41 names left against 4 keeps): a word name of `Lists.opening_names`
#: opening a sentence or a line, with no finding on it ("Veronica will email", "Dana had a spinal"), when what follows
#: says a person (below), never before a place's or a thing's noun ("Rowan bay", "Iris room", "Moses basket").
_OPENING_WORD = re.compile(
    r"(?:^|(?<=[.!?:][ ])|(?<=[.!?:][ ][ ])|(?<=\n))([A-Z][a-z]{2,})(?![\w-])(['’]s)?(?:[ ]*([(:–-])|[ ]+([A-Za-z']+))?"
    r"(?:[ ]+([a-z]+))?"
)
#: Rules 39 (the keep-side review: "Amber warning for snow", "Miracle she survived", "Penny dropped", "Daisy Foundation
#: classes"): the word name opens a sentence as a person only before what a person does (`_OPENING_ACTS`), her family
#: name (a surname of the lists, no place), "'s" and her relative or record, or "is"/"was" and what is said of a woman
#: (`_OPENING_STATE`: "Veronica is due", "Dana was discharged"; not "Ivy was growing", "Serenity is what").
_OPENING_ACTS = frozenset(
    "will would can could had has rang texted called said says asked asks told added posted filled went wants wanted "  # noqa: SIM905
    "needs needed brought booked messaged emailed replied explained mentioned cried laughed agreed complained gave "
    "got rated rates did didn't doesn't won't can't couldn't wouldn't hasn't hadn't sent moved lives lived "
    "works worked signed missed thinks thought knows knew feels felt "
    # rules 52 (the removal review: "Chance came with his partner", "Genesis turned 1", "Juniper volunteered")
    "came turned volunteered lost thanked doesnt didnt".split()
)
#: Rules 53 (the training and tuning sets' leaks: "Lolly again - 2 wk review", "Blessing back - invoice cancelled",
#: "Peace update: visa granted", "Pinky cont. her daughter"): a given name opening a line before the words of a follow-up
#: note about her (`opening_people`).
_FOLLOW_UP = re.compile(
    r"(?:^|(?<=\n))([A-Za-z][a-z'’-]+)[ ]+(?:again|back(?:[ ]again)?|update|cont\.?|contd\.?|follow[ -]?up|f/u)"
    r"(?=[ ]*(?:[-–:,.(]|$|[ ]+(?:at|today|after|with|from|-)))"
)
#: Rules 53 (the tuning sets' leaks: "Precious from Estates fixed Lift B", "glen from the Gurdwara is going to give me a
#: list"): a given name opening a sentence, "from" and up to six words with no digit or stop, then what she did.
_FROM_ACT = re.compile(
    r"(?:^|(?<=\n)|(?<=[.!?][ ]))([A-Za-z][a-z'’-]+)[ ]+from[ ]+((?:[^\s\d.!?;:,]+[ ]+){1,6}?)(is[ ]going|[a-z]+)\b"
)
_FROM_ACTS = frozenset({"fixed", "came", "helped", "dropped", "is going"})
#: Rules 39 (the training and tuning sets' leaks: "May Pocock", "June Hatherall from Grimsby", "June's granddaughter"): a
#: month that is a given name before her family name found as a person, or before "'s" and a relative; not after a
#: word that dates ("in May Sarah had her baby", "since June"), nor the modal in a question ("May Sarah bring her mum?").
_MONTH_NAME = re.compile(r"\b(April|May|June)(?:[ ]+(?=[A-Z][a-z'’-]+)|['’]s[ ]+([a-z-]+))")
_GRAND_KIN = frozenset(
    "granddaughter grandson grandchildren grandkids niece nephew daughter son husband partner mum dad".split()  # noqa: SIM905
)
_DATES_BEFORE = re.compile(
    r"(?i)\b(?:in|on|since|until|till|by|from|of|last|next|early|late|mid|during|before|after|through|this|every|end|"
    r"start|beginning|born|due|edd|lmp)[ ,]*$"
)
#: Rules 39: an organisation or a place a woman is from, after her name ("Sunny from Porchlight"), but no deity.
_FROM_ORG = re.compile(r"[ ]+([A-Z][a-z]+)")
_NOT_ORGS = frozenset({"God", "Heaven", "Allah", "Jesus", "Lord", "Above"})
#: Rules 44 (blind47: "Sweety lives at", "Pinky phone number is"): a pet name of `Lists.pet_names` rarer as a word than
#: this (Zipf) opens a sentence as a person before the same acts as `Lists.opening_names`; not "Honey will soothe it".
_RARE_PET_NAME = 3.6
#: Rules 44: common_words.txt's words that after a title and an initial are what the person did ("Dr K Said ok").
_SAYING = frozenset({"said", "says", "told", "asked", "rang", "called", "wrote", "agreed"})
_PET_OWNED = frozenset({"phone", "number", "mob", "mobile", "email", "address", "dob", "nhs"})
_OPENING_STATE = frozenset(
    "due discharged admitted induced pregnant expecting breastfeeding bringing asking planning struggling waiting "  # noqa: SIM905
    "booked".split()
)
_OWNED = frozenset(
    "mum dad nan husband partner baby son daughter twins dob email phone number address".split()  # noqa: SIM905
)
_THING_AFTER = frozenset(
    "bay room rooms suite ward house gardens garden basket lodge centre center unit court road street close avenue way "  # noqa: SIM905
    "lane drive park school nursery hall church clinic team group bank cafe class club trust wing building block tower "
    "theatre chart score appeal alert light lights tree trees bear wee day eve night oil tea leaves seeds sauce "
    "flower flowers plant plants bush ring necklace bracelet".split()
)
_CARE_WORDS = frozenset(
    "antibiotics flow caffeine fluids optiflow vapotherm airvo cpap oxygen phototherapy ventilator vent lights tube ng "  # noqa: SIM905
    "morphine insulin cot incubator abx tpn bipap o2 cannula highflow hiflow".split()
)  # what a baby is put on or taken off, or lies in; not a place ("Summer on the ward was hot")
#: Rules 36: a family name after a title and an initial ("Signed Mrs S. Baptiste", "Dr K Mensah"), or after a title's
#: dot ("thanks to Mrs. Appleton", "Seen by Dr. Holdgate": the rules before the tagger read "Mrs." as no title).
_TITLE_INITIAL = re.compile(
    r"\b(?:Mrs|Mr|Ms|Miss|Mx|Dr)(?:\.?[ ]+(?P<initials>(?:[A-Z]\.?[ ]?){1,2})(?<=[ .])|\.[ ]+)([A-Z][a-z'’-]+)"
)
_NAME_LABEL = re.compile(
    r"(?i)\b(?:sur[ -]?name|first[ ]name|last[ ]name|family[ ]name|maiden[ ]name|middle[ ]name|fore[ ]?name)s?"
    r"(?:[ ]+(?:is|was))?[ ]*[:=-]?[ ]*"
    r"((?-i:[^\W\d_][\w'’-]*)(?:[ ](?-i:[^\W\d_][\w'’-]*)){0,2})"
)
_COMMENT = re.compile(
    r"(?m)(?:\[|^)[ \t]*(?:Comment|COMMENT|Reply)(?:[ ]+(?:by|from))?[ ]+([A-Z]{2,3})\d{0,2}[ ]*:"
)
#: Verbs of people a name opens a sentence before, beyond record_slots' ("noted", "drew", "wrote").
_MORE_VERBS = frozenset(
    {"noted", "drew", "wrote", "smiled", "hugged", "waved"}
)  # not "sent": "Sky sent an engineer"
#: What follows one of `_MORE_VERBS` when a person does it ("drew us a picture", "noted the signage").
_PRONOUN = re.compile(r"[ ]+(?:us|me|her|him|them)\b")
_OBJECT = re.compile(r"[ ]+(?:us|me|her|him|them|you|the|a|an|that|this|it|some|my|our|their|his)\b")
_OPENING = re.compile(
    r"(?:^|(?<=[.!?][ ])|(?<=[.!?][ ][ ])|(?<=\n))([A-Z][a-z]{1,})[ ]+(?:(?:is|was)[ ]+\d{1,2}[ ]?"
    r"(?:months?|mths?|mo|weeks?|wks?|days?|yrs?|years?)\b|(?:(?:also|then|just|really|never|always|later|even)[ ]+)?([a-z]+)\b)"
)
#: Rules 34: what only a person is after "is"/"was" ("Pat is worried", "Sharon was so rude"): a feeling or how she was
#: with someone; not what is done to a thing too ("booked", "delivered", "referred", "poorly", "lovely", "helpful").
_STATE = re.compile(r"[ ]+(?:(?:so|really|very|always|such|a[ ]bit)[ ]+)?([a-z]+)\b")
_FEELINGS = frozenset({
    "worried", "upset", "anxious", "crying", "sobbing", "tearful", "teary", "scared", "frightened", "nervous",
    "emotional", "exhausted", "relieved", "grateful", "angry", "shy", "chatty", "laughing", "smiling", "kind",
    "rude", "supportive", "friendly", "caring", "dismissive", "gentle", "patient"
})  # fmt: skip
#: Rules 34: words for a child or a baby that a rare-word subject must not be ("Bairn cried all night").
_KIN_WORDS = frozenset({
    "bairn", "wean", "preemie", "godson", "goddaughter", "stepson", "stepdaughter", "firstborn", "sprog", "kiddo",
    "tot", "babe", "bub", "bubba", "newborn", "infant", "toddler", "budgie", "puppy", "kitten"
})  # fmt: skip

#: Rules 34: subjects a person's state after "is"/"was" never makes a person: seasons, feasts, weather and nature
#: ("Summer was lovely", "Storm was scary", "Sky was friendly on the phone": the company).
_NOT_STATE_SUBJECTS = frozenset({
    "summer", "autumn", "winter", "spring", "christmas", "easter", "sky", "storm", "rain", "snow", "frost", "sunny",
    "misty", "river", "heaven", "sunshine", "breeze", "ocean", "sea", "star", "moon", "dawn", "dusk", "ivy", "holly"
})  # fmt: skip
#: Rules 34: what follows a short form's verb when she is a person ("Ron brought his partner", "Pat has had the boy";
#: not "Kit has arrived", "Mat needs cleaning", "Lorry came at 6am", "Lorry came to the house").
_NICK_OBJECT = re.compile(r"[ ]+(?:her|his|my|our|their|the|me|us|him|them|round|over|had)\b")
_LIVES_AT = re.compile(r"[ ]+(?:on|at|in|with|near|next|round|opposite|upstairs|downstairs)\b")
#: Rules 34: what a short form that is also a word does when it is a person ("Dot lives on Kings Farm", "Ron brought
#: his new partner", "Pat has had the boy since"), beyond the verbs only people do.
_NICK_VERBS = frozenset({
    "lives", "lived", "brought", "brings", "wants", "wanted", "needs", "needed", "came", "comes", "went", "moved",
    "has", "had", "gets", "got", "thinks", "thought", "knows", "knew", "feels", "felt", "loves", "doesn't", "didn't"
})  # fmt: skip
#: Rules 39 (blind43): what only a person does with her mind or her voice, after a short form that is also a word, with
#: nothing after it needed ("Midge thought she had moved", "Pat chimed in").
_NICK_MIND = frozenset(
    "thought thinks knew knows reckons reckoned chimed remembered remembers wondered joked believes believed hoped "  # noqa: SIM905
    "hopes worried worries felt feels piped".split()
)
#: Rules 34: a word rarer than this (Zipf: "fen", "titch") may be a short form opening a sentence before what people do.
_RARE_SUBJECT = 3.0
#: Rules 34: endings of the nouns of a job or a role ("physiotherapist", "obstetrician", "sonographer", "registrar").
_AGENT_ENDS = ("ist", "ian", "er", "or", "ar", "ant", "ent", "ess", "ee")
_ABSTRACT_ENDS = ("tion", "sion", "ment", "ing", "ness", "ity", "ance", "ence", "ery", "ism", "ure", "age")

#: Rules 32: a name opening a sentence with a possessive before a lower-case word ("Holly's form needed updating",
#: "Joyce's last class", "Hattie's notes").
_OPENING_OWNER = re.compile(
    r"(?:^|(?<=[.!?][ ])|(?<=[.!?][ ][ ])|(?<=\n))([A-Z][a-z]{1,}|[A-Z]{2,3})['’]s[ ]+([^\W\d_]+)"
)
#: Rules 36: a short form opening a sentence with a person's company, kin or past ("Rob and [Jen] did the trestles",
#: "Max is [Ann]'s son", "Dot was a midwife at Joyce Green", "Kit packed the boxes", "Ros left at 11", "Di had it").
_NICK_OPENING = re.compile(
    r"(?:^|(?<=[.!?][ ])|(?<=[.!?][ ][ ])|(?<=\n))([A-Z][a-z]{1,5})[ ]+(?:(?P<company>and|&)[ ]+(?=[A-Z])|"
    r"(?P<kin>is)[ ]+(?=[A-Z])|was[ ]+(?:an?|the)[ ]+(?P<role>[a-z]+)\b|"
    r"(?P<act>[a-z]{3,}ed|left|had|did|went|took|made|sold|bought|brought|kept|gave|ran|came|sat|stood|rang|got|put|"
    r"found|paid|drove|met|sent|told|knitted)"
    r"(?=[ ]+(?:the|a|an|it|them|her|his|my|our|their|at|to|in|on|up|out|off|home|early|\d)))"
)
#: Rules 32: relatives after initials' "'s" ("AJ's M", "RJ's mum"): only then are capitals a person's initials.
_KIN_AFTER = RELATIONS | frozenset({"m", "d", "sister", "kp", "keyworker", "sibling"})
#: Rules 32: words a possessive opening a sentence names no one with: seasons and a London hospital ("Summer's heat",
#: "King's did the scan").
_NOT_OWNERS = frozenset(
    {
        "summer",
        "autumn",
        "winter",
        "spring",
        "king",
        "kings",
        "guy",
        "tommy",
        "christ",
        "valentine",
        "patrick",
        "mother",
    }
)
#: Rules 32: eponyms' nouns ("Bell's palsy", "Gilbert's syndrome", "Bishop's score").
_EPONYM_AFTER = frozenset(
    "syndrome disease palsy sign score manoeuvre maneuver law rule reflex test criteria phenomenon hospital college "  # noqa: SIM905
    "ward unit fold scale method classification day eve".split()
)
#: What follows a name's "'s" when it stands for "is" or "has" ("Holly's been", "Summer's a nurse").
_CONTRACTION_AFTER = frozenset(
    "been got gone not a an the here there going coming just so very really always never still also now over back "  # noqa: SIM905
    "off out up in on at my what how all done had due pregnant expecting fine ok okay better worse feeling home "
    "gonna about with".split()
)

#: Rules 32: pets, by kind and breed (a pet's name is as telling as a child's: "her whippet Crumpet").
_PETS = (
    r"dogs?|pupp(?:y|ies)|pups?|cats?|kittens?|kitty|whippets?|lurchers?|greyhounds?|spaniels?|cockapoos?|cavapoos?|"
    r"labradors?|retrievers?|staff(?:ie|y|ies)|terriers?|chihuahuas?|pugs?|poodles?|husk(?:y|ies)|collies?|"
    r"beagles?|dachshunds?|sausage[ ]dogs?|frenchies?|french[ ]bulldogs?|bulldogs?|shih[ ]tzus?|jack[ ]russells?|"
    r"hamsters?|guinea[ ]pigs?|rabbits?|bunn(?:y|ies)|budgies?|parrots?|ponies|pony|horses?|tortoises?|ferrets?|"
    r"rottweilers?|alsatians?|german[ ]shepherds?|schnauzers?|border[ ]collies?|cockers?|springers?|goldfish|"
    r"mares?|geldings?|stallions?|foals?|heifers?|donkeys?|alpacas?"
)  # rules 35: a yard's and a farm's animals ("her mare Duchess"; not a calf, a lamb, a goat or a cob: food, a leg)
#: Rules 32: an English word at least this common (Zipf 4.5) is a pet's name only when a names list holds it.
_COMMON_PET = 4.5
#: Rules 32 (second review): words after a pet's kind that name the kind or a place, not a pet ("a Labrador Retriever",
#: "the Cat Cafe").
_NOT_PET_NAMES = frozenset(
    "retriever terrier spaniel shepherd collie cafe café food bowl flap litter basket bed hair allergy treats show "  # noqa: SIM905
    "club sitter walker walkers shelter rescue trust sanctuary groomer groomers grooming".split()
)
#: "her whippet Crumpet", "the dog called Biscuit", "Kelly's cat Mittens": a pet's kind after an owner or article.
_PET_BEFORE = re.compile(
    rf"(?i:\b(?:her|his|their|my|our|the|a|new|old|family|two|three|four|five|both|\d|[a-z]+['’]s)[ ]+(?:(?:little|big|old|new|rescue|mad|"
    rf"naughty|black|white|brown|ginger)[ ]+)?(?:{_PETS})(?:[ ]*,)?(?:[ ]+(?P<called>called|named))?)[ ]+"
    r"(?:([A-Z][a-z]{2,})|(?(called)([a-z]{3,})|(?!)))\b(?![-]\w|['’](?!s\b)\w)"
    r"(?=['’]s\b|[ ]*(?:[.,;:!?)\n]|$)|[ ]+(?:who|was|is|has|had|got|and|ran|runs|came|comes|went|barked|barks|"
    r"keeps|kept|ate|eats|jumped|loves|loved|sat|sleeps|slept|needs|died|passed|did|does|wants|knocked|licked|bit|"
    r"chewed|howled|hates|hated|too|again|on|in|at|from|with|to|by|she|he|they|kicked|kicks|bucked|bolted|threw)\b)"
)
#: "Pickle the spaniel", "Biscuit, a lurcher", "Toffee (a cockapoo": a name before its kind.
_PET_AFTER = re.compile(
    rf"(?<![\w'’@.-])([A-Z][a-z]{{2,}})(?:[ ]+the|,[ ]+(?:a|the|our|her|his|their)|[ ]?\((?:a|the|her|his|their))[ ]+"
    rf"(?:(?:little|big|old|new|rescue|black|white|brown|ginger|mad)[ ]+)?(?i:{_PETS})\b"
)

#: Rules 35: a name before "'s" and what only a person has ("Bola's SSW", "met Halo's nan", "said Mo's own daughter", "Ron's NI",
#: "ori's insta"); a word before it (the, my, her ...) makes it a thing's ("the baby's dad", "my Nan's partner").
_OWNER = re.compile(
    r"(?<![\w'’@.&/-])([A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]{2,3}|[a-z]{3,})['’]s[ ]+(?:(?:own|older|younger|little|big|new|eldest|"
    r"youngest|baby|twin|step)[ ]+)?([a-zA-Z]+)\b(?:[ ]+([a-zA-Z]+))?"
)
#: Relatives beyond `RELATIONS` and the friends a name's "'s" owns ("Chi's sister", "Fen's mate").
_KIN_OWNED = (RELATIONS - {"babies", "law", "neighbor", "neighbour"}) | frozenset({
    "sister", "sis", "bro", "mummy", "daddy", "nanny", "grandson", "granddaughter", "stepdad", "stepmum", "godmother",
    "godfather", "mate", "bestie", "ex",
})  # fmt: skip
#: What a person has after her name's "'s" beyond her relatives: a place's can be none of these.
_OWNED = _KIN_OWNED | frozenset({
    "ssw", "sw", "keyworker", "host", "carer", "ni", "dob", "insta", "instagram", "snap", "snapchat", "tiktok", "uc",
    "kids", "children", "stepson", "stepdaughter",
})  # fmt: skip
#: ... and what a name's "'s" may also have when it is not a place's or a medicine's ("Fen's email", "Gazzer's address").
_OWNED_NOT_PLACE = frozenset({
    "email", "address", "reg", "mobile", "cot", "nursery", "pram", "number", "phone", "facebook", "fb", "whatsapp",
    # rules 55 (blind62: "Lottie's Maternity Allowance form"): her forms, claims and appointments
    "referral", "form", "appt", "appointment", "scan", "booking", "claim", "visa", "bloods",
})  # fmt: skip
#: Two words a person has ("Bola's social worker", "Bola's date of birth"): the first, and the word after it.
_OWNED_PAIRS = {
    "social": "worker", "support": "worker", "key": "worker", "health": "visitor", "date": "of",
    "maternity": "allowance", "child": "benefit", "universal": "credit", "birth": "plan", "due": "date",  # rules 55
}  # fmt: skip
#: Where a sentence or a line opens: a capitalised English word there may be a common noun ("Patient's partner").
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n(\"“'‘-][ ]*)$")
#: What a place's "'s" can have too ("Gravesend's kids", "Kent's UC"): a name's only when the lists hold it.
_NOT_PLACE_OWNED = _OWNED_NOT_PLACE | {"host", "uc", "kids", "children", "babies"}
#: Short words for the person a record is about ("Pt's email", "YP's mum"): no one's name.
_RECORD_SUBJECTS = frozenset({"pt", "pts", "yp", "su", "cyp", "bb", "lo", "dd", "ds", "dh"})
_DETERMINER = re.compile(r"(?i)\b(?:the|a|an|our|her|his|its|my|your|their|this|that|each|every|one)[ ]+$")

#: Rules 35: a school named only by a place, a saint or its letters after a pupil's year or a school's post ("yr 12 at
#: Hextable", "form 10 Darwin at Leigh", "head of sixth form at Mayfield", "HOY at NKC"), before one ("Hextable HOY"),
#: in a pupil's bracket ("(yr 13, Mayfield)") or with its girls or boys ("at wilmington girls", "started at
#: Northfleet girls").
_SCHOOL_WORD = r"(?:[Ss]t\.?[ ]|[Ss]aint[ ])?(?:[A-Z][a-z'’]+|[A-Z]{2,5}|[a-z][a-z'’]{2,})"
#: A school's second word is capitalised ("Dartford Grammar", "St Georges"): never a verb after it ("Longfield rang").
_SCHOOL_NEXT = r"(?:[ ](?:[A-Z][a-z'’]+|[A-Z]{2,5}))?"
_SCHOOL_KIND = r"(?:[ ](?i:girls|boys|grammar(?:[ ]girls|[ ]boys)?|academy|college|sixth[ ]form|6th[ ]form))?"
_YEAR = (
    r"(?i:(?:yr|year|y)[ ]?(?:1[0-3]|[1-9]|r)s?|form[ ]\d{1,2}[a-z]?(?:[ ][A-Z][a-z]+)?|sixth[ ]form|6th[ ]form|hoy|"
    r"head[ ]of[ ](?:year|yr|sixth[ ]form|6th[ ]form)(?:[ ]\d+)?|senco)"
)  # review: a form group by its number ("form 10 Darwin"), not "consent form signed"; no DSL (hospitals have them)
#: Rules 39 (from the training and tuning sets' leaks: 12 of them): a day nursery's name the chains and the commonest local
#: nurseries go by ("Busy Bees", "Little Acorns", "Kids Planet Dartford"), after "at", "into", "attends" in any case or
#: "to", "for" in capitals, or before "nursery", "staff", "rang" or "'s"; a local place written after it goes with it
#: ("Busy Bees Swanley").
_NURSERY_NAME = re.compile(
    r"(?i)(?:\b(at|to|into|attends|attending|for)[ ]+(?:the[ ]+)?)?\b((?:busy[ ]bees|little[ ]acorns|tiny[ ]toes|"
    r"bright[ ]horizons|kids[ ]planet|stepping[ ]stones|n[ ]family[ ]club)"
    r"(?:[ ](?:day[ ])?nursery)?)(?:[ ]([A-Za-z-]+))?\b"
)
#: Rules 39 (the keep-side review): what makes those words a class, a group, a song or a course, not a nursery ("Busy
#: Bees baby group", "Tiny Toes baby massage", "Stepping Stones Triple P", "the song Busy Bees"); and what makes them
#: a nursery without a cue before ("Tiny Toes staff asked", "busy bees rang").
_NOT_NURSERY_WORDS = frozenset(
    "group groups class classes baby soft play song course programme program massage sensory session sessions stay "  # noqa: SIM905
    "tree triple parenting".split()
)
_NURSERY_AFTER = frozenset("nursery preschool pre-school staff manager rang said called emailed".split())  # noqa: SIM905
_YEAR_SCHOOLS = (
    re.compile(rf"\b{_YEAR}[ ]*,?[ ]+(?:at|@)[ ]+({_SCHOOL_WORD}{_SCHOOL_NEXT}{_SCHOOL_KIND})"),
    re.compile(rf"\((?i:yr|year)[ ]?\d{{1,2}},[ ]*({_SCHOOL_WORD}{_SCHOOL_NEXT}{_SCHOOL_KIND})\)"),
    re.compile(
        rf"(?:^|(?<=[.!?:;,-][ ])|(?<=\n))({_SCHOOL_WORD}{_SCHOOL_KIND})[ ]+(?:HOY|hoy|sixth[ ]form|6th[ ]form)\b"
    ),
    re.compile(
        r"(?i:\b(?:at|started[ ]at|starting[ ]at|moved[ ]to|goes[ ]to))[ ]+"
        rf"((?:{_SCHOOL_WORD}[ ]){{0,2}}{_SCHOOL_WORD}[ ](?i:girls|boys)(?:['’])?)(?![\w'’-])"
        r"(?![ ](?i:night|club|team|group|camp|section|and|&))"
    ),
    # rules 36: a child's school or nursery after a sibling ("brother at Knockhall", "older girl Keira at Westcourt",
    # "siblings at St Bart's in Swanley", "sister at Our Lady's")
    re.compile(
        r"(?i:\b(?:brothers?|bro|sisters?|sis|siblings?|sons?|daughters?|eldest|youngest|kids|children|twins|"
        r"(?:older|younger|big|little|eldest|youngest|middle)[ ](?:girl|boy)))"
        r"(?:[ ][A-Z][a-z]+)?(?:[ ](?i:is|goes|went|started|now|still))?[ ]+(?i:at|@)[ ]+"
        rf"((?:Our[ ]Lady['’]s|{_SCHOOL_WORD}{_SCHOOL_NEXT})(?:[ ](?i:pre-school|preschool|nursery|infants|juniors))?)"
        r"(?![\w'’-])"
    ),
    # rules 36: a nursery or pre-school by its name ("Hilltop nursery", "Acorns pre-school", "Little Acorns nursery")
    re.compile(
        r"(?<![\w'’-])((?:[A-Z][a-z'’]+[ ])?[A-Z][a-z'’]+)[ ](?=(?i:pre-school|preschool|nursery|playgroup)\b)"
    ),
)
#: Rules 36: towns alone after a sibling are where she lives or works, not a school ("his sister at Gravesend").
_TOWNS = frozenset(
    "dartford gravesend swanley sevenoaks maidstone medway chatham rochester gillingham bexley "  # noqa: SIM905
    "bexleyheath bromley london kent canterbury ashford tonbridge sidcup erith".split()
)
#: Rules 36: a school's kind ending a sibling's school ("at Hextable infants"): a place's name is the school's then.
_SCHOOL_KIND_END = re.compile(r"(?i)[ ](?:pre-school|preschool|nursery|infants|juniors)$")
#: Rules 36: hospitals a child is at after a sibling's word ("twins at Evelina", "son at King's"), not a school.
_HOSPITAL_WORDS = frozenset(
    "evelina kings king's guys guy's tommy's thomas thomas' lewisham pembury maritime medway darent dvh "  # noqa: SIM905
    "qeh qmh william princess queen maidstone livingstone gravesham tunbridge nicu scbu gosh great ormond "
    "evelina's qeqm prh kch gstt whh mmh woolwich lister pembury's brompton harvey".split()
)
#: Rules 36: a faith's or a group's place after a place's name ("at Northfleet mosque", "at Swanley parent group").
_NOT_SIBLING_SCHOOL_AFTER = re.compile(
    r"[ ]+(?i:mosque|temple|gurdwara|church|parent|parents|group|grp|club|hospital|ward|unit|nicu|scbu|park|pool|"
    r"leisure|library|centre|center|hub)\b"
)
#: Review: "nursery rhymes", "nursery funding", "nursery job": a thing of nurseries, not one by its name.
_NOT_NURSERY_AFTER = re.compile(
    r"[ ]*(?i:pre-school|preschool|nursery|playgroup)[ ]+(?i:rhymes?|funding|fees|places?|jobs?|workers?|nurses?|"
    r"staff|rooms?|nurse|school|teachers?|assistants?|nurseries|vouchers?|hours|costs?|bills?)\b"
)
_A_BEFORE = re.compile(r"(?i)\ban?[ ]+$")
#: Rules 36: words before "nursery" that name a kind of nursery or where it is, not one ("Hospital nursery").
_NOT_NURSERY = frozenset(
    "church hospital council private local community day baby school workplace forest montessori new old "  # noqa: SIM905
    "her his their the a an our my this that same other free funded full part time works work staff "
    "college uni university gym".split()
)
#: Second review: a student's course year, not a pupil's ("student midwife, year 3 at Greenwich").
_STUDENT_BEFORE = re.compile(r"(?i)\b(?:student|students|uni|university|trainee)\b[^.;!?\n]*$")
#: Second review: faiths and nationalities name a kind of school, not one ("Muslim girls", "Polish girls school").
_FAITHS = frozenset({
    "muslim", "islamic", "sikh", "hindu", "jewish", "christian", "catholic", "church", "polish", "lithuanian",
    "romanian", "nepali", "tamil", "somali", "bengali", "punjabi", "urdu", "arabic", "chinese", "ukrainian", "saturday",
    "sunday", "supplementary", "faith", "private", "independent", "state", "special", "mainstream",
})  # fmt: skip
#: What follows a place that is no school ("yr 2 at Darent Valley Hospital", "DSL at Kent Police").
_NOT_SCHOOL_AFTER = re.compile(
    r"[ ]+(?i:hospital|police|church|surgery|trust|council|uni|university|hub|centre|clinic|ward|unit|library)\b"
)

#: Rules 35: a farm, cottage, yard or other home known by its name ("Highfield Farm", "Rose Cottage", "Swaylands
#: Yard", "the Old Forge"); not a venue's ("Hextable Farm Shop", "Kings Farm estate", a trip to "Hop Farm": a place of the
#: keep list stays), nor a Grange, Manor or Mill (care homes, prisons, pubs: "Lowdham Grange").
_HOME = re.compile(
    r"(?<![\w'’-])((?:(?:Old|Little|Lower|Upper|Great|Home)[ ])?[A-Z][a-z]+(?:[ ][A-Z][a-z]+)?[ ]"
    r"(?:Farm|Farmhouse|Cottage|Cottages|Yard|Forge|Barn|Oast|Stables))\b(?!['’-])"
    r"(?![ ](?i:shop|cafe|café|park|road|lane|close|way|street|avenue|drive|centre|center|trail|museum|estate|"
    r"surgery|clinic|hospital|school|primary|nursery|care|day|house|practice|pharmacy|garden|gardens|nurseries|"
    r"stores?|kitchen|restaurant|pub|hotel|rd|ln|ave|hall|trust|community|worker|workers|camp|festival|fair|market)\b)"
)
#: Review: a day out or a venue before the name ("a trip to Godstone Farm", "took the kids to Tulleys Farm").
_VENUE_BEFORE = re.compile(
    r"(?i)\b(?:(?<!home[ ])(?<!new[ ]birth[ ])(?<!postnatal[ ])trip|trips|outing|day[ ]out|days[ ]out|party|"
    r"took[ ]the[ ](?:kids|children|boys|girls|twins)|(?<!home[ ])visit)[ ]+(?:to|at)[ ]+(?:the[ ]+)?$"
)  # second review: not "went to", "been at", "home visit to": a midwife's or an ambulance's visit is to a home
#: Where someone lives: a home's name after these is a home's whatever its first word ("lives at Church Farm").
_HOME_CUE = re.compile(
    r"(?i)\b(?:lives?|living|moved|moving|address|resides|home)[ ]+(?:at|in|to|into|is|:)?[ ]*(?:the[ ]+)?$"
)
#: What follows a pet's name after a comma when it is a clause's subject instead ("dogs, Landlord is not happy").
_ACT_AFTER = re.compile(
    r"[ ]+(?:was|is|has|had|came|said|says|wants|won['’]t|refused|not|crew|called|were|are)\b"
)


class LabelSlots:
    """Rules 31's slots over the project's word lists (`lists`) and dictionary (`lexicon`)."""

    def __init__(self, lists, lexicon):
        self.lists, self.lexicon = lists, lexicon

    _people = staticmethod(RecordSlots._people)  # the same findings-for-spans as record_slots' steps

    def _plain(self, word: str) -> bool:
        """A word no part of a name: a stop, context, keep or clinical word, a month or a weekday."""
        w = fold_word(word)
        return (
            w in STOP_WORDS
            or w in CONTEXT_WORDS
            or w in CALENDAR
            or w in self.lists.keep_words
            or w in self.lists.clinical
        )

    def name_labels(self, text: str, found: list[Finding]) -> list[Finding]:
        """The person after a name's label (module docstring)."""
        spans = []
        for m in _NAME_LABEL.finditer(text):
            words = list(re.finditer(r"\S+", m.group(1)))
            kept = []
            for w in words:
                word = w.group().rstrip("'’.,;:")
                folded = fold_word(word)
                english = folded in self.lexicon and not self._listed(folded)  # "Surname Unknown", "N/A"
                if len(word) < 2 or not word.isalpha() and "-" not in word or self._plain(word) or english:
                    break
                kept.append(w)
            if kept:
                spans.append((m.start(1) + kept[0].start(), m.start(1) + kept[-1].end()))
        return self._people(found, spans, "name-label")

    def _given(self, w: str) -> bool:
        """Rules 53: a word (folded) the lists give as a given name (`Lists.given_word`), an everyday word's too."""
        return self.lists.given_word(w) or w in self.lists.common

    def _rare(self, word: str) -> bool:
        """Rules 34: a rare English word at most (Zipf under `_RARE_SUBJECT`), no job's or abstract noun, not a place
        (local or anywhere), a medicine, nor the plural of a word."""
        w = fold_word(word)
        lists = self.lists
        return (
            self.lexicon.frequency.get(w, 0.0) < _RARE_SUBJECT
            and not w.endswith(_ABSTRACT_ENDS)  # "Hospitalisation is 3 weeks"
            and not w.endswith(_AGENT_ENDS)  # "Physiotherapist said to rest", "Sonographer asked"
            and w not in lists.vocab  # no place or medicine (GeoNames, medicines.txt)
            and w not in lists.local
            and w not in lists.world
            and not (w.endswith("s") and w[:-1] in self.lexicon)
        )

    def _listed(self, w: str) -> bool:
        """A word of the names lists (given, family, large-list and word names, nicknames)."""
        lists = self.lists
        return w in lists.names or w in lists.more_names or w in lists.word_names or w in lists.nicknames

    def comment_initials(self, text: str, found: list[Finding]) -> list[Finding]:
        """A reviewer's initials heading a comment (module docstring)."""
        spans = [m.span(1) for m in _COMMENT.finditer(text) if m.group(1).lower() not in self.lists.acronyms]
        return self._people(found, spans, "comment-initials")

    def opening_people(self, text: str, found: list[Finding]) -> list[Finding]:
        """A name opening a sentence before a person's verb or an age (module docstring)."""
        spans = []
        for m in _OPENING.finditer(text):
            word, verb = m.group(1), m.group(2)
            sent = verb in ("sent", "sends") and _PRONOUN.match(text, m.end())  # "Dolly sent me a photo"
            w = fold_word(word)
            state = (  # rules 34: "Pat is worried", "Sharon was so rude"; not "Sky was lovely", "Case was referred"
                verb in ("is", "was")
                and (s := _STATE.match(text, m.end()))
                and s.group(1) in _FEELINGS
                and w not in ABSTRACT_NAMES
                and w not in _NOT_STATE_SUBJECTS
                and w not in self.lists.vocab
                and w not in self.lists.world
            )
            nick_act = (  # rules 34: "Dot lives at", "Pat has had the boy"; not "Kit has arrived"
                verb in _NICK_VERBS
                and w in self.lists.word_nicknames
                and (_NICK_OBJECT if verb not in ("lives", "lived") else _LIVES_AT).match(text, m.end())
                is not None
            ) or (
                verb in _NICK_MIND and w in self.lists.word_nicknames
            )  # rules 39: "Midge thought she", "Pat chimed in"
            if w in _STOP_NAMES and verb in _SPOKE and word[1:].islower():
                spans.append(m.span(1))  # rules 39: "Will asked if the hospital will", "Will called the ward"
                continue
            if (
                verb is not None
                and verb not in PEOPLE_VERBS
                and not sent
                and not state
                and not nick_act
                and (verb not in _MORE_VERBS or not _OBJECT.match(text, m.end()))
            ):
                continue  # "Hope noted in the plan": a participle, not a person's act
            person = verb in PEOPLE_VERBS or state or nick_act
            if self._plain(word) or not (
                (len(w) > 2 and (w in self.lists.first_names or (w in self.lists.word_names and not state)))
                or (
                    w in self.lists.word_nicknames and person
                )  # rules 32: "Pat asked me"; rules 34: "Pat is worried"
                or (
                    verb in PEOPLE_VERBS
                    and len(w) > 2
                    and w not in self.lists.clinical
                    and w not in self.lists.acronyms
                    and w not in _KIN_WORDS
                    and self._rare(word)
                )  # rules 34: "Smithy asked"; not "Bairn cried all night"
                or (
                    len(w) == 2 and person and (w in self.lists.first_names or w in self.lists.nicknames)
                )  # rules 34: "Jo said"
            ):
                continue
            if w in ABSTRACT_NAMES and not person and (sent or not _PRONOUN.match(text, m.end())):
                continue  # "Liberty drew a crowd": a person's own verb, or one done to us, me, her ("Destiny drew us")
            spans.append(m.span(1))
        for m in _OPENING_CARE.finditer(text):  # rules 39: "Willow off high flow", "Ezra on CPAP"
            w, care = fold_word(m.group(1)), m.group(2).lower()
            if (
                care in _CARE_WORDS
                and not self._plain(m.group(1))
                and w not in _PET_WORDS
                and (w in self.lists.first_names or w in self.lists.word_names or w in self.lists.nicknames)
            ):
                spans.append(m.span(1))
        if self.lists.opening_names and not title_case_note(text):
            taken = SpanIndex([(f.start, f.end) for f in found])
            for m in _OPENING_WORD.finditer(text):  # rules 39: "Veronica will email", "Dana had a spinal"
                w, after, then = fold_word(m.group(1)), m.group(4) or "", m.group(5) or ""
                pet = (
                    w in self.lists.pet_names and self.lexicon.frequency.get(w, 0.0) < _RARE_PET_NAME
                )  # rules 44
                if (
                    (w not in self.lists.opening_names and not pet)
                    or m.group(3)
                    or taken.overlaps(*m.span(1))
                ):
                    continue  # a bracket, a dash or a colon: the bracket and list steps' policies
                if pet and after in _PET_OWNED:  # rules 44: "Pinky phone number is ..."
                    person = True
                elif m.group(2):
                    person = after in _OWNED or after in RELATIONS
                elif after in ("is", "was"):  # rules 52: her age after it too ("Reign is 6 months now")
                    person = then in _OPENING_STATE or bool(
                        re.match(r"[ ]+(?:is|was)[ ]+\d", text[m.end(1) :])
                    )
                else:
                    person = (
                        after in _OPENING_ACTS
                        or (
                            after[:1].isupper()
                            and fold_word(after) in self.lists.surnames
                            and not self.lists.known_thing(after)
                            and fold_word(after) not in self.lists.world
                        )
                        or (  # "Sunny from Porchlight did", "Penny from Temple Grove"; not "Blessing from God"
                            after == "from"
                            and (org := _FROM_ORG.match(text, m.end(4))) is not None
                            and org.group(1) not in _NOT_ORGS
                        )
                    )
                if not person or after.lower() in _THING_AFTER:
                    continue
                spans.append(m.span(1))
        spans += self._nick_openings(text, found)
        # rules 53: "Precious from Estates fixed Lift B", "Young from the ... rang"
        for m in _FROM_ACT.finditer(text):
            w, act = fold_word(m.group(1)), m.group(3)
            said = act in _OPENING_ACTS or act in PEOPLE_VERBS or act in _FROM_ACTS
            if (
                said
                and not self._plain(m.group(1))
                and self._given(w)
                and w not in RELATIONS
                and w not in ROLES
            ):
                spans.append(m.span(1))
        # rules 53: "Lolly again - 2 wk review", "Peace update: visa granted"
        for m in _FOLLOW_UP.finditer(text):
            w = fold_word(m.group(1))
            if not self._plain(m.group(1)) and self._given(w) and w not in RELATIONS and w not in ROLES:
                spans.append(m.span(1))
        for m in _OPENING_OWNER.finditer(text):  # rules 32: "Holly's form needed updating"
            word, after = m.group(1), m.group(2)
            w = fold_word(word)
            if (
                len(w) == 2
                and word[1:].islower()
                and not (w in self.lists.nicknames or w in self.lists.word_nicknames)
            ):
                continue  # rules 36: "Mo's husband", "Di's daughter": a short form the lists hold
            if (
                word.isupper()
            ):  # "AJ's M at drop off", "RJ's mum": initials before a relative, not a service's
                if after.lower() in _KIN_AFTER and w not in self.lists.acronyms and w not in self.lexicon:
                    spans.append(m.span(1))
                continue
            if not after.islower() or w in _NOT_OWNERS or after in _EPONYM_AFTER:
                continue  # "Summer's heat", "King's did the scan", "Bell's palsy", "Gilbert's syndrome"
            if after in _CONTRACTION_AFTER or after.endswith(("ing", "ed")) or self._plain(word):
                continue  # "Summer's been hard", "Holly's coming": "is" or "has", not an owner
            if not (
                w in self.lists.first_names
                or w in self.lists.word_names
                or w in self.lists.nicknames
                or w in self.lists.word_nicknames
            ):
                continue
            spans.append(m.span(1))
        # rules 39: a month as a given name, under a source of its own: months are must-keep terms, and
        # Anonymiser.more_names keeps this finding over them ("May Pocock", "June's granddaughter")
        months = self._month_names(text, found)
        return self._people(found, spans, "opening-person") + self._people(found, months, "month-name")

    @staticmethod
    def _month_names(text: str, found: list[Finding]) -> list[tuple[int, int]]:
        """Rules 39: April, May or June as a woman's given name (`_MONTH_NAME`): before her family name found as a person
        ("May Pocock does the hats") or before "'s" and a relative ("June's granddaughter")."""
        if not ("April" in text or "May" in text or "June" in text):
            return []
        people = {f.start for f in found if f.entity == "PERSON"}
        spans = []
        for m in _MONTH_NAME.finditer(text):
            if _DATES_BEFORE.search(text, max(0, m.start() - 12), m.start()):
                continue
            if m.group(2) is not None:
                if m.group(2) in RELATIONS or m.group(2) in _KIN_WORDS or m.group(2) in _GRAND_KIN:
                    spans.append(m.span(1))
                continue
            end = re.search(r"[.!?\n]|$", text[m.end() :])
            if m.end() in people and not text[m.end() : m.end() + end.end()].rstrip().endswith("?"):
                spans.append(m.span(1))
        return spans

    def _nick_openings(self, text: str, found: list[Finding]) -> list[tuple[int, int]]:
        """Rules 36: a short form opening a sentence (`_NICK_OPENING`) before its company ("and" and a person found:
        a nicknames list's word, or a word name of 4 letters or fewer), kin ("is" and a person's "'s" relative: the
        same), a role ("was a midwife") or a past act with its object, place or time ("packed the", "left at", "came
        at 10"); the last two only for the nicknames lists' words ("Kit", "Dot", "Ros"; review: not "Case escalated to",
        "Post was a volunteer role", "Bill went up"); never a stop, keep or clinical word."""
        starts = {f.start: f for f in found if f.entity == "PERSON"}
        spans = []
        for m in _NICK_OPENING.finditer(text):
            word, w = m.group(1), fold_word(m.group(1))
            nick = w in self.lists.nicknames or w in self.lists.word_nicknames
            if self._plain(word) or w in ABSTRACT_NAMES:
                continue
            if m.group("company") or m.group("kin"):
                person = starts.get(m.end())
                if person is None or not (nick or (len(w) <= 4 and w in self.lists.word_names)):
                    continue
                if m.group("kin"):
                    kin = re.match(r"['’]s[ ]+([a-z-]+)", text[person.end : person.end + 20])
                    if kin is None or (kin.group(1) not in RELATIONS and kin.group(1) not in _KIN_WORDS):
                        continue  # "Max is [Ann]'s son"; not "Pat is Head of ..."
            elif not nick:
                continue
            elif m.group("role") is not None and m.group("role") not in ROLES:
                continue  # "Dot was a midwife"; not "Dot was a shock"
            elif (act := m.group("act")) is not None and (
                (act.endswith("ed") and not self.lexicon.verb_form(act))
                or (w in self.lexicon and not _OBJECT.match(text, m.end()))
            ):
                continue  # an English word acts on something ("Kit packed the nappies"), not "Lorry came at 6am"
            spans.append(m.span(1))
        return spans

    def pet_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 32: a pet's name after its kind ("her whippet Crumpet", "the dog called Biscuit") or before it
        ("Pickle the spaniel", "Biscuit, a lurcher"); never a keep, stop or clinical word, a month or a weekday
        ("the dog Saturday" stays)."""
        spans = []
        for rx in (_PET_BEFORE, _PET_AFTER):
            for m in rx.finditer(text):
                group = (
                    1 if rx is _PET_AFTER else 2 if m.group(2) else 3
                )  # _PET_BEFORE: capitalised, or after "called"
                word = m.group(group)
                w = fold_word(word)
                common = self.lexicon.frequency.get(w, 0.0) >= _COMMON_PET and not self._listed(w)
                verb = (
                    w.endswith(("ed", "ing")) and self.lexicon.verb_form(w)  # rules 35: "Pudding" is no verb
                ) or (  # "Groomed the dog", "Walk the dog"; not "Pickle the spaniel"
                    rx is _PET_AFTER
                    and w in self.lexicon.verbs
                    and self.lexicon.frequency.get(w, 0.0) >= 4.0
                    and not self._listed(w)
                )
                kind = (
                    re.fullmatch(_PETS, w, re.I) is not None or w in _NOT_PET_NAMES
                )  # "a Labrador Retriever"
                verb = verb or (
                    rx is _PET_AFTER
                    and w in self.lexicon.base_verbs
                    and self.lexicon.frequency.get(w, 0.0) >= 4.0
                )
                comma_then_act = (
                    rx is _PET_BEFORE
                    and "," in text[m.start() : m.start(group)]
                    and _ACT_AFTER.match(text, m.end(group))
                )  # review: "three dogs, Landlord is not happy", "the mare, Ambulance was called"
                if not self._plain(word) and not common and not verb and not kind and not comma_then_act:
                    spans.append(m.span(group))  # not "the cat Food bowl", "Groomed the dog"
                    if rx is _PET_BEFORE and re.search(
                        r"(?i:s|ies|ves)(?:[ ]*,)?[ ]+$", text[m.start() : m.start(group)]
                    ):
                        spans += self._more_pets(text, m.end(group))  # rules 35: "dogs Pudding and Crumble"
        return self._people(found, spans, "pet-name")

    _NEXT_PET = re.compile(r"(?:,[ ]*|[ ]+and[ ]+|[ ]*&[ ]*)([A-Z][a-z]{2,})\b(?![-'’]\w)")

    def _more_pets(self, text: str, at: int) -> list[tuple[int, int]]:
        """Rules 35: the other names of a list after a plural kind's first ("three horses, Bramble, Biscuit and
        Treacle"): capitalised words that are no stop, keep or clinical word, nor a common word the lists lack."""
        spans = []
        while (m := self._NEXT_PET.match(text, at)) is not None:
            w = fold_word(m.group(1))
            if self._plain(m.group(1)) or (
                self.lexicon.frequency.get(w, 0.0) >= _COMMON_PET and not self._listed(w)
            ):
                break
            spans.append(m.span(1))
            at = m.end()
            if "," not in m.group(0):
                break  # review: the list ends at its "and" ("Pudding and Crumble, Landlord wants them gone")
        return spans

    def owners(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 35: a name before "'s" and what only a person has (`_OWNER`): capitalised, initials no acronym list
        or dictionary holds, or a lower-case word of the names lists; never a stop, keep, clinical or relative's word,
        a month or a weekday ("Mum's partner", "May's baby group" stay), and a place or a medicine only before a
        relative ("Lennox's mum", not "Kent's email"); rules 53: a word opening a sentence before a relative and a name found
        (`_KIN_NAMED`: "Jolita husband Mindaugas"), but a relative, a role or an English word no names list holds."""
        spans = []
        for m in _OWNER.finditer(text):
            word, owned, after = m.group(1), m.group(2).lower(), (m.group(3) or "").lower()
            w = fold_word(word)
            if _DETERMINER.search(text, max(0, m.start() - 8), m.start()):
                continue  # "the baby's dad", "my Nan's partner": a thing's or a relative's, not a name's
            if owned == "nhs" and after not in ("no", "number", "num"):
                continue  # "JJ's NHS no"; not "England's NHS"
            pair = _OWNED_PAIRS.get(owned)
            if pair is not None and after != pair:
                continue  # "Bola's social worker", not "Bola's social life"
            if owned not in _OWNED and owned not in _OWNED_NOT_PLACE and owned != "nhs" and pair is None:
                continue
            if (
                self._plain(word)
                or w in RELATIONS
                or w in _NOT_OWNERS
                or w in _RECORD_SUBJECTS
                or w in ABSTRACT_NAMES
                and word.islower()
            ):
                continue
            if word.isupper():
                if w in self.lists.acronyms or w in self.lexicon:
                    continue
            elif word.islower() and not (
                w in self.lists.first_names
                or w in self.lists.word_names
                or w in self.lists.nicknames
                or w in self.lists.word_nicknames
            ):
                continue
            elif (
                self.lexicon.frequency.get(w, 0.0) >= 3.0
                and not self._listed(w)
                and not self._rare_kin_owner(w, owned)
                and not (
                    owned in _KIN_OWNED and not _SENTENCE_START.search(text, max(0, m.start() - 5), m.start())
                )
            ):  # a capital mid-sentence before a relative is a name's ("at Chi's sister's")
                continue  # review: "Patient's partner", "Unborn's SW", "Orbit's email": an English word's
            place = w in self.lists.vocab or w in self.lists.local or w in self.lists.world
            if place and owned in _NOT_PLACE_OWNED and not self._listed(w):
                continue
            spans.append(m.span(1))
        people = {f.start for f in found if f.entity == "PERSON"}
        # rules 53: "Jolita husband Mindaugas", "Alaska's mum Carol Pratt"
        for m in _KIN_NAMED.finditer(text):
            word, w = m.group(1), fold_word(m.group(1))
            if (
                m.start(2) not in people
                or self._plain(word)
                or w in RELATIONS
                or w in ROLES
                or w in _NOT_OWNERS
            ):
                continue
            if w in _RECORD_SUBJECTS or w in self.lists.local:
                continue
            if self.lexicon.frequency.get(w, 0.0) >= 3.0 and not self._listed(w):
                continue  # "Business partner Nat": an English word's
            spans.append(m.span(1))
        return self._people(found, spans, "owner")

    def _rare_kin_owner(self, w: str, owned: str) -> bool:
        """An English word no names list holds owns only a relative, and only when rare (Zipf under 3.5), no word for a
        child and no person's or abstract noun ("Chi's sister"; not "Newborn's dad", "Lodger's mum")."""
        return (
            owned in _KIN_OWNED
            and self.lexicon.frequency.get(w, 0.0) < 3.5
            and w not in _KIN_WORDS
            and not w.endswith(_AGENT_ENDS)
            and not w.endswith(_ABSTRACT_ENDS)
        )

    def year_schools(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 35: a school named by a place, a saint or its letters beside a pupil's year or a school's post
        (`_YEAR_SCHOOLS`): a place the keep list holds is the school's name there ("yr 12 at Hextable"); never a stop,
        context, care, relative's or calendar word, a common English word in lower case ("yr 12 at college"), nor a
        service's acronym ("yr 11 at DVH")."""
        spans = []
        for k, rx in enumerate(_YEAR_SCHOOLS):
            for m in rx.finditer(text):
                words = re.findall(r"[^\W\d_][\w'’]*", m.group(1))
                name = [w for w in words if fold_word(w) not in ("girls", "boys", "st", "saint")]
                if k == 5:
                    if not (
                        any(
                            fold_word(w) in _NOT_NURSERY or self._plain(w) or self._not_school(w)
                            for w in name
                        )
                        or any(fold_word(w) in _HOSPITAL_WORDS for w in name)
                        or _A_BEFORE.search(text, max(0, m.start() - 4), m.start())
                        or _NOT_NURSERY_AFTER.match(text, m.end())
                    ):
                        spans.append(m.span(1))
                    continue  # "a Montessori nursery", "Church nursery": a kind of nursery, not its name
                if (
                    not name
                    or any(self._not_school(w) for w in name)
                    or _NOT_SCHOOL_AFTER.match(text, m.end(1))
                ):
                    continue
                if (
                    len(name) > 1
                    and self.lists.keep_pattern
                    and self.lists.keep_pattern.fullmatch(" ".join(name))
                ):
                    continue  # review: "yr 2 at Darent Valley": a hospital the keep list names in full
                if _STUDENT_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                    continue  # second review: "student midwife, year 3 at Greenwich": a course's year
                if k != 5 and any(fold_word(w) in _FAITHS for w in name):
                    continue  # second review: "yr 8 at Sikh girls", "Catholic sixth form": a kind of school
                if k == 4 and (
                    (len(name) == 1 and fold_word(name[0]) in _TOWNS)
                    or not m.group(1)[:1].isupper()
                    or any(fold_word(w) in _HOSPITAL_WORDS for w in name)
                    or any(
                        fold_word(w.rstrip("'’s")) in RELATIONS for w in name
                    )  # review: "Children at Grandma's"
                    or _NOT_SIBLING_SCHOOL_AFTER.match(text, m.end(1))
                    or (  # review: "her sister at Northfleet", "at Bluewater", "at Tesco": a place or a shop
                        not _SCHOOL_KIND_END.search(m.group(1))
                        and (
                            any(self._place(w) for w in name)
                            or (self.lists.keep_after and self.lists.keep_after.fullmatch(" ".join(name)))
                        )
                    )
                ):
                    continue  # "his sister at Gravesend said", "twins at Evelina", "at northfleet mosque"
                if k == 3 and not any(self._place(w) or fold_word(w) == "grammar" for w in name):
                    continue  # review: "at Zumba girls", "at Brownies girls": a place's or a grammar's girls only
                spans.append(m.span(1))
        for m in _NURSERY_NAME.finditer(text):  # rules 39: "at Busy Bees", "Tiny Toes staff asked"
            name, after = m.group(2), (m.group(3) or "").lower()
            if after in _NOT_NURSERY_WORDS or re.match(r"[ ]+(?:song|tune)\b", text[m.end(2) :]):
                continue  # "Busy Bees baby group", "Tiny Toes baby massage"
            if re.search(r"(?i)\bsong[ ]+$", text[max(0, m.start(2) - 8) : m.start(2)]):
                continue  # "the song Busy Bees"
            titled = name.istitle() or name.isupper()
            owned = titled and text[m.end(2) : m.end(2) + 2] in ("'s", "’s")  # "Kids Planet's manager"
            if (
                not (
                    m.group(1) and (titled or m.group(1).lower() not in ("for", "to"))
                )  # "brought her to tiny toes"
                and after not in _NURSERY_AFTER
                and not owned
            ):
                continue  # "stepping stones to recovery"
            local = m.group(3) and fold_word(m.group(3)) in self.lists.local
            spans.append((m.start(2), m.end(3) if local else m.end(2)))
        return self._people(found, spans, "year-school", "SCHOOL")

    def _not_school(self, word: str) -> bool:
        w = fold_word(word.rstrip("'’"))
        if word.isupper():
            return w in self.lists.acronyms or w in self.lexicon or w in STOP_WORDS
        if (
            w in STOP_WORDS
            or w in RELATIONS
            or w in CALENDAR
            or w in CONTEXT_WORDS
            or w in self.lists.clinical
        ):
            return True
        zipf = self.lexicon.frequency.get(w, 0.0)
        common = zipf >= 3.5 and not self._place(word)
        if word.islower():  # "wilmington girls", "at leigh": a place's name or a rare word, not "college"
            return zipf >= 3.5 and not (w in self.lists.keep_words or (w in self.lists.vocab and zipf < 4.5))
        return common and not self._listed(w)  # review: "Local sixth form said", "Catholic sixth form"

    def _place(self, word: str) -> bool:
        w = fold_word(word.rstrip("'’"))
        return w in self.lists.keep_words or w in self.lists.vocab or w in self.lists.local

    def dob_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 36: the capitalised words right before a date of birth's label and its date (`_DOB_NAME`: "Nova
        Brightwell, DOB 03/04/25"), from the last word back while each is no stop, keep, context or clinical word, nor
        a common English word no names list holds ("Audit 44. Nova Brightwell" keeps "Audit"); rules 39: a word of the
        names lists in lower case before "dob" and its date ("mercy dob 12/03/1990"; not "baby dob", "her dob"); rules
        53: the same capitalised words before another identifier's label and the identifier found (`_ID_NAME`) or right
        before a mobile's number found (`_NAME_PHONE`), and a capitalised word before the name she goes by online
        (`_ONLINE_AS`: "Verity on fb as ...")."""
        spans = []
        for m in _DOB_NAME.finditer(text):
            words = list(re.finditer(r"[^ ]+", m.group(1)))
            kept = []
            for w in reversed(words):
                if self._plain(w.group()) or self._common(w.group()):
                    break
                kept.append(w)
            if kept:
                spans.append((m.start(1) + kept[-1].start(), m.start(1) + kept[0].end()))
        numbers = {f.start for f in found if f.entity != "PERSON"}
        phones = {  # a mobile's: a landline before a name is often a service's ("Domestic Abuse Helpline 0808 ...")
            f.start
            for f in found
            if f.entity == "PHONE_NUMBER"
            and re.sub(r"\D", "", text[f.start : f.end]).startswith(("07", "447"))
        }
        heads = [(m, False) for m in _ID_NAME.finditer(text) if m.end() in numbers] if numbers else []
        heads += [(m, True) for m in _NAME_PHONE.finditer(text) if m.end() in phones] if phones else []
        for m, bare in heads:  # rules 53: "Mercy NI WL 830217 C", "Kerry-Ann Wilde 07700 900 132"
            words = list(re.finditer(r"[^ ]+", m.group(1)))
            kept = []
            # rules 54: "Kerry-Ann Wilde 07700 ...": a rarer English word after a given name is her family name
            family = (
                bare and len(words) > 1 and self._family_before_phone(words[-2].group(), words[-1].group())
            )
            for w in reversed(words):
                if family and not kept:
                    kept.append(w)
                    continue
                if self._plain(w.group()) or self._common(w.group()) or fold_word(w.group()) in RELATIONS:
                    break
                if bare and not self._name_or_unknown(fold_word(w.group())):
                    break  # no label: "National Breastfeeding Helpline 0300 ...", a service's line
                kept.append(w)
            if kept:
                spans.append((m.start(1) + kept[-1].start(), m.start(1) + kept[0].end()))
        for m in _ONLINE_AS.finditer(text):  # rules 53: "Verity on fb as Verity Jane Platt"
            if not self._plain(m.group(1)) and fold_word(m.group(1)) not in RELATIONS | ROLES:
                spans.append(m.span(1))
        for m in _LOWER_DOB_NAME.finditer(text):  # rules 39: "mercy dob 12/03/1990"
            w = m.group(1)
            if (
                not self._plain(w)
                and w not in RELATIONS
                and w not in ROLES
                and w not in _PET_WORDS
                and self.lexicon.frequency.get(w, 0.0) < _DOB_WORD_ZIPF
                and (self._listed(w) or (w.endswith("s") and self._listed(w[:-1])))
            ):
                spans.append(m.span(1))
        return self._people(found, spans, "dob-name")

    def _family_before_phone(self, given: str, family: str) -> bool:
        """Rules 54 (blind57): a family name that is also a rarer English word (Zipf under 4: "Wilde", not "Team" or
        "Line") after a given name of the lists, both right before a mobile's number."""
        g, w = fold_word(given), fold_word(family)
        lists = self.lists
        return (
            all(p in lists.first_names or p in lists.nicknames for p in re.split(r"[-'’]", g) if p)
            and not self._plain(given)
            and family[:1].isupper()
            and not self._plain(family)
            and w not in RELATIONS
            and w not in ROLES
            and self.lexicon.frequency.get(w, 0.0) < 4.0
        )

    def _name_or_unknown(self, w: str) -> bool:
        """Rules 53: a given name of the lists, or no English word, place or medicine (a family name that is an English
        word, "Ring", "Call", is a verb there): a name before a phone number."""
        lists = self.lists

        def one(p: str) -> bool:
            given = p in lists.first_names or p in lists.nicknames or p in lists.word_nicknames
            given = given or (lists.given_word(p) and self.lexicon.frequency.get(p, 0.0) < 3.0)  # not "Ring"
            return given or (p not in self.lexicon and p not in lists.vocab)

        return all(one(p) for p in re.split(r"[-'’]", w) if p)

    def title_initials(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 36: the family name after a title and an initial or a title's dot (`_TITLE_INITIAL`: "Mrs S. Baptiste",
        "Mrs. Appleton"); never a stop, keep, context or clinical word, nor after an initial a common English word no
        names list holds ("Dr K Said", "Mr J Will"; rules 44: but an everyday family name, `_family_word`: "Mr R.
        Swan", "Mrs P. Brown")."""
        spans = [
            m.span(2)
            for m in _TITLE_INITIAL.finditer(text)
            if not (
                self._plain(m.group(2))
                or (m.group("initials") and self._common(m.group(2)) and not self._family_word(m.group(2)))
            )
        ]  # after a title's dot a common word is a name too ("Mr. Bright", "Dr. Young")
        return self._people(found, spans, "title-initial")

    def birth_names(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 37: the baby a woman had at a hospital, a place or a gestation (`_BIRTH_NAME`): a word of the names lists,
        capitalised, or in lower case one no dictionary knows ("had koa at 36 wks"); never a stop, keep, clinical,
        relative's or role's word ("had Covid at", "had Mum in", "had twins at")."""
        spans = []
        for m in _BIRTH_NAME.finditer(text):
            word = m.group(1)
            w = fold_word(word)
            if (
                self._plain(word)
                or w in RELATIONS
                or w in ROLES
                or not (self._listed(w) or w in self.lists.ons_words)
            ):
                continue
            if word.islower() and (w in self.lexicon or w in self.lists.vocab):
                continue
            spans.append(m.span(1))
        return self._people(found, spans, "birth-name")

    def _family_word(self, word: str) -> bool:
        """Rules 44 (lost to rules 42's mends: "Mr R. Swan", "Mrs P. Brown"): an everyday word common_words.txt lists as a
        family name, no stop word and no word of saying ("Mr J Will", "Dr K Said" stay)."""
        w = fold_word(word)
        return w in self.lists.common and w not in STOP_WORDS and w not in _SAYING

    def _common(self, word: str) -> bool:
        """Rules 36: an English word (the dictionary's, or Zipf 4 or more) that no names list holds ("Audit", "Form",
        "Signed"; review: "Anaesthetics", "Safeguarding", "Preterm")."""
        w = fold_word(word)
        return (w in self.lexicon or self.lexicon.frequency.get(w, 0.0) >= 4.0) and not self._listed(w)

    def named_homes(self, text: str, found: list[Finding]) -> list[Finding]:
        """Rules 35: a home known by its name (`_HOME`): none of its words a stop, context, relative's, clinical
        or calendar word ("Mum Farm", "Sunday Market Barn" stay)."""
        spans = []
        for m in _HOME.finditer(text):
            words = m.group(1).split()[:-1]
            if any(self._plain(w) or fold_word(w) in RELATIONS for w in words if w not in ("Old", "Home")):
                continue
            if _VENUE_BEFORE.search(text, max(0, m.start() - 30), m.start()):
                continue  # review: "a trip to Godstone Farm": a day out, not a home
            first = fold_word(words[-1]) if words[-1] not in ("Old", "Home") else ""
            lives = _HOME_CUE.search(text, max(0, m.start() - 30), m.start()) is not None
            if (
                first
                and not lives
                and self.lexicon.frequency.get(first, 0.0) >= 4.0
                and not self._listed(first)
            ):
                continue  # review: "Dairy Farm worker", "the Play Barn", "a Wind Farm": a common word's kind
            spans.append(m.span(1))
        return self._people(found, spans, "named-home", "UK_ADDRESS")
