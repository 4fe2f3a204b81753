"""The rewrite detectors on a fixed set of tricky replies, both ways: what each must find, with its
exact evidence and cap, and what it must leave alone. Then the caps, the routing of other
languages, the learner's report and the educator's confidence."""

from __future__ import annotations

import pytest

from tic_course.checkpoints import detectors as d
from tic_course.checkpoints.rubric import NOT_ENGLISH, cap_points, check_rewrite

# --- false reassurance -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Nothing to worry about, sweetheart, it's all going to be fine.", "Nothing to worry about"),
        ("Don't worry, you're in safe hands here.", "Don't worry"),
        ("You're in safe hands with me, I do this every day.", "in safe hands"),
        ("The cream is special, so you won't feel a thing this time.", "won't feel a thing"),
        ("Honestly, you'll be absolutely fine in a day or two.", "you'll be absolutely fine"),
        ("He's a strong man, and I'm confident he'll pull through.", "he'll pull through"),
        ("It won't hurt in a second, I promise.", "It won't hurt"),
        ("I'll sort it, I promise, and it will never happen again.", "will never happen again"),
        ("The new treatments are excellent and I'm confident we'll get you years yet.", "I'm confident we'll get"),
        ("It's spread, and we can't operate. Still, chin up, eh?", "chin up"),
        ("Those movements are encouraging, so try to stay positive.", "try to stay positive"),
    ],
)
def test_false_reassurance_found(text, evidence):
    f = d.false_reassurance(text)
    assert f is not None and (f.id, f.evidence, f.cap) == ("false-reassurance", evidence, d.PARTIAL)


@pytest.mark.parametrize(
    "text",
    [
        "It's OK to be scared, and it's OK to cry.",  # permission, not reassurance
        "I can't promise it won't hurt, but the cream makes it much less.",  # honest, negated
        "I won't tell you not to worry; it makes sense that you are.",
        "You're in hospital and you're safe here with me.",  # a porter can truthfully say this
        "I promise I'll come back at ten to check on you.",  # a promise that can be kept
        "Don't you worry about cubicle 4, I've got Gary doing it.",  # a job taken off her, not comfort
        "The cream means it won't hurt as much, though you may feel a scratch.",  # honest: less, not none
        "We don't know yet whether he will wake up.",
    ],
)
def test_false_reassurance_not_found(text):
    assert d.false_reassurance(text) is None


# --- validation taken back ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cap"),
    [
        ("I completely understand why you'd think that, Linda, but you need to be realistic.", d.POOR),
        ("I know, I know, it's scary. But we haven't got all night, so Mummy's going to hold you.", d.POOR),
        ("It sounds like it was really frightening. However, you've got a beautiful girl to focus on now.", d.POOR),
        ("I hear you, and I know that was hard. But I'll need you to tell me what you remember first.", d.PARTIAL),
        # Busy-ward dismissals: the limit after "however" leaves the person waiting.
        ("I hear what you're saying, and thanks. However, the nurses are really stretched today.", d.POOR),
        ("I know an eight is horrible. However, Dr Hale has got a queue. Hang in there for me.", d.POOR),
        ("I understand, and I believe you, but there are kids involved so it's not really up to you.", d.POOR),
        ("I hear you, it was a horrible resus. However, if you're sure, crack on.", d.POOR),
        ("I understand it's upsetting, but at the end of the day you've got a healthy baby, that's the main thing.",
         d.POOR),
        # A legitimate safety step after "still" is a limit said clumsily, not the original's harm.
        ("I hear you, and I believe it's still an eight. Still, I have to check your breathing first.", d.PARTIAL),
        ("I hear you, but I'd leave it with the nurses, they'll get to her.", d.POOR),
    ],
)
def test_validate_then_dismiss_found(text, cap):
    f = d.validate_then_dismiss(text)
    assert f is not None and f.id == "validate-then-dismiss" and f.cap == cap


