"""Shared helpers: readable build errors, atomic writes, strict CSV reading."""

import csv
import io
import json
import os
import sys
import tempfile
from pathlib import Path


class BuildError(Exception):
    """Bad input, told in one line: where, what was expected, what was found."""

    def __init__(self, where, message):
        super().__init__(f"{where}: {message}")
        self.where = where


def where(path, line=None, column=None):
    """Format a place in an input file as 'path:line, column "name"'."""
    text = str(path)
    if line is not None:
        text += f":{line}"
    if column is not None:
        text += f', column "{column}"'
    return text


def fail_cleanly(main):
    """Run main(); print a BuildError as one line on stderr and exit 1."""
    try:
        main()
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)


def write_atomic(path, text):
    """Write text to path through a temporary file, so no reader sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(temporary, 0o644)  # mkstemp makes it private; outputs are for everyone to read
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_json(path, data):
    """Write data as stable, sorted, indented JSON (byte-identical across runs)."""
    write_atomic(path, json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


def read_csv_rows(path, columns):
    """Read a CSV file as a list of (line number, {column: string}).

    Values stay strings, so '0.940' keeps its three decimals. CRLF line endings
    and quoted fields with commas are accepted; an empty file, a byte-order
    mark, a missing or extra column and a short or long row are errors.
    """
    path = Path(path)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BuildError(
            where(path, 1),
            "expected plain UTF-8 text, found a byte-order mark (save the file as "
            '"CSV UTF-8" without BOM, or remove the first three bytes)',
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BuildError(where(path, line), f"expected UTF-8 text, found byte 0x{raw[error.start]:02x}")
    if not text.strip():
        raise BuildError(where(path, 1), f"expected a header row ({', '.join(columns)}), found an empty file")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    missing = [name for name in columns if name not in header]
    extra = [name for name in header if name not in columns]
    if missing or extra:
        found = []
        if missing:
            found.append("missing " + ", ".join(f'"{name}"' for name in missing))
        if extra:
            found.append("unexpected " + ", ".join(f'"{name}"' for name in extra))
        raise BuildError(where(path, 1), f"expected columns {', '.join(columns)}; found {'; '.join(found)}")
    rows = []
    line = reader.line_num + 1
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            line = reader.line_num + 1
            continue
        if len(cells) != len(header):
            raise BuildError(
                where(path, line), f"expected {len(header)} fields as in the header, found {len(cells)}"
            )
        rows.append((line, dict(zip(header, cells))))
        line = reader.line_num + 1
    return rows
