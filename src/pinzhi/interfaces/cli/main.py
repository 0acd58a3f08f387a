"""`pinzhi` entry point: each sub-command lives in its own module and is registered here."""

from __future__ import annotations

import typer

from pinzhi.interfaces.cli import (
    db,
    demo,
    ingest,
    keys,
    knowledge,
    language,
    nlp_eval,
    nlp_faq,
    nlp_intent,
    nlp_screen,
    nlp_sentiment,
    privacy,
    purge,
    report,
    run,
    serve,
    simulate,
    users,
    verify,
    worker,
)

app = typer.Typer(
    name="pinzhi",
    help="pinzhi (品质): quality-service system for e-commerce platforms.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.command("demo")(demo.demo)
app.command("simulate")(simulate.simulate)
app.command("import")(ingest.import_files)
app.command("import-olist")(ingest.import_olist_files)
app.command("import-format")(ingest.import_format)
app.command("run")(run.run)
app.command("serve")(serve.serve)
app.command("verify")(verify.verify)
app.command("purge")(purge.purge)
app.command("report")(report.report)
app.command("worker")(worker.worker)
app.add_typer(users.app, name="user")
app.add_typer(db.app, name="db")
app.add_typer(keys.app, name="keys")
app.add_typer(privacy.app, name="privacy")
app.add_typer(language.nlp, name="nlp")
app.add_typer(language.train, name="train")
app.add_typer(language.evaluate, name="eval")
language.nlp.command("intent")(nlp_intent.intent)
language.nlp.command("sentiment")(nlp_sentiment.sentiment)
language.train.command("sentiment")(nlp_sentiment.train_sentiment)
language.evaluate.command("sentiment")(nlp_sentiment.evaluate_sentiment)
language.evaluate.command("language")(nlp_eval.evaluate_language)
language.nlp.command("screen")(nlp_screen.screen)
language.train.command("intent")(nlp_intent.train_intent)
language.train.command("faq")(nlp_faq.train_faq)
language.nlp.command("answer")(nlp_faq.answer)
app.command("seed-knowledge")(knowledge.seed)
