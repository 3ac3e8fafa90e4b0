"""Check the bibliographic record and write what the renderings show of it.

metadata.yaml is checked against its JSON Schema; its free text (names,
institutions, funders, the licence's note) may hold no numbers and no claims
about them (config claims.wording), since they could not be tied to the data, while typed fields (x-identifier in the schema:
a date, a page, a postcode, a grant number) are checked by their patterns.
The record is then written as pandoc metadata (build/metadata.json), every
value a plain string, so that what is checked here is exactly what readers
see: pandoc never reads these strings as Markdown. Composed strings (the
citation line, each affiliation, the funding statement) are made here from the
checked parts.

Usage: python scripts/check_metadata.py manuscript/metadata.yaml schemas/metadata.schema.yaml build/metadata.json
"""

import argparse
import calendar
import html
import json
import re
from pathlib import Path

import yaml

from common import BuildError, BuildErrors, fail_cleanly, schema_problem, where, write_json, yaml_node
from number_policy import claim_pattern
from numerals import hidden_characters, numerals
from skeleton import skeleton

LICENCES = {
    "CC BY 4.0": ("Creative Commons Attribution 4.0 International", "by"),
    "CC BY-SA 4.0": ("Creative Commons Attribution-ShareAlike 4.0 International", "by-sa"),
    "CC BY-NC 4.0": ("Creative Commons Attribution-NonCommercial 4.0 International", "by-nc"),
    "CC BY-NC-SA 4.0": ("Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International", "by-nc-sa"),
    "CC BY-ND 4.0": ("Creative Commons Attribution-NoDerivatives 4.0 International", "by-nd"),
    "CC BY-NC-ND 4.0": ("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International", "by-nc-nd"),
}


def load(path):
    text = Path(path).read_text(encoding="utf-8")
    try:
        record = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = f"{error.context}, " if getattr(error, "context", None) else ""
        raise BuildError(where(path, mark.line + 1 if mark else None),
                         f"expected YAML, found {context}{getattr(error, 'problem', error)}") from None
    if not isinstance(record, dict):
        raise BuildError(where(path, 1), f"expected a mapping of fields such as journal: and author:, found "
                                         f"{type(record).__name__}")
    return record


def line_of(path, keys):
    node = yaml_node(path, [str(key) for key in keys])
    return node.start_mark.line + 1 if node is not None else None


def free_text(value, schema, keys=()):
    """(keys, text, is a name) of every string of value that its schema does not type as an identifier."""
    if schema.get("x-identifier") or "$ref" in schema:
        return []
    if isinstance(value, str):
        return [(keys, value, bool(schema.get("x-name")))]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        return [found for key, item in value.items() for found in free_text(item, properties.get(key, {}), (*keys, key))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in free_text(item, schema.get("items", {}),
                                                                                  (*keys, index))]
    return []


def part_of_name(text, numeral):
    """A Roman numeral of a name (Medicine II), or a number a capitalized word or nothing follows (302 Hospital)."""
    if numeral.kind == "roman":
        return True
    following = re.match(r"[\s\u00a0]*(\S?)", text[numeral.end:])[1]
    return numeral.kind == "digits" and (not following or following.isupper() or not following.isalnum())


def designates(text, numeral, designations):
    """A Roman numeral right after a designation word of the config: 'phase III' in a running title."""
    words = "|".join(map(re.escape, designations))
    return bool(words) and numeral.kind == "roman" and \
        bool(re.search(rf"\b(?:{words})[\s\u00a0]+$", text[:numeral.start], re.IGNORECASE))


def number_problems(path, record, schema, designations=(), wording=()):
    """Free text holding a number, a claim about the data, or a character that hides what readers see."""
    problems = []
    claim = claim_pattern(wording)
    for keys, text, is_name in free_text(record, schema):
        name = ".".join(map(str, keys))
        shown = html.unescape(text)  # &#49; shows as 1 wherever the text is read as HTML
        found = [numeral for numeral in numerals(shown) if not (is_name and part_of_name(shown, numeral))
                 and not designates(shown, numeral, designations)]
        if found:
            problems.append(f"{where(path, line_of(path, keys))}: {name}: expected text without numbers (free text "
                            f"cannot link them to the data; typed fields hold dates, pages and grant numbers), "
                            f"found '{found[0].text}'")
        claimed = claim.search(skeleton(shown)[0]) if claim else None
        if claimed:
            problems.append(f"{where(path, line_of(path, keys))}: {name}: expected text without claims about the "
                            f"data (free text cannot hold a claim span), found '{claimed[0]}'")
        hidden = hidden_characters(text)
        if hidden:
            problems.append(f"{where(path, line_of(path, keys))}: {name}: expected visible text, found the hidden "
                            f"character {hidden[0][1]}")
    return problems


