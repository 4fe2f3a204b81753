"""Named detectors for what a scenario's word patterns cannot see in a rewrite.

A rubric criterion asks "is this feature present?". Some replies have the features and still fail
the person: they promise what nobody can keep, validate and then take it back, say the right words
sarcastically, list keywords instead of speaking to anyone, or hand back the original. Educators
mark those down whatever the criteria say (``tools/data/rewrites/guide.md``), so each detector
here finds one of them, quotes the words that set it off, and *caps* the band the reply can reach:
a reply with false reassurance cannot be "good", a sarcastic one is "poor". The caps are applied in
:func:`tic_course.checkpoints.rubric.check_rewrite`, which shows the learner every finding.

Every detector is a small, plain function over the reply (already cut to the rubric's length
limit), so an educator can read why it fired; each is tested both ways in
``tests/checkpoints/test_rubric_detectors.py``. Patterns here are fixed by the course, not by
scenario authors, and are written with bounded repeats only.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tic_course.runtime.answers import words

POOR, PARTIAL = "poor", "partial"  # the highest band a reply with the finding can reach

COPY_RATIO = 0.85  # difflib ratio to the original above which a reply counts as the original again


@dataclass(frozen=True)
class Finding:
    """One detector's finding: what it is, the words that set it off, and the cap it imposes."""

    id: str
    title: str  # what the learner reads, e.g. "False reassurance"
    evidence: str
    cap: str  # POOR or PARTIAL
    why: str  # why this matters to the person hearing it, in plain words
    quoted: bool = True  # evidence is the reply's own words (False: a description of what is missing)


def _search(patterns: Sequence[str], text: str) -> re.Match[str] | None:
    found = [m for p in patterns if (m := re.search(p, text, flags=re.IGNORECASE))]
    return min(found, key=lambda m: m.start()) if found else None


# --- false reassurance ---------------------------------------------------------------------------
# Comfort that closes the topic or promises an outcome nobody can promise. "You're safe" on its own
# is not here: a porter can truthfully say it on a ward.
FALSE_REASSURANCE = (
    r"\bnothing (at all )?to (worry|be (scared|afraid|frightened|worried)) (about|of)\b",
    # "Don't worry about cubicle 4" takes a job off the person; it does not close the topic.
    r"\b(don'?t|do not|no need to|try not to|never) (you )?worry\b"
    r"(?! about (cubicle|your (patients|bay|cubicles|shift|work)|the (patients|bay|rota|cover|shift|ward)))",
    r"\bnot to worry\b",
    r"\b(in|with) (safe|good|the best|great|expert) hands\b",
    r"\byou'?ll (all )?be (absolutely |totally |completely |perfectly |just )?(fine|ok|okay|alright|all right)\b",
    r"\b(everything|it|all)('s going to| is going to| will|'ll) (all )?be (absolutely |totally |perfectly )?"
    r"(fine|ok|okay|alright|all right|sorted)\b",
    r"\beverything('s| is) (absolutely |totally |perfectly )?(fine|ok|okay|alright|all right|sorted)\b",
    r"\b(he|she|they)'?(ll| will) (be (absolutely |totally )?(fine|ok|okay|alright)|pull through)\b",
    r"\bwon'?t (feel|notice) (a|any)( single)? (thing|pain)\b",
    r"\b(it |this |that )?(won'?t|will not|doesn'?t|does not) hurt( (at all|a bit))?\b(?! (as|so) (much|bad))",
    r"\b(nothing|no one|nobody)('s| is)? (bad |terrible )?(going to|will|gonna) happen\b",
    r"\bnothing (serious|sinister|to it)\b",
    r"\bI'?m (sure|confident|certain) (it'?s nothing|(he|she|you|it)'?(ll| will) (be fine|pull through|kick in))",
    r"\bover before you know it\b",
    r"\b(in|with|at) no time\b",
    r"\bput it (out of your mind|behind you)\b",
    r"\bwill never happen again\b",
    r"\b(try to |just )?stay positive\b",
    r"\bevery reason to (hope|be (positive|hopeful|optimistic))\b",
    r"\bI'?m (sure|confident|certain) (we|you)'?(ll| will) (keep|be|get|beat|have|live|pull)\b",
    r"\bit('ll| will) all make sense\b",
    r"\bchin up\b",
    r"\bI promise\b.{0,40}\b(won'?t|never|fine|not)\b",
    r"\b(won'?t|never) .{0,30}\bI promise\b",
)
# "I can't promise it won't hurt", "I won't tell you not to worry": the opposite of reassurance.
_NEGATED_BEFORE = re.compile(
    r"(can'?t|cannot|can not|won'?t|not going to|wouldn'?t|couldn'?t|never|rather than|instead of) "
    r"(honestly )?(promise|say|tell you|pretend|claim)( (that|you|it))?[ ,]{0,3}$",
    flags=re.IGNORECASE,
)


