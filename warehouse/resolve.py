"""Name resolution: map every (source, name as published, source key) to one opengap model_id.

Pure: names and the registry data in data/registry/ in, core.model_aliases rows out. The build calls
`resolve(names, bridges)`; tests call it with a labelled set and no warehouse.

How a name resolves, in order (first that applies wins):
1. curated   data/registry/aliases.csv names the model (or `unmatched`) for this (source, name[, key]).
2. identity  each source publishes one identifier per row: its stable key (arena key, API id, Hub
             repo) or, failing that, the name. A run setting in the identifier (`_high`, `-thinking-64k`,
             ` (diff)`, `-bf16`) is split off into the alias's `setting`: it stays on the score.
3. match key the identifier's match key: lower case, '+' spelled 'plus', dates as YYYYMMDD, every run
             of punctuation one '-', letters and digits split (`llama3` = `llama-3`), a Hub owner
             dropped only for first-party namespaces (data/registry/hf_orgs.csv); third-party Hub repos
             keep their owner and never merge with a display name. A key-less name that LMArena's Space
             pairs with exactly one arena key takes that key (rule).
4. cluster   aliases with one match key are one model (exact / normalised). An undated name with
             dated siblings (`Claude 3.5 Sonnet` beside `claude-3-5-sonnet-20240620` and
             `-20241022`) is the one sibling released by its file's snapshot date (LMArena's CSV of
             2024-07-07: `-20240620`); where several were out, or none, it is ambiguous: unmatched,
             listed by `opengap models unmatched` with rapidfuzz candidates. Fuzzy matching never
             merges.

model_id: a curated id where one is pinned (data/registry/aliases.csv, models.csv), else the plainest
normalised spelling any alias uses (fewest separators, then shortest: `llama-3-70b-instruct`, not
`meta-llama-3-70b-instruct`), or `owner/name` for a third-party Hub repo.
"""

from __future__ import annotations

import bisect
import csv
import datetime as _dt
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import polars as pl

REGISTRY = Path(__file__).resolve().parent.parent / "data" / "registry"
UNMATCHED = "unmatched"
_NON_ALNUM = re.compile(r"[^0-9a-z]+")

