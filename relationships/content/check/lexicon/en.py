"""English: the word families the tactic shapes are written in, each tactic's idioms, the
explanations shown with flags, and the phrases the other rules look for."""

from __future__ import annotations

import re

from relationships.content.check.lexicon import Lexicon

_NUM = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a few|a handful of"
    r"|a couple(?: of)?|few|very few|not many|limited)"
)


_SPOTS = (
    r"(?:spots?|seats?|places?|openings?|spaces?|slots?|tickets?|copies|positions?"
    r"|vacanc(?:y|ies)|invitations?|memberships?|rooms?|beds?|days?|hours?)"
)


_SPOTS_NO_TIME = r"(?:spots?|seats?|places?|openings?|spaces?|slots?|tickets?|copies|positions?)"


_TIME_UNIT = r"(?:hours?|hrs?|days?|minutes?|mins?|weeks?)"


_WEEKDAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"


_OFFER_NOUN = (
    r"(?:offers?|sales?|discounts?|deals?|prices?|pricing|rates?|enrol?lment|enrolments?"
    r"|registration|doors|cart|bonus(?:es)?|early[- ]?bird|coupons?|codes?|promo(?:tion)?s?"
    r"|specials?|waitlist|application(?:s| window)?|window)"
)


_DEADLINE = (
    rf"(?:tonight|today|tomorrow|at midnight|midnight(?: tonight)?|this (?:weekend|week|{_WEEKDAY})"
    rf"|(?:on )?{_WEEKDAY}|in (?:just |only )?\d+ {_TIME_UNIT}|within \d+ {_TIME_UNIT}|soon"
    rf"|shortly)"
)


_BUY_VERB = (
    r"(?:act|buy|order|book|join|enrol?l?|sign up|register|grab|claim|secure|lock in|reserve"
    r"|apply|purchase|shop|snag|upgrade|invest|get (?:it|yours|access|started|instant access)"
    r"|pay|complete your (?:payment|purchase|order|enrol\w*|registration))"
)


_PRODUCT = (
    r"(?:program(?:me)?|course|coaching|membership|mastermind|academy|bootcamp|challenge"
    r"|intensive|package|masterclass|cohort|retreat|bundle|offer|group|community|training"
    r"|accelerator|circle|vip day|club)"
)


# ---- Idioms: what each tactic says in one set way -------------------------------------------

SCARCITY_IDIOMS = (
    (
        rf"\b(?:only|just|exactly)\s+(?:(?:have|has|got|taking|accepting|opening(?: up)?|offering"
        rf"|have room for)\s+)?{_NUM}\s+(?:[a-z-]+\s+){{0,2}}{_SPOTS_NO_TIME}"
        rf"(?:\s+(?:left|remaining|available|still open))?\b"
        rf"|\b(?:only|just|exactly)\s+(?:take|taking|accept|accepting|opening(?: up)?"
        rf"|have room for|letting in|work with|working with)\s+{_NUM}"
        rf"\s+(?:[a-z-]+\s+)?(?:people|clients|students|members|participants|women|men|coaches)\b",
        "Counting down the places left pushes a decision through scarcity.",
        "Say plainly how you work (e.g. 'I work with a small number of clients at a time') "
        "and let them decide when it's right.",
    ),
    (
        rf"\b{_NUM}\s+(?:[a-z-]+\s+)?{_SPOTS}\s+(?:left|remaining|remain|to go|still (?:open"
        rf"|available))\b",
        "A countdown of what's left rushes the reader.",
        "Drop the countdown; describe what the next step involves instead.",
    ),
    (
        rf"\b(?:last|final)\s+(?:{_NUM}\s+)?(?:[a-z-]+\s+)?{_SPOTS_NO_TIME}\b",
        "'The last places' is scarcity pressure.",
        "Leave availability out, or state it once as plain information.",
    ),
    (
        rf"\b{_SPOTS_NO_TIME}\s+(?:are\s+|is\s+)?(?:filling|going|selling"
        rf"|disappearing)\s+(?:up\s+)?"
        r"(?:fast|quickly)|\b(?:filling|selling)\s+(?:up\s+)?(?:fast|quickly)\b"
        r"|\b(?:almost|nearly|about to be|will be)\s+(?:full|gone|sold out|fully booked"
        r"|at capacity)\b"
        r"|\bsell(?:s|ing)? out\b|\bwhile (?:supplies|stocks?|spots|seats|places|they) last\b"
        r"|\b(?:won't|will not|wont) (?:last|stay open|stay available|be around)"
        r"(?: (?:for )?long)?\b"
        rf"|\b(?:the |my |our )?remaining (?:few )?{_SPOTS_NO_TIME}\b",
        "Telling people it's about to run out is scarcity pressure.",
        "Remove the 'selling fast' language; if there really is a limit, state it once, calmly.",
    ),
    (
        r"\bbefore (?:it's|it is|they're|they are|it's all|everything is) (?:gone|sold out|taken)\b"
        r"|\bonce (?:it's|they're|it is|they are|they've|it has) (?:gone|full|filled)\b"
        r"|\bgone for good\b|\bnever (?:be )?(?:offered|available|repeated) again\b"
        r"|\b(?:will|won't|will not) be (?:repeated|offered again|available again)\b"
        r"|\b(?:won't|will not|never) (?:be )?(?:offer|open|run|repeat)\w* (?:this|these|it|them)?"
        r" ?again\b|\b(?:book|sell|fill)(?:s|ed)? (?:out|up) (?:within|in) (?:hours|minutes|days"
        r"|a day|a few (?:hours|days))\b"
        r"|\bbefore someone else\b|\b(?:given|released|passed|offered) to (?:someone|the next"
        r" person|another|the waiting list)\b",
        "'Before it's gone' makes the reader fear losing out.",
        "Let the offer stand on what it gives; drop the loss framing.",
    ),
    (
        r"\blimited[- ](?:availability|spots|seats|places|quantity|edition|enrol?lment|run)\b"
        rf"|\b(?:availability|space|{_SPOTS_NO_TIME}) (?:is|are) (?:very |strictly )?limited\b"
        rf"|\blimited (?:number|amount) of (?:[a-z-]+ )?{_SPOTS_NO_TIME}\b"
        r"|\bfirst[ -]come,? first[ -]served?\b"
        r"|\b(?:the )?first \d+ (?:people|buyers|clients|members|signups|sign-ups|to (?:join|book"
        r"|sign|register|enrol|buy|reply|claim))\b",
        "'Limited places' and 'first come' frame the email around scarcity.",
        "Describe what's on offer and who it suits; availability can wait for the conversation.",
    ),
)


# What a chance is for when it is an offer's ("last chance to join"); a chance to do
# anything else ("last chance to enjoy the light evenings") is about that thing.
_OFFER_ACT = (
    "join|buy|book|get|grab|claim|save|enrol|enroll|register|sign|secure|apply|lock|reserve"
    "|order|be part|jump|start|work|say yes|come|take part"
)


URGENCY_IDIOMS = (
    (
        # a door open for a few hours or days, then shut again
        r"\b(?:re)?opens? (?:again )?(?:\w+ )?for (?:just |only )?(?:\d+|one|two|three|four|five"
        r"|seven|a few|forty-eight|seventy-two) (?:hours?|days?)\b"
        r"|\b(?:re)?opens? (?:again )?(?:\w+ ){0,2}for (?:just |only )?(?:one|two|a single)"
        r" weeks?\b"
        r"|\b(?:then|after that|and then) it's (?:shut|closed|gone) (?:again )?(?:until|till)\b",
        "A door that opens for a few hours and shuts again is a clock meant to rush the decision.",
        "Say when it runs and who it suits; if the next chance is in spring, say so calmly.",
    ),
    (
        # "Limited time" alone is ordinary ("with limited time, pick one thing"); as an offer
        # it comes with offer words.
        r"\blimited[- ]time (?:offer|only|deal|discount|price|pricing|bonus|sale|access|special)"
        r"|\blimited[- ](?:offer|window)\b|\bfor a (?:limited|short) (?:time|period|while)"
        r"(?: only)?\b",
        "'Limited time' frames the email around a clock.",
        "Describe what's on offer and who it suits; let them take the time they need.",
    ),
    (
        rf"\b{_OFFER_NOUN}\s+(?:(?:is|are|will|officially|will be)\s+)?(?:clos(?:e|es|ing)|shut(?:s"
        rf"|ting)?"
        r"|end(?:s|ing)?|expir(?:e|es|ing)|disappear(?:s|ing)?|vanish(?:es|ing)?|go(?:es)? away"
        r"|go(?:es)? (?:back )?up|increas(?:e|es|ing)|rise|rises|runs? out)\b"
        r"|\b(?:clos(?:e|es|ing)|shut(?:s|ting)?) (?:the )?(?:doors|cart|enrol?lment"
        r"|registration)\b"
        rf"|\b{_OFFER_NOUN} (?:is |are )?(?:only )?(?:valid|available|good|open) (?:until|till"
        r"|through|for (?:\d+|one|two|three|a few) (?:more )?(?:hours?|days?))\b",
        "A closing offer or rising price is a deadline meant to rush the decision.",
        "Leave deadlines out of nurture emails; if a date matters, mention it once, calmly.",
    ),
    (
        rf"\b(?:ends?|ending|closes?|closing|expires?|expiring|goes up|disappears)\s+{_DEADLINE}\b",
        "A deadline that's hours or days away pushes a rushed decision.",
        "Drop the deadline, or give it once as plain information after the value.",
    ),
    (
        rf"\b\d+\s+{_TIME_UNIT}\s+(?:left|to go|remaining)\b|\b(?:today|tonight|this weekend"
        rf"|this week|(?:\d+|one|two|three|a few) (?:more )?(?:hours?|days?)) only\b"
        rf"|\bnext \d+ hours only\b|\bflash sale\b"
        r"|\b(?:the )?(?:clock|timer) is ticking\b|\btime is running out\b|\brunning out of time\b"
        r"|\btick[- ]tock\b|\bcountdown (?:is on|begins|has started)\b|\bnow or never\b"
        r"|\bbefore (?:the )?prices? (?:go(?:es)?|rises?|increases?|changes?)\b"
        r"|\b(?:fast|early)[- ]action bonus(?:es)?\b"
        rf"|\bonly (?:until|till) (?:{_WEEKDAY}|tonight|tomorrow|midnight|the end of)\b"
        r"|\bonly available (?:to|for|on|until|during|while)\b",
        "A ticking clock is pressure, not information.",
        "Remove the countdown; give people the time they need to decide.",
    ),
    (
        r"\b(?:last|final) (?:chance|call|opportunity|notice|warning|countdown|hours?|day to"
        r"|days to"
        r"|few hours)\b"
        # "last chance to enjoy the light evenings" is about the evenings, not an offer
        rf"(?! to (?!(?:{_OFFER_ACT})\b))"
        r"|\b(?:your|the) (?:one|only) (?:chance|shot|opportunity)\b"
        r"|\b(?:once[- ]in[- ]a[- ]lifetime|opportunity of a lifetime)\b"
        r"|\b(?:one|only)[- ](?:time|off) (?:offer|opportunity|deal)\b",
        "'Last chance' framing pressures the reader to act before they're ready.",
        "Make it clear the door stays open: 'whenever you're ready, I'm here'.",
    ),
    (
        rf"\b{_BUY_VERB}\s+(?:(?:it|yours|this|now|up|in|here|free|for free|your [a-z-]+|a [a-z-]+"
        r"|the [a-z-]+|us|my [a-z-]+)\s+){0,2}(?:now|right now|immediately|asap|at once|right away"
        r"|before it's too late|while (?:you )?(?:still )?can)\b"
        r"|\b(?:start|begin) your (?:transformation|journey) (?:today|now)\b"
        rf"|\b(?:act|buy|order|book|join|enrol?l?|sign up|register|grab|claim|secure|reserve|apply)"
        r"\s+(?:(?:it|yours|this|up|your [a-z-]+|a [a-z-]+|the [a-z-]+|us|my [a-z-]+)\s+){0,2}"
        r"today\b|\bact (?:fast|quickly|now|today|immediately)\b",
        "'Act now' pressures the reader to decide on your timeline, not theirs.",
        "Invite rather than push: 'If this feels right, here's how to start — whenever suits you.'",
    ),
    (
        r"\bdon't (?:delay|wait any longer|wait another"
        r"|wait too long|wait until it's too late)\b|\bdon't wait\b(?=\s*(?:[!.;]|$))|\b(?:rush"
        r"|hurry) (?:in|over|now)\b"
        rf"|\b{_BUY_VERB}\b[^.!?\n]{{0,40}}\b(?:(?:before|by|until) (?:midnight|tonight|tomorrow"
        rf"|{_WEEKDAY}|the (?:weekend|deadline))|within \d+ (?:hours?|days?))\b"
        r"|\bcan(?:'t|not|only) hold\b",
        "Hurrying the reader is pressure.",
        "Take the time pressure out; the right people will still say yes.",
    ),
    (
        r"\bwhat are you (?:still )?waiting for\b|\bwhy (?:are you )?(?:still )?wait(?:ing)?\b"
        r"|\b(?:there's|there is) no (?:reason|excuse|time) to wait\b|\bno (?:better|more) time\b",
        "'What are you waiting for?' pressures instead of inviting.",
        "Ask an open question about their situation instead.",
    ),
)


FEAR_IDIOMS = (
    (
        r"\b(?:you'll|you will|you'd|you're going to) (?:be )?kick(?:ing)? yourself\b",
        "'You'll be kicking yourself' plays on the regret of saying no.",
        "Say what the reader gains and let them weigh it themselves.",
    ),
    (
        r"\bcan(?:'t|not) afford (?:not )?to(?:\s+(?:miss|ignore|wait|pass|skip|lose|stay|keep"
        r"|delay"
        r"|say no|let|put))?\b",
        "'You can't afford to miss' plays on fear of loss.",
        "Say what the reader gains and let them weigh it themselves.",
    ),
    (
        r"\b(?:don't|do not|you (?:don't|won't|wouldn't) want to|you'll not want to) miss(?: out|"
        r" this| it| your| the (?:deadline|boat|train)"
        # "don't miss the chance to thank the people who did the work" is advice
        rf"| the (?:chance|opportunity)(?! to (?!(?:{_OFFER_ACT})\b)))\b"
        r"|\b(?:you'll|you will|you'd|you're going to|you might|to|you'll be) miss(?:ing)? out\b"
        r"|\b(?:you'll|you will|you're going to) miss (?:it|this|your chance|the (?:boat|chance"
        r"|opportunity))\b"
        r"|\bnot to be missed\b|\bI'd hate (?:for you|to see you|to think)\b",
        "Fear of missing out is pressure, not a reason.",
        "Describe what's useful about it; people who need it won't want to miss it.",
    ),
    (
        r"\b(?:you'll|you will|you're going to|you'd|you may|you might|don't want to) regret\b"
        r"|\bkick (?:yourself|yourselves)\b|\b(?:before|until) it's too late\b",
        "Threatening regret is a fear tactic.",
        "Let them choose freely; name the benefit, not the regret.",
    ),
    (
        r"\bif you (?:don't|do not|won't|never|fail to) (?:act|take action|join|buy|sign up|invest"
        r"|decide|commit|book|enrol?l?|take this step|say yes|change (?:something|anything)"
        r"|do this)\b"
        r"|\bif you (?:keep|continue|go on) (?:waiting|putting (?:it|this) off|delaying)\b"
        r"|\bif you (?:wait|delay|hesitate)(?: any longer| too long)?,"
        r"|\b(?:every|each) (?:day|week|month|year|minute) (?:you (?:wait|delay|hesitate|don't act"
        r"|put (?:it |this )?off)|of waiting)\b|\bthe longer you wait\b"
        r"|\b(?:wishing|wish) you(?:'d| had) (?:started|acted|joined|done it|said yes)\b"
        r"|\bhow (?:much )?longer (?:are you going to|will you|can you)\b"
        r"|\benough (?:is|was) enough\b"
        r"|\bkeep getting what you(?:'ve| have|'re)? (?:always )?(?:got|gotten|getting)\b"
        r"|\bcost of (?:waiting|inaction|doing nothing|staying stuck)\b",
        "Warning of what happens 'if you don't act' is a fear tactic.",
        "Acknowledge that waiting is a valid choice; share what you offer, not what they'll lose.",
    ),
    (
        r"\bdo you want to (?:keep|continue|stay|remain) (?:struggling|stuck|suffering|broke"
        r"|overwhelmed"
        r"|where you are)\b|\b(?:stay|remain|keep) stuck (?:forever|for another|another)\b"
        r"|\b(?:don't |do not )?(?:let|letting) (?:another|one more) (?:year|month|week|day"
        r"|opportunity)\b"
        r"|\b(?:another|one more) (?:year|month) (?:slip|slips|go by|goes by|pass|passes|wasted)\b"
        r"|\bbe(?:ing)? left behind\b",
        "Painting the reader as stuck or left behind uses fear to sell.",
        "Reflect their situation with empathy and offer help without the fear.",
    ),
)


GUILT_IDIOMS = (
    (
        r"\b(?:are|if) you(?:'re| are)? (?:really |truly |actually )?(?:serious|committed) (?:about"
        r"|to)\b"
        r"|\bhow (?:serious|committed|badly) (?:are you|do you want)\b"
        r"|\b(?:or )?(?:are )?you (?:just )?(?:playing|dabbling|making excuses)\b"
        r"|\b(?:no more|stop making|keep making|still making|just) excuses\b"
        r"|\bwanting (?:it )?(?:isn't|is not) enough\b|\byou owe it to\b"
        r"|\byour (?:family|kids|children|partner) (?:deserves?|are counting|is counting"
        r"|need you to)\b"
        r"|\b(?:successful|serious|smart|winning) people (?:don't|never|always|invest|act"
        r"|take action"
        r"|decide)\b|\bpeople who (?:succeed|win|make it) (?:are|invest|act|don't)\b"
        r"|\bis (?:that|this) (?:really )?what you want\b|\bdon't you (?:deserve|want|owe)\b"
        r"|\b(?:stop|quit) (?:playing small|settling)\b|\bsettling for less\b",
        "Questioning the reader's commitment is guilt-tripping.",
        "Assume good faith: they know their priorities better than any email does.",
    ),
    (
        r"\b(?:I|we) noticed you (?:opened|clicked|looked|visited|viewed|haven't|didn't|still)\b"
        r"|\b(?:you )?(?:still )?haven't (?:joined|bought|signed up|enrolled|booked|taken action"
        r"|purchased|registered|claimed|grabbed|invested)\b"
        r"|\byou(?:'ve| have) been (?:ignoring|avoiding) (?:me|my|our|these|this email)\b"
        r"|\b(?:most|other) people (?:will|would) (?:ignore|scroll|delete|keep)\b"
        r"|\bdon't be (?:most people|like (?:everyone|them|the rest)|one of (?:those|them)"
        r"|the (?:only )?one)\b|\bthis is (?:the|your) moment\b"
        r"|\bat your (?:own )?(?:peril|risk)\b"
        r"|\bthis is the last time I(?:'ll| will) (?:ask|reach out|email|write|mention|offer)\b"
        r"|\bnow is (?:the|your) (?:time|moment|chance) to (?:buy|join|invest|enrol?l?|act|commit"
        r"|sign up|decide|book)\b|\bthis is your sign\b",
        "Guilt and shame about not having bought yet damage trust.",
        "Drop the guilt; a gentle 'still here if you need me' keeps the relationship.",
    ),
)


SOCIAL_PROOF_IDIOMS = (
    (
        r"\b(?:everyone|everybody|others|your (?:peers|competitors|colleagues)) (?:else )?"
        r"(?:is|are) (?:already )?(?:seeing results|getting ahead|moving ahead|joining|signing up"
        r"|ahead of you|winning)\b",
        "Telling the reader everyone else is ahead uses other people as pressure.",
        "Tell one person's story, with their permission, and let the reader judge for themselves.",
    ),
    (
        r"\bjoin (?:over |more than )?\d[\d,]*\+? "
        r"(?:other |happy )?(?:people|coaches|women|men|students|clients|members|leaders)\b"
        r"|\b(?:thousands|hundreds|millions)"
        r" (?:of [a-z]+ )?(?:have )?(?:already )?(?:transformed|changed|used|joined|trusted)\b"
        r"|\b(?:over |more than )?(?:\d[\d,]*\+?|dozens|hundreds|thousands) (?:of )?(?:other )?"
        r"(?:people|coaches|women|men|students|clients|members|leaders|managers)? ?(?:have )?"
        r"(?:already )?(?:registered|joined|signed up|enrolled|bought|showed up|attended)\b"
        r"|\bhelped (?:over |more than )?(?:\d[\d,]*\+?|dozens|hundreds|thousands|millions)\b"
        r"|\bif (?:she|he|they|I|[A-Z][a-z]+) can do it,? so can you\b",
        "A crowd of buyers is social proof used as pressure.",
        "Talk about one real person's experience, told with their permission.",
    ),
)


