"""Audit a rendered output: every numeral readers see must come from what the check saw.

A belt to the braces of the number check: the check reads the AST that the
renderings render, but templates and filters add text of their own. This
reads the visible text of the HTML (its body, without markup) or the text of
the PDF and counts every numeral in it; each must be accounted for by the
checked AST (prose, facts, citations, Table 1, the reference list), by what
the filters show from the check's report (tooltips, corrections), by the
typed fields of the bibliographic record (a DOI, a page, a date) or, in the
PDF, by page numbers. A numeral seen more often than that is an error.
"""

import re
from collections import Counter

from pandoc_ast import inline_text

# A numeral in this audit: a run of digits of any script, or one other numeric character (², ½, Ⅲ).
NUMERAL = re.compile(r"\d+|[^\W\d_]")


def tokens(text):
    return [token for token in NUMERAL.findall(text or "") if token.isnumeric()]


def block_texts(blocks):
    """Every text a reader may see in a list of blocks (walking all of pandoc's block types)."""
    for block in blocks:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            yield inline_text(content) + "".join(note_texts(content))
        elif kind == "Header":
            yield inline_text(content[2])
        elif kind in ("BlockQuote",):
            yield from block_texts(content)
        elif kind in ("BulletList",):
            for item in content:
                yield from block_texts(item)
        elif kind == "OrderedList":
            for item in content[1]:
                yield from block_texts(item)
        elif kind == "DefinitionList":
            for term, definitions in content:
                yield inline_text(term)
                for definition in definitions:
                    yield from block_texts(definition)
        elif kind == "LineBlock":
            for line in content:
                yield inline_text(line)
        elif kind == "Div":
            yield from block_texts(content[1])
        elif kind == "Figure":
            yield from block_texts(content[1][1])
        elif kind == "Table":
            yield from table_texts(content)


def note_texts(inlines):
    for element in inlines:
        if element["t"] == "Note":
            yield " " + " ".join(block_texts(element["c"]))


def table_texts(content):
    _, caption, _, head, bodies, foot = content
    yield from block_texts(caption[1])
    rows = list(head[1]) + [row for body in bodies for row in body[2] + body[3]] + list(foot[1])
    for row in rows:
        for cell in row[1]:
            yield from block_texts(cell[4])


def allowed_numerals(ast, report, references_numbered, shown):
    """(counts of numerals the check saw or the filters show from its report, numerals of typed fields)."""
    counts = Counter()
    for text in block_texts(ast["blocks"]):
        counts.update(tokens(text))
    if "title" in ast["meta"] and ast["meta"]["title"]["t"] == "MetaInlines":
        counts.update(tokens(inline_text(ast["meta"]["title"]["c"])) * 3)  # page title, heading, running head
    statements = report.get("claims", [])
    by_id = {entry["id"]: entry for entry in [*report["numbers"], *statements]}
    shown_entries = [entry for entry in [*report["numbers"], *statements] if entry["verdict"] != "exempt"]
    shown_entries += [by_id[identifier] for identifier in report["corrections"]]
    for entry in shown_entries:
        # What the filters show of an entry: its tooltip and its line in the corrections.
        for field in ("description", "fact_text", "ref_label", "location", "was", "corrected_text", "text", "values",
                      "was_values", "because", "relation", "was_claim"):
            counts.update(tokens(entry.get(field)))
        counts.update(tokens(str(references_numbered.get(entry.get("ref"), ""))))
        # Corrected words show their published words with the citations as numbers.
        counts.update(str(number) for key, number in references_numbered.items() if f"@{key}" in (entry.get("was") or ""))
    typed = set()
    for value in shown.values():
        for text in value if isinstance(value, list) else [value]:
            typed.update(tokens(str(text)))
    return counts, typed


def html_numerals(html):
    import lxml.html

    root = lxml.html.fromstring(html)
    body = root.find("body")
    for element in body.iter("script", "style"):
        element.drop_tree()
    return Counter(tokens(body.text_content()))


def pdf_numerals(pdf):
    """(counts of the numerals in the PDF's text, its number of pages), read with PDFium."""
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    texts = [document[index].get_textpage().get_text_bounded() for index in range(len(document))]
    return Counter(token for text in texts for token in tokens(text)), len(texts)


def audit(found, allowed, typed, output, extra_allowed=()):
    """Problems: each numeral the output shows more often than the checked sources account for."""
    problems = []
    for token, count in sorted(found.items()):
        if token in typed or token in extra_allowed or count <= allowed[token]:
            continue
        problems.append(f"{output}: shows '{token}' {count} times, but the checked text, its report and the record "
                        f"account for {allowed[token]}: a template or filter put a number before readers that no "
                        "check saw")
    return problems
