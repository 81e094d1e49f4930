from __future__ import annotations


class EventCoder:
    def __init__(self, nlp, config):
        self.nlp = nlp

    def code(self, doc, actors):
        return []
