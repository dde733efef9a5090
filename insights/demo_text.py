"""Phrase banks for the synthetic demo: the code list with note fragments, openers, closings, venues.

Everything here is invented for the demo. Fragments are written in the engagement officer's note
style (third person, note form). A fragment is "<stage>|<text>" where stage is a (antenatal),
l (labour and birth) or p (postnatal); `{slot}` fields are filled per narrative by insights.demo.

Code tags say which women a code can apply to (all tags must hold):
eth (ethnic minority), black, ee (Eastern European / Roma), migrant (came to the UK as an adult),
lang (needs language support), first (first baby), multip (has older children), young, older,
cons (consistent care), incons (inconsistent care).
"""

from __future__ import annotations

# (label, cross_cutting, tags, weight, fragments)
Code = tuple[str, str, str, float, tuple[str, ...]]

INF, COM, BOTH = "infrastructure", "communication", "infrastructure;communication"

CODEBOOK: dict[str, tuple[Code, ...]] = {
    "Bias/stereotyping/discrimination": (
        (
            "Treated differently because of ethnicity",
            "",
            "eth",
            1.5,
            (
                "l|she felt the staff on the ward were warmer with the white British mums than with her",
                "p|she noticed the other women in the bay were checked on far more often than she was",
                "a|she felt she was spoken to differently from the white mums in the waiting room",
                "p|she is sure the woman in the next bed got more time and patience from the staff",
            ),
        ),
        (
            "Assumed to cope with pain because of ethnicity",
            "",
            "black",
            1.5,
            (
                "l|she believes nobody offered her pain relief because staff assume black women can take more pain",
                "l|she was quiet through the contractions and thinks that, being black, she was expected to just get on with it",
                "p|when she said she was sore after the section she was told she was doing fine, and she feels her colour had something to do with it",
            ),
        ),
        (
            "Staff impatient with her accent",
            "",
            "migrant",
            1.0,
            (
                "a|the receptionist at the clinic got short with her as soon as she heard her accent",
                "l|some of the staff seemed to lose patience once they heard her accent",
                "p|staff on the ward spoke slowly and loudly to her as if she could not follow",
            ),
        ),
        (
            "Stereotyped as Eastern European",
            "",
            "ee",
            1.2,
            (
                "a|she was asked more than once whether she was entitled to NHS care because she is from {country}",
                "p|a member of staff made a remark about Eastern European women having lots of babies",
                "l|she felt staff decided she would not speak English before she had said a word",
                "a|she felt the midwife treated her as a problem because she is from {country}",
            ),
        ),
        (
            "Cultural or religious needs not respected",
            "",
            "eth",
            1.0,
            (
                "p|her request for a female doctor was brushed aside",
                "p|there was very little on the ward menu she could eat because of her religion",
                "a|she was made to feel awkward for asking about fasting while pregnant",
                "l|she asked for her head to stay covered and felt it was treated as a nuisance",
            ),
        ),
        (
            "Assumptions made about her circumstances",
            "",
            "",
            1.0,
            (
                "a|the booking midwife assumed she was a single mum on benefits",
                "a|she felt they took one look at her address and expected the worst",
                "p|{hv} asked whether social services were involved before asking anything else",
            ),
        ),
        (
            "Concerns dismissed and felt it was about race",
            "",
            "black",
            1.0,
            (
                "a|she raised swelling in her legs twice and felt she was not taken seriously, which she puts down to being black",
                "l|she thinks her worries were waved away in a way they would not have been for a white woman",
            ),
        ),
    ),
    "Choices explored/supported": (
        (
            "Birth plan respected",
            "",
            "",
            1.2,
            (
                "l|her birth plan was followed and the staff checked it with her as things changed",
                "l|they stuck to her birth plan as far as they could and explained when they couldn't",
                "l|the midwife read her birth plan properly and kept coming back to it",
            ),
        ),
        (
            "Options for birth explained",
            COM,
            "",
            1.0,
            (
                "a|{mw} talked her through every option for the birth, including the birth centre",
                "a|{dr} went through the pros and cons of an induction and left the decision with her",
                "a|she was given time at the 36-week appointment to go through where and how she wanted to give birth",
            ),
        ),
        (
            "Pain relief choices respected",
            "",
            "",
            1.0,
            (
                "l|she got the epidural as soon as she asked, no fuss",
                "l|she wanted to manage on gas and air and the midwives backed her all the way",
                "l|when she changed her mind about pain relief nobody made her feel bad about it",
            ),
        ),
        (
            "Feeding choice supported",
            "",
            "",
            1.0,
            (
                "p|staff respected that she wanted to bottle feed and did not push breastfeeding",
                "p|she was helped to combine breast and bottle without being made to feel guilty",
            ),
        ),
        (
            "Given time to decide",
            "",
            "",
            0.8,
            (
                "a|she was given time to go home and think before agreeing to a sweep",
                "l|nobody rushed her when she needed a few minutes to decide about the section",
            ),
        ),
        (
            "Choice of place of birth",
            "",
            "",
            0.7,
            (
                "a|she was offered a home birth and felt it was a real option",
                "a|she asked to have her baby at {hosp} rather than the nearest unit and that was no problem",
            ),
        ),
    ),
    "Effects of consistency/inconsistency of care": (
        (
            "Same midwife built trust",
            "",
            "cons",
            1.2,
            (
                "a|seeing the same midwife each time meant she trusted her and felt able to ask anything",
                "a|because it was always {mw} she never had to explain her history again",
                "a|knowing who she would see at each appointment took a lot of the worry away",
            ),
        ),
        (
            "Continuity helped with language",
            COM,
            "cons migrant",
            1.0,
            (
                "a|{mw} got used to her English over the months, so she was less embarrassed asking her to repeat things",
                "a|having one midwife who knew how she spoke made it much easier to understand each other",
            ),
        ),
        (
            "Had to repeat her story",
            COM,
            "incons",
            1.2,
            (
                "a|she had to tell her whole history again at nearly every appointment",
                "p|every new face on the ward asked the same questions and it wore her down",
                "a|going over her previous loss with a stranger each time was upsetting",
            ),
        ),
        (
            "Nobody knew her history",
            COM,
            "incons",
            1.0,
            (
                "l|the midwife on shift had not read her notes and did not know about her previous section",
                "a|her anxiety was in her notes but no one she saw seemed to know about it",
            ),
        ),
        (
            "Uncomfortable asking questions of strangers",
            COM,
            "incons",
            1.0,
            (
                "a|because it was someone new every time she felt awkward asking questions",
                "a|she held questions back because she never knew who she would see",
            ),
        ),
        (
            "Not knowing who she would see made her anxious",
            "",
            "incons",
            0.8,
            (
                "a|not knowing who she would see made every appointment feel stressful",
                "p|a different midwife at each home visit left her feeling unsettled",
            ),
        ),
    ),
    "Consistent care and support": (
        (
            "Same midwife throughout pregnancy",
            "",
            "cons",
            2.0,
            (
                "a|she saw the same midwife for all her antenatal appointments",
                "a|{mw} looked after her from booking right through to 36 weeks",
                "a|she had one midwife the whole way through and it made a big difference",
                "a|it was the same midwife at every check, which she loved",
            ),
        ),
        (
            "Same health visitor throughout",
            "",
            "cons",
            1.0,
            (
                "p|she has had the same health visitor since the birth",
                "p|{hv} has been the same person at every visit",
            ),
        ),
        (
            "Known midwife at the birth",
            "",
            "cons",
            0.8,
            (
                "l|one of the midwives from her antenatal team was there when she gave birth",
                "l|she was thrilled that a midwife she already knew delivered {baby}",
            ),
        ),
        (
            "Same midwife for home visits",
            "",
            "cons",
            0.8,
            (
                "p|the same community midwife came for all her home visits",
                "p|{mw} did every postnatal visit so she never had to start from scratch",
            ),
        ),
        (
            "Joined-up care between hospital and community",
            COM,
            "cons",
            0.8,
            (
                "a|the hospital and her community midwife seemed to share everything, so nothing had to be repeated",
                "p|the ward passed everything on and {mw} knew all about the birth when she came",
            ),
        ),
        (
            "Same consultant at each clinic",
            "",
            "cons",
            0.6,
            (
                "a|she saw the same consultant at each of her growth scan appointments",
                "a|{dr} saw her at every clinic visit and knew her case well",
            ),
        ),
    ),
    "Effects of good communication": (
        (
            "Felt calm because things were explained",
            COM,
            "",
            1.5,
            (
                "l|everything was explained as it happened so she stayed calm",
                "l|when {baby} got stuck the midwives talked her through it and she never felt frightened",
                "l|the team explained each step of the assisted delivery, which kept her calm",
            ),
        ),
        (
            "Felt in control",
            COM,
            "",
            1.0,
            (
                "l|being kept informed made her feel in control of the birth",
                "a|understanding her options made her feel she was the one making the decisions",
            ),
        ),
        (
            "Reassured after a scare",
            COM,
            "",
            1.0,
            (
                "a|the sonographer explained what they were looking at straight away, which put her mind at rest",
                "a|after a reduced movements scare the staff explained every step and she went home reassured",
            ),
        ),
        (
            "Understood her care plan",
            COM,
            "",
            0.8,
            (
                "a|she understood exactly why she was being induced because {dr} drew it out for her",
                "a|her care plan was written down in plain English so she knew what would happen",
            ),
        ),
        (
            "Confident to ask questions",
            COM,
            "",
            1.0,
            (
                "a|{mw} made it easy to ask questions so she never left an appointment confused",
                "p|{hv} told her to ring with anything, so she has never felt silly asking",
            ),
        ),
    ),
    "Effects of poor communication": (
        (
            "Left frightened by lack of explanation",
            COM,
            "",
            1.5,
            (
                "a|nobody explained what the extra scan was for and she spent the whole time convinced something was wrong",
                "l|staff rushed in and out without telling her anything and she was terrified for {baby}",
                "a|the sonographer went quiet and left the room without a word, and she assumed the worst",
            ),
        ),
        (
            "Missed appointment because information was unclear",
            BOTH,
            "",
            1.0,
            (
                "p|she missed the day 5 check because she thought the midwife was coming to the house and it was actually at the clinic",
                "a|the letter did not say which site her scan was at so she went to the wrong hospital",
            ),
        ),
        (
            "Made to feel stupid for asking",
            COM,
            "",
            1.0,
            (
                "a|when she asked a question {mw} sighed, which made her feel stupid for asking",
                "p|she was made to feel silly for ringing the ward with a question",
            ),
        ),
        (
            "Did not understand what happened at the birth",
            COM,
            "",
            1.0,
            (
                "l|she still does not really know why she ended up with {cs}",
                "p|nobody went through the birth with her afterwards so she has lots of unanswered questions",
            ),
        ),
        (
            "Lost trust after mixed messages",
            COM,
            "",
            0.8,
            (
                "a|being told different things by different people made her stop trusting the advice",
                "p|after two conflicting answers about {baby}'s weight she stopped believing what she was told",
            ),
        ),
    ),
    "Felt judged": (
        (
            "Judged for being a young mum",
            "",
            "young",
            1.5,
            (
                "a|she felt looked down on at the booking appointment because she is young",
                "p|a nurse asked whether her mum would be doing most of the looking after",
                "a|she felt the midwife spoke to her like a child because of her age",
            ),
        ),
        (
            "Judged for being an older mum",
            "",
            "older",
            1.5,
            (
                "a|she was made to feel irresponsible for being pregnant at her age",
                "a|everything was put down to her age and she felt told off for leaving it late",
            ),
        ),
        (
            "Judged for her weight",
            "",
            "",
            1.0,
            (
                "a|her weight was brought up at every appointment and she came out feeling ashamed",
                "a|she felt lectured about her BMI rather than helped",
                "a|a comment about the size of her bump stayed with her for weeks",
            ),
        ),
        (
            "Judged for how she fed her baby",
            "",
            "",
            1.0,
            (
                "p|she felt judged for giving formula",
                "p|a midwife made a comment about her giving up on breastfeeding",
            ),
        ),
        (
            "Made to feel like a time waster",
            "",
            "",
            1.0,
            (
                "a|she felt like a time waster when she rang about reduced movements",
                "p|the receptionist at the surgery made her feel she was wasting their time",
                "a|she was sent home from triage feeling she had made a fuss over nothing",
            ),
        ),
        (
            "Felt checked up on rather than supported",
            "",
            "",
            0.8,
            (
                "p|{hv} questioned her in a way that made her feel checked up on rather than supported",
                "p|she felt she was being watched to see if she was a good enough mum",
            ),
        ),
        (
            "Judged for her English",
            COM,
            "lang",
            1.0,
            (
                "a|she felt staff thought she was less intelligent because her English is limited",
                "p|she could tell the staff were frustrated with her English and it made her feel small",
            ),
        ),
    ),
    "Good care": (
        (
            "Midwives kind and caring",
            "",
            "",
            3.0,
            (
                "l|the midwives on the labour ward were lovely",
                "l|the midwives were kind and nothing was too much trouble",
                "p|the staff on the postnatal ward were really caring",
                "a|{mw} has been brilliant all the way through",
                "l|the midwife who delivered {baby} was amazing",
                "p|the midwives on the ward could not have been kinder",
            ),
        ),
        (
            "Felt safe during labour",
            "",
            "",
            1.5,
            (
                "l|she felt completely safe during the labour",
                "l|even when things got complicated she felt she was in safe hands",
                "l|she trusted the team in the delivery room completely",
            ),
        ),
        (
            "Emergency handled well",
            "",
            "",
            1.0,
            (
                "l|when {baby}'s heart rate dropped the team moved quickly and calmly",
                "l|the emergency section was handled really well and she felt looked after",
                "l|she lost a lot of blood but the team acted fast and she never felt panicked",
            ),
        ),
        (
            "Pain managed well",
            "",
            "",
            1.0,
            (
                "l|her pain was managed well throughout",
                "p|pain relief after the section came on time every time",
            ),
        ),
        (
            "Treated with dignity and respect",
            "",
            "",
            1.2,
            (
                "l|she felt treated with respect and dignity the whole way through",
                "p|the staff always explained and asked before examining her",
                "l|they kept her covered and talked to her, not over her",
            ),
        ),
        (
            "Care better than abroad",
            "",
            "migrant",
            1.2,
            (
                "a|care here is much better than what she had back in {country}",
                "l|compared with having her first in {country} the care at {hosp} was excellent",
                "a|she is amazed how many checks and scans you get here compared with {country}",
            ),
        ),
        (
            "Thorough GP postnatal check",
            "",
            "",
            0.8,
            (
                "p|her six-week check with the GP was thorough and she felt properly looked at",
                "p|the GP took time to check her stitches and ask how she was coping",
            ),
        ),
        (
            "Excellent specialist care",
            "",
            "",
            0.8,
            (
                "a|the diabetes team kept a close eye on her and were brilliant",
                "a|the fetal medicine team at King's were outstanding",
                "a|the specialist midwife for her blood pressure was excellent",
            ),
        ),
        (
            "Good care from the consultant",
            "",
            "",
            0.8,
            (
                "a|{dr} was excellent and really took the time with her",
                "l|{dr} was calm and kind when the birth did not go to plan",
            ),
        ),
    ),
    "Good communication": (
        (
            "Kept informed",
            COM,
            "",
            1.5,
            (
                "l|they kept her informed at every stage",
                "a|{mw} always explained what each test was for",
                "l|someone always told her what was happening and why",
            ),
        ),
        (
            "Felt listened to",
            COM,
            "",
            1.5,
            (
                "a|she felt properly listened to",
                "l|the midwives listened when she said she was ready to push",
                "a|{mw} really listened to her worries and never rushed her",
            ),
        ),
        (
            "Easy to contact the midwife",
            COM,
            "",
            0.8,
            (
                "a|she could text {mw} and always got an answer the same day",
                "a|the community midwives were easy to get hold of",
            ),
        ),
        (
            "Interpreter provided",
            BOTH,
            "lang",
            1.2,
            (
                "a|she was given an interpreter for her appointments, which made a huge difference",
                "l|a phone interpreter was used during labour so she understood what was happening",
                "a|having a {lang} interpreter at the booking appointment meant she could ask everything she wanted",
            ),
        ),
        (
            "Information in her language",
            BOTH,
            "lang",
            0.8,
            (
                "a|she was given leaflets in {lang}, which helped the whole family understand",
                "a|the information pack in {lang} answered a lot of her questions",
            ),
        ),
        (
            "Clear discharge information",
            COM,
            "",
            0.8,
            (
                "p|the discharge was clear and she knew exactly who to call",
                "p|she went home with everything written down about what to look out for",
            ),
        ),
    ),
    "Good organisation of care": (
        (
            "Appointments well organised",
            "",
            "",
            1.2,
            (
                "a|her appointments were all booked in advance and ran on time",
                "a|everything was organised for her and she never had to chase anything",
            ),
        ),
        (
            "Quick referral",
            "",
            "",
            1.0,
            (
                "a|she was referred to the perinatal mental health team quickly",
                "a|her GP got her booked in with a midwife within a week",
                "p|the referral for {baby}'s hips came through within days",
            ),
        ),
        (
            "Smooth discharge",
            "",
            "",
            0.8,
            (
                "p|discharge was quick and well organised",
                "p|she was home the next morning with everything sorted",
            ),
        ),
        (
            "Local clinic easy to reach",
            INF,
            "",
            1.0,
            (
                "a|having the midwife clinic at the children's centre round the corner made things easy",
                "a|her appointments were at the health centre in {town}, which she could walk to",
            ),
        ),
        (
            "Scan and appointments on the same day",
            "",
            "",
            0.7,
            ("a|they arranged her scan and consultant appointment on the same day so she only had one trip",),
        ),
        (
            "Home visits on time",
            "",
            "",
            0.7,
            (
                "p|the home visits turned up when they said they would",
                "p|the midwife rang ahead before every home visit",
            ),
        ),
    ),
    "Good support": (
        (
            "Baby groups a lifeline",
            INF,
            "",
            2.0,
            (
                "p|the baby group at the children's centre has been a lifeline",
                "p|finding {venue_kind} has made her feel much less alone",
                "p|coming to the group each week has really helped her confidence",
                "p|she has made friends at the stay and play and looks forward to it every week",
            ),
        ),
        (
            "Breastfeeding support helped",
            INF,
            "",
            1.2,
            (
                "p|the infant feeding team helped her get {baby} latched before she went home",
                "p|the breastfeeding café got her through the first few weeks",
                "p|a peer supporter sat with her for an hour to help with feeding",
            ),
        ),
        (
            "Supportive health visitor",
            "",
            "",
            1.2,
            (
                "p|{hv} has been really supportive",
                "p|{hv} rang to check on her after she mentioned she was struggling",
            ),
        ),
        (
            "Partner made welcome",
            INF,
            "",
            1.0,
            (
                "l|{partner} was made to feel welcome and included throughout",
                "p|{partner} was allowed to stay overnight, which made all the difference",
            ),
        ),
        (
            "Mental health support offered",
            "",
            "",
            0.8,
            (
                "a|she was offered counselling after she told {mw} she was struggling",
                "p|the perinatal mental health team have been really helpful",
            ),
        ),
        (
            "Midwife emotionally supportive",
            "",
            "",
            1.0,
            (
                "a|{mw} felt almost like a friend and got her through a hard pregnancy",
                "a|{mw} always asked how she was feeling in herself, not just about the baby",
            ),
        ),
        (
            "Support from family and community",
            "",
            "",
            1.0,
            (
                "p|her church has rallied round with meals and help",
                "p|her mum has been staying to help, which has been a huge support",
                "p|her neighbours and friends have been amazing with meals and lifts",
            ),
        ),
        (
            "Help from the voluntary sector",
            INF,
            "",
            0.7,
            (
                "p|the baby bank gave her a pram and clothes when she had nothing",
                "a|a local charity helped her with a cot and a car seat before the birth",
            ),
        ),
    ),
    "Inconsistent care and support": (
        (
            "Different midwife at every appointment",
            "",
            "incons",
            2.0,
            (
                "a|she saw a different midwife at almost every appointment",
                "a|she never saw the same midwife twice",
                "a|it was someone new at every check",
            ),
        ),
        (
            "Care varied between shifts",
            "",
            "incons",
            1.2,
            (
                "p|the day staff were great but the night shift were a different story",
                "l|one midwife was lovely and the next barely spoke to her",
            ),
        ),
        (
            "Conflicting advice from different staff",
            COM,
            "incons",
            1.2,
            (
                "p|one midwife told her one thing about feeding and the next told her the opposite",
                "a|each midwife told her something different about her iron levels",
            ),
        ),
        (
            "Care not joined up between services",
            COM,
            "incons",
            1.0,
            (
                "a|the hospital and the community midwives did not seem to talk to each other",
                "p|the GP knew nothing about her birth when she went for her check",
            ),
        ),
        (
            "Lost her midwife after moving house",
            "",
            "incons",
            0.6,
            ("a|she had a great midwife until she moved house and then it was someone new every time",),
        ),
        (
            "Less continuity than in her first pregnancy",
            "",
            "incons multip",
            0.8,
            (
                "a|this time round she has seen someone different at each appointment, unlike her first pregnancy",
            ),
        ),
    ),
    "Issues with care": (
        (
            "Left alone on the postnatal ward",
            INF,
            "",
            2.0,
            (
                "p|she was left on her own a lot on the postnatal ward",
                "p|she pressed the buzzer and nobody came for ages",
                "p|after the birth she felt forgotten about on the ward",
            ),
        ),
        (
            "Pain relief delayed or refused",
            "",
            "",
            1.5,
            (
                "p|she asked for pain relief after the section and waited {hrs} for it",
                "l|she kept asking for the epidural and it never came",
                "p|she had to ask three times before anyone brought her painkillers",
            ),
        ),
        (
            "Symptoms missed",
            "",
            "",
            1.0,
            (
                "p|an infection in her stitches was missed and she ended up at urgent care",
                "p|{baby}'s jaundice was not picked up until she pushed for it",
                "p|her high blood pressure after the birth was only spotted when she went back in",
            ),
        ),
        (
            "Not listened to about pain",
            COM,
            "",
            1.2,
            (
                "l|she told them she was in a lot of pain and felt no one believed her",
                "p|she was told her pain was normal when it turned out to be an infection",
            ),
        ),
        (
            "Procedure done without consent",
            "",
            "",
            0.7,
            (
                "l|a procedure was done during the labour without anyone asking her first",
                "l|her waters were broken without her being asked",
            ),
        ),
        (
            "Rough or careless examination",
            "",
            "",
            0.7,
            (
                "l|the examination was rough and nobody apologised",
                "p|a midwife was quite rough checking her stitches",
            ),
        ),
        (
            "Medical notes ignored",
            COM,
            "",
            0.6,
            ("l|her condition was written in her notes but ignored in the delivery room",),
        ),
        (
            "Poor GP postnatal check",
            "",
            "",
            1.0,
            (
                "p|the GP check was only about {baby} and nobody asked about her",
                "p|the six-week check was over in five minutes and was all about contraception",
            ),
        ),
        (
            "Not shown how to care for the baby",
            "",
            "first",
            0.8,
            (
                "p|no one showed her how to bath or change {baby} before she went home",
                "p|she left hospital with no idea how the car seat fitted and a passer-by had to help",
            ),
        ),
    ),
    "Issues with organisation of care": (
        (
            "Hard to get to appointments without a car",
            INF,
            "",
            1.5,
            (
                "a|getting to the clinic without a car means {bus} and takes over an hour",
                "a|the clinic is hard to get to from {town} without a car",
                "a|she had to pay for taxis to get to scans because the buses do not go near",
            ),
        ),
        (
            "Appointments at several hospitals",
            INF,
            "",
            1.0,
            (
                "a|she had to go to King's for some scans and {hosp} for others, which was a lot with a toddler",
                "a|having appointments spread across different hospitals was exhausting",
            ),
        ),
        (
            "Could not rebook appointments",
            COM,
            "",
            1.0,
            (
                "a|she could not get through on the phone to rearrange her scan",
                "a|nobody answered the number on the letter when she tried to change her appointment",
            ),
        ),
        (
            "Lost in the system after self-referral",
            "",
            "",
            1.0,
            (
                "a|after she self-referred she heard nothing and did not see a midwife until {weeks}",
                "a|her booking got lost and she was {weeks} before anyone saw her",
            ),
        ),
        (
            "Appointments cancelled at short notice",
            INF,
            "",
            1.0,
            (
                "a|her midwife appointments were cancelled twice at short notice",
                "p|her home visit was cancelled {when} and never rebooked",
            ),
        ),
        (
            "Referral delayed or missed",
            "",
            "",
            0.8,
            (
                "a|the referral to the consultant was never sent and she had to chase it",
                "p|the referral to the tongue-tie clinic went missing",
            ),
        ),
        (
            "Long waits at clinic",
            INF,
            "",
            0.8,
            (
                "a|she waited {hrs} to be seen at the day assessment unit",
                "a|she waited nearly two hours at the antenatal clinic past her appointment time",
            ),
        ),
        (
            "No childcare for appointments",
            INF,
            "multip",
            1.0,
            (
                "a|she struggled to get to appointments with nobody to look after her older children",
                "a|she was told not to bring her toddler to the scan but had no one to leave him with",
            ),
        ),
        (
            "Sent back and forth for a prescription",
            "",
            "",
            0.6,
            ("p|she was sent back and forth between urgent care and her GP to get her prescription",),
        ),
    ),
    "Language barriers": (
        (
            "Interpreter not offered",
            BOTH,
            "lang",
            2.0,
            (
                "a|she was never offered an interpreter even though her English is limited",
                "l|no interpreter was offered during labour",
                "a|nobody asked whether she needed someone who speaks {lang}",
            ),
        ),
        (
            "Relied on partner to translate",
            COM,
            "lang",
            1.5,
            (
                "a|{partner} had to translate everything at her appointments",
                "l|{partner} translated during the labour because there was no one else",
            ),
        ),
        (
            "Used a translation app",
            BOTH,
            "lang",
            1.2,
            (
                "a|she used a translation app on her phone to talk to {mw}",
                "p|she got by on the ward with a translation app",
            ),
        ),
        (
            "Did not understand medical information",
            COM,
            "lang",
            1.2,
            (
                "a|she did not understand the results she was given and was too embarrassed to say",
                "p|she nodded along at discharge without understanding the medication instructions",
            ),
        ),
        (
            "Letters only in English",
            BOTH,
            "lang",
            1.0,
            (
                "a|all her letters come in English and a neighbour has to read them for her",
                "a|she missed a scan because she could not read the letter",
            ),
        ),
        (
            "Child used to translate",
            COM,
            "lang multip",
            0.6,
            ("a|her eldest has had to translate for her at appointments",),
        ),
        (
            "Worried there will be no interpreter in labour",
            INF,
            "lang",
            0.8,
            ("a|she is worried there will be no one to translate when she goes into labour",),
        ),
        (
            "Could not explain her symptoms",
            COM,
            "lang",
            0.8,
            (
                "p|she could not explain to the GP where the pain was",
                "a|she struggled to describe her symptoms on the phone to triage",
            ),
        ),
    ),
    "More information wanted": (
        (
            "Antenatal classes wanted",
            INF,
            "",
            1.5,
            (
                "a|she would have liked antenatal classes but none were offered locally",
                "a|there were no antenatal classes she could get to",
                "a|she asked about antenatal classes and was told there was a waiting list",
            ),
        ),
        (
            "More information about feeding wanted",
            BOTH,
            "",
            1.2,
            (
                "a|she wished someone had explained feeding before the birth",
                "p|she felt completely unprepared for how hard feeding would be",
            ),
        ),
        (
            "Did not know about local groups",
            COM,
            "",
            1.2,
            (
                "p|she did not find out about the baby groups until {baby} was several months old",
                "p|she only heard about the children's centre by chance",
            ),
        ),
        (
            "Wanted to know what recovery would be like",
            COM,
            "",
            1.0,
            (
                "p|no one told her what recovery from {cs} would be like",
                "p|she wanted more information about what is normal after birth",
            ),
        ),
        (
            "Did not know how to access care",
            COM,
            "",
            1.0,
            (
                "a|she did not know she could refer herself to a midwife",
                "a|she did not know how to register with a GP when she found out she was pregnant",
            ),
        ),
        (
            "Unsure about charges and entitlements",
            COM,
            "migrant",
            0.8,
            (
                "a|she did not know whether she would be charged for her care",
                "a|she was unsure what she was entitled to while her asylum claim is decided",
            ),
        ),
        (
            "Why scans matter not explained",
            COM,
            "",
            0.8,
            (
                "a|she was not sure why she needed the extra growth scans",
                "a|she nearly skipped the 20-week scan as she did not know what it was for",
            ),
        ),
    ),
    "More support wanted": (
        (
            "No support after home visits ended",
            INF,
            "",
            1.5,
            (
                "p|once the midwife visits stopped there was nothing",
                "p|she felt dropped after the last home visit",
                "p|after day ten it felt like everyone disappeared",
            ),
        ),
        (
            "Fewer appointments as not her first baby",
            "",
            "multip",
            1.2,
            (
                "a|she was given fewer appointments because it is not her first, but still had lots of questions",
                "a|she felt expected to know it all because she has had a baby before",
            ),
        ),
        (
            "More emotional support wanted",
            "",
            "",
            1.2,
            (
                "p|she wanted someone to ask how she was really feeling",
                "a|she would have liked someone to talk to about her anxiety",
            ),
        ),
        (
            "More feeding support wanted",
            INF,
            "",
            1.0,
            (
                "p|she could not get any help with feeding once she was home",
                "p|she waited weeks for feeding support and gave up in the end",
            ),
        ),
        (
            "More practical help on the ward wanted",
            INF,
            "",
            1.0,
            (
                "p|after the section she needed help lifting {baby} out of the cot and no one came",
                "p|she wanted someone to show her how to hold {baby} properly",
            ),
        ),
        (
            "Isolated with no family nearby",
            "",
            "",
            1.0,
            (
                "p|she has no family in this country and felt very alone after the birth",
                "p|with no family nearby she would have loved a local group for new mums",
            ),
        ),
        (
            "Partner sent home at night",
            INF,
            "",
            0.8,
            ("p|{partner} was sent home at night and she was left to cope alone",),
        ),
    ),
    "No choice/pressured choices": (
        (
            "Pressured into an induction",
            "",
            "",
            1.2,
            (
                "a|she felt pushed into an induction she did not want",
                "a|the induction was booked before she had a chance to think about it",
            ),
        ),
        (
            "Pressured into an epidural",
            "",
            "",
            0.8,
            (
                "l|she was talked into an epidural she did not really want",
                "l|the midwife kept pushing the epidural even after she said no",
            ),
        ),
        (
            "Wishes for the birth ignored",
            COM,
            "",
            1.0,
            (
                "l|her wishes for the birth were ignored",
                "a|she asked for a section and was refused without a proper discussion",
            ),
        ),
        (
            "Decisions made without her",
            COM,
            "",
            1.0,
            (
                "l|decisions were made over her head by the doctors",
                "l|{dr} decided on the section without really talking to her",
            ),
        ),
        (
            "No choice of where to give birth",
            "",
            "",
            0.8,
            (
                "a|she was not given any choice about where to give birth",
                "a|she wanted the birth centre but was told she had to go to the labour ward",
            ),
        ),
        (
            "Pressured to breastfeed",
            "",
            "",
            0.8,
            ("p|she felt pressured to keep breastfeeding when it was not working for her",),
        ),
    ),
    "Poor communication": (
        (
            "Not told what was happening",
            COM,
            "",
            1.5,
            (
                "l|nobody told her what was going on when they took {baby} away",
                "a|she was sent for tests without anyone saying why",
                "l|she only found out she was having {cs} when they started wheeling her out",
            ),
        ),
        (
            "Rude or dismissive staff",
            COM,
            "",
            1.2,
            (
                "a|the receptionist at the clinic was rude to her",
                "p|one midwife was very dismissive when she asked questions",
                "l|a doctor was abrupt with her and did not introduce himself",
            ),
        ),
        (
            "Results not passed on",
            COM,
            "",
            1.0,
            (
                "a|her blood results were never passed on and she had to ring round to find them",
                "a|she only found out about her low iron weeks later",
            ),
        ),
        (
            "Phone line never answered",
            BOTH,
            "",
            1.0,
            (
                "a|she rang the triage line and it rang and rang",
                "p|she could never get through to the ward on the phone",
            ),
        ),
        (
            "Medical jargon not explained",
            COM,
            "",
            0.8,
            (
                "a|{dr} used words she did not understand and did not check she had followed",
                "l|she was handed forms to sign without them being explained",
            ),
        ),
        (
            "Concerns brushed off",
            COM,
            "",
            1.2,
            (
                "a|when she said something did not feel right she was told she was fine",
                "p|she kept telling them {baby} was not feeding properly and felt ignored",
            ),
        ),
        (
            "Talked about rather than to",
            COM,
            "",
            0.6,
            ("l|staff talked about her in front of her as if she was not there",),
        ),
    ),
    "Poor resources": (
        (
            "Not enough staff on the ward",
            INF,
            "",
            2.0,
            (
                "p|the ward was clearly short staffed",
                "l|there were not enough midwives and she was left alone for long stretches",
                "p|there seemed to be one midwife for the whole bay at night",
            ),
        ),
        (
            "Noisy or crowded ward",
            INF,
            "",
            1.0,
            (
                "p|the ward was noisy and she could not sleep",
                "p|the bay was hot and crowded with nowhere to put anything",
            ),
        ),
        (
            "Poor food on the ward",
            INF,
            "",
            0.8,
            ("p|the food on the ward was awful and she relied on {partner} bringing meals in",),
        ),
        (
            "Equipment missing or broken",
            INF,
            "",
            0.7,
            (
                "l|the birth pool was out of action so she could not use it",
                "p|there was no breast pump free when she needed one",
            ),
        ),
        (
            "No bed available",
            INF,
            "",
            1.0,
            (
                "l|she was sent home in early labour because there were no beds",
                "l|she waited {hrs} for a bed on the labour ward",
            ),
        ),
        (
            "Unsuitable temporary accommodation",
            INF,
            "migrant",
            0.8,
            (
                "p|she is in temporary accommodation with no kitchen, so she cannot sterilise bottles properly",
                "a|she has been moved between hotels during her pregnancy",
            ),
        ),
        (
            "No midwife clinic nearby",
            INF,
            "",
            0.8,
            ("a|there is no midwife clinic near her so every appointment is a trek",),
        ),
    ),
    "Staff pressure": (
        (
            "Staff too busy to help",
            INF,
            "",
            1.5,
            (
                "p|the midwives were run off their feet",
                "p|staff were too busy to help with feeding",
            ),
        ),
        (
            "Rushed appointments",
            INF,
            "",
            1.2,
            (
                "a|appointments felt rushed and like ticking boxes",
                "p|the home visit felt like a checklist and {mw} was already halfway out of the door",
            ),
        ),
        (
            "Staff visibly stressed",
            INF,
            "",
            1.0,
            (
                "l|you could see how stressed the staff were",
                "p|she felt sorry for the midwives, who were clearly exhausted",
            ),
        ),
        (
            "Did not want to bother busy staff",
            "",
            "",
            1.0,
            (
                "p|she did not want to bother them as they were so busy, but she needed help",
                "l|she understood they were busy but she still needed someone with her",
            ),
        ),
        (
            "Handover mid-labour",
            INF,
            "",
            0.6,
            ("l|the shift changed just as things got going and her new midwife had to catch up",),
        ),
        (
            "Discharge delayed by staffing",
            INF,
            "",
            0.8,
            ("p|she waited all day to be discharged because there was no one to do the checks",),
        ),
    ),
    "Worry/anxiety/mental health": (
        (
            "Anxious during pregnancy",
            "",
            "",
            1.5,
            (
                "a|she was very anxious throughout the pregnancy after a previous loss",
                "a|she worried constantly about {baby}'s movements",
            ),
        ),
        (
            "Low mood after the birth",
            "",
            "",
            1.2,
            (
                "p|she has struggled with low mood since the birth",
                "p|she has been very tearful and is not sleeping",
            ),
        ),
        (
            "Traumatic birth",
            "",
            "",
            1.0,
            (
                "l|the birth was traumatic and she still has flashbacks",
                "l|she found the birth very frightening and dreads doing it again",
            ),
        ),
        (
            "Mental health not asked about",
            COM,
            "",
            1.0,
            (
                "p|nobody asked about her mental health at the six-week check",
                "a|her history of depression was not picked up on",
            ),
        ),
        (
            "Afraid to admit she is struggling",
            "",
            "",
            0.8,
            (
                "p|she is scared to say she is struggling in case social services get involved",
                "p|she worries people will think she is not coping",
            ),
        ),
        (
            "Worried about the baby's health",
            "",
            "",
            1.0,
            (
                "p|she was worried sick when {baby} lost weight",
                "a|she was anxious waiting for the results of the growth scans",
            ),
        ),
        (
            "Money worries",
            "",
            "",
            0.8,
            (
                "a|money worries have made the pregnancy much more stressful",
                "p|the cost of formula and nappies is a constant worry",
            ),
        ),
        (
            "Fear of hospital after a previous birth",
            "",
            "multip",
            0.8,
            ("a|after her last birth she is frightened of going back to {hosp}",),
        ),
    ),
}