# Sources whose key is an id a person chose for this exact model. Aider's key is the provider's API
# id (`llama-v3p1-70b-instruct`, `o1` for `o1-2024-12-17 (high)`): its name is the better identifier.
KEY_FIRST = {
    "lmarena_arena_catalog",
    "lmarena_hf_space",
    "livebench",
    "epoch_benchmarking_hub",
    "llm_stats",
    "open_llm_leaderboard",
    "hf_cards",
    # the arena's own model keys, as the arena-catalog uses them
    "lmarena_elo_history",
    "lmarena_leaderboard_dataset",
    # SWE-bench's `Model:` tag (a Hub repo id where the tag is a Hub URL), else the name itself
    "swe_bench",
}
# Key-first sources whose keys are the names as written, not ids someone chose: an undated key of
# theirs does not make the undated name a model of its own
KEY_NOT_AN_ID = {"swe_bench"}
# Sources whose key refines the name only where it adds a date: WeirdML's key is an OpenRouter id
# (`openai/gpt-4.1-2025-04-14` for `gpt-4.1`), an Ollama tag or a provider path; the name is the
# model as WeirdML ran it. `identity` takes the key when it is the name plus a date.
KEY_DATES_NAME = {"weirdml", "aider_leaderboards"}
HUB_SOURCES = {"open_llm_leaderboard", "hf_cards", "swe_bench"}
# Router and API namespaces that name the vendor itself (`x-ai/grok-3` on OpenRouter, `google/…`):
# like a first-party Hub owner, not part of the identity. Unlike PROVIDERS they say nothing about
# who served the run.
VENDOR_NAMESPACES = {
    "x-ai",
    "z-ai",
    "google",
    "meta-llama",
    "meta",
    "mistralai",
    "minimax",
    "moonshot",
    "cohere",
    "microsoft",
    "nvidia",
    "inception",
    "thinkingmachines",
}
# Third-party serving prefixes: who served the weights, not which model (kept as a setting).
# Ollama is not here: a tag that writes its quantisation ('…-q4_K_M') is its own (derivative) model;
# only Ollama's bare size tag is the vendor's release served by Ollama (_OLLAMA_DEFAULT_TAG).
PROVIDERS = (
    "openrouter",
    "chutes",
    "fireworks",
    "deepinfra",
    "together",
    "parasail",
    "gemini",
    "openai",
    "anthropic",
    "deepseek",
    "moonshotai",
    "zai-org",
    "qwen",
    "nousresearch",
    "us.amazon",
    "amazon",
)
_EFFORT = r"(?:x?high|low|medium|minimal|none|nothinking|max|unknown)"
# run-setting suffixes, tried repeatedly at the end of an identifier (case-insensitive)
_SETTING_PATTERNS = [
    # Epoch: '_high', '_16K', '_thinking', '_unknown'
    (re.compile(r"_(" + _EFFORT + r"|\d+k|thinking)$", re.I), lambda m: m.group(1).lower()),
    # a parenthetical made only of run-setting words: Aider's '(high)', '(no think)', '(default)',
    # '(default think)', '(Chat)', '(32k think)'; WeirdML's '(thinking 16k)', '(high, 16k)';
    # Artificial Analysis' '(Reasoning)', '(Non-reasoning, High Effort)', '(Adaptive Reasoning, Max Effort)'
    (
        re.compile(
            r"\s*\(((?:"
            + r"(?:"
            + "|".join(
                [
                    r"x?high",
                    "low",
                    "medium",
                    "max",
                    "minimal",
                    "none",
                    "no",
                    "non",
                    "think",
                    "thinking",
                    "nothinking",
                    "reasoning",
                    "adaptive",
                    "effort",
                    "default",
                    "chat",
                    "tokens",
                    "budget",
                    "diff",
                    "udiff",
                    "whole",
                    "bf16",
                    "fp8",
                    r"\d+k",
                ]
            )
            + r")(?:[\s,/-]+|(?=\))))+)\)$",
            re.I,
        ),
        lambda m: m.group(1).lower().strip(),
    ),
    # Aider / LMArena parentheticals: ' (high)', ' (diff)', ' (32k thinking tokens)', '(thinking-32k)'
    (
        re.compile(
            r"\s*\((x?high|low|medium|diff|udiff|whole|bf16|fp8|no thinking|"
            r"\d+k thinking tokens|thinking-\d+k|\d+k thinking)\)$",
            re.I,
        ),
        lambda m: m.group(1).lower(),
    ),
    # LiveBench: '-thinking-64k-high-effort', '-high-effort', '-highthinking', '-nothinking', '-high'
    (
        re.compile(
            r"-(thinking-\d+k-(?:high|medium|low)-effort|thinking-(?:high|medium|low)-effort)$",
            re.I,
        ),
        lambda m: m.group(1).lower(),
    ),
    (re.compile(r"-((?:high|medium|low)-effort)$", re.I), lambda m: m.group(1).lower()),
    (re.compile(r"-(highthinking|nothinking|thinking-\d+k)$", re.I), lambda m: m.group(1).lower()),
    # LiveBench: '-thinking-auto' (adaptive thinking) on Claude 4.6
    (re.compile(r"(?<=\d)-(thinking-auto)$", re.I), lambda m: m.group(1).lower()),
    # a hybrid model with thinking switched off ('Qwen3-235B-A22B-no-thinking')
    (re.compile(r"-(no-thinking)$", re.I), lambda m: m.group(1).lower()),
    # LMArena lists one model at two serving precisions
    (re.compile(r"-(bf16|fp8)$", re.I), lambda m: m.group(1).lower()),
    # Together serves Meta's and Qwen's instruct weights as '…-Instruct-Turbo' (FP8), Fireworks as
    # '…-instruct-basic': the serving, not the model (gpt-4-turbo, qwen-turbo are models: not these)
    (
        re.compile(r"(?<=instruct)-(turbo)$", re.I),
        lambda m: "served_by=together",
    ),
    (re.compile(r"(?<=instruct)-(basic)$", re.I), lambda m: "served_by=fireworks"),
    # a dated checkpoint run without thinking ('claude-3-7-sonnet-20250219-base' on LiveBench)
    (re.compile(r"(?<=\d{8})-(base)$", re.I), lambda m: "no-thinking"),
]
# a bare '-high' / '-low' is an effort only after reasoning models: 'mistral-medium' and
# 'phi-3-medium' are sizes
_BARE_EFFORT = re.compile(r"-(x?high|low|medium|minimal)$", re.I)
# '-max' is an effort only on Claude, GPT-5 and Kimi ('claude-opus-5-max'; LMArena's 'kimi-k3-max'
# is WeirdML's 'kimi-k3 (max)'); qwen-max, qwen3-max are models
_MAX_EFFORT = re.compile(r"^(claude-|gpt-5|kimi-k\d).*-(max)$", re.I)
_REASONING = re.compile(
    r"^(o\d|gpt-5|gpt-oss|grok-3-mini|grok-4|gemini-2[.-]5|gemini-3|claude-|deepseek-|qwen3|"
    r"magistral|kimi)",
    re.I,
)
# '-thinking' alone is a setting only for hybrid models (one set of weights, thinking on or off);
# elsewhere it names a separate model (kimi-k2-thinking, qwen3-235b-a22b-thinking-2507).
_HYBRID_THINKING = re.compile(
    r"^(claude-|deepseek-v3[.-][12]|glm-4[.-][56]|qwen3-(235b-a22b|30b-a3b|32b|14b|8b)$|"
    r"gemini-2[.-]5|gemini-2[.-]0-flash-lite)",
    re.I,
)
_DATE_DASHED = re.compile(r"(?<![0-9])(20\d\d)[-_.](0[1-9]|1[0-2])[-_.]([0-3]\d)(?![0-9])")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])")
_DATED_SUFFIX = re.compile(r"(\d{8}|(?!19|200|201)\d{4}|\d{2}-\d{2}|\d{2}-20\d{2})")
_HAS_DATE = re.compile(r"(^|-)(20\d{6}|[01]\d[0-3]\d|\d{2}-\d{2})(-|$)")


def normalise(name: str | None) -> str | None:
    """The slug a model_id is written in: lower case, runs of non-alphanumerics one '-'."""
    if name is None:
        return None
    # '+' is part of a name (Command R+ is not Command R): spell it before dropping punctuation
    s = name.strip().lower().replace("+", " plus ")
    s = _NON_ALNUM.sub("-", s).strip("-")
    return s or None


