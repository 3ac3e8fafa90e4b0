"""Facts computed from other facts, as data/derived.yaml declares them (a difference, a sum).

Each declaration names its formula and its inputs; the value keeps the precision of its
inputs, and its status is the least sure of theirs.
"""

import re
from decimal import Decimal

import yaml

from common import BuildError, where

STATUS_RANK = {"verified": 0, "secondary": 1, "unverified": 2}


# Formulas a derived fact may use: name -> (number of inputs or None for any, function).
FORMULAS = {
    "difference": (2, lambda values: values[0] - values[1]),
    "sum": (None, sum),
}


def read_derived(path):
    """The declarations of data/derived.yaml, with the line of each key."""
    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text)  # the node tree, for the line of each key
        declared = yaml.safe_load(text) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise BuildError(where(path, line), f"expected YAML, found a syntax error: {getattr(error, 'problem', error)}")
    if not isinstance(declared, dict):
        raise BuildError(where(path, 1), f"expected a mapping of fact keys to formulas, found a {type(declared).__name__}")
    lines = {}
    for key_node, _ in root.value if root else []:
        line = key_node.start_mark.line + 1
        if key_node.value in lines:
            # YAML itself lets the last one win, silently.
            raise BuildError(where(path, line), f"expected each fact key once, found {key_node.value} again "
                                                f"(first at line {lines[key_node.value]})")
        lines[key_node.value] = line
    return declared, lines


def add_derived(facts, path):
    declared, lines = read_derived(path)
    for key, spec in declared.items():
        origin = where(path, lines.get(str(key)))
        if not isinstance(key, str) or not re.fullmatch(r"[a-z][a-z0-9-]*(\.[a-z0-9_-]+)+", key):
            raise BuildError(origin, f"expected a fact key such as sharp.os.median.difference, found {key!r}")
        if not isinstance(spec, dict):
            raise BuildError(origin, f"{key}: expected formula: and inputs:, found {spec!r}")
        formula = spec.get("formula")
        names = spec.get("inputs")
        if not isinstance(formula, str) or formula not in FORMULAS:
            raise BuildError(origin, f"{key}: expected a formula among {', '.join(FORMULAS)}, found {formula!r}")
        if not isinstance(names, list) or not all(isinstance(name, str) for name in names):
            raise BuildError(origin, f"{key}: expected inputs as a list of fact keys, [a, b], found {names!r}")
        arity, compute = FORMULAS[formula]
        if len(names) < 2 or (arity and len(names) != arity):
            raise BuildError(origin, f"{key}: expected {arity or 'two or more'} inputs for {formula}, found {len(names)}")
        inputs = []
        for name in names:
            if name not in facts.records:
                raise BuildError(origin, f"{key}: expected a fact key as input, found '{name}'")
            if facts.records[name]["comparator"]:
                raise BuildError(origin, f"{key}: expected inputs with exact values, found {name} = "
                                         f"{facts.records[name]['text']}, a bound")
            inputs.append(facts.records[name])
        units = sorted({fact["unit"] for fact in inputs})
        if len(units) != 1:
            raise BuildError(origin, f"{key}: expected inputs in one unit, found {', '.join(units)}")
        value = compute([Decimal(fact["text"]) for fact in inputs])
        status = max((fact["status"] for fact in inputs), key=STATUS_RANK.get)
        first = inputs[0]
        facts.add(key, str(value), units[0], {
            "ref": first["ref"], "ref_label": first["ref_label"], "status": status,
            "location": f"computed as the {formula} of " + " and ".join(f"{fact['text']} {fact['unit']}".strip()
                                                                  for fact in inputs),
        }, spec.get("note", key), origin, measure=formula)
        facts.records[key]["derived"] = {"formula": formula, "inputs": names}