#: Per-code theme weights (care & support, barriers, judgement) where a code leans one way.
THEME_OVERRIDES: dict[str, tuple[float, float, float]] = {
    "Made to feel stupid for asking": (0.4, 0.0, 0.6),
    "Lost trust after mixed messages": (0.7, 0.0, 0.3),
    "Rude or dismissive staff": (0.4, 0.2, 0.4),
    "Talked about rather than to": (0.4, 0.1, 0.5),
    "Concerns brushed off": (0.5, 0.2, 0.3),
    "Afraid to admit she is struggling": (0.4, 0.2, 0.4),
    "Did not want to bother busy staff": (0.5, 0.3, 0.2),
    "Rushed appointments": (0.6, 0.25, 0.15),
    "Uncomfortable asking questions of strangers": (0.5, 0.3, 0.2),
    "Assumptions made about her circumstances": (0.2, 0.1, 0.7),
    "Cultural or religious needs not respected": (0.3, 0.3, 0.4),
    "Hard to get to appointments without a car": (0.3, 0.7, 0.0),
    "Interpreter not offered": (0.15, 0.85, 0.0),
    "Letters only in English": (0.2, 0.8, 0.0),
}

# ---------------------------------------------------------------- slots filled at random per note

SLOT_BANKS: dict[str, tuple[str, ...]] = {
    "mw": ("the midwife", "her midwife", "the community midwife", "her community midwife"),
    "dr": ("the consultant", "the doctor", "the registrar", "her consultant"),
    "hv": ("the health visitor", "her health visitor", "the HV"),
    "partner": ("her partner", "her husband", "the baby's dad", "her fiancé"),
    "hrs": ("over two hours", "nearly three hours", "most of the night", "hours", "over an hour"),
    "weeks": ("14 weeks", "15 weeks", "16 weeks", "nearly 18 weeks", "almost 20 weeks"),
    "bus": ("two buses", "a bus and a train", "three buses", "two buses each way"),
    "cs": ("a section", "an emergency section", "a caesarean", "an emergency c-section"),
    "when": ("last month", "a few weeks ago", "the week after the birth", "at short notice"),
}

