"""Linter._plan: the per-rule facts _run reads, worked out once per list of the linter's own
rules; a list with an object made per call (a post-edit stage) is not kept."""

from mtfix.engine import Linter
from mtfix.settings import Settings


class _Stage:  # as PostEditStage: no needs_source, no neighbour_sensitive
    code = "PE999"

    def check(self, doc):
        return []


def test_plan_matches_the_rules_and_is_kept_for_own_rules_only():
    lin = Linter(Settings())
    plan = lin._plan(lin._fix_rules)
    assert [p[0] for p in plan] == [r.code for r in lin._fix_rules]
    assert [p[1] for p in plan] == [bool(getattr(r, "needs_source", False))
                                    for r in lin._fix_rules]
    assert [p[2] for p in plan] == [r.neighbour_sensitive for r in lin._fix_rules]
    assert lin._plan(lin._fix_rules) is plan
    kept = len(lin._plans)
    for _ in range(5):
        lin._plan([*lin.rules, _Stage()])
    assert len(lin._plans) == kept


def test_fixes_unchanged_with_the_plan():
    lin = Linter(Settings())
    assert lin.fix("Dia terlihat  lelah disini.").text == "Dia terlihat lelah di sini."
    assert {d.code for d in lin.check("Dia terlihat  lelah disini.")} >= {"WS001", "OR001"}
