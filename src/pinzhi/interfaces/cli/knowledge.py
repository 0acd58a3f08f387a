"""`pinzhi seed-knowledge`: load the starter knowledge base into the store (S3 6.7.1)."""

from __future__ import annotations

from pinzhi.core import clock
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.knowledge.seed import seed_entries, seed_knowledge
from pinzhi.interfaces.cli.common import DbOption, console, domain_errors, platform


def seed(db: DbOption = None) -> None:
    """Create the starter entries the store lacks; entries already there are left as edited."""
    with domain_errors(), platform(db).uow() as uow:
        created = seed_knowledge(uow=uow, actor=Actor.command_line(), now=clock.utcnow())
        uow.commit()
    console.print(f"knowledge base: {created} of {len(seed_entries())} starter entries created")