@dataclass
class Registry:
    """Curated data: aliases (source, name, key → model_id), pinned ids, first-party Hub owners."""

    aliases: dict[tuple[str, str, str], tuple[str, str]] = field(default_factory=dict)
    pinned: set[str] = field(default_factory=set)
    hf_orgs: dict[str, str] = field(default_factory=dict)
    # match key of a model-level name → (match key of its one checkpoint, reason): model_names.csv
    model_names: dict[str, tuple[str, str, str]] = field(default_factory=dict)

    def curated(self, source: str, name: str, key: str | None) -> tuple[str, str] | None:
        n = name.strip()
        k = (key or "").strip()
        for probe in ((source, n, k), (source, n, "*"), ("*", n, k), ("*", n, "*")):
            if probe in self.aliases:
                return self.aliases[probe]
        return None


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as f:
        return [
            {k: (v or "") for k, v in row.items()}
            for row in csv.DictReader(line for line in f if not line.startswith("#"))
        ]


def load_registry(directory: Path | str = REGISTRY) -> Registry:
    directory = Path(directory)
    reg = Registry()
    for row in _read_csv(directory / "aliases.csv"):
        key = row.get("model_key", "").strip() or "*"
        reg.aliases[(row["source"].strip(), row["name"].strip(), key)] = (
            row["model_id"].strip(),
            row.get("reason", "").strip(),
        )
        if row["model_id"].strip() != UNMATCHED:
            reg.pinned.add(row["model_id"].strip())
    for row in _read_csv(directory / "models.csv"):
        reg.pinned.add(row["model_id"].strip())
    for row in _read_csv(directory / "model_names.csv"):
        mk, target = match_key(row["name"]), row["model_id"].strip()
        if mk and target:
            reg.model_names[mk] = (match_key(target) or "", target, row.get("reason", "").strip())
    for row in _read_csv(directory / "hf_orgs.csv"):
        reg.hf_orgs[row["hf_owner"].strip().lower()] = row.get("organization", "").strip()
    return reg


def registry_frames(directory: Path | str = REGISTRY) -> dict[str, pl.DataFrame]:
    """The curated CSVs as all-text frames the core SQL reads: registry_models, registry_licenses,
    registry_hf_orgs."""
    directory = Path(directory)
    cols = {
        "registry_models": (
            "models.csv",
            [
                "model_id",
                "access",
                "license",
                "release_date",
                "weights_date",
                "is_derivative",
                "base_model_id",
                "family",
                "reason",
            ],
        ),
        "registry_licenses": ("licenses.csv", ["license", "spdx", "commercial_use", "reason"]),
        "registry_hf_orgs": ("hf_orgs.csv", ["hf_owner", "organization", "reason"]),
    }
    out = {}
    for frame_name, (filename, columns) in cols.items():
        rows = _read_csv(directory / filename)
        out[frame_name] = pl.DataFrame(
            [[r.get(c, "") for c in columns] for r in rows],
            schema={c: pl.String for c in columns},
            orient="row",
        )
    return out


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    return load_registry(REGISTRY)


def split_setting(identifier: str) -> tuple[str, str]:
    """('o3-2025-04-16_high') → ('o3-2025-04-16', 'high'): the run setting is not the model."""
    s = identifier.strip()
    settings: list[str] = []
    changed = True
    while changed:
        changed = False
        for pattern, label in _SETTING_PATTERNS:
            m = pattern.search(s)
            if m and m.start() > 0:
                settings.insert(0, label(m))
                s = s[: m.start()].rstrip()
                changed = True
        m = _BARE_EFFORT.search(s)
        if m and _REASONING.search(s[: m.start()]):
            settings.insert(0, m.group(1).lower())
            s = s[: m.start()]
            changed = True
        m = _MAX_EFFORT.search(s)
        if m:
            settings.insert(0, "max")
            s = s[: m.start(2) - 1]
            changed = True
        m = _THINKING_END.search(s)
        if m and _HYBRID_THINKING.search(s[: m.start()]):
            settings.insert(0, "thinking")
            s = s[: m.start()]
            changed = True
    return s, ";".join(settings)


# matches exactly when some provider + separator below starts the identifier: most do not
_PROVIDER_START = re.compile(
    "|".join(re.escape(p) + ("[/.-]" if p == "parasail" else "[/.]") for p in PROVIDERS)
)


def _strip_provider(identifier: str) -> tuple[str, str]:
    low = identifier.lower()
    if not _PROVIDER_START.match(low):
        return identifier, ""
    for p in PROVIDERS:
        for sep in ("/", ".", "-" if p == "parasail" else "/"):
            if low.startswith(p + sep) and len(identifier) > len(p) + 1:
                return identifier[len(p) + 1 :], p
    return identifier, ""


_META_LLAMA = re.compile(r"^meta-(?=llama)")
_HF_SUFFIX = re.compile(r"-hf$")
_C4AI_KEY = re.compile(r"^c-4ai-")
_META_LLAMA_I = re.compile(r"^meta-(?=llama)", re.I)
_C4AI_I = re.compile(r"^c4ai-", re.I)
_HF_SUFFIX_I = re.compile(r"-hf$", re.I)
_THINKING_END = re.compile(r"[-_ ]thinking$", re.I)


