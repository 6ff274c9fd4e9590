"""What a run shows: check output formats (:mod:`.check_formats`), the HTML report
(:mod:`.html`), word diffs (:mod:`.worddiff`) and edit records (:mod:`.records`)."""
