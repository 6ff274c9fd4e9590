"""The editor's review loop: every finding of a run as a record (:mod:`.findings`), the
decisions an editor exports from the review page applied to the original files (:mod:`.apply`).
The page itself is :mod:`mtfix.reporting.review`."""

from .findings import FileFindings, UnitFindings, findings_for_file

__all__ = ["FileFindings", "UnitFindings", "findings_for_file"]
