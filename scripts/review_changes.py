"""List what changed between BASE and the working tree: build/review/changes.json and changes.md.

Every fact whose reported text, value, unit, status or source changed, old -> new, with its
causes and every sentence, Table 1 cell and Figure 1 row that quotes it, in each edition, with
the check's verdict before and after; facts, references, exemptions and corrections added or
removed; numbers tied to another fact; changed sentences, cells and rows; the sources that
changed; the outputs whose bytes changed. When BASE did not build, what can be said without its
outputs: the sources that changed, the facts they feed and where the new text quotes them.

Usage: python scripts/review_changes.py build/review/base --json build/review/changes.json
       --markdown build/review/changes.md   (run in the project folder, after `make`)
"""

import argparse
import hashlib
import subprocess
from pathlib import Path

import review_sources as sources
from common import write_atomic, write_json
from review_align import merge_document
from review_facts import Causes, cause_text, compare_facts, derived_inputs, fact_state
from review_inputs import EDITIONS, load_sides
from review_markdown import markdown
from review_quotes import (correction_changes, exemption_changes, figure_quotes, pair_maps, quotes_of, rebound,
                           sentence_changes)


def source_changes(old, new, status):
    """Every change of the sources, cell by cell (review_sources.py)."""
    base_source = Path(old.source_dir if old else Path(status["_dir"]) / "source")
    new_config = new.config()
    bibliography = str(new_config.get("bibliography") or "references.bib")
    old_config = sources.load_yaml(base_source / "config" / "config.yaml") or {}
    old_bib = base_source / str(old_config.get("bibliography") or bibliography)
    manuscript = str(new_config.get("manuscript") or "manuscript/editorial.md")
    data = [change for table in sources.TABLE_KEYS
            for change in sources.table_changes(table, base_source / "data", Path("data"))]
    owned = ("data/", "config/", "manuscript/", bibliography, str(new_config.get("csl") or ""))
    code, other = sources.file_changes(status["files"], sources.working_files("."), tuple(filter(None, owned)))
    return {
        "data": data,
        "derived": sources.derived_changes(base_source / "data" / "derived.yaml", Path("data/derived.yaml")),
        "references": sources.reference_changes(old_bib, Path(bibliography), bibliography),
        "config": sources.config_changes(base_source / "config" / "config.yaml", Path("config/config.yaml"),
                                         "config/config.yaml"),
        "code": code,
        "other": other,
        "manuscript": sources.manuscript_lines(sources.read_text(base_source / manuscript),
                                               sources.read_text(manuscript), manuscript),
    }


def fact_record(key, old_fact, new_fact, fields, causes, quotes):
    some = new_fact or old_fact
    found = causes.of(key, old_fact, new_fact)
    return {"key": key, "description": some.get("description"), "fields": fields,
            "before": fact_state(old_fact) if old_fact else None, "after": fact_state(new_fact) if new_fact else None,
            "causes": found, "cause_text": [cause_text(cause) for cause in found], "quotes": quotes(key)}


def fact_changes(old, new, merged, source, tables):
    """The facts changed, added and removed, each with its causes and quotes."""
    old_facts, new_facts = (old.facts if old else {}), new.facts
    causes = Causes(source, derived_inputs(old_facts, new_facts), source["code"])

    def quotes(key):
        found = []
        for edition in EDITIONS:
            reports = {"old": old.report(edition) if old else None, "new": new.report(edition)}
            maps = pair_maps(merged[edition][1]) if edition in merged else ({}, {})
            found += quotes_of(key, edition, reports, maps, tables)
        return found + figure_quotes(key, old.json("figures/forest.json") if old else None,
                                     new.json("figures/forest.json"))

    if old is None:
        # Without BASE's facts: the facts whose sources changed, as they are now.
        fed = [key for key in sorted(new_facts) if causes.of(key, None, new_facts[key], seen=("-",))]
        return {"changed": [fact_record(k, None, new_facts[k], [], causes, quotes) for k in fed],
                "added": [], "removed": [], "complete": False}
    changed, added, removed = compare_facts(old_facts, new_facts)
    return {
        "changed": [fact_record(k, old_facts[k], new_facts[k], fields, causes, quotes) for k, fields in changed],
        "added": [fact_record(k, None, new_facts[k], [], causes, quotes) for k in added],
        "removed": [fact_record(k, old_facts[k], None, [], causes, quotes) for k in removed],
        "complete": True,
    }


def numbering(report):
    return {key: number for number, key in enumerate((report or {}).get("citations", {}).get("cited", []), 1)}


