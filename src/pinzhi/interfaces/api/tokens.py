"""Signed, expiring tokens: API bearer tokens, console sessions and CSRF values.

Each purpose has its own salt, so a token minted for one is refused by the others. The expiry
is part of the signed payload and checked against the `now` passed in.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from itsdangerous import BadSignature, URLSafeSerializer

from pinzhi.core.errors import Unauthenticated


class TokenSigner:
    def __init__(self, secret_key: str, *, purpose: str, ttl: timedelta) -> None:
        self._serializer = URLSafeSerializer(secret_key, salt=f"pinzhi.{purpose}")
        self.ttl = ttl

    def issue(self, subject: str, *, now: datetime) -> str:
        expires = int(self.expires_at(now=now).timestamp())
        return self._serializer.dumps({"sub": subject, "exp": expires})

    def expires_at(self, *, now: datetime) -> datetime:
        """When a token issued at `now` stops working, to the second."""
        return datetime.fromtimestamp(int((now + self.ttl).timestamp()), UTC)

    def verify(self, token: str, *, now: datetime) -> str:
        """The subject of a genuine, unexpired token; else Unauthenticated."""
        try:
            payload = self._serializer.loads(token)
        except BadSignature as exc:
            raise Unauthenticated("the token is not valid") from exc
        if not isinstance(payload, dict):
            raise Unauthenticated("the token is not valid")
        subject, expires = payload.get("sub"), payload.get("exp")
        if not isinstance(subject, str) or not isinstance(expires, int):
            raise Unauthenticated("the token is not valid")
        if expires <= now.timestamp():
            raise Unauthenticated("the token has expired: sign in again")
        return subject


API_TOKEN_TTL = timedelta(hours=8)
SESSION_TTL = timedelta(hours=12)
CSRF_TTL = SESSION_TTL


def api_signer(secret_key: str) -> TokenSigner:
    return TokenSigner(secret_key, purpose="api-token", ttl=API_TOKEN_TTL)


def session_signer(secret_key: str) -> TokenSigner:
    return TokenSigner(secret_key, purpose="console-session", ttl=SESSION_TTL)


def csrf_signer(secret_key: str) -> TokenSigner:
    return TokenSigner(secret_key, purpose="console-csrf", ttl=CSRF_TTL)