#: PII variants (fictional) used in a minority of notes.
PII_STAFF = ("Grace", "Hannah", "Priya", "Bev", "Shona", "Kerry", "Joanne", "Chloe", "Funmi", "Magda", "Sian")
PII_STAFF_FORMS = ("midwife {name}", "a midwife called {name}", "{name} the midwife")
PII_DOCTORS = (
    "Dr Mensah",
    "Dr Okafor",
    "Dr Patel",
    "Dr Collins",
    "Dr Novak",
    "Dr Hughes",
    "Dr Rahman",
    "Dr Fraser",
)
PII_PARTNERS = {
    "ee": ("Tomasz", "Marius", "Adrian", "Andrei", "Lukas"),
    "black": ("Kwame", "Ola", "Emeka", "Tendai", "Kofi"),
    "asian": ("Arjun", "Imran", "Gurpreet", "Bilal", "Raj"),
    "other": ("Jamie", "Lewis", "Daniel", "Ryan", "Dean", "Sam"),
}
PII_PARTNER_FORMS = ("her husband {name}", "her partner {name}", "{name}, her partner")
MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

#: Sentences that carry PII when none of the chosen fragments used the PII slot.
PII_SENTENCES: dict[str, tuple[str, ...]] = {
    "mw": (
        "Said {mw} at the clinic was the one who finally sorted it.",
        "Mentioned {mw} by name more than once.",
        "Asked that {mw} be thanked.",
    ),
    "dr": ("Saw {dr} at the antenatal clinic.", "Was under {dr} for her blood pressure."),
    "partner": ("Came to the session with {partner}.", "Mentioned {partner} works nights."),
    "when": ("Baby was born {when}.", "Her next appointment is {when}."),
    "phone": (
        "Left her number ({phone}) for a call back about the group.",
        "Asked to be rung on {phone} about volunteering.",
        "Gave her mobile, {phone}, so the connector can send the timetable.",
    ),
}