# What a guarantee promises when it promises a result ("guaranteed to work").
_RESULT_VERB = "work|change|transform|get|see|make|help|double|land|fix"


GUARANTEE_IDIOMS = (
    (
        # A guarantee made, not the word discussed ("what a guarantee really means"); "the
        # only guarantee is..." denies one.
        r"(?<!\bonly )(?:\b(?:I|we) (?:can |will |personally )?guarantee\b(?! nothing\b)"
        r"|\bguaranteed? (?:results?|success|outcomes?|relief|clients|income|weight loss"
        rf"|to (?:{_RESULT_VERB}))\b"
        r"|\b(?:results?|success|outcomes?) (?:are |is )?guaranteed\b"
        r"|\b(?:it's|it is|that's|this is|success is|results are) (?:100 ?% )?guaranteed\b"
        # "it's guaranteed to rain all week" promises the weather, not a result
        rf"(?! to (?!(?:{_RESULT_VERB})\b))"
        r"|\bguarantees? (?:you|that you|results?|success)\b"
        # a claim with the guarantee tacked on: "selling veg boxes by June, guaranteed."
        r"|(?<=, )guaranteed(?=\s*[.!])"
        r"|\b100 ?% (?:guaranteed|proven|effective|results"
        r"|success|risk[- ]free|certain|sure)\b|\brisk[- ]free\b|\b(?:zero|no)[- ]risk\b)",
        "Guaranteeing results promises what coaching can't honestly promise.",
        "Describe what you'll do together and what clients have typically experienced.",
    ),
    (
        r"\bworks every (?:single )?time\b|\bworks for everyone\b|\bnever fails\b",
        "Saying it always works is a guarantee no coach can keep.",
        "Say who it tends to help and what it asks of them.",
    ),
)


HYPE_IDIOMS = (
    (
        r"\blife[- ](?:changing|altering|transforming)\b|\b(?:change|transform)(?:s|ed|ing)? "
        r"(?:your|their|my|her|his) (?:life|lives)(?: forever)?\b|\bchange everything\b"
        r"|\bmost (?:transformative|powerful) (?:week|day|program|course|training|thing|system"
        r"|experience)s?\b|\bthe results speak for themselves\b",
        "Big transformation claims are hype; readers discount them.",
        "Tell one concrete change a client noticed, in their words and with their permission.",
    ),
    (
        r"\b(?:little[- ]known |hidden |insider |best[- ]kept )?secrets? (?:to|of|for|behind"
        r"|formula|method|system|weapon|sauce|strategy)\b|\b(?:little[- ]known|hidden|insider"
        r"|best[- ]kept) secrets?\b|\bmagic (?:pill|bullet|formula|wand|solution)\b",
        "Promising a secret is clickbait; good advice isn't hidden.",
        "Name the idea plainly and explain why it works.",
    ),
    (
        r"\bskyrocket\w*\b|\bexplod(?:e|es|ed|ing) your\b|\b(?:business|income|sales|revenue|list"
        r"|results|practice) (?:exploded|skyrocketed)\b|\b(?:explosive|massive|insane|crazy"
        r"|unbelievable|jaw-dropping|mind-blowing|astonishing|unprecedented|breakthrough) (?:growth"
        r"|results|gains"
        r"|success|income|profits|value|transformation)\b|\b(?:revolutionary|game[- ]chang(?:er"
        r"|ing)|groundbreaking|unstoppable|limitless)\b|\bunlock (?:your )?(?:full |true |hidden "
        r"|unlimited )?potential\b|\bcrush (?:your|their) goals\b",
        "Hype words promise more than any email can show.",
        "Use a specific, modest example instead of a superlative.",
    ),
    (
        r"\bovernight (?:success|results|transformation|change|millionaire)s?\b|\b(?:results?"
        r"|success|rich|wealthy|changed?|transformed|exploded|fixed|happen(?:s|ed)?) overnight\b"
        r"|(?:^|(?<=[.!?]\s))overnight,|\b(?:instant(?:ly)?|effortless(?:ly)?) (?:results|success"
        r"|transformation|confidence|clients|income|weight loss)\b|\bwithout (?:any )?(?:effort"
        r"|hard work)\b",
        "Promising overnight or effortless change is hype; real change takes time.",
        "Be honest about the time and effort involved — it builds trust.",
    ),
    (
        # not a decimal: "watch it at 1.5x" is a playback speed
        r"(?<![\d.,])\b(?:2|3|5|10|20|50|100)x\b(?!\s*(?:a|per|each|every|daily|weekly|\d))"
        r"|\b(?:double|triple|quadruple|10x)\s+(?:or triple\s+)?(?:your|their|my|her|his)\s+"
        r"(?:income|revenue|sales|salary|business|clients|profits?|rates?|results)\b"
        r"|\b(?:double|triple|10x) your [a-z]+ in (?:just |only )?\d+ (?:days|weeks)\b"
        r"|\b(?:made|earned|making|earning|generated)\s+(?:over\s+"
        r"|more than\s+)?[$€£]\s?\d[\d,.]*k?"
        r"\s+(?:in|within)\s+(?:just\s+|only\s+|under\s+)?(?:\d+|one|two|three|a)\s+(?:days?|weeks?"
        r"|months?)\b",
        "Multiplier and income claims are hype that most readers won't experience.",
        "Share a realistic outcome and what it took.",
    ),
    (
        r"\b(?:proven|foolproof|fool-proof|bulletproof|fail-?proof|guaranteed|secret|exact"
        r"|signature|magic)\s+(?:[a-z-]+\s+)?(?:system|formula|blueprint|method|strategy"
        r"|framework|process)\b",
        "'Proven system' is sales hype; it claims certainty coaching doesn't have.",
        "Explain the approach and what it's good for, without claiming it always works.",
    ),
    (
        r"\b(?:money|income|business(?:es)?|sales)\b[^.!?\n]{0,30}\bwhile (?:you|they) sleep\b"
        r"|\b(?:get[- ]rich[- ]quick|passive income|financial freedom|quit your (?:day )?job"
        r"|fire your boss|dream life|laptop lifestyle)\b|\b(?:lose|drop) (?:the |\d+ )?(?:pounds"
        r"|lbs|kg|weight) (?:fast|quickly|for good|forever)\b|\b(?:results|transformation|change)"
        r" in (?:just|only|under) \d+ (?:days|weeks)\b"
        r"|\b(?:six|seven|eight|multi-six|multi-seven|[678])[- ]figures? (?:business|income|year"
        r"|launch|coach|practice|months?)\b|[$€£]\s?\d+[kK]\+? (?:months?|weeks?|days?"
        r"|launch(?:es)?)\b"
        r"|\bfrom broke to\b",
        "Lifestyle and income hype oversells.",
        "Talk about one real person's experience, told with their permission.",
    ),
)


EXCLUSIVITY_IDIOMS = (
    (
        r"\bexclusive (?:offer|deal|discount|access|bonus|pricing|price|invitation|invite"
        r"|community|group|list|circle)s?\b|\b(?:vip|members?)[- ]only\b"
        r"|\binvit(?:e|ation)[- ]only\b",
        "'Exclusive' access flatters the reader into a yes.",
        "Say who it's for and let anyone who fits ask.",
    ),
)


# A currency sign, or the rand's and rupee's letters before a figure ("R6,800", "Rs 500").
_CUR = r"(?:[$€£¥₹]|\bR(?=\s?\d)|\bRs\.?(?=\s?\d))"


_AMOUNT = rf"{_CUR}\s?\d[\d,.]*k?"


PRICE_IDIOMS = (
    (
        rf"{_AMOUNT}\s+(?:off|discount|savings?)\b|\b\d{{1,2}}\s?%\s?(?:off|discount|savings?)\b"
        rf"|\b(?:half|50%)[- ](?:off|price)\b|\bsave\s+(?:up to\s+|over\s+)?(?:{_CUR}\s?\d|\d+\s?%"
        rf"|big|hundreds|thousands)",
        "A discount turns the email into an offer and rushes the choice.",
        "Open with something useful; if you must mention an offer, keep it for an Invitation "
        "email, after the value, at its real price.",
    ),
    (
        r"\b(?:your|my|our|this|special|exclusive|biggest|member|student|early[- ]bird|launch"
        r"|holiday|founding) discounts?\b|\bdiscount(?:ed)? (?:codes?|prices?|rates?)\b"
        r"|\b(?:coupon codes?|promo(?:tion)? codes?|voucher codes?)\b|\buse (?:the )?code\b"
        r"|\b(?:special|introductory|intro|launch|founding(?: member)?|early[- ]?bird|discounted"
        r"|reduced|promotional|sale|lowest|best|today's) (?:price|pricing|rate|offer"
        r"|deal)s?\b|\b(?:2-for-1|two for one|buy one,? get one|bogo)\b"
        r"|\block(?:s|ing)? in (?:your|the|this|today's)? ?(?:price|rate|pricing|discount)\b"
        r"|\b(?:flash|holiday|black friday|cyber monday|summer|winter|spring|launch|anniversary"
        r"|birthday|clearance|big|huge|biggest|annual|weekend) sales?\b|\bon sale\b"
        r"|\bsale (?:ends|prices?)\b|\bshop the sale\b|\b(?:black friday|cyber monday) (?:deals?"
        r"|offers?|discounts?|specials?|pricing|prices)\b",
        "Discount and sale language turns the email into a sales offer.",
        "Lead with something useful; save the offer for an Invitation email, at its real price.",
    ),
)


# A price named plainly: fine after the value in an Invitation, price-first in an opening.
PRICE_MENTION = [
    (
        rf"\b(?:only|just|for|at|now|was|regularly|normally|usually|ordinarily|currently"
        rf"|instead of|from|costs?"
        rf"|priced at"
        rf"|investment(?: is| of)?|price(?: is| of)?|pay|deposit(?: of)?|rate of|fee(?: is)?)"
        rf"\s*:?\s+{_AMOUNT}|{_AMOUNT}\s+value\b"
        rf"|{_AMOUNT}\s?(?:/|per|a|an|each)\s?(?:month|mo|week|year|yr|session|hour|person|seat"
        rf"|payment)\b|\b\d+\s?(?:payments|instalments|installments) of\b",
        "A price this early makes the email about money before it has helped.",
        "Give something useful first; mention price after you've shown how you help, "
        "ideally in an Invitation email.",
    ),
]


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# ---- Word families the tactic shapes are written in -------------------------------------------
# A plain word stands for its word family (by Snowball stem); "=word" is that exact form;
# several words are matched in a row.

_NUMBER_WORDS = _words(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety"
)

