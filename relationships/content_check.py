"""The pitch-pressure check for nurture email content.

Every nurture email is checked before it can be scheduled (DESIGN.md §1, "value-first
content, not hard pitches"). The check is pure Python: no database, deterministic, and
explainable — every flag carries the exact character span it came from (into the subject
or the body), a one-line reason and a suggestion the coach can act on.

How a flag is found
-------------------
Phrase rules are regular expressions for the *language* of pressure (scarcity counts,
deadlines, act-now imperatives, fear of missing out, guilt, hype promises, price talk),
compiled once at import. A phrase match is dropped when it is not a use but a mention:

* it starts inside quotation marks (straight or curly, double or single) — the email is
  discussing a phrase such as "act now!", not saying it;
* a negation precedes it in the same clause ("There's no need to act now", "I'm not going
  to tell you it's your last chance"), or it is introduced as an example ("phrases like
  only 3 spots left"). Clauses end at sentence punctuation, commas, dashes, colons and
  conjunctions such as "but" or "and", so "No pressure, but doors close tonight" is still
  flagged.

Rules and weights (``RULES``)::

    rule            weight  severe  what it catches
    urgency           30     yes    scarcity and deadlines: "only 3 spots left", "ends tonight",
                                    "48 hours left", "doors close", "act now", "hurry"
    pressure          30     yes    fear and guilt: "you can't afford to miss", "don't miss out",
                                    "what are you waiting for", "are you serious about..."
    hype              25     yes    guarantees and hype: "guaranteed results", "life-changing",
                                    "the secret to", "skyrocket", "10x", "proven system"
    price-first       25     yes    a price or discount in the subject or the opening (first
                                    content paragraph or first 20% of the body)
    buy-call          30     yes    a call to buy or book, a checkout/booking link, or a discount
                                    anywhere in a Value or Question email
    subject-bait      25     yes    "Re:"/"Fwd:" on a first email, "URGENT", "FINAL NOTICE", ...
    shouting          10     no     all-caps runs and long all-caps words (acronyms are fine)
    exclamations      10     no     "!!" runs, or more "!" in the body than max_exclamations
    cta-count         10     no     each call to action beyond max_ctas
    self-focus         8     no     I/we talk dominates you talk
    reading-level      6     no     Flesch-Kincaid grade above max_reading_grade
    no-question        8     no     a Question email that asks nothing

Calls to action: a link (Markdown or bare URL) or an imperative action phrase ("Click here",
"Book your call", "Sign up", "Grab your spot", "Download the guide") is a hard call to
action; a link and its phrase in the same sentence count once, and a URL repeated later is
not counted again. Asking for a reply ("hit reply", "let me know") is a *soft* call to
action: it invites a conversation, which is what value-first content wants, so it is counted
in ``stats["reply_requests"]`` and never flagged.

Score and verdict
-----------------
Each rule's weight counts for at most two hits (a third "!!" is no more informative than
the second)::

    penalty      = sum(weight(rule) * min(hits(rule), 2) for every flagged rule)
    score        = max(0, 100 - penalty)
    severe       = the same sum over severe rules only
    verdict      = "pitch"        if severe >= pitch_severe_weight (default 50), or if
                                    severe > 0 and score < pitch_below_score (default 50)
                   "needs-work"   if there is any flag
                   "value-first"  otherwise

So one severe flag alone means "needs-work" (an honest "registration closes Friday" in an
invitation is worth a second look, not a verdict), two severe hits make a pitch, and soft
flags alone can never make a pitch. Any flag at all rules out "value-first", so an email with
any pitch language can never be judged value-first.

Speed: patterns are compiled at import and each is tried only where its first word occurs
(see ``_Table``); a 1,000-word email takes a few milliseconds. ``median_check_ms`` measures it.

Stats (``CheckResult.stats``) describe the body: words, sentences, you_words, i_we_words,
you_ratio (you / (you + I/we), 1.0 when neither occurs), questions, links, calls_to_action,
reply_requests, exclamations and reading_grade (Flesch-Kincaid grade, syllables by vowel
groups). Thresholds for the stats-based flags come from ``Thresholds``, overridable with
``settings.BRIDGE_CONTENT_CHECK``.
"""

from __future__ import annotations

