"""Tokens of pandoc inlines, for comparing two versions of a sentence word by word.

A sentence's inlines become a flat list of tokens: words and punctuation, each with the
containers it sits in (emphasis, a link, one edition's span) and the space after it. A number
tied to a fact, an exempt number, a citation, a cross-reference and a note are one token each,
compared by what they mean (fact key, cited keys, target) rather than by how they are rendered:
a renumbered citation is the same citation, and a number whose text changed is the same number
with a new value. rebuild() turns marked tokens back into nested inlines.
"""

import json
import re

from pandoc_ast import attributes, inline_text

# A number with its decimal point is one token ("33.3", rendered numbers have lost their
# spans in the Word pipeline); words keep their inner hyphens and apostrophes ("post-surgery",
# "Editor's"); any other character that is not a letter or digit is a token of its own, so
# that a changed comma is marked as a comma, not as the word before it.
PIECE = re.compile(r"\d+(?:[.,]\d+)+|[^\W_]+(?:[-’'‐][^\W_]+)*|\s+|.", re.S)
# Element type -> where its inlines are in "c" (None: "c" is the list itself).
CONTAINERS = {"Emph": None, "Strong": None, "Underline": None, "Strikeout": None, "Superscript": None,
              "Subscript": None, "SmallCaps": None, "Quoted": 1, "Link": 1, "Span": 1}
SPACES = ("Space", "SoftBreak")
MARKS = {"del": "review-del", "ins": "review-ins"}


class Container:
    """One element that holds inlines (an Emph, a Link...), as met in one version of the text."""

    __slots__ = ("signature", "serial", "element")

    def __init__(self, element, serial):
        self.element = element
        self.serial = serial
        shell = dict(element, c=set_content(element, []))
        self.signature = json.dumps(shell, sort_keys=True)


class Token:
    """A word, a punctuation mark or an atomic element, with its containers and the space after it."""

    __slots__ = ("key", "kind", "inline", "path", "trail")

    def __init__(self, key, kind, inline, path):
        self.key, self.kind, self.inline, self.path = key, kind, inline, path
        self.trail = []

    @property
    def text(self):
        return inline_text([self.inline])

    @property
    def identifier(self):
        return attributes(self.inline).identifier


def content(element):
    position = CONTAINERS[element["t"]]
    return element["c"] if position is None else element["c"][position]


def set_content(element, inlines):
    """The "c" of element with its inlines replaced (the element itself is left alone)."""
    position = CONTAINERS[element["t"]]
    if position is None:
        return inlines
    parts = list(element["c"])
    parts[position] = inlines
    return parts


def atomic_key(element):
    """The key of an element compared whole, or None for an element to look into."""
    kind = element["t"]
    if kind == "Span":
        attr = attributes(element)
        if attr.get("fact") is not None:
            return ("fact", attr.get("fact"))
        if attr.get("exempt") is not None:
            return ("exempt", attr.get("exempt"), inline_text(element["c"][1]))
        if "csl-left-margin" in attr.classes:
            # A reference's number in the list: a renumbering is reported once, in the summary.
            return ("reference-number",)
        return None
    if kind == "Cite":
        # The cited keys, their locators and affixes: not the rendered label, which renumbering changes.
        return ("cite", json.dumps([[c["citationId"], c["citationMode"]["t"], inline_text(c["citationPrefix"]),
                                     inline_text(c["citationSuffix"])] for c in element["c"][0]]))
    if kind == "Link" and attributes(element).get("generated") == "crossref":
        return ("crossref", element["c"][2][0])
    if kind in CONTAINERS:
        return None
    return (kind, json.dumps(element.get("c"), sort_keys=True))


class Tokenizer:
    """Flattens inlines into tokens; serials tell apart two containers that look alike."""

    def __init__(self):
        self.serial = 0

    def tokens(self, inlines):
        out = []
        self._walk(inlines, (), out)
        return out

    def _walk(self, inlines, path, out):
        for element in inlines:
            kind = element["t"]
            if kind in SPACES:
                if out:
                    out[-1].trail.append(element)
                continue  # a space before any word has nothing to compare
            if kind == "Str":
                for piece in PIECE.findall(element["c"]):
                    out.append(Token(("w", path_signature(path), piece), "word", {"t": "Str", "c": piece}, path))
                continue
            key = atomic_key(element)
            if key is not None:
                out.append(Token(key + (path_signature(path),), key[0], element, path))
                continue
            self.serial += 1
            self._walk(content(element), path + (Container(element, self.serial),), out)


def path_signature(path):
    return tuple(container.signature for container in path)


def text_of(tokens):
    """The text of tokens as a reader sees it."""
    return "".join(token.text + (" " if token.trail else "") for token in tokens).strip()


def mark_span(mark, inlines):
    return {"t": "Span", "c": [["", [MARKS[mark]], []], inlines]}


def is_mark(element, mark):
    return element["t"] == "Span" and element["c"][0][1] == [MARKS[mark]]


def rebuild(items):
    """Nested inlines from (mark, path, inlines) items, in order.

    Consecutive items in the same containers share them; consecutive items with the same mark
    (del, ins) share one mark span inside the innermost container.
    """
    root = []
    stack = [(None, root)]  # (container serial, list being filled)
    for mark, path, inlines in items:
        depth = 0
        while depth < len(path) and depth + 1 < len(stack) and stack[depth + 1][0] == path[depth].serial:
            depth += 1
        del stack[depth + 1:]
        for container in path[depth:]:
            element = dict(container.element, c=set_content(container.element, []))
            stack[-1][1].append(element)
            stack.append((container.serial, content(element)))
        target = stack[-1][1]
        if mark is None:
            target.extend(inlines)
        elif target and is_mark(target[-1], mark):
            target[-1]["c"][1].extend(inlines)
        else:
            target.append(mark_span(mark, list(inlines)))
    return root


def sentences(inlines):
    """A paragraph's sentences: (identifier, inlines), split at its soft breaks.

    The source holds one sentence per line, which pandoc reads as soft breaks. A sentence that
    filters/sentences.lua wrapped in a span keeps that span's identifier (s-...).
    """
    found, run = [], []
    for element in inlines + [{"t": "SoftBreak"}]:
        if element["t"] != "SoftBreak":
            run.append(element)
            continue
        while run and run[-1]["t"] == "Space":
            run.pop()
        if len(run) == 1 and is_sentence_span(run[0]):
            found.append((run[0]["c"][0][0], run[0]["c"][1]))
        elif run:
            found.append(("", run))
        run = []
    return found


def is_sentence_span(element):
    return element["t"] == "Span" and element["c"][0][0].startswith("s-") and not element["c"][0][1] \
        and not element["c"][0][2]
