"""The English phrase patterns each rule looks for."""

from __future__ import annotations

import re

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


URGENCY = [
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
        # "Limited time" alone is ordinary ("with limited time, pick one thing"); as an offer
        # it comes with offer words.
        r"\blimited[- ]time (?:offer|only|deal|discount|price|pricing|bonus|sale|access|special)"
        r"|\blimited[- ](?:offer|availability|spots|seats|places|quantity|edition|enrol?lment"
        r"|window|run)\b|\bfor a (?:limited|short) (?:time|period|while)(?: only)?\b"
        rf"|\b(?:availability|space|{_SPOTS_NO_TIME}) (?:is|are) (?:very |strictly )?limited\b"
        rf"|\blimited (?:number|amount) of (?:[a-z-]+ )?{_SPOTS_NO_TIME}\b"
        r"|\bfirst[ -]come,? first[ -]served?\b"
        r"|\b(?:the )?first \d+ (?:people|buyers|clients|members|signups|sign-ups|to (?:join|book"
        r"|sign|register|enrol|buy|reply|claim))\b",
        "'Limited time' and 'first come' frame the email around scarcity.",
        "Describe what's on offer and who it suits; availability can wait for the conversation.",
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
        r"|few hours)\b|\b(?:your|the) (?:one|only) (?:chance|shot|opportunity)\b"
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
        r"(?<!\bin a )(?<!\bno )(?<!\bany )\bhurry\b|\bdon't (?:delay|wait any longer|wait another"
        r"|wait too long|wait until it's too late)\b|\bdon't wait\b(?=\s*(?:[!.;]|$))|\b(?:rush"
        r"|hurry) (?:in|over|now)\b"
        rf"|\b{_BUY_VERB}\b[^.!?\n]{{0,40}}\b(?:(?:before|by|until) (?:midnight|tonight|tomorrow"
        rf"|{_WEEKDAY}|the (?:weekend|deadline))|within \d+ (?:hours?|days?))\b"
        r"|\bcan(?:'t|not|only) hold\b",
        "Hurrying the reader is pressure.",
        "Take the time pressure out; the right people will still say yes.",
    ),
]


PRESSURE = [
    (
        r"\bcan(?:'t|not) afford (?:not )?to(?:\s+(?:miss|ignore|wait|pass|skip|lose|stay|keep"
        r"|delay"
        r"|say no|let|put))?\b",
        "'You can't afford to miss' plays on fear of loss.",
        "Say what the reader gains and let them weigh it themselves.",
    ),
    (
        r"\bwhat are you (?:still )?waiting for\b|\bwhy (?:are you )?(?:still )?wait(?:ing)?\b"
        r"|\b(?:there's|there is) no (?:reason|excuse|time) to wait\b|\bno (?:better|more) time\b",
        "'What are you waiting for?' pressures instead of inviting.",
        "Ask an open question about their situation instead.",
    ),
    (
        r"\b(?:don't|do not|you (?:don't|won't|wouldn't) want to|you'll not want to) miss(?: out|"
        r" this| it| your| the (?:chance|opportunity|deadline|boat|train))\b"
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
        r"|\bhow (?:much )?longer (?:are you going to|will you|can you)\b|\benough is enough\b"
        r"|\bkeep getting what you(?:'ve| have|'re)? (?:always )?(?:got|gotten|getting)\b"
        r"|\bcost of (?:waiting|inaction|doing nothing|staying stuck)\b",
        "Warning of what happens 'if you don't act' is a fear tactic.",
        "Acknowledge that waiting is a valid choice; share what you offer, not what they'll lose.",
    ),
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
        r"\bdo you want to (?:keep|continue|stay|remain) (?:struggling|stuck|suffering|broke"
        r"|overwhelmed"
        r"|where you are)\b|\b(?:stay|remain|keep) stuck (?:forever|for another|another)\b"
        r"|\b(?:don't |do not )?(?:let|letting) (?:another|one more) (?:year|month|week|day"
        r"|opportunity)\b"
        r"|\b(?:another|one more) (?:year|month) (?:slip|slips|go by|goes by|pass|passes|wasted)\b"
        r"|\bbe(?:ing)? left behind\b"
        r"|\b(?:everyone|everybody|others|your (?:peers|competitors|colleagues)) (?:else )?"
        r"(?:is|are) (?:already )?(?:seeing results|getting ahead|moving ahead|joining|signing up"
        r"|ahead of you|winning)\b",
        "Painting the reader as stuck or left behind uses fear to sell.",
        "Reflect their situation with empathy and offer help without the fear.",
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
]


