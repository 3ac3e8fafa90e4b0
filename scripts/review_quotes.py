"""Where the text quotes each fact, before and after, in one edition; what else the text changed.

The two versions of an edition are aligned (review_align.py); a number span of the old text
and one of the new text are the same quote when the alignment paired them, so each quote has
its sentence (or Table 1 cell), line and verdict before and after. A pair whose fact keys differ
is a number tied to another fact. Sentences get their source lines the way the number check
finds them (source_lines.py: the words of the line, in order).
"""

import re
from collections import Counter

from source_lines import SourceLines, words

TABLE_PATH = re.compile(r"Table\[\d+\]/row\[(\d+)\]/cell\[(\d+)\]")


def by_id(report):
    return {entry["id"]: entry for entry in (report or {}).get("numbers", [])}


def pair_maps(merger):
    """({old span id: new span id}, {new: old}) of the number spans the alignment paired."""
    forward, backward = {}, {}
    for old, new in merger.fact_pairs:
        if old is not None and new is not None:
            forward[old.identifier], backward[new.identifier] = new.identifier, old.identifier
    return forward, backward


def table_place(entry, table):
    """(row, column) of a Table 1 cell's number, named by the trial and the column heading."""
    found = TABLE_PATH.search(entry.get("path") or "")
    if not found or not table:
        return None, None
    row, cell = int(found[1]) - 1, int(found[2])  # row 0 is the heading row
    if not (0 <= row < len(table["rows"]) and cell < len(table["columns"])):
        return None, None
    name = re.sub(r"\[@[^\]]*\]", "", table["rows"][row][0]).strip()
    return name, table["columns"][cell]


def quote(edition, old, new, tables):
    """One quote of a fact: where, and its text, sentence and verdict before and after."""
    some = new or old
    kind = "table1" if TABLE_PATH.search(some.get("path") or "") else "sentence"
    record = {"edition": edition, "kind": kind, "section": some.get("section")}
    if kind == "table1":
        row, column = table_place(some, tables["new" if new else "old"])
        record.update(row=row, column=column)
    for side, entry in (("before", old), ("after", new)):
        record[f"line_{side}"] = entry.get("line") if entry else None
        record[f"text_{side}"] = entry.get("text") if entry else None
        record[f"sentence_{side}"] = entry.get("sentence") if entry else None
        record[f"verdict_{side}"] = entry.get("verdict") if entry else None
        record[f"fact_{side}"] = entry.get("fact") if entry else None
    record["id"] = new["id"] if new else None
    return record


def quotes_of(key, edition, reports, maps, tables):
    """Every quote of the fact key in an edition, old and new paired."""
    old_by_id, new_by_id = by_id(reports["old"]), by_id(reports["new"])
    forward, backward = maps
    found, used = [], set()
    for entry in (reports["new"] or {}).get("numbers", []):
        partner = old_by_id.get(backward.get(entry["id"]))
        if entry.get("fact") == key or (partner and partner.get("fact") == key):
            found.append(quote(edition, partner, entry, tables))
            used.add(partner["id"] if partner else None)
    for entry in (reports["old"] or {}).get("numbers", []):
        if entry.get("fact") == key and entry["id"] not in used and forward.get(entry["id"]) not in new_by_id:
            found.append(quote(edition, entry, None, tables))
    return found


def figure_rows(key, forest):
    return {(row["trial"], row["endpoint"], row.get("comparison", ""), row.get("group", "")): row
            for row in (forest or {}).get("rows", [])
            if key in (row.get("estimate_key"), row.get("lower_key"), row.get("upper_key"))}


def figure_quotes(key, old_forest, new_forest):
    old, new = figure_rows(key, old_forest), figure_rows(key, new_forest)
    quotes = []
    for row_key in sorted(set(old) | set(new)):
        some = new.get(row_key) or old.get(row_key)
        name = " ".join(part for part in (some["name"], some["endpoint"], some.get("comparison")) if part)
        quotes.append({"kind": "figure1", "row": name, "group": some.get("group"),
                       "before": old[row_key]["label"] if row_key in old else None,
                       "after": new[row_key]["label"] if row_key in new else None})
    return quotes


