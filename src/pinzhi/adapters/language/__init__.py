"""Language intelligence, offline on CPU: review sentiment and aspects, intents and facts,
knowledge-base matching, screening of merchant messages. Models are small files shipped in
`models/`, rebuilt reproducibly by `pinzhi train …` from the shared real data."""
