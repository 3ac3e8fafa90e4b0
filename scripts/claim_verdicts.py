"""Judge what the prose says about the numbers, and the corrections of its words.

A claim span, [did not significantly affect survival]{claim="not significant: storm.rfs.sorafenib"},
is decided by claims.py against the data. A sentence whose words claim something about the
data ("significantly", "longer than", "similar", as config claims.wording declares) but holds
no claim span is treated like an unlinked number: an error naming the words and what to write.
A claim the data cannot decide is written claim="undecidable" with because="..." (shown as
unverified); wording that claims nothing about the data, claim="not a claim" with because=.
In the corrected edition a false claim is an error, so its correction is explicit: the claim
the published text made is kept as was= (its words) and was-claim= (its relation), listed among
the corrections. A correction of words (correction=, a row of data/corrections.csv with its
source) shows the published words (was=) in the published edition.
"""

import re

import claims
from numerals import TEX_COMMAND, numerals
from skeleton import skeleton
from span_context import DOWN, UP

STATUS_RANK = {"verified": 0, "secondary": 1, "unverified": 2}
EXEMPT_CLAIMS = ("undecidable", "not a claim")


def claim_in(text, pattern):
    """The first words of a compiled vocabulary (policy.claim_words, ...) in text readers see, read as
    they look, or None."""
    found = pattern.search(skeleton(text)[0]) if pattern else None
    return found[0] if found else None


# Text whose words the check does not read for claims: a number's span, what the build generated.
NOT_PROSE = ("fact", "exempt", "generated", "reference-list", "crossref", "identifier")


def readings(text, owners):
    """The text as shown, and without citations' marks ("longer[3] than" reads "longer than"): each
    as (its skeleton, the index in text of each of the skeleton's characters)."""
    shown_indices = [list(range(len(text))),
                     [index for index, owner in enumerate(owners) if owner is None or owner.kind != "citation"]]
    for indices in shown_indices:
        shown, origin = skeleton("".join(text[index] for index in indices))
        yield shown, [indices[index] for index in origin]


def wording_problems(run, marks, pattern, not_claims=None):
    """Messages about claim words of a run that no claim span holds. The words are read as they look
    (skeleton.py), on into the next line of the paragraph, where a phrase may continue, and across
    citation marks; not_claims: phrases that hold such words and claim nothing (inferior vena cava)."""
    text = run.text + (" " + run.next.text if run.next is not None else "")
    owners = run.owners() + ([None] + run.next.owners() if run.next is not None else [])
    covered = [(mark["start"], mark["end"]) for mark in marks if mark["run"] is run and mark["kind"] == "claim"]
    problems, found = [], set()
    for shown, origin in readings(text, owners):
        excluded = [match.span() for match in not_claims.finditer(shown)] if not_claims else []
        for match in pattern.finditer(shown):
            if any(low <= match.start() and match.end() <= high for low, high in excluded):
                continue
            start, end = origin[match.start()], origin[match.end() - 1] + 1
            if start >= len(run.text) or start in found:
                continue  # it starts on the next line: that line's own reading finds it
            if owners[start] is not None and owners[start].kind in NOT_PROSE:
                continue
            if any(low <= start and end <= high for low, high in covered):
                continue
            found.add(start)
            words = text[start:end]
            problems.append((f"'{words}' claims something about the data: expected the claim marked, such as "
                             f"[{words} ...]{{claim=\"not significant: trial.endpoint.arm\"}} or "
                             f"{{claim=\"similar: fact.key, fact.key\"}}, or {{claim=\"undecidable\" because=\"...\"}} "
                             f"when the data cannot decide it (outside citations, code and math, which cannot hold "
                             f"a claim span)", words))
    return problems + math_claims(run, pattern)


def math_claims(run, pattern):
    """Claim words in math, read as it shows ($\\text{signif}\\text{icant}$): math holds no claim span."""
    # Words that read as claims before the TeX is read away are found with the rest of the line.
    shown = [TEX_COMMAND.sub("", text) for text, owner in run.pieces
             if owner is not None and owner.kind == "math" and not pattern.search(text)]
    return [(f"'{found[0]}' in math claims something about the data: expected it in prose, in a claim span",
             found[0]) for found in map(pattern.search, shown) if found]


