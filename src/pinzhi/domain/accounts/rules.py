"""Roles, permissions and the account rules (C16 least privilege; SPEC role table).

Each role gets only what its duties in the role table need. Personal data (C7, S3 4.3.1–4.3.3)
is a permission of its own: an analyst reads orders masked, an agent handling the case unmasked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from pinzhi.core.errors import Forbidden, ValidationFailed
from pinzhi.domain.accounts.actor import Actor
from pinzhi.domain.accounts.models import Role


class Permission(StrEnum):
    MANAGE_USERS = "users:manage"
    INGEST_DATA = "data:ingest"
    READ_PLATFORM_INDICATORS = "indicators:read_platform"
    READ_ANY_MERCHANT_INDICATORS = "indicators:read_any_merchant"
    READ_OWN_MERCHANT_INDICATORS = "indicators:read_own_merchant"
    READ_ANY_ORDER = "orders:read_any"
    READ_OWN_MERCHANT_ORDERS = "orders:read_own_merchant"
    READ_OWN_CONSUMER_ORDERS = "orders:read_own_consumer"
    READ_PERSONAL_DATA = "personal:read"
    WORK_SERVICE_QUEUE = "service:work_queue"
    MANAGE_SERVICE_POLICY = "service:manage_policy"
    MANAGE_STAFF = "staff:manage"
    FILE_COMPLAINT = "complaints:file"
    HANDLE_COMPLAINTS = "complaints:handle"
    MEDIATE_COMPLAINTS = "complaints:mediate"
    READ_ANY_COMPLAINT = "complaints:read_any"
    READ_OWN_MERCHANT_COMPLAINTS = "complaints:read_own_merchant"
    READ_OWN_CONSUMER_COMPLAINTS = "complaints:read_own_consumer"
    MANAGE_GRADES = "grades:manage"
    MANAGE_KNOWLEDGE = "knowledge:manage"
    CHAT_AS_CONSUMER = "chat:consumer"
    MANAGE_RULES = "rules:manage"  # platform rules and agreements (C15)
    READ_IMPROVEMENT = "improvement:read"
    MANAGE_IMPROVEMENT = "improvement:manage"
    ANSWER_SURVEYS = "satisfaction:answer"
    READ_SATISFACTION = "satisfaction:read"
    GIVE_PLATFORM_FEEDBACK = "satisfaction:give_feedback"
    TRIAGE_FEEDBACK = "feedback:triage"
    REVIEW_LISTINGS = "listings:review"  # ad and listing wording findings (S2 7.7)
    READ_OWN_LISTING_FINDINGS = "listings:read_own_findings"
    READ_ACCESS_LOG = "privacy:read_access_log"  # who saw personal data unmasked (S3 4.3.3)
    HANDLE_DATA_REQUESTS = "privacy:handle_data_requests"  # export, erasure (S2 7.8)


P = Permission
ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    # users, roles, rules, policies, staff records, data feeds; sees the platform's health but
    # no one's orders
    Role.PLATFORM_ADMIN: frozenset(
        {
            P.MANAGE_USERS,
            P.INGEST_DATA,
            P.READ_PLATFORM_INDICATORS,
            P.MANAGE_SERVICE_POLICY,
            P.MANAGE_STAFF,
            P.MANAGE_KNOWLEDGE,
            P.MANAGE_RULES,
            P.READ_SATISFACTION,
            # records the feedback of logistics and installation partners, who have no accounts
            P.GIVE_PLATFORM_FEEDBACK,
            P.READ_IMPROVEMENT,
            P.MANAGE_IMPROVEMENT,
            P.READ_ACCESS_LOG,
            P.HANDLE_DATA_REQUESTS,
        }
    ),
    # grades merchants: every merchant's indicators, orders and complaints, personal data masked
    Role.QUALITY_ANALYST: frozenset(
        {
            P.READ_PLATFORM_INDICATORS,
            P.READ_ANY_MERCHANT_INDICATORS,
            P.READ_ANY_ORDER,
            P.READ_ANY_COMPLAINT,
            P.MANAGE_GRADES,
            P.MANAGE_KNOWLEDGE,
            P.READ_SATISFACTION,
            P.TRIAGE_FEEDBACK,
            P.READ_IMPROVEMENT,
            P.MANAGE_IMPROVEMENT,
            P.REVIEW_LISTINGS,
        }
    ),
    # works queues: needs the order and how to reach the consumer
    Role.SERVICE_AGENT: frozenset(
        {
            P.READ_PLATFORM_INDICATORS,
            P.READ_ANY_ORDER,
            P.READ_PERSONAL_DATA,
            P.WORK_SERVICE_QUEUE,
            P.HANDLE_COMPLAINTS,
            P.READ_ANY_COMPLAINT,
            P.READ_SATISFACTION,
            P.TRIAGE_FEEDBACK,
        }
    ),
    # disputes and pre-compensation: the agent's view plus the merchant's record
    Role.MEDIATOR: frozenset(
        {
            P.READ_PLATFORM_INDICATORS,
            P.READ_ANY_MERCHANT_INDICATORS,
            P.READ_ANY_ORDER,
            P.READ_PERSONAL_DATA,
            P.WORK_SERVICE_QUEUE,
            P.HANDLE_COMPLAINTS,
            P.MEDIATE_COMPLAINTS,
            P.READ_ANY_COMPLAINT,
            P.READ_SATISFACTION,
            P.TRIAGE_FEEDBACK,
        }
    ),
    # its own shop only; ships its own orders, so sees their recipients
    Role.MERCHANT: frozenset(
        {
            P.READ_OWN_MERCHANT_INDICATORS,
            P.READ_OWN_MERCHANT_ORDERS,
            P.READ_OWN_MERCHANT_COMPLAINTS,
            P.GIVE_PLATFORM_FEEDBACK,
            P.READ_OWN_LISTING_FINDINGS,
        }
    ),
    Role.CONSUMER: frozenset(
        {
            P.READ_OWN_CONSUMER_ORDERS,
            P.FILE_COMPLAINT,
            P.READ_OWN_CONSUMER_COMPLAINTS,
            P.CHAT_AS_CONSUMER,
            P.ANSWER_SURVEYS,
        }
    ),
    # reads results, never personal data
    Role.ASSESSOR: frozenset(
        {
            P.READ_PLATFORM_INDICATORS,
            P.READ_ANY_MERCHANT_INDICATORS,
            P.READ_SATISFACTION,
            P.READ_IMPROVEMENT,
            P.READ_ACCESS_LOG,
            P.REVIEW_LISTINGS,
        }
    ),
}


def permissions_of(role: Role) -> frozenset[Permission]:
    return ROLE_PERMISSIONS[role]


def allows(actor: Actor, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[actor.role]


def require(actor: Actor, permission: Permission) -> None:
    if not allows(actor, permission):
        raise Forbidden(f"role {actor.role.value} may not {permission.value}")


@dataclass(frozen=True)
class Scope:
    """The rows an actor may read: all (both ids None), or one merchant's, or one consumer's."""

    merchant_id: str | None = None
    consumer_id: str | None = None

    @property
    def everything(self) -> bool:
        return self.merchant_id is None and self.consumer_id is None


def read_scope(
    actor: Actor,
    *,
    any_row: Permission,
    own_merchant: Permission | None = None,
    own_consumer: Permission | None = None,
) -> Scope:
    """Widest scope the actor's permissions give over one kind of record; none is Forbidden."""
    if allows(actor, any_row):
        return Scope()
    if own_merchant and allows(actor, own_merchant) and actor.merchant_id:
        return Scope(merchant_id=actor.merchant_id)
    if own_consumer and allows(actor, own_consumer) and actor.consumer_id:
        return Scope(consumer_id=actor.consumer_id)
    raise Forbidden(f"role {actor.role.value} may not {any_row.value}")


USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{2,63}")
MIN_PASSWORD_LENGTH = 10


def check_username(username: str) -> None:
    if not USERNAME.fullmatch(username):
        raise ValidationFailed(
            "username must be 3–64 characters: lower-case letters, digits, '.', '_' or '-'"
        )


def check_password(password: str, *, username: str) -> None:
    """A minimum length and not the username: length beats composition rules (NIST 800-63B)."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"password must have at least {MIN_PASSWORD_LENGTH} characters")
    if password.casefold() == username.casefold():
        raise ValidationFailed("password must differ from the username")


def check_binding(role: Role, *, merchant_id: str | None, consumer_id: str | None) -> None:
    """A merchant user is bound to one merchant, a consumer user to one consumer, staff to none."""
    if role is Role.MERCHANT and (not merchant_id or consumer_id):
        raise ValidationFailed("a merchant user is bound to one merchant and no consumer")
    if role is Role.CONSUMER and (not consumer_id or merchant_id):
        raise ValidationFailed("a consumer user is bound to one consumer and no merchant")
    if role not in (Role.MERCHANT, Role.CONSUMER) and (merchant_id or consumer_id):
        raise ValidationFailed(f"a {role.value} user is staff: bound to no merchant or consumer")
