"""Quotes: direct and indirect, with the speaker resolved through the actor callback."""
from __future__ import annotations

from dragoman.quotes import extract_quotes
from dragoman.record import Actor

ANWAR = Actor(text="Anwar", country="MYS", sector="OPP", name="Anwar Ibrahim", kind="person")


def _actor_at(tok):
    """A stand-in for the actor resolver: "Anwar" and the pronoun pointing back to him."""
    if tok.text == "Anwar":
        return ANWAR
    if tok.lower_ == "he":
        return Actor(text=tok.text, country="MYS", sector="OPP", name="Anwar Ibrahim", kind="pronoun")
    return None


def _quotes(nlp, text, actor_at=_actor_at):
    doc = nlp(text)
    qs = extract_quotes(doc, actor_at)
    for q in qs:
        assert 0 <= q.start < q.end <= len(text)
    return doc, qs


def test_he_said_after_quote_resolves_through_callback(nlp):
    text = "Anwar spoke to reporters in Kuala Lumpur. “We will not give up,” he said. “The people want change.”"
    _, qs = _quotes(nlp, text)
    assert [q.text for q in qs] == ["We will not give up", "The people want change."]
    assert all(q.speaker.name == "Anwar Ibrahim" and q.speaker.country == "MYS" for q in qs)
    assert [q.sentence_index for q in qs] == [1, 2]
    assert all(text[q.start:q.end] == q.text for q in qs)


def test_quote_before_said_the_minister_falls_back_to_text(nlp):
    _, qs = _quotes(nlp, '"The attack was cowardly," the interior minister told reporters on Monday.')
    assert len(qs) == 1
    assert qs[0].text == "The attack was cowardly"
    assert qs[0].speaker.text == "the interior minister" and qs[0].speaker.country is None


def test_quote_spanning_sentences(nlp):
    text = 'Smith said: "We are ready to talk. But we will not be bullied. Never."'
    _, qs = _quotes(nlp, text)
    assert len(qs) == 1
    assert qs[0].text == "We are ready to talk. But we will not be bullied. Never."
    assert qs[0].speaker.text == "Smith"
    assert text[qs[0].start:qs[0].end] == qs[0].text


def test_quote_continues_after_attribution(nlp):
    _, qs = _quotes(nlp, "“We came to help,” said Maria Lopez, a volunteer. “Nobody else did.”")
    assert [q.text for q in qs] == ["We came to help", "Nobody else did."]
    assert [q.speaker.text for q in qs] == ["Maria Lopez", "Maria Lopez"]


def test_indirect_quotes(nlp):
    _, qs = _quotes(nlp, "The foreign ministry said that the talks would resume next week.")
    assert [(q.text, q.speaker.text) for q in qs] == [("the talks would resume next week", "The foreign ministry")]
    _, qs = _quotes(nlp, "The rebels were planning a new offensive, a military spokesman said.")
    assert [(q.text, q.speaker.text) for q in qs] == [("The rebels were planning a new offensive",
                                                       "a military spokesman")]


def test_according_to(nlp):
    _, qs = _quotes(nlp, "According to the health ministry, 12 people died in the blast.")
    assert [(q.text, q.speaker.text) for q in qs] == [("12 people died in the blast", "the health ministry")]


def test_indirect_with_pronoun_speaker(nlp):
    _, qs = _quotes(nlp, "Anwar arrived late. He said the government had failed.")
    assert [q.text for q in qs] == ["the government had failed"]
    assert qs[0].speaker.name == "Anwar Ibrahim"


def test_scare_quotes_and_slogans_are_not_quotes(nlp):
    assert _quotes(nlp, 'The so-called "peace plan" was rejected.')[1] == []
    assert _quotes(nlp, 'Protesters chanted "down with the regime" outside parliament.')[1] == []


def test_no_speaker_callback_result_gives_text_actor(nlp):
    _, qs = _quotes(nlp, '"We have no choice," Anwar said.', actor_at=lambda t: None)
    assert qs[0].speaker.text == "Anwar" and qs[0].speaker.name is None