def facts_of(relation, arguments, facts, comparisons):
    """The facts a claim rests on, for its status."""
    if relation in claims.COMPARISONS:
        return [facts[key] for key in arguments if key in facts]
    keys = [comparisons[name][part] for name in arguments if name in comparisons
            for part in ("estimate", "lower", "upper", "p") if comparisons[name].get(part)]
    return [facts[key] for key in keys]


def judged_claim(text, facts, comparisons, policy):
    """(relation, arguments, Verdict, status) of a claim's text; ValueError when it cannot be judged."""
    relation, arguments = claims.parse(text)
    _, verdict = claims.judge(text, facts, comparisons, policy.claims, policy.days_per_month)
    resting = facts_of(relation, arguments, facts, comparisons)
    status = max((fact["status"] for fact in resting), key=STATUS_RANK.get, default="verified")
    return relation, arguments, verdict, status


def exempt_claim(entry, attributes, policy):
    because = attributes.get("because", "").strip()
    problems = []
    decided = claim_in(entry["text"], policy.always_claims)
    if attributes["claim"] == "not a claim" and decided:
        problems.append(f"claim=\"not a claim\" on [{entry['text']}]: expected a claim the data decides (or "
                        f"claim=\"undecidable\"), since '{decided}' always claims something about the data")
    if len(because) < 10:
        problems.append(f"claim=\"{attributes['claim']}\" on [{entry['text']}]: expected because=\"...\" saying why "
                        f"(at least ten characters), found '{because}'")
    if numerals(because):
        problems.append(f"because=\"{because}\": expected words without numbers (they would reach readers unchecked)")
    claimed = claim_in(because, policy.claim_words)
    if claimed:
        problems.append(f"because=\"{because}\": expected words that claim nothing about the data (they would reach "
                        f"readers unchecked), found '{claimed}'")
    verdict = "undecidable" if attributes["claim"] == "undecidable" else "no claim"
    return {"verdict": verdict, "relation": attributes["claim"], "values": "", "because": because,
            "status": "unverified" if verdict == "undecidable" else ""}, problems


def polarity_problem(relation, words, negations):
    """A claim span whose words say the opposite of its relation: "significantly prolonged" marked
    not significant, "did not significantly prolong" marked significant (negations: config claims)."""
    if relation not in ("significant", "not significant") or not negations:
        return None
    negated = claim_in(words, negations)
    if relation == "not significant" and not negated:
        return (f"claim \"not significant\" on [{words}]: expected words that say so, with a negation such as "
                f"'did not' or 'failed to', found none")
    if relation == "significant" and negated:
        return f"claim \"significant\" on [{words}]: expected words that say so, found the negation '{negated}'"
    return None


def direction_problem(relation, words, negations):
    """Words of a comparison that say the opposite way: [much longer than]{claim="substantially less: ..."}."""
    opposite = DOWN if relation in ("greater", "substantially greater") else UP if relation in (
        "less", "substantially less") else set()
    said = [word for word in re.findall(r"[a-z]+", skeleton(words)[0].lower()) if word in opposite]
    if said and not claim_in(words, negations):
        return f"claim \"{relation}\" on [{words}]: expected words that say so, found '{said[0]}'"
    return None


def strength_problem(relation, words, strength):
    """Words that say how much ("substantially longer") on a comparison that claims only which way."""
    found = claim_in(words, strength)
    if found and relation in ("greater", "less"):
        return (f"claim \"{relation}\" on [{words}]: expected \"substantially {relation}\" for '{found}', which "
                f"says by how much")
    return None