# Fireworks spells versions with 'p' ('llama-v3p1-70b-instruct', 'deepseek-v3p2')
_FIREWORKS_VERSION = re.compile(r"(?<![a-z0-9])v(\d+)p(\d+)(?![0-9])")
# US-ordered dates ('01-29-2025' in Artificial Analysis / Aider names)
_DATE_US = re.compile(r"(?<![0-9])(0[1-9]|1[0-2])[-_.]([0-3]\d)[-_.](20\d\d)(?![0-9])")
# Mistral's 'YY.MM' versions ('Codestral 25.01', 'Mistral Small v24.09') are its YYMM API suffixes
_MISTRAL_YYMM = re.compile(
    r"^((?:open-)?(?:mistral|mixtral|codestral|ministral|magistral|devstral|pixtral)\b.*?)"
    r"[\s-]v?(2[3-9])\.(0[1-9]|1[0-2])$"
)
# Mistral's API prefix for its open-weight models ('open-mistral-nemo', 'open-mixtral-8x22b')
_OPEN_MISTRAL = re.compile(r"^open-(?=mistral|mixtral|codestral)")
# Claude's tier and version in either order ('claude-4-1-opus' = 'claude-opus-4-1'): one order kept
_CLAUDE_ORDER = re.compile(r"^claude-((?:\d+-)*\d+)-(opus|sonnet|haiku)(?=-|$)")
_LLAMA_V = re.compile(r"^llama-v-(?=\d)")
_LLAMA_1 = re.compile(r"^llama-1-(?=\d+b(?:-|$))")
_NVIDIA_LLAMA = re.compile(r"^nvidia-(?=llama-)")
_AMAZON_NOVA = re.compile(r"^amazon-(?=nova-)")
_GEMMA = re.compile(r"^(code|recurrent|shield)?gemma-")
_IT_SEGMENT = re.compile(r"-it(?=-|$)")
# Artificial Analysis puts the size last ('Llama 3.1 Instruct 405B', 'Qwen2.5 Coder Instruct 32B')
_SIZE_LAST = re.compile(r"-(instruct|chat)-(\d+(?:-\d+)?b)$")
# a month-day written with a dash is the same date ('grok-4-07-09' = 'grok-4-0709'); a month-year
# ('command-r-08-2024') is not touched
_MONTH_DAY_DASHED = re.compile(r"-(0[1-9]|1[0-2])-([0-3]\d)(?=-|$)")
# and the version date before the variant ('Qwen3 235B A22B 2507 Instruct' = '…-Instruct-2507')
_YYMM_FIRST = re.compile(r"-(2[3-9](?:0[1-9]|1[0-2]))-(instruct|thinking)$")
# OpenRouter writes Gemini 1.5 tier first ('gemini-pro-1.5-002' = 'gemini-1.5-pro-002')
_GEMINI_ORDER = re.compile(r"^gemini-(pro|flash)-(\d+-\d+)(?=-|$)")
# 'Gemini 2.0 Flash (experimental)', 'Gemini 2.0 Pro Experimental' = Google's '-exp' ids
_EXPERIMENTAL = re.compile(r"-experimental(?=-|$)")


def match_key(identifier: str) -> str | None:
    """The key two spellings of one model share ('Claude 3.5 Sonnet (20240620)' = 'claude-3-5-sonnet-20240620')."""
    s = identifier.strip().lower().replace("+", " plus ")
    s = _FIREWORKS_VERSION.sub(r"v\1.\2", s)
    s = _MISTRAL_YYMM.sub(r"\1-\2\3", s)
    s = _DATE_US.sub(r"\3\1\2", s)
    s = _DATE_DASHED.sub(r"\1\2\3", s)
    s = _NON_ALNUM.sub("-", s).strip("-")
    s = _LETTER_DIGIT.sub("-", s)
    s = _META_LLAMA.sub("", s)
    s = _LLAMA_V.sub("llama-", s)  # Fireworks' 'llama-v3p1' = 'llama-3.1'
    s = _LLAMA_1.sub("llama-", s)  # Epoch's 'LLaMa-1 13B' = 'LLaMA-13B'
    s = _NVIDIA_LLAMA.sub("", s)  # LMArena's 'nvidia-llama-3.3-nemotron-…': NVIDIA's own namespace
    # 'amazon-nova-pro-v1.0' (LMArena) = Bedrock's 'amazon.nova-pro-v1:0'
    s = _AMAZON_NOVA.sub("", s)
    if _GEMMA.match(s):  # Google's '-it' is 'Instruct' ('Gemma 3 27B Instruct' = 'gemma-3-27b-it')
        s = _IT_SEGMENT.sub("-instruct", s)
    s = _OPEN_MISTRAL.sub("", s)
    s = _HF_SUFFIX.sub("", s)  # '-hf': the Transformers conversion of the same weights
    s = _C4AI_KEY.sub("", s)  # Cohere's Hub prefix: c4ai-command-r-08-2024 = command-r-08-2024
    s = _CLAUDE_ORDER.sub(r"claude-\2-\1", s)
    s = _GEMINI_ORDER.sub(r"gemini-\2-\1", s)
    s = _SIZE_LAST.sub(r"-\2-\1", s)
    s = _YYMM_FIRST.sub(r"-\2-\1", s)
    s = _MONTH_DAY_DASHED.sub(r"-\1\2", s)
    s = _EXPERIMENTAL.sub("-exp", s)
    return s or None