# ---------------------------------------------------------------- note structure

#: Frames that introduce a sentence; "" means the fragment starts the sentence itself.
FRAMES = (
    "",
    "",
    "",
    "Said ",
    "She said ",
    "Said that ",
    "Told me ",
    "Felt ",
    "Felt that ",
    "Mentioned ",
    "Mentioned that ",
    "Explained that ",
    "Shared that ",
    "Says ",
    "Commented that ",
    "Was clear that ",
    "Added that ",
    "Also said ",
    "Pointed out that ",
    "Wanted us to know ",
    "Described how ",
)
CONTRAST = (
    " but ",
    ", but ",
    "; however, ",
    ", although ",
    ", though ",
    ". That said, ",
    " - but ",
    ", yet ",
)
ADDITIVE = (" and ", ", and ", "; also ", ". Also, ", " and on top of that ", ", plus ", "; ", ", and also ")

# Openers: "<tags>|<template>"; tags: born, preg, first, multip, migrant (all must hold).
OPENERS = (
    "born|Had her {ord} baby at {hosp} in {bmonth}.",
    "born|{Ord} baby, born at {hosp} {age} ago.",
    "born|Baby is {age} old and was delivered at {hosp}.",
    "born|Spoke to her at {venue_kind}; her {age_adj} is her {ord}.",
    "born multip|Mum of {kids}; the youngest was born at {hosp} in {bmonth}.",
    "born first|First-time mum, {baby} born at {hosp} in {bmonth}.",
    "born|Lives in {town}; gave birth at {hosp} {age} ago.",
    "born|{Ord} child, born {age} ago at {hosp}.",
    "born|Chatted at {venue_kind}. Had {baby} at {hosp} in {bmonth}, her {ord}.",
    "born first|New mum from {town}, baby {age} old, born at {hosp}.",
    "born|Gave birth at {hosp} in {bmonth}; this was her {ord}.",
    "born|Had {baby} at {hosp} {age} ago, her {ord} pregnancy.",
    "born|Met at {venue_kind} with her {age_adj}.",
    "born multip|Has {kids} children now, the baby born in {bmonth} at {hosp}.",
    "born first|Her first, a {age_adj}, born at {hosp}.",
    "born|Came to {venue_kind} with {baby}, who is {age} old.",
    "born|From {town}. Baby arrived in {bmonth} at {hosp}.",
    "born multip|Busy mum of {kids}; her youngest arrived at {hosp} {age} ago.",
    "born|Delivered at {hosp} in {bmonth}; {ord} baby.",
    "born|Was feeding {baby} while we talked; {ord} baby, born at {hosp}.",
    "born migrant|Moved to the UK from {country} {years} ago; had her {ord} baby at {hosp} in {bmonth}.",
    "born migrant|Originally from {country}. {Ord} baby, born at {hosp} in {bmonth}.",
    "born migrant|From {country}, has lived in {town} for {years}. Baby born in {bmonth} at {hosp}.",
    "born migrant multip|Had her older children in {country}; this one was born at {hosp} {age} ago.",
    "preg|Currently {gest} pregnant with her {ord}, booked at {hosp}.",
    "preg|Pregnant with her {ord}, due in {due}.",
    "preg|Expecting her {ord} baby in {due} and under {hosp}.",
    "preg|Spoke to her at {venue_kind}; she is {gest} pregnant.",
    "preg|Due in {due} with her {ord}; lives in {town}.",
    "preg first|First pregnancy, {gest} along, booked at {hosp}.",
    "preg multip|Pregnant again, due in {due}; her last baby was born at {hosp}.",
    "preg migrant|Arrived from {country} {years} ago and is now {gest} pregnant.",
    "preg migrant|From {country}; {gest} pregnant with her {ord}.",
)

