"""scripts/trial_names.py: whose number a sentence says it is, on invented trials and runs."""

from types import SimpleNamespace

from trial_names import sentence_at, whose_problems

TRIALS = [{"trial": "alpha", "name": "ALPHA (invented)", "ref": "inventor2021"},
          {"trial": "beta", "name": "BETA", "ref": "inventor2022"}]


def fact_span(text, number, key):
    run = SimpleNamespace(text=text)
    return {"kind": "fact", "text": number, "attributes": {"fact": key}, "run": run, "start": text.index(number)}


def test_a_sentence_ends_at_a_full_stop_before_a_capital():
    text = "ALPHA randomized 600. BETA randomized 307 (vs. 300)."
    assert sentence_at(text, text.index("600")) == "ALPHA randomized 600."
    assert sentence_at(text, text.index("307")) == "BETA randomized 307 (vs. 300)."


def test_a_number_said_of_another_trial_is_refused():
    span = fact_span("The BETA trial randomized 600 patients.", "600", "alpha.randomized")
    [(_, message, near)] = whose_problems([span], TRIALS, [])
    assert message == "[600] is of alpha: expected its trial named in its sentence, found only BETA"
    assert near == "600"


def test_a_trial_is_named_by_its_name_or_by_citing_its_report():
    named = fact_span("ALPHA and BETA randomized 600 patients in all.", "600", "alpha.randomized")
    cited = fact_span("Unlike BETA, its authors [1] randomized 600 patients.", "600", "alpha.randomized")
    unnamed = fact_span("The trial randomized 600 patients.", "600", "alpha.randomized")
    assert whose_problems([named, unnamed], TRIALS, []) == []
    assert whose_problems([cited], TRIALS, [("inventor2021", cited["run"])]) == []
    assert whose_problems([cited], TRIALS, [("inventor2021", unnamed["run"])]) != []
