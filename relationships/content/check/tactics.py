"""The pressure tactics, one detector each, written in word families rather than words.

Each tactic is recognised by its shapes — a quantity next to a scarce place, a closing verb
with a time, a time already held for the reader, a price set against an anchor, a result
promised with certainty — plus the idioms its language says in one set way ("last chance").
The shapes name families only (`lexicon/en.py` says which English words are in each), so a
language is added with a lexicon, not new detectors.

A shape doesn't fire where its words are quoted, negated or given as an example ("no
deadline", "ads like 'only 3 left'") unless the negation is part of the tactic itself ("I
don't advertise it", "don't leave it another term"). Some shapes need what only the
sequence knows (the first email has no earlier conversation to follow up) or another flag
of their tactic (sending the link for a meeting is only pushy when the meeting is assumed).

The broad shapes (`_broad_shapes`) find a tactic as two classes of words meeting in a
sentence, in either order, so a wording nobody wrote down is still found; their words are
everyday English elsewhere, so they count only in an email that sells (`needs_offer`, weighed
in check/verdict.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from relationships.content.check.lexicon import Lexicon
from relationships.content.check.shapes import compile_shape, find
from relationships.content.check.tokens import Tagger, Tokens

TACTICS = (
    "false-urgency",
    "false-scarcity",
    "fake-familiarity",
    "assumptive-close",
    "exclusivity",
    "guilt-shame",
    "fear-of-loss",
    "social-proof-pressure",
    "price-anchoring",
    "guaranteed-outcome",
    "hype",
)


@dataclass(frozen=True)
class Shape:
    tactic: str
    name: str
    pattern: str
    field: str | None = None  # "subject" or "body" only
    first_email: bool = False  # only on the first email of a sequence
    negatable: bool = True  # a negation or example cue before it in its clause cancels it
    hedgeable: bool = False  # "probably", "most" before it in its clause cancels it
    not_in_question: bool = False
    unless_after: str | None = None  # cancelled when the token before is of this family
    unless_before: str | None = None  # cancelled when the token after is of this family
    # About the reader and me, not a story: cancelled by she/he in the sentence.
    about_reader: bool = False
    # Cancelled by a word of this family anywhere in the sentence (a past tense: a deadline
    # that was, not one that is).
    unless_in_sentence: str | None = None
    # Claims a conversation with the reader: honest when every reader has had one.
    conversation: bool = False
    with_tactic: bool = False  # only when the email already has a flag of this tactic
    # Only in an email that sells something (a price, an offer and an ask, another tactic):
    # the broad shapes, whose words are ordinary elsewhere.
    needs_offer: bool = False
    check_end: bool = False  # the last word's own denial or example cue cancels it too


def _shapes() -> list[Shape]:
    s = Shape
    return [
        # ---- false scarcity: a quantity with a scarce place, places filling or held back
        s(
            "false-scarcity",
            "count-left",
            "ONLY? QUANTITY MORE? _{0,2} SCARCE_PLACE IS_ARE? REMAINING",
        ),
        s(
            "false-scarcity",
            "most-gone",
            "MOST_OF _{0,2} SCARCE_PLACES _{0,2} HAVE? ALREADY? FILLED",
        ),
        s("false-scarcity", "only-count", "ONLY (QUANTITY | MANY) MORE? _{0,2} SCARCE_PLACE"),
        s("false-scarcity", "only-more", "ONLY QUANTITY MORE _{0,1} PEOPLE"),
        s(
            "false-scarcity",
            "room-for",
            "SCARCE_PLACE FOR (ONLY QUANTITY MORE? _{0,2} (PEOPLE | SCARCE_PLACE) | QUANTITY MORE)",
        ),
        s("false-scarcity", "filled", "QUANTITY OF _{0,5} IS_ARE ALREADY? FILLED"),
        s("false-scarcity", "already-taken", "QUANTITY _{0,3} IS_ARE ALREADY FILLED_ANY"),
        s("false-scarcity", "and-n-joined", "AND QUANTITY HAVE ALREADY? (JOINED | FILLED_ANY)"),
        s("false-scarcity", "go-fast", "SCARCE_PLACES _{0,2} GO_FAST"),
        s("false-scarcity", "leaves", "LEAVES _{0,2} QUANTITY _{0,2} SCARCE_PLACE"),
        s("false-scarcity", "last-places", "LAST_FEW QUANTITY? _{0,1} SCARCE_PLACES"),
        s(
            "false-scarcity",
            "capacity",
            "ONLY TAKE_ON _{0,1} (QUANTITY | MANY) _{0,3} (PEOPLE | SCARCE_PLACE)",
        ),
        s("false-scarcity", "capped", "CAPPED _{0,2} (QUANTITY | MANY) _{0,2} PEOPLE"),
        s(
            "false-scarcity",
            "limited",
            "LIMITED _{0,2} SCARCE_PLACES | SCARCE_PLACES IS_ARE LIMITED",
        ),
        s("false-scarcity", "once-taken", "ONCE THEY _{0,1} FILLED"),
        # ---- false urgency: an offer that closes, a verb with a deadline, a door shut after
        s("false-urgency", "offer-closes", "OFFER_THING _{0,3} CLOSE_VERB"),
        s("false-urgency", "offer-stops", "OFFER_THING _{0,3} STOPS _{0,3} TIME"),
        s("false-urgency", "window-closes", "CHANCE TO BUY_VERB _{0,2} CLOSE_VERB"),
        s("false-urgency", "offer-rises", "OFFER_THING _{0,3} RISE_VERB _{0,6} TIME"),
        s("false-urgency", "after-rises", "AFTER _{0,2} TIME _{0,3} OFFER_THING _{0,2} RISE_VERB"),
        s("false-urgency", "until-to-act", "UNTIL_TIME _{0,3} TIME _{0,2} TO _{0,1} BUY_VERB"),
        s("false-urgency", "offer-reverts", "OFFER_THING _{0,2} RISE_VERB _{0,2} REGULAR"),
        s("false-urgency", "valid-until", "OFFER_THING _{0,3} HOLD_UNTIL _{0,2} UNTIL _{0,8} TIME"),
        s("false-urgency", "act-before", "BUY_VERB _{0,5} (BEFORE | BY | UNTIL) _{0,2} TIME"),
        s("false-urgency", "i-close", "ME _{0,2} SHUT_VERB _{0,2} GROUP_THING"),
        s(
            "false-urgency",
            "no-new",
            "ME NEG_DONT _{0,1} ADMIT _{0,1} (ANYONE | SOMEONE)",
            negatable=False,
        ),
        s(
            "false-urgency",
            "not-again",
            "ME NEG_DONT _{0,2} RUN_AGAIN _{0,2} AGAIN",
            negatable=False,
        ),
        s("false-urgency", "last-of-period", "LAST GROUP_THING OF THE? PERIOD"),
        s("false-urgency", "price-will-rise", "WILL_BE AMOUNT (AFTER | ON | BY)? _{0,1} TIME"),
        s("false-urgency", "subject-deadline", "^ (BEFORE | UNTIL) _{0,2} TIME", field="subject"),
        s("false-urgency", "hurry", "^ HURRY (NOW | COMMA | STOP)", unless_before="SLOWLY"),
        # ---- fake familiarity: a conversation or promise the reader never had
        s(
            "fake-familiarity",
            "we-talked",
            "WE _{0,1} TALKED",
            about_reader=True,
            conversation=True,
        ),
        s(
            "fake-familiarity",
            "our-conversation",
            "PAST_REF _{0,1} OUR CONVERSATION",
            conversation=True,
        ),
        s(
            "fake-familiarity",
            "you-said",
            "YOU YOU_SAID !ANSWER_WORD",
            unless_after="NOT_ONE_READER",
            conversation=True,
        ),
        s("fake-familiarity", "i-told-you", "I_SINGULAR _{0,1} I_TOLD YOU", conversation=True),
        # "I'd taken her phone at ten as agreed" is the writer's agreement with someone else.
        s(
            "fake-familiarity",
            "as-discussed",
            "AS_DISCUSSED",
            conversation=True,
            about_reader=True,
        ),
        s("fake-familiarity", "lovely-to-connect", "LOVELY TO MEET", conversation=True),
        s("fake-familiarity", "lovely-chatting", "LOVELY _{0,1} CHATTING", conversation=True),
        s("fake-familiarity", "thanks-for-call", "THANKS _{0,4} CONVERSATION", conversation=True),
        s(
            "fake-familiarity",
            "back-to-our-talk",
            "(FOLLOW_UP | AS_PROMISED | AS_I_SAID) _{0,2} OUR CONVERSATION",
            conversation=True,
        ),
        s("fake-familiarity", "where-we-left", "WHERE WE TALKED", conversation=True),
        s("fake-familiarity", "as-promised", "(AS_PROMISED | AS_I_SAID)", first_email=True),
        s("fake-familiarity", "follow-up-first", "^ FOLLOW_UP", first_email=True),
        s("fake-familiarity", "sorry-late", "SORRY _{0,3} TOOK", first_email=True),
        # ---- assumptive close: a time or place already held for the reader
        s("assumptive-close", "held-you", "ME _{0,5} HOLD_FOR_YOU YOU", unless_before="IN_TOUCH"),
        s(
            "assumptive-close",
            "held-yours",
            "ME _{0,5} HOLD_FOR_YOU YOUR _{0,4} (SESSION | NAME | PLAN)",
        ),
        s(
            "assumptive-close",
            "held-for-you",
            "ME _{0,4} HOLD_FOR_YOU _{0,5} (SESSION | TIME) _{0,5} FOR YOU",
        ),
        s(
            "assumptive-close",
            "yours-is-held",
            "YOUR _{0,4} (SESSION | PLAN) _{0,3} IS_ARE ALREADY? READY_HELD",
        ),
        s("assumptive-close", "will-hold-the", "I_WILL HOLD_NEXT THE _{0,2} SCARCE_N"),
        s("assumptive-close", "your-slot", "^ YOUR _{0,3} SESSION", field="subject"),
        s("assumptive-close", "plan-starts", "^ YOUR _{0,3} PLAN STARTS", field="subject"),
        s("assumptive-close", "just-confirm", "ALL (YOU | ME) NEED _{0,6} CONFIRM"),
        s("assumptive-close", "confirm-yours", "CONFIRM _{0,1} YOUR SESSION"),
        s("assumptive-close", "see-you-then", "SEE_YOU ON? TIME", with_tactic=True),
        s(
            "assumptive-close",
            "logistics",
            "I_WILL SEND _{0,4} LOGISTICS | YOU_WILL GETTING _{0,3} LOGISTICS"
            " | LOGISTICS IS_ARE IN | WILL WAITING",
            with_tactic=True,
        ),
        # ---- exclusivity: not public, hand-picked, sent to a chosen few
        s(
            "exclusivity",
            "not-public",
            "NEG _{0,5} PUBLIC",
            negatable=False,
            unless_before="REFLEXIVE",
        ),
        s("exclusivity", "before-public", "BEFORE _{0,4} GOES_PUBLIC"),
        s("exclusivity", "before-i-tell", "BEFORE ME _{0,1} TELL _{0,3} WIDER"),
        s(
            "exclusivity",
            "first-access",
            "(LET | INVITE | OPEN_VERB) _{0,4} (AUDIENCE | YOU) _{0,2} FIRST_ACCESS",
        ),
        s("exclusivity", "selected", "SELECTED"),
        s("exclusivity", "private-group", "PRIVATE _{0,1} GROUP_NOUN"),
        s("exclusivity", "opened-privately", "OPEN_VERB _{0,2} PRIVATELY TO"),
        s("exclusivity", "only-to", "ONLY INVITE _{0,2} (TO _{0,1})? (PEOPLE | SMALL_GROUP | YOU)"),
        s("exclusivity", "only-you", "ONLY TO YOU"),
        s("exclusivity", "only-for-list", "ONLY FOR _{0,2} AUDIENCE"),
        # "just a few practical points, no programme, no offer" says what it isn't
        s("exclusivity", "only-a-few", "ONLY SMALL_GROUP", unless_in_sentence="NO_SALE"),
        s("exclusivity", "chosen-you", "ME _{0,1} CHOSE YOU"),
        s("exclusivity", "few-i-judge", "SMALL_GROUP _{0,3} PEOPLE _{0,2} WHO? ME JUDGE"),
        s("exclusivity", "those-i-judge", "PEOPLE WHO? I_SINGULAR JUDGE _{0,2} READY"),
        s("exclusivity", "writing-to-few", "INVITE _{0,2} (TO | WITH) _{0,1} SMALL_GROUP"),
        s("exclusivity", "invitation-from-me", "INVITATION FROM_ME"),
        # ---- guilt and shame: the reader judged for not acting
        s("guilt-shame", "owe-it", "OWE_IT"),
        s("guilt-shame", "dependents", "DEPENDENTS (IS_ARE | HAVE)? _{0,1} JUDGED"),
        s("guilt-shame", "dependents-watching", "DEPENDENTS IS_ARE? WATCHING HOW"),
        s("guilt-shame", "deserve-better", "DESERVE_BETTER"),
        s("guilt-shame", "version-of-you", "GETTING _{0,5} VERSION_OF_YOU"),
        s("guilt-shame", "a-choice", "THAT_IS A_CHOICE"),
        s("guilt-shame", "not-willing", "YOU _{0,1} NEG _{0,1} WILLING", negatable=False),
        s("guilt-shame", "part-of-you", "PART_OF_YOU _{0,2} KNOWS"),
        s("guilt-shame", "really-scared", "IS_ARE REALLY _{0,1} SAYING? _{0,2} SCARED"),
        s("guilt-shame", "not-strength", "NEG VIRTUE", negatable=False),
        s("guilt-shame", "wont-save-you", "NOT_GOING_TO_SAVE YOU", negatable=False),
        # "less than you'd think" is a surprise, not a reproach
        s("guilt-shame", "less-than-you", "LESS _{0,3} THAN YOU", unless_before="EXPECT_OR_WANT"),
        s("guilt-shame", "if-you-keep", "IF YOU KEEP NEGLECT"),
        s("guilt-shame", "stop-hoping", "STOP_V WISHFUL"),
        s("guilt-shame", "own-doesnt-matter", "OWN _{0,2} DOESNT_MATTER"),
        s("guilt-shame", "if-you-cared", "IF YOU REALLY? CARED"),
        s("guilt-shame", "excuses", "EXCUSES"),
        s("guilt-shame", "you-know-you", "YOU_KNOW _{0,2} NEGLECT"),
        # "I'm glad I never joined" is the writer's own story.
        s(
            "guilt-shame",
            "still-havent",
            "STILL_HAVENT _{0,1} NEXT_STEP",
            unless_after="I_SINGULAR",
        ),
        s("guilt-shame", "fear-disguised", "FEAR_N _{0,1} DISGUISED | DISGUISED _{0,1} FEAR_N"),
        s("guilt-shame", "not-better-than-you", "NEG COMPARATIVE THAN YOU", negatable=False),
        # ---- fear of loss: what waiting will cost
        s("fear-of-loss", "every-period", "EVERY _{0,2} PERIOD _{0,1} YOU _{0,3} DELAY"),
        s("fear-of-loss", "another-period", "ANOTHER QUANTITY? PERIOD OF", negatable=False),
        s("fear-of-loss", "leave-another", "DELAY _{0,1} ANOTHER PERIOD", negatable=False),
        s("fear-of-loss", "cost-you", "(PERIOD | COSTLY_DELAY) _{0,3} CAN? COST_YOU"),
        s("fear-of-loss", "wont-get-back", "NEVER GET_BACK !TO", negatable=False),
        s("fear-of-loss", "wont-get-them-back", "NEVER GET _{0,2} BACK !TO", negatable=False),
        s("fear-of-loss", "lose-years", "LOSE (QUANTITY OR)? QUANTITY _{0,1} PERIOD"),
        s("fear-of-loss", "period-passes", "ANOTHER QUANTITY? PERIOD WILL? PASS"),
        s("fear-of-loss", "by-the-time", "BY_THE_TIME _{0,6} (FILLED | TOO_LONG)"),
        s("fear-of-loss", "the-longer", "THE_LONGER YOU _{0,1} DELAY"),
        s("fear-of-loss", "let-it-pass", "LET _{0,2} (CHANCE | PERIOD) PASS", negatable=False),
        s("fear-of-loss", "someone-else", "SOMEONE_ELSE OVERTAKE | GOES_TO SOMEONE"),
        s("fear-of-loss", "not-forever", "NEG STAY_OPEN FOREVER", negatable=False),
        s("fear-of-loss", "too-long", "DELAY TOO_LONG", negatable=False),
        s(
            "fear-of-loss",
            "dont-let-another",
            "NEG_DONT LET ANOTHER QUANTITY? PERIOD",
            negatable=False,
        ),
        s("fear-of-loss", "when-finally", "(NEG THERE)? WHEN THEY FINALLY DECIDE", negatable=False),
        s(
            "fear-of-loss",
            "when-finally-you",
            "(NEG THERE)? WHEN YOU FINALLY DECIDE",
            negatable=False,
        ),
        s("fear-of-loss", "hardens", "HARDEN"),
        s("fear-of-loss", "afford-to-waste", "AFFORD_TO WASTE"),
        s("fear-of-loss", "makes-it-harder", "DELAY _{0,6} MAKES_IT HARDER"),
        s("fear-of-loss", "every-period-harder", "EVERY _{0,2} PERIOD _{0,6} HARDER"),
        # ---- social proof as pressure: the crowd has already chosen
        s("social-proof-pressure", "count-joined", "OVER? MANY _{0,3} PEOPLE _{0,6} JOINED"),
        s("social-proof-pressure", "many-already", "OVER? MANY _{0,4} HAVE ALREADY JOINED"),
        s("social-proof-pressure", "count-decided", "OVER? MANY _{0,3} PEOPLE _{0,4} DECIDE"),
        s("social-proof-pressure", "wished-sooner", "WISHED _{0,4} SOONER"),
        s("social-proof-pressure", "helped-many", "HELPED _{0,2} OVER? MANY"),
        s("social-proof-pressure", "count-members", "THERE_IS OVER? MANY _{0,1} PEOPLE"),
        s(
            "social-proof-pressure",
            "peers-ahead",
            "PEERS _{0,3} (IS_ARE | HAVE) (ALREADY AHEAD | AHEAD _{0,2} ALREADY)",
        ),
        s("social-proof-pressure", "most-joined", "MOST_OF _{0,3} HAVE ALREADY JOINED"),
        s("social-proof-pressure", "peers-talking", "PEERS IS_ARE TALKING_ABOUT"),
        s(
            "social-proof-pressure",
            "winners-are",
            "(ONES | PEOPLE) WHO _{0,8} IS_ARE _{0,1} ALWAYS? THE_ONES WHO _{0,6}"
            " (DECIDE | DELAY | ALONE | DECISION)",
        ),
        s(
            "social-proof-pressure",
            "deciders-are",
            "THE_ONES WHO _{0,1} (DECIDE | DELAY) _{0,3} IS_ARE _{0,1} ALWAYS? THE_ONES",
        ),
        s("social-proof-pressure", "not-those", "NOT_THE_ONES WHO _{0,1} DELAY", negatable=False),
        s("social-proof-pressure", "everyone-glad", "EVERYONE WHO _{0,4} IS_ARE GLAD"),
        s("social-proof-pressure", "the-norm", "BECOME NORM"),
        s("social-proof-pressure", "what-people-do", "THE_THING (PEOPLE | EVERYONE) REALLY? DO_IT"),
        s("social-proof-pressure", "last-one", "LAST_ONE FIND_OUT"),
        # ---- guaranteed outcomes: a result promised with certainty
        s(
            "guaranteed-outcome",
            "guarantees-result",
            "GUARANTEE _{0,2} REWARD | REWARD GUARANTEE",
            hedgeable=True,
            not_in_question=True,
            unless_after="ONLY",
        ),
        s(
            "guaranteed-outcome",
            "promise",
            "(WHAT ME CAN? PROMISE _{0,4} YOU | HERE_IS THE PROMISE)",
        ),
        s(
            "guaranteed-outcome",
            "if-you-follow",
            "^ COMMIT _{0,8} AND (YOU_WILL | YOUR _{0,3} WILL)",
            hedgeable=True,
        ),
        s("guaranteed-outcome", "with-method", "WITH THE? _{0,3} METHOD COMMA? YOU_WILL"),
        s(
            "guaranteed-outcome",
            "by-when",
            "YOU_WILL_STRICT _{0,1} OUTCOME _{0,7}"
            " (WITHIN _{0,2} PERIOD | IN QUANTITY PERIOD | BY_END | THIS PERIOD)",
            hedgeable=True,
            not_in_question=True,
        ),
        s("guaranteed-outcome", "within-you-will", "WITHIN QUANTITY PERIOD _{0,8} YOU_WILL"),
        s(
            "guaranteed-outcome",
            "never-failed",
            "NEVER_HAD _{0,3} COMPLETE _{0,3} AND NEG",
            negatable=False,
        ),
        s("guaranteed-outcome", "everyone-succeeded", "EVERY _{0,1} PEOPLE WHO? _{0,5} SUCCEEDED"),
        s("guaranteed-outcome", "never-again", "YOU_WILL NEVER _{0,5} AGAIN"),
        s(
            "guaranteed-outcome",
            "not-one-failed",
            "NOT_ONE _{0,1} HAVE _{0,1} WENT_BACK",
            negatable=False,
        ),
        s("guaranteed-outcome", "never-go-back", "PEOPLE WHO _{0,3} NEVER GO_BACK"),
        s("guaranteed-outcome", "never-seen-fail", "NEG FAIL_IT", negatable=False),
        s("guaranteed-outcome", "promise-you-will", "I_SINGULAR PROMISE YOU_WILL"),
        s("guaranteed-outcome", "never-miss", "NEG MISS_TARGET _{0,1} TARGET", negatable=False),
        s("guaranteed-outcome", "that-reliable", "THAT_IS THAT_RELIABLE"),
        s("guaranteed-outcome", "not-a-hope", "NEG NOT_A_HOPE", negatable=False),
        s("guaranteed-outcome", "until-you-do", "KEEP_WORKING UNTIL_YOU"),
        s(
            "guaranteed-outcome",
            "in-weeks",
            "^ OUTCOME _{0,6} (WITHIN | IN) QUANTITY PERIOD",
            field="subject",
            not_in_question=True,
        ),
        # ---- hype
        s("hype", "hype-word", "HYPE_WORD"),
        s("hype", "changed-everything", "CHANGED _{0,1} EVERYTHING"),
        s("hype", "most-powerful", "MOST POWERFUL _{0,2} THING_SOLD"),
        s("hype", "closest-thing", "CLOSEST_THING"),
        s("hype", "best-ever", "BEST _{0,2} (THING_SOLD | DECISION) _{0,2} EVER_OFFERED"),
        s("hype", "unfair-advantage", "UNFAIR"),
        # ---- price anchoring: an inflated anchor, a second price, "the lowest ever"
        s("price-anchoring", "anchor", "ANCHOR _{0,2} OVER? AMOUNT | AMOUNT IN_VALUE"),
        s("price-anchoring", "lowest-ever", "LOWEST _{0,3} EVER_OFFERED"),
        s("price-anchoring", "saving", "SAVING _{0,2} OVER? (AMOUNT | PERCENT)"),
        # "£149 today, £249 after Sunday": a price now set against the price after a date
        s(
            "price-anchoring",
            "now-and-later",
            "AMOUNT _{0,1} NOW_WORD COMMA? AMOUNT _{0,2} (AFTER | ON | BY) _{0,2} (DATE | TIME)",
        ),
        *_broad_shapes(),
    ]


class Near(str):
    """A shape of two classes in either order: each end is a cue, so each may be denied."""


def near(a: str, b: str, gap: int) -> Near:
    """Either class, then the other within `gap` tokens of the same sentence."""
    return Near(f"({a}) _{{0,{gap}}} ({b}) | ({b}) _{{0,{gap}}} ({a})")


# What makes an email a sale: its own offer with an ask, or a price. Not flags themselves.
OFFER = "offer"


def _broad_shapes() -> list[Shape]:
    """Each tactic as two classes of words meeting in a sentence, in either order: what the
    tactic is about, not one wording of it. Their words are ordinary in an email that sells
    nothing, so they count only in one that does (`needs_offer`)."""

    def b(tactic: str, name: str, pattern: str, **kw) -> Shape:
        kw.setdefault("needs_offer", True)
        # "a course with no limit": the second cue denied cancels it as the first would.
        kw.setdefault("check_end", isinstance(pattern, Near))
        return Shape(tactic, f"broad-{name}", pattern, **kw)

    return [
        # the sale itself
        b(OFFER, "product-ask", near("SELLER_OWN _{0,2} PRODUCT", "COMMIT_ASK", 8)),
        b(OFFER, "ask-product", "COMMIT_ASK _{0,3} (YOUR | SELLER_OWN) _{0,2} PRODUCT"),
        # scarcity: a small number or a state of running out, with the places
        b(
            "false-scarcity",
            "places",
            near("SMALL_QTY | QUANTITY MORE", "SCARCE_N", 4) + " | SMALL_NUM _{0,1} SCARCE_N",
            unless_after="POSSESSIVE",
        ),
        b(
            "false-scarcity",
            "only-n",
            "ONLY _{0,1} HAVE? QUANTITY _{0,4} (PRODUCT | SCARCE_N | SCARCE_PLACES)",
        ),
        b("false-scarcity", "only-run-n", "ONLY _{0,1} (RUN_AGAIN | TAKE_PEOPLE) _{0,1} QUANTITY"),
        b(
            "false-scarcity",
            "n-taken",
            "(QUANTITY | FRACTION) _{0,2} (IS_ARE | HAVE) _{0,1} ALREADY?"
            " (SCARCE_STATE | FILLED_ANY)",
        ),
        b("false-scarcity", "waitlist", "SCARCE_ALONE"),
        b(
            "false-scarcity",
            "full",
            "(PRODUCT | SCARCE_N | SCARCE_PLACES | VENUE) IS_ARE? NEARLY? FULL",
        ),
        # "twenty places, and I won't run another": the count with no other run to come
        b(
            "false-scarcity",
            "n-and-no-other",
            "QUANTITY SCARCE_PLACES _{0,2} ME _{0,3} RUN_AGAIN ANOTHER_RUN",
            negatable=False,
        ),
        b("false-scarcity", "n-more", "ONLY _{0,1} QUANTITY MORE"),
        b("false-scarcity", "capped-at", "CAP_V _{0,2} QUANTITY"),
        b("false-scarcity", "percent-full", "PERCENT _{0,2} SCARCE_STATE"),
        b("false-scarcity", "first-n", "FIRST QUANTITY _{0,3} (REPLY | COMMIT_ASK)"),
        b("false-scarcity", "small-n", "SMALL_ADJ _{0,3} (PRODUCT | OFFER_N) _{0,4} QUANTITY"),
        b("false-scarcity", "last-run", "ME _{0,4} RUN_AGAIN _{0,3} LAST_RUN"),
        b("false-scarcity", "places-state", near("SCARCE_N | SCARCE_PLACES", "SCARCE_STATE", 5)),
        b(
            "false-scarcity",
            "at-most",
            "QUANTITY _{0,1} NEW_PEOPLE _{0,1} AT_MOST | AT_MOST _{0,2} QUANTITY _{0,1} NEW_PEOPLE",
        ),
        b(
            "false-scarcity",
            "take-few",
            "TAKE_PEOPLE _{0,3} (SMALL_QTY | QUANTITY) _{0,2} (NEW_PEOPLE | MORE)",
        ),
        b("false-scarcity", "group-state", "(OFFER_N | PRODUCT) _{0,4} SCARCE_STATE"),
        b("false-scarcity", "last-of", "SCARCE_PRE _{0,1} (OFFER_N | SCARCE_N)"),
        # urgency: the offer and a deadline, or the deadline and a date
        b("false-urgency", "offer-date", near("OFFER_N", "DEADLINE_V", 5)),
        b("false-urgency", "offer-until", "OFFER_N _{0,6} DEADLINE_PREP _{0,3} (DATE | TIME)"),
        b("false-urgency", "subject-date", "^ DEADLINE_PREP _{0,2} (DATE | TIME)", field="subject"),
        b(
            "false-urgency",
            "deadline-date",
            near("DEADLINE_V", "DATE | TIME", 5),
            unless_in_sentence="PAST_TENSE",
        ),
        b(
            "false-urgency",
            "answer-by",
            "(HEAR_BACK | COMMIT_ASK) _{0,6} DEADLINE_PREP _{0,2} (DATE | TIME)"
            " | DEADLINE_PREP _{0,2} (DATE | TIME) _{0,3} COMMIT_ASK",
        ),
        b("false-urgency", "held-for-hours", "HOLD_ANY FOR? QUANTITY _{0,1} HOUR_UNITS"),
        b(
            "false-urgency",
            "subject-hours",
            "QUANTITY _{0,1} HOUR_UNITS",
            field="subject",
            unless_after="TAKES_TIME",
        ),
        b("false-urgency", "act-now", "COMMIT_ASK _{0,3} NOW_WORD"),
        b("false-urgency", "last-week-to", "LAST_PERIOD TO"),
        b("false-urgency", "held-until", "HOLD_IT _{0,5} DEADLINE_PREP _{0,3} (DATE | TIME)"),
        b("false-urgency", "price-from", "AMOUNT _{0,2} (AFTER | ON | BY) _{0,2} (DATE | TIME)"),
        # familiarity: a conversation, promise or reply the reader never had
        b(
            "fake-familiarity",
            "we-talked",
            "WE _{0,2} TALK_PAST | ME _{0,2} TALK_PAST _{0,3} YOU"
            " | YOU AND I_SINGULAR _{0,2} TALK_PAST",
            conversation=True,
            about_reader=True,
        ),
        b(
            "fake-familiarity",
            "you-told-me",
            "YOU _{0,1} YOU_TOLD !ANSWER_WORD",
            conversation=True,
            about_reader=True,
            unless_after="NOT_ONE_READER",
        ),
        b(
            "fake-familiarity",
            "i-promised",
            "I_SINGULAR _{0,1} I_PROMISED",
            conversation=True,
            about_reader=True,
        ),
        b(
            "fake-familiarity",
            "our-talk",
            "PRIOR _{0,2} CONVO_N",
            conversation=True,
            about_reader=True,
        ),
        b("fake-familiarity", "reminder", "^ REMIND", first_email=True, about_reader=True),
        b(
            "fake-familiarity",
            "your-message",
            "FURTHER_TO _{0,2} YOUR _{0,2} YOUR_MSG | YOUR_MSG _{0,2} YOU_SENT",
            conversation=True,
            about_reader=True,
        ),
        b(
            "fake-familiarity",
            "you-sent",
            "YOU_SENT",
            conversation=True,
            about_reader=True,
            unless_after="NOT_ONE_READER",
        ),
        b("fake-familiarity", "your-last", "YOUR_LAST YOUR_MSG", conversation=True),
        b(
            "fake-familiarity",
            "remember-you",
            "ME REMEMBER YOU _{0,1} YOU_TOLD",
            conversation=True,
            about_reader=True,
        ),
        b(
            "fake-familiarity",
            "thinking-of-you",
            "(ME | YOU) _{0,4} THINKING_OF",
            about_reader=True,
        ),
        b("fake-familiarity", "good-to-hear", "GOOD_TO_HEAR", conversation=True, about_reader=True),
        # assumptive close: something already held, only a yes missing
        b("assumptive-close", "held", "ME _{0,3} HOLD_V _{0,6} (HELD_THING | DATE | TIME)"),
        b("assumptive-close", "secure-yours", "COMMIT_ASK _{0,1} YOUR _{0,2} HELD_THING"),
        b("assumptive-close", "start-you", "(I_WILL | ME CAN?) _{0,1} START_YOU"),
        b("assumptive-close", "when-we-start", "WHEN WE _{0,1} STARTS_V _{0,3} (DATE | TIME)"),
        b("assumptive-close", "kept-for-you", "(HOLD_V | HOLD_IT | COMMIT_ASK) _{0,5} FOR YOU"),
        b(
            "assumptive-close",
            "see-you-at",
            "I_WILL SEE_SOON _{0,4} (DATE | TIME | HELD_THING | CONVO_N)",
        ),
        b("assumptive-close", "yours-held", "YOUR _{0,4} HELD_THING _{0,5} HELD_STATE"),
        b("assumptive-close", "only-a-yes", "ALL_NEED _{0,6} JUST_REPLY"),
        b("assumptive-close", "see-you", "^ SEE_SOON _{0,2} (DATE | TIME)"),
        b(
            "assumptive-close",
            "see-you-there",
            "^ SEE_SOON (ON | IN) THE? _{0,1} (HELD_THING | SCARCE_N | VENUE | PRODUCT)",
        ),
        b("assumptive-close", "subject-yours", "^ YOUR _{0,3} HELD_THING", field="subject"),
        # exclusivity: kept from the public, offered to a chosen few
        b("exclusivity", "not-public", "NEG _{0,6} NOT_PUBLIC", negatable=False),
        b("exclusivity", "insider", near("INSIDER", "SHARE_V | PRODUCT | OFFER_N | YOU", 5)),
        b("exclusivity", "chosen-few", "ME _{0,2} SHARE_V _{0,5} FEW_CHOSEN"),
        b("exclusivity", "insider-alone", "INSIDER_ALONE"),
        b("exclusivity", "only-to", "ONLY _{0,1} SHARE_V _{0,2} TO"),
        b("exclusivity", "only-those", "ONLY _{0,1} (NEW_PEOPLE | AUDIENCE) WHO"),
        # guilt and shame: the reader judged, or those they love made to pay
        b("guilt-shame", "you-shamed", near("YOU | YOUR", "SHAME", 4)),
        b("guilt-shame", "loved-ones", "YOUR _{0,1} LOVED_ONES _{0,4} SUFFER_V"),
        b("guilt-shame", "dont-be", "DONT_BE _{0,2} PERSON_WHO", negatable=False),
        b("guilt-shame", "shame-alone", "SHAME_ALONE", negatable=False),
        b("guilt-shame", "you-know", "YOU KNOW_HOW _{0,4} GOING"),
        # fear of loss: waiting and what it costs
        b("fear-of-loss", "delay-cost", near("DELAY_V", "LOSS", 6)),
        b("fear-of-loss", "period-cost", near("PERIODS", "LOSS", 6)),
        b("fear-of-loss", "strong-loss", "LOSS_STRONG"),
        b("fear-of-loss", "worse-with-time", near("PASSAGE", "WORSE", 6)),
        b("fear-of-loss", "loss-alone", "LOSS_ALONE"),
        b("fear-of-loss", "wait-and-you-will", "DELAY_V _{0,2} AND YOU_WILL"),
        b("fear-of-loss", "waiting-costs", "COSTLY_DELAY _{0,1} IS_ARE _{0,4} COST_WORD"),
        # "I wish someone had told me before" is the writer's hindsight, not the reader's loss
        b("fear-of-loss", "wish-sooner", "WISH_V _{0,8} EARLIER", unless_after="I_SINGULAR"),
        b("fear-of-loss", "the-ones", "THE_ONES WHO? _{0,10} THE_ONES"),
        b("fear-of-loss", "the-longer", "THE_LONGER _{0,10} THE_HARDER"),
        b("fear-of-loss", "time-flies", "PERIODS _{0,2} (GO_FAST | PASS)"),
        b("fear-of-loss", "a-year-from-now", "FUTURE_POINT _{0,8} STILL_SAME"),
        b(
            "fear-of-loss",
            "dont-want-to",
            "NEG_DONT WANT_TO _{0,3} (LOSS_STRONG | LOSS)",
            negatable=False,
        ),
        # social proof: the crowd has already chosen
        b("social-proof-pressure", "top-percent", "TOP PERCENT"),
        b(
            "social-proof-pressure",
            "crowd",
            near("CROWD | MANY | (QUANTITY | YOUR) _{0,3} NEW_PEOPLE", "CROWD_ACT", 6),
        ),
        b(
            "social-proof-pressure",
            "my-clients",
            "(CROWD | EVERYONE | ALL_PEOPLE | QUANTITY | LAST_FEW) _{0,3} NEW_PEOPLE"
            " _{0,4} ME _{0,1} COACHED_V _{0,6} (HAVE | ALREADY | SUCCEED_V | BY_WHEN | ALL)",
            # what clients report is their story, not a crowd to follow
            unless_in_sentence="REPORT_V",
        ),
        # guarantees: a result, certain or on a date
        b(
            "guaranteed-outcome",
            "you-will",
            "YOU_WILL _{0,2} RESULT_V _{0,8} (BY_WHEN | CERTAIN) | YOU_WILL_STRICT PROMISE_V"
            " | BY_WHEN _{0,4} YOU_WILL_STRICT RESULT_V",
            hedgeable=True,
            not_in_question=True,
        ),
        b(
            "guaranteed-outcome",
            "certain",
            near("CERTAIN", "RESULT_V | REWARD | SUCCEED_V", 6),
            hedgeable=True,
            not_in_question=True,
        ),
        b("guaranteed-outcome", "everyone", "ALL_PEOPLE _{0,6} SUCCEED_V", hedgeable=True),
        b(
            "guaranteed-outcome",
            "those-who-follow",
            "(NEW_PEOPLE | ALL_PEOPLE | CROWD | EVERYONE) WHO _{0,1} COMMIT"
            " _{0,10} (RESULT_V | SUCCEED_V | CERTAIN | BY_WHEN)",
            hedgeable=True,
        ),
        b(
            "guaranteed-outcome",
            "money-back",
            # a refund as the price of a promised result, not a cancellation policy
            "OR _{0,2} MONEY_BACK | FREE_UNTIL",
            hedgeable=True,
            not_in_question=True,
            unless_after="ONLY",
        ),
        b(
            "guaranteed-outcome",
            "at-least",
            near(
                "NEW_PEOPLE | YOU | YOU_WILL | ALL_PEOPLE | RESULT_V",
                "AT_LEAST _{0,2} (PERCENT | AMOUNT | QUANTITY)",
                6,
            ),
        ),
        b(
            "guaranteed-outcome",
            "always-succeed",
            "(NEW_PEOPLE | OUR | ALL_PEOPLE) _{0,2} ALWAYS_V _{0,1} (SUCCEED_V | RESULT_V)",
            hedgeable=True,
        ),
        b(
            "guaranteed-outcome",
            "certain-alone",
            "GUARANTEE_ALONE",
            hedgeable=True,
            not_in_question=True,
        ),
        b("guaranteed-outcome", "rarely-fails", "RARE _{0,4} NEG _{0,2} (RESULT_V | SUCCEED_V)"),
        # hype
        b("hype", "hype-word", "HYPE_ADJ"),
        b("hype", "superlative", "SUPERLATIVE _{0,2} SOLD_THING"),
        b("hype", "income", "EARN_V _{0,2} AMOUNT"),
        b("hype", "n-of-m", "QUANTITY OF QUANTITY _{0,1} NEW_PEOPLE"),
        b("hype", "helped-many", "HELPED _{0,2} OVER? MANY"),
        # price: an amount with what makes it look small
        b("price-anchoring", "amount", near("PRICE_CUE", "AMOUNT", 3)),
        b("price-anchoring", "pays-back", "MAKE_BACK"),
        b("price-anchoring", "small-as-a-treat", "LESS_THAN _{0,2} TREAT"),
        # round 3: each tactic as a state, whoever its subject is
        b("fear-of-loss", "loss-final", "LOSS_FINAL"),
        b("fear-of-loss", "the-longer", "THE_LONGER _{0,8} THE"),
        b("guilt-shame", "guilt-state", "GUILT_STATE"),
        b("social-proof-pressure", "crowd-moving", "CROWD_MOVING"),
        b(
            "social-proof-pressure",
            "others-results",
            "(QUANTITY | FRACTION) OF _{0,3} QUANTITY? _{0,1} NEW_PEOPLE _{0,10} BY_WHEN",
        ),
        b(
            "guaranteed-outcome",
            "all-results",
            "ALL_PEOPLE _{0,5} NEW_PEOPLE _{0,12} BY_WHEN",
            hedgeable=True,
        ),
        b("guaranteed-outcome", "result-sure", "RESULT_SURE", hedgeable=True),
        b("exclusivity", "chosen", "CHOSEN"),
        b("false-scarcity", "scarce-move", "SCARCE_MOVE"),
        b("false-scarcity", "n-left", "ONLY _{0,2} QUANTITY REMAINING"),
        b("false-urgency", "urgent-state", "URGENT_STATE"),
        b("assumptive-close", "held-state", "HELD_NOW"),
        # round 8: the intake chosen, the yes taken as given, the result promised outright
        b("exclusivity", "selective", "ME _{0,3} SELECTIVE | NOMINATED"),
        b("assumptive-close", "all-thats-left", "ALL_THATS_NEEDED"),
        b("assumptive-close", "when-we-begin", "WE_BEGIN"),
        b("guaranteed-outcome", "promise-it", "PROMISE_IT", hedgeable=True),
        b("guaranteed-outcome", "works-for-every", "WORKS_V FOR EVERY", hedgeable=True),
        b("fake-familiarity", "mind-read", "MIND_READ"),
        b("guilt-shame", "belittled", "BELITTLE"),
        b("assumptive-close", "first-week-built", "I_WILL _{0,3} YOUR_FIRST"),
        b("price-anchoring", "full-price", "FULL_PRICE"),
        # social proof as a crowd already moving, told of others
        b(
            "social-proof-pressure",
            "group-moving",
            "(GROUP | PEERS | PEOPLE) _{0,6} GROUP_MOVE",
            hedgeable=True,
        ),
        # certainty told of others, of the method or of a time
        b("guaranteed-outcome", "people-steadily", "PEOPLE _{0,2} STEADILY", hedgeable=True),
        b("guaranteed-outcome", "expect-by", "EXPECT _{0,8} (BY_WHEN | WITHIN)", hedgeable=True),
        b("guaranteed-outcome", "no-one-without", "ALL_PEOPLE _{0,8} WITHOUT", hedgeable=True),
        b("guaranteed-outcome", "no-way", "NO_WAY", hedgeable=True),
        b("guaranteed-outcome", "all-coached", "ALL_PEOPLE _{0,2} ME _{0,2} COACHED"),
        b(
            "guaranteed-outcome",
            "finishers-see",
            "(PEOPLE | ALL_PEOPLE) WHO _{0,1} FINISH_V _{0,8} SEE_RESULT",
            hedgeable=True,
        ),
        # fear of loss as others' stories: those who waited, a time that doesn't come again
        b(
            "fear-of-loss",
            "those-who-waited",
            "(PEOPLE | ONES) WHO _{0,2} PUT_OFF _{0,10} PAY_LATER",
        ),
        b("fear-of-loss", "watched-wait", "WATCHED _{0,3} (PEOPLE | ONES) _{0,1} PUT_OFF"),
        b("fear-of-loss", "by-the-time", "BY_THE_TIME _{0,10} DAMAGE"),
        b("fear-of-loss", "not-again", "(NEG | NEG_DONT | NOT_ONE) _{0,3} COME_AGAIN"),
        # guilt told of the people who depend on the reader, or of what they'd have done
        b("guilt-shame", "dependents-see", "DEPENDENTS_ANY _{0,2} DEPEND_V"),
        b("guilt-shame", "would-have-by-now", "WOULD_HAVE _{0,6} BY_NOW"),
        # scarcity as places going fast, whatever the noun
        b("false-scarcity", "went-fast", "WENT _{0,2} SPEED"),
        # exclusivity: held for a kind of people, kept off the public page
        b("exclusivity", "kept-for", "KEPT_FOR _{0,3} (PEOPLE | ONES | YOU)"),
        b("exclusivity", "not-public", "OFF_PUBLIC"),
        # urgency: a decision by a time, a move to the public after a date
        b("false-urgency", "until-decide", "UNTIL_TIME _{0,4} TO? DECIDE_V"),
        b("false-urgency", "after-public", "AFTER (DATE | TIME) _{0,8} PUBLIC_LIST"),
        # probe 17's classes
        b(
            "social-proof-pressure",
            "n-of-m-went",
            "QUANTITY OF THE? QUANTITY",
            unless_after="PLACE_PREP",
        ),
        b(
            "guaranteed-outcome",
            "and-it-goes",
            "(AND | BY_WHEN) _{0,6} RESULT_GONE",
            hedgeable=True,
            not_in_question=True,
        ),
        b("guaranteed-outcome", "transformed", "TRANSFORMED", hedgeable=True),
        b(
            "fear-of-loss",
            "not-on-its-own",
            "(NEG | NEG_DONT | RARE) _{0,3} ON_OWN",
            # its first word is the denial the shape needs, not one that cancels it
            negatable=False,
            check_end=False,
        ),
        b(
            "false-scarcity",
            "only-a-few",
            "ONLY _{0,3} (SMALL_QTY | SMALL_ADJ)",
            unless_in_sentence="NO_SALE",
        ),
        b("false-scarcity", "few-remain", "(SMALL_QTY | QUANTITY) _{0,3} REMAINING"),
        b("exclusivity", "only-they-hear", "ONLY _{0,3} PEOPLE _{0,3} HEARING"),
        # probe 18's classes
        b("guilt-shame", "self-judge", "SELF_JUDGE"),
        b(
            "social-proof-pressure",
            "peers-counted",
            "(QUANTITY | MANY | SMALL_QTY | COUNT_ANY) _{0,3} (PEOPLE | NEW_PEOPLE)? _{0,1} FELLOW",
        ),
        b(
            "guaranteed-outcome",
            "never-failed",
            "FAILED _{0,3} (ALL_PEOPLE | SINGLE | PEOPLE)",
            negatable=False,
        ),
        b("guaranteed-outcome", "from-now-you-will", "FROM_NOW _{0,2} YOU_WILL", hedgeable=True),
        b(
            "guaranteed-outcome",
            "works-whatever",
            near("WORKS_V", "WHATEVER", 4),
            hedgeable=True,
            not_in_question=True,
        ),
        b(
            "exclusivity",
            "few-told",
            "(SMALL_QTY | ONLY) _{0,3} ME _{0,1} TELLING | TELLING _{0,2} FIRST",
        ),
        # round 9: a price made small by what something else costs
        b("price-anchoring", "costs-more", "COST_V _{0,2} THAN_THAT"),
        b("price-anchoring", "single-unit", near("COST_V", "SINGLE_UNIT", 8)),
        b("price-anchoring", "set-against", "SET_AGAINST"),
        # the yes taken as given: a welcome, a trial set up, a call already planned
        b("assumptive-close", "welcome-you", "LOOK_FORWARD _{0,1} WELCOME_YOU"),
        b("assumptive-close", "set-up-already", "ME _{0,1} SET_UP_YOUR _{0,3} ALREADY"),
        b("assumptive-close", "welcome-next", "WELCOME_NEXT"),
        b("assumptive-close", "call-you", "I_WILL _{0,1} CALL_YOU"),
        b("assumptive-close", "assume-yes", "ASSUME_YES"),
        # the reader's life read for them; a shame named; loss as what time does
        b("fake-familiarity", "know-you", "KNOW_YOU"),
        b("assumptive-close", "send-invoice", "I_WILL SEND _{0,1} BILLING"),
        b("social-proof-pressure", "crowd-claim", "CROWD_CLAIM"),
        b("false-urgency", "dont-delay", "DONT_DELAY", negatable=False),
        b("fake-familiarity", "know-you-bare", "KNOW_YOU_BARE STOP", about_reader=True),
        b(
            "false-urgency",
            "not-again-until",
            "ME _{0,3} RUN_AGAIN ANOTHER_RUN _{0,3} UNTIL",
            negatable=False,
        ),
        b(
            "guaranteed-outcome",
            "assured",
            "(YOU_WILL | YOUR _{0,2} WILL) _{0,12} ASSURE_YOU",
            not_in_question=True,
        ),
        b("guilt-shame", "shame-named", "SHAME_NAMED"),
        b(
            "fear-of-loss",
            "not-forever",
            "(NEG | NEG_DONT) _{0,4} FOREVER",
            negatable=False,
            check_end=False,
        ),
        b("fear-of-loss", "time-takes", "TIME_TAKES"),
        b("guaranteed-outcome", "you-will-finish", "YOU_WILL_FINISH", hedgeable=True),
        b("guaranteed-outcome", "sure-across", "SURE_ACROSS", hedgeable=True),
        b("exclusivity", "open-wider", "OPEN_WIDER"),
        b("false-scarcity", "keep-to", "KEEP_TO SMALL_NUM | KEEP_GROUP_TO"),
        b("social-proof-pressure", "would-recommend", "PERCENT _{0,2} WOULD_RECOMMEND"),
        b("social-proof-pressure", "include-names", "INCLUDE_NAMES"),
        b("social-proof-pressure", "told-me", "SO_MANY _{0,2} TOLD_ME"),
        b("false-urgency", "wait-not", "WAIT_NOT"),
        b("hype", "hype-more", "HYPE_MORE"),
    ]


@dataclass(frozen=True)
class _Compiled:
    shape: Shape
    pattern: re.Pattern[str]
    firsts: frozenset[str]
    must: frozenset[str]


@dataclass(frozen=True)
class Hit:
    """A shape found in a field: the tactic, the shape's name and the character span."""

    tactic: str
    shape: str
    start: int
    end: int
    # Counts only when the email has another flag of its tactic (checked by the caller).
    with_tactic: bool = False
    needs_offer: bool = False
    check_end: bool = False  # the last word's own denial or example cue cancels it too