def _clean_id(identifier: str) -> str:
    """Vendor prefixes and conversion suffixes that never belong in a model_id."""
    s = _META_LLAMA_I.sub("", identifier.strip())
    s = _C4AI_I.sub("", s)
    return _HF_SUFFIX_I.sub("", s)


@dataclass
class _Alias:
    source: str
    name: str
    key: str | None
    setting: str = ""
    identity: str | None = None  # the identifier after settings and providers are split off
    mk: str | None = None
    hub: bool = False  # a third-party Hub repo: owner kept
    method: str = ""
    confidence: float = 0.0
    evidence: str = ""
    model_id: str | None = None
    forced: str | None = None  # curated target
    date_merged: bool = (
        False  # joined to another spelling of its date (its own spelling not the id)
    )
    month: tuple[str, int, int] | None = None  # a month-only date in the name: (base, year, month)
    # the newest snapshot date of the files that publish the name (None: unknown, or LiveBench's
    # table dates, which date a question set, not the runs added to it)
    snapshot: _dt.date | None = None


_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
# Artificial Analysis and Epoch date a version by month: "GPT-4o (Aug '24)", "(Mar' 25)", "(Jul 2025)"
_MONTH_TAG = re.compile(
    r"\s*\((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*'?\s*'?(\d{4}|\d{2})\)",
    re.I,
)


def _month_tag(identifier: str) -> tuple[str, tuple[str, int, int] | None]:
    """("GPT-4o (Aug '24)") → ("GPT-4o 2024-08", ("GPT-4o", 2024, 8)): the month stays in the id."""
    m = _MONTH_TAG.search(identifier)
    if not m:
        return identifier, None
    year = int(m.group(2)) if len(m.group(2)) == 4 else 2000 + int(m.group(2))
    month = _MONTHS[m.group(1).lower()[:3]]
    base = (identifier[: m.start()] + identifier[m.end() :]).strip()
    return f"{base} {year}-{month:02d}", (base, year, month)


def _suffix_month(suffix: str) -> tuple[int | None, int] | None:
    """The (year, month) a dated suffix names: '20240806', '0806' (MMDD), '2407' (Mistral's YYMM), '03-25'."""
    digits = suffix.replace("-", "")
    if len(digits) == 8:
        return int(digits[:4]), int(digits[4:6])
    if len(digits) == 4 and "-" not in suffix and 23 <= int(digits[:2]) <= 29:
        return 2000 + int(digits[:2]), int(digits[2:])
    if len(digits) == 4 and 1 <= int(digits[:2]) <= 12:
        return None, int(digits[:2])
    if len(digits) == 6 and suffix.count("-") == 1:  # '08-2024' (Cohere)
        return int(digits[2:]), int(digits[:2])
    return None


def _released_by(suffix: str, snapshot: _dt.date | None) -> bool | None:
    """Whether the checkpoint a dated suffix names was out by the snapshot date: True, False, or None
    when unknown (no snapshot date; a month-day without its year; the snapshot's own month)."""
    if snapshot is None:
        return None
    digits = suffix.replace("-", "")
    if len(digits) == 8:
        try:
            return _dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:])) <= snapshot
        except ValueError:
            return None
    ym = _suffix_month(suffix)
    if ym is None or ym[0] is None:
        return None
    if ym == (snapshot.year, snapshot.month):
        return None
    return ym < (snapshot.year, snapshot.month)


def _hub_identity(repo: str, reg: Registry) -> tuple[str, bool]:
    """('meta-llama/Llama-2-70b-chat-hf') → ('Llama-2-70b-chat-hf', False); third party keeps owner."""
    owner, _, name = repo.strip().partition("/")
    if name and (owner.lower() in reg.hf_orgs or owner.lower() in VENDOR_NAMESPACES):
        return name, False
    return repo.strip(), bool(name)


def _dated_key(base: str, key: str, reg: Registry) -> str | None:
    """The key, when it is the name plus a date ('gpt-4.1' with key 'openai/gpt-4.1-2025-04-14')."""
    kbase, _ = split_setting(key.strip())
    kbase = _strip_provider(kbase)[0]
    owner, _, rest = kbase.partition("/")
    if rest and (owner.lower() in reg.hf_orgs or owner.lower() in VENDOR_NAMESPACES):
        kbase = rest
    name_mk, key_mk = match_key(base), match_key(kbase)
    if (
        name_mk
        and key_mk
        and key_mk.startswith(name_mk + "-")
        and _DATED_SUFFIX.fullmatch(key_mk[len(name_mk) + 1 :])
    ):
        return kbase
    return None


_TRAILING_FULL_DATE = re.compile(r"^(.+)-(20\d\d)(0[1-9]|1[0-2])([0-3]\d)$")
_TRAILING_MONTH_DAY = re.compile(r"^(.+?)-(0[1-9]|1[0-2])-?([0-3]\d)$")


