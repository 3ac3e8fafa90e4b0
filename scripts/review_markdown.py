"""changes.md: a review's changes (changes.json) as Markdown to paste into a pull-request comment.

GitHub-flavoured Markdown: tables, and <details> for long lists. Every text from the data,
the bibliography or the manuscript is escaped, so a title with <script> or a | stays text.
With links=True, quotes link to their numbers in the redline (build/review/index.html), which
reads this same summary.
"""

import re

from review_facts import cause_text

SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&!$])")
LONG = 12  # lists longer than this are folded


def esc(text):
    return SPECIAL.sub(r"\\\1", " ".join(str(text).split())) if text is not None else "(none)"


def reported(state):
    """A fact's reported string with its unit: '24 wk', '33.3 months'."""
    return f"{state['text']} {state['unit']}".strip() if state else "(none)"


def source_of(state):
    return f"{state.get('ref_label')}, {state.get('location')}" if state else "(none)"


def fact_change(record):
    before, after = record["before"], record["after"]
    if before is None or after is None:
        state = after or before
        return f"{esc(reported(state))} · {esc(state['status'])}" + ("" if record["causes"] else "")
    parts = []
    if (before["text"], before["unit"], before["value"]) != (after["text"], after["unit"], after["value"]):
        parts.append(f"{esc(reported(before))} → {esc(reported(after))}")
    else:
        parts.append(esc(reported(after)))
    if before["status"] != after["status"]:
        parts.append(f"status {esc(before['status'])} → {esc(after['status'])}")
    # A derived fact's place says what it was computed from: its inputs' change is said already.
    if source_of(before) != source_of(after) and not (after.get("derived") and before["ref_label"] == after["ref_label"]):
        parts.append(f"source {esc(source_of(before))} → {esc(source_of(after))}")
    if before.get("derived") != after.get("derived"):
        parts.append("formula changed")
    return " · ".join(parts)


def verdicts(quote, known=True):
    """The check's verdicts before and after; before is unknown when BASE did not build."""
    before, after = quote.get("verdict_before"), quote.get("verdict_after")
    return f"{before or ('not quoted' if known else 'unknown')} → {after or 'not quoted'}"


def quote_text(quote, links, known=True):
    """One place that quotes a fact: where, its text before and after, the check's verdict."""
    if quote["kind"] == "figure1":
        return f"Figure 1, {esc(quote['row'])}: {esc(quote['before'])} → {esc(quote['after'])}"
    if quote["kind"] == "table1":
        where = f"{quote['edition']}: Table 1, {esc(quote.get('row'))} × {esc(quote.get('column'))}"
    else:
        line = quote.get("line_after") or quote.get("line_before")
        where = f"{quote['edition']}: line {line or '?'}"
    if links and quote.get("id") and quote["edition"] == "corrected":
        where = f"[{where}](#{quote['id']})"
    text = esc(quote.get("text_after") or quote.get("text_before"))
    if quote.get("text_before") and quote.get("text_after") and quote["text_before"] != quote["text_after"]:
        text = f"{esc(quote['text_before'])} → {esc(quote['text_after'])}"
    return f"{where} “{text}” ({verdicts(quote, known)})"


def folded(lines, summary):
    if len(lines) <= LONG:
        return lines
    return ["<details><summary>" + summary + "</summary>", "", *lines, "", "</details>"]


def facts_section(facts, links):
    out = []
    for title, records in (("Numbers that changed", facts["changed"]), ("Numbers added", facts["added"]),
                           ("Numbers removed", facts["removed"])):
        if not records:
            continue
        note = "" if facts["complete"] else " (BASE did not build: the facts its changed sources feed, as they are now)"
        out += [f"### {title}{note}", "", "| Fact | Reported | Cause | Quoted in |", "|---|---|---|---|"]
        for record in records:
            quotes = "<br>".join(quote_text(q, links, facts["complete"]) for q in record["quotes"]) or "not quoted"
            causes = "<br>".join(esc(text) for text in record["cause_text"])
            out.append(f"| `{record['key']}`<br>{esc(record['description'])} | {fact_change(record)} | {causes} "
                       f"| {quotes} |")
        out.append("")
    return out


def marked(diff):
    """A sentence's change inline: <del>deleted</del> <ins>inserted</ins> (GitHub shows both)."""
    # HTML tags rather than ~~ and **, which GitHub ignores next to a letter ("Gastroenterol**[6]**").
    wrap = {"=": "{}", "-": "<del>{}</del>", "+": "<ins>{}</ins>"}
    parts = []
    for operation, text in diff:
        # Markers must touch the words they mark; the space after them stays outside.
        parts.append(wrap[operation].format(esc(text.strip())) + (" " if text != text.rstrip() else ""))
    return "".join(parts).strip()


def renumbering(moves):
    """[6]–[22] → [7]–[23] for runs shifted alike, one move at a time otherwise."""
    runs = []
    for move in sorted(moves, key=lambda m: m["before"]):
        last = runs[-1] if runs else None
        if last and move["before"] == last[-1]["before"] + 1 and \
                move["after"] - move["before"] == last[-1]["after"] - last[-1]["before"]:
            last.append(move)
        else:
            runs.append([move])
    return ", ".join(f"[{r[0]['before']}] → [{r[0]['after']}]" if len(r) == 1 else
                     f"[{r[0]['before']}]–[{r[-1]['before']}] → [{r[0]['after']}]–[{r[-1]['after']}]" for r in runs)