def rebound(edition, merger, reports):
    """Numbers of the prose now tied to another fact than before."""
    old_by_id, new_by_id = by_id(reports["old"]), by_id(reports["new"])
    found = []
    for old, new in merger.fact_pairs:
        if old is None or new is None or old.key[1] == new.key[1]:
            continue
        before, after = old_by_id.get(old.identifier), new_by_id.get(new.identifier)
        if before and after:
            found.append(quote(edition, before, after, {"old": None, "new": None}))
    return found


def search_words(tokens):
    """The words to find a sentence's source line by: its words, numbers and cited keys."""
    found = []
    for token in tokens:
        if token.kind == "cite":
            for citation in token.inline["c"][0]:
                found += words(citation["citationId"])
        elif token.kind == "crossref":
            found += words(token.inline["c"][2][0].lstrip("#"))
        else:
            found += words(token.text)
    return found


def sentence_changes(edition, merger, sources):
    """Every changed sentence of the prose, with its text and source line before and after."""
    finders = {side: SourceLines(sources[side] or "") for side in ("old", "new")}
    changes, section = [], None
    for sentence in merger.sentences:
        lines = {}
        for side in ("old", "new"):
            tokens = sentence[side]
            found = finders[side].find(search_words(tokens)) if tokens and sentence["prose"] else None
            lines[side] = found[0] if found else None
        if sentence.get("heading"):
            section = sentence["heading"]
        if not sentence["changed"] or not sentence["prose"]:
            continue
        text = {side: text_of(sentence[side]) for side in ("old", "new")}
        changes.append({"edition": edition, "section": section, "line_before": lines["old"],
                        "line_after": lines["new"], "before": text["old"], "after": text["new"],
                        "diff": word_diff(sentence["old"] or [], sentence["new"] or []), "id": sentence.get("id")})
    return changes


def word_diff(old, new):
    """[[op, text]] with op '=', '-' or '+': the sentence's change token by token, spaces kept.

    Tokens compare as in the redline, so a citation renumbered but citing the same work is no change.
    """
    from difflib import SequenceMatcher

    segments = []

    def add(operation, tokens):
        piece = "".join(token.text + (" " if token.trail else "") for token in tokens)
        if not piece:
            return
        if segments and segments[-1][0] == operation:
            segments[-1][1] += piece
        else:
            segments.append([operation, piece])

    matcher = SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False)
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2]):
                if a.kind == "fact" and a.text != b.text:  # the same number, a new value: 33.8 mo -> 33.9 mo
                    add("-", [a])
                    add("+", [b])
                else:
                    add("=", [b])
        else:
            add("-", old[i1:i2])
            add("+", new[j1:j2])
    return segments


def text_of(tokens):
    from review_tokens import text_of as joined

    return joined(tokens) if tokens is not None else None


def exemption_changes(edition, reports):
    """Exempt numbers added or removed (by reason and text: an edit around one is no change)."""
    def exempt(report):
        return [entry for entry in (report or {}).get("numbers", []) if entry.get("verdict") == "exempt"]

    old, new = exempt(reports["old"]), exempt(reports["new"])
    counts = {side: Counter((e.get("reason"), e["text"]) for e in entries) for side, entries in
              (("old", old), ("new", new))}
    result = {"added": [], "removed": []}
    for direction, entries, mine, other in (("added", new, "new", "old"), ("removed", old, "old", "new")):
        surplus = counts[mine] - counts[other]
        for entry in entries:
            marker = (entry.get("reason"), entry["text"])
            if surplus[marker] > 0:
                surplus[marker] -= 1
                result[direction].append({"edition": edition, "text": entry["text"], "reason": entry.get("reason"),
                                          "line": entry.get("line"), "sentence": entry.get("sentence")})
    return result


def correction_changes(reports):
    """Corrections of the published text added or removed (corrected edition)."""
    def corrections(report):
        numbers = by_id(report)
        return {(numbers[i]["fact"], numbers[i].get("was"), numbers[i]["text"]): numbers[i]
                for i in (report or {}).get("corrections", []) if i in numbers}

    old, new = corrections(reports["old"]), corrections(reports["new"])
    def listed(keys, side):
        return [{"fact": key[0], "was": key[1], "text": key[2], "line": side[key].get("line")} for key in sorted(keys)]
    return {"added": listed(set(new) - set(old), new), "removed": listed(set(old) - set(new), old)}
