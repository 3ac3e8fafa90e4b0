"""Shared helpers: readable build errors, atomic writes, strict CSV reading."""

import csv
import io
import json
import os
import re
import sys
import tempfile
from pathlib import Path


class BuildError(Exception):
    """Bad input, told in one line: where, what was expected, what was found."""

    def __init__(self, where, message):
        super().__init__(f"{where}: {message}")
        self.where = where


class BuildErrors(Exception):
    """Several problems of the inputs, each a whole line ('file:line: expected ..., found ...')."""

    def __init__(self, messages):
        super().__init__("\n".join(messages))
        self.messages = list(messages)


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
    except BuildErrors as errors:
        print("\n".join(f"error: {message}" for message in errors.messages), file=sys.stderr)
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


def yaml_node(config_path, path):
    """The YAML node of the setting at path (keys and list indices) in a YAML file, or of its nearest parent."""
    import yaml

    node = yaml.compose(Path(config_path).read_text(encoding="utf-8"))
    found = node
    for part in path:
        if isinstance(node, yaml.MappingNode):
            node = next((value for key, value in node.value if key.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and part.isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            node = None
        if node is None:
            break
        found = node
    return found


def setting_name(path):
    """forest_plot.groups[4].cancer, as a reader of the YAML would point to it."""
    return "".join(f"[{part}]" if part.isdigit() else f".{part}" for part in path).lstrip(".")


TYPE_WORDS = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
              "array": "a list", "object": "a mapping of names to values"}


def allowed_values(schema, validator):
    """The constants a const, enum or oneOf schema allows, following $refs between the schemas."""
    if "$ref" in schema:
        # The validator's resolver knows every sibling schema by file name (see schema_validator).
        return allowed_values(validator._resolver.lookup(schema["$ref"]).contents, validator)
    if "const" in schema:
        return [schema["const"]]
    if "enum" in schema:
        return list(schema["enum"])
    return [value for option in schema.get("oneOf", []) for value in allowed_values(option, validator)]


def expected_text(error, validator, empty="a value, not empty"):
    """What a JSON Schema error's value should have been, in words a reader of the file knows."""
    resolved = error.schema
    if "$ref" in resolved:
        resolved = validator._resolver.lookup(resolved["$ref"]).contents
    if error.validator in ("oneOf", "enum"):
        values = allowed_values(resolved, validator)
        return "one of " + ", ".join(repr(value) if value == "" else str(value) for value in values)
    description = resolved.get("description")
    if error.validator == "pattern":
        return description or f"a value matching {error.validator_value}"
    if error.validator == "minLength":
        return empty if error.validator_value == 1 else f"at least {error.validator_value} characters"
    if error.validator == "type":
        return description or TYPE_WORDS.get(error.validator_value, str(error.validator_value))
    return description or error.message


def schema_problem(config_path, config, schema_path, kind="setting"):
    """One line naming the first setting (or field, as kind says) of a YAML file that breaks its JSON Schema, or None.

    Snakemake's validate() reports the schema and the instance; an author needs
    the file, the line of the setting, what it should be and what it is.
    """
    import yaml
    from jsonschema.exceptions import best_match

    validator = schema_validator(schema_path)
    error = best_match(validator.iter_errors(config))
    if error is None:
        return None
    path = [str(part) for part in error.absolute_path]
    node = yaml_node(config_path, path)
    line = node.start_mark.line + 1 if node is not None else None
    if error.validator == "required":
        missing = error.message.split("'")[1]
        # At the top level there is no line to point to; inside a setting, its line.
        return (f"{where(config_path, line if path else None)}: expected a {kind} "
                f"\"{setting_name(path + [missing])}\", found none")
    if error.validator == "additionalProperties":
        known = list(error.schema.get("properties", {}))
        unknown = [key for key in error.instance if key not in known]
        node = yaml_node(config_path, path + unknown[:1])
        return (f"{where(config_path, node.start_mark.line + 1)}: expected only the {kind}s {', '.join(known)}"
                f"{' of ' + setting_name(path) if path else ''}, found {', '.join(map(repr, unknown))}")
    if error.validator == "type" and error.validator_value == "array":
        expected = f"a list in brackets, such as [{error.instance}]"
    else:
        expected = expected_text(error, validator)
    if error.instance is None:
        found = "nothing"
    elif error.validator == "type" and error.validator_value == "string" and isinstance(node, yaml.ScalarNode):
        # YAML reads 30.4375 or 2016-08-18T00:00:00Z unquoted as a number or a date.
        expected += "" if "quotes" in expected else ", in quotes"
        found = f"{node.value} without quotes"
    else:
        found = repr(error.instance)
    return f"{where(config_path, line)}, \"{setting_name(path)}\": expected {expected}, found {found}"


def markdown_text(text):
    """Text from the data, escaped so that Markdown shows it as written (no HTML, links, citations or
    emphasis); the generated tables and Figure 1's rows are written with it."""
    return re.sub(r"([\\`*_{}\[\]<>#|$@~^&])", r"\\\1", text)