import re
import statistics
import time
from bisect import bisect_left
from collections import Counter
from dataclasses import asdict, dataclass, fields
from functools import lru_cache
from typing import Any

CONTENT_TYPES = ("value", "question", "invitation")
VERDICTS = ("value-first", "needs-work", "pitch")

# A rule's weight counts for at most this many hits in the score.
MAX_COUNTED_HITS = 2
EXCERPT_MAX = 80


@dataclass(frozen=True)
class Rule:
    name: str
    weight: int
    severe: bool
    title: str


RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (
        Rule("urgency", 30, True, "Urgency or scarcity"),
        Rule("pressure", 30, True, "Pressure or fear"),
        Rule("hype", 25, True, "Guarantee or hype"),
        Rule("price-first", 25, True, "Price before value"),
        Rule("buy-call", 30, True, "Selling in a Value or Question email"),
        Rule("subject-bait", 25, True, "Baiting subject line"),
        Rule("shouting", 10, False, "All caps"),
        Rule("exclamations", 10, False, "Exclamation marks"),
        Rule("cta-count", 10, False, "More than one call to action"),
        Rule("self-focus", 8, False, "More about us than about them"),
        Rule("reading-level", 6, False, "Hard to read"),
        Rule("no-question", 8, False, "A Question email that asks nothing"),
    )
}


@dataclass(frozen=True)
class Thresholds:
    """Limits for the stats-based flags and the verdict. Defaults suit a 150-400 word email."""

    max_ctas: int = 1
    max_exclamations: int = 3
    min_you_ratio: float = 0.3
    # Self-focus needs I/we talk that is frequent (a share of all words), not just a few
    # sentences of a personal story.
    min_i_we_words: int = 10
    min_i_we_share: float = 0.1
    max_reading_grade: float = 12.0
    # Reading level is noise on very short texts.
    min_words_for_reading_level: int = 40
    opening_fraction: float = 0.2
    pitch_severe_weight: int = 50
    pitch_below_score: int = 50

    @classmethod
    def with_overrides(cls, overrides: dict[str, Any]) -> Thresholds:
        known = {f.name: f for f in fields(cls)}
        unknown = sorted(set(overrides) - set(known))
        if unknown:
            raise ValueError(
                f"Unknown content check threshold(s): {', '.join(unknown)}. "
                f"Known: {', '.join(known)}."
            )
        defaults = cls()
        values = {name: type(getattr(defaults, name))(value) for name, value in overrides.items()}
        return cls(**values)

    @classmethod
    def from_settings(cls) -> Thresholds:
        """Defaults overridden by ``settings.BRIDGE_CONTENT_CHECK`` (a dict), if configured."""
        try:
            from django.conf import settings
            from django.core.exceptions import ImproperlyConfigured
        except ImportError:  # pragma: no cover - Django is a dependency
            return cls()
        try:
            overrides = getattr(settings, "BRIDGE_CONTENT_CHECK", None) or {}
        except ImproperlyConfigured:
            overrides = {}
        return cls.with_overrides(dict(overrides))


@dataclass(frozen=True)
class Flag:
    rule: str
    start: int
    end: int
    excerpt: str
    why: str
    suggestion: str
    field: str  # "subject" or "body"


@dataclass(frozen=True)
class CheckResult:
    verdict: str
    score: int
    flags: list[Flag]
    stats: dict

    def as_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "score": self.score,
            "flags": [asdict(flag) for flag in self.flags],
            "stats": dict(self.stats),
        }


# --- Phrase patterns ---------------------------------------------------------------------
# Text is matched after curly quotes and apostrophes become straight ones (same length, so
# spans stay exact) and with re.IGNORECASE.

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


class _UnknownStart(Exception):
    """A pattern whose first word can't be read from its parsed form."""


