"""Check every number, citation and cross-reference of the manuscript against the data.

A number from the data is written as [1114]{fact=storm.randomized}: the text
the reader sees, tied to a fact key. It agrees when the fact's value, converted
to the unit written, rounds to the written number at its written precision.
Every other number must sit in a citation or carry an exemption with a reason,
[2008]{exempt="year"}. Where the published text differed, was="..." keeps it.

The corrected edition fails on any disagreement. The published edition checks
the was= text instead and lists each disagreement as a discrepancy.

How the Markdown around the numbers is read is in manuscript_markdown.py.

Usage: python scripts/check_manuscript.py manuscript/editorial.md --metadata manuscript/metadata.yaml
       --metadata-schema schemas/metadata.schema.yaml --facts build/facts.json
       --references build/references.json --edition corrected --days-per-month 30.4375
       --report build/checks/numbers.json --summary build/checks/numbers.txt
"""

import argparse
import difflib
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

from common import BuildError, fail_cleanly, schema_problem, where, write_atomic, write_json, yaml_node
from manuscript_markdown import (AUTOLINK, BLOCK_QUOTE, BULLET, DIV_FENCE, HEADING, IDENTIFIER, RAW_TAG, RAW_TEX,
                                 SPAN_END, URL, edition_lines, link_problems, lines_to_check, opening_bracket,
                                 structure_problems, without_code)
from reported import (NUMBER_WORDS, TIME_UNITS, WRITTEN_UNITS, agrees, convert, looks_like_number_word,
                      number_word_value, parse_number)

SPAN = re.compile(r"\[(?P<content>[^\[\]]*)\]\{(?P<attributes>[^{}]*)\}")
UNCLOSED_SPAN = re.compile(r"\[[^\[\]]*\]\{[^}]*$")
ATTRIBUTE = re.compile(r"""(?P<key>[A-Za-z][\w-]*)=(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s"']*))""")
ID_OR_CLASS = re.compile(r"[#.][\w:.-]+|-")
CITATION_GROUP = re.compile(r"\[[^\[\]]*(?<![\w.])-?@[^\[\]]*\]")
# Locators in a citation ("p. 33", "table 2") are not claims; other digits in a citation are prose.
LOCATOR_VALUE = r"[A-Za-z]?\d+[A-Za-z]?(?:\s*[-–,]\s*[A-Za-z]?\d+[A-Za-z]?)*"  # 5, 7-9, S2, e24-e30
LOCATOR = re.compile(r"(?:\b(?:p|pp|page|pages|chap|chapter|sec|section|table|tab|tbl|fig|figure|suppl|supplement|"
                     r"appendix|app|vol|volume|no|number|para|paragraph|line|col|column|part|note|book|verse|opus)"
                     rf"\.?|§§?)\s*{LOCATOR_VALUE}",
                     re.IGNORECASE)
BARE_LOCATOR = re.compile(r"\x00\s*,\s*[\d\-–]+(?=\s*[;\]])")  # [@key, 33]: pandoc reads 33 as a page
CITATION_KEY = re.compile(r"(?<![\w@.])-?@(?P<key>[\w][\w:.#$%&+?<>~/-]*[\w])")
LINK_TARGET = re.compile(rf"\]\({URL}(?:\s+(?P<title>\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'))?[^)]*\)")
ATTRIBUTE_BLOCK = re.compile(r"\{(?=\s*(?:[#.=-]|[A-Za-z][\w-]*=))[^{}]*\}")  # {#id .class key=value}; {1602} is text
SHOWN_ATTRIBUTE = re.compile(r"""\b(?:title|alt)=(?:"([^"]*)"|'([^']*)')""")
EMAIL_AUTOLINK = re.compile(r"<[^<>\s@]+@[^<>\s@]+>")
AUTOLINK_OR_TAG = re.compile(rf"<(?:/?[A-Za-z][^<>\s]*(?:\s[^<>]*)?)>|{EMAIL_AUTOLINK.pattern}")
REGISTRATION = re.compile(r"\bNCT\d{8}\b")
LIST_MARKER = re.compile(r"^\s*(?:\(\d+\)|\d+[.)]|#[.)])\s")  # "1. " starts an ordered list item; it claims nothing
FOOTNOTE_MARK = re.compile(r"\[\^[^\]]+\]")
# Digits glued to letters are part of a name (IMbrave050, E2805, HER2), not a count.
DIGITS = re.compile(r"(?P<comparator>[<>]?\s*)(?<![A-Za-z0-9])(?P<digits>\d[\d,.]*\d|\d)")
# A number word counting patients, places or time ("Twelve patients") is a number from the data too:
# what such a word may count.
COUNTED = (r"patients?|participants?|cases?|people|persons?|men|women|countr(?:y|ies)|centres?|centers?|"
           r"sites?|hospitals?|days?|weeks?|months?|years?|percent|per cent|deaths?|recurrences?|relapses?|events?")
