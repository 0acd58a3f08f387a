"""`pinzhi` entry point: each sub-command lives in its own module and is registered here."""

from __future__ import annotations

import typer

from pinzhi.interfaces.cli import (
    db,
    demo,
    ingest,
    language,
    run,
    serve,
    simulate,
    users,
    verify,
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
app.add_typer(users.app, name="user")
app.add_typer(db.app, name="db")
app.add_typer(language.nlp, name="nlp")
app.add_typer(language.train, name="train")
app.add_typer(language.evaluate, name="eval")