class Detectors:
    """Every tactic's shapes for one lexicon, compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.tagger = Tagger(lexicon)
        known = self.tagger.families()
        self.shapes = [
            _Compiled(shape, *compile_shape(shape.pattern, known)) for shape in _shapes()
        ]
        self.tagger.indexed = frozenset({"AMOUNT"}).union(*(c.firsts for c in self.shapes))

    def tokens(self, text: str) -> Tokens:
        return self.tagger.tokens(text)

    def find(
        self,
        field_name: str,
        tokens: Tokens,
        *,
        is_first_email: bool,
        after_conversation: bool,
        is_quoted,
        is_mention,
        is_question,
    ) -> list[Hit]:
        """Shape hits in one field. `is_quoted(start)`, `is_mention(start)` and
        `is_question(start)` say whether a character position is quoted, negated or given as
        an example, or inside a question."""
        hits: list[Hit] = []
        present = frozenset().union(*set(tokens.tags))
        for compiled in self.shapes:
            if not compiled.must <= present:
                continue
            shape = compiled.shape
            if shape.field not in (None, field_name):
                continue
            if shape.first_email and not is_first_email:
                continue
            if shape.conversation and after_conversation:
                continue
            for first, last in find(compiled.pattern, compiled.firsts, tokens):
                start, end = tokens.spans[first][0], tokens.spans[last][1]
                # Either end quoted: "the exclusive" in quotes is a word discussed.
                if is_quoted(start) or is_quoted(end - 1):
                    continue
                if shape.negatable and is_mention(start):
                    continue
                if shape.check_end and shape.negatable and is_mention(_cue_start(tokens, last)):
                    continue
                # Someone else's conversation, in this sentence or the one before.
                if shape.about_reader and _in_sentence(
                    tokens, first, "THIRD_PERSON", sentences_before=1
                ):
                    continue
                if shape.unless_in_sentence and _in_sentence(
                    tokens, first, shape.unless_in_sentence
                ):
                    continue
                if shape.hedgeable and hedged(tokens, first):
                    continue
                if shape.not_in_question and is_question(start):
                    continue
                if (
                    shape.unless_before
                    and last + 1 < len(tokens.tags)
                    and shape.unless_before in tokens.tags[last + 1]
                ):
                    continue
                if shape.unless_after and first and shape.unless_after in tokens.tags[first - 1]:
                    continue
                hits.append(
                    Hit(
                        shape.tactic,
                        f"{shape.tactic}.{shape.name}",
                        start,
                        end,
                        shape.with_tactic,
                        shape.needs_offer,
                    )
                )
        return hits

    def price_pairs(self, tokens: Tokens, anchors: list[Hit]) -> list[Hit]:
        """The prices set against an anchor: every other amount in the anchor's sentence and
        the two after it, marked with the words that lead up to it in its clause."""
        if not anchors:
            return []
        amounts = tokens.where.get("AMOUNT", [])
        sentence_of = _sentence_numbers(tokens)
        anchor_tokens = [
            i for i in amounts if any(h.start <= tokens.spans[i][0] < h.end for h in anchors)
        ]
        pairs = []
        for index in amounts:
            if index in anchor_tokens:
                continue
            if not any(0 <= sentence_of[index] - sentence_of[a] <= 2 for a in anchor_tokens):
                continue
            first = index
            while first > 0 and index - first < 6 and not tokens.tags[first - 1] & {"STOP"}:
                first -= 1
            pairs.append(
                Hit(
                    "price-anchoring",
                    "price-anchoring.pair",
                    tokens.spans[first][0],
                    tokens.spans[index][1],
                )
            )
        return pairs


def _cue_start(tokens: Tokens, last: int) -> int:
    """Where the several-word member ending at token `last` begins ("no exceptions")."""
    while last > 0 and any(tag.endswith("~") for tag in tokens.tags[last]):
        last -= 1
    return tokens.spans[last][0]


def _sentence_numbers(tokens: Tokens) -> list[int]:
    numbers, sentence = [], 0
    for found in tokens.tags:
        numbers.append(sentence)
        if "STOP" in found:
            sentence += 1
    return numbers


def _in_sentence(tokens: Tokens, index: int, family: str, *, sentences_before: int = 0) -> bool:
    start = index
    stops = 0
    while start > 0:
        if "STOP" in tokens.tags[start - 1]:
            if stops == sentences_before:
                break
            stops += 1
        start -= 1
    end = index
    while end < len(tokens.tags) and "STOP" not in tokens.tags[end]:
        end += 1
    return any(family in tokens.tags[i] for i in range(start, end))


def hedged(tokens: Tokens, first: int) -> bool:
    """A hedge ("probably", "most", "pretty much") earlier in the clause."""
    index = first - 1
    while index >= 0 and not tokens.tags[index] & {"STOP", "COMMA"}:
        if "HEDGE" in tokens.tags[index]:
            return True
        index -= 1
    return False