# Words that may stand between a number and what it counts: "twelve consecutive patients".
QUALIFIERS = (r"male|female|elderly|older|younger|young|adult|cirrhotic|consecutive|eligible|evaluable|enrolled|"
              r"randomi[sz]ed|treated|resected|more|additional|other|further|separate|different|participating|"
              r"successive|full|calendar|high-risk|low-risk|(?-i:[A-Z][A-Za-z]+)")  # or a name or acronym: HCC, Asian
WORDS_OF_A_NUMBER = r"(?:{0})(?:[- ](?:{0}|hundred|thousand|(?:(?<=hundred )|(?<=thousand ))and))*".format(
    "|".join(NUMBER_WORDS))  # twelve, twenty-four, five hundred and twelve
ORDINAL_USE = "".join(rf"(?<!{word} )" for word in ("stage", "phase", "grade", "day", "type", "cycle", "part"))
COUNTED_WORD = re.compile(
    rf"\b{ORDINAL_USE}(?P<words>{WORDS_OF_A_NUMBER})"  # not 'stage one', 'phase two'
    rf"(?:\s+(?:of|to|or|and)\s+(?:the|these|those|all|them|{WORDS_OF_A_NUMBER}))?"  # twelve of the / to fourteen
    rf"(?:\s+(?:{QUALIFIERS})){{0,2}}[\s-]+(?:{COUNTED})\b(?!')",  # twelve consecutive Asian patients, six-month
    re.IGNORECASE,
)
UNIT_AFTER = re.compile(r"[\s-]*(%|[A-Za-z]+\b)")
CROSSREF_PREFIXES = ("tbl-", "fig-")
KNOWN_ATTRIBUTES = {"fact", "exempt", "was", "note"}


def parse_attributes(text, origin):
    """Parse pandoc attributes 'fact=storm.randomized was="1602"' into a dict."""
    attributes = {}
    for match in ATTRIBUTE.finditer(text):
        if match["key"] in attributes:
            raise BuildError(origin, f"malformed span attributes: expected {match['key']}= once, found it twice")
        attributes[match["key"]] = next(v for v in (match["double"], match["single"], match["bare"]) if v is not None)
    rest = ID_OR_CLASS.sub(" ", ATTRIBUTE.sub(" ", text))
    if rest.strip():
        hint = " (use straight quotes \")" if re.search("[“”‘’]", text) else ""
        raise BuildError(origin, f"malformed span attributes: expected key=value, #id or .class, found "
                                 f"'{rest.strip()}'{hint}")
    return attributes


def split_unit(content):
    """'24 wk' -> ('24', 'weeks'); '5.4' -> ('5.4', '')."""
    content = content.strip()
    if content.endswith("%"):
        return content[:-1].strip(), "percent"
    parts = content.rsplit(None, 1)
    if len(parts) == 2 and parts[1] in WRITTEN_UNITS:
        return parts[0], WRITTEN_UNITS[parts[1]]
    # '1114 patients' or 'Twelve patients', but not 'twenty four', which is one number
    number_first = not looks_like_number_word(content) or (
        number_word_value(content) is None and number_word_value(parts[0]) is not None)
    if len(parts) == 2 and re.fullmatch(r"[A-Za-z]+", parts[1]) and number_first:
        raise ValueError(
            f"expected a unit among {', '.join(sorted(set(WRITTEN_UNITS)))}, found '{parts[1]}' (a word that is "
            f"not a unit goes after the span: [{parts[0]}]{{fact=...}} {parts[1]})")
    return content, ""


