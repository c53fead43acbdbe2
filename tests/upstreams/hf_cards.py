"""Routes for hf_cards: the Hub model-info API and README resolve URLs, served from our own fixtures.

No captures exist for this source, so `shared` is not read: every repo under
tests/fixtures/hf_cards/<owner>/<name>/ is served at the paths huggingface_hub and opengap request:
``/hf/api/models/<repo>`` (model_info.json, or model_info.error.json's status, headers and body) and
``/hf/<repo>/resolve/<sha>/README.md`` (README.md, or README.error.json). redirects.json lists
renamed repos, answered with a 307 to the new id as the Hub does.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.upstreams import Reply, Upstream

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hf_cards"


def repos() -> list[str]:
    """Every fixture repo id (owner/name folders)."""
    return sorted(f"{d.parent.name}/{d.name}" for d in FIXTURES.glob("*/*") if d.is_dir())


def _error(path: Path) -> Reply:
    spec = json.loads(path.read_text(encoding="utf-8"))
    return Reply(spec["status"], spec["body"].encode("utf-8"), dict(spec["headers"]))


def register(up: Upstream, shared: Path | None = None) -> list[str]:
    """Add the routes; returns the list every Authorization header seen is appended to."""
    seen_auth: list[str] = []

    def serving(reply: Reply):
        def handler(query, headers):
            if "authorization" in headers:
                seen_auth.append(headers["authorization"])
            return reply

        return handler

    for repo in repos():
        d = FIXTURES / repo
        api_path = f"/hf/api/models/{repo}"
        if (d / "model_info.json").exists():
            body = (d / "model_info.json").read_bytes()
            up.routes[api_path] = serving(
                Reply(200, body, {"Content-Type": "application/json; charset=utf-8"})
            )
            sha = json.loads(body)["sha"]
            readme_path = f"/hf/{repo}/resolve/{sha}/README.md"
            if (d / "README.md").exists():
                up.routes[readme_path] = serving(
                    Reply(
                        200,
                        (d / "README.md").read_bytes(),
                        {"Content-Type": "text/plain; charset=utf-8"},
                    )
                )
            elif (d / "README.error.json").exists():
                up.routes[readme_path] = serving(_error(d / "README.error.json"))
        elif (d / "model_info.error.json").exists():
            up.routes[api_path] = serving(_error(d / "model_info.error.json"))
    redirects = json.loads((FIXTURES / "redirects.json").read_text(encoding="utf-8"))
    for old, new in redirects.items():
        up.routes[f"/hf/api/models/{old}"] = serving(
            Reply(307, b"", {"Location": f"/hf/api/models/{new}"})
        )
    up.hf_env("hf_cards")
    return seen_auth