def false_reassurance(text: str) -> Finding | None:
    """Reassurance that shuts the person down or promises what cannot be kept."""
    for p in FALSE_REASSURANCE:
        for m in re.finditer(p, text, flags=re.IGNORECASE):
            if _NEGATED_BEFORE.search(text[max(0, m.start() - 40) : m.start()]):
                continue
            return Finding(
                "false-reassurance",
                "False reassurance",
                m.group(0),
                PARTIAL,
                "comfort like this closes the conversation or promises what nobody can keep, so the person "
                "stops telling you what they fear",
            )
    return None


# --- validate, then dismiss ------------------------------------------------------------------------
_VALIDATION = (
    r"\bI (completely |totally |really |do |fully )?(understand|hear (you|what)|know|get (it|that|how|why)|appreciate"
    r"|can (see|hear|tell)|believe you)\b"
    r"|\bI'?m (so |really |very )?sorry\b|\b(that|it) (sounds|must (be|have been))\b"
    r"|\b(it'?s|that'?s) (ok|okay|alright|all right|natural|normal|understandable|completely natural)\b"
    r"|\byou know (him|her|them) (best|far better)\b"
)
_CONTRAST = (
    r"([,;]\s*|\s[-\u2013\u2014]\s*)(but|however|though|although|that said|at the end of the day)\b"
    r"|[.!?]\s+(but|however|that said|at the end of the day|still|even so|nevertheless)\b"
)
# Words that, after the contrast, take back what was just acknowledged.
_DISMISSAL = (
    r"\b(you (really )?(need|have|'ve got|must) to|you can'?t|need to be realistic|be realistic|no need for"
    r"|put it behind|move on|focus on|look forward|out of my hands|haven'?t got|no time|all night"
    r"|just (a|an|your|reflex|stress|nerves)|only (a|the)|rules|policy|duty of care"
    r"|(it'?s|she'?s|he'?s) (absolutely )?fine"
    r"|stress|anxiety|in your head|behavioural|the commonest|back to (bed|work|it)|keep (really )?still"
    r"|we'?ve got|every nurse|big (boys|girls)|hold you|kinder than|need(s)? the|get (it|this) done|in today"
    r"|keep an eye|see how (he|she|you) goes|give it another|no siren|I'?d rather not"
    r"|(really |so |very )?(stretched|busy)|leave it (with|to)|(they|he|she)'?ll get to|hang in there|a queue"
    r"|not (really )?up to you|probably (just|nothing|fine)|crack on|(only )?got a few minutes|ask your GP"
    r"|(back|go) to (his|her|your) GP|the main thing|not a \w+ clinic)\b"
)


def validate_then_dismiss(text: str, harms: Sequence[str] = ()) -> Finding | None:
    """An acknowledgement followed straight away by "but…" that takes it back.

    ``harms`` are the scenario's own ``none_of`` patterns: if what follows the "but" matches one of
    them, or one of the course's dismissing phrases, the reply repeats the original's harm and is
    capped at poor; a bare "I understand, but…" with a legitimate limit after it is capped at partial.
    """
    for v in re.finditer(_VALIDATION, text, flags=re.IGNORECASE):
        window = text[v.end() : v.end() + 160]
        sentence_end = re.search(r"[.!?](\s|$)", window)
        c = re.search(_CONTRAST, window, flags=re.IGNORECASE)
        if not c or (sentence_end and c.start() > sentence_end.end() + 1):
            continue
        after = window[c.end() :] + text[v.end() + 160 : v.end() + 260]
        harm = _search(harms, after) or re.search(_DISMISSAL, after, flags=re.IGNORECASE)
        evidence = (v.group(0) + window[: c.end()]).strip()
        if harm:
            evidence = f"{evidence} \u2026 {harm.group(0)}"
        return Finding(
            "validate-then-dismiss",
            "Validation taken back",
            evidence,
            POOR if harm else PARTIAL,
            "a \u201cbut\u201d straight after an acknowledgement cancels it: the person hears only what comes after",
        )
    return None


# --- pressure -------------------------------------------------------------------------------------
# The guide's "correct explanation with a pressuring close": after doing the right things, the reply
# pushes the person to agree, attend or talk, which takes back the choice it gave. Capped at partial,
# since the rest of the reply may still do its job. "You don't have to talk" is not matched: each
# pattern needs the push itself, not its negation.
PRESSURE = (
    r"\bno pressure,? (at all,? )?(but|though)\b",
    r"\byou (really |definitely |absolutely |honestly )?(should|must|ought to|need to|have to|'?ve got to) "
    r"(really |definitely |absolutely )?(go|come|attend|book|get (it|this) done|have (it|this) done|do (it|this)"
    r"|talk|tell me|open up|keep (the|this|your) appointment)\b",
    r"\bit'?s (really |very |so |extremely )?important (that )?you (don'?t|do not|go|come|attend|keep|get|have it)\b",
    r"\bit'?d be (good|best|better) to get (it|this) done\b",
    r"\b(please )?(don'?t|do not) (cancel|miss|put (it|this) off)\b",
    r"\bI want you to tell me\b",
    r"\b(much |far )?better to get it (all )?out\b",
    r"\bget (it|this) over (and done )?with\b",
    r"\bmake sure you'?re back\b",
    r"\b(please )?(try )?not to leave it (another|any|too)\b",
)