def read_written(content, origin, key):
    try:
        number_text, unit = split_unit(content)
    except ValueError as error:
        raise BuildError(origin, f"{key}: {error}") from None
    try:
        return parse_number(number_text), unit
    except ValueError as error:
        if looks_like_number_word(content):
            raise BuildError(origin, f"{key}: unknown number word: expected digits or a number word "
                                     f"such as 'twelve' or 'twenty-four', found '{content}'") from None
        raise BuildError(origin, f"{key}: {error}") from None


def compare(written, unit, fact, days_per_month, origin):
    """Return (agrees, the fact's value in the written unit as text)."""
    fact_value = Decimal(fact["text"].lstrip("<>"))
    comparator = fact["comparator"]
    target = unit or fact["unit"]
    if unit and fact["unit"] in ("patients", "countries", "sites", ""):
        raise BuildError(origin, f"{fact['key']}: unit with no conversion: expected a plain number for a fact "
                                 f"counted in {fact['unit'] or 'no unit'}, found '{written.text}' with a unit")
    try:
        value = convert(fact_value, fact["unit"], target, days_per_month)
    except ValueError as error:
        raise BuildError(origin, f"{fact['key']}: unit with no conversion: {error}") from None
    shown = f"{comparator}{fact['text'].lstrip('<>')}" if value == fact_value else f"{value:.{written.decimals + 2}f}"
    return agrees(written, value, comparator), shown