def _first_words(pattern: str) -> set[str] | None:
    """The lowercase literal prefixes every match of `pattern` starts with, up to the end of
    its first word ("#" stands for any digit), or None when that can't be worked out."""
    from re import _constants as c
    from re import _parser

    prefixes: set[str] = set()
    budget = [20_000]  # nested optional groups could multiply the paths; give up instead

    def end_word(acc: str) -> None:
        if not acc:
            raise _UnknownStart
        prefixes.add(acc)

    def walk(items: list, acc: str) -> None:
        budget[0] -= 1
        if budget[0] < 0:
            raise _UnknownStart
        for k, (op, av) in enumerate(items):
            rest = items[k + 1 :]
            if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
                continue  # zero-width: \b, lookarounds
            if op is c.LITERAL:
                ch = chr(av).lower()
                if not acc and ch.isdigit():
                    return end_word("#")
                if ch.isalnum() or ch in "'-" or (not acc and ch in _CURRENCY):
                    acc += ch
                    if ch in _CURRENCY:
                        return end_word(acc)
                    continue
                return end_word(acc)
            if op is c.SUBPATTERN:
                return walk(list(av[-1]) + rest, acc)
            if op is c.BRANCH:
                for alternative in av[1]:
                    walk(list(alternative) + rest, acc)
                return None
            if op in (c.MAX_REPEAT, c.MIN_REPEAT):
                low, high, sub = av
                if low == 0:
                    walk(rest, acc)
                return walk(list(sub) + (rest if high == 1 else []), acc)
            if op is c.IN and all(o is c.LITERAL for o, _ in av):
                for o, v in av:
                    walk([(o, v), *rest], acc)
                return None
            if op is c.IN and not acc and av == [(c.CATEGORY, c.CATEGORY_DIGIT)]:
                return end_word("#")
            return end_word(acc)
        return end_word(acc)

    try:
        walk(list(_parser.parse(pattern, re.IGNORECASE).data), "")
    except (_UnknownStart, RecursionError):
        return None
    return prefixes


class _Table:
    """A rule's patterns, tried only where one of them can start.

    Scanning one alternation of ~100 patterns tries each of them at every character, about
    35 ms for a 1,000-word email. Instead each pattern's possible first words are read from
    its parsed form at import, and a pattern is tried only at word starts (or currency signs)
    that begin with one of them. Matches are the same as the alternation's: leftmost first,
    then the earliest pattern, never overlapping (tests compare the two).
    """

    def __init__(self, name: str, table: list[tuple[str, str, str]]) -> None:
        self.name = name
        self.patterns = [re.compile(regex, re.IGNORECASE) for regex, _, _ in table]
        self.texts = [(why, suggestion) for _, why, suggestion in table]
        self.everywhere = []
        for index, (regex, _, _) in enumerate(table):
            prefixes = _first_words(regex)
            if prefixes is None:
                self.everywhere.append(index)
                continue
            for prefix in prefixes:
                key = prefix[:_KEY_LENGTH]
                _START_INDEX.setdefault(key, []).append((prefix, self, index))
                _KEY_LENGTHS.add(len(key))

    def matches(self, field: _Field) -> list[tuple[re.Match[str], int]]:
        found = []
        end = 0
        for pos, index in field.candidates(self):
            if pos < end:
                continue
            if m := self.patterns[index].match(field.masked, pos):
                found.append((m, index))
                end = max(m.end(), pos + 1)
        return found


_CURRENCY = "$€£¥"
# The first few characters of a first word -> (prefix, table, pattern index).
_KEY_LENGTH = 3
_KEY_LENGTHS: set[int] = set()
_START_INDEX: dict[str, list[tuple[str, _Table, int]]] = {}
# Every pattern starts at a word or a currency sign.
_CANDIDATE_START = re.compile(rf"\b(?=\w)|[{_CURRENCY}]")

_URGENCY = _Table("urgency", URGENCY)
_PRESSURE = _Table("pressure", PRESSURE)
_HYPE = _Table("hype", HYPE)
_PRICE = _Table("price", PRICE)
_BUY_CALL = _Table("buy-call", BUY_CALL)
_SUBJECT_BAIT = _Table("subject-bait", SUBJECT_BAIT)
_PHRASE_RULES = (_URGENCY, _PRESSURE, _HYPE)

# --- Scope: quotes, negation and examples ------------------------------------------------

