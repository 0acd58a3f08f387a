"""/healthz checks the database; /docs works with no network: every asset is served here."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient


class TestHealth:
    def test_a_live_database_is_ok(self, client: TestClient) -> None:
        answer = client.get("/healthz")

        assert answer.status_code == 200
        assert answer.json() == {"status": "ok", "database": "ok"}


class TestDocs:
    def test_the_docs_page_references_no_other_host(self, client: TestClient) -> None:
        html = client.get("/docs").text

        hosts = set(re.findall(r"https?://([^/\"'\s]+)", html))
        assert hosts <= {"testserver"}
        assert "/docs/assets/swagger-ui-bundle.js" in html

    def test_the_docs_assets_are_served_locally(self, client: TestClient) -> None:
        for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
            assert client.get(f"/docs/assets/{asset}").status_code == 200

    def test_the_openapi_document_lists_the_api(self, client: TestClient) -> None:
        paths = client.get("/openapi.json").json()["paths"]

        assert {"/api/v1/auth/login", "/api/v1/me", "/api/v1/orders", "/api/v1/orders/{order_id}",
                "/api/v1/indicators", "/healthz"} <= set(paths)  # fmt: skip
        assert not any(path.startswith("/console") for path in paths)

    def test_an_unknown_path_is_a_404_problem(self, client: TestClient) -> None:
        answer = client.get("/api/v1/nothing-here")

        assert answer.status_code == 404
        assert answer.headers["content-type"] == "application/problem+json"