def suggestion(fact, unit, written_decimals, days_per_month):
    """What to write for the fact in unit: its value at the written precision, or as finely as the data allows.

    None when even whole numbers of unit are finer than the data (5.4 months in days).
    """
    if fact["comparator"]:
        return fact["text"]
    value = convert(Decimal(fact["text"]), fact["unit"], unit or fact["unit"], days_per_month)
    fact_half_unit = parse_number(fact["text"]).half_unit
    for decimals in range(min(written_decimals, fact["decimals"] + 3), -1, -1):
        if convert(Decimal(5).scaleb(-decimals - 1), unit or fact["unit"], fact["unit"], days_per_month) \
                >= fact_half_unit:
            return str(value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
    return None


def counted_matches(text):
    """Matches of number words that count patients, places or time; 'Eleven of twelve patients' gives both."""
    found, position = [], 0
    while match := COUNTED_WORD.search(text, position):
        found.append(match)
        position = match.end("words")  # the next search may start inside this match: 'twelve' above
    return found


def counted_words(text):
    return [match["words"] for match in counted_matches(text)]


def split_counts(previous, line, origin):
    """A number word at the end of one line whose noun starts the next ('in twelve' / 'patients'):
    pandoc joins the lines of a paragraph, so the pair is one number for readers."""
    if not previous.strip() or not line.strip() or HEADING.match(line) or DIV_FENCE.match(line):
        return []
    tail = " ".join(SPAN.sub(" ", previous).split()[-6:])
    joined = f"{tail} {' '.join(SPAN.sub(' ', line).split()[:6])}"
    return [f"{origin}: unlinked number '{match['words']}': expected it linked or exempted, and the sentence on "
            f"one line (what it counts starts the next line), in: {joined}"
            for match in counted_matches(joined) if match.start("words") < len(tail) < match.end()]


def unlinked_numbers(prose, origin, line, list_item=False):
    """Messages for numbers outside spans, citations, link targets, attributes and code.

    A number is a run of digits, or a number word that counts patients, places or time.
    """
    bare = SPAN.sub(lambda m: " " if parse_attributes(m["attributes"], origin).keys() & {"fact", "exempt"}
                    else m["content"], prose)
    bare = LINK_TARGET.sub(lambda m: f" {m['title'] or ''} ", bare)  # a link's title is shown to readers
    if list_item:
        bare = LIST_MARKER.sub(" ", bare)
    # An attribute's title= or alt= is shown to readers (a tooltip); the rest of {...} is not.
    bare = ATTRIBUTE_BLOCK.sub(lambda m: " " + " ".join(v for pair in SHOWN_ATTRIBUTE.findall(m.group()) for v in pair),
                               bare).replace("&nbsp;", " ")
    for pattern in (ATTRIBUTE_BLOCK, AUTOLINK_OR_TAG, FOOTNOTE_MARK):
        bare = pattern.sub(" ", bare)
    bare = CITATION_KEY.sub(" ", bare)
    problems = []
    for match in REGISTRATION.finditer(bare):
        problems.append(f"{origin}: unlinked registry number '{match.group()}': expected "
                        f"[{match.group()}]{{exempt=\"registry number\"}}, in: {line.strip()}")
    bare = REGISTRATION.sub(" ", bare)
    numbers = [match["comparator"].replace(" ", "") + match["digits"] for match in DIGITS.finditer(bare)]
    numbers += counted_words(re.sub(r"[*_]|\\(?= )", "", bare))  # emphasis and escaped spaces do not hide them
    for number in numbers:
        problems.append(f"{origin}: unlinked number '{number}': expected [{number}]{{fact=...}} or "
                        f"[{number}]{{exempt=\"reason\"}}, in: {line.strip()}")
    return problems


def check(path, text, facts, references, edition, days_per_month):
    """Check the manuscript; return (report, errors). Errors are one-line messages."""
    text = text.removeprefix("\ufeff")  # a byte-order mark, as some editors write; pandoc ignores it
    numbers = []
    corrections = []
    cited = []
    crossrefs = []
    identifiers = set(IDENTIFIER.findall(text))
    prose_lines, errors = lines_to_check(path, text)
    errors += structure_problems(path, text, prose_lines)
    edition_prose, problems = edition_lines(path, prose_lines, edition)
    errors += problems
    # "1602. Patients..." inside a paragraph is text: pandoc starts a list only where a block may start.
    in_list = False
    unquoted = [(number, BLOCK_QUOTE.sub(lambda m: " " * len(m.group()), line)) for number, line in edition_prose]
    for index, (line_number, line) in enumerate(unquoted):
        origin = where(path, line_number)
        previous = unquoted[index - 1][1] if index else ""
        block_may_start = not previous.strip() or HEADING.match(previous) or DIV_FENCE.match(previous)
        starts_item = LIST_MARKER.match(line) or BULLET.match(line)
        in_list = bool(starts_item and (in_list or block_may_start) or (in_list and line.strip()))
        try:
            if UNCLOSED_SPAN.search(line):
                raise BuildError(origin, "malformed span: expected '}' to close the attributes on the same line")
            code_free = without_code(line)
            for match in SPAN_END.finditer(code_free):
                if opening_bracket(code_free, match.start()) is None:
                    # The check reads a line at a time: a span cut by a line break would go unchecked.
                    raise BuildError(origin, f"span ending ]{{{match['attributes']}}}: expected it to open on the "
                                             "same line, found its '[' on an earlier line (one sentence per line)")
            errors.extend(link_problems(line, origin))
            if line.lstrip().startswith(":::") and "table=" in line and "#tbl-" not in line:
                raise BuildError(origin, "generated table: expected an id starting with tbl- ({#tbl-name}), "
                                         f"found: {line.strip()}")
            for match in CITATION_GROUP.finditer(line):
                keys = [key_match["key"] for key_match in CITATION_KEY.finditer(match.group())]
                if len(keys) > 1 and any(key.startswith(CROSSREF_PREFIXES) for key in keys):
                    raise BuildError(origin, f"cross-reference in a citation group {match.group()}: expected it "
                                             "on its own, such as (@tbl-negative)")
                for key in keys:
                    (crossrefs if key.startswith(CROSSREF_PREFIXES) else cited).append((key, line_number))
                # A citation's locators ("p. 33") are not claims; any other number in it is prose.
                keys_marked = CITATION_KEY.sub("\x00", match.group())
                rest = LOCATOR.sub(" ", BARE_LOCATOR.sub(" ", keys_marked).replace("\x00", " "))
                for digits in DIGITS.finditer(rest):
                    errors.append(f"{origin}: unlinked number '{digits['digits']}' in a citation: expected only "
                                  f"keys and locators such as p. 33, in: {line.strip()}")
            prose = CITATION_GROUP.sub(" ", line)
            for key_match in CITATION_KEY.finditer(SPAN.sub(" ", prose)):
                (crossrefs if key_match["key"].startswith(CROSSREF_PREFIXES) else cited).append(
                    (key_match["key"], line_number))
            for span in SPAN.finditer(prose):
                attributes = parse_attributes(span["attributes"], origin)
                if "fact" in attributes and re.search(r"(^|[\s(])[-−+]$", prose[:span.start()]):
                    raise BuildError(origin, f"sign outside the span [{span['content']}]: expected it inside, "
                                             "such as [−0.4 mo]{fact=...}")
                if "fact" in attributes and re.search(r"[<>≤≥]\s*$", prose[:span.start()]):
                    raise BuildError(origin, f"comparison sign outside the span [{span['content']}]: expected it "
                                             "inside, such as P [<0.001]{fact=...}")
                # A unit written just after the span ("[169]{fact=...} days") is the number's unit.
                following = UNIT_AFTER.match(prose, span.end())
                unit_after = following[1] if following and following[1] in WRITTEN_UNITS else ""
                entry = check_span(span["content"], attributes, facts, edition, days_per_month, origin,
                                   line_number, unit_after)
                if entry:
                    numbers.append(entry)
                    if entry.get("was") is not None and edition == "corrected":
                        corrections.append({key: entry[key] for key in (
                            "line", "was", "text", "fact", "description", "ref", "ref_label", "location",
                            "status", "note")})
                    if entry["verdict"] == "mismatch" and edition == "corrected":
                        errors.append(f"{origin}: {entry['fact']}: {entry['problem']}, found "
                                      f"'{entry['text']}' in: {line.strip()}")
            errors.extend(unlinked_numbers(prose, origin, line, list_item=in_list))
            errors.extend(split_counts(previous, line, where(path, unquoted[index - 1][0]) if index else origin))
        except BuildError as error:
            errors.append(str(error))
    for key, line_number in cited:
        if key not in references:
            errors.append(f"{where(path, line_number)}: unknown citation key '{key}': expected a key of references.bib")
    for key, line_number in crossrefs:
        if key not in identifiers:
            errors.append(f"{where(path, line_number)}: unknown cross-reference '@{key}': expected a table or "
                          f"figure with {{#{key}}} in the manuscript")
    if corrections and "corrections" not in identifiers:
        errors.append(f"{where(path, corrections[0]['line'])}: was= records a correction: expected a "
                      "::: {#corrections} div where the corrections are listed, found none")
    cited_keys = list(dict.fromkeys(key for key, _ in cited))
    for entry in numbers:
        # The tooltip names the source; the reference list must hold it, so the text must cite it.
        if entry["verdict"] != "exempt" and entry["ref"] not in cited_keys:
            errors.append(f"{where(path, entry['line'])}: {entry['fact']}: its source {entry['ref']} is cited nowhere: "
                          f"expected [@{entry['ref']}] in the text (the reference list holds only what is cited)")
    verdicts = [entry["verdict"] for entry in numbers]
    report = {
        "edition": edition,
        "manuscript": str(path),
        "days_per_month": str(days_per_month),
        "numbers": numbers,
        "corrections": corrections,
        "citations": {"cited": cited_keys, "uncited": sorted(set(references) - set(cited_keys))},
        "summary": {verdict: verdicts.count(verdict) for verdict in sorted(set(verdicts))},
    }
    return report, errors


def check_span(content, attributes, facts, edition, days_per_month, origin, line_number, unit_after=""):
    unknown = set(attributes) - KNOWN_ATTRIBUTES
    if "fact" not in attributes and "exempt" not in attributes:
        if attributes.keys() & {"was", "note"}:
            raise BuildError(origin, f"malformed span [{content}]: expected was= and note= with fact=, "
                                     "such as [1114]{fact=storm.randomized was=\"1602\"}, found no fact=")
        if unknown - {"lang", "dir", "edition"}:
            raise BuildError(origin, f"malformed span: expected fact= or exempt=, found {', '.join(sorted(unknown))}")
        if attributes.get("edition", "corrected") not in ("corrected", "published"):
            raise BuildError(origin, f"malformed span: expected edition=corrected or edition=published, "
                                     f"found edition={attributes['edition']}")
        return None
    if unknown == {"edition"}:
        raise BuildError(origin, f"malformed span: expected edition= on a span of its own, such as "
                                 f"[[{content}]{{fact=...}}]{{edition={attributes['edition']}}}, found it with fact=")
    if unknown:
        raise BuildError(origin, f"malformed span: expected attributes among {', '.join(sorted(KNOWN_ATTRIBUTES))}, "
                                 f"found {', '.join(sorted(unknown))}")
    if "fact" in attributes and "exempt" in attributes:
        raise BuildError(origin, "malformed span: expected fact= or exempt=, found both")
    if "exempt" in attributes:
        if "was" in attributes:
            raise BuildError(origin, "malformed span: expected was= only with fact=, found it with exempt=")
        if len(attributes["exempt"].strip()) < 3:
            raise BuildError(origin, f"exempt number '{content}': expected a reason such as exempt=\"year\", "
                                     f"found '{attributes['exempt']}'")
        return {"line": line_number, "text": content, "verdict": "exempt", "reason": attributes["exempt"]}
    if "note" in attributes and "was" not in attributes:
        raise BuildError(origin, f"malformed span [{content}]: expected note= only with was= (it explains a "
                                 "correction), found no was=")
    note_numbers = [m["digits"] for m in DIGITS.finditer(attributes.get("note", ""))] + \
        counted_words(attributes.get("note", ""))
    if note_numbers:
        raise BuildError(origin, f"note=\"{attributes['note']}\": expected a note without numbers (they would reach "
                                 f"readers unchecked in the corrections), found '{note_numbers[0]}'")
    key = attributes["fact"]
    if not key:
        raise BuildError(origin, "malformed span: expected a fact key after fact=, found nothing")
    fact = facts.get(key)
    if fact is None:
        close = difflib.get_close_matches(key, facts, n=3)
        hint = f" such as {', '.join(close)}" if close else " (see build/facts.json)"
        raise BuildError(origin, f"unknown fact key '{key}': expected a key of the data{hint}")
    written_text, read_as = content, key
    was_named = f'{key}, was="{attributes.get("was")}"'  # so that an error in was= says so
    if edition == "published" and attributes.get("was") is not None:
        written_text, read_as = attributes["was"], was_named
    written, unit = read_written(written_text, origin, read_as)
    if not unit and unit_after:
        written_text = f"{written_text} {unit_after}"
        unit = WRITTEN_UNITS[unit_after]
    if not unit and fact["unit"] in (*TIME_UNITS, "percent"):
        raise BuildError(origin, f"{key}: expected a unit with the number, inside the span or just after it "
                                 f"(the data is in {fact['unit']}), found '{written_text}' alone")
    agrees_with_data, shown = compare(written, unit, fact, days_per_month, origin)
    fact_half_unit = parse_number(fact["text"]).half_unit
    # 2.80 for 2.8, or 24.14 wk for 169 days, claims a precision the data does not have.
    too_precise = agrees_with_data and (
        convert(written.half_unit, unit or fact["unit"], fact["unit"], days_per_month) < fact_half_unit
        if fact["unit"] not in ("patients", "countries", "sites") else written.decimals > fact["decimals"])
    agrees_with_data = agrees_with_data and not too_precise
    data = f"data: {fact['text']} {fact['unit']}".rstrip()
    best = suggestion(fact, unit, written.decimals, days_per_month)
    if best is not None and unit:
        best = f"{best}%" if unit == "percent" else f"{best} {unit}"
    if best is None:
        problem = (f"the number in {fact['unit']}: the data ({fact['text']} {fact['unit']}) is known only to "
                   f"±{fact_half_unit} {fact['unit']}, too coarse for whole {unit}")
    elif too_precise:
        known = f"{fact_half_unit} {fact['unit']}".rstrip()
        problem = f"{best} ({data}, known to ±{known}: more digits claim more precision)"
    else:
        problem = f"{best} ({data})"
    entry = {
        "line": line_number,
        "text": written_text,
        "unit": unit,
        "fact": key,
        "fact_text": fact["text"],
        "fact_unit": fact["unit"],
        "fact_in_written_unit": shown,
        "description": fact["description"],
        "ref": fact["ref"],
        "ref_label": fact["ref_label"],
        "location": fact["location"],
        "status": fact["status"],
        "note": attributes.get("note", ""),
        "was": attributes.get("was"),
        "verdict": "ok" if agrees_with_data else ("discrepancy" if edition == "published" else "mismatch"),
        "problem": "" if agrees_with_data else f"expected {problem}",
    }
    if edition == "corrected" and attributes.get("was") is not None:
        published, published_unit = read_written(attributes["was"], origin, was_named)
        published_unit = published_unit or (WRITTEN_UNITS[unit_after] if unit_after else "")
        if compare(published, published_unit, fact, days_per_month, origin)[0]:
            raise BuildError(origin, f"{key}: was=\"{attributes['was']}\" records a published error, but it "
                                     "agrees with the data: remove was=")
        if agrees_with_data:
            entry["verdict"] = "corrected"
    return entry


def metadata_problems(path, schema_path):
    """Messages about the bibliographic record: YAML, its schema, affiliation ids, raw markup."""
    text = Path(path).read_text(encoding="utf-8")
    try:
        record = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        context = f"{error.context}, " if getattr(error, "context", None) else ""
        return [f"{where(path, mark.line + 1 if mark else None)}: expected YAML, found {context}"
                f"{getattr(error, 'problem', error)}"]
    if not isinstance(record, dict):
        return [f"{where(path, 1)}: expected a mapping of fields such as journal: and author:, found "
                f"{type(record).__name__}"]
    problem = schema_problem(path, record, schema_path, kind="field")
    if problem:
        return [problem]
    problems = []
    title_numbers = [m["digits"] for m in DIGITS.finditer(record["running-title"])] + \
        counted_words(record["running-title"])
    if title_numbers:
        node = yaml_node(path, ["running-title"])
        problems.append(f"{where(path, node.start_mark.line + 1)}: running-title: expected a title without numbers "
                        f"(it cannot link them to the data), found '{title_numbers[0]}'")
    ids = [affiliation["id"] for affiliation in record["affiliation"]]
    for index, number in enumerate(ids):
        if number in ids[:index]:
            node = yaml_node(path, ["affiliation", str(index), "id"])
            problems.append(f"{where(path, node.start_mark.line + 1)}: affiliation id {number}: expected each id once, "
                            "found it again")
    used = {number for author in record["author"] for number in author["affiliation"]}
    for index, number in enumerate(ids):
        if number not in used:
            node = yaml_node(path, ["affiliation", str(index), "id"])
            problems.append(f"{where(path, node.start_mark.line + 1)}: affiliation {number}: expected an author "
                            "with it, found none (it would be printed with no one to belong to)")
    corresponding = [author["name"] for author in record["author"] if author.get("corresponding")]
    if len(corresponding) != 1:
        problems.append(f"{where(path, yaml_node(path, ['author']).start_mark.line + 1)}: expected one author "
                        f"with corresponding: true (correspondence: names one), found {len(corresponding)}")
    known = set(ids)
    for index, author in enumerate(record["author"]):
        for number in author["affiliation"]:
            if number not in known:
                node = yaml_node(path, ["author", str(index), "affiliation"])
                problems.append(f"{where(path, node.start_mark.line + 1)}: author {author['name']}: expected an "
                                f"affiliation id of affiliation: ({', '.join(map(str, sorted(known)))}), "
                                f"found {number}")
    for node in scalar_nodes(yaml.compose(text)):
        value = AUTOLINK.sub(" ", EMAIL_AUTOLINK.sub(" ", node.value))  # <https://...>, <a@b.org> are links
        for pattern, kind in ((RAW_TAG, "raw HTML"), (RAW_TEX, "raw TeX")):
            for match in pattern.finditer(value):
                problems.append(f"{where(path, node.start_mark.line + 1)}: {kind} '{match.group()}': expected "
                                "plain text (metadata is rendered as Markdown)")
    return problems


def scalar_nodes(node):
    """Every scalar (a value as the YAML file gives it, with its place) under a composed YAML node."""
    if isinstance(node, yaml.ScalarNode):
        return [node]
    if isinstance(node, yaml.MappingNode):
        return [scalar for _, value in node.value for scalar in scalar_nodes(value)]
    if isinstance(node, yaml.SequenceNode):
        return [scalar for item in node.value for scalar in scalar_nodes(item)]
    return []


def summary_text(report):
    lines = [f"Numbers in {report['manuscript']} ({report['edition']} edition)", ""]
    for entry in report["numbers"]:
        if entry["verdict"] == "exempt":
            lines.append(f"line {entry['line']:>4}  {entry['text']:<12} exempt: {entry['reason']}")
            continue
        converted = f" ({entry['fact_in_written_unit']} {entry['unit']})" if entry["unit"] and \
            entry["unit"] != entry["fact_unit"] else ""
        lines.append(
            f"line {entry['line']:>4}  {entry['text']:<12} {entry['verdict']:<11} {entry['fact']} = "
            f"{entry['fact_text']} {entry['fact_unit']}".rstrip() + converted
            + f"  [{entry['ref_label']}, {entry['location']}; {entry['status']}]"
        )
    lines += ["", "Totals: " + ", ".join(f"{count} {verdict}" for verdict, count in report["summary"].items())]
    if report["citations"]["uncited"]:
        lines.append("references.bib entries cited nowhere: " + ", ".join(report["citations"]["uncited"]))
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("manuscript")
    parser.add_argument("--metadata", required=True)
    parser.add_argument("--metadata-schema", required=True)
    parser.add_argument("--facts", required=True)
    parser.add_argument("--references", required=True)
    parser.add_argument("--edition", choices=("corrected", "published"), default="corrected")
    parser.add_argument("--days-per-month", required=True, help="from config.yaml")
    parser.add_argument("--report", required=True)
    parser.add_argument("--summary", required=True)
    args = parser.parse_args()
    path = Path(args.manuscript)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise BuildError(where(path, line), f"expected UTF-8 text, found byte 0x{raw[error.start]:02x}") from None
    facts = json.loads(Path(args.facts).read_text(encoding="utf-8"))["facts"]
    references = json.loads(Path(args.references).read_text(encoding="utf-8"))
    report, errors = check(args.manuscript, text, facts, references, args.edition,
                           Decimal(args.days_per_month))
    if args.edition == "corrected":  # both editions share the record, and each waits for both checks
        errors += metadata_problems(args.metadata, args.metadata_schema)
    if errors:
        print("\n".join(f"error: {message}" for message in errors), file=sys.stderr)
        sys.exit(1)
    if report["citations"]["uncited"] and args.edition == "corrected":
        print("note: references.bib entries cited nowhere: " + ", ".join(report["citations"]["uncited"]),
              file=sys.stderr)
    write_json(args.report, report)
    write_atomic(args.summary, summary_text(report))


if __name__ == "__main__":
    fail_cleanly(main)
