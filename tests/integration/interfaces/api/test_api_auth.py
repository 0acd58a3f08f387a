"""Signing in to the API: a bearer token for good credentials, 401 problems for the rest."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from fastapi.testclient import TestClient

import factories as f
from pinzhi.bootstrap import Platform
from pinzhi.core.clock import utcnow
from pinzhi.interfaces.api.tokens import api_signer, session_signer

Bearer = Callable[[str], dict[str, str]]
PROBLEM = "application/problem+json"


def login(client: TestClient, username: str, password: str = f.PASSWORD) -> object:
    return client.post("/api/v1/auth/login", json={"username": username, "password": password})


class TestLogin:
    def test_good_credentials_get_a_bearer_token(self, client: TestClient) -> None:
        answer = login(client, "analyst")

        body = answer.json()
        assert answer.status_code == 200
        assert body["token_type"] == "bearer"
        assert datetime.fromisoformat(body["expires_at"]) > utcnow()

    def test_a_wrong_password_is_a_401_problem(self, client: TestClient) -> None:
        answer = login(client, "analyst", "wrong password")

        assert answer.status_code == 401
        assert answer.headers["content-type"] == PROBLEM
        assert answer.json()["code"] == "unauthenticated"

    def test_an_unknown_user_gets_the_same_answer(self, client: TestClient) -> None:
        unknown, wrong = login(client, "nobody"), login(client, "analyst", "wrong password")

        assert unknown.status_code == wrong.status_code == 401
        assert unknown.json()["detail"] == wrong.json()["detail"]

    def test_a_disabled_user_cannot_sign_in(self, client: TestClient) -> None:
        assert login(client, "gone").status_code == 401

    def test_a_body_of_the_wrong_shape_is_a_422_problem(self, client: TestClient) -> None:
        answer = client.post("/api/v1/auth/login", json={"username": "analyst"})

        assert answer.status_code == 422
        assert answer.headers["content-type"] == PROBLEM
        assert answer.json()["errors"][0]["loc"] == "body.password"


class TestMe:
    def test_the_token_tells_who_is_calling(self, client: TestClient, bearer: Bearer) -> None:
        answer = client.get("/api/v1/me", headers=bearer("shop1"))

        body = answer.json()
        assert (body["username"], body["role"], body["merchant_id"]) == ("shop1", "merchant", "m1")
        assert "orders:read_own_merchant" in body["permissions"]

    def test_no_token_is_a_401_problem(self, client: TestClient) -> None:
        answer = client.get("/api/v1/me")

        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"
        assert answer.json()["type"] == "urn:pinzhi:problem:unauthenticated"

    def test_a_forged_token_is_refused(self, client: TestClient) -> None:
        forged = api_signer("not the platform's key").issue("usr_admin", now=utcnow())

        answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {forged}"})

        assert answer.status_code == 401

    def test_an_expired_token_is_refused(self, client: TestClient, world: Platform) -> None:
        yesterday = utcnow() - timedelta(days=1)
        stale = api_signer(world.secret_key).issue("usr_analyst", now=yesterday)

        answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {stale}"})

        assert answer.status_code == 401
        assert "expired" in answer.json()["detail"]

    def test_a_console_session_is_no_api_token(self, client: TestClient, world: Platform) -> None:
        cookie = session_signer(world.secret_key).issue("usr_analyst", now=utcnow())

        answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {cookie}"})

        assert answer.status_code == 401

    def test_a_user_disabled_after_sign_in_is_out(
        self, client: TestClient, world: Platform
    ) -> None:
        token = api_signer(world.secret_key).issue("usr_gone", now=utcnow())

        answer = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})

        assert answer.status_code == 401
