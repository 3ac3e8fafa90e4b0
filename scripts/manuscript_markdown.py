"""How the manuscript's Markdown is read, as pandoc reads it, before its numbers are checked.

Which lines are prose (comments and code blocks are not; raw output is refused),
which belong to an edition ([...]{edition=...} spans and ::: divs), and the
frame around the prose: front matter, ids, typed tables, links and images.
Each function returns one-line problems, 'file:line: expected ..., found ...'.
"""

import re

import yaml

from common import where

IDENTIFIER = re.compile(r"\{#(?P<id>[\w:.-]+)")
URL = r"(?:[^()\s]|\([^()\s]*\))*"  # a link target may hold balanced parentheses, as DOIs do
INLINE_CODE = re.compile(r"`[^`]*`")
BLOCK_QUOTE = re.compile(r"^ {0,3}(?:>\s?)+")
BULLET = re.compile(r"^\s*[-*+]\s")
MARKDOWN_TARGET = re.compile(rf"(?P<image>!?)\[[^\[\]]*\]\((?P<target>{URL})(?:\s[^)]*)?\)")
AUTOLINK = re.compile(r"<(?P<target>[a-zA-Z][\w+.-]*:[^<>\s]*)>")
RAW_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
RAW_TEX = re.compile(r"(?<!\\)\\[A-Za-z]+")  # \emph, \newpage; not an escaped backslash
IMAGE_FORMATS = (".svg", ".png", ".jpg", ".jpeg")
# The only pages the editorial may link to: DOI, PubMed (and PubMed Central) and trial registries.
ALLOWED_LINKS = ("https://doi.org/", "https://pubmed.ncbi.nlm.nih.gov/", "https://www.ncbi.nlm.nih.gov/pubmed/",
                 "https://www.ncbi.nlm.nih.gov/pmc/", "https://clinicaltrials.gov/")
FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})\s*(?P<info>\{[^}]*\}|[\w+.-]*)\s*$")
RAW_INLINE = re.compile(r"`[^`]*`\{=\w+\}")
LINK_DEFINITION = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s*<?(?P<target>[^\s>]+)")  # [^1]: is a footnote
EDITION_ATTRIBUTE = re.compile(r"(?<![\w-])edition=[\"']?(?P<value>[^\s\"'}]+)")
HEADING = re.compile(r"^ {0,3}#{1,6}\s")
HEADING_EDITION = re.compile(r"(?<!\])\{[^{}]*(?<![\w-])edition=[^{}]*\}\s*$")  # ## Title {edition=...}
# The rule under a pipe table's header (|---|:--:|) or a grid table's border (+---+---+).
PIPE_TABLE_RULE = re.compile(r"^\s*(?=[^|]*\|)\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")  # |---|:--:|
GRID_TABLE_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")  # +----+----+
SIMPLE_TABLE_RULE = re.compile(r"^\s*-{2,}(?:\s+-{2,})+\s*$")  # -----  ---, under a header line
SPAN_END = re.compile(r"\]\{(?P<attributes>[^{}]*)\}")
DIV_FENCE = re.compile(r"^ {0,3}:{3,}\s*(?P<attributes>.*?)\s*$")  # pandoc: indented 4 spaces is code


def without_code(line):
    """The line with inline code blanked, so brackets and spans in code are not taken for Markdown."""
    return INLINE_CODE.sub(lambda m: " " * len(m.group()), line)


def escaped(line, index):
    """Is the character at index escaped by an odd number of backslashes?"""
    backslashes = len(line[:index]) - len(line[:index].rstrip("\\"))
    return backslashes % 2 == 1


def opening_bracket(line, close):
    """The index of the '[' that the ']' at close matches, or None when it is on an earlier line."""
    depth = 0
    for index in range(close, -1, -1):
        if line[index] in "[]" and not escaped(line, index):
            depth += 1 if line[index] == "]" else -1
            if depth == 0:
                return index
    return None