def sentence_lines(result):
    lines = []
    seen = set()
    for change in result["sentences"]:
        marker = (change["before"], change["after"])
        if change["edition"] == "published" and marker in seen:
            continue  # said for the corrected edition already
        seen.add(marker)
        where = f"line {change['line_before'] or '–'} → {change['line_after'] or '–'}"
        if change["edition"] == "published":
            where += " (published edition)"
        lines.append(f"- {where}: {marked(change['diff'])}")
    return lines


def text_sections(result, links):
    out = []
    if result["rebound"]:
        out += ["### Numbers tied to another fact", ""]
        said = set()
        for q in result["rebound"]:
            marker = (q["text_before"], q["fact_before"], q["text_after"], q["fact_after"], verdicts(q))
            if q["edition"] == "published" and marker in said:
                continue  # as in the corrected edition
            said.add(marker)
            out.append(f"- {q['edition']}, line {q.get('line_after') or '?'}: “{esc(q['text_before'])}” "
                       f"`{q['fact_before']}` → “{esc(q['text_after'])}” `{q['fact_after']}` ({verdicts(q)})")
        out.append("")
    sentences = sentence_lines(result)
    if sentences:
        out += ["### Sentences changed", "", *folded(sentences, f"{len(sentences)} sentences"), ""]
    if result["table1"]:
        out += ["### Table 1, by cell", ""]
        out += [f"- {esc(c['row'])} × {esc(c['column'])}: {esc(c['before'])} → {esc(c['after'])}"
                for c in result["table1"]] + [""]
    if result["figure1"]:
        out += ["### Figure 1, by row", ""]
        out += [f"- {esc(r['row'])} ({esc(r['group'])}): {esc(r['before'])} → {esc(r['after'])}"
                + (f" ({', '.join(r['fields'])})" if r["fields"] else "") for r in result["figure1"]] + [""]
    return out


def listing_sections(result):
    out, refs = [], result["references"]
    def numbered(reference):
        return esc(f"[{reference['number']}]") if reference["number"] else "not cited"

    items = [f"- added: @{esc(r['key'])} ({esc(r['label'])}), now {numbered(r)}" for r in refs["added"]]
    items += [f"- removed: @{esc(r['key'])} ({esc(r['label'])}), was {numbered(r)}" for r in refs["removed"]]
    items += [f"- record changed: @{esc(c['key'])} ({esc(', '.join(c['fields']))})" for c in refs["changed"]]
    if refs["renumbered"]:
        moves = renumbering(refs["renumbered"])
        items.append(f"- renumbered because {refs['renumbered_because']}: {len(refs['renumbered'])} "
                     f"references ({moves}); their citations are not marked in the text")
    if items:
        out += ["### References", "", *items, ""]
    for title, section, show_item in (
            ("Exemptions", result["exemptions"],
             lambda x: f"{x['edition']}, line {x['line'] or '?'}: “{esc(x['text'])}” ({esc(x['reason'])})"),
            ("Corrections of the published text", result["corrections"],
             lambda x: f"`{x['fact']}`: published “{esc(x['was'])}”, corrected to “{esc(x['text'])}”")):
        items = [f"- {direction}: {show_item(x)}" for direction in ("added", "removed") for x in section[direction]]
        if items:
            out += [f"### {title}", "", *items, ""]
    return out


def sources_section(result):
    source = result["sources"]
    items = [f"- {esc(cause_text(change))}" for kind in ("data", "derived", "references", "config")
             for change in source[kind]]
    items += [f"- code: {esc(c['file'])} {c['change']}" for c in source["code"]]
    items += [f"- {esc(c['file'])} {c['change']}" for c in source["other"]]
    out = ["### Files that changed", "", *folded(items, f"{len(items)} changes"), ""] if items else []
    outputs = result["outputs"]
    if outputs["unknown"]:
        out += ["### Outputs", "", "BASE did not build: which outputs changed is unknown.", ""]
    else:
        items = [f"- {kind}: {esc(path)}" for kind in ("changed", "added", "removed") for path in outputs[kind]]
        out += ["### Outputs whose bytes changed", "", *(items or ["none"]), ""]
    return out


def header(result):
    base, tree = result["base"], result["working_tree"]
    out = [f"## Review: {base['commit'][:12]} ({esc(base['rev'])}) → working tree", ""]
    workflow = "its own workflow" if base["workflow"] == "its own" else "the workflow given (--snakefile)"
    out.append(f"BASE {base['commit'][:12]} “{esc(base['subject'])}”, built with {workflow} and this environment."
               if base["built"] else
               f"**BASE {base['commit'][:12]} does not build**, so the review lists only what it can without its "
               "outputs. Its errors:")
    out += [f"    {line}" for line in base["errors"]]
    if any(change["file"] == "requirements.lock" for change in result["sources"]["code"]):
        out.append("")
        out.append("BASE pins other package versions (requirements.lock differs): it was built with this "
                   "environment's, so an output may differ for that reason too.")
    out.append("")
    facts = result["facts"]
    counts = [f"{len(facts['changed'])} numbers changed", f"{len(facts['added'])} added",
              f"{len(facts['removed'])} removed", f"{len(sentence_lines(result))} sentences changed",
              f"{len(result['references']['added'])} references added",
              f"{len(result['outputs']['changed'])} outputs changed"]
    out += ["Working tree: HEAD " + tree["head"][:12] + (", with uncommitted changes." if tree["modified"] else "."),
            "", "**" + " · ".join(counts) + "**", ""]
    return out


def markdown(result, links=False):
    lines = header(result) + facts_section(result["facts"], links) + text_sections(result, links) \
        + listing_sections(result) + sources_section(result)
    return "\n".join(lines).rstrip() + "\n"
