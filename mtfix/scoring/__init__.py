"""Scores of a repaired text. :mod:`.metrics` (``score_report``) is the top: corpus scores with
signatures (:mod:`.corpus`), per-segment statistics (:mod:`.stats`), sentence-level rows
(:mod:`.sentences`), paired significance (:mod:`.significance`), gates (:mod:`.gates`) and
renderers (:mod:`.render`); imports run strictly downward (see :mod:`.metrics`). Apart from
those, edit-level evaluation (:mod:`.edit_eval` over :mod:`.align`)."""