FAMILIES: dict[str, tuple[str, ...]] = {
    # people and pronouns
    "ME": ("=i", "=i've", "=i'm", "=i'd", "=i'll", "=we", "=we've", "=we're", "=we'd", "=we'll"),
    "I_SINGULAR": ("=i", "=i've", "=i'm", "=i'd", "=i'll"),
    "WE": ("=we", "=we've", "=we'd"),
    "YOU": ("=you", "=you've", "=you're", "=you'd", "=you'll", "=yourself"),
    "YOUR": ("=your",),
    "YOU_WILL": ("=you'll", "=you will", "=you are going to", "=you're going to"),
    "YOU_WILL_STRICT": ("=you will", "=you are going to", "=you're going to"),
    "I_WILL": ("=i'll", "=i will", "=we'll", "=we will"),
    "THEY": ("=they", "=they're", "=they've", "=it", "=it's"),
    "IT": ("=it", "=this", "=that", "=them", "=these", "=those"),
    "SOMEONE_ELSE": ("=someone else", "=somebody else"),
    # "I'll put you in touch with Graham": an introduction, not a place held
    "IN_TOUCH": ("=in touch", "=in contact"),
    # "Hurry up slowly": the proverb's patience
    "SLOWLY": ("=slowly",),
    # "the important conversations don't announce themselves": the thing itself, not a
    # seller keeping it off the public page.
    "REFLEXIVE": ("=themselves", "=itself"),
    # Someone else in the sentence: a story about them, not a talk with the reader.
    "THIRD_PERSON": (
        "=she",
        "=he",
        "=her",
        "=his",
        "=him",
        "=she's",
        "=he's",
        "=she'd",
        "=he'd",
        "=my book club",
        "=my team",
        "=my clients",
        "=my group",
        "=my friends",
        "=my family",
        "=my husband",
        "=my wife",
        "=my partner",
        "=my kids",
        "=my coach",
        "=my colleagues",
        "=a client",
        "=one client",
        "=a friend",
        "=my mum",
        "=my mom",
        "=my dad",
        # round 4: the people of a writer's own story
        "=my niece",
        "=my nephew",
        "=my father",
        "=my mother",
        "=my sister",
        "=my brother",
        "=my son",
        "=my daughter",
        "=my aunt",
        "=my uncle",
        "=my grandmother",
        "=my grandfather",
        "=my neighbour",
        "=my neighbor",
        "=my friend",
        "=my relative",
        "=my cousin",
    ),
    # An answer, not a conversation: "you said yes to be nice".
    "ANSWER_WORD": ("=yes", "=no"),
    # How long a thing takes, not a deadline: "(takes 10 minutes)".
    "TAKES_TIME": ("=takes", "=take", "=taking", "=under", "=about", "=around"),
    "SOMEONE": ("=someone", "=somebody"),
    "ANYONE": ("=anyone", "=anybody", "=more", "=new"),
    "EVERYONE": ("=everyone", "=everybody", "=all of them"),
    "PEOPLE": (
        *_words(
            "people person client member woman man couple leader student founder owner coach "
            "participant parent writer manager professional athlete runner reader "
            "entrepreneur freelancer mum mom dad family colleague executive therapist "
            "consultant creative author seller marketer"
        ),
        "=guests",
        "=attendees",
        "=patients",
        "=families",
        "=teams",
        "=women",
        "=men",
        "=children",
        "=people",
    ),
    "ONES": ("=ones", "=those", "=people"),
    "PEERS": (
        "=your peers",
        "=your colleagues",
        "=your competitors",
        "=your competition",
        "=your friends",
        "=your neighbours",
        "=your neighbors",
        "=people like you",
        "=everyone else",
        "=everybody else",
        "=others in your field",
        "=other parents",
        "=other coaches",
        "=everyone in your field",
        "=everyone in your industry",
        "=everyone in your area",
        "=your rivals",
    ),
    "DEPENDENTS": (
        "=your kids",
        "=your children",
        "=your family",
        "=your partner",
        "=your husband",
        "=your wife",
        "=your team",
        "=your clients",
        "=the people around you",
        "=those around you",
        "=the people who depend on you",
        "=people who depend on you",
        "=the people who love you",
        "=your loved ones",
        "=one your family",
        "=everyone around you",
        "=your friends",
    ),
    # grammar
    "BE": ("=is", "=are", "=was", "=were", "=be", "=been", "=it's", "=that's", "=they're"),
    "IS_ARE": ("=is", "=are", "='re"),
    "HAVE": ("=have", "=has", "=had", "='ve"),
    "WILL": ("=will", "=shall"),
    "CAN": ("=can", "=could", "=would", "=will", "=might", "=may"),
    "NEG": (
        "=not",
        "=no",
        "=never",
        "=don't",
        "=doesn't",
        "=didn't",
        "=won't",
        "=isn't",
        "=aren't",
        "=wasn't",
        "=weren't",
        "=can't",
        "=cannot",
        "=couldn't",
        "=wouldn't",
        "=haven't",
        "=hasn't",
        "=hadn't",
        "=nobody",
        "=nothing",
        "=none",
        "=nowhere",
    ),
    "NEG_DONT": ("=don't", "=doesn't", "=won't", "=never", "=do not", "=will not", "=does not"),
    "HEDGE": (
        "=pretty much",
        "=almost",
        "=nearly",
        "=probably",
        "=likely",
        "=usually",
        "=often",
        "=may",
        "=might",
        "=could",
        "=perhaps",
        "=maybe",
        "=tend",
        "=tends",
        "=most",
    ),
    "AND": ("=and",),
    "OF": ("=of",),
    "FOR": ("=for",),
    "TO": ("=to",),
    "THE": ("=the",),
    "A": ("=a", "=an"),
    "IN": ("=in", "=into"),
    "ON": ("=on", "=at"),
    "WHO": ("=who", "=that", "=which"),
    "WHEN": ("=when", "=once", "=after"),
    "ONCE": ("=once",),
    "IF": ("=if",),
    "HYPOTHETICAL": ("=if", "=when", "=whenever", "=ever", "=once", "=whether"),
    # "If you said", "many of you asked": not one reader's words to me.
    "NOT_ONE_READER": (
        "=if",
        "=when",
        "=whenever",
        "=ever",
        "=once",
        "=whether",
        "=of",
        "=all",
        "=wish",
        "=wished",
        "=everything",
        "=anything",
    ),
    "WHAT": ("=what",),
    "HERE_IS": ("=here's", "=here is"),
    "THAT_IS": ("=that's", "=that is", "=it's", "=it is", "=this is"),
    "THERE_IS": ("=there are", "=there's", "=there is", "=we have", "=we're", "=we are"),
    "MOST_OF": ("=most of", "=half of", "=nearly all", "=all but", "=the majority of"),
    "CHATTING": (
        "=chatting",
        "=talking",
        "=speaking",
        "=meeting you",
        "=connecting",
        "=catching up",
    ),
    "THANKS": ("=thanks", "=thank you", "=thanks again", "=thank you again"),
    "UNTIL_TIME": ("=until", "=till", "=you have until", "=you've got until"),
    "AFTER": ("=after", "=from"),
    "AUDIENCE": (
        "=subscribers",
        "=readers",
        "=my list",
        "=insiders",
        "=members",
        "=my community",
        "=existing clients",
        "=past clients",
        "=vips",
    ),
    "CARED": (
        "=cared",
        "=wanted it",
        "=meant it",
        "=were serious",
        "=were committed",
        "=wanted to change",
    ),
    "EXCUSES": (
        "=making excuses",
        "=hiding behind",
        "=letting yourself down",
        "=letting them down",
        "=kidding yourself",
        "=fooling yourself",
        "=lying to yourself",
    ),
    "YOU_KNOW": ("=you know you", "=you know you've", "=you know you're", "=we both know you"),
    "PASS": (
        "=pass",
        "=passes",
        "=go by",
        "=goes by",
        "=slip by",
        "=slips by",
        "=slip away",
        "=slips away",
        "=slip past",
        "=pass you by",
    ),
    "BY_THE_TIME": (
        "=by the time you",
        "=by the time you're",
        "=by the time they",
        "=by the time most people",
        "=by the time people",
    ),
    "THE_LONGER": ("=the longer",),
    "LET": ("=let", "=letting"),
    "CHANCE": ("chance", "opportunity", "moment", "window"),
    "GET": ("=get", "=getting", "=have"),
    "BEST": ("=best", "=single best", "=smartest", "=the best", "=the single best"),
    "DECISION": ("decision", "choice", "move"),
    "OR": ("=or", "=to"),
    "STOPS": ("=stop", "=stops", "=stopping"),
    "SAVING": ("=a saving of", "=savings of", "=you save", "=save over", "=a saving", "=saving"),
    "WIDER": (
        "=the wider list",
        "=my whole list",
        "=the rest of my list",
        "=the public",
        "=the wider world",
        "=publicly",
        "=everyone else",
        "=the rest of the list",
        "=everyone",
    ),
    "TELL": ("=tell", "=open", "=announce", "=share", "=release", "=launch", "=email", "=offer"),
    "FILLED_ANY": (
        "=spoken for",
        "=taken",
        "=booked",
        "=claimed",
        "=filled",
        "=gone",
        "=reserved",
        "=sold",
    ),
    "GO_FAST": (
        "=disappear",
        "=vanish",
        "=fill up",
        "=fill quickly",
        "=sell out",
        "=get snapped up",
        "=go quickly",
        "=go fast",
        "=get taken",
        "=get booked",
        "=book up",
        "=are snapped up",
    ),
    "FIRST_ACCESS": (
        "=first",
        "=early",
        "=before anyone else",
        "=before everyone else",
        "=ahead of everyone",
    ),
    "LAST": ("=last", "=final"),
    "NOT_ONE": ("=not one", "=no one", "=nobody", "=not a single", "=not a single one"),
    "WENT_BACK": (
        "=gone back",
        "=went back",
        "=failed",
        "=quit",
        "=regretted",
        "=given up",
        "=fallen off",
        "=go back",
        "=goes back",
    ),
    "HELPED": (
        "=taught it to",
        "=taught this to",
        "=helped",
        "=coached",
        "=trained",
        "=shown",
        "=transformed",
        "=changed",
    ),
    "STILL_HAVENT": ("=still haven't", "=haven't yet", "=still not", "=still don't", "=never"),
    "NEXT_STEP": (
        "=taken the next step",
        "=taken the step",
        "=made a decision",
        "=made the call",
        "=reached out",
        "=booked",
        "=joined",
        "=signed up",
        "=committed",
        "=started",
    ),
    "FEAR_N": (
        "=fear",
        "=excuses",
        "=avoidance",
        "=procrastination",
        "=laziness",
        "=self-sabotage",
    ),
    "DISGUISED": (
        "=dressed up as",
        "=disguised as",
        "=masquerading as",
        "=in disguise",
        "=hiding behind",
    ),
    "COMPARATIVE": (
        "=braver",
        "=smarter",
        "=better",
        "=luckier",
        "=more talented",
        "=stronger",
        "=more disciplined",
        "=more special",
        "=richer",
    ),
    "FAIL_IT": ("=seen it fail", "=known it fail", "=had it fail", "=seen it not work"),
    "WILL_BE": ("=will be", "=goes up to", "=rises to", "=jumps to", "=moves to", "=becomes"),
    "WATCHING": ("=watching", "=noticing", "=learning from"),
    "HOW": ("=how", "=what", "=you", "=everything you"),
    "WISHED": (
        "=wished they'd",
        "=wish they'd",
        "=wished they had",
        "=wish they had",
        "=wished i'd",
        "=wish i'd",
        "=wish you'd",
        "=wished you'd",
    ),
    "SOONER": ("=ago", "=sooner", "=earlier", "=years ago", "=a year ago", "=last year"),
    "GO_BACK": ("=go back", "=goes back", "=look back", "=return"),
    "AS": ("=as", "=like"),
    "WITH": ("=with",),
    "WHERE": ("=where",),
    "THAN": ("=than",),
    "ALL": ("=all",),
    "ANOTHER": ("=another", "=one more", "=yet another"),
    "EVERY": ("=every", "=each", "=every single"),
    "SINGLE": ("=single",),
    "ONLY": ("=only", "=just", "=merely", "=a mere"),
    "MORE": ("=more", "=additional", "=extra"),
    "ALREADY": ("=already", "=now", "=all"),
    "OVER": ("=over", "=more than", "=well over", "=upwards of", "=at least"),
    "BEFORE": ("=before", "=ahead of"),
    "UNTIL": ("=until", "=till", "=through", "=up to"),
    "BY": ("=by",),
    "WITHIN": ("=within", "=in just", "=in only", "=in under", "=in the next", "=over the next"),
    "BY_END": ("=by the end of",),
    "THIS": ("=this", "=next"),
    "TOO": ("=too",),
    "BACK": ("=back",),
    "AGAIN": ("=again",),
    "FOREVER": ("=forever", "=for ever", "=for long", "=much longer"),
    "FINALLY": ("=finally", "=eventually", "=at last"),
    "REALLY": ("=really", "=actually", "=simply", "=just"),
    "DELIBERATELY": ("=deliberately", "=personally", "=specifically", "=intentionally"),
    # quantities and time
    "QUANTITY": (
        *_NUMBER_WORDS,
        "=a few",
        "=a couple",
        "=a couple of",
        "=a handful",
        "=a handful of",
        "=few",
        "=several",
        "=very few",
        "=not many",
        "=a small number of",
    ),
    "MANY": ("=dozens", "=hundreds", "=thousands", "=millions", "=dozens of", "=hundreds of"),
    "PERIOD": _words(
        "day week month year season term quarter minute hour night evening weekend summer "
        "autumn fall winter spring decade semester birthday anniversary christmas"
    ),
    "TIME": (
        *_words(
            "monday tuesday wednesday thursday friday saturday sunday tonight tomorrow "
            "midnight noon today january february april june july august september october "
            "november december"
        ),
        "=this evening",
        "=this weekend",
        "=end of the week",
        "=end of the month",
    ),
    # scarcity
    "SCARCE_PLACE": _words(
        "place spot seat space slot opening vacancy ticket room position availability capacity",
    ),
    "SCARCE_PLACES": (
        "=places",
        "=spots",
        "=seats",
        "=spaces",
        "=slots",
        "=openings",
        "=tickets",
        "=vacancies",
        "=positions",
        "=chairs",
        "=beds",
        "=rooms",
        "=tables",
        "=mats",
        "=bunks",
        "=cabins",
        "=pitches",
    ),
    "REMAINING": ("=left", "=remaining", "=remain", "=still open", "=still available", "=to go"),
    "LAST_FEW": ("=remaining", "=last", "=final", "=last few", "=final few"),
    "FILLED": (
        "=filled",
        "=taken",
        "=booked",
        "=gone",
        "=claimed",
        "=reserved",
        "=sold",
        "=spoken for",
        "=full",
        "=snapped up",
        "=booked up",
    ),
    "TAKE_ON": (
        "=take on",
        "=taking on",
        "=take",
        "=taking",
        "=accept",
        "=accepting",
        "=work with",
        "=working with",
        "=admit",
        "=let in",
        "=open up",
        "=coach",
        "=have room for",
    ),
    "CAPPED": (
        "=capped",
        "=limited to",
        "=a maximum of",
        "=max",
        "=restricted to",
        "=limiting it to",
        "=limit it to",
        "=limiting",
        "=capping",
        "=keeping it to",
        "=keep the group to",
        "=keeping the group to",
        "=keep numbers to",
        "=keep it to",
    ),
    "LIMITED": ("=limited", "=very limited", "=strictly limited"),
    "LEAVES": ("=leaves", "=leaving", "=which leaves"),
    # deadlines
    "OFFER_THING": (
        "enrolment",
        "enrollment",
        "registration",
        "=doors",
        "cart",
        "offer",
        "price",
        "pricing",
        "rate",
        "discount",
        "code",
        "coupon",
        "bonus",
        "deal",
        "sale",
        "intake",
        "roster",
        "application",
        "early-bird",
        "=early bird",
        "=this round",
        "invitation",
        "=signups",
        "=sign-ups",
        "fee",
        "=sign-up",
        "=spot",
        "=spots",
        "=places",
        "=entries",
    ),
    "CLOSE_VERB": (
        "=close",
        "=closes",
        "=closing",
        "=end",
        "=ends",
        "=ending",
        "=expire",
        "=expires",
        "=expiring",
        "=shut",
        "=shuts",
        "=shutting",
        "=lock",
        "=locks",
        "=locking",
        "=stop working",
        "=stops working",
        "=run out",
        "=runs out",
        "=vanish",
        "=vanishes",
        "=disappear",
        "=disappears",
        "=finish",
        "=finishes",
        "=comes off",
        "=come off",
        "=goes away",
        "=go away",
        "=wrap up",
        "=wraps up",
        "=winds down",
        "=wind down",
        "=is over",
        "=will be over",
    ),
    "RISE_VERB": (
        "=go up",
        "=goes up",
        "=going up",
        "rise",
        "increase",
        "double",
        "jump",
        "=go back",
        "=goes back",
        "=moves to",
        "=move to",
        "revert",
        "return",
    ),
    "HOLD_UNTIL": ("hold", "valid", "available", "=open", "=good", "stand", "last"),
    "BUY_VERB": (
        "join",
        "book",
        "buy",
        "enrol",
        "enroll",
        "=sign up",
        "=signing up",
        "register",
        "reserve",
        "claim",
        "secure",
        "grab",
        "apply",
        "pay",
        "order",
        "purchase",
        "=lock in",
        "=get in",
        "=say yes",
        "commit",
    ),
    "SHUT_VERB": ("lock", "close", "shut", "finalise", "finalize", "pause", "freeze", "cap"),
    "GROUP_THING": (
        "group",
        "cohort",
        "roster",
        "circle",
        "intake",
        "enrolment",
        "enrollment",
        "=doors",
        "list",
        "programme",
        "program",
        "class",
        "round",
        "waitlist",
        "registration",
        "application",
        "=applications",
    ),
    "ADMIT": ("add", "take", "accept", "admit", "=let in", "=open", "=reopen", "=squeeze in"),
    "RUN_AGAIN": (
        "run",
        "offer",
        "open",
        "repeat",
        "=do this",
        "teach",
        "host",
        "reopen",
        "=doing this",
        "=doing it",
        "=running it",
        "=offering it",
        "=opening it",
    ),
    "HURRY": ("=hurry", "=rush"),
    "NOW": ("=now", "=up", "=right now", "=today"),
    # fake familiarity
    "TALKED": (
        "=discussed",
        "=talked",
        "=spoke",
        "=chatted",
        "=agreed",
        "=met",
        "=connected",
        "=started talking",
        "=were talking",
        "=left off",
        "=said on",
    ),
    "YOU_SAID": (
        "=said",
        "=told me",
        "=mentioned",
        "=were describing",
        "=described",
        "=asked me",
        "=shared",
        "=were saying",
        "=asked about",
    ),
    "I_TOLD": ("=told", "=promised", "=mentioned to", "=said to"),
    "CONVERSATION": (
        "conversation",
        "=chat",
        "=call",
        "=talk",
        "catch-up",
        "=meeting",
        "=coffee",
        "=exchange",
        "=dms",
        "=messages",
        "=discussion",
        "=zoom",
    ),
    "OUR": ("=our",),
    "AS_DISCUSSED": ("=as discussed", "=as agreed", "=as we discussed", "=as we agreed"),
    "AS_PROMISED": ("=as promised", "=as mentioned", "=as requested", "=as you asked"),
    "AS_I_SAID": (
        "=as i mentioned",
        "=as i said",
        "=as i promised",
        "=like i said",
        "=like i promised",
        "=like i mentioned",
        "=as i told you",
        "=i said i'd",
        "=i said i would",
        "=as i wrote",
    ),
    "FOLLOW_UP": (
        "=following up",
        "=follow up",
        "=follow-up",
        "=circling back",
        "=picking up",
        "=getting back to you",
        "=just checking in",
        "=to recap",
        "=recap",
    ),
    "LOVELY": ("lovely", "great", "nice", "good", "wonderful", "fantastic"),
    "MEET": ("=connect", "=meet you", "=chat", "=talk", "=speak", "=meet"),
    "SORRY": ("=sorry",),
    "TOOK": ("=took", "=for the delay", "=for the slow", "=it's taken", "=to get back"),
    "REPLY_PREFIX": ("=re", "=fwd", "=fw"),
    # assumptive close
    "HOLD_FOR_YOU": (
        "=held",
        "=reserved",
        "=booked",
        "=saved",
        "=scheduled",
        "=scheduling",
        "=put",
        "=pencilled",
        "=penciled",
        "=blocked",
        "=added",
        "=registered",
        "=enrolled",
        "=signed",
        "=slotted",
        "=set aside",
        "=set up",
        "=loaded",
        "=locked in",
        "=marked",
        "=got you down",
    ),
    "GONE_AHEAD": (
        "=gone ahead and",
        "=taken the liberty of",
        "=already",
        "=went ahead and",
        "=have",
        "=also",
    ),
    "SESSION": (
        "session",
        "slot",
        "seat",
        "place",
        "spot",
        "call",
        "appointment",
        "assessment",
        "consultation",
        "booking",
        "reservation",
        "intake",
        "onboarding",
        "=kick-off",
        "profile",
        "=first week",
        "=start date",
        "=attendance",
        "=booking",
    ),
    "NAME": ("=name", "=details"),
    "READY_HELD": (
        "=saved",
        "=held",
        "=reserved",
        "=booked",
        "=confirmed",
        "=ready",
        "=on the board",
        "=loaded",
        "=set",
        "=locked in",
        "=waiting",
        "=in the diary",
        "=in the calendar",
    ),
    "PLAN": ("plan", "programme", "program", "training", "course", "block"),
    "STARTS": ("=starts", "=begins", "=kicks off", "=is on"),
    "NEED": ("=need", "=need to do", "=needs"),
    "CONFIRM": ("confirm", "accept", "=show up", "=say yes", "=reply yes", "=turn up", "=click"),
    "SEE_YOU": ("=see you", "=speak", "=talk", "=speak to you", "=talk to you", "=see you on"),
    "SEND": ("=send", "=email", "=text", "=get", "=forward"),
    "LOGISTICS": (
        "link",
        "invite",
        "login",
        "=details",
        "directions",
        "address",
        "questionnaire",
        "agreement",
        "invoice",
        "onboarding",
        "contract",
        "form",
        "=pack",
        "confirmation",
        "=parking",
    ),
    "WAITING": ("=be waiting", "=be ready", "=be expecting you"),
    # exclusivity
    "PUBLIC": (
        "=public",
        "=publicly",
        "=openly",
        "=advertise",
        "=advertised",
        "=advertising",
        "=social media",
        "=on my website",
        "=my website",
        "=listed",
        "=announce",
        "=announcing",
        "=promote",
        "=market",
    ),
    "GOES_PUBLIC": (
        "=goes public",
        "=go public",
        "=goes live",
        "=opens to everyone",
        "=open it to everyone",
        "=open it up",
        "=open to everyone",
        "=opens to the public",
        "=open it to the public",
        "=announce it",
    ),
    "SELECTED": (
        "=hand-picked",
        "=handpicked",
        "=hand picked",
        "=curated",
        "=invite-only",
        "=invitation-only",
        "=by invitation",
        "=by referral",
        "=selective",
        "=vetted",
        "=inner circle",
        "=inner-circle",
        "=members-only",
        "=closed group",
        "=select few",
        "=private list",
        "=private round",
        "=not for everyone",
        "=not for everybody",
        "=certain kind of person",
        "=certain kind of people",
        "=certain type of person",
        "=keeping this quiet",
        "=keeping it quiet",
        "=under the radar",
        "=off the record",
        "=not telling everyone",
    ),
    "PRIVATE": ("=private", "=secret"),
    "PRIVATELY": ("=privately", "=quietly", "=first"),
    "INVITE": (
        "=invite",
        "=inviting",
        "=sending",
        "=send",
        "=sharing",
        "=share it",
        "=offering",
        "=opening",
        "=emailing",
        "=writing to",
        "=telling",
        "=offer",
        "=extending",
        "=extend",
    ),
    "CHOSE": (
        "=included",
        "=chose",
        "=chosen",
        "=picked",
        "=selected",
        "=hand-picked",
        "=thought of",
        "=singled out",
    ),
    "SMALL_GROUP": (
        "=a few",
        "=a handful of",
        "=a small group of",
        "=a very small group of",
        "=a select",
        "=a short list of",
        "=a small circle of",
        "=a tiny group of",
        "=a few select",
        "=certain",
    ),
    "JUDGE": (
        "=think",
        "=feel",
        "=believe",
        "=meet",
        "=choose",
        "=pick",
        "=trust",
        "=know",
        "=genuinely",
        "=personally",
        "=telling",
        "=inviting",
        "=writing to",
        "=emailing",
    ),
    "READY": ("=ready", "=right", "=a fit", "=a good fit", "=get the most", "=serious"),
    "INVITATION": ("=invitation", "=invite"),
    "FROM_ME": ("=from me",),
    "GROUP_NOUN": ("group", "round", "list", "circle", "mentorship", "community", "cohort"),
    "OPEN_VERB": ("=opening", "=open", "=offering", "=sharing", "=releasing", "=sending"),
    # guilt and shame
    "OWE_IT": ("=owe it to", "=owe this to", "=owe them"),
    "JUDGED": (
        "=deserve",
        "=deserves",
        "=living with",
        "=counting on",
        "=paying for",
        "=paying the price",
        "=learning from",
        "=suffering",
        "=can see",
        "=can tell",
        "=have noticed",
    ),
    "DESERVE_BETTER": ("=deserve better", "=deserves better", "=deserve more"),
    "VERSION_OF_YOU": ("=version of you",),
    "GETTING": ("=getting", "=get", "=gets", "=left with"),
    "A_CHOICE": ("=a choice",),
    "WILLING": (
        "=willing",
        "=serious",
        "=committed",
        "=brave enough",
        "=honest with yourself",
        "=prepared to",
        "=disciplined",
    ),
    "PART_OF_YOU": ("=part of you", "=deep down"),
    "KNOWS": ("=knows", "=know", "=already know"),
    "SAYING": ("=saying", "=mean", "=means", "=telling yourself"),
    "SCARED": (
        "=scared",
        "=afraid",
        "=lazy",
        "=hiding",
        "=making excuses",
        "=comfortable",
        "=avoiding",
        "=not committed",
    ),
    "VIRTUE": (
        "=strength",
        "=brave",
        "=bravery",
        "=dedication",
        "=commitment",
        "=noble",
        "=heroic",
        "=selfless",
        "=responsible",
    ),
    "NOT_GOING_TO_SAVE": (
        "=not going to save",
        "=won't save",
        "=will not save",
        "=isn't going to save",
        "=not going to fix",
        "=won't fix",
    ),
    "LESS": ("=less", "=fewer"),
    "EXPECT_V": ("=think", "=expect", "=imagine", "=realise", "=realize", "=guess", "=might"),
    # "less time than you want to": the reader's own wish, not their shortfall
    "EXPECT_OR_WANT": (
        "=think",
        "=expect",
        "=imagine",
        "=realise",
        "=realize",
        "=guess",
        "=might",
        "=want",
        "=wanted",
        "=would like",
        "=feel like",
    ),
    "KEEP": ("=keep", "=carry on", "=continue"),
    "NEGLECT": (
        "=putting",
        "=buying",
        "=avoiding",
        "=ignoring",
        "=neglecting",
        "=hiding",
        "=telling yourself",
        "=making excuses",
        "=waiting",
        "=hoping",
        "=choosing",
        "=pretending",
        "=settling",
        "=saying",
        "=letting",
    ),
    "STOP_V": ("=stop", "=quit"),
    "WISHFUL": (
        "=hoping",
        "=pretending",
        "=making excuses",
        "=telling yourself",
        "=playing small",
        "=settling",
        "=hiding",
        "=wishing",
        "=waiting for",
        "=putting it off",
    ),
    "OWN": ("=own",),
    "DOESNT_MATTER": ("=doesn't matter", "=don't matter", "=does not matter", "=matters less"),
    # fear of loss
    "DELAY": (
        "wait",
        "delay",
        "=put this off",
        "=put it off",
        "=put off",
        "hesitate",
        "=stay",
        "=sit out",
        "=leave it",
        "postpone",
        "drift",
        "=don't act",
        "ignore",
        "=spend",
        "=stay stuck",
        "=keep waiting",
        "=overthink",
        "=overthinking",
        "=second-guess",
        "=hesitated",
        "=waited",
        "=don't decide",
        "=don't choose",
        "=hold back",
        "=sit this out",
    ),
    "COST_YOU": ("=cost you", "=costs you", "=costing you", "=cost your", "=costs your"),
    "COSTLY_DELAY": ("=waiting", "=delay", "=delaying", "=inaction", "=putting it off"),
    "GET_BACK": ("=get back", "=get them back", "=get it back", "=get those back", "=have back"),
    "NEVER": ("=won't", "=never", "=can't", "=cannot", "=will never", "=won't ever"),
    "LOSE": ("=lose", "=losing", "=lost", "=waste", "=wasting", "=wasted", "=throw away"),
    "GOES_TO": ("=goes to", "=go to", "=went to", "=given to", "=passed to"),
    "OVERTAKE": (
        "=becomes",
        "=gets",
        "=takes",
        "=will",
        "=ends up",
        "=beats you",
        "=moves ahead",
        "=takes your",
    ),
    "STAY_OPEN": (
        "=stay open",
        "=stays open",
        "=be open",
        "=remain open",
        "=be available",
        "=stay available",
        "=be around",
        "=last",
    ),
    "TOO_LONG": (
        "=too long",
        "=too late",
        "=any longer",
        "=much longer",
    ),
    "HARDEN": ("=harden into", "=hardens into", "=fester", "=festers"),
    "AFFORD_TO": ("=afford to",),
    "WASTE": ("=waste", "=lose", "=miss", "=ignore", "=pass up", "=skip"),
    "THERE": ("=there",),
    "DECIDE": (
        "=decide",
        "=decided",
        "=act",
        "=acted",
        "=start",
        "=started",
        "=say yes",
        "=said yes",
        "=commit",
        "=committed",
        "=join",
        "=joined",
        "=moved",
        "=move",
        "=invest",
        "=invested",
        "=took the step",
        "=take the step",
        "=jumped in",
        "=signed up",
    ),
    "MAKES_IT": ("=makes it", "=make it", "=will make it"),
    "HARDER": (
        "=harder",
        "=worse",
        "=tougher",
        "=more expensive",
        "=steeper",
        "=heavier",
    ),
    # social proof
    "JOINED": (
        "=joined",
        "=been through",
        "=gone through",
        "=went through",
        "=using",
        "=running",
        "=signed up",
        "=enrolled",
        "=registered",
        "=bought",
        "=completed",
        "=done it",
        "=trusted",
        "=transformed",
        "=applied",
        "=said yes",
    ),
    "TALKING_ABOUT": ("=talking about", "=raving about", "=buzzing about"),
    "AHEAD": (
        "=getting",
        "=using",
        "=doing",
        "=joining",
        "=ahead",
        "=seeing",
        "=winning",
        "=signed",
        "=moving",
        "=booking",
        "=landing",
        "=booked",
        "=joined",
        "=enrolled",
        "=signed up",
        "=bought",
        "=started",
    ),
    "ALWAYS": ("=always", "=almost always", "=nearly always", "=invariably"),
    "THE_ONES": ("=the ones", "=those", "=the people", "=the ones now"),
    "ALONE": ("=alone", "=on their own", "=by themselves"),
    "NOT_THE_ONES": ("=not the ones", "=not those", "=not the people"),
    "GLAD": ("=glad", "=happy", "=thrilled", "=grateful"),
    "NORM": (
        "=the standard",
        "=the norm",
        "=standard practice",
        "=the default",
        "=the new normal",
    ),
    "BECOME": ("become", "=becoming", "=is now", "=has become"),
    "THE_THING": ("=the thing", "=what"),
    "DO_IT": ("=do", "=does", "=use", "=join"),
    "LAST_ONE": ("=the last one", "=the last person", "=the only one"),
    "FIND_OUT": ("=in", "=to", "=on", "=without"),
    # guaranteed outcome
    "GUARANTEE": ("=guarantee", "=guarantees", "=guaranteed", "=promises", "=ensures"),
    "REWARD": (
        "result",
        "relief",
        "success",
        "outcome",
        "confidence",
        "transformation",
        "client",
        "income",
        "=weight loss",
        "change",
        "breakthrough",
        "progress",
    ),
    "PROMISE": ("=promise",),
    "COMMIT": (
        "=follow",
        "=stick to",
        "=stick with",
        "=commit to",
        "=complete",
        "=work through",
        "=finish",
        "=trust",
        "=do the work",
        "=show up for",
        "=sticks with",
        "=sticks to",
        "=follows",
        "=completes",
        "=does the work",
        "=put in the work",
        "=puts in the work",
        "=shows up",
    ),
    "METHOD": (
        "framework",
        "method",
        "system",
        "programme",
        "program",
        "plan",
        "process",
        "protocol",
        "formula",
        "approach",
        "course",
        "blueprint",
    ),
    "NEVER_HAD": ("=never had", "=never seen", "=never met", "=not once had"),
    "COMPLETE": (
        "=complete",
        "=completes",
        "=finish",
        "=finishes",
        "=follow",
        "=follows",
        "=do",
        "=go through",
        "=stick with",
    ),
    "SUCCEEDED": (
        "=got there",
        "=gotten there",
        "=succeeded",
        "=reached",
        "=achieved",
        "=hit",
        "=seen results",
        "=seen a difference",
        "=made it",
        "=got results",
    ),
    "MISS_TARGET": ("=miss their", "=miss the", "=fail", "=fall short"),
    "TARGET": ("=target", "=targets", "=goal", "=goals", "=mark"),
    "THAT_RELIABLE": ("=that reliable", "=that simple", "=that certain", "=a sure thing"),
    "NOT_A_HOPE": ("=a hope", "=a maybe", "=a wish"),
    "KEEP_WORKING": ("=keep working with you", "=work with you for free", "=refund"),
    "UNTIL_YOU": ("=until you do", "=until you get", "=until you see", "=until you reach"),
    "OUTCOME": (
        "=feel",
        "=lose",
        "=drop",
        "=gain",
        "=double",
        "=triple",
        "=earn",
        "=transform",
        "=fix",
        "=master",
        "=land",
        "=become",
        "=finish",
        "=run",
        "=write",
        "=sleep",
        "=get",
        "=be",
        "=save",
        "=walk out",
        "=have",
        "=see",
        "=reach",
        "=hit",
    ),
    # hype
    "HYPE_WORD": (
        "=life-changing",
        "=life changing",
        "=game-changer",
        "=game changer",
        "=game-changing",
        "=transformative",
        "=revolutionary",
        "=groundbreaking",
        "=breakthrough",
        "=mind-blowing",
        "=jaw-dropping",
        "=miracle",
        "=magic",
        "=unstoppable",
        "=unshakeable",
        "=unshakable",
        "=world-class",
        "=next-level",
        "=transformational",
        "=unlike anything",
        "=like nothing you've",
        "=nothing else comes close",
        "=in a league of its own",
        "=second to none",
        "=look outdated",
        "=looks outdated",
    ),
    "CHANGED": (
        "=changed",
        "=changes",
        "=change",
        "=reorganised",
        "=reorganized",
        "=transformed",
        "=transforms",
        "=redefine",
        "=redefines",
        "=revolutionised",
        "=revolutionized",
        "=rewired",
        "=rewrites",
        "=transform",
        "=reshape",
        "=revolutionise",
        "=revolutionize",
        "=rewire",
        "=turn around",
        "=saved",
    ),
    "EVERYTHING": (
        "=everything",
        "=how an entire",
        "=your whole life",
        "=the way you",
        "=your whole",
        "=your entire",
        "=your life",
        "=your career",
        "=your business",
        "=my life",
        "=my business",
        "=my career",
        "=their lives",
        "=her life",
        "=his life",
        "=yours",
        "=their marriage",
        "=my marriage",
        "=your marriage",
        "=their business",
        "=their career",
    ),
    "MOST": ("=the most", "=the single most", "=most", "=single most"),
    "POWERFUL": ("=powerful", "=effective", "=transformative", "=valuable", "=profound"),
    "THING_SOLD": (
        "tool",
        "method",
        "shortcut",
        "system",
        "framework",
        "programme",
        "program",
        "course",
        "=work",
        "approach",
        "formula",
        "strategy",
        "investment",
        "technique",
    ),
    "CLOSEST_THING": ("=the closest thing", "=the nearest thing"),
    "UNFAIR": ("=unfair advantage", "=secret weapon"),
    # price anchoring
    "ANCHOR": (
        "=ordinarily",
        "=standard",
        "=the standard fee",
        "=the usual fee",
        "=usual price",
        "=normally",
        "=usually",
        "=regularly",
        "=typically",
        "=originally",
        "=was",
        "=valued at",
        "=worth",
        "=would cost",
        "=listed at",
        "=retails at",
        "=rrp",
        "=priced at",
        "=list price",
        "=full price",
        "=value of",
        "=a value of",
        "=regular price",
        "=standard price",
        "=usual price",
        "=normal price",
        "=retail price",
        "=the regular price",
    ),
    "REGULAR": ("=usual", "=standard", "=normal", "=full", "=regular", "=original"),
    "PAST_REF": (
        "=about",
        "=after",
        "=since",
        "=during",
        "=following",
        "=recap",
        "=per",
        "=as per",
    ),
    "IN_VALUE": ("=in value", "=value", "=worth of"),
    "LOWEST": ("=lowest", "=cheapest"),
    "EVER_OFFERED": (
        "=ever",
        "=offered",
        "=price",
        "=rate",
        "=deal",
        "=it's been",
        "=it has been",
    ),
}


