"""Upload a snapshot folder to a Hugging Face dataset repository.

Reads `data/snapshots/<date>/` (checksums verified first) and sends every file to the root of the
dataset repo in one commit, so the snapshot's `README.md` is the dataset card: its YAML front matter
(license, pretty_name, one `configs` entry per table pointing at its Parquet file) makes
`datasets.load_dataset("OWNER/NAME", "scores")` and `polars.read_parquet("hf://datasets/OWNER/NAME/
scores.parquet")` work. The token comes from HF_TOKEN and is never printed; HF_ENDPOINT moves the Hub
(tests point it at a loopback server).

One `create_commit` (not `upload_folder`): the Hub's preupload answer decides per file whether it goes
inline in the commit ("regular") or through LFS/Xet storage first ("lfs"); huggingface_hub handles
both. `upload_folder` would instead take the multi-commit Xet pipeline when hf_xet is installed,
which a snapshot of a few megabytes does not need.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from analysis import export
from scrapers._types import OpengapError

REPO_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")


@dataclass
class Upload:
    path_in_repo: str
    local: Path
    bytes: int


def plan(snapshot: Path) -> list[Upload]:
    """Every file of the snapshot, sorted by name, after verifying CHECKSUMS."""
    snapshot = Path(snapshot)
    if not (snapshot / "manifest.json").is_file():
        raise OpengapError(f"{snapshot}: no manifest.json here; not an opengap snapshot.")
    export.verify_checksums(snapshot)
    card = snapshot / "README.md"
    if not card.is_file() or not card.read_text(encoding="utf-8").startswith("---\n"):
        raise OpengapError(
            f"{card}: missing or without YAML front matter; export the snapshot again."
        )
    return [
        Upload(p.name, p, p.stat().st_size)
        for p in sorted(snapshot.iterdir())
        if p.is_file() and not p.name.startswith(".")
    ]


def _transport_errors() -> tuple[type[BaseException], ...]:
    """The exceptions the Hub client raises when no HTTP answer came back."""
    errors: list[type[BaseException]] = [OSError, TimeoutError]  # requests' errors are OSErrors
    try:
        from huggingface_hub.utils import httpx  # the HTTP library huggingface_hub 1+ uses

        errors.append(httpx.TransportError)
    except (ImportError, AttributeError):
        pass
    return tuple(errors)


TRANSPORT_ERRORS = _transport_errors()


def publish(
    snapshot: Path,
    repo_id: str,
    *,
    token: str | None = None,
    endpoint: str | None = None,
    private: bool = False,
    dry_run: bool = False,
) -> dict:
    """Upload the snapshot. Returns {"uploads": [...], "card": str, "commit_url": str | None}."""
    if not REPO_ID.fullmatch(repo_id):
        raise OpengapError(f"--repo {repo_id!r}: expected OWNER/NAME, e.g. opengap/opengap.")
    uploads = plan(snapshot)
    card = (Path(snapshot) / "README.md").read_text(encoding="utf-8")
    result = {"uploads": uploads, "card": card, "commit_url": None}
    if dry_run:
        return result
    token = token or os.environ.get("HF_TOKEN")
    if not token:
        raise OpengapError(
            "HF_TOKEN is not set. Create a write token at https://huggingface.co/settings/tokens "
            "and export HF_TOKEN=…, or pass --dry-run to see what would be uploaded."
        )
    from huggingface_hub import CommitOperationAdd, HfApi
    from huggingface_hub.errors import HfHubHTTPError

    endpoint = endpoint or os.environ.get("HF_ENDPOINT") or None
    api = HfApi(endpoint=endpoint, token=token)
    manifest = json.loads((Path(snapshot) / "manifest.json").read_text())
    message = (
        f"opengap snapshot {manifest.get('name', Path(snapshot).name)} "
        f"(data as of {manifest.get('data_as_of')})"
    )
    try:
        api.create_repo(repo_id, repo_type="dataset", exist_ok=True, private=private, token=token)
        info = api.create_commit(
            repo_id,
            repo_type="dataset",
            operations=[CommitOperationAdd(u.path_in_repo, str(u.local)) for u in uploads],
            commit_message=message,
            commit_description=f"{len(uploads)} files, sha256 in CHECKSUMS.",
            token=token,
        )
    except HfHubHTTPError as exc:
        status = exc.response.status_code if exc.response is not None else "?"
        first = str(exc).replace(token, "***").splitlines()[0]
        raise OpengapError(
            f"Hugging Face Hub ({api.endpoint}) refused the upload to datasets/{repo_id}: "
            f"HTTP {status}: {first}. Check that HF_TOKEN has write access to {repo_id}."
        ) from None
    except TRANSPORT_ERRORS as exc:
        # no answer at all (refused, reset, timed out, DNS): the Hub client raises its HTTP
        # library's errors (httpx2 in huggingface_hub 2, requests before), not HfHubHTTPError
        first = (str(exc).replace(token, "***").splitlines() or [""])[0]
        raise OpengapError(
            f"Hugging Face Hub ({api.endpoint}) could not be reached to upload datasets/{repo_id}: "
            f"{type(exc).__name__}: {first or 'no detail'}. Check the network (and HF_ENDPOINT), "
            "then run the command again."
        ) from None
    result["commit_url"] = info.commit_url
    return result