# Uncoded context sentences: "<tags>|<text>".
FILLERS = (
    "|Lives in {town} with {partner}.",
    "|Came with a friend who also has a young baby.",
    "|Has been coming to {venue_kind} for a few weeks.",
    "born|Was happy to chat while {baby} slept.",
    "|Had a fairly straightforward pregnancy.",
    "|Had gestational diabetes this time.",
    "born|Had {cs} in the end.",
    "born|Was induced at 39 weeks.",
    "born|Labour was quick, only a few hours.",
    "born|Baby spent a few days in special care.",
    "born|Is breastfeeding and it is going well now.",
    "|Moved house during the pregnancy.",
    "multip|Talked while her older two played.",
    "|Her mum helps out a lot.",
    "|Works in a care home and is due back soon.",
    "born|Baby was born a little early, at 36 weeks.",
    "|Had a lot of sickness in the first few months.",
    "born|Went in with reduced movements and was kept in.",
    "|Wanted to share her story so things improve for others.",
    "|Heard about us from the group leader.",
    "migrant|Is still getting used to how the NHS works.",
    "|Asked lots of questions about the packs.",
    "born|Stayed in for three nights after the birth.",
    "born|Went home the same day.",
    "multip|Her eldest has just started school.",
)

#: How the note records the rating (must match the rating cell).
RATING_SENTENCES = (
    "Rated her care {r}/10.",
    "Gave her care {r} out of 10.",
    "Scored it {a_r}.",
    "Would give it {r}.",
    "{r}/10 overall.",
    "Overall {a_r}.",
    "Rating {r}.",
    "Put her care at {r} out of 10.",
    "Gave {a_r} when asked to rate her care.",
    "Her score: {r}.",
)
UNRATED_SENTENCES = (
    "Did not want to give a score.",
    "Didn't give a rating.",
    "Wasn't sure what score to give.",
    "Preferred not to put a number on it.",
)

