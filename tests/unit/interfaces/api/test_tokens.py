"""Signed tokens: genuine and unexpired, or refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeSerializer

from pinzhi.core.errors import Unauthenticated
from pinzhi.interfaces.api.tokens import TokenSigner, api_signer, session_signer

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


class TestTokenSigner:
    def test_a_fresh_token_names_its_subject(self) -> None:
        signer = api_signer("k")

        assert signer.verify(signer.issue("usr_1", now=NOW), now=NOW) == "usr_1"

    def test_a_token_past_its_expiry_is_refused(self) -> None:
        signer = api_signer("k")
        token = signer.issue("usr_1", now=NOW)

        with pytest.raises(Unauthenticated, match="expired"):
            signer.verify(token, now=NOW + signer.ttl)

    def test_the_expiry_is_reported_to_the_second(self) -> None:
        assert api_signer("k").expires_at(now=NOW) == NOW + timedelta(hours=8)

    def test_a_forged_token_is_refused(self) -> None:
        token = api_signer("other key").issue("usr_1", now=NOW)

        with pytest.raises(Unauthenticated):
            api_signer("k").verify(token, now=NOW)

    def test_a_session_cookie_is_no_api_token(self) -> None:
        cookie = session_signer("k").issue("usr_1", now=NOW)

        with pytest.raises(Unauthenticated):
            api_signer("k").verify(cookie, now=NOW)

    @pytest.mark.parametrize("payload", [["usr_1"], {"sub": 1, "exp": 2}, {"sub": "usr_1"}])
    def test_a_signed_payload_of_the_wrong_shape_is_refused(self, payload: object) -> None:
        signer = TokenSigner("k", purpose="api-token", ttl=timedelta(hours=1))
        token = URLSafeSerializer("k", salt="pinzhi.api-token").dumps(payload)

        with pytest.raises(Unauthenticated):
            signer.verify(token, now=NOW)