def test_validate_then_dismiss_uses_the_scenarios_own_harms():
    text = "I'm sorry it hurt. But if we stop now you'll keep getting reminder letters."
    assert d.validate_then_dismiss(text).cap == d.PARTIAL
    assert d.validate_then_dismiss(text, harms=[r"reminder letters?"]).cap == d.POOR
    assert d.validate_then_dismiss(text, harms=[r"reminder letters?"]).evidence.endswith("\u2026 reminder letters")


@pytest.mark.parametrize(
    "text",
    [
        # A limit stated after the facts, not straight after the acknowledgement.
        "I'm so sorry. It's lung cancer and it has spread. It can't be cured, but treatment can control it.",
        "I believe you. I can't keep this to myself because of the children, and I'll tell you first.",
        "That sounds frightening. It's your drip alarm, not a siren, and I'll stay with you.",
    ],
)
def test_validate_then_dismiss_not_found(text):
    assert d.validate_then_dismiss(text) is None


# --- sarcasm ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Oh wonderful, another screamer.", "Oh wonderful"),
        ("Funny how it's always an eight. I'll get your dose then, shall I?", "Funny how"),
        ("Thanks SO much for the update, Mr Okoye.", "SO"),
        ("Thanks for the update, we'd never have noticed.", "we'd never have noticed"),
        ("I'm SO sorry our tests can't find it.", "SO"),
        ("He should have stopped, clearly, we've established that.", "clearly,"),
        ("I'm sure Dr Google says so.", "Dr Google"),
        ("Oh yeah, you look fine. Really convincing.", "Really convincing"),
        ("Still an eight? You're remarkably calm for an eight.", "remarkably calm"),
        ("I'll see if the doctor can squeeze you in between the actual emergencies.", "the actual emergencies"),
        ("Everyone hangs round the sluice for fun.", "for fun"),
        ("An eight? You're chatting away very nicely for an eight.", "very nicely for"),
        ("Humour us and we'll get a real interpreter. Enjoy the wait.", "Humour us"),
        ("Fine, I'll stop then, since apparently I'm the world's worst nurse.", "since apparently I'm"),
        ("Oh dear, is the big brave dinosaur boy scared of a bit of cream?", "big brave"),
        ("Oh dear, all this fuss for a little scratch?", "all this fuss"),
    ],
)
def test_sarcasm_found(text, evidence):
    f = d.sarcasm(text)
    assert f is not None and (f.id, f.evidence, f.cap) == ("sarcasm", evidence, d.POOR)


@pytest.mark.parametrize(
    "text",
    [
        "I'll speak to the GP and the ICU team, and the NHS interpreter line is free. OK?",  # acronyms
        "Thank you so much for telling me.",
        "It's clear from your letter that you said stop and he didn't.",
        "At least one of us will stay with you all night.",
        "That sounds really frightening, and I'm not convinced we explained it well.",
        "We'll treat your pain like any other emergency.",
    ],
)
def test_sarcasm_not_found(text):
    assert d.sarcasm(text) is None


# --- pressure ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("No pressure, but it has been three years, so shall we book you in?", "No pressure, but"),
        ("It's a good clinic. You should definitely go.", "You should definitely go"),
        ("The system flags you, so it's really important you don't cancel this one.",
         "it's really important you don't"),
        ("It'd be good to get it done soon.", "It'd be good to get it done"),
        ("I want you to tell me exactly what's going through your head.", "I want you to tell me"),
        ("It's much better to get it out than bottle it up.", "much better to get it out"),
        ("You really need to go to birth reflections, it'll help.", "You really need to go"),
        ("No pressure today, but please try not to leave it another three years.",
         "please try not to leave it another"),
        ("I'll check on you at eleven. Just make sure you're back out by half ten.", "make sure you're back"),
    ],
)
def test_pressure_found(text, evidence):
    f = d.pressure(text)
    assert f is not None and (f.id, f.evidence, f.cap) == ("pressure", evidence, d.PARTIAL)


