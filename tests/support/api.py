"""Calling the API in tests: a Django test client that sends a key and JSON."""

import json

from django.test import Client

from relationships.integrations.keys import create_api_key
from relationships.models import ApiKeyAccess, Workspace

BASE = "/api/v1"


class ApiClient:
    def __init__(self, token: str | None, client: Client | None = None):
        self.token = token
        self.client = client or Client()

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return {**headers, **(extra or {})}

    def get(self, path: str, params: dict | None = None, **headers):
        return self.client.get(BASE + path, params or {}, headers=self.headers(headers))

    def send(self, method: str, path: str, body=None, *, raw: bytes | None = None, **headers):
        data = raw if raw is not None else json.dumps(body if body is not None else {})
        return self.client.generic(
            method,
            BASE + path,
            data,
            content_type="application/json",
            headers=self.headers(headers),
        )

    def post(self, path: str, body=None, **headers):
        return self.send("POST", path, body, **headers)

    def patch(self, path: str, body=None, **headers):
        return self.send("PATCH", path, body, **headers)


def key_for(workspace: Workspace, *, read_only: bool = False, name: str = "Tests") -> str:
    access = ApiKeyAccess.READ_ONLY if read_only else ApiKeyAccess.READ_WRITE
    return create_api_key(workspace, name=name, access=access, by=None).plaintext
