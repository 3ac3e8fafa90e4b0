"""Whose number is it: a sentence that names trials of the data must name the trial of each of its
numbers and claims.

"The BETA trial randomized [600]{fact=alpha.randomized}" shows a number of the data that is true of
ALPHA as BETA's. A trial is named by its name in data/trials.csv, up to any parenthesis ("ASSURE"
for "ASSURE (E2805)"), as a whole word in the same case, or by citing its report ("Lencioni et
al [8]" names SPACE) anywhere on the sentence's line (one sentence per line). A sentence that names no trial says
nothing of whose its numbers are, and one that names the span's trial among others is left to its
reader: only a sentence that names trials, none of them the span's, is refused.
"""

import re

import claims

# A sentence ends at . ! or ? before a space and a capital letter or an opening mark.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“(\[])")


def trial_patterns(trials):
    """{trial id: (its name as the prose writes it, the pattern of that name)}."""
    patterns = {}
    for trial in trials:
        name = trial["name"].split(" (")[0].strip()
        if name:
            patterns[trial["trial"]] = (name, re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])"))
    return patterns


def sentence_at(text, position):
    """The sentence of text that holds position."""
    start = 0
    for boundary in SENTENCE_END.finditer(text):
        if boundary.start() >= position:
            break
        start = boundary.end()
    end = next((boundary.start() for boundary in SENTENCE_END.finditer(text, position)), len(text))
    return text[start:end]


def span_trials(entry, trial_ids):
    """The trials a fact span's or a claim span's numbers belong to (fact keys begin with the trial)."""
    attributes = entry["attributes"]
    if entry["kind"] == "fact":
        keys = [attributes.get("fact") or ""]
    else:
        try:
            keys = claims.parse(attributes.get("claim", ""))[1]
        except ValueError:
            return set()
    return {key.split(".")[0] for key in keys} & trial_ids


def whose_problems(entries, trials, citations):
    """[(run, message, near)]: spans in a sentence that names only other trials than their own.
    citations: (citation key, run) of every citation of the text."""
    patterns = trial_patterns(trials)
    reports = {trial["ref"]: trial["trial"] for trial in trials}
    cited = {}
    for key, run in citations:
        if key in reports:
            cited.setdefault(id(run), set()).add(reports[key])
    problems = []
    for entry in entries:
        if entry["kind"] not in ("fact", "claim") or entry.get("generated"):
            continue
        own = span_trials(entry, set(patterns))
        if not own:
            continue
        sentence = sentence_at(entry["run"].text, entry["start"])
        named = {trial: name for trial, (name, pattern) in patterns.items() if pattern.search(sentence)}
        if named and not (set(named) | cited.get(id(entry["run"]), set())) & own:
            names = ", ".join(sorted(named.values()))
            problems.append((entry["run"], f"[{entry['text']}] is of {', '.join(sorted(own))}: expected its trial "
                                           f"named in its sentence, found only {names}", entry["text"]))
    return problems