def claim_entry(entry, facts, comparisons, edition, policy):
    """(report fields, problems) of one claim span."""
    attributes = entry["attributes"]
    if attributes["claim"] in EXEMPT_CLAIMS:
        return exempt_claim(entry, attributes, policy)
    try:
        relation, _, verdict, status = judged_claim(attributes["claim"], facts, comparisons, policy)
    except ValueError as error:
        return {}, [f"claim=\"{attributes['claim']}\": {error}"]
    # A negation may stand just before the span: ZETA did not [significantly prolong ...].
    clause = re.split(r"[,;:.!?()]", entry["run"].text[:entry["start"]])[-1].split()[-3:]
    said = " ".join([*clause, entry["text"]])
    opposite = polarity_problem(relation, said, policy.negations) or \
        direction_problem(relation, said, policy.negations) or strength_problem(relation, entry["text"], policy.strength)
    if opposite:
        return {}, [opposite]
    several = policy.always_claims.findall(skeleton(entry["text"])[0]) if policy.always_claims else []
    if several and relation not in ("significant", "not significant"):
        return {}, [f"claim \"{attributes['claim']}\" on [{entry['text']}]: expected claim=\"significant: ...\" or "
                    f"\"not significant: ...\", since '{several[0]}' claims a significance"]
    if len(several) > 1:
        return {}, [f"claim \"{attributes['claim']}\" on [{entry['text']}]: expected one claim per span, found "
                    f"{len(several)} ('{several[0]}', '{several[1]}'): mark each with its own span"]
    fields = {"relation": relation, "values": verdict.values, "status": status, "because": ""}
    recorded = edition == "published" and attributes.get("corrected-claim") is not None
    if verdict.holds is None:
        return {**fields, "verdict": "undecided"}, [f"claim \"{attributes['claim']}\" on [{entry['text']}]: expected the data to decide it, "
                        f"found that the reported precision leaves it open ({verdict.values})"]
    if verdict.holds is False and not recorded:
        return {**fields, "verdict": "mismatch"}, [f"claim \"{attributes['claim']}\" on [{entry['text']}]: expected it to hold, found the data "
                        f"says otherwise ({verdict.values}); correct the words and keep the published ones as was= "
                        f"and was-claim="]
    fields["verdict"] = "holds" if verdict.holds else "discrepancy"
    problems = []
    if edition == "corrected" and attributes.get("was") is not None:
        problems = published_claim_problems(entry, attributes, facts, comparisons, policy, fields)
    return fields, problems


def published_claim_problems(entry, attributes, facts, comparisons, policy, fields):
    """A corrected claim keeps what the published text claimed; the data must contradict it."""
    was_claim = attributes.get("was-claim")
    if not was_claim:
        return [f"was=\"{attributes['was']}\" on the claim [{entry['text']}]: expected was-claim=\"...\" too, the "
                "relation the published words claimed"]
    try:
        _, _, verdict, _ = judged_claim(was_claim, facts, comparisons, policy)
    except ValueError as error:
        return [f"was-claim=\"{was_claim}\": {error}"]
    if verdict.holds is not False:
        return [f"was-claim=\"{was_claim}\" records a published claim the data does not contradict "
                f"({verdict.values}): remove was= and was-claim="]
    fields.update(verdict="corrected", was_claim=was_claim, was_values=verdict.values)
    return []


def correction_entry(entry, text_corrections, edition):
    """(report fields, problems) of a correction of words."""
    attributes = entry["attributes"]
    source = text_corrections.get(attributes["correction"])
    if source is None:
        known = ", ".join(sorted(text_corrections)) or "none yet"
        return {}, [f"correction={attributes['correction']}: expected a correction of data/corrections.csv "
                    f"({known}), found no such row"]
    if attributes.get("was") is None:
        return {}, [f"correction={attributes['correction']} on [{entry['text']}]: expected was=\"...\" with the "
                    "published words"]
    return {"verdict": "corrected" if edition == "corrected" else "discrepancy", "relation": "", "values": "",
            "because": source["note"], "status": source["status"], "ref": source["ref"],
            "ref_label": source["ref_label"], "location": source["location"]}, []


def judge_marks(reader, facts, comparisons, text_corrections, edition, policy):
    """(report entries of the claims and corrections of words, [(run, message, near)] problems)."""
    entries, problems = [], []
    for run in reader.runs if policy.claim_words else ():
        problems += [(run, message, near) for message, near in wording_problems(run, reader.marks, policy.claim_words,
                                                                                 policy.not_claims)]
    for mark in reader.marks:
        if mark["kind"] == "claim":
            fields, found = claim_entry(mark, facts, comparisons, edition, policy)
        else:
            fields, found = correction_entry(mark, text_corrections, edition)
        problems += [(mark["run"], message, mark["text"]) for message in found]
        if fields:
            entries.append({"id": mark["id"], "kind": mark["kind"], "line": mark["run"].line, "text": mark["text"],
                            "sentence": " ".join(mark["run"].text.split()), "edition_only": mark["edition_only"],
                            "claim": mark["attributes"].get("claim", ""), "was": mark["attributes"].get("was"),
                            "corrected_text": mark["attributes"].get("corrected"), **fields})
    return entries, problems
