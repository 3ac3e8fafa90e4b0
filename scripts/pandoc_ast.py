"""Small helpers for pandoc's JSON AST (pandoc -t json): attributes, text, element names.

The AST is kept as pandoc writes it (lists and dicts), so what is read is what
the renderings later read back with `pandoc -f json`.
"""

from dataclasses import dataclass, field


@dataclass
class Attr:
    """An element's attributes: identifier, classes and key=value pairs (in order)."""

    identifier: str = ""
    classes: list = field(default_factory=list)
    pairs: list = field(default_factory=list)

    @classmethod
    def of(cls, raw):
        identifier, classes, pairs = raw
        return cls(identifier, list(classes), [tuple(pair) for pair in pairs])

    def get(self, key, default=None):
        return next((value for name, value in self.pairs if name == key), default)

    @property
    def keys(self):
        return [name for name, _ in self.pairs]


# Where each element keeps its attributes and its content inside "c".
ATTRIBUTED = {"Span": 0, "Div": 0, "Header": 1, "Code": 0, "CodeBlock": 0, "Link": 0, "Image": 0, "Table": 0,
              "Figure": 0}


def attributes(element):
    """The Attr of an element that has attributes, else an empty one."""
    position = ATTRIBUTED.get(element["t"])
    if position is None:
        return Attr()
    return Attr.of(element["c"][position])


def set_identifier(element, identifier):
    """Give an element with attributes the identifier (the AST is changed in place)."""
    element["c"][ATTRIBUTED[element["t"]]][0] = identifier


def inline_text(inlines):
    """The text a reader sees in a list of inlines (pandoc.utils.stringify, with quotes kept)."""
    parts = []
    for element in inlines:
        kind, content = element["t"], element.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            parts.append(inline_text(content))
        elif kind == "Quoted":
            opening, closing = ("“", "”") if content[0]["t"] == "DoubleQuote" else ("‘", "’")
            parts.append(opening + inline_text(content[1]) + closing)
        elif kind in ("Span", "Link"):
            parts.append(inline_text(content[1]))
        elif kind == "Cite":
            parts.append(inline_text(content[1]))
        elif kind in ("Code", "Math"):
            parts.append(content[1])
        elif kind == "Image":
            parts.append(inline_text(content[1]))
    return "".join(parts)


def meta_text(value):
    """The text of a metadata value (MetaInlines, MetaString, MetaBlocks...)."""
    kind, content = value["t"], value.get("c")
    if kind == "MetaString":
        return content
    if kind == "MetaInlines":
        return inline_text(content)
    if kind == "MetaBlocks":
        return " ".join(inline_text(block["c"]) for block in content if block["t"] in ("Para", "Plain"))
    if kind == "MetaBool":
        return "true" if content else "false"
    if kind == "MetaList":
        return ", ".join(meta_text(item) for item in content)
    return ""