def structure_problems(path, record):
    """Affiliations and authors must refer to each other; one author corresponds."""
    problems = []
    ids = [affiliation["id"] for affiliation in record["affiliation"]]
    for index, number in enumerate(ids):
        if number in ids[:index]:
            problems.append(f"{where(path, line_of(path, ['affiliation', index, 'id']))}: affiliation id {number}: "
                            "expected each id once, found it again")
    used = {number for author in record["author"] for number in author["affiliation"]}
    for index, number in enumerate(ids):
        if number not in used:
            problems.append(f"{where(path, line_of(path, ['affiliation', index, 'id']))}: affiliation {number}: "
                            "expected an author with it, found none (it would be printed with no one to belong to)")
    for index, author in enumerate(record["author"]):
        for number in author["affiliation"]:
            if number not in ids:
                problems.append(f"{where(path, line_of(path, ['author', index, 'affiliation']))}: author "
                                f"{author['name']}: expected an affiliation id of affiliation: "
                                f"({', '.join(map(str, sorted(ids)))}), found {number}")
    corresponding = [author["name"] for author in record["author"] if author.get("corresponding")]
    if len(corresponding) != 1:
        problems.append(f"{where(path, line_of(path, ['author']))}: expected one author with corresponding: true "
                        f"(correspondence: names one), found {len(corresponding)}")
    correspondence = record.get("correspondence")
    if correspondence and correspondence["affiliation"] not in ids:
        problems.append(f"{where(path, line_of(path, ['correspondence', 'affiliation']))}: correspondence: expected "
                        f"an affiliation id ({', '.join(map(str, sorted(ids)))}), found {correspondence['affiliation']}")
    return problems


def affiliation_text(affiliation):
    place = " ".join(part for part in (affiliation["city"], affiliation.get("postcode")) if part)
    return ", ".join(part for part in (affiliation.get("department"), affiliation["institution"], place,
                                       affiliation.get("region"), affiliation["country"]) if part)


def funding_text(funding):
    parts = []
    for item in funding:
        grants = item["grants"]
        numbers = grants[0] if len(grants) == 1 else ", ".join(grants[:-1]) + " and " + grants[-1]
        parts.append(f"{item['funder']} {'No.' if len(grants) == 1 else 'Nos.'} {numbers}")
    if len(parts) > 1:
        parts[-1] = "and " + parts[-1]
    return "Supported by " + "; ".join(parts) + "." if parts else ""


def cited_name(name):
    """'J.-H. Zhong' -> 'Zhong JH', as a reference list cites an author."""
    given, _, family = name.rpartition(" ")
    return f"{family} {''.join(char for char in given if char.isupper())}".strip()


def composed(record):
    """The fields the renderings show, as plain strings, lists and maps."""
    year, month, day = record["date"].split("-")
    licence_title, licence_code = LICENCES[record["license"]["name"]]
    affiliations = {affiliation["id"]: affiliation_text(affiliation) for affiliation in record["affiliation"]}
    shown = {key: record[key] for key in ("running-title", "article-type", "journal", "journal-abbrev", "publisher",
                                          "date", "volume", "issue", "first-page", "last-page", "doi", "pmid",
                                          "pmcid", "keywords", "conflicts") if key in record}
    shown.update({
        "year": year,
        "date-text": f"{year} {calendar.month_name[int(month)]} {int(day)}",
        "citation": f"{record.get('journal-abbrev', record['journal'])} {year} {calendar.month_name[int(month)]} "
                    f"{int(day)}; {record['volume']}({record['issue']}): {record['first-page']}-{record['last-page']}",
        "author": [{"name": author["name"], "cited-name": cited_name(author["name"]),
                    "affiliation": [str(number) for number in author["affiliation"]],
                    **({"corresponding": True} if author.get("corresponding") else {})} for author in record["author"]],
        "cite-authors": ", ".join(cited_name(author["name"]) for author in record["author"]),
        "affiliation": [{"id": str(key), "name": text} for key, text in affiliations.items()],
        "license-name": record["license"]["name"],
        "license-title": licence_title,
        "license-url": f"https://creativecommons.org/licenses/{licence_code}/4.0/",
    })
    if record["license"].get("adaptation"):
        shown["license-adaptation"] = " ".join(record["license"]["adaptation"].split())
    if record.get("correspondence"):
        correspondence = record["correspondence"]
        shown["correspondence"] = f"{correspondence['name']}, {affiliations[correspondence['affiliation']]}"
    if record.get("funding"):
        shown["funding"] = funding_text(record["funding"])
    return shown


def as_meta(value):
    """A value as pandoc metadata JSON: strings stay plain (MetaString), never parsed as Markdown."""
    if isinstance(value, bool):
        return {"t": "MetaBool", "c": value}
    if isinstance(value, dict):
        return {"t": "MetaMap", "c": {key: as_meta(item) for key, item in value.items()}}
    if isinstance(value, list):
        return {"t": "MetaList", "c": [as_meta(item) for item in value]}
    return {"t": "MetaString", "c": str(value)}


def check(path, schema_path, designations=(), wording=()):
    """The composed record; raises BuildErrors with every problem. designations: the config's
    number_check.designations, after which a Roman numeral is no number (phase III); wording: its
    claims.wording, words that claim something about the data."""
    record = load(path)
    problem = schema_problem(path, record, schema_path, kind="field")
    if problem:
        raise BuildErrors([problem])
    schema = yaml.safe_load(Path(schema_path).read_text(encoding="utf-8"))
    problems = number_problems(path, record, schema, designations, wording) + structure_problems(path, record)
    if problems:
        raise BuildErrors(problems)
    return composed(record)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("metadata")
    parser.add_argument("schema")
    parser.add_argument("output")
    parser.add_argument("--designations", default="[]", help="the config's number_check.designations, as JSON")
    parser.add_argument("--claim-wording", default="[]", help="the config's claims.wording, as JSON")
    args = parser.parse_args()
    shown = check(args.metadata, args.schema, json.loads(args.designations), json.loads(args.claim_wording))
    write_json(args.output, {"meta": {key: as_meta(value) for key, value in shown.items()}, "shown": shown})


if __name__ == "__main__":
    fail_cleanly(main)