# Curly quotes become straight ones; each is one character, so offsets don't move.
_QUOTE_TRANSLATION = str.maketrans(
    {"‘": "'", "’": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
)
_DOUBLE_QUOTED = re.compile(r'"[^"\n]{1,200}"')
# A single-quoted phrase opens after a non-word character and closes before one; inner
# apostrophes ("'don't miss out'") are followed by a letter and so don't close it.
_SINGLE_QUOTED = re.compile(r"(?<!\w)'(?=\w)(?:[^'\n]|'(?=\w)){1,200}?(?<=[\w!?.,])'(?!\w)")
_CLAUSE_BOUNDARY = re.compile(
    r"[.!?;:\n()\[\]—–,]|\s-\s|\b(?:but|and|so|because|though|although|however|yet|unless|then)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:no(?![- ](?:doubt|matter|later|more than|less than|sooner|brainer))|not(?! only| just)"
    r"|never|without|nothing|none|nobody|neither|nor|cannot|hardly|zero|instead of|rather than"
    r"|avoid\w*|skip|forget|stop|unlike|no-one|no one|(?!can't\s+wait)\w+n't)\b"
    r"|\b(?:phrases?|lines?|words?|things|emails?|subject lines?|messages?|ads?|slogans?|tactics?"
    r"|claims?) (?:like|such as|that say|saying)\b|\bsuch as\b|\b(?:they|marketers|coaches"
    r"|people|someone|ads?|emails?|others|salespeople|gurus) (?:say|says|said|tell you|claim"
    r"|promise|write|shout)\b",
    re.IGNORECASE,
)


@dataclass
class _Field:
    """A subject or body prepared for matching: same length as the original, so spans are exact."""

    name: str
    text: str  # original
    masked: str  # quotes straightened, URLs and merge fields blanked
    quotes: list[tuple[int, int]]
    boundaries: list[int]
    links: list[tuple[int, int, str]]  # (start, end, url) in the original text
    starts: dict  # table -> sorted (position, pattern index) worth trying

    def candidates(self, table: _Table) -> list[tuple[int, int]]:
        return self.starts.get(table, [])

    def in_quotes(self, pos: int) -> bool:
        return any(start < pos < end for start, end in self.quotes)

    def clause_start(self, pos: int) -> int:
        i = bisect_left(self.boundaries, pos)
        return self.boundaries[i - 1] + 1 if i else 0

    def is_mention(self, start: int) -> bool:
        """True when a match is quoted, negated or given as an example in its clause."""
        if self.in_quotes(start):
            return True
        return _NEGATION.search(self.masked, self.clause_start(start), start) is not None


_MARKDOWN_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_URL = re.compile(r"<?\b(?:https?://|www\.)[^\s<>()\[\]]+")
_MERGE_FIELD = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def _blank(chars: list[str], start: int, end: int, fill: str = "") -> None:
    width = end - start
    chars[start:end] = list(fill[:width].ljust(width))


def _prepare(name: str, text: str) -> _Field:
    normalized = text.translate(_QUOTE_TRANSLATION)
    chars = list(normalized)
    links: list[tuple[int, int, str]] = []
    covered: list[tuple[int, int]] = []
    for m in _MARKDOWN_LINK.finditer(normalized):
        covered.append((m.start(), m.end()))
        # Keep the link text (it is prose, e.g. "[book a call]"); blank the target.
        _blank(chars, m.end(2), m.end())
        if m.group(1):  # an image is not a link or a call to action
            _blank(chars, m.start(), m.end())
            continue
        links.append((m.start(), m.end(), m.group(3)))
    for m in _BARE_URL.finditer(normalized):
        if any(s <= m.start() < e for s, e in covered):
            continue
        end = m.end()
        while end > m.start() and normalized[end - 1] in ".,;:!?>'\"":
            end -= 1
        _blank(chars, m.start(), end)
        links.append((m.start(), end, normalized[m.start() : end].lstrip("<")))
    for m in _MERGE_FIELD.finditer(normalized):
        _blank(chars, m.start(), m.end(), "name")
    masked = "".join(chars)
    quotes = [(m.start(), m.end()) for m in _DOUBLE_QUOTED.finditer(masked)]
    quotes += [(m.start(), m.end()) for m in _SINGLE_QUOTED.finditer(masked)]
    boundaries = [m.start() for m in _CLAUSE_BOUNDARY.finditer(masked)]
    links.sort()
    return _Field(name, text, masked, quotes, boundaries, links, _candidate_starts(masked))


def _candidate_starts(masked: str) -> dict[_Table, list[tuple[int, int]]]:
    lower = masked.lower()
    if len(lower) != len(masked):  # a few characters lower-case to two; keep offsets exact
        lower = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in masked)
    starts: dict[_Table, set[tuple[int, int]]] = {}
    for m in _CANDIDATE_START.finditer(lower):
        pos = m.start()
        first = lower[pos]
        keys = {lower[pos : pos + n] for n in _KEY_LENGTHS}
        if first.isdigit():
            keys.add("#")
        for key in keys:
            for prefix, table, index in _START_INDEX.get(key, ()):
                if prefix == "#" or lower.startswith(prefix, pos):
                    starts.setdefault(table, set()).add((pos, index))
    for table in _ALL_TABLES:
        for index in table.everywhere:
            for m in _CANDIDATE_START.finditer(lower):
                starts.setdefault(table, set()).add((m.start(), index))
    return {table: sorted(found) for table, found in starts.items()}