# Closing remarks: "<tags>|<text>"; tags: lang (needs language support), worry (spoke of worry).
CLOSINGS = (
    "|Took an information pack.",
    "lang|Took a pack in {lang} for a friend.",
    "lang|Asked whether there are packs in {lang}.",
    "|Happy to be contacted again.",
    "|Signposted to the baby groups at the children's centre.",
    "|Gave her the MNVP details.",
    "|Passed on details of the breastfeeding café.",
    "|Interested in being a connector when she has more time.",
    "|Asked for the group timetable.",
    "|Will tell her friends about the packs.",
    "|Thanked us for listening.",
    "|Keen that her comments are passed on.",
    "|Wants to know what happens with the feedback.",
    "|Encouraged to contact PALS.",
    "worry|Given the number for the perinatal mental health team.",
    "worry|Talked through where to get support with her mood.",
    "|Took two packs for her sister-in-law.",
    "|Said she would come back next week.",
    "|Asked about the dates of the next drop-in.",
    "|Took a pack for her neighbour, who is pregnant.",
)

# ---------------------------------------------------------------- narrative context values

ORDINALS = ("first", "second", "third", "fourth", "fifth")
KIDS = ("two", "three", "four", "five")
BABIES = (
    ("her son", "him"),
    ("her daughter", "her"),
    ("the baby", "the baby"),
    ("baby", "baby"),
    ("her little boy", "him"),
    ("her little girl", "her"),
)
YEARS = ("two years", "eighteen months", "a few years", "five years", "eight months", "a year")
NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
)

