"""Learn a team's house style from its post-edits (`mtfix learn`): consistent phrase
substitutions as a glossary with evidence, and proposals from review decisions."""

from .core import Candidate, LearnResult, LearnStats, learn
from .output import glossary_tsv, report_text, validated, write_glossary

__all__ = ["Candidate", "LearnResult", "LearnStats", "learn", "glossary_tsv", "report_text",
           "validated", "write_glossary"]