def pressure(text: str) -> Finding | None:
    """A push to agree, attend or talk that undoes the choice the rest of the reply offers."""
    m = _search(PRESSURE, text)
    if not m:
        return None
    return Finding(
        "pressure",
        "Pressure to agree",
        m.group(0),
        PARTIAL,
        "a push at the end (to attend, agree or talk) takes back the choice you gave, so the person "
        "may go along with it rather than decide",
    )


# --- sarcasm ------------------------------------------------------------------------------------
SARCASM = (
    r"\boh,? (great|wonderful|lovely|brilliant|fantastic|joy|perfect|aye)\b",
    r"\bthanks for nothing\b",
    r"\b(obviously|clearly)[,.!?]",
    r"\bfunn(y|ily) (how|enough)\b",
    r"\bhappy now\b",
    r"\bcourse (it is|they are|you are|it does|they do|you do)\b",
    r"\bwho'?s counting\b",
    r"\bthen,? shall I\?",
    r"\bwell done for\b",
    r"\bat least you('ll| will| get| can)\b",
    r"\bsome of us\b",
    r"\bI suppose[.!?]",
    r"\bby all means\b",
    r"\bdr\.? google\b",
    r"\b(good|brave) (lad|girl|boy)\b",
    r"\bfor someone (at|with|who)\b",
    r"\b(we|I)('d| would) never have noticed\b|\bwe hadn'?t noticed\b",
    r"\b(yeah|yes),? right\b",
    r"\bbless (you|him|her)\b",
    r"\bthird time lucky\b",
    r"\b(another|yet another) (one|screamer)\b",
    r"\bsee what sticks\b",
    r"\bwhat miracles\b",
    r"\bsherlock\b",
    r"\bmystery illness\b",
    r"\banything else\?$",
    r"\b(really|very) convincing\b",
    r"\bremarkably (calm|well|chirpy|relaxed|cheerful|quiet)\b",
    r"\b(the|our) (actual|real) (emergencies|patients|problems)\b",
    r"\bfor fun\b",
    r"\bthanks ever so much\b",
    r"\b(his|her) (lordship|ladyship|majesty)\b",
    r"\ball this fuss\b",
    r"\brunning commentary\b",
    r"\babsolutely thrilled\b",
    r"\b(very|so) nicely for\b",
    r"\bfinally (telling|told|decided|deigned)\b",
    r"\bhumou?r (us|me)\b",
    r"\benjoy the wait\b",
    r"\ba real treat\b",
    r"\ba bit of a giveaway\b",
    r"\b(since )?apparently (I'?m|we'?re|you'?re|I am|we are)\b",
    r"\bworld'?s (worst|best|greatest)\b",
    r"\bbig brave\b",
)


def sarcasm(text: str) -> Finding | None:
    """Markers of sarcasm or passive aggression: mock enthusiasm, shouted words, rhetorical jabs."""
    m = _search(SARCASM, text)
    # An everyday word in capitals ("SO sorry", "SUPER brave") is mock emphasis; abbreviations such
    # as EBUS or ICU are not everyday words, and a reply typed all in capitals is not emphasis.
    shouted = None
    if not text.isupper():
        shouted = next((w for w in re.finditer(r"\b[A-Z]{2,}\b", text) if w.group(0).lower() in _EVERYDAY), None)
    hit = m or shouted
    if not hit:
        return None
    return Finding(
        "sarcasm",
        "Sarcasm or a jibe",
        hit.group(0),
        POOR,
        "however polite the other words, a sarcastic note tells the person they are a nuisance",
    )


# --- keyword stuffing ---------------------------------------------------------------------------------
# Short, frequent words that hold an English sentence together. A reply made of sentences has
# plenty; a list of keywords has almost none.
def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


FUNCTION_WORDS = _word_set(
    "i you we he she it they me us him her them my your our his their is are was were be been am do does did "
    "have has had will would can could shall should may might must the a an and or but so if to of in on at for "
    "with from by about as that this there here what when how not no don't can't won't i'm you're it's that's "
    "we'll i'll you'll let's let"
)
# Everyday words that, in capitals, are mock emphasis. Negatives are left out: "you are NOT in
# trouble" is sincere.
_EVERYDAY = (
    FUNCTION_WORDS
    | _word_set(
        "so very really super such much always every all sorry brave well fine great lovely totally clearly "
        "obviously sure thanks thank wonderful amazing"
    )
) - _word_set("not no don't can't won't")
_LIST_SEPARATORS = re.compile(r"[,;:/+\n\u2022]|->|\u2192|\u2260|(?<=\w)\.(?=\s)")