# ---- Broad classes: what a tactic is about, not how one email says it -----------------------
# The shapes written in these (tactics.py, "broad" shapes) find two classes near each other in
# a sentence, in either order, so a new wording of the same tactic is still found. Most fire
# only in an email that sells something (OFFER_* below), where the same words are pressure.

FAMILIES.update(
    {
        # what the coach sells, and asking for it
        "PRODUCT": (
            "=batch",
            "=batches",
            "=pilot",
            "=pilots",
            "=beta",
            "=betas",
            "=launch",
            "=launches",
            "=nomination",
            "=nominations",
            "=programme",
            "=programmes",
            "=program",
            "=programs",
            "=cohort",
            "=cohorts",
            "=intensive",
            "=intensives",
            "=mastermind",
            "=masterminds",
            "=membership",
            "=memberships",
            "=package",
            "=packages",
            "=retreat",
            "=retreats",
            "=bootcamp",
            "=bootcamps",
            "=course",
            "=courses",
            "=workshop",
            "=workshops",
            "=masterclass",
            "=masterclasses",
            "=circle",
            "=circles",
            "=accelerator",
            "=accelerators",
            "=academy",
            "=academies",
            "=intake",
            "=intakes",
            "=round",
            "=rounds",
            "=group",
            "=groups",
            "=coaching",
            "=mentorship",
            "=sprint",
            "=sprints",
            "=challenge",
            "=challenges",
            "=block",
            "=blocks",
            "=plan",
            "=plans",
            "=session",
            "=sessions",
            "=call",
            "=calls",
            "=consultation",
            "=consultations",
            "=assessment",
            "=assessments",
            "=audit",
            "=audits",
            "=review",
            "=reviews",
            "=spot",
            "=spots",
            "=place",
            "=places",
            "=seat",
            "=seats",
            "=1:1",
            "=one-to-one",
        ),
        "SELLER_OWN": ("=my", "=our", "=the", "=this", "=next", "=the next", "=my next"),
        "COMMIT_ASK": (
            *_words("join enrol enroll book register apply reserve secure claim grab confirm"),
            "=sign up",
            "=reply yes",
            "=say yes",
            "=hit reply",
            "=just reply",
            "=reply with",
            "=send me",
            "=lock in",
            "=get started",
            "=start on",
            "=hop on",
            "=jump on",
            "=be part",
            "=come along",
            "=take part",
            "=grab",
        ),
        # scarcity
        "SCARCE_N": (
            "=place",
            "=places",
            "=spot",
            "=spots",
            "=seat",
            "=seats",
            "=space",
            "=spaces",
            "=slot",
            "=slots",
            "=openings",
            "=vacancy",
            "=vacancies",
            "=ticket",
            "=tickets",
            "=room",
            "=position",
            "=positions",
            "=availability",
            "=client spots",
            "=chairs",
            "=beds",
            "=rooms",
            "=tables",
            "=mats",
            "=cabins",
            "=bunks",
            "=desks",
            "=lanes",
            "=mat",
            "=chair",
            "=bunk",
            "=cabin",
            "=desk",
            "=lane",
            "=capacity",
            "=room for",
            "=space for",
            "=numbers",
        ),
        "SMALL_QTY": (
            "=a few",
            "=a couple",
            "=a handful",
            "=few",
            "=very few",
            "=not many",
            "=a small number",
            "=limited",
            "=last",
            "=final",
        ),
        "SCARCE_STATE": (
            "=left",
            "=remaining",
            "=remain",
            "=filled",
            "=taken",
            "=gone",
            "=claimed",
            "=snapped",
            "=spoken for",
            "=waitlist",
            "=waiting list",
            "=wait list",
            "=capacity",
            "=capped",
            "=cap",
            "=limit",
            "=limited",
            "=maximum",
            "=max",
            "=sold",
            "=booked up",
            "=fill",
            "=fills",
            "=filling",
            "=going fast",
            "=go fast",
            "=quickly",
            "=scarce",
            "=rarely",
            "=last",
            "=final",
            "=remaining",
            "=still open",
            "=still available",
            "=subscribed",
            "=waitlisted",
            "=at capacity",
            "=booked out",
            "=oversubscribed",
            "=quicker",
            "=faster",
            "=fast",
            "=snapped up",
            "=that's it",
            "=that's it for",
        ),
        "TAKE_PEOPLE": (
            "=take on",
            "=taking on",
            "=take",
            "=taking",
            "=accept",
            "=accepting",
            "=work with",
            "=working with",
            "=let in",
            "=admit",
            "=open",
            "=opening",
            "=have room",
            "=room for",
            "=space for",
            "=coach",
            "=see",
            "=keep",
            "=keeping",
            "=squeeze in",
            "=fit in",
            "=make room for",
        ),
        "NEW_PEOPLE": (
            *_words(
                "competitor teammate peer colleague player speaker attendee nominee graduate rival "
                "client person people member woman man couple leader student founder coach "
                "participant parent writer manager runner athlete family"
            ),
            "=women",
            "=men",
            "=people",
            "=children",
            "=mums",
            "=moms",
            "=dads",
        ),
        # deadlines
        "DATE": (
            *_words(
                "monday tuesday wednesday thursday friday saturday sunday tonight tomorrow "
                "midnight noon january february march april june july august september october "
                "november december weekend"
            ),
            "=end of the week",
            "=end of the month",
            "=end of the day",
            "=end of today",
            "=this week",
            "=next week",
            "=this month",
            "=the 1st",
            "=eod",
            "=next month",
            "=next season",
            "=next quarter",
            "=the weekend",
            "=month-end",
            "=year-end",
            "=end of the tax year",
            "=end of the quarter",
        ),
        "DEADLINE_V": (
            *_words("close expire deadline cutoff lock finalise finalize shut end"),
            "=cut-off",
            "=cut off",
            "=stops",
            "=stop",
            "=go up",
            "=goes up",
            "=going up",
            "=rises",
            "=increases",
            "=comes down",
            "=come down",
            "=disappears",
            "=disappear",
            "=runs out",
            "=run out",
            "=last day",
            "=final day",
            "=last call",
            "=last chance",
            "=final chance",
            "=no longer",
            "=off the table",
            "=holds until",
            "=is held until",
            "=lapse",
            "=lapses",
            "=lapsing",
            "=no longer available",
            "=withdrawn",
            "=pulled",
            "=wraps",
            "=wrap",
            "=wraps up",
            "=closes off",
            "=released",
            "=release",
            "=are released",
            "=goes to",
            "=passed to",
            "=offered to",
            "=won't be here",
            "=won't be around",
            "=won't be available",
            "=be gone",
            "=gone after",
            "=disappear after",
        ),
        "HOLD_IT": (
            "=hold",
            "=holding",
            "=keep",
            "=keeping",
            "=save",
            "=saving",
            "=reserve",
            "=reserving",
            "=honour",
            "=honor",
            "=stands",
            "=valid",
            "=available",
            "=open",
        ),
        "PROMISE_V": (
            "=leave with",
            "=walk out with",
            "=walk away with",
            "=come away with",
            "=finish with",
            "=go home with",
            "=be able to",
            "=wake up",
            "=fall asleep",
            "=finally",
            "=hold",
            "=feel",
            "=look",
            "=sleep",
        ),
        "THE_HARDER": ("=the harder", "=the worse", "=the tougher", "=the deeper", "=the more it"),
        "FUTURE_POINT": (
            "=a year from now",
            "=this time next year",
            "=twelve months from now",
            "=in a year's time",
            "=six months from now",
            "=next year",
        ),
        "STILL_SAME": ("=still", "=the same", "=same"),
        "HOUR_UNITS": ("=hours", "=hrs", "=days", "=minutes", "=mins"),
        "HOLD_ANY": (
            "=held",
            "=hold",
            "=valid",
            "=open",
            "=available",
            "=good",
            "=live",
            "=stands",
            "=runs",
        ),
        "HEAR_BACK": (
            "=hear back",
            "=hear from you",
            "=know by",
            "=let me know",
            "=reply",
            "=respond",
            "=answer",
            "=confirm",
            "=decide",
        ),
        "NOW_WORD": ("=tonight", "=today", "=now", "=right away", "=right now", "=this week"),
        "COACHED_V": (
            "=coach",
            "=coached",
            "=work with",
            "=worked with",
            "=see",
            "=saw",
            "=train",
            "=trained",
            "=help",
            "=helped",
            "=have worked with",
            "='ve worked with",
            "='ve coached",
            "='ve seen",
        ),
        "POSSESSIVE": ("=your", "=my", "=his", "=her", "=their"),
        "PAST_TENSE": ("=was", "=were", "=had", "=passed", "=missed", "=yesterday", "=ago"),
        "WANT_TO": ("=want to", "=wanna", "=want to be"),
        "REPORT_V": ("=tell me", "=tells me", "=told me", "=say", "=says", "=ask me", "=asked me"),
        "SMALL_NUM": _words("one two three four five six seven eight nine"),
        "INSIDER_ALONE": (
            "=backstage pass",
            "=backstage",
            "=golden ticket",
            "=sneak peek",
            "=vip access",
            "=all-access",
            "=insider access",
            "=secret list",
            "=private invitation",
            "=personal invitation",
            "=by invitation only",
            "=invitation only",
            "=invite only",
            "=inner circle",
            "=first dibs",
            "=off the books",
            "=between us",
            "=just between us",
            "=hush-hush",
            "=on the quiet",
            "=not advertised",
            "=between the two of us",
            "=between you and me",
            "=our little secret",
            "=keep this quiet",
            "=keep it quiet",
            "=strictly for",
            "=exclusively for",
            "=existing clients only",
            "=clients only",
            "=members only",
            "=subscribers only",
            "=readers only",
        ),
        "LESS_THAN": (
            "=less than",
            "=cheaper than",
            "=the price of",
            "=the cost of",
            "=about the same as",
            "=less per day than",
        ),
        "TREAT": (
            *_words("coffee latte cappuccino lunch takeaway pizza netflix dinner cinema"),
            "=a night out",
            "=gym membership",
            "=a day",
            "=a week",
        ),
        "CAP_V": (
            "=caps",
            "=cap",
            "=capped",
            "=capping",
            "=limit",
            "=limited to",
            "=maxes out",
            "=max out",
            "=tops out",
        ),
        "START_YOU": (
            "=pop you",
            "=popping you",
            "=start you",
            "=get you started",
            "=onboard you",
            "=enrol you",
            "=enroll you",
            "=add you",
            "=book you",
            "=sign you up",
            "=put you",
            "=pencil you",
            "=slot you",
            "=get you settled",
            "=settle you in",
            "=get you booked",
            "=get you in",
            "=welcome you",
        ),
        "ALWAYS_V": ("=always", "=consistently", "=reliably", "=invariably", "=never fail to"),
        "STARTS_V": (
            "=start",
            "=begin",
            "=meet",
            "=kick off",
            "=get going",
            "=get started",
            "=see each other",
        ),
        # fear of loss: time passing, and things getting worse or going
        "PASSAGE": (
            *_words("day week month year decade season"),
            "=with age",
            "=over time",
            "=later",
            "=soon",
            "=next year",
            "=blink",
            "=wait",
            "=waits",
            "=waiting",
            "=stay put",
            "=staying put",
            "=untreated",
            "=unchecked",
            "=left alone",
            "=ignored",
            "=delay",
            "=the longer",
            "=from here",
            "=from now on",
        ),
        "WORSE": (
            "=narrowing",
            "=narrows",
            "=shrinking",
            "=shrinks",
            "=closing",
            "=worse",
            "=harder",
            "=stubborn",
            "=more stubborn",
            "=entrenched",
            "=more expensive",
            "=paying more",
            "=pay more",
            "=costlier",
            "=higher",
            "=grows",
            "=grow",
            "=deepen",
            "=deepens",
            "=gone",
            "=lost",
            "=lose value",
            "=too late",
            "=made for you",
            "=decided for you",
            "=out of your hands",
            "=harden",
            "=set in",
            "=widens",
            "=widen",
            "=widening",
        ),
        "LOSS_ALONE": (
            "=if nothing changes",
            "=nothing will change",
            "=if you do nothing",
            "=exactly like this one",
            "=exactly like this",
            "=don't come around often",
            "=doesn't come around often",
            "=don't come along often",
            "=doesn't come along often",
            "=rarely comes around",
            "=rare opportunity",
            "=rare chance",
            "=won't see again",
            "=cost of staying put",
            "=cost of doing nothing",
            "=cost of inaction",
            "=cost of waiting",
            "=made for you",
            "=decided for you",
            "=another decade has gone",
            "=won't wait for you",
            "=won't wait",
            "=doesn't wait for",
            "=waits for no one",
            "=wait for no one",
            "=only widens",
            "=only gets worse",
            "=only gets harder",
            "=is a decision",
            "=is still a decision",
        ),
        # guilt and shame: the reader judged for how they treat themselves
        "SHAME_ALONE": (
            "=not fair on your",
            "=not fair to your",
            "=something has to give",
            "=standing in your way",
            "=selling yourself short",
            "=capable of more",
            "=your future self",
            "=how many more",
            "=how much longer",
            "=how long will you",
            "=how long are you going to",
            "=still hesitating",
            "=treat yourself like this",
            "=treat themselves like this",
            "=wouldn't let a friend",
            "=stopped prioritising yourself",
            "=stopped prioritizing yourself",
            "=stopped putting yourself",
            "=ask yourself honestly",
            "=hating the mirror",
            "=and it shows",
            "=you've known for a long time",
            "=you've known for ages",
            "=keep going like this",
            "=let fear",
            "=letting fear",
            "=let your fear",
        ),
        "NEARLY": (
            "=almost",
            "=nearly",
            "=already",
            "=now",
            "=pretty much",
            "=practically",
            "=virtually",
            "=completely",
        ),
        "FRACTION": ("=half", "=most", "=all but", "=a third", "=three quarters", "=two thirds"),
        "YOUR_LAST": ("=your last", "=your recent", "=your latest", "=your previous"),
        "REMEMBER": ("=remember", "=recall", "=haven't forgotten"),
        "GUARANTEE_ALONE": (
            "=will be history",
            "=a thing of the past",
            "=inevitable",
            "=can't not work",
            "=is guaranteed to",
            "=are guaranteed to",
        ),
        "FULL": ("=full", "=fully booked", "=booked up", "=packed", "=at capacity"),
        "VENUE": (*_words("studio class room diary calendar schedule boat bus venue hall table"),),
        "LAST_PERIOD": (
            "=last week",
            "=final week",
            "=last day",
            "=final day",
            "=last weekend",
            "=final weekend",
            "=last few days",
            "=final hours",
            "=last hours",
            "=last month",
            "=final month",
        ),
        "TOP": ("=top", "=the top"),
        "AT_MOST": ("=at most", "=max", "=maximum", "=tops", "=a maximum of", "=no more than"),
        "SCARCE_ALONE": (
            "=sold out",
            "=fully booked",
            "=booked up",
            "=at capacity",
            "=oversubscribed",
            "=first come",
            "=first-come",
            "=one-off",
            "=one-time run",
            "=limited run",
            "=limited edition",
        ),
        "FIRST": ("=first",),
        "REPLY": (
            "=reply",
            "=replies",
            "=respond",
            "=responds",
            "=answer",
            "=email me",
            "=message",
        ),
        "SMALL_ADJ": ("=small", "=tiny", "=intimate", "=limited", "=closed", "=capped"),
        "LAST_RUN": (
            "=once more",
            "=one more time",
            "=one last time",
            "=for the last time",
            "=a final time",
            "=the final time",
            "=last round",
            "=final round",
        ),
        "YOUR_MSG": (
            *_words("thought question enquiry inquiry message note reply comment email story"),
            "=time",
            "=interest",
        ),
        "FURTHER_TO": (
            "=further to",
            "=in response to",
            "=following",
            "=thanks for",
            "=thank you for",
            "=thank you again for",
            "=thanks again for",
            "=great",
            "=good",
            "=lovely",
            "=loved",
            "=enjoyed",
        ),
        "YOU_SENT": (
            "=you sent",
            "=you sent through",
            "=you emailed",
            "=you wrote",
            "=you asked",
            "=you raised",
            "=you brought up",
            "=you left",
        ),
        "THINKING_OF": (
            "=thinking about you",
            "=thinking of you",
            "=thought of you",
            "=thought about you",
            "=had you in mind",
            "=you came to mind",
            "=you popped into my head",
            "=came to mind",
            "=come to mind",
            "=sprang to mind",
            "=first who came to mind",
        ),
        "GOOD_TO_HEAR": (
            "=good to hear",
            "=great to hear",
            "=lovely to hear",
            "=good to see",
            "=great to see",
            "=lovely to see",
            "=good to catch up",
            "=great to catch up",
            "=lovely to catch up",
            "=good to speak",
            "=great to speak",
            "=lovely to speak",
            "=good talking",
            "=great talking",
            "=lovely talking",
            "=good chatting",
            "=great chatting",
            "=good to meet",
            "=great to meet",
            "=lovely to meet",
            "=nice to meet",
            "=good to finally meet",
            "=great to finally meet",
            "=lovely to finally meet",
            "=so good to finally meet",
            "=a joy hearing",
            "=a joy to hear",
            "=loved hearing",
            "=enjoyed hearing",
            "=lovely hearing",
            "=great hearing",
            "=good hearing",
            "=a joy meeting",
            "=a joy to meet",
            "=great to bump into",
            "=good to bump into",
            "=lovely to bump into",
            "=nice to bump into",
            "=great to run into",
            "=good to run into",
            "=lovely to run into",
            "=nice to run into",
        ),
        "LOSS_STRONG": (
            "=left behind",
            "=playing catch-up",
            "=play catch-up",
            "=becoming invisible",
            "=become invisible",
            "=miss the boat",
            "=never get back",
            "=never get it back",
            "=impossible to reverse",
            "=irreversible",
            "=too late",
            "=higher stakes",
            "=missed the window",
            "=miss the window",
            "=closes for good",
            "=gone for good",
            "=never see",
            "=never see it",
            "=fall further behind",
            "=further behind",
            "=hard to undo",
            "=harder to undo",
            "=hard to reverse",
            "=harder to reverse",
            "=one shot",
            "=only get one",
            "=one chance",
            "=never arriving",
            "=never arrives",
            "=passed them by",
            "=passed you by",
            "=pass you by",
            "=left unchecked",
            "=becomes chronic",
            "=chronic",
            "=snowball",
            "=snowballs",
            "=spiral",
            "=spirals",
            "=left on the table",
            "=leaving money on the table",
            "=money on the table",
            "=won't come again",
            "=never come again",
            "=won't come back",
            "=never come back",
            "=only happen once",
            "=won't last",
            "=standing still",
            "=stand still",
            "=stood still",
            "=left standing",
        ),
        "COST_WORD": (
            "=neutral",
            "=free",
            "=costly",
            "=expensive",
            "=price",
            "=choice",
            "=decision",
            "=risk",
            "=risky",
            "=cost",
            "=safe",
        ),
        "WISH_V": ("=wish", "=wished", "=wishes", "=wishing", "=regret", "=regretted", "=regrets"),
        "EARLIER": (
            "=earlier",
            "=sooner",
            "=before",
            "=ago",
            "=first",
            "=started",
            "=done",
            "=another year",
            "=spent",
        ),
        "DONT_BE": ("=don't be", "=do not be", "=never be"),
        "PERSON_WHO": (
            "=the person who",
            "=the one who",
            "=that person",
            "=one of those",
            "=the type",
        ),
        "KNOW_HOW": ("=already know", "=know how", "=know where", "=know what", "=you know"),
        "GOING": ("=going", "=goes", "=ends", "=turns out", "=works out", "=plays out"),
        "MONEY_BACK": (
            "=money back",
            "=money-back",
            "=full refund",
            "=refund",
            "=you don't pay",
            "=it's free",
            "=your next round is on me",
            "=it's on me",
        ),
        "FREE_UNTIL": (
            "=no charge until",
            "=at no charge until",
            "=for free until",
            "=free until you",
        ),
        "AT_LEAST": (
            "=a minimum of",
            "=a minimum",
            "=minimum",
            "=at least",
            "=average",
            "=averages",
            "=on average",
            "=an average of",
            "=typically",
            "=consistently",
        ),
        "RARE": ("=rare", "=rarely", "=seldom", "=unusual", "=almost never", "=hardly ever"),
        "EARN_V": (
            "=booked",
            "=made",
            "=earned",
            "=generated",
            "=brought in",
            "=landed",
            "=closed",
            "=added",
            "=billed",
            "=signed",
            "=made back",
        ),
        "MAKE_BACK": (
            "=make that back",
            "=make it back",
            "=made it back",
            "=made that back",
            "=earn it back",
            "=earn that back",
            "=pays for itself",
            "=paid for itself",
            "=pay for itself",
            "=recover the fee",
            "=recover the cost",
            "=recoup",
            "=recouped",
            "=recover the full fee",
            "=a fraction of the cost",
            "=a fraction of the price",
            "=fraction of the cost",
            "=a fraction of what",
            "=for the price of",
            "=for less than the price of",
            "=the cost of one",
            "=basically free",
            "=practically free",
            "=essentially free",
            "=what you'll save",
            "=a steal",
            "=no-brainer",
            "=a no-brainer",
            # the price set beside what the reader spends or earns anyway
            "=times over",
            "=less than a month",
            "=less than a week",
            "=less than you spend",
            "=less than you're spending",
            "=less than they were spending",
            "=less than you were spending",
            "=costs you half",
            "=costs you double",
            "=costs you twice",
        ),
        "DEADLINE_PREP": ("=before", "=until", "=till", "=by", "=ends", "=closes", "=after"),
        "SCARCE_PRE": (
            "=limited",
            "=last",
            "=final",
            "=remaining",
            "=last few",
            "=final few",
            "=few remaining",
            "=only a few",
            "=only",
        ),
        "OFFER_N": (
            *_words(
                "nomination pilot beta launch offer price pricing rate discount code coupon bonus "
                "deal sale enrolment "
                "enrollment registration intake roster application invitation fee cart "
                "waitlist"
            ),
            "=doors",
            "=early-bird",
            "=early bird",
            "=this round",
            "=spots",
            "=places",
            "=seats",
            "=spaces",
        ),
        # familiarity
        "TALK_PAST": (
            "=spoke",
            "=talked",
            "=chatted",
            "=discussed",
            "=met",
            "=connected",
            "=caught up",
            "=last spoke",
            "=last talked",
            "=were chatting",
            "=were talking",
            "=were speaking",
            "=left off",
            "=got talking",
            "=had a chat",
            "=had our chat",
            "=exchanged",
        ),
        "YOU_TOLD": (
            "=mentioned",
            "=said",
            "=told me",
            "=asked me",
            "=asked about",
            "=shared",
            "=described",
            "=were describing",
            "=were saying",
            "=explained",
            "=brought up",
            "=opened up",
            "=confided",
            "=admitted",
            "=wrote to me",
            "=messaged",
            "=replied",
            "=raised",
            "=were telling me",
            "=were worried",
            "=were nervous",
            "=were hoping",
            "=were planning",
            "=saying",
            "=telling me",
            "=mentioning",
            "=talking about",
        ),
        "I_PROMISED": (
            "=promised",
            "=said i'd",
            "=said i would",
            "=told you",
            "=mentioned",
            "=owe you",
            "=would send",
            "=would get back",
            "=get back to you",
            "=getting back to you",
            "=circle back",
            "=circling back",
        ),
        "CONVO_N": (
            *_words("conversation chat call talk catch-up meeting coffee exchange discussion"),
            "=dms",
            "=dm",
            "=messages",
            "=zoom",
            "=voice note",
        ),
        "PRIOR": (
            "=our",
            "=last",
            "=the other day",
            "=last week",
            "=recent",
            "=earlier",
            "=previous",
        ),
        "REMIND": (
            "=following up",
            "=follow up",
            "=follow-up",
            "=circling back",
            "=picking up",
            "=to pick up",
            "=just checking in",
            "=checking back",
            "=to recap",
            "=as promised",
            "=as discussed",
            "=as agreed",
            "=as mentioned",
            "=as requested",
            "=as you asked",
            "=as i said",
            "=like i said",
            "=where we left",
            "=last time",
            "=since we",
            "=when we",
            "=after we",
            "=great to",
            "=good to",
            "=lovely to",
            "=so nice",
            "=reminder",
            "=a quick reminder",
            "=just a reminder",
        ),
        # assumptive close
        "HOLD_V": (
            "=block",
            "=held",
            "=holding",
            "=reserved",
            "=reserving",
            "=booked",
            "=saved",
            "=saving",
            "=scheduled",
            "=pencilled",
            "=penciled",
            "=blocked",
            "=blocked out",
            "=added",
            "=registered",
            "=enrolled",
            "=signed",
            "=slotted",
            "=set aside",
            "=put",
            "=put aside",
            "=earmarked",
            "=kept",
            "=allocated",
            "=assigned",
            "=lined up",
            "=got you",
            "=locked",
            "=loaded",
            "=marked",
            "=noted",
            "=set up",
            "=arranged",
            "=sorted",
            "=pre-booked",
            "=sent",
            "=pencilling",
            "=penciling",
            "=pencil",
            "=blocking",
            "=taken the liberty",
            "=popped",
            "=squeezed",
            "=fitted",
            "=drafted",
            "=written up",
            "=penned",
        ),
        "HELD_THING": (
            *_words(
                "application enrolment enrollment registration paperwork form rehearsal fitting "
                "session slot seat place spot call appointment assessment consultation booking "
                "reservation intake onboarding kick-off profile time table desk mat bed room "
                "account login calendar diary invite invitation plan start"
            ),
            "=name",
            "=details",
            "=pack",
            "=welcome pack",
            "=kit",
            "=portal",
            "=login",
            "=contract",
            "=invoice",
            "=agreement",
            "=onboarding",
            "=spot",
            "=seat",
            "=place",
            "=class",
            "=date",
            "=start date",
            "=slot",
            "=schedule",
            "=timetable",
            "=programme",
            "=program",
        ),
        "HELD_STATE": (
            "=saved",
            "=held",
            "=reserved",
            "=booked",
            "=confirmed",
            "=ready",
            "=waiting",
            "=on the board",
            "=in the diary",
            "=in the calendar",
            "=in my calendar",
            "=in my diary",
            "=locked in",
            "=all set",
            "=set",
            "=sorted",
            "=pencilled",
            "=penciled",
            "=scheduled",
            "=loaded",
            "=prepared",
            "=being held",
            "=blocked",
            "=yours",
            "=started",
            "=begun",
            "=underway",
            "=in progress",
            "=open",
            "=half done",
            "=filled in",
            "=pre-filled",
            "=on its way",
            "=in the post",
            "=on the way",
            "=being prepared",
            "=being set up",
            "=below",
            "=attached",
            "=reserved for you",
        ),
        "JUST_REPLY": (
            "=confirm",
            "=say yes",
            "=reply yes",
            "=a yes",
            "=yes",
            "=click",
            "=accept",
            "=turn up",
            "=show up",
            "=tick",
            "=sign",
            "=pay",
            "=pick",
            "=choose",
            "=select",
            "=sign",
            "=return",
            "=tick",
        ),
        "ALL_NEED": (
            "=all you need",
            "=all you have",
            "=all i need",
            "=all that's left",
            "=all that remains",
            "=the only thing",
            "=just need",
            "=just reply",
            "=just hit",
            "=simply reply",
            "=simply hit",
            "=only need",
            "=just confirm",
            "=just say",
            "=just click",
            "=just sign",
            "=just pay",
            "=just tick",
            "=simply sign",
        ),
        "SEE_SOON": (
            "=see you",
            "=speak",
            "=talk",
            "=speak soon",
            "=talk soon",
            "=see you then",
            "=see you there",
            "=looking forward to seeing you",
            "=looking forward to our",
            "=can't wait to see you",
        ),
        # exclusivity
        "INSIDER": (
            "=hand-picked",
            "=handpicked",
            "=hand picked",
            "=curated",
            "=invite-only",
            "=invitation-only",
            "=by invitation",
            "=by referral",
            "=selective",
            "=vetted",
            "=inner circle",
            "=inner-circle",
            "=insider",
            "=insiders",
            "=exclusive",
            "=exclusively",
            "=privately",
            "=quietly",
            "=personally",
            "=select",
            "=selected",
            "=chosen",
            "=chose",
            "=picked",
            "=private",
            "=secret",
            "=behind the scenes",
            "=behind closed doors",
            "=under the radar",
            "=off the record",
            "=early access",
            "=first access",
            "=first look",
            "=first dibs",
            "=first refusal",
            "=before anyone else",
            "=before everyone else",
            "=ahead of everyone",
            "=not for everyone",
            "=only for",
            "=only to",
            "=only with",
            "=just for",
            "=just to",
            "=directly",
            "=specifically",
            "=deliberately",
            "=reserved for",
            "=by application",
            "=small circle",
            "=nominated",
            "=nomination",
            "=shortlisted",
            "=put forward",
            "=recommended you",
            "=referred you",
            "=handpick",
            "=hand-pick",
            "=hand pick",
        ),
        "NOT_PUBLIC": (
            "=public",
            "=publicly",
            "=openly",
            "=advertise",
            "=advertised",
            "=advertising",
            "=announce",
            "=announced",
            "=announcing",
            "=social media",
            "=my website",
            "=the website",
            "=listed",
            "=promote",
            "=promoting",
            "=market",
            "=marketing",
            "=publish",
            "=published",
            "=anywhere else",
            "=everyone",
            "=the general list",
            "=the whole list",
            "=the wider list",
            "=newsletter",
            "=my site",
            "=the site",
            "=online",
            "=anywhere",
            "=instagram",
            "=facebook",
            "=linkedin",
        ),
        "FEW_CHOSEN": (
            "=a few",
            "=a handful",
            "=a small group",
            "=a small number",
            "=a short list",
            "=a select",
            "=select few",
            "=one of",
            "=some of",
            "=certain",
            "=people like you",
            "=readers like you",
            "=a couple of",
            "=only",
        ),
        "SHARE_V": (
            "=invite",
            "=inviting",
            "=invited",
            "=offer",
            "=offering",
            "=open",
            "=opening",
            "=share",
            "=sharing",
            "=tell",
            "=telling",
            "=send",
            "=sending",
            "=reach out",
            "=reaching out",
            "=writing to",
            "=emailing",
            "=mention",
            "=mentioning",
            "=release",
            "=releasing",
            "=show",
            "=showing",
            "=extend",
            "=extending",
        ),
        # guilt and shame
        "SHAME": (
            "=excuse",
            "=excuses",
            "=selfish",
            "=lazy",
            "=laziness",
            "=neglect",
            "=neglecting",
            "=avoiding",
            "=avoidance",
            "=hiding",
            "=playing small",
            "=kidding yourself",
            "=fooling yourself",
            "=lying to yourself",
            "=settling",
            "=giving up on",
            "=let down",
            "=letting down",
            "=letting them down",
            "=letting yourself down",
            "=ashamed",
            "=embarrassing",
            "=embarrassed",
            "=failing",
            "=putting yourself last",
            "=last on the list",
            "=scared",
            "=afraid",
            "=cowardice",
            "=weak",
            "=weakness",
            "=irresponsible",
            "=owe it",
            "=owe them",
            "=owe yourself",
            "=deserve better",
            "=deserve more",
            "=deserves better",
            "=deserves more",
            "=honest with yourself",
            "=be honest",
            "=really want",
            "=serious about",
            "=committed to",
            "=willing",
            "=comfortable",
            "=stuck in",
            "=blame",
            "=guilt",
            "=guilty",
            "=same old",
            "=keep telling yourself",
            "=telling yourself",
            "=pretending",
            "=still haven't",
            "=haven't yet",
            "=humiliated",
            "=humiliating",
            "=cringe",
            "=cringing",
            "=mortified",
            "=swallow them",
            "=swallow you",
            "=putting everyone else first",
            "=everyone else first",
            "=long enough",
            "=been meaning",
            "=keep saying",
            "=keep telling",
            "=keep promising",
            "=keep putting",
            "=keep waiting",
            "=really committed",
            "=really serious",
            "=really wanted",
            "=truly committed",
            "=were serious",
            "=were committed",
            "=keep ignoring",
            "=ignoring it",
            "=ignoring",
            "=letting your",
            "=let your health",
            "=letting things slide",
            "=for far too long",
            "=far too long",
        ),
        "LOVED_ONES": (
            *_words("kid child family partner husband wife son daughter team clients"),
            "=loved ones",
            "=the people around you",
            "=those around you",
            "=people who love you",
            "=people who need you",
            "=people who depend on you",
            "=everyone around you",
            "=the people you love",
            "=little ones",
            "=babies",
            "=toddler",
            "=toddlers",
            "=kiddos",
            "=teenagers",
            "=teens",
        ),
        "SUFFER_V": (
            "=deserve",
            "=deserves",
            "=watching",
            "=watch",
            "=notice",
            "=noticing",
            "=noticed",
            "=paying",
            "=pay",
            "=suffer",
            "=suffering",
            "=living with",
            "=live with",
            "=counting on",
            "=depend",
            "=depending",
            "=need you",
            "=needs you",
            "=getting",
            "=get",
            "=left with",
            "=missing",
            "=miss",
            "=see",
            "=seeing",
            "=learning",
            "=copying",
            "=feel",
            "=feeling",
            "=bear",
            "=bearing",
            "=cost",
            "=subsidising",
            "=subsidizing",
            "=sacrificing",
            "=carrying",
            "=picking up",
            "=covering",
            "=waiting",
            "=putting up with",
            "=copy",
        ),
        # fear of loss
        "LOSS": (
            "=lose",
            "=losing",
            "=lost",
            "=waste",
            "=wasted",
            "=wasting",
            "=miss",
            "=missed",
            "=missing",
            "=regret",
            "=regrets",
            "=too late",
            "=gone",
            "=behind",
            "=left behind",
            "=worse",
            "=harder",
            "=tougher",
            "=compound",
            "=compounds",
            "=compounding",
            "=entrenched",
            "=ingrained",
            "=set in",
            "=never get",
            "=won't get",
            "=can't get",
            "=slip",
            "=slips",
            "=slipping",
            "=slip away",
            "=pass you by",
            "=stay stuck",
            "=same job",
            "=same salary",
            "=back to square one",
            "=lock in",
            "=harden",
            "=worsen",
            "=worsens",
            "=deteriorate",
            "=decline",
            "=declines",
            "=shrink",
            "=shrinks",
            "=fade",
            "=fades",
            "=slide",
            "=catch-up",
            "=catch up",
            "=invisible",
            "=fall behind",
            "=falling behind",
            "=left out",
            "=miss the boat",
            "=irrelevant",
            "=higher stakes",
            "=reverse",
            "=never see",
            "=impossible to reverse",
            "=too late",
            "=undo",
            "=forever",
            "=last forever",
            "=passed them by",
            "=passed you by",
            "=passes you by",
            "=pass them by",
            "=scrambling",
            "=scramble",
            "=cost you",
            "=costs you",
            "=costing you",
            "=cost your",
            "=costs your",
            "=cost them",
            "=costs them",
        ),
        "DELAY_V": (
            *_words("wait delay postpone hesitate procrastinate"),
            "=put it off",
            "=put this off",
            "=putting it off",
            "=putting this off",
            "=put off",
            "=leave it",
            "=leaving it",
            "=sit on",
            "=sitting on",
            "=sit out",
            "=stay",
            "=staying",
            "=later",
            "=someday",
            "=one day",
            "=next year",
            "=don't act",
            "=don't decide",
            "=do nothing",
            "=doing nothing",
            "=inaction",
            "=holding off",
            "=hold off",
            "=think about it",
            "=thinking about it",
        ),
        "PERIODS": (
            *_words(
                "day week month year season term quarter decade summer winter spring autumn "
                "evening weekend morning night"
            ),
            "=years",
            "=months",
            "=weeks",
            "=chance",
            "=opportunity",
            "=window",
        ),
        # social proof
        "CROWD": (
            "=most",
            "=most of",
            "=half of",
            "=many",
            "=many of",
            "=lots of",
            "=plenty of",
            "=dozens",
            "=hundreds",
            "=thousands",
            "=everyone",
            "=everybody",
            "=all of",
            "=others",
            "=the rest",
            "=your peers",
            "=your colleagues",
            "=your competitors",
            "=your friends",
            "=people like you",
            "=the ones",
            "=those who",
            "=the people who",
            "=people who",
            "=the women who",
            "=the men who",
            "=the leaders who",
            "=the clients who",
            "=the coaches who",
            "=the parents who",
            "=anyone who",
            "=several",
            "=some of",
            "=a number of",
            "=past clients",
            "=previous clients",
            "=former clients",
            "=nearly every",
            "=almost every",
            "=every other",
            "=most of your",
            "=people just like you",
            "=others like you",
            "=women like you",
            "=parents like you",
            "=leaders like you",
            "=top performers",
            "=high performers",
            "=the most successful",
            "=competitors",
            "=your competitors",
            "=your rivals",
            "=your peer group",
            "=two thirds",
            "=two-thirds",
            "=three quarters",
            "=a third of",
            "=over half",
            "=the smartest",
            "=the brightest",
            "=the best people",
        ),
        "CROWD_ACT": (
            "=joined",
            "=already",
            "=signed up",
            "=enrolled",
            "=registered",
            "=booked",
            "=bought",
            "=said yes",
            "=applied",
            "=snapped",
            "=claimed",
            "=taken",
            "=grabbed",
            "=jumped",
            "=moved",
            "=acted",
            "=decided",
            "=committed",
            "=invested",
            "=started",
            "=been through",
            "=gone through",
            "=went through",
            "=using",
            "=ahead",
            "=getting ahead",
            "=moving",
            "=pulling ahead",
            "=leaving you",
            "=talking about",
            "=raving",
            "=buzzing",
            "=waiting list",
            "=waitlist",
            "=on board",
            "=booked in",
            "=signed",
            "=on board",
            "=made the move",
            "=made the switch",
            "=among them",
            "=one of them",
            "=locked in",
            "=secured",
            "=done this",
            "=done it",
            "=done one",
            "=done the",
            "=qualified",
            "=can't believe",
            "=renewed",
            "=re-enrolled",
            "=came back",
            "=signed on again",
            "=stayed on",
            "=rebooked",
            "=pulling away",
            "=pull away",
            "=pull ahead",
            "=moving ahead",
            "=leaving you behind",
            "=outpacing",
            "=rolled this out",
            "=rolled it out",
        ),
        # guarantees
        "CERTAIN": (
            "=guarantee",
            "=guarantees",
            "=guaranteed",
            "=promise",
            "=promises",
            "=certain",
            "=certainly",
            "=definitely",
            "=absolutely",
            "=without fail",
            "=every time",
            "=every single time",
            "=always works",
            "=never fails",
            "=never failed",
            "=100%",
            "=surely",
            "=assured",
            "=ensure",
            "=ensures",
            "=won't fail",
            "=can't fail",
            "=cannot fail",
            "=fail-proof",
            "=foolproof",
            "=bulletproof",
            "=proven",
            "=no doubt",
            "=money back",
            "=refund",
            "=for free until",
            "=until you",
            "=stake my reputation",
            "=bet my",
            "=full stop",
            "=period",
            "=no question",
            "=without question",
            "=literally everyone",
            "=reliably",
            "=every single one",
            "=no exceptions",
            "=without exception",
            "=for everyone",
            "=every single client",
            "=i know this will",
            "=i know it will",
            "=i know you'll",
            "=i'm certain",
            "=i'm sure you'll",
            "=i just know",
            "=simple as that",
            "=it's that simple",
            "=end of story",
        ),
        "RESULT_V": (
            "=feel",
            "=lose",
            "=drop",
            "=gain",
            "=double",
            "=triple",
            "=earn",
            "=transform",
            "=fix",
            "=master",
            "=land",
            "=become",
            "=finish",
            "=run",
            "=sleep",
            "=save",
            "=walk out",
            "=walk away",
            "=leave with",
            "=reach",
            "=hit",
            "=achieve",
            "=get results",
            "=see results",
            "=be free",
            "=be",
            "=have",
            "=stop",
            "=never",
            "=find",
            "=heal",
            "=recover",
            "=overcome",
            "=beat",
            "=break",
            "=build",
            "=close",
            "=make",
            "=get",
            "=look",
            "=fit",
            "=ease",
            "=disappear",
            "=vanish",
            "=reclaim",
            "=recover",
            "=free up",
            "=gain back",
            "=get back",
            "=win back",
            "=claw back",
            "=bring you back",
            "=give you back",
        ),
        "BY_WHEN": (
            "=by",
            "=within",
            "=in just",
            "=in only",
            "=in under",
            "=by the end",
            "=before the end",
            "=this year",
            "=this fall",
            "=this spring",
            "=this summer",
            "=this autumn",
            "=this winter",
            "=next month",
            "=in weeks",
            "=in days",
            "=weeks",
            "=days",
            "=months",
            "=guaranteed",
            "=by week",
            "=by day",
            "=by month",
            "=by the end of week",
        ),
        "ALL_PEOPLE": (
            "=every",
            "=everyone",
            "=everybody",
            "=every single",
            "=each",
            "=all",
            "=no one",
            "=nobody",
            "=not one",
            "=not a single",
            "=anyone",
            "=never had anyone",
            "=never had a",
            "=never seen",
            "=never had",
            "=never had one",
            "=never had anyone",
            "=not once",
            "=rare for",
        ),
        "SUCCEED_V": (
            "=got there",
            "=gets there",
            "=get there",
            "=succeeded",
            "=succeeds",
            "=reached",
            "=achieved",
            "=hit",
            "=made it",
            "=got results",
            "=seen results",
            "=saw results",
            "=transformed",
            "=changed",
            "=worked",
            "=works",
            "=failed",
            "=fail",
            "=fails",
            "=not get",
            "=not feel",
            "=didn't get",
            "=didn't see",
            "=walked away",
            "=walked out",
            "=with nothing",
            "=come away",
            "=came away",
            "=reporting",
            "=reported",
            "=cleared",
            "=secured",
            "=landed",
            "=doubled",
            "=made their",
            "=got their",
            "=earned",
            "=left feeling",
            "=walked away feeling",
            "=left with",
            "=gone home",
            "=went home",
            "=finally felt",
            "=finished their",
            "=completed their",
            "=could breathe again",
        ),
        # hype
        "HYPE_ADJ": (
            "=life-changing",
            "=life changing",
            "=game-changer",
            "=game changer",
            "=game-changing",
            "=transformative",
            "=transformational",
            "=revolutionary",
            "=groundbreaking",
            "=ground-breaking",
            "=breakthrough",
            "=mind-blowing",
            "=jaw-dropping",
            "=miracle",
            "=miraculous",
            "=magic",
            "=magical",
            "=unstoppable",
            "=unshakeable",
            "=unshakable",
            "=world-class",
            "=next-level",
            "=extraordinary",
            "=phenomenal",
            "=unbelievable",
            "=incredible",
            "=astonishing",
            "=astounding",
            "=staggering",
            "=explosive",
            "=skyrocket",
            "=skyrocketed",
            "=supercharge",
            "=supercharged",
            "=turbocharge",
            "=unparalleled",
            "=unmatched",
            "=unrivalled",
            "=unrivaled",
            "=second to none",
            "=one of a kind",
            "=one-of-a-kind",
            "=quantum leap",
            "=paradigm shift",
            "=epic",
            "=insane",
            "=mind-blowing",
            "=seismic",
            "=unlike anything",
            "=nothing like it",
            "=the secret",
            "=secret weapon",
            "=unfair advantage",
            "=the missing piece",
            "=missing piece",
            "=overnight",
            "=effortless",
            "=effortlessly",
            "=instantly",
            "=total transformation",
            "=complete transformation",
            "=rewire",
            "=rewired",
            "=rewires",
            "=unlock",
            "=unlocks",
            "=unleash",
            "=unleashes",
            "=best-kept",
            "=little-known",
            "=mind blown",
            "=blown away",
            "=blow your mind",
            "=mind blowing",
            "=jaw drop",
            "=completely transform",
            "=totally transform",
            "=transform how",
            "=transform the way",
            "=unprecedented",
            "=life-giving",
            "=soul-changing",
            "=life-affirming",
            "=magical",
            "=truly transformative",
            "=deeply transformative",
            "=reinvention",
            "=total reinvention",
            "=reinvent",
            "=total overhaul",
            "=complete overhaul",
            "=world-first",
            "=world first",
            "=first-ever",
            "=first of its kind",
            "=never-before-seen",
            "=cutting-edge",
            "=state-of-the-art",
            "=most exciting",
            "=missing link",
            "=nobody talks about",
        ),
        "SUPERLATIVE": (
            "=the most",
            "=the single most",
            "=the best",
            "=the only",
            "=the biggest",
            "=the fastest",
            "=the greatest",
            "=the strongest",
            "=the smartest",
            "=the closest",
        ),
        "SOLD_THING": (
            *_words(
                "money decision tool method shortcut system framework programme program course "
                "approach "
                "formula strategy investment technique work protocol process thing decision "
                "experience session intensive retreat cohort offer reset plan blueprint"
            ),
        ),
        # price
        "PRICE_CUE": (
            "=normally",
            "=usually",
            "=regularly",
            "=typically",
            "=originally",
            "=was",
            "=were",
            "=valued",
            "=value",
            "=worth",
            "=would cost",
            "=would normally",
            "=listed",
            "=retails",
            "=rrp",
            "=priced",
            "=list price",
            "=full price",
            "=regular",
            "=standard",
            "=usual",
            "=normal",
            "=retail",
            "=instead of",
            "=rather than",
            "=down to",
            "=drops to",
            "=comes down",
            "=reduced",
            "=discounted",
            "=discount",
            "=off",
            "=save",
            "=saving",
            "=savings",
            "=only",
            "=just",
            "=a fraction",
            "=less than",
            "=under",
            "=for",
            "=at",
            "=it's",
            "=is",
            "=costs",
            "=fee",
            "=investment",
            "=price",
            "=rate",
            "=total",
            "=everything",
            "=all for",
        ),
        # ---- Round 3: states that carry a tactic whoever the subject is (a loss that is
        # final, a guilt told about others, a crowd already moving, a place already held).
        # Ordinary in an email that sells nothing, so counted only where one sells.
        "LOSS_FINAL": (
            "=when it's gone",
            "=what they lost",
            "=what you lost",
            "=never fully recovered",
            "=never recovered",
            "=never got it back",
            "=never came back",
            "=no retake",
            "=no retakes",
            "=no second chance",
            "=no second go",
            "=no do-over",
            "=no do-overs",
            "=no going back",
            "=no way back",
            "=on someone's phone forever",
            "=for good",
            "=left scrambling",
            "=scrambling",
            "=wish they hadn't",
            "=wished they hadn't",
            "=wish they had",
            "=wished they had",
            "=regret it",
            "=regretted it",
            "=doesn't get lower",
            "=doesn't get easier",
            "=won't get easier",
            "=never gets easier",
            "=only gets harder",
            "=gets harder",
            "=the gap opens",
            "=the gap widens",
            "=falling further behind",
            "=could have been doing this",
            "=the same way as the last",
            "=the same as last time",
            "=the email you think about",
            "=nearly doubled in price",
            "=doubled in price",
            "=more by now",
            "=the heavier",
            "=the harder it gets",
            "=the more it costs",
        ),
        "GUILT_STATE": (
            "=it'll be different",
            "=different next year",
            "=for a decade",
            "=are you really going to",
            "=are you really",
            "=you already know what",
            "=what that's costing you",
            "=what it's costing you",
            "=feel bad",
            "=on the sidelines",
            "=sit on the sidelines",
            "=they carry with them",
            "=carry with them",
            "=let it slide",
            "=let them down",
            "=letting them down",
            "=owe it to",
            "=you owe it",
            "=still charging",
            "=how much longer",
            "=another year of",
        ),
        "CROWD_MOVING": (
            "=word has spread",
            "=word is spreading",
            "=word got out",
            "=a flood of",
            "=a rush of",
            "=inundated",
            "=flooded with",
            "=already preparing",
            "=already training",
            "=already ahead",
            "=already moving",
            "=already started",
            "=more sign-ups",
            "=more sign ups",
            "=more signups",
            "=more bookings",
            "=more enquiries",
            "=more applications",
        ),
        "RESULT_SURE": (
            "=without exception",
            "=i can promise",
            "=i stand behind",
            "=in writing",
            "=until you do",
            "=or i'll keep",
            "=or we'll keep",
        ),
        "CHOSEN": (
            "=first person i thought of",
            "=first people i thought of",
            "=first one i thought of",
            "=don't share widely",
            "=don't usually share",
            "=don't usually send",
            "=meant to be part",
            "=meant for you",
            "=not by accident",
            "=by accident",
            "=subscribers first",
            "=members first",
            "=went to you",
            "=already on this path",
            "=hand-picked",
            "=handpicked",
        ),
        "SCARCE_MOVE": (
            "=within hours",
            "=went within",
            "=gone within",
            "=book up",
            "=books up",
            "=the next person on the list",
            "=next person on the list",
            "=next on the list",
        ),
        "URGENT_STATE": (
            "=until the end of the month",
            "=until the end of the week",
            "=go public",
            "=goes public",
            "=open to everyone on",
            "=yours until",
        ),
        # round 8: a selective intake, the last step left, the work already begun, a
        # result promised in so many words
        "SELECTIVE": (
            "=only take on",
            "=only work with",
            "=work only with",
            "=only accept",
            "=accept only",
            "=turn away most",
            "=turn down most",
        ),
        "NOMINATED": ("=i'm choosy", "=by nomination", "=nomination only"),
        # the reader's mind read for them, their effort belittled, their first week built
        "MIND_READ": (
            "=i've got a hunch",
            "=i have a hunch",
            "=i know exactly how you",
            "=than you'd like to admit",
            "=than you'd care to admit",
            "=than you want to admit",
            "=i bet you've",
            "=i'm guessing you",
        ),
        "BELITTLE": (
            "=like a hobbyist",
            "=like an amateur",
            "=like a beginner",
            "=like every other tourist",
            "=like everyone else does",
        ),
        "YOUR_FIRST": (
            "=your first week",
            "=your first session",
            "=your first month",
            "=your first call",
            "=your first lesson",
            "=your first class",
        ),
        "ALL_THATS_NEEDED": (
            "=all that is needed",
            "=all that's needed",
            "=all that's left is",
            "=all that is left is",
            "=all that remains is",
        ),
        "WE_BEGIN": (
            "=when we begin",
            "=when we start",
            "=once we begin",
            "=once we start",
            "=we'll start by",
            "=we will start by",
            "=we'll begin by",
            "=we will begin by",
        ),
        "PROMISE_IT": (
            "=to promise it",
            "=i promise it",
            "=outcome i commit to",
            "=result i commit to",
            "=i commit to that",
        ),
        "HELD_NOW": (
            "=to keep it",
            "=and it's yours",
            "=it's yours",
            "=already booked in",
            "=booked in for",
            "=pencilled in",
            "=penciled in",
        ),
        "FULL_PRICE": ("=back to the full", "=full price", "=back up to"),
        "RESULT_GONE": (
            "=is gone",
            "=are gone",
            "=will be gone",
            "=comes off",
            "=come off",
            "=disappear",
            "=disappears",
            "=goes away",
            "=go away",
            "=falls away",
            "=melts away",
            "=melt away",
            "=fades",
        ),
        "TRANSFORMED": (
            "=won't recognise",
            "=won't recognize",
            "=won't believe the difference",
            "=never look back",
            "=a new person",
            "=a different person",
        ),
        "ON_OWN": ("=on their own", "=on its own", "=by itself", "=by themselves", "=itself"),
        "HEARING": (
            "=hearing about",
            "=hear about",
            "=know about",
            "=being told",
            "=getting this",
            "=seeing this",
        ),
        # probe 18's classes
        "SELF_JUDGE": (
            "=hiding",
            "=laziness",
            "=lazy",
            "=the same excuse",
            "=excuses",
            "=your younger self",
            "=cancels on yourself",
            "=cancel on yourself",
            "=let yourself down",
            "=letting yourself down",
            "=playing small",
            "=settling for",
            "=bigger plans than this",
            "=deep down",
            "=quiet cost",
        ),
        "FELLOW": (
            "=your fellow",
            "=fellow",
            "=from your company",
            "=from your team",
            "=from your school",
        ),
        "COUNT_ANY": ("=a dozen", "=dozens", "=several", "=so many", "=a lot of", "=enough"),
        "FAILED": ("=hasn't failed", "=never failed", "=has never failed", "=not failed yet"),
        "FROM_NOW": ("=from now", "=from today"),
        "WHATEVER": (
            "=whatever your",
            "=no matter your",
            "=no matter what",
            "=no matter how",
            "=regardless of",
            "=whoever you are",
        ),
        "WORKS_V": ("=works", "=work", "=will work", "=worked"),
        "TELLING": ("=telling", "=told", "=inviting", "=asking", "=writing to", "=offering"),
        # the grammar of the round-3 classes: a group and a verb that carries the tactic
        "GROUP_MOVE": (
            "=already",
            "=quietly",
            "=tripled",
            "=doubled",
            "=quadrupled",
            "=soared",
            "=poured in",
            "=flooded in",
            "=signing up",
            "=joining",
            "=booking",
            "=piling in",
        ),
        "GROUP": (
            "=bookings",
            "=sign-ups",
            "=signups",
            "=enquiries",
            "=applications",
            "=others",
            "=other",
            "=couples",
            "=rivals",
            "=competitors",
        ),
        "STEADILY": (
            "=consistently",
            "=reliably",
            "=invariably",
            "=always",
            "=predictably",
            "=routinely",
            "=without exception",
        ),
        "EXPECT": (
            "=expect",
            "=you can expect",
            "=count on",
            "=you can count on",
            "=look forward to",
        ),
        "WITHOUT": ("=without",),
        "NO_WAY": ("=no way you", "=there's no way you", "=impossible to", "=can't help but"),
        "COACHED": (
            "=coached",
            "=worked with",
            "=trained",
            "=taught",
            "=helped",
            "=coach",
            "=work with",
            "=train",
        ),
        "FINISH_V": (
            "=complete",
            "=completes",
            "=completed",
            "=finish",
            "=finishes",
            "=finished",
            "=follow",
            "=follows",
            "=stick with",
            "=show up",
            "=shows up",
            "=do the programme",
            "=do the program",
        ),
        "SEE_RESULT": (
            "=report",
            "=see",
            "=notice",
            "=feel",
            "=get",
            "=achieve",
            "=reach",
            "=walk away with",
            "=leave with",
        ),
        "PUT_OFF": (
            "=put it off",
            "=put off",
            "=putting it off",
            "=wait",
            "=waited",
            "=waiting",
            "=skip",
            "=skipped",
            "=skip it",
            "=delay",
            "=delayed",
            "=leave it",
            "=left it",
            "=hold off",
            "=held off",
        ),
        "PAY_LATER": (
            "=end up",
            "=ends up",
            "=ended up",
            "=wish",
            "=wished",
            "=regret",
            "=regretted",
            "=tell me later",
            "=told me later",
            "=pay twice",
            "=pay more",
            "=paid more",
            "=decision for them",
            "=too late",
        ),
        "WATCHED": ("=watched", "=seen", "=watch", "=too many"),
        "DAMAGE": ("=the damage is done", "=too late", "=it's gone", "=the moment has passed"),
        "COME_AGAIN": (
            "=come round again",
            "=come around again",
            "=comes round again",
            "=comes around again",
            "=come back",
            "=comes back",
            "=come again",
            "=get it back",
            "=get them back",
            "=gives it back",
            "=give it back",
            "=gives them back",
        ),
        "DEPEND_V": (
            "=are paying",
            "=is paying",
            "=pay for this",
            "=paying for",
            "=notice",
            "=notices",
            "=see",
            "=sees",
            "=deserve",
            "=deserves",
            "=carry",
            "=are watching",
            "=is watching",
            "=copy",
            "=learn from",
            "=pick up on",
            "=are counting on",
            "=is counting on",
        ),
        "DEPENDENTS_ANY": (
            "=the people who rely on you",
            "=people who rely on you",
            "=who rely on you",
            "=who count on you",
            *_words("kid child son daughter team partner husband wife family"),
            "=children",
        ),
        "WOULD_HAVE": ("=would have", "=would've", "=should have", "=should've", "=ought to have"),
        "BY_NOW": ("=by now", "=long ago", "=years ago"),
        "WENT": (
            "=went",
            "=gone",
            "=were taken",
            "=got taken",
            "=was taken",
            "=sold",
            "=sold out",
            "=filled",
            "=booked",
            "=snapped up",
        ),
        "SPEED": (
            "=immediately",
            "=almost immediately",
            "=quickly",
            "=fast",
            "=in hours",
            "=within hours",
            "=within days",
            "=in a day",
            "=overnight",
            "=in minutes",
            "=straight away",
            "=at once",
        ),
        "KEPT_FOR": ("=reserved for", "=kept for", "=held for", "=saved for", "=only for"),
        "OFF_PUBLIC": (
            "=isn't on the website",
            "=not on the website",
            "=not on my website",
            "=won't be public",
            "=not public",
            "=never advertised",
            "=not advertised",
            "=off the record",
        ),
        "DECIDE_V": (
            "=decide",
            "=make up your mind",
            "=let me know",
            "=say yes",
            "=confirm",
            "=claim",
            "=grab",
        ),
        "PUBLIC_LIST": (
            "=the public list",
            "=public",
            "=the waiting list",
            "=the waitlist",
            "=the wider list",
            "=everyone",
        ),
    }
)


