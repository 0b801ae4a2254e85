"""The clinical knowledge base: validated YAML data with sources, loaded once and compiled."""

from ._conditions import ABSENT, Condition, ConditionError, compile_condition, referenced_facts
from ._loader import DATA_DIR, KnowledgeBase, KnowledgeError, load_kb, load_kb_from, read_config
from ._models import LEVELS, Level

__all__ = [
    "ABSENT", "Condition", "ConditionError", "DATA_DIR", "KnowledgeBase", "KnowledgeError", "LEVELS",
    "Level", "compile_condition", "load_kb", "referenced_facts", "load_kb_from", "read_config",
]
