from __future__ import annotations


class DocActors:
    def __init__(self, doc):
        self.doc = doc

    def actor_at(self, token):
        return None


class ActorResolver:
    def __init__(self, nlp, config):
        self.nlp = nlp

    def annotate(self, doc, article_date):
        return DocActors(doc)