def keyword_stuffing(text: str) -> Finding | None:
    """Criteria met by a list of keywords or notes rather than sentences said to the person."""
    tokens = words(text)
    if len(tokens) < 8:
        return None
    fragments = [words(f) for f in _LIST_SEPARATORS.split(text) if words(f)]
    bare = sum(not any(t in FUNCTION_WORDS for t in f) for f in fragments)  # "options", "Dari, free"
    ratio = sum(t in FUNCTION_WORDS for t in tokens) / len(tokens)
    headings = re.findall(r"(?:^|[.\n;]\s*)[A-Z][a-z]+(?: [a-z]+)?:\s", text)
    reason = ""
    if len(headings) >= 2:
        reason = "written as notes with headings"
    elif len(fragments) >= 6 and bare / len(fragments) >= 0.55:
        reason = f"{bare} of {len(fragments)} phrases have none of the small words that make sentences"
    elif ratio < 0.22:
        reason = "almost none of the small words that make sentences"
    elif len(tokens) >= 20 and not re.search(r"[.,;:!?]", text):
        reason = "a run of phrases with no sentences"
    if not reason:
        return None
    return Finding(
        "keyword-stuffing",
        "A list, not a reply",
        reason,
        POOR,
        "the right words in a list are not something you could say to the person; write what you would say",
    )


# --- copied original, coherence -------------------------------------------------------------------
def copied_original(text: str, original: str) -> Finding | None:
    """The reply is the original again, or nearly (difflib's similarity ratio above ``COPY_RATIO``)."""
    if not original:
        return None
    ratio = difflib.SequenceMatcher(None, text.lower().strip(), original.lower().strip()).ratio()
    if ratio <= COPY_RATIO:
        return None
    return Finding(
        "copied-original",
        "The original reply again",
        f"{ratio:.0%} the same as the original",
        POOR,
        "your rewrite is almost the same as the original reply, and the task is to change what was said",
    )


def incoherent(text: str) -> Finding | None:
    """A floor for coherence: the same few words repeated, so the reply cannot be read as sentences."""
    tokens = words(text)
    if len(tokens) < 12 or len(set(tokens)) / len(tokens) >= 0.35:
        return None
    return Finding(
        "incoherent",
        "Repeated words",
        f"{len(set(tokens))} different words in {len(tokens)}",
        POOR,
        "a reply that repeats itself cannot be followed, so the criteria it seems to meet do not count",
    )


# --- language -----------------------------------------------------------------------------------------
# Frequent short words of languages learners in UK hospitals often write in, minus any that are
# also English words. Only used to tell "another language" from "English with few small words".
OTHER_LANGUAGE_WORDS = _word_set(
    # Spanish, French, Portuguese, Italian
    "el la los las que del por para con una es lo como pero muy le les se su sus ya est y des et je vous nous pas "
    "qui dans avec sur ce une cette também não uma com você il che di per sono non questo "
    # Welsh
    "yn yr ac mae dw rwy wedi eich chi ti fy ni nhw bod gyda efo hefyd ond os neu beth sut pan dy di ei oes "
    "i'n mae'n rwy'n chi'n nawr mynd ddim iawn yma gen gan wrth "
    # Polish
    "w z na się nie że jest jak ale po co tak za od czy już pan pani jestem być mi ci go jej ich tu "
    # Urdu and Hindi written in Latin letters
    "hai hain ke ki ka ko mein nahi nahin aur yeh woh hum aap kya bhi hota hoga liye par"
) - FUNCTION_WORDS


def reads_as_english(text: str) -> bool:
    """Whether the reply is written in English, so the English patterns can judge it.

    Not English: most letters are outside the Latin alphabet, or the reply has more of the
    frequent small words of another language (``OTHER_LANGUAGE_WORDS``) than English ones and
    they make up at least one word in seven. A list of English keywords, or non-native English
    with its grammar slipping, keeps English words and no foreign ones, so it stays English.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if letters and sum(ch.isascii() for ch in letters) / len(letters) < 0.7:
        return False
    tokens = words(text)
    if not tokens:
        return True
    foreign = sum(t in OTHER_LANGUAGE_WORDS for t in tokens)
    english = sum(t in FUNCTION_WORDS and len(t) > 1 for t in tokens)  # "a" and "i" are Polish and Welsh too
    return not (foreign > english and foreign / len(tokens) >= 1 / 7)
