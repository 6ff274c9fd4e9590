"""Scores of a repaired text: corpus metrics with signatures (:mod:`.metrics`), paired
significance (:mod:`.significance`), and edit-level evaluation (:mod:`.align`, :mod:`.edit_eval`)."""