def _date_merges(by_mk: dict[str, list[_Alias]]) -> list[tuple[str, str, str]]:
    """(match key, target match key, why) for one checkpoint dated two ways across sources.

    - a month-day date ('gemini-1.5-pro-exp-0827', '…-preview-03-25') is the one full date with
      that month and day under the same name ('…-20240827');
    - two full dates one or two days apart under the same name, with no other checkpoint between,
      are one update when no source lists both (a release dated in two time zones or by two
      sources: chatgpt-4o-latest updates).
    Never when a source lists both keys: one source keeping two keys apart says they differ.
    """
    full: dict[str, list[tuple[str, str]]] = {}  # prefix → [(yyyymmdd, mk)]
    for mk in by_mk:
        m = _TRAILING_FULL_DATE.match(mk)
        if m:
            full.setdefault(m.group(1), []).append((m.group(2) + m.group(3) + m.group(4), mk))
    if not full:
        return []
    # which sources write each date themselves (not names the undated or model-name rules moved here)
    sources = {
        mk: {a.source for a in members if a.method not in ("rule", "curated")}
        for mk, members in by_mk.items()
    }
    merges: list[tuple[str, str, str]] = []
    merged: set[str] = set()
    for mk in by_mk:
        if mk.startswith("hub:") or _TRAILING_FULL_DATE.match(mk):
            continue
        m = _TRAILING_MONTH_DAY.match(mk)
        if not m or m.group(1) not in full:
            continue
        hits = [k for d, k in full[m.group(1)] if d[4:] == m.group(2) + m.group(3)]
        if len(hits) == 1 and not sources[mk] & sources[hits[0]]:
            merges.append((mk, hits[0], f"month-day date in {mk!r} is {hits[0]!r}"))
            merged.add(mk)
    from datetime import date as _date

    for dated in full.values():
        if len(dated) < 2:
            continue
        dated.sort()
        for (d1, k1), (d2, k2) in zip(dated, dated[1:], strict=False):
            if k1 in merged or k2 in merged or sources[k1] & sources[k2]:
                continue
            a = _date(int(d1[:4]), int(d1[4:6]), int(d1[6:]))
            try:
                b = _date(int(d2[:4]), int(d2[4:6]), int(d2[6:]))
            except ValueError:
                continue
            if 0 < (b - a).days <= 2:
                merges.append((k2, k1, f"{k2!r} is {k1!r} dated {(b - a).days} day(s) later"))
                merged.update({k1, k2})
    return merges


# Ollama's bare size tag through Aider's 'ollama/' prefix ('ollama/qwen2.5-coder:32b'); a user
# namespace ('ollama/wojtek/…') or any written variant or quantisation does not match
_OLLAMA_DEFAULT_TAG = re.compile(r"^ollama/([a-z][a-z0-9.-]*):(\d+(?:\.\d+)?b)$", re.I)
# An Ollama or GGUF quantisation tag: 'gemma4:31b-it-q4_K_M', 'qwen2:72b-instruct-q8_0'
_QUANT_TAG = re.compile(r":[\w.-]*\b(q\d(?:_[a-z0-9]+)*|fp16|gguf)\b", re.I)


# What the resolver reads from a warehouse: every published name, and LMArena's display name ↔
# key pairs (from its model claims, which a loaded snapshot carries as the build does). One query
# for the build and for `opengap models resolve`, so both give one answer.
# snapshot_date: the newest file date that publishes the name (an upper bound on when the source ran
# or listed it), for the undated-name rule; LiveBench's table dates are a question set's, not a run's.
NAMES_SQL = """
select source, source_model_name, model_key,
       max(snapshot_date) filter (where source <> 'livebench') as snapshot_date
from (
    select source, source_model_name, model_key, snapshot_date from std.scores
    union all
    select source, source_model_name, model_key, snapshot_date from std.model_claims
)
group by source, source_model_name, model_key
"""
BRIDGES_SQL = (
    "select distinct source_model_name as display_name, model_key from std.model_claims "
    "where source = 'lmarena_hf_space' and model_key is not null"
)