def reference_list(old, new, source):
    """References added to or removed from the index, changed records, renumbering (once, not per citation)."""
    old_index, new_index = (old.json("references.json") or {}) if old else {}, new.json("references.json") or {}
    before, after = numbering(old.report("corrected") if old else None), numbering(new.report("corrected"))
    moved = [{"key": key, "before": before[key], "after": after[key]} for key in after
             if key in before and before[key] != after[key]]
    common = [key for key in before if key in after]
    kept_order = sorted(common, key=after.get) == sorted(common, key=before.get)
    return {
        "added": [{"key": k, "label": new_index[k]["label"], "number": after.get(k)} for k in sorted(new_index)
                  if old and k not in old_index],
        "removed": [{"key": k, "label": old_index[k]["label"], "number": before.get(k)} for k in sorted(old_index)
                    if k not in new_index],
        "changed": [change for change in source["references"] if change["change"] == "changed"],
        "renumbered": moved,
        "renumbered_because": ("references cited before them were added or removed" if kept_order else
                               "citations were reordered") if moved else None,
    }


def figure_changes(old, new):
    """Figure 1's rows added, removed or drawn differently."""
    def rows(side):
        return {(r["trial"], r["endpoint"], r.get("comparison", ""), r.get("group", "")): r
                for r in ((side.json("figures/forest.json") or {}).get("rows", []) if side else [])}

    old_rows, new_rows = rows(old), rows(new)
    changes = []
    for key in sorted(set(old_rows) | set(new_rows)) if old else []:
        a, b = old_rows.get(key), new_rows.get(key)
        if a == b:
            continue
        some = b or a
        fields = sorted(f for f in set(a or {}) | set(b or {}) if (a or {}).get(f) != (b or {}).get(f))
        changes.append({"row": " ".join(p for p in (some["name"], some["endpoint"], some.get("comparison")) if p),
                        "group": some.get("group"), "before": a["label"] if a else None,
                        "after": b["label"] if b else None, "fields": fields if a and b else []})
    return changes


def output_changes(status):
    """Outputs whose bytes differ between BASE's build and this one (build/review itself left out)."""
    here = {path.as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(Path("build").rglob("*")) if path.is_file() and not path.name.startswith(".")
            and not path.as_posix().startswith("build/review/")}
    there = status["outputs"]
    if not status["built"]:
        return {"changed": [], "added": [], "removed": [], "unknown": sorted(here)}
    return {"changed": [p for p in sorted(here) if p in there and here[p] != there[p]],
            "added": [p for p in sorted(here) if p not in there],
            "removed": [p for p in sorted(there) if p not in here], "unknown": []}


def working_tree():
    head = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=normal"], capture_output=True,
                           text=True).stdout
    modified = [line for line in dirty.splitlines() if not line[3:].startswith(sources.NEVER_SOURCES)]
    return {"head": head, "modified": bool(modified)}


def review(base_dir):
    status, old, new = load_sides(base_dir)
    status["_dir"] = str(base_dir)
    source = source_changes(old, new, status)
    merged = {edition: merge_document(old.asts[edition], new.asts[edition])
              for edition in EDITIONS if old and edition in old.asts and edition in new.asts}
    tables = {"old": old.json("tables/table1.json") if old else None, "new": new.json("tables/table1.json")}
    reports = {edition: {"old": old.report(edition) if old else None, "new": new.report(edition)} for edition in EDITIONS}
    manuscripts = {"old": sources.read_text(old.source("manuscript", "manuscript/editorial.md")) if old else None,
                   "new": sources.read_text(new.source("manuscript", "manuscript/editorial.md"))}
    result = {
        "base": {key: status[key] for key in ("rev", "commit", "subject", "built", "errors", "workflow")},
        "working_tree": working_tree(),
        "facts": fact_changes(old, new, merged, source, tables),
        "rebound": [q for e, (_, merger) in merged.items() for q in rebound(e, merger, reports[e])],
        "sentences": [s for e, (_, merger) in merged.items() for s in sentence_changes(e, merger, manuscripts)],
        "table1": merged["corrected"][1].table_cells if "corrected" in merged else [],
        "figure1": figure_changes(old, new),
        "references": reference_list(old, new, source),
        "exemptions": {direction: [x for e in EDITIONS for x in exemption_changes(e, reports[e])[direction]]
                       for direction in ("added", "removed")} if old else {"added": [], "removed": []},
        "corrections": correction_changes(reports["corrected"]) if old else {"added": [], "removed": []},
        "sources": source,
        "outputs": output_changes(status),
    }
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("base", help="BASE's folder, written by review_base.py")
    parser.add_argument("--json", required=True)
    parser.add_argument("--markdown", required=True)
    args = parser.parse_args()
    result = review(args.base)
    write_json(args.json, result)
    write_atomic(args.markdown, markdown(result))


if __name__ == "__main__":
    main()