# round 9 (fresh_19/20): a price set against what something else costs, the yes taken for
# granted in a welcome, the reader's life read for them, a shame named, loss as what time does
FAMILIES.update(
    {
        "COST_V": ("=cost", "=costs", "=pay", "=paid", "=spend", "=spent", "=charge", "=charges"),
        "THAN_THAT": (
            "=more than that",
            "=more than this",
            "=rather more than that",
            "=far more than that",
            "=much more than that",
            "=that much",
            "=that for",
        ),
        "SINGLE_UNIT": (
            "=a single hour",
            "=a single night",
            "=a single session",
            "=a single day",
            "=a single month",
            "=a single year",
            "=one session with",
            "=one session of",
            "=one hour with",
            "=one hour of",
        ),
        "SET_AGAINST": (
            "=what you've spent on",
            "=think of what you've spent",
            "=what you already spend on",
            "=modest when you consider",
            "=small when you consider",
            "=nothing when you consider",
        ),
        "LOOK_FORWARD": (
            "=look forward to",
            "=looking forward to",
            "=glad to",
            "=delighted to",
            "=thrilled to",
        ),
        "WELCOME_YOU": (
            "=meeting you",
            "=welcoming you",
            "=welcome you",
            "=reviewing your",
            "=having you",
            "=seeing you in",
        ),
        "SET_UP_YOUR": ("=set up your", "=reserved your", "=booked your", "=started your"),
        "WELCOME_NEXT": (
            "=your welcome email",
            "=welcome email",
            "=your welcome pack",
            "=your welcome call",
            "=your joining instructions",
            "=your login details",
            "=the day you join",
            "=the moment you join",
            "=as soon as you join",
        ),
        "CALL_YOU": ("=give you a ring", "=give you a call", "=call you", "=ring you"),
        "ASSUME_YES": (
            "=i'm trusting you'll",
            "=i'm trusting you will",
            "=i'm going to assume",
            "=i'll assume you",
            "=i'll assume you're",
            "=i'm assuming you'll",
        ),
        # "I know you." said to a stranger, the sentence ending there
        # "I can assure you", "I've seen it too many times": certainty vouched for by the writer
        "ASSURE_YOU": (
            "=i can assure you",
            "=i assure you",
            "=i can promise you",
            "=i promise you",
            "=i've seen it too many times",
            "=i've seen it happen too many times",
            "=i have seen it too many times",
        ),
        # "we will block the evening slot": the writer about to hold a place for the reader
        "HOLD_NEXT": ("=block", "=hold", "=reserve", "=pencil in", "=block out"),
        # "on one of the four points": a count placed somewhere, not a crowd that chose
        "PLACE_PREP": ("=on", "=at", "=in", "=onto", "=into", "=under", "=between", "=above"),
        # what follows a yes, sent before the reader gave one
        "BILLING": (
            "=invoice",
            "=the invoice",
            "=your invoice",
            "=welcome letter",
            "=your welcome letter",
            "=welcome email",
            "=your welcome email",
            "=payment link",
            "=the payment link",
        ),
        # the crowd's choice said as the reader's next step
        "CROWD_CLAIM": ("=you could be next", "=you're next", "=everyone does", "=everybody does"),
        # "don't hang about": a hurry in a set phrase
        "DONT_DELAY": (
            "=don't hang about",
            "=don't hang around",
            "=don't sit on this",
            "=don't sleep on this",
            "=don't sleep on it",
        ),
        "KNOW_YOU_BARE": ("=i know you", "=i get you", "=i see you"),
        # "I won't run another until next year": the next chance put off
        "ANOTHER_RUN": ("=another", "=another one", "=it again", "=this again", "=one again"),
        "KNOW_YOU": (
            "=i know you've",
            "=i know you have",
            "=i know exactly where you",
            "=i know exactly what you",
            "=i know you're",
            "=i know you are",
            "=i know how hard you",
            "=i know how much you",
            "=i feel you are",
            "=i feel you're",
            "=i sense you",
            "=i sense you've",
            "=i sense you're",
            "=i've noticed you",
            "=i have noticed you",
            "=i'm guessing",
            "=you'll know that by now",
            "=you'll know by now",
            "=what you've been needing",
            "=what you've been missing",
            "=since the day you joined",
            "=i think you'd rather",
        ),
        "SHAME_NAMED": (
            "=be a shame to",
            "=a shame to let",
            "=go to waste",
            "=or are you going to",
            "=you're still paying",
            "=that's not a business",
            "=you'll be the one",
            "=you'll be the chap",
            "=you'll be the person",
            "=from watching us",
            "=from watching you",
            "=you might be too",
            "=a grown adult",
            "=repeat the same",
            "=kids remember",
            "=children remember",
        ),
        "TIME_TAKES": (
            "=go so fast",
            "=goes so fast",
            "=go by so fast",
            "=fly by",
            "=flies by",
            "=sets the tone for",
            "=set the tone for",
            "=tend to stick",
            "=tends to stick",
            "=give up within",
            "=gives up within",
            "=quit within",
            "=exactly where they started",
            "=back where they started",
            "=right where they started",
            "=exactly where you started",
            "=forfeited",
            "=use it or lose it",
            "=stay relevant",
            "=ahead of you",
            "=never submit",
            "=your window",
            "=until something gives",
            "=borrowed from your",
        ),
        "YOU_WILL_FINISH": ("=you will finish", "=you'll finish"),
        "SURE_ACROSS": (
            "=consistent across every",
            "=consistent across all",
        ),
        "OPEN_WIDER": (
            "=before we open it to",
            "=before we open to",
            "=before it opens to",
            "=the wider club",
            "=turn more people away",
            "=turn people away",
            "=i turn away",
            "=i shan't name",
            "=i can't name",
            "=because you just joined",
            "=you just joined",
        ),
        "KEEP_TO": ("=keep it to", "=keep numbers to"),
        "KEEP_GROUP_TO": ("=keep the circle to", "=keep the group to"),
        "SO_MANY": ("=so many", "=hundreds of", "=dozens of"),
        "WOULD_RECOMMEND": ("=would recommend",),
        "INCLUDE_NAMES": ("=alumni include", "=past clients include", "=clients include"),
        "TOLD_ME": ("=have told me", "=told me they", "=tell me they"),
        "WAIT_NOT": (
            "=let's not wait",
            "=before the door",
            "=the sooner you",
            "=not reopening until",
            "=won't reopen until",
            "=won't be reopening",
            "=go within",
            "=gone within a day",
        ),
        "HYPE_MORE": ("=the most fun",),
        # an email that says in so many words it sells nothing
        "NO_SALE": (
            "=no programme",
            "=no program",
            "=no offer",
            "=no pitch",
            "=nothing to sell",
            "=nothing to buy",
            "=not selling anything",
        ),
    }
)