#: Provider (template value) -> short name used in notes.
PROVIDERS = {
    "Darent Valley Hospital": "Darent Valley",
    "Medway Maritime Hospital": "Medway",
    "King's College Hospital": "King's",
    "Queen Mary's Hospital Sidcup": "Queen Mary's",
    "Princess Royal University Hospital": "the PRU",
}

#: Where (roughly) places in the footprint are, for naming venues and home areas. Locality, lon, lat.
PLACES: dict[str, tuple[str, float, float]] = {
    "Dartford": ("Dartford", 0.216, 51.446),
    "Temple Hill": ("Dartford", 0.232, 51.452),
    "Joyce Green": ("Dartford", 0.225, 51.458),
    "Stone": ("Dartford", 0.262, 51.447),
    "Greenhithe": ("Dartford", 0.283, 51.450),
    "Swanscombe": ("Dartford", 0.310, 51.447),
    "Ebbsfleet": ("Dartford", 0.318, 51.436),
    "Wilmington": ("Dartford", 0.201, 51.431),
    "Joydens Wood": ("Dartford", 0.176, 51.435),
    "Darenth": ("Dartford", 0.250, 51.425),
    "Sutton-at-Hone": ("Dartford", 0.237, 51.410),
    "Bean": ("Dartford", 0.281, 51.421),
    "Longfield": ("Dartford", 0.301, 51.396),
    "Gravesend": ("Gravesham", 0.370, 51.441),
    "Northfleet": ("Gravesham", 0.337, 51.443),
    "Rosherville": ("Gravesham", 0.352, 51.446),
    "Perry Street": ("Gravesham", 0.345, 51.434),
    "Kings Farm": ("Gravesham", 0.367, 51.424),
    "Riverview Park": ("Gravesham", 0.390, 51.423),
    "Singlewell": ("Gravesham", 0.379, 51.414),
    "Denton": ("Gravesham", 0.392, 51.437),
    "Chalk": ("Gravesham", 0.410, 51.433),
    "Higham": ("Gravesham", 0.463, 51.412),
    "Istead Rise": ("Gravesham", 0.357, 51.402),
    "Meopham": ("Gravesham", 0.358, 51.375),
    "Painters Ash": ("Gravesham", 0.330, 51.430),
    "Coldharbour": ("Gravesham", 0.340, 51.425),
    "Swanley": ("Swanley", 0.173, 51.397),
    "Hextable": ("Swanley", 0.181, 51.411),
    "Crockenhill": ("Swanley", 0.163, 51.383),
    "White Oak": ("Swanley", 0.180, 51.392),
}

#: Ethnicity -> countries a woman who came to the UK as an adult may be from, with the language
#: she may need support in and a weight. English means no language support needed.
ORIGINS: dict[str, tuple[tuple[str, str, float], ...]] = {
    "Other White": (
        ("Poland", "Polish", 4),
        ("Romania", "Romanian", 3),
        ("Lithuania", "Lithuanian", 2),
        ("Bulgaria", "Bulgarian", 1),
        ("Latvia", "Latvian", 1),
        ("Portugal", "Portuguese", 1),
    ),
    "Roma": (("Romania", "Romanian", 3), ("Slovakia", "Slovak", 1)),
    "African": (
        ("Ghana", "Twi", 3),
        ("Nigeria", "Yoruba", 3),
        ("Zimbabwe", "Shona", 1),
        ("Somalia", "Somali", 1),
        ("Eritrea", "Tigrinya", 1),
        ("Angola", "Portuguese", 1),
    ),
    "Other Black": (("Sudan", "Arabic", 1), ("Eritrea", "Tigrinya", 1), ("Ghana", "Twi", 1)),
    "Caribbean": (("Jamaica", "English", 1),),
    "Indian": (("India", "Punjabi", 3), ("India", "Gujarati", 1)),
    "Pakistani": (("Pakistan", "Urdu", 3), ("Pakistan", "Punjabi", 1)),
    "Bangladeshi": (("Bangladesh", "Bengali", 1),),
    "Other Asian": (
        ("Nepal", "Nepali", 3),
        ("Sri Lanka", "Tamil", 1),
        ("Afghanistan", "Dari", 1),
        ("the Philippines", "Tagalog", 1),
    ),
    "Chinese": (("Hong Kong", "Cantonese", 2), ("China", "Mandarin", 1)),
    "Arab": (("Syria", "Arabic", 2), ("Iraq", "Arabic", 1), ("Sudan", "Arabic", 1), ("Yemen", "Arabic", 1)),
    "Any other ethnic group": (
        ("Iran", "Farsi", 2),
        ("Brazil", "Portuguese", 2),
        ("Turkey", "Turkish", 1),
        ("Colombia", "Spanish", 1),
    ),
    "White Irish": (("Ireland", "English", 1),),
}

# ---------------------------------------------------------------- venues

