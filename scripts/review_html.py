"""The merged AST of a review (review_align.py) made ready for pandoc's HTML writer.

Deletions and insertions become <del> and <ins>; a number whose text changed reads
"33.3 → 33.4" and is focusable, with its cause and the check's verdicts in a tooltip (as the
article's numbers show their sources); a number whose fact changed under an unchanged text is
marked too. Each sentence keeps the id the article gives it, and says whether it changed and
whether a number in it did (the "numbers only" view shows those). Unchanged paragraphs are
folded into <details>, which keyboards and screen readers open like any disclosure.
"""

import html
import json

NUMBER_MARKERS = ("rl-num", "rl-fact-changed", "rl-fact-moved", "rl-fact-marked")
CHANGE_MARKERS = ("<del>", "<ins>", "review-row-", "rl-num", "rl-fact-changed", "rl-fact-moved", "rl-figure-changed")


def raw(text):
    return {"t": "RawInline", "c": ["html", text]}


def raw_block(text):
    return {"t": "RawBlock", "c": ["html", text]}


def classes(element):
    return element["c"][0][1] if element["t"] in ("Span", "Div") else []


def attribute(element, name):
    return dict(element["c"][0][2]).get(name)


class Transform:
    """Walks the merged AST; context: the review's facts, the two reports and the alignment's pairs."""

    def __init__(self, changes, reports, merger):
        self.facts = {record["key"]: record for kind in ("changed", "added", "removed")
                      for record in changes["facts"][kind]}
        self.verdicts = {side: {e["id"]: e for e in (reports[side] or {}).get("numbers", [])} for side in reports}
        self.paired = {new.identifier: old for old, new in merger.fact_pairs if old is not None and new is not None}
        self.marked = 0  # inside a deletion or insertion: a number there was deleted or inserted whole
        self.deleted = 0  # inside a deletion: identifiers that the new text uses are the new text's
        self.new_ids = merger.new_ids

    # -- inlines --------------------------------------------------------------------------------

    def inlines(self, inlines):
        out = []
        for element in inlines:
            out.extend(self.inline(element))
        return out

    def inline(self, element):
        kind = element["t"]
        if kind == "Span":
            return self.span(element)
        if kind in ("Emph", "Strong", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            return [{"t": kind, "c": self.inlines(element["c"])}]
        if kind == "Quoted":
            return [{"t": kind, "c": [element["c"][0], self.inlines(element["c"][1])]}]
        if kind == "Link":
            return [{"t": kind, "c": [element["c"][0], self.inlines(element["c"][1]), element["c"][2]]}]
        return [element]

    def span(self, element):
        names = classes(element)
        if "review-del" in names or "review-ins" in names:
            tag = "del" if "review-del" in names else "ins"
            self.marked += 1
            self.deleted += tag == "del"
            inner = self.inlines(element["c"][1])
            self.marked -= 1
            self.deleted -= tag == "del"
            if all(child["t"] in ("Space", "SoftBreak") for child in element["c"][1]):
                return [] if tag == "del" else inner  # a changed space is no change a reader sees
            after = []
            while inner and inner[-1]["t"] in ("Space", "SoftBreak"):
                after = [inner.pop()]  # "<del>failed to</del> <ins>did not</ins> meet": the space outside
            return [raw(f"<{tag}>"), *inner, raw(f"</{tag}>"), *after]
        if "review-sentence" in names:
            inner = self.inlines(element["c"][1])
            state = names[1]
            marks = ["rl-s", f"rl-{state}"]
            if any(marker in json.dumps(inner) for marker in NUMBER_MARKERS):
                marks.append("rl-numbers")
            return [{"t": "Span", "c": [[element["c"][0][0], marks, []], inner]}]
        if "review-fact" in names:
            return self.number_change(element)
        if attribute(element, "fact") is not None:
            return self.fact(element)
        if names:  # citeproc's spans (a reference's number and text), small caps...: kept
            return [{"t": "Span", "c": [element["c"][0], self.inlines(element["c"][1])]}]
        # Exempt numbers, one edition's text, generated labels: their text, as in the article.
        return self.inlines(element["c"][1])

    def fact(self, element):
        identifier, key = element["c"][0][0], attribute(element, "fact")
        if self.deleted and identifier in self.new_ids:
            identifier = "was-" + identifier
        record = self.facts.get(key)
        old = self.paired.get(identifier)
        if old is not None and old.key[1] != key:
            tip = (f"now tied to {self.fact_value('new', identifier, key)}, was "
                   f"{self.fact_value('old', old.identifier, old.key[1])} · check: "
                   f"{self.verdict('old', old.identifier)} → {self.verdict('new', identifier)}")
            return self.tooltipped(identifier, key, "rl-fact-moved", self.inlines(element["c"][1]), tip)
        if self.marked or old is None or record is None or record["before"] is None or record["after"] is None:
            kinds = ["rl-fact", "rl-fact-marked"] if self.marked else ["rl-fact"]
            return [{"t": "Span", "c": [[identifier, kinds, [["data-fact", key]]], self.inlines(element["c"][1])]}]
        tip = (f"the data changed, this text did not: {record['description']} ({key}): {change_of(record)} · cause: "
               f"{'; '.join(record['cause_text'])} · check: {self.verdict('old', old.identifier)} → "
               f"{self.verdict('new', identifier)}")
        return self.tooltipped(identifier, key, "rl-fact-changed", self.inlines(element["c"][1]), tip)

    def number_change(self, element):
        key = attribute(element, "fact")
        old_span, new_span = element["c"][1]
        identifier, old_id = element["c"][0][0], attribute(element, "old-id")
        record = self.facts.get(key)
        if record and record["before"] and record["after"]:
            why = f"{record['description']} ({key}): {change_of(record)} · cause: {'; '.join(record['cause_text'])}"
        else:
            why = f"the text changed, its fact did not ({key})"
        tip = f"{why} · check: {self.verdict('old', old_id)} → {self.verdict('new', identifier)}"
        shown = [raw("<del>"), *self.inlines(old_span["c"][1]), raw('</del><span aria-hidden="true"> → </span><ins>'),
                 *self.inlines(new_span["c"][1]), raw("</ins>")]
        return self.tooltipped(identifier, key, "rl-num", shown, tip)

    def fact_value(self, side, identifier, key):
        """'key (description: 2.3 months)' from a report's entry of the number."""
        entry = self.verdicts[side].get(identifier)
        if not entry:
            return key
        return f"{key} ({entry['description']}: {entry['fact_text']} {entry['fact_unit']})".replace(" )", ")")

    def verdict(self, side, identifier):
        entry = self.verdicts[side].get(identifier)
        return entry["verdict"] if entry else "not quoted"

    @staticmethod
    def tooltipped(identifier, key, kind, shown, tip):
        opening = (f'<span id="{html.escape(identifier)}" class="{kind}" tabindex="0" data-fact="{html.escape(key)}" '
                   f'aria-describedby="c-{html.escape(identifier)}">')
        closing = f'<span class="rl-tip" id="c-{html.escape(identifier)}" role="tooltip">{html.escape(tip)}</span></span>'
        return [raw(opening), *shown, raw(closing)]

    # -- blocks ---------------------------------------------------------------------------------

    def blocks(self, blocks):
        """Blocks made ready, unchanged ones folded (see fold())."""
        return fold([self.block(block) for block in blocks])

    def children(self, blocks):
        return [self.block(block) for block in blocks]

    def block(self, block):
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            return {"t": kind, "c": self.inlines(content)}
        if kind == "Header":
            return {"t": kind, "c": [content[0], content[1], self.inlines(content[2])]}
        if kind == "Div":
            return {"t": "Div", "c": [content[0], self.children(content[1])]}
        if kind == "BlockQuote":
            return {"t": kind, "c": self.children(content)}
        if kind == "BulletList":
            return {"t": kind, "c": [self.children(item) for item in content]}
        if kind == "OrderedList":
            return {"t": kind, "c": [content[0], [self.children(item) for item in content[1]]]}
        if kind == "Table":
            return self.table(block)
        if kind == "Figure":
            attr, caption, body = content
            return {"t": "Figure", "c": [attr, [caption[0], [self.block(b) for b in caption[1]]], body]}
        return block

    def table(self, block):
        attr, caption, specs, head, bodies, foot = block["c"]

        def rows(rows_):
            return [[row[0], [[cell[0], cell[1], cell[2], cell[3], [self.block(b) for b in cell[4]]]
                              for cell in row[1]]] for row in rows_]

        return {"t": "Table", "c": [attr, [caption[0], [self.block(b) for b in caption[1]]], specs,
                                    [head[0], rows(head[1])],
                                    [[body[0], body[1], rows(body[2]), rows(body[3])] for body in bodies], foot]}


def change_of(record):
    before, after = record["before"], record["after"]
    text = f"{before['text']} {before['unit']}".strip() + " → " + f"{after['text']} {after['unit']}".strip()
    if before["status"] != after["status"]:
        text += f", {before['status']} → {after['status']}"
    if (before["ref_label"], before["location"]) != (after["ref_label"], after["location"]):
        text += f", source {before['ref_label']}, {before['location']} → {after['ref_label']}, {after['location']}"
    return text


def changed(block):
    text = json.dumps(block)
    return any(marker in text for marker in CHANGE_MARKERS)


def fold(blocks):
    """Runs of unchanged blocks (headings stay in view) folded into <details>, within changed sections too."""
    out, run = [], []

    def flush():
        if run:
            count = sum(leaves(block) for block in run)
            noun = "paragraph" if count == 1 else "paragraphs"
            out.append(raw_block(f'<details class="rl-fold"><summary>{count} unchanged {noun}</summary>'))
            out.extend(run)
            out.append(raw_block("</details>"))
            run.clear()

    for block in blocks:
        if block["t"] == "Div" and changed(block):
            flush()  # a changed section: fold within it
            out.append({"t": "Div", "c": [block["c"][0], fold(block["c"][1])]})
        elif block["t"] in ("Header", "RawBlock") or changed(block):
            flush()
            out.append(block)
        else:
            run.append(block)
    flush()
    return out


def leaves(block):
    """How many paragraphs (or tables, figures) a block holds, for the fold's summary."""
    kind = block["t"]
    if kind == "Div":
        return sum(leaves(child) for child in block["c"][1]) or 1
    if kind in ("BulletList", "OrderedList"):
        items = block["c"] if kind == "BulletList" else block["c"][1]
        return sum(leaves(child) for item in items for child in item) or 1
    return 1