def lines_to_check(path, text):
    """(line number, text) of the prose with comments and code blocks blanked, and problems found.

    Code blocks, raw blocks and raw inlines (```{=html}, `...`{=typst}) are refused:
    they would reach readers unchecked. A comment or code block left open is an error, since it would
    silently hide the rest of the manuscript from the check.
    """
    lines, problems = [], []
    comment_start = code_start = None
    for number, line in enumerate(text.splitlines(), 1):
        fence = FENCE.match(line)
        if fence and comment_start is None:
            if code_start is None and "{=" in fence["info"]:
                problems.append(f"{where(path, number)}: raw block {fence['info']}: expected Markdown "
                                "(raw output would reach readers unchecked)")
            elif code_start is None:
                problems.append(f"{where(path, number)}: code block: expected prose (the numbers in a code "
                                "block would reach readers unchecked)")
            code_start = number if code_start is None else None
            continue
        if code_start is not None:
            continue
        if RAW_INLINE.search(line):
            problems.append(f"{where(path, number)}: raw inline '{RAW_INLINE.search(line).group()}': expected Markdown")
        # Look for comment marks outside inline code, where `<!--` is only text.
        masked = without_code(line)
        kept, position = [], 0
        while position < len(line):
            if comment_start is not None:
                end = masked.find("-->", position)
                if end < 0:
                    break
                comment_start, position = None, end + 3
            else:
                start = masked.find("<!--", position)
                if start < 0:
                    kept.append(line[position:])
                    break
                kept.append(line[position:start])
                comment_start, position = number, start + 4
        lines.append((number, "".join(kept)))
    if comment_start is not None:
        problems.append(f"{where(path, comment_start)}: comment: expected '-->' to close it, found none "
                        "(the rest of the manuscript would not be checked)")
    if code_start is not None:
        problems.append(f"{where(path, code_start)}: code block: expected a closing fence, found none")
    return lines, problems


def edition_lines(path, lines, edition):
    """The lines as this edition shows them (another edition's spans and ::: divs blank), and problems.

    A div opens only after a blank line, as in pandoc; a fence elsewhere would show as text.
    """
    other = "published" if edition == "corrected" else "corrected"
    kept, problems, divs = [], [], []  # divs: (line, whether it is the other edition's) for each open div
    previous = ""
    for number, line in lines:
        fence = DIV_FENCE.match(line)
        if fence and fence["attributes"]:
            if previous.strip() and not DIV_FENCE.match(previous):
                problems.append(f"{where(path, number)}: div {line.strip()}: expected a blank line before it "
                                "(pandoc would show it as text)")
            value = EDITION_ATTRIBUTE.search(fence["attributes"])
            divs.append((number, bool(value and value["value"] == other)))
        elif fence and divs:
            divs.pop()
        if not fence and any(hidden for _, hidden in divs):
            kept.append((number, ""))
            previous = line
            continue
        code_free = without_code(line)
        for match in reversed(list(SPAN_END.finditer(code_free))):
            value = EDITION_ATTRIBUTE.search(match["attributes"])
            start = opening_bracket(code_free, match.start())
            if value and value["value"] == other and start is not None:
                line = line[:start] + " " * (match.end() - start) + line[match.end():]
        kept.append((number, line))
        previous = line
    problems += [f"{where(path, number)}: div: expected ':::' to close it, found none (the rest of the "
                 "manuscript would be hidden)" for number, _ in divs]
    return kept, problems


def yaml_blocks(lines):
    """The first lines of the YAML metadata blocks pandoc would read: after a blank line (also in a
    block quote, a list or a div), '---', lines with a 'key:', then '---' or '...' before a blank line."""
    unmarked = [BLOCK_QUOTE.sub("", line).strip() for _, line in lines]
    starts = []
    for index, line in enumerate(unmarked):
        if line != "---" or (index and unmarked[index - 1]) or index + 1 >= len(unmarked) or not unmarked[index + 1]:
            continue
        body = []
        for following in unmarked[index + 1:]:
            if following in ("---", "...") or not following:
                break
            body.append(following)
        else:
            following = ""
        if following in ("---", "...") and any(re.match(r"""["']?[\w-]+["']?\s*:""", item) for item in body):
            starts.append(lines[index][0])
    return starts