HYPE = [
    (
        r"\b(?:results? )?guarantee(?:d|s)?(?! (?:refund|money))\b(?<!money-back guarantee)"
        r"(?<!money back guarantee)|\b100 ?% (?:guaranteed|proven|effective|results|success"
        r"|risk[- ]free|certain|sure)\b|\brisk[- ]free\b|\b(?:zero|no)[- ]risk\b",
        "Guaranteeing results promises what coaching can't honestly promise.",
        "Describe what you'll do together and what clients have typically experienced.",
    ),
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
        r"|unlimited )?potential\b|\bcrush (?:your|their) goals\b|\bexclusive (?:offer|deal"
        r"|discount|access|bonus|pricing|price)s?\b",
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
        r"\b(?:2|3|5|10|20|50|100)x\b(?!\s*(?:a|per|each|every|daily|weekly|\d))"
        r"|\b(?:double|triple|quadruple|10x)\s+(?:or triple\s+)?(?:your|their|my|her|his)\s+"
        r"(?:income|revenue|sales|salary|business|clients|profits?|rates?|results)\b"
        r"|\b(?:double|triple|10x) your [a-z]+ in (?:just |only )?\d+ (?:days|weeks)\b"
        r"|\bworks every (?:single )?time\b|\bworks for everyone\b|\bnever fails\b"
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
        r" in (?:just|only|under) \d+ (?:days|weeks)\b|\bjoin (?:over |more than )?\d[\d,]*\+? "
        r"(?:other |happy )?(?:people|coaches|women|men|students|clients|members|leaders)\b"
        r"|\b(?:thousands|hundreds|millions)"
        r" (?:of [a-z]+ )?(?:have )?(?:already )?(?:transformed|changed|used|joined|trusted)\b"
        r"|\b(?:over |more than )?(?:\d[\d,]*\+?|dozens|hundreds|thousands) (?:of )?(?:other )?"
        r"(?:people|coaches|women|men|students|clients|members|leaders|managers)? ?(?:have )?"
        r"(?:already )?(?:registered|joined|signed up|enrolled|bought|showed up|attended)\b"
        r"|\bhelped (?:over |more than )?(?:\d[\d,]*\+?|dozens|hundreds|thousands|millions)\b"
        r"|\b(?:six|seven|eight|multi-six|multi-seven|[678])[- ]figures? (?:business|income|year"
        r"|launch|coach|practice|months?)\b|[$€£]\s?\d+[kK]\+? (?:months?|weeks?|days?"
        r"|launch(?:es)?)\b"
        r"|\bfrom broke to\b|\bif (?:she|he|they|I|[A-Z][a-z]+) can do it,? so can you\b",
        "Lifestyle and social-proof hype oversells.",
        "Talk about one real person's experience, told with their permission.",
    ),
]


_CUR = r"[$€£¥]"


_AMOUNT = rf"{_CUR}\s?\d[\d,.]*k?"


PRICE = [
    (
        rf"\b(?:only|just|for|at|now|was|regularly|normally|usually|instead of|from|costs?"
        rf"|priced at"
        rf"|investment(?: is| of)?|price(?: is| of)?|pay|deposit(?: of)?|rate of|fee(?: is)?)"
        rf"\s*:?\s+{_AMOUNT}|{_AMOUNT}\s+value\b"
        rf"|{_AMOUNT}\s?(?:/|per|a|an|each)\s?(?:month|mo|week|year|yr|session|hour|person|seat"
        rf"|payment)\b|\b\d+\s?(?:payments|instalments|installments) of\b|\bpayment plans?\b",
        "A price this early makes the email about money before it has helped.",
        "Give something useful first; mention price after you've shown how you help, "
        "ideally in an Invitation email.",
    ),
    (
        rf"{_AMOUNT}\s+(?:off|discount|savings?)\b|\b\d{{1,2}}\s?%\s?(?:off|discount|savings?)\b"
        rf"|\b(?:half|50%)[- ](?:off|price)\b|\bsave\s+(?:up to\s+|over\s+)?(?:{_CUR}\s?\d|\d+\s?%"
        rf"|big|hundreds|thousands)|\bworth\s+(?:over\s+)?{_AMOUNT}",
        "Leading with a discount turns the email into an offer.",
        "Open with something useful; if you must mention an offer, keep it for an Invitation "
        "email, after the value.",
    ),
    (
        r"\b(?:your|my|our|this|special|exclusive|biggest|member|student|early[- ]bird|launch"
        r"|holiday|founding) discounts?\b|\bdiscount(?:ed)? (?:codes?|prices?|rates?)\b"
        r"|\b(?:coupons?|promo(?:tion)? codes?|voucher codes?)\b|\buse (?:the )?code\b"
        r"|\b(?:special|introductory|intro|launch|founding(?: member)?|early[- ]?bird|discounted"
        r"|reduced|promotional|sale|lowest|best|current|today's) (?:price|pricing|rate|offer"
        r"|deal)s?\b|\b(?:2-for-1|two for one|buy one,? get one|bogo)\b"
        r"|\block(?:s|ing)? in (?:your|the|this|today's)? ?(?:price|rate|pricing|discount)\b"
        r"|\b(?:flash|holiday|black friday|cyber monday|summer|winter|spring|launch|anniversary"
        r"|birthday|clearance|big|huge|biggest|annual|weekend) sales?\b|\bon sale\b"
        r"|\bsale (?:ends|prices?)\b|\bshop the sale\b|\b(?:black friday|cyber monday) (?:deals?"
        r"|offers?|discounts?|specials?|pricing|prices)\b",
        "Discount and price language turns the email into a sales offer.",
        "Lead with something useful; save the offer for an Invitation email.",
    ),
]


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
        r"\b(?:urgent|action required|final notice|final warning|last warning|immediate action"
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


_FAKE_REPLY_WHY = "'Re:' or 'Fwd:' on a first email fakes an earlier conversation."


_FAKE_REPLY_SUGGESTION = "Remove 'Re:'/'Fwd:' and say what the email is about."


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