def _excerpt(text: str, start: int, end: int) -> str:
    excerpt = " ".join(text[start:end].split())
    return excerpt if len(excerpt) <= EXCERPT_MAX else excerpt[: EXCERPT_MAX - 1].rstrip() + "…"


def _flag(field: _Field, rule: str, start: int, end: int, why: str, suggestion: str) -> Flag:
    return Flag(rule, start, end, _excerpt(field.text, start, end), why, suggestion, field.name)


def _phrase_flags(field: _Field, table: _Table) -> list[Flag]:
    flags = []
    for m, index in table.matches(field):
        if field.is_mention(m.start()):
            continue
        why, suggestion = table.texts[index]
        flags.append(_flag(field, table.name, m.start(), m.end(), why, suggestion))
    return flags


# --- Sentences, opening, calls to action -------------------------------------------------

_SENTENCE = re.compile(r"[^.!?\n]*[^\W_][^.!?\n]*(?:[.!?]+|\n|$)")
_GREETING = re.compile(
    r"^\s*(?:(?:hi|hello|hey|dear|good (?:morning|afternoon|evening)|greetings|hiya)\b[^\n]*"
    r"|name\s*[,!]?\s*)$",
    re.IGNORECASE,
)
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

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
_CTA = _Table("cta", [(_CTA_PHRASE, "", "")])
_ALL_TABLES = (*_PHRASE_RULES, _PRICE, _BUY_CALL, _SUBJECT_BAIT, _CTA)
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


def _sentences(field: _Field) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(field.masked) if m.end() > m.start()]