def structure_problems(path, text, lines):
    """Messages about the manuscript's frame: its front matter, where ids sit, edition values."""
    problems = []
    front = re.match(r"---\n(.*?)\n(?:---|\.\.\.)\n", text.replace("\r\n", "\n"), re.S)
    try:
        front_matter = (yaml.safe_load(front[1]) or {}) if front else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        return [f"{where(path, line)}: front matter: expected YAML, found {getattr(error, 'problem', error)}"]
    if not isinstance(front_matter, dict):
        return [f"{where(path, 2)}: front matter: expected title: ..., found {front_matter!r}"]
    # pandoc lets the manuscript's own metadata override metadata.yaml, which is checked: only the title here.
    others = [key for key in front_matter if key != "title"]
    if others:
        problems.append(f"{where(path, 2)}: front matter: expected only title: (the record lives in "
                        f"metadata.yaml), found {', '.join(map(str, others))}")
    title = front_matter.get("title")
    end_of_front = front[0].count("\n") if front else 0
    for number in yaml_blocks(lines):
        if number > end_of_front:
            problems.append(f"{where(path, number)}: a YAML metadata block: expected metadata only in the front "
                            f"matter (title:) and metadata.yaml")
    if not title:
        problems.append(f"{where(path, 1)}: expected front matter with a title (---, title: ..., ---), found none")
    if not any(line.strip() for number, line in lines if not front or number > front[0].count("\n")):
        problems.append(f"{where(path, 1)}: expected the text of the editorial, found none")
    first_seen = {}
    previous = ""
    for number, line in lines:
        for identifier in IDENTIFIER.findall(line):
            if identifier in first_seen:
                problems.append(f"{where(path, number)}: id {identifier}: expected each id once, found it again "
                                f"(first at line {first_seen[identifier]})")
            first_seen.setdefault(identifier, number)
        if HEADING.match(line) and HEADING_EDITION.search(line):
            problems.append(f"{where(path, number)}: edition= on a heading: expected it on a ::: div around the "
                            "section, or on a span")
        header_above = bool(previous.strip())
        previous = line
        grid = GRID_TABLE_RULE.match(line)
        if grid or (header_above and (PIPE_TABLE_RULE.match(line) or SIMPLE_TABLE_RULE.match(line))):
            start = number if grid else number - 1  # a pipe or simple table's header is above its rule
            problems.append(f"{where(path, start)}: a table typed in the manuscript: expected tables generated "
                            "from the data, ::: {#tbl-name table=\"tables/....json\"} (typed numbers go unchecked)")
        for match in IDENTIFIER.finditer(line):
            identifier = match["id"]
            if identifier.startswith("tbl-") and not (line.lstrip().startswith(":::") and "table=" in line):
                problems.append(f"{where(path, number)}: id {identifier}: expected it on a generated table, "
                                "::: {#tbl-name table=\"tables/....json\"}")
            if identifier.startswith("fig-") and not line.lstrip().startswith("!["):
                problems.append(f"{where(path, number)}: id {identifier}: expected it on a figure, an image alone "
                                "in its paragraph: ![caption](figures/....svg){#fig-name}")
        table = re.search(r"\btable=[\"']?(?P<path>[^\s\"'}]+)", line)
        if table and not table["path"].endswith(".json"):
            problems.append(f"{where(path, number)}: table={table['path']}: expected a JSON file written by the "
                            "build, such as tables/table1.json")
        for match in EDITION_ATTRIBUTE.finditer(line):
            if match["value"] not in ("corrected", "published"):
                problems.append(f"{where(path, number)}: edition={match['value']}: expected edition=corrected or "
                                "edition=published")
    return problems


def link_problems(line, origin):
    """Messages for links outside DOI, PubMed and registries, web images and raw HTML."""
    problems = []
    for match in MARKDOWN_TARGET.finditer(line):
        target = match["target"]
        if match["image"] and re.match(r"[a-zA-Z][\w+.-]*:", target):
            problems.append(f"{origin}: image '{target}': expected a file of the project (the build loads "
                            "nothing from the network), found a web address")
        elif match["image"] and not target.lower().endswith(IMAGE_FORMATS):
            problems.append(f"{origin}: image '{target}': expected an image file ({', '.join(IMAGE_FORMATS)}) "
                            "that both the HTML and the PDF can show")
        elif not match["image"] and not target.startswith("#") and not target.startswith(ALLOWED_LINKS):
            problems.append(f"{origin}: link to '{target}': expected a DOI, PubMed or trial-registry page "
                            f"({', '.join(ALLOWED_LINKS)}) or #an-anchor")
    definition = LINK_DEFINITION.match(line)
    if definition and not definition["target"].startswith("#") and not definition["target"].startswith(ALLOWED_LINKS):
        problems.append(f"{origin}: link to '{definition['target']}': expected a DOI, PubMed or trial-registry page "
                        "(a web image is not allowed either)")
    for match in AUTOLINK.finditer(line):
        if not match["target"].startswith(ALLOWED_LINKS):
            problems.append(f"{origin}: link to '{match['target']}': expected a DOI, PubMed or trial-registry page")
    for match in RAW_TAG.finditer(AUTOLINK.sub(" ", line)):
        problems.append(f"{origin}: raw HTML '{match.group()}': expected Markdown (raw HTML would reach readers "
                        "unchecked)")
    for match in RAW_TEX.finditer(INLINE_CODE.sub(" ", line)):
        problems.append(f"{origin}: raw TeX '{match.group()}': expected Markdown (pandoc would pass it to the "
                        "PDF unchecked, and drop it from the HTML)")
    return problems