@pytest.mark.parametrize(
    "text",
    [
        "You don't have to talk about it now, and it's up to you whether you do.",  # the opposite of a push
        "There's no pressure at all. You can decide if and when you want to go.",
        "If you want to tell me what happened, I'm here; if not, that's fine too.",
        "You decide what's next. I'll give you the number and you can ring when it suits you.",
        "It's important that we check your breathing before the next dose.",  # clinical, not a push on her
    ],
)
def test_pressure_not_found(text):
    assert d.pressure(text) is None


def test_pressure_caps_a_full_reply_at_partial_and_says_why():
    text = (
        "It must be frightening. The cream goes on first, then a cuddle on Mum's lap and you choose the hand. "
        "No pressure, but we need to get it done today."
    )
    result = check_rewrite(text, RUBRIC)
    assert (result.raw_score, result.score, result.band) == (4.0, 3.0, "partial")
    assert "! Pressure to agree (found: \u201cNo pressure, but\u201d)" in result.report()


# --- keyword stuffing ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (
            "Mrs Ahmadi, prefer, language, professional interpreter, Dari, free, confidential, routine, "
            "everyone, wait.",
            "10 of 10 phrases have none of the small words that make sentences",
        ),
        (
            "Validate: sounds exhausting, I believe you. Explain: normal bloods don't rule it out. Open: what matters?",
            "written as notes with headings",
        ),
        (
            "Believe you, pain score 8, breathing, sedation score, sats, repeat dose, care plan.",
            "6 of 7 phrases have none of the small words that make sentences",
        ),
        (
            "Believe you: pain score eight. Sats, sedation score: repeat dose now.",
            "almost none of the small words that make sentences",
        ),
        (
            "thank you for telling me I believe you its not your fault your choice your decision up to you no pressure",
            "a run of phrases with no sentences",
        ),
    ],
)
def test_keyword_stuffing_found(text, reason):
    f = d.keyword_stuffing(text)
    assert f is not None and (f.id, f.evidence, f.cap) == ("keyword-stuffing", reason, d.POOR)


@pytest.mark.parametrize(
    "text",
    [
        "Frank. I'm Sam, a porter. Scary noise, isn't it? It's your drip, not a siren. Sit with me? Or walk back?",
        "Thanks, I'll get a nurse to her now. What you overheard earlier was not OK, and I'm sorry.",
        "Sorry! OK, I'll stop. Do you want to talk about what happened, or leave it for today?",
    ],
)
def test_keyword_stuffing_not_found(text):
    assert d.keyword_stuffing(text) is None


# --- copied original, repeated words, language ------------------------------------------------------------

ORIGINAL = "Come on, pull yourself together. It happens, you'll get used to it. We've got a full department."


def test_copied_original_found_and_not():
    copied = "Come on love, pull yourself together. It happens, you'll get used to it. Full department."
    f = d.copied_original(copied, ORIGINAL)
    assert f is not None and f.cap == d.POOR and f.evidence == "91% the same as the original"
    assert d.copied_original("That was an awful resus. Gary will cover; come and have a tea with me.", ORIGINAL) is None
    assert d.copied_original(ORIGINAL, "") is None


def test_repeated_words_found_and_not():
    assert d.incoherent("sorry sorry sorry you you you sorry sorry you you sorry you") is not None
    assert d.incoherent("I'm sorry. That was hard, and you don't have to talk about it now.") is None


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("Diolch am ddweud wrtha i. Dw i'n mynd i nôl nyrs ati hi nawr.", False),  # Welsh
        ("Dziękuję, że mi pani o tym powiedziała. Wierzę pani i to nie jest pani wina.", False),  # Polish
        ("Niamh, yeh sab batane ka shukriya, aur mujhe aap ki baat par poora yaqeen hai.", False),  # Urdu
        ("صبح بخیر خانم احمدی، خوش آمدید", False),  # Dari
        ("Lo siento muchísimo, Claire. Usted le pidió al doctor que parara.", False),  # Spanish
        ("Oscar dont be sad, the cream will make hand sleeping. you sit with mama, she hug you.", True),
        ("Mrs Ahmadi, prefer, language, professional interpreter, Dari, free, confidential.", True),
    ],
)
def test_reads_as_english(text, english):
    assert d.reads_as_english(text) is english


