"""Words that can stand before a person's name as a title or honorific."""
TITLE_WORDS = frozenset({"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord",
                         "sheikh", "sheik", "ayatollah", "general", "gen.", "gen", "colonel", "col.",
                         "lieutenant", "captain", "major", "admiral", "marshal", "prince", "princess",
                         "king", "queen", "emir", "sultan", "pope", "president", "premier", "minister",
                         "chancellor", "senator", "sen.", "rep.", "governor", "mayor", "judge", "justice",
                         "ambassador", "secretary", "spokesman", "spokeswoman", "commander", "chief",
                         "prime", "foreign", "defence", "defense", "vice", "deputy", "former", "ex",
                         "crown", "supreme", "leader", "rabbi", "imam", "cardinal", "archbishop",
                         "bishop", "father", "rev.", "reverend"})