_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"


_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"


TOKEN_FAMILIES: dict[str, str] = {
    "QUANTITY": rf"\d+(?:,\d{{3}})*|{_TENS}-{_UNITS}",
    "MANY": rf"\d{{2,}}(?:,\d{{3}})*|\d{{1,3}}(?:,\d{{3}})+|{_TENS}(?:-{_UNITS})?",
    "TIME": r"\d{1,2}(?:[:.]\d{2})?(?:am|pm)|\d{1,2}:\d{2}|\d{1,2}(?:st|nd|rd|th)",
    "AMOUNT": r"[$€£¥].*",
    "PERCENT": r"\d+(?:\.\d+)?%",
    # a count small enough to press: "3 spots", not "20 places"
    "SMALL_NUM": r"[1-9]",
}


# Why each tactic is pressure, and a kinder way to say it. A shape may have its own text.
TEXTS: dict[str, tuple[str, str]] = {
    "false-urgency": (
        "A deadline or a closing door pushes the reader to decide on your clock, not theirs.",
        "Leave the deadline out; if a date really matters, state it once, calmly, after the value.",
    ),
    "false-scarcity": (
        "Counting places or saying they are running out pushes a decision through scarcity.",
        "Say plainly how you work (e.g. 'I work with a small number of clients at a time') and "
        "let them decide when it's right.",
    ),
    "fake-familiarity": (
        "This claims an earlier conversation or reply the reader never had with you.",
        "Say what the email is about; if you have written before, name that email plainly.",
    ),
    "assumptive-close": (
        "This assumes a yes the reader never gave: a time or place is already held for them.",
        "Offer the time and let them choose: 'If you'd like a session, reply and we'll find a "
        "time that suits you.'",
    ),
    "exclusivity": (
        "Insider or hand-picked framing flatters the reader into a yes.",
        "Say who it's for and let anyone who fits ask about it.",
    ),
    "guilt-shame": (
        "This makes the reader feel guilty or ashamed for not acting.",
        "Assume good faith: acknowledge where they are and offer help without judging them.",
    ),
    "fear-of-loss": (
        "This warns of what waiting will cost the reader, to scare them into acting.",
        "Acknowledge that waiting is a valid choice; describe what you offer, not what they'll "
        "lose.",
    ),
    "social-proof-pressure": (
        "Other people's choices are used as pressure: everyone is doing it, don't be left out.",
        "Tell one person's story, with their permission, and let the reader judge for themselves.",
    ),
    "price-anchoring": (
        "An inflated 'normal' price or a discount makes the real price look like a bargain.",
        "State the one real price, once, after the value — no crossed-out figure.",
    ),
    "guaranteed-outcome": (
        "This promises a result with certainty; no coach can honestly promise an outcome.",
        "Describe what you'll do together and what clients have typically experienced.",
    ),
    "hype": (
        "Superlatives and big transformation claims promise more than an email can show.",
        "Use one specific, modest example instead of a superlative.",
    ),
    "familiarity.reply-subject": (
        "'Re:' or 'Fwd:' on a first email fakes an earlier conversation.",
        "Remove 'Re:'/'Fwd:' and say what the email is about.",
    ),
    "familiarity.follow-up-first": (
        "This is the first email you send them, so there is nothing to follow up on.",
        "Introduce yourself and the email's one idea instead.",
    ),
    "assumptive.logistics": (
        "Sending details for a meeting they never agreed to assumes their yes.",
        "Wait for them to choose a time before sending links or directions.",
    ),
    "price-anchoring.pair": (
        "A second, lower price set against an anchor is there to make it feel like a bargain.",
        "State the one real price, once, after the value.",
    ),
    "urgency.no-new": (
        "Shutting the door after a date is a deadline in other words.",
        "If you do close intake, say so once and tell them when it opens again.",
    ),
}


