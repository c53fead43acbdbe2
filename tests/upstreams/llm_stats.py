"""Routes for the LLMStats repository: the git trees API listing and raw.githubusercontent.com files.

The captures in shared/llm_stats/<date>/ keep the repository's relative paths; the listing is
built from them as GitHub builds it (blob sha = git's sha1 of the content), with the directory
entries and non-model files a real tree also holds.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tests.upstreams import Upstream, conditional

REPO = "JonathanChavezTamales/LLMStats"
SNAPSHOT = "2025-05-22"


def blob_sha(body: bytes) -> str:
    return hashlib.sha1(b"blob %d\x00" % len(body) + body).hexdigest()


def github_tree(
    up: Upstream,
    repo: str,
    files: dict[str, bytes],
    branch: str = "main",
    captured_on: str | None = None,
) -> None:
    """Serve `GET /repos/{repo}/git/trees/{branch}?recursive=1` and each file's raw URL (with the
    capture's date as Last-Modified when given)."""
    tree: list[dict] = []
    dirs = sorted({"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)})
    for d in dirs:
        tree.append({"path": d, "mode": "040000", "type": "tree", "sha": blob_sha(d.encode())})
    readme = b"# LLM Stats\n"
    tree.append(
        {
            "path": "README.md",
            "mode": "100644",
            "type": "blob",
            "sha": blob_sha(readme),
            "size": len(readme),
        }
    )
    for path, body in sorted(files.items()):
        tree.append(
            {
                "path": path,
                "mode": "100644",
                "type": "blob",
                "sha": blob_sha(body),
                "size": len(body),
            }
        )
    listing = {
        "sha": hashlib.sha1(repo.encode()).hexdigest(),
        "url": "",
        "tree": tree,
        "truncated": False,
    }

    full = json.dumps(listing).encode()
    top = json.dumps({**listing, "tree": tree[:1]}).encode()

    def handler(query, headers):
        body = full if query.get("recursive", [None])[0] == "1" else top
        return conditional(headers, body, "application/json")

    up.routes[f"/api.github.com/repos/{repo}/git/trees/{branch}"] = handler
    for path, body in files.items():
        up.file(
            f"/raw.githubusercontent.com/{repo}/{branch}/{path}",
            body,
            "text/plain; charset=utf-8",
            captured_on=captured_on,
        )


def captures(shared: Path) -> dict[str, bytes]:
    root = shared / "llm_stats" / SNAPSHOT
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.json"))}


def register(up: Upstream, shared: Path) -> None:
    github_tree(up, REPO, captures(shared), captured_on=SNAPSHOT)
    up.github_env("llm_stats")
