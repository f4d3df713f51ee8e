"""Domain hints for the decoder: an initial prompt made of procedure names from the knowledge base catalogue
(read as YAML, without importing the knowledge base or Rasa)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import List

log = logging.getLogger(__name__)

MAX_PROMPT_CHARS = 160


def procedure_names(directory: Path) -> List[str]:
    """The procedure names of the catalogue files in ``directory`` (empty when it is absent or unreadable)."""
    import yaml

    per_file: List[List[str]] = []
    for path in sorted(Path(directory).glob("*.yml")):
        names: List[str] = []
        per_file.append(names)
        try:
            records = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError) as error:
            log.warning("procedure catalogue %s not read: %s", path.name, type(error).__name__)
            continue
        for record in records if isinstance(records, list) else []:
            name = record.get("name") if isinstance(record, dict) else None
            if isinstance(name, str) and name.strip():
                names.append(name.strip())
    # interleaved, so that a prompt cut short still names procedures of every field
    longest = max((len(names) for names in per_file), default=0)
    return [names[i] for i in range(longest) for names in per_file if i < len(names)]


def initial_prompt(directory: Path, limit: int = MAX_PROMPT_CHARS) -> str:
    """A short Vietnamese prompt naming procedures, for the words Whisper should expect ("" when none)."""
    names = procedure_names(directory)
    if not names:
        return ""
    prompt = "Hỏi về thủ tục hành chính:"
    for name in names:
        candidate = f"{prompt} {name.lower()},"
        if len(candidate) > limit:
            break
        prompt = candidate
    return prompt.rstrip(",") + "."