# ---- The other rules -----------------------------------------------------------------------

BUY_CALL = [
    (
        r"\bbuy(?!-in)(?:ing)? (?:now|today|it|this|my|the|here|your|a (?:seat|spot|ticket|copy))\b"
        r"|\b(?:purchase|order) (?:now|today|here|yours|your (?:copy|spot|seat))\b"
        r"|\b(?:check ?out) (?:now|here|today)\b",
        "Asking for a purchase belongs in an Invitation email, not a Value or Question email.",
        "Keep this email free of offers; invite a reply instead, and save the offer for an "
        "Invitation email.",
    ),
    (
        r"\bbook (?:a|an|your|my|the|yourself a|in for a)?\s*(?:free\s+|quick\s+|short\s+|\d+[- ]"
        r"minute\s+)?(?:discovery |strategy |clarity |coaching |sales |consultation |intro )?"
        r"(?:call|session|consult(?:ation)?|chat|appointment|spot|seat|place|slot|time with me)\b"
        r"(?!\s+with\s+(?:your|a|an|the|them|him|her|someone))"
        r"|\b(?:schedule|grab|reserve|claim|secure|snag|save|lock in) (?:a|an|your"
        r"|my)\s+(?:free\s+)?"
        r"(?:call|session|consult(?:ation)?|spot|seat|place|ticket|discount|bonus|slot)\b"
        r"(?!\s+with\s+(?:your|a|an|the|them|him|her|someone))",
        "Asking them to book or claim a spot in a Value or Question email turns it into a pitch.",
        "Let this email give or ask; if they want to talk, they can reply. Save booking links "
        "for an Invitation email.",
    ),
    (
        rf"\benrol(?:l)?(?:\s+(?:now|today|here|in (?:my|our|the)))\b"
        rf"|\benrol?lment (?:is )?(?:now )?open\b"
        rf"|\bsign(?:ing)? up (?:for|to) (?:my|our|the) {_PRODUCT}\b|\bsign up (?:now|today|here)\b"
        rf"|\bjoin (?:my|our|the) (?:[a-z-]+ )?{_PRODUCT}\b|\bjoin (?:now|today|here)\b"
        rf"|\b(?:get|gain) (?:instant|immediate|lifetime) access\b|\bapply (?:now|today|here)\b"
        r"|\b(?:want|like|love|ready|interested in|apply|chance|invite you) to work (?:1:1 "
        r"|one-on-one "
        r"|one to one )?with (?:me|us)\b|\bwork (?:1:1 |one-on-one )?with (?:me|us) (?:1:1"
        r"|one-on-one"
        r"|here|today|now)\b|\bhire me\b",
        "Selling the program in a Value or Question email breaks the promise of value first.",
        "Keep this email about them; invite a reply, and move the offer to an Invitation email.",
    ),
]


SUBJECT_BAIT = [
    (
        # "Urgent" as a label, not "when everything feels urgent".
        r"^urgent\b|\burgent\s*[:!]|\burgent (?:reply|response|action|update|notice|request)"
        r"|\b(?:action required|final notice|final warning|last warning|immediate action"
        r"|respond immediately|open immediately|read immediately|time[- ]sensitive"
        r"|open (?:this )?now"
        r"|account (?:suspended|closed|on hold)|payment (?:failed|declined)"
        r"|you(?:'ve| have) (?:won|been selected)|don't open this|deleting you|removing you"
        r"|your (?:order|invoice|receipt|payment|account|subscription) (?:is|has|was)\b"
        r"|congratulations,? you)\b",
        "This subject line pretends to be urgent or official to get the email opened.",
        "Write a subject that says honestly what's inside, e.g. the question or idea it offers.",
    ),
]


_FAKE_REPLY = re.compile(r"^\s*(?:re|fwd?|fw)\s*:", re.IGNORECASE)


