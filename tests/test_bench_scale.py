"""bench/scale.py's comparison with the bare model: ratios taken within rounds, the median counts."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "scale.py"


def _scale():
    spec = importlib.util.spec_from_file_location("bench_scale", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_scale", module)
    spec.loader.exec_module(module)
    return module


def test_one_lucky_round_of_the_bare_model_does_not_decide_the_ratio():
    scale = _scale()
    seconds = scale.Seconds
    # a slow spell hits both measurements of round 2; round 3's bare run is lucky, its pipeline run is not
    rounds = [scale.Round(bare=seconds(10.0, 10.0), full=seconds(12.0, 12.0), rules_only=seconds(2.0, 2.0)),
              scale.Round(bare=seconds(13.0, 13.0), full=seconds(15.6, 15.6), rules_only=seconds(2.6, 2.6)),
              scale.Round(bare=seconds(7.5, 7.5), full=seconds(12.5, 12.5), rules_only=seconds(2.0, 2.0))]
    speeds = scale.Speeds(rounds, "model")
    full = speeds.ratio("full", "wall")
    # each contender's best (7.5 against 12.0) would say 0.62; the rounds' own ratios are 0.83, 0.83, 0.6
    assert round(full.median, 3) == round(10 / 12, 3)
    assert (round(full.low, 2), round(full.high, 2)) == (0.6, 0.83)
    assert speeds.ratio("rules_only", "cpu").median == 5.0
    assert str(full) == "0.83 (rounds 0.60–0.83)"
    assert speeds.seconds("bare") == seconds(10.0, 10.0)


def test_length_growth_is_taken_within_each_round():
    scale = _scale()
    seconds = scale.Seconds
    # round 2 is slow throughout (a neighbour's job); in round 3 only the 50x run is slow
    rounds = [scale.LengthRound(one=seconds(0.1, 0.1), scaled={10: seconds(1.0, 1.0), 50: seconds(5.0, 5.0)}),
              scale.LengthRound(one=seconds(0.2, 0.2), scaled={10: seconds(2.2, 2.2), 50: seconds(10.0, 10.0)}),
              scale.LengthRound(one=seconds(0.1, 0.1), scaled={10: seconds(1.1, 1.0), 50: seconds(9.0, 5.0)})]
    ten = scale.length_growth(rounds, 10, "wall")
    # a best of each (0.1 against 1.0) would say 1.00 here, and a lucky one copy against a slow spell 2.2
    assert (round(ten.median, 2), round(ten.low, 2), round(ten.high, 2)) == (1.1, 1.0, 1.1)
    fifty = scale.length_growth(rounds, 50, "wall")
    assert (round(fifty.median, 2), round(fifty.high, 2)) == (1.0, 1.8)
    assert scale.length_growth(rounds, 50, "cpu").high == 1.0
