"""A small Spanish sentiment word list and scorer, written for twoway (no Django import).

VADER's lexicon is English: on Spanish text it scores almost nothing, and what it does score is
wrong ("no" is a negative English word, "sin" an English noun). Spanish comments are therefore
scored here, with VADER's arithmetic on a word list of our own:

- each listed word has a valence on VADER's scale (-4 to 4), chosen by us by analogy with the
  VADER rating of its English translation;
- a booster right before it ("muy", "demasiado", ...) adds VADER's 0.293 in its direction;
- a negator among the three words before it ("no", "nunca", "ni", "sin"...) multiplies it by
  VADER's -0.74;
- words before "pero" weigh half and words after it 1.5 times, as VADER does for "but";
- the sum is normalised to -1..1 with VADER's sum / sqrt(sum^2 + 15).

The list has about 160 words, mostly about work, time, tools and feelings. It was not
validated on a labelled Spanish corpus: read its scores as rough signs, never as VADER's.
"""

from __future__ import annotations

import math
import re

from twoway.insights.redact import fold
from twoway.insights.text.vocabulary import word_set


def _rated(words: str, valence: float) -> dict[str, float]:
    return dict.fromkeys(words.split(), valence)


# Keys are folded (lowercase, no accents), as the words of a comment are before look-up.
SPANISH_LEXICON: dict[str, float] = {
    **_rated("bueno buena buenos buenas", 1.9),
    **_rated("bien mejoro mejorado mejorada mejora mejoras", 1.5),
    **_rated("excelente excelentes buenisimo buenisima", 3.1),
    **_rated("genial geniales increible increibles encanta encantan", 2.9),
    **_rated("perfecto perfecta fantastico fantastica maravilloso", 2.8),
    **_rated("mejor mejores agradable agradables", 2.0),
    **_rated("gracias agradecido agradecida agradecidos orgulloso orgullosa", 2.0),
    **_rated("feliz felices contento contenta contentos contentas", 2.4),
    **_rated("gusta gustan satisfecho satisfecha motivado motivada", 1.9),
    **_rated("amable amables positivo positiva apoyo apoya apoyan", 1.8),
    **_rated("ayuda ayudan util utiles facil faciles eficiente claro clara", 1.4),
    **_rated("justo justa tranquilo tranquila rapido rapida escuchan", 1.2),
    **_rated("mal falta faltan lento lenta lentos lentas confuso confusa", -1.4),
    **_rated("malo mala malos malas injusto injusta injustos", -2.4),
    **_rated("peor peores triste tristes miedo odio", -2.4),
    **_rated("terrible terribles horrible horribles pesimo pesima desastre", -2.9),
    **_rated("cansado cansada cansados cansadas aburrido aburrida", -1.5),
    **_rated("agotado agotada agotados agotadas quemado quemada quemados", -2.0),
    **_rated("abrumado abrumada agobiado agobiada harto harta hartos", -2.1),
    **_rated("estres estresado estresada estresante desmotivado desmotivada", -2.0),
    **_rated("frustrado frustrada frustrados frustrante frustracion", -2.1),
    **_rated("molesto molesta molestos enojado enojada enfadado enfadada", -2.0),
    **_rated("problema problemas queja quejas error errores falla fallas", -1.5),
    **_rated("cae caen caido caida cuelga cuelgan", -1.2),
    **_rated("dificil dificiles imposible complicado complicada", -1.5),
    **_rated("preocupado preocupada preocupacion presion caos caotico", -1.7),
    **_rated("inutil inutiles insuficiente perdido perdida desorden", -1.8),
}

NEGATORS = word_set("no nunca jamas ni tampoco sin nadie ningun ninguna ninguno")
BOOSTERS = word_set("muy demasiado demasiada super tan bastante realmente totalmente")
BUT_WORD = "pero"

# VADER's constants (vaderSentiment.vaderSentiment: B_INCR, N_SCALAR, normalize's alpha).
BOOST = 0.293
NEGATION_SCALAR = -0.74
NORMALISATION_ALPHA = 15.0

_WORDS = re.compile(r"\w+")


def spanish_compound(text: str) -> float:
    """The comment's compound score in -1..1 from the Spanish word list (0.0 when none hit)."""
    words = _WORDS.findall(fold(text))
    valences = [_word_valence(words, i) for i in range(len(words))]
    if BUT_WORD in words:
        pivot = words.index(BUT_WORD)
        valences = [v * (0.5 if i < pivot else 1.5) for i, v in enumerate(valences)]
    total = sum(valences)
    if total == 0.0:
        return 0.0
    return max(-1.0, min(1.0, total / math.sqrt(total * total + NORMALISATION_ALPHA)))


def _word_valence(words: list[str], i: int) -> float:
    valence = SPANISH_LEXICON.get(words[i], 0.0)
    if valence == 0.0:
        return 0.0
    if i > 0 and words[i - 1] in BOOSTERS:
        valence += math.copysign(BOOST, valence)
    if any(word in NEGATORS for word in words[max(0, i - 3) : i]):
        valence *= NEGATION_SCALAR
    return valence
