"""``kb show`` and ``kb search``: the knowledge base as a clinician reads it."""

from __future__ import annotations

import yaml

from ._loader import FILES, KnowledgeBase


def _table(kb: KnowledgeBase, kind: str) -> dict:
    return kb.threshold_entries if kind == "thresholds" else getattr(kb, kind)


def show(kb: KnowledgeBase, entry_id: str) -> str | None:
    found = kb.entry(entry_id)
    if found is None:
        drug = kb.drug_id(entry_id)
        found = ("drugs", kb.drugs[drug]) if drug else None
    if found is None:
        return None
    kind, entry = found
    data = entry.model_dump(exclude_defaults=True)
    text = f"# {kind}: {entry_id}\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    if kind == "thresholds" and entry_id in kb.overrides:
        text += f"# overridden by config: {kb.overrides[entry_id]}\n"
    cites = []
    for s in data.get("sources", []):
        src = kb.sources.get(s.split("#", 1)[0])
        if src:
            cites.append(f"  [{s}] {src.title} ({src.grade}) {src.url or src.file or ''}")
    if cites:
        text += "\nSources:\n" + "\n".join(cites) + "\n"
    return text


def search(kb: KnowledgeBase, word: str) -> list[tuple[str, str, str]]:
    needle = word.casefold()
    hits = []
    for kind in FILES:
        for entry_id, entry in _table(kb, kind).items():
            blob = yaml.safe_dump(entry.model_dump(exclude_defaults=True), allow_unicode=True, width=10_000)
            pos = blob.casefold().find(needle)
            if pos >= 0:
                start = max(0, pos - 30)
                snippet = blob[start:pos + 50].replace("\n", " ")
                hits.append((kind, entry_id, snippet))
    return hits
