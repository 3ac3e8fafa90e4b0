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
    """Run main(); print a BuildError as one line on stderr and exit 1.

    Any other exception is a bug of the step: it is told in one line too, with the
    traceback after it for whoever mends the step.
    """
    try:
        main()
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    except Exception as error:  # noqa: BLE001 (a last resort, reported and re-raised)
        step = Path(sys.argv[0]).name
        print(f"error: {step} failed on an input it does not handle ({type(error).__name__}: {error}); "
              "please report this with the input", file=sys.stderr)
        raise


def write_atomic_bytes(path, data):
    """Write bytes to path through a temporary file, so no reader sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        os.chmod(temporary, 0o644)  # mkstemp makes it private; outputs are for everyone to read
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def write_atomic(path, text):
    """Write text (UTF-8, LF line endings) to path atomically."""
    write_atomic_bytes(path, text.encode("utf-8"))


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
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise BuildError(where(path, 1), f"expected each column once, found {', '.join(repeated)} more than once")
    missing = [name for name in columns if name not in header]
    extra = [name for name in header if name not in columns]
    if missing or extra:
        found = []
        if missing:
            found.append("missing " + ", ".join(f'"{name}"' for name in missing))
        if extra:
            found.append("unexpected " + ", ".join(f'"{name}"' for name in extra))
        hint = " (a new column must first be declared in the table's schema, schemas/*.schema.yaml)" if extra else ""
        raise BuildError(where(path, 1), f"expected columns {', '.join(columns)}; found {'; '.join(found)}{hint}")
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


def schema_validator(schema_path):
    """A JSON Schema validator for a YAML schema that may $ref its sibling schemas by file name."""
    import yaml
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    schema_path = Path(schema_path)
    siblings = {path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
                for path in sorted(schema_path.parent.glob("*.schema.yaml"))}
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in siblings.items())
    return Draft202012Validator(siblings[schema_path.name], registry=registry)


def config_line(config_path, path, value):
    """The line of a setting: the first line after its top-level key that holds the value or the key."""
    setting = next((part for part in reversed(path) if not part.isdigit()), "")
    lines = Path(config_path).read_text(encoding="utf-8").splitlines()
    start = next((n for n, text in enumerate(lines) if path and text.startswith(f"{path[0]}:")), 0)
    for number in range(start, len(lines)):
        text = lines[number].split("#")[0]
        if (isinstance(value, str) and value and value in text) or f"{setting}:" in text:
            return number + 1
    return None


def config_problem(config_path, config, schema_path):
    """One line naming the first setting of config that breaks its JSON Schema, or None.

    Snakemake's validate() reports the schema and the instance; an author needs
    the file, the line of the setting, what it should be and what it is.
    """
    from jsonschema.exceptions import best_match

    error = best_match(schema_validator(schema_path).iter_errors(config))
    if error is None:
        return None
    path = [str(part) for part in error.absolute_path]
    if error.validator == "required":
        missing = error.message.split("'")[1]
        return f"{where(config_path)}: expected a setting \"{'.'.join(path + [missing])}\", found none"
    if error.validator == "additionalProperties":
        return f"{where(config_path)}: {error.message}"
    line = config_line(config_path, path, error.instance)
    if error.validator == "oneOf":
        allowed = [option["const"] for option in error.schema["oneOf"] if "const" in option]
        expected = "one of " + ", ".join(allowed)
    else:
        expected = error.schema.get("description") or error.message
    return f"{where(config_path, line)}, \"{'.'.join(path)}\": expected {expected}, found {error.instance!r}"
