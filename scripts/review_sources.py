"""What changed in the sources between two versions of the project, cell by cell.

The data tables are compared by row key (trials.csv by trial, arms.csv by trial and arm,
outcomes.csv by trial, endpoint, group and statistic, exceptions.csv by fact and check), so a
moved row is no change and a changed value is named by its row and column; derived.yaml by fact
key and field; references.bib by entry key and field; config.yaml by setting; the manuscript by
line; every other file by its git blob (code, when the workflow's own machinery changed).
Reading is lenient: a version that does not build still has sources to compare.
"""

import csv
import hashlib
import io
import json
import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import yaml

TABLE_KEYS = {"trials": ("trial",), "arms": ("trial", "arm"), "outcomes": ("trial", "endpoint", "group", "statistic"),
              "exceptions": ("fact", "check")}
# Files of the workflow itself: a change to one is a change of code.
CODE_FILES = ("Snakefile", "Makefile", "requirements.lock", "requirements.in", "environment.yml")
CODE_FOLDERS = ("scripts/", "filters/", "pandoc/", "templates/", "schemas/", "profiles/")
NEVER_SOURCES = ("build/", "logs/", ".snakemake/", ".venv/")


def read_text(path):
    path = Path(path)
    return path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None


def read_rows(path, key_columns):
    """{row key: (line, row)} of a CSV file; {} when it is missing or unreadable."""
    text = read_text(path)
    if not text:
        return {}
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = {}
    try:
        for row in reader:
            key = tuple(row.get(column) or "" for column in key_columns)
            rows.setdefault(key, (reader.line_num, row))
    except csv.Error:
        return rows
    return rows


def table_changes(name, old_dir, new_dir):
    """Every changed cell, added row and removed row of data/<name>.csv."""
    key_columns = TABLE_KEYS[name]
    old = read_rows(Path(old_dir) / f"{name}.csv", key_columns)
    new = read_rows(Path(new_dir) / f"{name}.csv", key_columns)
    changes = []
    for key in sorted(set(old) | set(new)):
        entry = {"kind": "data", "file": f"data/{name}.csv", "row": dict(zip(key_columns, key)), "row_key": "/".join(key),
                 "line_before": old[key][0] if key in old else None, "line_after": new[key][0] if key in new else None}
        if key not in old or key not in new:
            changes.append(dict(entry, change="added" if key not in old else "removed", column=None,
                                before=None, after=None))
            continue
        for column in sorted(set(old[key][1]) | set(new[key][1])):
            before, after = old[key][1].get(column), new[key][1].get(column)
            if before != after and column not in key_columns:
                changes.append(dict(entry, change="changed", column=column, before=before, after=after))
    return changes


def load_yaml(path):
    text = read_text(path)
    try:
        return yaml.safe_load(text) if text else None
    except yaml.YAMLError:
        return None


def derived_changes(old_path, new_path):
    old, new = load_yaml(old_path) or {}, load_yaml(new_path) or {}
    old, new = (value if isinstance(value, dict) else {} for value in (old, new))
    changes = []
    for key in sorted(set(old) | set(new), key=str):
        entry = {"kind": "derived", "file": "data/derived.yaml", "key": str(key)}
        if key not in old or key not in new:
            changes.append(dict(entry, change="added" if key not in old else "removed", field=None,
                                before=None, after=None))
            continue
        spec_old, spec_new = (spec if isinstance(spec, dict) else {"": spec} for spec in (old[key], new[key]))
        for field in sorted(set(spec_old) | set(spec_new), key=str):
            if spec_old.get(field) != spec_new.get(field):
                changes.append(dict(entry, change="changed", field=str(field), before=spec_old.get(field),
                                    after=spec_new.get(field)))
    return changes


def bib_entries(path):
    """{key: {field: value}} of a BibTeX file, read leniently."""
    import logging

    import bibtexparser

    text = read_text(path)
    if not text:
        return {}
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    library = bibtexparser.parse_string(text)
    return {entry.key: {field.key.lower(): str(field.value).strip() for field in entry.fields}
            for entry in library.entries}


def reference_changes(old_path, new_path, bibliography):
    old, new = bib_entries(old_path), bib_entries(new_path)
    changes = []
    for key in sorted(set(old) | set(new)):
        if key not in old or key not in new:
            changes.append({"kind": "reference", "file": bibliography, "key": key,
                            "change": "added" if key not in old else "removed", "fields": []})
        elif old[key] != new[key]:
            fields = sorted(name for name in set(old[key]) | set(new[key]) if old[key].get(name) != new[key].get(name))
            changes.append({"kind": "reference", "file": bibliography, "key": key, "change": "changed",
                            "fields": fields, "before": {f: old[key].get(f) for f in fields},
                            "after": {f: new[key].get(f) for f in fields}})
    return changes


def flatten(value, prefix=""):
    if isinstance(value, dict) and value:
        flat = {}
        for key, item in value.items():
            flat.update(flatten(item, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    return {prefix: value}


def config_changes(old_path, new_path, file_name):
    old, new = flatten(load_yaml(old_path) or {}), flatten(load_yaml(new_path) or {})
    return [{"kind": "config", "file": file_name, "setting": key, "before": old.get(key), "after": new.get(key)}
            for key in sorted(set(old) | set(new)) if old.get(key) != new.get(key)]


def blob_id(data):
    """git's id of a file's contents (what git ls-tree lists)."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def working_files(project):
    """{path: blob id} of the files git would see in the working tree (tracked or new, not ignored)."""
    listing = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=project,
                             capture_output=True, text=True).stdout
    files = {}
    for path in sorted(filter(None, listing.split("\0"))):
        full = Path(project) / path
        if full.is_file() and not path.startswith(NEVER_SOURCES):
            files[path] = blob_id(full.read_bytes())
    return files


def file_changes(base_files, work_files, sources):
    """(code changes, other changes): files that differ, other than the sources compared cell by cell."""
    code, other = [], []
    for path in sorted(set(base_files) | set(work_files)):
        if base_files.get(path) == work_files.get(path) or path.startswith(sources) or path in sources:
            continue
        change = "added" if path not in base_files else "removed" if path not in work_files else "changed"
        entry = {"kind": "code", "file": path, "change": change}
        (code if path in CODE_FILES or path.startswith(CODE_FOLDERS) else other).append(entry)
    return code, other


def manuscript_lines(old_text, new_text, path):
    """Changed lines of the manuscript's source (one sentence a line), old and new, paired where alike."""
    old, new = (old_text or "").splitlines(), (new_text or "").splitlines()
    changes = []
    for operation, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if operation == "equal":
            continue
        for offset in range(max(i2 - i1, j2 - j1)):
            before = old[i1 + offset] if i1 + offset < i2 else None
            after = new[j1 + offset] if j1 + offset < j2 else None
            changes.append({"file": path, "line_before": i1 + offset + 1 if before is not None else None,
                            "line_after": j1 + offset + 1 if after is not None else None,
                            "before": before, "after": after})
    return changes


def same_json(a, b):
    return json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