def _opening_end(body: str, fraction: float) -> int:
    """End of the 'opening': the first content paragraph or `fraction` of the body, whichever is
    longer, never more than half the body (a one-paragraph email still has a second half)."""
    length = len(body)
    first_paragraph_end = length
    pos = 0
    for brk in [*_PARAGRAPH_BREAK.finditer(body), None]:
        end = brk.start() if brk else length
        paragraph = body[pos:end]
        if paragraph.strip() and not _GREETING.match(paragraph.strip()):
            first_paragraph_end = end
            break
        pos = brk.end() if brk else length
    return min(max(first_paragraph_end, int(length * fraction)), length // 2 or length)


def _is_clause_start(field: _Field, pos: int) -> bool:
    return not field.masked[field.clause_start(pos) : pos].strip(" \t*_>#-\"'")


def _calls_to_action(field: _Field, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans of hard calls to action, one per sentence (a link and its phrase count once)."""
    seen_urls: set[str] = set()
    ctas: list[tuple[int, int]] = []
    phrase_waiting_for_link = False
    phrase_matches = [m for m, _ in _CTA.matches(field)]
    for s_start, s_end in sentences:
        phrases = [
            (m.start("cta"), m.end("cta"))
            for m in phrase_matches
            if s_start <= m.start() < s_end
            # Only imperatives are calls: "Sign up here" is one, "people who sign up" is not.
            if _is_clause_start(field, m.start()) and not field.is_mention(m.start("cta"))
        ]
        links = []
        for start, end, url in field.links:
            key = url.lower().rstrip("/")
            if s_start <= start < s_end and key not in seen_urls:
                seen_urls.add(key)
                links.append((start, end))
        # "Download the worksheet below." followed by the link on its own line is one call.
        if links and not phrases and phrase_waiting_for_link:
            phrase_waiting_for_link = False
            continue
        if phrases or links:
            ctas.append(min(phrases + links))
        phrase_waiting_for_link = bool(phrases) and not links
    return ctas


# --- Shouting and exclamations -----------------------------------------------------------

_CAPS_WORD = re.compile(r"\b[A-Z][A-Z']*[A-Z]\b")
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
_EXCLAMATION_RUN = re.compile(r"!{2,}|[!?]{3,}")
_EXCLAMATION = re.compile(r"!(?!\[)")


def _is_acronym(word: str) -> bool:
    base = word[:-1] if word.endswith("S") and word[:-1] in _ACRONYMS else word
    if base in _ACRONYMS:
        return True
    return len(word) <= 4 and word not in _COMMON_SHORT


def _shouting_flags(field: _Field) -> list[Flag]:
    why = "All caps reads as shouting."
    suggestion = "Write it in normal case; a short sentence gives emphasis without shouting."
    words = list(_CAPS_WORD.finditer(field.masked))
    runs: list[list[re.Match[str]]] = []
    for m in words:
        if runs and not field.masked[runs[-1][-1].end() : m.start()].strip(" ,:-–—&/"):
            runs[-1].append(m)
        else:
            runs.append([m])
    flags, short_shouts = [], []
    for run in runs:
        shouty = [m for m in run if not _is_acronym(m.group())]
        if not shouty:
            continue
        if len(run) > 1 or len(shouty[0].group()) >= 5 or field.name == "subject":
            flags.append(_flag(field, "shouting", run[0].start(), run[-1].end(), why, suggestion))
        else:
            short_shouts.append(shouty[0])
    # One emphatic "NOT" is fine; a habit of capitalised words is shouting.
    if len(short_shouts) >= 2:
        flags += [
            _flag(field, "shouting", m.start(), m.end(), why, suggestion) for m in short_shouts
        ]
    return flags


def _exclamation_flags(field: _Field, limit: int | None) -> tuple[list[Flag], int]:
    flags = [
        _flag(
            field,
            "exclamations",
            m.start(),
            m.end(),
            "Stacked exclamation marks read as hype.",
            "Use one full stop; let the content carry the energy.",
        )
        for m in _EXCLAMATION_RUN.finditer(field.masked)
    ]
    marks = list(_EXCLAMATION.finditer(field.masked))
    if limit is not None and len(marks) > limit and not flags:
        m = marks[limit]
        flags.append(
            _flag(
                field,
                "exclamations",
                m.start(),
                m.end(),
                f"{len(marks)} exclamation marks (more than {limit}) sound breathless.",
                "Keep the one or two that matter and end the other sentences calmly.",
            )
        )
    return flags, len(marks)


# --- Stats -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|\d+(?:[.,]\d+)*")
_YOU = re.compile(r"\byou(?:rs?|rself|rselves)?\b", re.IGNORECASE)
_I_WE = re.compile(r"\b(?:I|me|my|mine|myself|we|us|our|ours|ourselves)\b", re.IGNORECASE)
_QUESTION = re.compile(r"\?+")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SILENT_ENDING = re.compile(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e)$")


@lru_cache(maxsize=8192)
def _syllables(word: str) -> int:
    word = word.lower().replace("'", "")
    if len(word) <= 3:
        return 1
    word = _SILENT_ENDING.sub(lambda m: m.group()[0], word)
    return max(1, len(_VOWEL_GROUPS.findall(word.lstrip("y"))))


def _grade(words: list[str], sentence_count: int) -> float:
    if not words or not sentence_count:
        return 0.0
    syllables = sum(_syllables(w) for w in words)
    grade = 0.39 * len(words) / sentence_count + 11.8 * syllables / len(words) - 15.59
    return round(max(grade, 0.0), 1)


# --- The check ---------------------------------------------------------------------------


def check_content(
    subject: str,
    body: str,
    *,
    content_type: str = "value",
    is_first_email: bool = False,
    thresholds: Thresholds | None = None,
) -> CheckResult:
    """Check one nurture email for pitch pressure. Deterministic; see the module docstring."""
    if content_type not in CONTENT_TYPES:
        raise ValueError(
            f"Unknown content type {content_type!r}; use one of {', '.join(CONTENT_TYPES)}."
        )
    limits = thresholds or Thresholds.from_settings()
    subject_field = _prepare("subject", subject or "")
    body_field = _prepare("body", body or "")
    selling_not_allowed = content_type in ("value", "question")
    flags: list[Flag] = []

    for field in (subject_field, body_field):
        for table in _PHRASE_RULES:
            flags += _phrase_flags(field, table)
        flags += _shouting_flags(field)
        flags += _exclamation_flags(
            field, limits.max_exclamations if field is body_field else None
        )[0]

    # Price talk: in the subject or the opening it is price-first; later in a Value or
    # Question email it is an offer in an email that shouldn't sell.
    opening_end = _opening_end(body_field.masked, limits.opening_fraction)
    for field in (subject_field, body_field):
        for m, index in _PRICE.matches(field):
            if field.is_mention(m.start()):
                continue
            if field is subject_field or m.start() < opening_end:
                why, suggestion = _PRICE.texts[index]
                flags.append(_flag(field, "price-first", m.start(), m.end(), why, suggestion))
            elif selling_not_allowed:
                flags.append(
                    _flag(
                        field,
                        "buy-call",
                        m.start(),
                        m.end(),
                        "A price or discount in a Value or Question email turns it into an offer.",
                        "Take the offer out; put it in an Invitation email after the value.",
                    )
                )

    sentences = _sentences(body_field)
    if selling_not_allowed:
        for field in (subject_field, body_field):
            flags += _phrase_flags(field, _BUY_CALL)
        asks = [f.start for f in flags if f.rule == "buy-call" and f.field == "body"]
        for start, end, url in body_field.links:
            # "Book a call: <booking link>" is one ask, already flagged by its words.
            sentence = next(((s, e) for s, e in sentences if s <= start < e), (start, end))
            if _CHECKOUT_URL.search(url) and not any(sentence[0] <= a < sentence[1] for a in asks):
                flags.append(
                    _flag(
                        body_field,
                        "buy-call",
                        start,
                        end,
                        "A booking or checkout link in a Value or Question email is a sales ask.",
                        "Remove the link; if they'd like to talk, they can reply.",
                    )
                )

    flags += _phrase_flags(subject_field, _SUBJECT_BAIT)
    if is_first_email and (m := _FAKE_REPLY.match(subject_field.text)):
        flags.append(
            _flag(
                subject_field,
                "subject-bait",
                m.start(),
                m.end(),
                _FAKE_REPLY_WHY,
                _FAKE_REPLY_SUGGESTION,
            )
        )

    ctas = _calls_to_action(body_field, sentences)
    for start, end in ctas[limits.max_ctas :]:
        flags.append(
            _flag(
                body_field,
                "cta-count",
                start,
                end,
                f"This email asks for {len(ctas)} actions; more than {limits.max_ctas} "
                "splits attention.",
                "Keep the one next step that matters most and cut the others.",
            )
        )

    stats = _stats(body_field, sentences, ctas)
    flags += _stats_flags(body_field, sentences, stats, content_type, limits)

    flags = _dedupe(flags)
    return _verdict(flags, stats, limits)


def _stats(field: _Field, sentences: list[tuple[int, int]], ctas: list) -> dict:
    masked = field.masked
    words = _WORD.findall(masked)
    you = len(_YOU.findall(masked))
    i_we = len(_I_WE.findall(masked))
    reply_requests = sum(
        1 for m in _REPLY_REQUEST.finditer(masked) if not field.is_mention(m.start())
    )
    return {
        "words": len(words),
        "sentences": len(sentences),
        "you_words": you,
        "i_we_words": i_we,
        "you_ratio": round(you / (you + i_we), 2) if you + i_we else 1.0,
        "questions": len(_QUESTION.findall(masked)),
        "links": len(field.links),
        "calls_to_action": len(ctas),
        "reply_requests": reply_requests,
        "exclamations": len(_EXCLAMATION.findall(masked)),
        "reading_grade": _grade(words, len(sentences)),
    }


def _stats_flags(
    field: _Field,
    sentences: list[tuple[int, int]],
    stats: dict,
    content_type: str,
    limits: Thresholds,
) -> list[Flag]:
    flags = []
    if not sentences:
        return flags
    if (
        stats["i_we_words"] >= max(limits.min_i_we_words, limits.min_i_we_share * stats["words"])
        and stats["you_ratio"] < limits.min_you_ratio
    ):
        # Point at the sentence that talks most about the sender.
        start, end = max(
            sentences,
            key=lambda s: (
                len(_I_WE.findall(field.masked, *s)) - len(_YOU.findall(field.masked, *s))
            ),
        )
        flags.append(
            _flag(
                field,
                "self-focus",
                start,
                end,
                f"'I/we' words ({stats['i_we_words']}) outnumber 'you' words "
                f"({stats['you_words']}): the email is more about you than about the reader.",
                "Turn a few sentences toward the reader: what does this mean for them?",
            )
        )
    if (
        stats["words"] >= limits.min_words_for_reading_level
        and stats["reading_grade"] > limits.max_reading_grade
    ):
        start, end = max(sentences, key=lambda s: len(_WORD.findall(field.masked, *s)))
        flags.append(
            _flag(
                field,
                "reading-level",
                start,
                end,
                f"Reading grade {stats['reading_grade']} (above {limits.max_reading_grade}): "
                "long sentences and long words make this hard to read on a phone.",
                "Split the longest sentences and prefer short, everyday words.",
            )
        )
    if content_type == "question" and not stats["questions"]:
        start, end = sentences[0]
        flags.append(
            _flag(
                field,
                "no-question",
                start,
                end,
                "A Question email should ask about their situation, but this one asks nothing.",
                "Ask one real question about them and invite a reply.",
            )
        )
    return flags


def _dedupe(flags: list[Flag]) -> list[Flag]:
    """One flag per span and rule; a price already flagged as price-first is not also a buy-call."""
    seen: set[tuple[str, str, int, int]] = set()
    price_spans = {(f.field, f.start) for f in flags if f.rule == "price-first"}
    unique = []
    for flag in sorted(flags, key=lambda f: (f.field != "subject", f.start, f.end, f.rule)):
        key = (flag.field, flag.rule, flag.start, flag.end)
        if key in seen or (flag.rule == "buy-call" and (flag.field, flag.start) in price_spans):
            continue
        seen.add(key)
        unique.append(flag)
    return unique


def _verdict(flags: list[Flag], stats: dict, limits: Thresholds) -> CheckResult:
    hits = Counter(flag.rule for flag in flags)
    penalty = sum(RULES[rule].weight * min(n, MAX_COUNTED_HITS) for rule, n in hits.items())
    severe = sum(
        RULES[rule].weight * min(n, MAX_COUNTED_HITS)
        for rule, n in hits.items()
        if RULES[rule].severe
    )
    score = max(0, 100 - penalty)
    if severe >= limits.pitch_severe_weight or (severe and score < limits.pitch_below_score):
        verdict = "pitch"
    elif flags:
        verdict = "needs-work"
    else:
        verdict = "value-first"
    return CheckResult(verdict=verdict, score=score, flags=flags, stats=stats)


# --- Email source files (management command, corpus, starter library) -------------------

_HEADER_LINE = re.compile(r"^(Subject|Type|First|Title|Stages|Topics)\s*:\s?(.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class EmailSource:
    """An email written as a Markdown file with optional ``Key: value`` header lines."""

    subject: str
    body: str
    content_type: str | None
    is_first_email: bool
    headers: dict[str, str]
    body_line: int  # 1-based line of the file where the body starts


def parse_email_source(text: str) -> EmailSource:
    """Split header lines (Subject, Type, First, Title, Stages, Topics) from the body.

    Headers run from the first line until a line that isn't one; a blank line or a ``---``
    line right after them is a separator and not part of the body. Without a header on the
    first line, the whole text is the body.
    """
    lines = text.splitlines(keepends=True)
    headers: dict[str, str] = {}
    index = 0
    while index < len(lines) and (m := _HEADER_LINE.match(lines[index].rstrip("\r\n"))):
        headers[m.group(1).lower()] = m.group(2).strip()
        index += 1
    if headers and index < len(lines) and lines[index].strip() in ("", "---"):
        index += 1
    content_type = headers.get("type", "").strip().lower() or None
    first = headers.get("first", "").strip().lower() in ("yes", "true", "1")
    return EmailSource(
        subject=headers.get("subject", ""),
        body="".join(lines[index:]),
        content_type=content_type,
        is_first_email=first,
        headers=headers,
        body_line=index + 1,
    )


def median_check_ms(body: str, *, subject: str = "", repeats: int = 50) -> float:
    """Median wall time of one check in milliseconds (for reporting; tests don't assert it)."""
    limits = Thresholds()
    check_content(subject, body, thresholds=limits)  # warm caches
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        check_content(subject, body, thresholds=limits)
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)