_CTA_PHRASE = (
    r"\b(?:(?:please|just|simply|so|then|now|and|or|you can|you could|feel free to|go ahead and"
    r"|be sure to|make sure to|don't forget to)\s+)?"
    r"(?P<cta>(?:click(?:ing)? (?:here|the (?:link|button)|below|this link|through)|tap (?:here"
    r"|the "
    r"link|below)|buy(?!-in)(?! (?:yourself|myself|some) time)\b|purchase\b|order (?:now|today|here"
    r"|yours)|book (?:a|an|your|my|the"
    r"|in|now|today|here)\b|schedule (?:a|an|your) (?:call|session|time|chat|consult)|sign up"
    r"|register\b|enrol(?:l)?\b|join (?:now|today|here|us|the|my|our)\b|grab (?:your|a|the|my)\b"
    r"|claim (?:your|a|the)\b|reserve (?:your|a)\b|secure (?:your|a)\b|save your (?:seat|spot"
    r"|place)|lock in\b|download (?:it|the|your|here|now|my)\b|get (?:instant |lifetime "
    r"|immediate )?access|get (?:it|yours|your copy|started) (?:here|now|today)|learn more"
    r"|find out more|read more|watch (?:it|the video|now|here)|check (?:it|this|them) out"
    r"|apply (?:now|today|here)|rsvp\b|pick a time|choose a time|start your (?:free )?trial"
    r"|shop (?:now|the sale)|subscribe\b|visit (?:my|our|the) (?:site|website|page|shop|store))"
    # After a determiner, take the object too: "Book a call", not "Book a".
    r"(?:(?:(?<=\ba)|(?<=\ban)|(?<=\bthe)|(?<=\byour)|(?<=\bmy)|(?<=\bour))\s+[\w'-]+)?)"
)


_REPLY_REQUEST = re.compile(
    r"\b(?:hit reply|just reply|simply reply|reply (?:to this|and|with|if|here)|write back"
    r"|let me know|email me|drop me a (?:line|note))\b",
    re.IGNORECASE,
)


# Booking and checkout links are a call to buy wherever they appear in a Value email.
_CHECKOUT_URL = re.compile(
    r"(?:checkout|/buy\b|/cart\b|/order|/pay\b|/payment|/purchase|/enrol|calendly\.com"
    r"|gumroad\.com|buy\.stripe\.com|paypal\.|thrivecart|samcart|/book(?:ing)?\b|/apply\b)",
    re.IGNORECASE,
)


# The language of the word list (pyspellchecker's) that tells a capitalised name from a
# shouted English word.
SPELLING_LANGUAGE = "en"


_ACRONYMS = frozenset(
    """AI API ADHD AM ASAP B2B B2C BBC CBT CEO CFO COO CTO CV CRM COVID DIY DISC DM EFT EQ ETA EU
    FAQ FYI GDPR GP GPS GROW HIIT HIPAA HR HRV ICF IQ IT KPI LA LLC MBA MBTI MCC NASA NHS NLP
    NYC OK OKR OOO PCC PDF PERMA PHD PM PPS PS PTSD QA REM ROI RSVP SAAS SEO SMART SMS STAR
    TED TV UI UK UN US USA UX VA VIP WHO WIFI ACC ACT HQ ID MD OCD PR SME TBC TBD
    NB""".split()  # noqa: SIM905
)


# Short all-caps words that are ordinary English, so in caps they are shouting, not acronyms.
_COMMON_SHORT = frozenset(
    """ALL AND ANY ARE ASK BE BEST BIG BUY CAN DAY DEAL DO DONT EASY END ENDS EVER FAST FOR FREE
    GET GIFT GO HAS HOT HOW HUGE IN IS JOIN JUST LAST LIVE LOVE MAKE MISS MORE MOST MUST MY
    NEW NEXT NO NOT NOW OF OFF OMG ON ONE ONLY OPEN OR OUR OUT OWN SALE SAVE SEE SO STOP THE
    THIS TIME TO TOO TWO UP WAIT WAS WE WHAT WHY WILL WIN WOW YES YOU YOUR DON'T WON'T CAN'T
    IT'S YOU'RE I'M""".split()  # noqa: SIM905
)


# ---- Scope: quotes, negation, examples -------------------------------------------------------

CLAUSE_BOUNDARY = (
    r"[.!?;:\n()\[\]—–,]|\s-\s|\b(?:but|and|so|because|though|although|however|yet|unless|then)\b"
)


# Words that deny what follows them in the clause ("no deadline", "not a limited-time
# offer"). A denial reaches a few words, or further through a verb of saying ("I'm not going
# to tell you it's your last chance").
NEGATION = (
    r"\b(?:no(?![- ](?:doubt|matter|later|more than|less than|sooner|brainer))|not(?! only| just)"
    r"|never|without|nothing(?! short of)|none|nobody|neither|nor|cannot|hardly|zero|instead of"
    r"|rather than"
    r"|avoid\w*|skip|forget|stop|unlike|no-one|no one"
    # a rhetorical question is no denial: "isn't it time you...", "don't you deserve..."
    r"|(?!can't\s+wait|isn't\s+it\s+time|aren't\s+you|don't\s+you)\w+n't)\b"
)


NEGATION_REACH_WORDS = 3


SAYING = (
    r"\b(?:tell|told|say|said|saying|pretend\w*|promis\w*|claim\w*|call\w*|write|writing"
    r"|use|using|send|sending|believe|need|have to|feel|made to feel)\b"
)


# Words that make what follows in the clause an example or a hypothesis, not a claim:
# "ads like 'only 3 left'", "whether I can guarantee results".
MENTION = (
    r"\b(?:phrases?|lines?|words?|things|emails?|subject lines?|messages?|ads?|slogans?|tactics?"
    r"|claims?) (?:like|such as|that say|saying)\b|\bsuch as\b|\b(?:they|marketers|coaches"
    r"|people|someone|ads?|emails?|others|salespeople|gurus|clients) (?:may |might |will "
    r"|often |sometimes |love to )?(?:say|says|said|tell you|tell me|told me|claim"
    r"|promise|write|shout)\b"
    # advice on what to tell one's own readers: "tell people the real date the doors close"
    r"|\btell (?:people|them|your (?:list|readers|audience|clients|subscribers|customers))\b"
    # a third party's claim being described: "some programmes promise", "if anyone guarantees"
    r"|\b(?:some|other|many|most|a lot of|plenty of)\s+(?:\w+\s+)?(?:programmes?|programs?"
    r"|coaches|courses|marketers|ads|gurus|sellers|companies|brands|influencers|retreats"
    r"|launches|emails)\s+(?:\w+\s+)?(?:promise|claim|say|tell|sell|offer|guarantee|shout"
    r"|push)\w*\b|\b(?:if|when|whenever)\s+(?:anyone|someone|somebody|a coach|an ad|an email"
    r"|a programme|a program|a course)\b"
    r"|\banyone who (?:says|promises|claims|guarantees|tells you)\b"
    r"|\bwhether\b|\bwary of\b|\bwatch (?:out )?for\b"
    # someone else's offer: "the garden centre's bulb sale ends" (not "this week's sale")
    r"|\b(?!(?:today|tonight|tomorrow|this|next|week|month|year|weekend|monday|tuesday"
    r"|wednesday|thursday|friday|saturday|sunday|season|spring|summer|autumn|winter|it|that"
    r"|there|here|what|who|he|she|let)\b)[a-z]+'s\s+"
    # ("the diary's almost full" is "is", not a possessive)
    r"(?:(?!almost|nearly|now|already|not|just|still|really|very|getting|been|going|got|so)"
    r"[a-z-]+\s+)?$"
    # advice about the reader's own offer: "should you run a discount?"
    r"|\bshould (?:you|i|we)\b"
    # what adverts say, quoted without quote marks: "emails that scream last chance"
    r"|\b(?:emails?|ads?|adverts?|posts?|pages?|brands?|companies|gyms?|shops?|stores?|apps?"
    r"|marketers?|gurus?|influencers?|launches|sales? pages?|headlines?|retreats?|courses?"
    r"|programmes?|programs?|products?|books?|workshops?|diets?|plans?|systems?|methods?"
    r"|coaches|seminars?)\s+(?:that|which|who)\s+"
    r"(?:\w+\s+)?(?:say|says|scream|screams|shout|shouts|yell|yells|promise|promises|claim"
    r"|claims|tell you|push|pushes|use|uses)\b"
    # a belief told as past, or someone else's claim: "I used to think I had to act now",
    # "my friend swore it would change her life"
    # an impulse described, not urged: "the temptation when you're uncomfortable is to act now"
    r"|\b(?:temptation|urge|instinct|impulse|reflex)\b[^.!?\n]{0,60}\bis to\b"
    r"|\b(?:i|we) (?:used to (?:think|believe|tell (?:myself|ourselves))|thought|believed"
    r"|told (?:myself|ourselves)|was told|were told)\b"
    r"|\b(?:my|a|her|his|their|your|one) (?:friend|neighbou?r|client|colleague|sister|brother"
    r"|mum|mom|dad|partner|boss|cousin|aunt|uncle) (?:once |always |often |recently )?"
    r"(?:swore|promised|claimed|insisted|said"
    r"|told me|believed|was told)\b"
)


GREETING = (
    r"^\s*(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hiya)\b[^\n]*"
    r"|name\s*[,!]?\s*)$"
)


ASSUMPTIVE_IDIOMS = (
    (
        r"\bsee you (?:on the )?inside\b",
        "'See you inside' speaks as if they had already joined.",
        "Invite them in and let them choose: 'If it suits you, the door's here.'",
    ),
)


LEXICON = Lexicon(
    language="en",
    stemmer="english",
    families=FAMILIES,
    token_families=TOKEN_FAMILIES,
    idioms={
        "false-urgency": URGENCY_IDIOMS,
        "false-scarcity": SCARCITY_IDIOMS,
        "fear-of-loss": FEAR_IDIOMS,
        "guilt-shame": GUILT_IDIOMS,
        "social-proof-pressure": SOCIAL_PROOF_IDIOMS,
        "guaranteed-outcome": GUARANTEE_IDIOMS,
        "hype": HYPE_IDIOMS,
        "exclusivity": EXCLUSIVITY_IDIOMS,
        "price-anchoring": PRICE_IDIOMS,
        "assumptive-close": ASSUMPTIVE_IDIOMS,
    },
    texts=TEXTS,
)


# ---- What an email gives and what it asks (weighed in the verdict) -------------------------

GIVES = {
    "a tool": (
        r"\b(?:try (?:this|it|the|a|one)|exercise|worksheet|template|checklist|tip|steps?|practice"
        r"|write (?:down|it|them|one|tomorrow's|the)|one thing that helps|ask yourself"
        r"|set a timer|pick one|here's how|one thing to"
        r"|a tool|framework for you)\b"
        # two list items in a row
        r"|(?:^|\n)\s*(?:[-*+]|\d+[.)])\s+\S[^\n]*\n\s*(?:[-*+]|\d+[.)])\s+\S"
    ),
    "a story": (
        r"\b(?:a client|one client|a reader|a colleague|last (?:year|spring|summer|autumn|winter)"
        r"|years ago|when I was|I remember|(?:she|he) (?:said|told me|wrote)|I used to"
        r"|I spent|I nearly)\b"
    ),
}


ASKS_COMMITMENT = (
    r"\b(?:buy|book(?:ing)?|enrol\w*|enroll\w*|join|sign(?:[- ]?up)|register|apply|pay(?:ment)?"
    r"|purchase|checkout|invoice|reserve|claim|secure|agreement|intake form|confirm|onboarding)\b"
)


# ---- Round 3: what tells a value email's words from a pitch's ------------------------------

# A subject whose bait word is the topic it goes on to compare or define ("Urgent vs
# important", "Urgent is not the same as important"), said right after the word.
SUBJECT_TOPIC_AFTER = r"\W*(?:vs\.?|versus|v\.|is\b|isn't\b|is not\b|or\b|and\b|means\b)"

# A question the reader or writer asks themselves ("Am I saving £101?", "Would I buy this?"):
# the words are weighed, not used.
SELF_QUESTION = (
    r"\W*(?:\w+:\s*)?(?:\*\*)?\s*(?:\d+[.)]\s*)?(?:\*\*)?\s*"
    r"(?:am|was|would|should|do|did|could|will|can)\s+i\b"
)

# A deadline set by somebody else than the writer (the tax year, a race's registration):
# honest information in an email that sells nothing.
EXTERNAL_DEADLINE = (
    r"\b(?:tax year|financial year|tax return|self[- ]assessment|hmrc|irs|isa allowance"
    r"|registration for (?:the )?(?:local )?\w+|the council|school term|term ends"
    r"|the clocks go|daylight saving|summer time"
    r"|enrolment for (?:the )?school|open enrolment|the election|the deadline for"
    r" applications"
    # an institution's own rule or calendar: its deadline, its penalty, its entries
    r"|tax deadline|filing deadline|the revenue|revenue deadline|penalt(?:y|ies)"
    # set by law: "the March statutory deadline"
    r"|statutory|legal deadline|by law"
    r"|the (?:state|government|council|university|ministry|federation|organi[sz]ers|city"
    r"|employers)(?:'s?)?"
    r"|\w+ grant closes"
    r"|organi[sz]ers'|your (?:hospital|employer|school|university|council|bank)"
    r"|race entries"
    # an exam's own calendar: "the December sitting is held on …"
    r"|the (?:\w+ )?(?:sitting|exam|examination)s?"
    # how an outside body usually runs its calendar: "registration usually closes months earlier"
    r"|host institution|(?:registration|entries|applications|enrol?ment|booking)"
    r" (?:usually|normally|typically|generally|often) closes?"
    # a school's admissions or an outside prize: "primary school applications … close"
    r"|(?:school|university|college|nursery) applications|(?:prize|award|competition)s?"
    r" (?:usually |normally |typically )?closes?)\b"
)

# A date followed by "so there's no hurry" in its sentence is information. ("No pressure, but
# doors close tonight" says it first and presses anyway.)
NO_HURRY = r"\b(?:so|and) (?:there's |there is )?no (?:hurry|rush)\b"

# The reader's own capacity in advice to a coach ("if you genuinely only take eight clients,
# say so"): the words before a scarcity flag in its clause.
READERS_OWN = r"\byou(?:\s+\w+){0,2}\s*$"
# Somebody else's places in the clause before a scarcity flag ("some of them have limited
# spots", "the popular ones do sell out", "they have to fill rooms"): news, not the writer's.
OTHERS_PLACES = (
    r"\b(?:(?:some|most|many|all|a few|several|each|none|one) of them|the \w+ ones"
    r"|they (?:have to|hold|keep|do|often|usually|tend to))\b"
)

# A conditional in front of a buy word ("if you still want it in two days, buy it"; "only a
# saving if you were going to buy the thing anyway"): advice, unless it names the writer's own
# thing.
CONDITIONAL_BEFORE = r"\b(?:if|unless|before you|when you)\b"
# A buy word the reader is made to do by others ("so many coaches make you book a call").
# "I'd have sold my house to buy it": the writer as the buyer, in a past that didn't happen
WRITER_WOULD_HAVE_BEFORE = r"\b(?:I|we)(?:'d| would) have(?: (?!you\b)\w+){0,4} to $"
MADE_TO_BEFORE = r"\b(?:make|makes|made|making|force|forces|forced|require|requires) you (?:to )?$"
SELLERS_OWN = r"\b(?:my|our)\b"
# An amount given roughly or as a range ("around $250", "£25–£35 an hour", "call it $1,500"):
# what things cost in the world. An offer names its one price.
APPROXIMATE_BEFORE = (
    r"\b(?:about|around|roughly|approximately|approx|some|more like|call it|up to|between"
    r"|typically|commonly|on average|anywhere from|somewhere|north of|closer to)\W*$"
)
AMOUNT_START = rf"{_CUR}\s?\d"
RANGE_AFTER = rf"^\S*\s?(?:[–—-]|to|and)\s?{_CUR}?\s?\d"
RANGE_BEFORE = rf"(?:\d\s?(?:[–—-]|to)|\bbetween\s+{_CUR}?\s?[\d,.]+\s+and)\s?$"


# The writer's own spending ("writing a check for $8", "my rent was $650", "my actual
# receipt"): what they paid, not what they sell, whoever is in the sentence.
WRITERS_SPENDING = (
    r"\b(?:paid|spent|bought|sold|(?:writing|wrote) a (?:check|cheque)"
    r"|my (?:\w+ )?(?:rent|savings|receipt|bills?|budget|salary|pension|mortgage|shopping)"
    # the writer's own past prices and figures, told as history: "I was charging $80 an
    # hour", "I raised it to $150", "mine was £900 a year lower"
    r"|(?:I|we) (?:was|were) charging|(?:I|we) used to charge|(?:I|we) (?:raised|put up)"
    r" (?:it|them|my \w+|our \w+)|mine was)\b"
)

# The writer in a price's sentence ("I am offering … ordinarily £1,750"): the price is theirs.
WRITER_IN_SENTENCE = r"\b(?:I|I'm|I've|I'll|I'd|we|we're|we've|we'll|my|our|me|us)\b"

# Money that is somebody else's, said in the price's own sentence: another person's pay or
# offer, a bill, a fine, a market's going rate. Such a price is information (a tax penalty, a
# job offer, what accountants charge), not the writer selling.
SOMEONE_ELSES_MONEY = (
    r"\b(?:he|she|his|her|him|they|their|them|he's|she's|they're|they'd"
    r"|penalty|penalties|fine|fined|salary|salaries|wage|wages|pay rise|raise|revenue|turnover"
    r"|rent|mortgage|tax|taxes|bill|bills|invoice from|accountants?|lawyers?|solicitors?"
    r"|employers?|job offer|pension|loan|debt|interest rate|budget|statutory|benefits?"
    r"|allowances?|grants?|minimum wage"
    r"|ranges?|ranging|going rate|market rate|on average|typically costs?)\b"
)


# What a stretch between two flags starts or ends on that says nothing by itself (the sentence
# model re-reads the words the detectors left): punctuation and joining words.
LOOSE_ENDS = (
    r"^(?:[\s,;:—–-]|\b(?:and|but|or|so|then|that|which|while)\b)+"
    r"|(?:[\s,;:—–-]|\b(?:and|but|or|so|then|that|which|while)\b)+$"
)


# ---- Round 8: whose chance, whose rule, how a price is offered ---------------------------

# Right after a pressure phrase, the writer's own past ("the last chance I had to talk to
# him", "the final call we got"): the writer's story, not the reader's deadline.
WRITERS_OWN_PAST = (
    r"\s+(?:that\s+|which\s+)?(?:I|we)\s+(?:ever\s+)?(?:had|got|was given|were given|took"
    r"|missed|lost|made|gave)\b"
)

# Later in a pressure phrase's sentence, the writer saying whose rule it is ("first come,
# first served, which is their system, not mine"): somebody else's limit, reported.
DISOWNED = (
    r"\b(?:their|the \w+'s|its) (?:own )?(?:system|rule|rules|policy|limit|deadline)\b"
    r"|\bnot (?:mine|ours|my (?:rule|choice|limit|deadline))\b"
)

# Right after "as promised" (PROMISE_MADE), where the promise was made in writing ("As
# promised on the download page"): a page the reader saw, not a conversation they never
# had. Only a promise: "Following up on my last email" in a first email invents the email.
PROMISE_MADE = r"\bas (?:promised|mentioned|requested)\b"
PROMISED_IN_WRITING = (
    r"\s+(?:on|in)\s+(?:the|my|our|this|that|your)\s+(?:[\w-]+\s+){0,2}(?:page|site|website"
    r"|email|form|video|post|guide|message|newsletter)\b"
)

# A price offered in passing, with the reader free to ignore it ("I run a course for €250,
# if you'd ever like help", "costs £180; there's information on my website if it's ever
# useful"): in the email's last paragraph, it doesn't make the email one that sells.
IN_PASSING = (
    r"\bif (?:you|you'd|you're|you are|it's|it is|it'd|it would|that's|that is|this is)"
    r"(?:\s+\w+)?\s+ever\b|\bif ever\b"
    # a sentence that opens on the reader's own wish: "If you want one-to-one preparation, I
    # offer a package for ₹6,000"
    r"|^\W*if you(?:'d| would)? (?:want|like|prefer|fancy|are interested|'re interested)\b"
)

# A price dated in the past and told in the past tense ("In 2021 a full groom was $85", "I went
# to $95 in January 2022", "A year later, $110."): the writer's history, unless the sentence
# sets it against a price now ("In 2024 it was $2,000; today it's $997").
PAST_DATED = (
    r"\b(?:19[89]\d|20[0-2]\d)(?:/\d\d)?\b|\b(?:a year later|a year on|back then|at the time"
    r"|the year before|when I (?:started|began|first started))\b"
)
PAST_TENSE_PRICE = (
    r"\b(?:was|were|went|rose|cost|charged|paid|had|became)\b|\b(?:a year later|a year on)\b"
)
PRESENT_PRICE = r"\b(?:now|today|currently|from (?:today|now|monday|next)|this (?:week|month))\b"