#: Venue kinds: key -> (venue_type, name patterns, ethnicity profile, pack languages with
#: probabilities, how notes refer to it, usual weekday (0=Mon) or None, locality weights D/G/S).
VENUE_KINDS: dict[str, tuple] = {
    "childrens_centre": (
        "Children's centre",
        ("{place} Children's Centre", "{place} Family Hub", "{place} Early Years Centre"),
        "general",
        {"polish": 0.5, "romanian": 0.3, "punjabi": 0.3, "twi": 0.15},
        ("the children's centre", "the family hub"),
        None,
        (0.4, 0.45, 0.15),
    ),
    "baby_group": (
        "Mother and baby group",
        (
            "St {saint}'s {day} Toddlers",
            "{place} Bumps and Babies",
            "{place} Baby Bounce",
            "{day} Stay and Play, {place}",
            "Little Acorns {place}",
            "{place} Breastfeeding Café",
            "{place} Rhyme and Play",
        ),
        "general",
        {"polish": 0.3, "romanian": 0.2},
        ("the baby group", "the stay and play", "the toddler group"),
        "day",
        (0.4, 0.45, 0.15),
    ),
    "church": (
        "Faith group",
        (
            "St {saint}'s Church Parents' Morning",
            "{place} Baptist Church Mums",
            "{place} Methodist Coffee Morning",
        ),
        "general",
        {"polish": 0.2},
        ("the church group", "the coffee morning"),
        2,
        (0.4, 0.45, 0.15),
    ),
    "african_church": (
        "Faith group",
        (
            "{place} Kingdom Light Assembly",
            "Living Waters Fellowship {place}",
            "{place} Harvest of Grace Chapel",
        ),
        "african",
        {"twi": 0.9, "portuguese": 0.4},
        ("church", "the church women's fellowship"),
        6,
        (0.5, 0.5, 0.0),
    ),
    "polish_mission": (
        "Faith group",
        ("Polish Catholic Community, {place}", "{place} Polish Parish Families"),
        "ee",
        {"polish": 1.0, "lithuanian": 0.4},
        ("the Polish mass", "church"),
        6,
        (0.5, 0.4, 0.1),
    ),
    "romanian_parish": (
        "Faith group",
        ("{place} Romanian Orthodox Parish", "Romanian Community Church, {place}"),
        "ee",
        {"romanian": 1.0},
        ("church", "the parish coffee morning"),
        6,
        (0.5, 0.5, 0.0),
    ),
    "mosque": (
        "Faith group",
        ("{place} Masjid Sisters' Circle", "{place} Islamic Centre Women's Group"),
        "muslim",
        {"urdu": 0.9, "arabic": 0.7},
        ("the sisters' circle", "the mosque women's group"),
        4,
        (0.4, 0.6, 0.0),
    ),
    "gurdwara": (
        "Faith group",
        ("{place} Gurdwara Ladies' Group", "{place} Sikh Sangat Mothers' Group"),
        "sikh",
        {"punjabi": 1.0},
        ("the gurdwara", "the ladies' group at the gurdwara"),
        6,
        (0.15, 0.85, 0.0),
    ),
    "mandir": (
        "Faith group",
        ("{place} Hindu Mandir Mothers' Group",),
        "indian",
        {"punjabi": 0.4},
        ("the mandir", "the mothers' group at the temple"),
        6,
        (0.5, 0.5, 0.0),
    ),
    "nepali_temple": (
        "Faith group",
        ("{place} Nepali Community Temple", "{place} Buddhist Vihara Families"),
        "nepali",
        {"nepali": 1.0},
        ("the temple", "the Nepali community group"),
        5,
        (0.3, 0.4, 0.3),
    ),
    "clinic": (
        "Clinic",
        ("{place} Midwife Clinic", "{place} Baby Weighing Clinic", "{place} Health Centre Antenatal Clinic"),
        "general",
        {"polish": 0.4, "romanian": 0.3, "urdu": 0.2},
        ("the baby clinic", "the midwife clinic", "the weighing clinic"),
        None,
        (0.4, 0.45, 0.15),
    ),
    "library": (
        "Library",
        ("{place} Library", "{place} Library Rhyme Time"),
        "general",
        {"polish": 0.3},
        ("rhyme time at the library", "the library"),
        "day",
        (0.4, 0.45, 0.15),
    ),
    "food_bank": (
        "Food bank",
        ("{place} Food Bank", "{place} Community Pantry", "{place} Baby Bank"),
        "core20",
        {"polish": 0.6, "romanian": 0.6, "lithuanian": 0.3, "arabic": 0.4, "portuguese": 0.3},
        ("the food bank", "the pantry"),
        "day",
        (0.4, 0.45, 0.15),
    ),
    "community_centre": (
        "Community centre",
        ("{place} Community Centre", "{place} Community Hub", "{place} Women's Wellbeing Café"),
        "general",
        {"polish": 0.4, "punjabi": 0.3, "urdu": 0.2, "twi": 0.2},
        ("the community centre", "the coffee morning"),
        None,
        (0.4, 0.45, 0.15),
    ),
    "african_network": (
        "Community centre",
        ("{place} African Women's Network", "{place} Ghanaian Community Association"),
        "african",
        {"twi": 1.0, "portuguese": 0.3},
        ("the women's network", "the community association"),
        5,
        (0.4, 0.6, 0.0),
    ),
    "ee_club": (
        "Community centre",
        ("{place} Eastern European Family Club", "{place} Polish Saturday School Parents"),
        "ee",
        {"polish": 1.0, "romanian": 0.5, "lithuanian": 0.6},
        ("the family club", "the Saturday school"),
        5,
        (0.4, 0.5, 0.1),
    ),
    "esol": (
        "Other",
        ("{place} ESOL Class", "{place} English Conversation Club"),
        "migrant",
        {"arabic": 0.6, "romanian": 0.5, "polish": 0.4, "nepali": 0.4, "urdu": 0.4, "portuguese": 0.4},
        ("the English class", "the conversation club"),
        "day",
        (0.4, 0.5, 0.1),
    ),
    "refugee": (
        "Other",
        ("{place} Refugee Support Drop-in", "{place} Welcome Café"),
        "migrant",
        {"arabic": 0.9, "portuguese": 0.3, "twi": 0.2},
        ("the welcome café", "the drop-in"),
        "day",
        (0.4, 0.6, 0.0),
    ),
    "leisure": (
        "Other",
        ("{place} Leisure Centre Crèche",),
        "general",
        {},
        ("the crèche", "the leisure centre"),
        None,
        (0.4, 0.4, 0.2),
    ),
}
#: Share of venues of each kind.
VENUE_KIND_SHARES = {
    "childrens_centre": 0.17,
    "baby_group": 0.19,
    "church": 0.05,
    "african_church": 0.05,
    "polish_mission": 0.03,
    "romanian_parish": 0.02,
    "mosque": 0.035,
    "gurdwara": 0.035,
    "mandir": 0.02,
    "nepali_temple": 0.02,
    "clinic": 0.10,
    "library": 0.06,
    "food_bank": 0.07,
    "community_centre": 0.06,
    "african_network": 0.02,
    "ee_club": 0.02,
    "esol": 0.025,
    "refugee": 0.015,
    "leisure": 0.01,
}
SAINTS = ("Aidan", "Botolph", "Mary", "Alban", "Edmund", "Mark", "Hilda", "Cuthbert", "Anne", "Faith")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
NO_VENUE_KINDS = ("a community event", "the school gates", "the park", "a coffee morning", "a phone call")

# ---------------------------------------------------------------- engagement log notes

ENGAGEMENT_NOTES: dict[str, tuple[str, ...]] = {
    "Pack drop-off": (
        "First visit; left packs with {contact}.",
        "Introduced the project to {contact} and left a starter box of packs.",
        "Set up a leaflet rack by reception.",
        "Left packs on the welcome table.",
        "Dropped packs off and agreed to come back for a group session.",
        "{contact} happy to keep packs on display.",
    ),
    "Pack restock": (
        "Restocked the rack; {n} packs gone since last visit.",
        "Rack empty again - packs going fast.",
        "Topped up {lang} packs; {contact} asked for more.",
        "Restocked, quieter week.",
        "Packs running low, left extra.",
        "Restocked the rack by reception.",
        "All the {lang} packs had gone.",
        "Swapped in the updated key contacts sheet.",
    ),
    "Group visit": (
        "Chatted with mums during the session.",
        "Busy session, lots of new babies.",
        "Spoke to the group about the information packs.",
        "Quiet group this week.",
        "Stayed for the whole session, good conversations.",
        "Several mums keen to share their experiences.",
        "New leader at the group; introduced the project.",
        "Half term, fewer families than usual.",
    ),
    "Drop-in session": (
        "Set up a table in the waiting area.",
        "Drop-in alongside the weighing clinic.",
        "Steady stream of mums.",
        "Few people about; wet weather.",
        "Table by the entrance, good footfall.",
        "Shared the room with the breastfeeding peer supporters.",
    ),
    "Community event": (
        "Stall at the {event}.",
        "Shared a table with the health visiting team at the {event}.",
        "Lots of interest in the packs at the {event}.",
        "Busy {event}; ran out of packs.",
    ),
    "Follow-up visit": (
        "Followed up with {contact} about feedback.",
        "Checked in with the connector.",
        "Went back to share what happens with the feedback.",
        "Caught up with {contact}; asked about translated packs.",
        "Follow-up on a question from last week.",
    ),
}
CONTACTS = (
    "the centre manager",
    "the group leader",
    "reception staff",
    "the volunteer coordinator",
    "the women's group organiser",
    "the family worker",
    "the librarian",
)
EVENTS = (
    "summer fun day",
    "family fun day",
    "health fair",
    "community picnic",
    "baby massage taster",
    "open day",
)
#: Events that fit a particular kind of venue (added to the general ones).
KIND_EVENTS = {
    "church": ("Christmas fair", "harvest supper"),
    "african_church": ("harvest thanksgiving", "Black History Month event"),
    "african_network": ("Black History Month event", "Ghana Independence Day party"),
    "polish_mission": ("Wigilia Christmas supper", "parish picnic"),
    "romanian_parish": ("Easter gathering", "parish picnic"),
    "mosque": ("Eid party", "iftar evening"),
    "gurdwara": ("Vaisakhi celebration", "langar open day"),
    "mandir": ("Diwali celebration", "Navratri evening"),
    "nepali_temple": ("Dashain celebration", "Tihar celebration"),
    "ee_club": ("family picnic", "Christmas party"),
    "refugee": ("welcome lunch",),
    "esol": ("end of term lunch",),
}