def resolve(
    names: pl.DataFrame, bridges: pl.DataFrame | None = None, registry: Registry | None = None
) -> pl.DataFrame:
    """names: (source, source_model_name, model_key); bridges: LMArena (display_name, model_key) pairs.

    Returns core.model_aliases rows: source, source_model_name, model_key, model_id (null when
    unmatched), method, confidence, evidence, setting.
    """
    reg = registry or default_registry()
    # match_key of each distinct string once per call (8,900 calls, 3,400 strings in the full
    # build); the cache is local to this call, so every resolve computes its own
    key_of = cache(match_key)

    # Load inputs
    bridge_map: dict[str, set[str]] = {}
    if bridges is not None and bridges.height:
        for display, key in bridges.select("display_name", "model_key").iter_rows():
            nd = key_of(display) if display else None
            if nd and key:
                bridge_map.setdefault(nd, set()).add(key.strip())
    seen: set[tuple] = set()
    aliases: list[_Alias] = []
    if "snapshot_date" not in names.columns:
        names = names.with_columns(pl.lit(None, dtype=pl.Date).alias("snapshot_date"))
    for source, name, key, snapshot in names.select(
        "source", "source_model_name", "model_key", "snapshot_date"
    ).iter_rows():
        if name is None or (source, name, key) in seen:
            continue
        seen.add((source, name, key))
        aliases.append(_Alias(source, name, key, snapshot=snapshot))

    # Process: identity and match key per alias
    for a in aliases:
        cur = reg.curated(a.source, a.name, a.key)
        if cur:
            _, a.setting = split_setting(a.name)
            target, reason = cur
            a.method, a.confidence = "curated", 1.0
            a.evidence = f"data/registry/aliases.csv: {reason}"
            if target == UNMATCHED:
                continue
            a.forced = target
            a.identity, a.mk = target, key_of(target)
            continue
        key = (a.key or "").strip() or None
        if a.source in HUB_SOURCES and key and "/" in key:
            ident, a.hub = _hub_identity(key, reg)
            a.identity, a.setting = ident, ""
            a.method, a.confidence = "exact", 1.0
            a.evidence = f"Hub repo {key!r}" + ("" if a.hub else " (first-party namespace)")
        elif key and a.source in KEY_FIRST:
            base, key_setting = split_setting(key)
            a.identity = base
            a.setting = split_setting(a.name)[1] if a.name.strip() != key else key_setting
            if a.source == "epoch_benchmarking_hub":
                a.setting = ""  # Epoch's run setting is already on the score
            a.method, a.confidence, a.evidence = "exact", 1.0, f"source key {key!r}"
        else:
            base, a.setting = split_setting(a.name)
            if key and a.source in KEY_DATES_NAME:
                base = _dated_key(base, key, reg) or base
            if key and _QUANT_TAG.search(key):
                # WeirdML runs some models locally from an Ollama/GGUF quantisation
                # ('gemma4:31b-it-q4_K_M' for 'gemma4-31b'): the run is of the quantisation
                base = key.strip()
            bridged = bridge_map.get(key_of(base) or "", set())
            if a.source.startswith(("lmarena", "lmsys")) and len(bridged) == 1:
                target = next(iter(bridged))
                a.identity = target
                a.method, a.confidence = "rule", 0.98
                a.evidence = f"LMArena Space pairs {a.name.strip()!r} with key {target!r}"
            else:
                a.identity = base
                a.method, a.confidence = "normalised", 0.95
                a.evidence = f"name {a.name.strip()!r}"
        ollama = _OLLAMA_DEFAULT_TAG.match(a.identity or "")
        if ollama and not a.hub:
            # Ollama's bare '<model>:<size>' tag pulls its default build of the vendor's instruct
            # release ('ollama/qwen2.5-coder:32b' = Qwen2.5-Coder-32B-Instruct): who served it, not
            # another model. A tag that writes its quantisation ('-q4_K_M', '-fp16') stays its own.
            a.identity = f"{ollama.group(1)}-{ollama.group(2)}-instruct"
            a.setting = ";".join(x for x in (a.setting, "served_by=ollama") if x)
            a.method, a.confidence = "rule", 0.9
            a.evidence = (
                f"Ollama tag {a.name.strip()!r}: its default build of "
                f"{ollama.group(1)} {ollama.group(2)} instruct"
            )
        a.identity, a.month = _month_tag(a.identity)
        stripped, provider = _strip_provider(a.identity)
        if provider and not a.hub:
            a.identity = stripped
            a.setting = ";".join(x for x in (a.setting, f"served_by={provider}") if x)
        if not a.hub and "/" in a.identity:
            # an owner in any source's identifier: the vendor's own namespace is not the identity
            # ('meta-llama/Llama-2-70b-hf' = 'Llama-2-70b-hf'); a third party's is (a fine-tune)
            owner, _, rest = a.identity.partition("/")
            if rest and (owner.lower() in reg.hf_orgs or owner.lower() in VENDOR_NAMESPACES):
                a.identity = rest
        if a.hub:
            a.mk = "hub:" + a.identity.lower()
        else:
            a.mk = key_of(a.identity)
        if a.mk in reg.model_names:
            a.mk, target, reason = reg.model_names[a.mk]
            a.method, a.confidence = "rule", 0.95
            a.evidence = f"data/registry/model_names.csv: {a.name.strip()!r} is {target}: {reason}"

    # Process: cluster by match key; flag ambiguous undated names
    by_mk: dict[str, list[_Alias]] = {}
    for a in aliases:
        if a.mk:
            by_mk.setdefault(a.mk, []).append(a)
    for mk, target, why in _date_merges(by_mk):
        for a in by_mk.pop(mk):
            a.mk, a.date_merged = target, True
            a.evidence += f"; {why}"
            by_mk[target].append(a)
    all_mks = sorted(by_mk)
    # a month-dated name is the one dated checkpoint of that name in that month, where one is known
    for a in aliases:
        if not a.month or a.forced or not a.mk:
            continue
        base_mk = key_of(_strip_provider(a.month[0])[0]) or ""
        lo = bisect.bisect_left(all_mks, base_mk + "-")
        hi = bisect.bisect_left(all_mks, base_mk + ".", lo=lo)
        hits = []
        # the name may carry its checkpoint date and the month too ('DeepSeek R1 0528 (May '25)')
        own = _TRAILING_FULL_DATE.match(base_mk) or _TRAILING_MONTH_DAY.match(base_mk)
        if own and base_mk in by_mk:
            ym = _suffix_month(base_mk[len(own.group(1)) + 1 :])
            if ym and ym[1] == a.month[2] and ym[0] in (None, a.month[1]):
                hits.append(base_mk)
        for m in all_mks[lo:hi]:
            suffix = m[len(base_mk) + 1 :]
            ym = _suffix_month(suffix) if _DATED_SUFFIX.fullmatch(suffix) else None
            if ym and ym[1] == a.month[2] and ym[0] in (None, a.month[1]):
                hits.append(m)
        if len(hits) == 1:
            a.mk, a.method, a.confidence = hits[0], "rule", 0.9
            a.evidence = (
                f"{a.name.strip()!r} is dated {a.month[1]}-{a.month[2]:02d}: the one checkpoint "
                f"of that month is {hits[0]!r}"
            )
    by_mk = {}
    for a in aliases:
        if a.mk:
            by_mk.setdefault(a.mk, []).append(a)
    all_mks = sorted(by_mk)
    for mk, members in list(by_mk.items()):
        if mk.startswith("hub:") or _HAS_DATE.search(mk):
            continue
        # a model_key from a key-first source, or a curated row, vouches for an undated id
        if any(b.forced or (b.key and b.source in KEY_FIRST - KEY_NOT_AN_ID) for b in members):
            continue
        # the keys starting with mk + '-' are one slice of the sorted list ('.' sorts after '-')
        lo = bisect.bisect_left(all_mks, mk + "-", lo=0)
        hi = bisect.bisect_left(all_mks, mk + ".", lo=lo)
        siblings = [m for m in all_mks[lo:hi] if _DATED_SUFFIX.fullmatch(m[len(mk) + 1 :])]
        if not siblings:
            continue
        for a in members:
            # as of the file's date the name can mean only a checkpoint released by then
            fits = [m for m in siblings if _released_by(m[len(mk) + 1 :], a.snapshot) is not False]
            as_of = f" in a file of {a.snapshot}" if a.snapshot else ""
            if len(fits) == 1:
                a.mk, a.method, a.confidence = fits[0], "rule", 0.9
                by_then = " released by then" if len(siblings) > 1 else ""
                a.evidence = (
                    f"undated name {a.name.strip()!r}{as_of}: the only dated checkpoint{by_then} "
                    f"is {fits[0]!r}"
                )
            elif not fits:
                a.mk, a.method, a.confidence = None, UNMATCHED, 0.0
                a.evidence = (
                    f"undated name {a.name.strip()!r}{as_of}: no dated checkpoint was released by "
                    f"then ({', '.join(siblings[:4])} came later): which one is unknown"
                )
            else:
                a.mk, a.method, a.confidence = None, UNMATCHED, 0.0
                a.evidence = (
                    f"undated name {a.name.strip()!r}{as_of} beside dated checkpoints "
                    f"{', '.join(fits[:4])}: which one is unknown (curate in data/registry/aliases.csv)"
                )
    mk_sources = {mk: {b.source for b in members} for mk, members in by_mk.items()}
    for a in aliases:
        if a.mk and a.method != "rule":
            sources = mk_sources.get(a.mk, set()) - {a.source}
            if sources:
                a.evidence += f"; match key {a.mk!r} shared with {', '.join(sorted(sources))}"

    # Save outputs: one model_id per cluster
    by_mk = {}
    for a in aliases:
        if a.mk:
            by_mk.setdefault(a.mk, []).append(a)
    normalised: dict[str | None, str | None] = {}  # identity → normalise(identity), once each
    for a in aliases:
        if a.mk and a.identity not in normalised:
            normalised[a.identity] = normalise(a.identity)
    for mk, members in by_mk.items():
        pinned = sorted(
            {b.forced for b in members if b.forced}
            | ({normalised[b.identity] for b in members} & reg.pinned)
        )
        if pinned:
            model_id = pinned[0]
        elif mk.startswith("hub:"):
            model_id = mk[4:]
        else:
            # the plainest spelling any member uses (fewest separators, then shortest): an id that
            # does not depend on which sources happen to list the model
            candidates = []
            for b in members:
                clean = normalise(_clean_id(b.identity)) or ""
                rule = (
                    b.method == "rule" and not b.evidence.startswith("LMArena")
                ) or b.date_merged
                # Anthropic's own order since Claude 4 is tier first ('claude-opus-4-1'); keep it
                reordered = bool(_CLAUDE_ORDER.match(clean)) and not clean.startswith("claude-3")
                candidates.append((rule, reordered, clean.count("-"), len(clean), clean))
            model_id = min(candidates)[-1]
        for b in members:
            b.model_id = model_id
            if b.method in ("exact", "normalised"):
                b.method = "exact" if normalised[b.identity] == model_id or b.hub else "normalised"
    rows = [
        (a.source, a.name, a.key, a.model_id, a.method, a.confidence, a.evidence, a.setting)
        for a in aliases
    ]
    return pl.DataFrame(
        rows,
        schema={
            "source": pl.String,
            "source_model_name": pl.String,
            "model_key": pl.String,
            "model_id": pl.String,
            "method": pl.String,
            "confidence": pl.Float64,
            "evidence": pl.String,
            "setting": pl.String,
        },
        orient="row",
    )


def resolve_one(
    source: str, name: str, key: str | None = None, context: pl.DataFrame | None = None
) -> dict:
    """Resolve one published name, optionally among other names (the match-key clusters need them)."""
    frame = pl.DataFrame(
        [(source, name, key)],
        schema={"source": pl.String, "source_model_name": pl.String, "model_key": pl.String},
        orient="row",
    )
    if context is not None:
        frame = pl.concat([frame, context.select(frame.columns)])
    out = resolve(frame)
    return out.row(0, named=True)