# --- caps, routing, report, confidence ---------------------------------------------------------------------

RUBRIC = [
    {"id": "names", "description": "Names the feeling", "points": 1, "hint": "Say it must be frightening.",
     "any_of": [r"(frighten|scar)"]},
    {"id": "cream", "description": "Mentions the cream", "points": 1, "hint": "Mention the numbing cream.",
     "any_of": ["cream"]},
    {"id": "lap", "description": "Offers a cuddle", "points": 1, "hint": "Offer Mum's lap.", "any_of": ["lap|cuddle"]},
    {"id": "choice", "description": "Offers a choice", "points": 1, "hint": "Let him choose.", "any_of": ["choose"]},
]
ADVICE = {"false-reassurance": "Say honestly what he may feel.", "validate-then-dismiss": "Let it stand."}


def test_cap_points_keeps_the_score_below_the_next_band():
    # Good is every point, so partial stops one point short of it; poor stops below a third.
    assert (cap_points(4, d.PARTIAL), cap_points(4, d.POOR)) == (3, 1)
    assert (cap_points(3, d.PARTIAL), cap_points(3, d.POOR)) == (2, 1)


def test_false_reassurance_caps_a_full_reply_at_partial_and_tells_the_learner():
    text = (
        "It's scary, I know. With the cream on you won't feel a thing, then a cuddle on Mum's lap. "
        "You choose the hand."
    )
    result = check_rewrite(text, RUBRIC, advice=ADVICE)
    assert (result.raw_score, result.score, result.band) == (4.0, 3.0, "partial")
    report = result.report()
    assert "caps the score at 3" in report
    assert "! False reassurance (found: \u201cwon't feel a thing\u201d)" in report
    assert "    Instead: Say honestly what he may feel." in report
    assert result.confidence() == ("low", "1 criterion from another band; capped by false reassurance")


def test_false_reassurance_with_one_criterion_missing_is_partial_and_with_two_poor():
    """The guide: a minor add-on to a reply that otherwise does the job is partial; once the reply
    misses more, the reassurance is what the person hears, so it is poor."""
    one_missing = check_rewrite("Don't worry, the cream works, then a cuddle on Mum's lap, you choose.", RUBRIC)
    assert (one_missing.raw_score, one_missing.score, one_missing.band) == (3.0, 3.0, "partial")
    two_missing = check_rewrite("Don't worry, the cream works and you choose the hand, OK?", RUBRIC)
    assert (two_missing.raw_score, two_missing.score, two_missing.band) == (2.0, 1.0, "poor")


def test_a_reply_in_another_language_is_routed_to_the_educator():
    spanish = "Lo siento muchísimo, Oscar. Primero ponemos la crema y luego puedes elegir la mano."
    result = check_rewrite(spanish, RUBRIC)
    assert (result.review, result.band, result.score, result.checks) == (True, "review", 0.0, [])
    assert result.note == NOT_ENGLISH and "your educator will read it" in result.report()
    assert result.confidence() == ("none", "not in English: not assessed")


def test_a_clean_good_reply_is_one_criterion_from_partial():
    """Good needs every criterion, so the criteria alone are never more than "medium" sure of it."""
    text = (
        "It must be frightening. We'll put the cream on first, then a cuddle on Mum's lap, "
        "and you choose the hand."
    )
    result = check_rewrite(text, RUBRIC)
    assert (result.score, result.findings, result.band) == (4.0, [], "good")
    assert result.confidence() == ("medium", "1 criterion from another band")
