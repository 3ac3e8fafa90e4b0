"""Write the review's redline of the corrected edition: build/review/index.html.

One self-contained page: the summary of changes.json (the same Markdown as changes.md, with
links to the numbers), then the editorial aligned by sentence with deleted and inserted words
marked, numbers and citations compared whole, Table 1 changed by cell, Figure 1's changed rows
listed under it, unchanged paragraphs folded, and a "numbers only" view (radio buttons and
CSS: no script). When BASE did not build, the manuscript's source lines are compared instead.

Usage: python scripts/review_redline.py build/review/base --changes build/review/changes.json
       --output build/review/index.html   (run in the project folder)
"""

import argparse
import html
import json
import subprocess
from pathlib import Path

import review_sources as sources
from common import BuildError, fail_cleanly, write_atomic
from read_manuscript import pandoc_path
from review_align import merge_document
from review_html import Transform, fold, raw_block
from review_inputs import load_sides
from review_markdown import markdown

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
VIEW_SWITCH = """<fieldset class="rl-view"><legend>Show</legend>
<input type="radio" name="rl-view" id="rl-view-all" checked /><label for="rl-view-all">the whole text</label>
<input type="radio" name="rl-view" id="rl-view-numbers" /><label for="rl-view-numbers">numbers only</label>
</fieldset>"""
LEGEND = ("<p class=\"rl-legend\">Deleted words are <del>struck through</del>, inserted words "
          "<ins>underlined</ins>. A number tied to the data is one token: when its text changed it reads "
          "<span class=\"rl-example\">old → new</span>; hover over it or reach it with the Tab key for its fact, "
          "the cause and the check's verdict before and after. A dotted frame marks a number whose data changed "
          "under an unchanged text. Citations show their new labels; a renumbering is listed once, above. "
          "Unchanged paragraphs are folded: open them with Enter.</p>")


def pandoc_json(args, stdin):
    result = subprocess.run([pandoc_path(), *args, "--to", "json"], input=stdin, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError("build/review", f"pandoc could not read the summary: {result.stderr.strip()}")
    return json.loads(result.stdout)


def summary_blocks(changes):
    """changes.md's text (with links into the page), as pandoc blocks; its heading ids made the summary's own."""
    blocks = pandoc_json(["--from", "gfm"], markdown(changes, links=True))["blocks"]
    if blocks and blocks[0]["t"] == "Header":
        blocks[0]["c"][2] = [{"t": "Str", "c": "Summary"}]  # the page's title says what changes.md's first line does
    for block in blocks:
        if block["t"] == "Header":
            block["c"][1][0] = "summary-" + block["c"][1][0]
    return blocks


def scrollable(blocks, label):
    """Tables in a focusable region that scrolls sideways on a small screen (keyboard users can scroll it too)."""
    out = []
    for block in blocks:
        if block["t"] == "Table":
            block = {"t": "Div", "c": [["", ["rl-scroll"], [["tabindex", "0"], ["role", "region"],
                                                              ["aria-label", label]]], [block]]}
        elif block["t"] == "Div":
            block = {"t": "Div", "c": [block["c"][0], scrollable(block["c"][1], label)]}
        out.append(block)
    return out


def figure_rows(changes):
    """Figure 1's changed rows, as a table to read beside the new figure."""
    rows = changes["figure1"]
    if not rows:
        return []
    body = "".join(f'<tr><th scope="row">{html.escape(r["row"])}</th><td>{html.escape(r["group"] or "")}</td>'
                   f'<td><span class="rl-s rl-numbers">{mark(r["before"], r["after"])}</span></td></tr>'
                   for r in rows)
    return [raw_block('<table class="rl-figure-rows"><caption>Figure 1, the rows that changed</caption>'
                      "<thead><tr><th scope=\"col\">Row</th><th scope=\"col\">Group</th>"
                      f"<th scope=\"col\">Hazard ratio (CI)</th></tr></thead><tbody>{body}</tbody></table>")]


def mark(before, after):
    if before == after:
        return html.escape(after or "")
    parts = [f"<del>{html.escape(before)}</del>" if before else "", f"<ins>{html.escape(after)}</ins>" if after else ""]
    return '<span aria-hidden="true"> → </span>'.join(part for part in parts if part)


def corrections(reports):
    """The corrections list, as facts.lua writes it in the article, compared."""
    def listed(report):
        numbers = {e["id"]: e for e in (report or {}).get("numbers", [])}
        return {(numbers[i]["fact"], numbers[i]["was"], numbers[i]["text"]): numbers[i]
                for i in (report or {}).get("corrections", []) if i in numbers}

    old, new = listed(reports["old"]), listed(reports["new"])
    items = []
    for key in sorted(set(old) | set(new)):
        entry = new.get(key) or old[key]
        text = html.escape(f"Published “{entry['was']}”, corrected to “{entry['text']}”: {entry['description']}")
        tag = "ins" if key not in old else "del" if key not in new else None
        items.append(f"<li>{f'<{tag}>{text}</{tag}>' if tag else text}</li>")
    if not items:
        return []
    return [raw_block('<h2 id="corrections-to-the-published-version">Corrections to the published version</h2>'),
            raw_block("<ul class=\"rl-corrections\">" + "".join(items) + "</ul>")]


def fill(blocks, changes, reports):
    """The generated parts: Figure 1's rows under the figure, the corrections in their place."""
    out = []
    for block in blocks:
        if block["t"] == "Div" and block["c"][0][0] == "corrections":
            out.extend(corrections(reports))
            continue
        if block["t"] == "Div":
            block = {"t": "Div", "c": [block["c"][0], fill(block["c"][1], changes, reports)]}
        if block["t"] == "Figure" and figure_rows(changes):
            attr = block["c"][0]
            # The figure was drawn anew: shown, not folded, with its changed rows under it.
            block = {"t": "Figure", "c": [[attr[0], attr[1] + ["rl-figure-changed"], attr[2]], *block["c"][1:]]}
            out.extend([block, *figure_rows(changes)])
            continue
        out.append(block)
    return out


def source_document(text):
    """The manuscript's source as paragraphs of lines (for a BASE that did not build)."""
    blocks, lines = [], []
    for line in (text or "").splitlines() + [""]:
        if line.strip():
            lines.append(line)
            continue
        if lines:
            inlines = []
            for number, source in enumerate(lines):
                if number:
                    inlines.append({"t": "SoftBreak"})
                for index, word in enumerate(source.split()):
                    inlines += ([{"t": "Space"}] if index else []) + [{"t": "Str", "c": word}]
            blocks.append({"t": "Para", "c": inlines})
        lines = []
    return {"pandoc-api-version": [1, 23, 1], "meta": {}, "blocks": blocks}


def redline_blocks(status, old, new, changes):
    edition = "corrected"
    reports = {"old": old.report(edition) if old else None, "new": new.report(edition)}
    if old is not None and edition in old.asts:
        merged, merger = merge_document(old.asts[edition], new.asts[edition])
        heading = "The corrected edition, BASE → working tree"
        blocks = fold(scrollable(fill(Transform(changes, reports, merger).children(merged["blocks"]), changes, reports),
                                 "Table 1"))
        wrapper = "rl-text"
    else:
        manuscript = str(new.config().get("manuscript") or "manuscript/editorial.md")
        base_text = sources.read_text(Path(status["_dir"]) / "source" / manuscript)
        merged, merger = merge_document(source_document(base_text), source_document(sources.read_text(manuscript)))
        heading = f"BASE did not build: the source lines of {manuscript} compared"
        blocks = Transform(changes, reports, merger).blocks(merged["blocks"])
        wrapper = "rl-text rl-source"
    numbers = "" if any(changes["facts"][k] for k in ("changed", "added", "removed")) else \
        '<p id="rl-no-numbers">No number changed.</p>'
    return [raw_block(VIEW_SWITCH),
            raw_block(f'<section id="redline" class="{wrapper}" aria-labelledby="redline-heading">'
                      f'<h2 id="redline-heading">{html.escape(heading)}</h2>{LEGEND}{numbers}'),
            *blocks, raw_block("</section>")]


def render(document, output, title):
    command = [pandoc_path(), "--from", "json", "--to", "html5", "--standalone", "--template",
               str(TEMPLATES / "review.html"), "--css", str(TEMPLATES / "review.css"), "--embed-resources",
               "--resource-path", "build:.", "--wrap", "preserve", "--metadata", f"pagetitle={title}",
               "--metadata", "lang=en-US", "--output", "-"]
    result = subprocess.run(command, input=json.dumps(document), capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(output, f"pandoc could not write the redline: {result.stderr.strip()}")
    write_atomic(output, result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="BASE's folder, written by review_base.py")
    parser.add_argument("--changes", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    changes = json.loads(Path(args.changes).read_text(encoding="utf-8"))
    status, old, new = load_sides(args.base)
    status["_dir"] = args.base
    title = f"Review: {changes['base']['commit'][:12]} ({changes['base']['rev']}) → working tree"
    blocks = [raw_block('<section id="summary" aria-label="Summary of the changes">'),
              *scrollable(summary_blocks(changes), "a table of the summary"),
              raw_block("</section>"), *redline_blocks(status, old, new, changes)]
    meta = dict(new.asts["corrected"]["meta"]) if "corrected" in new.asts else {}
    api = new.asts["corrected"]["pandoc-api-version"] if "corrected" in new.asts else [1, 23, 1]
    meta["review-title"] = {"t": "MetaString", "c": title}
    render({"pandoc-api-version": api, "meta": meta, "blocks": blocks}, args.output, title)


if __name__ == "__main__":
    fail_cleanly(main)
