"""Find the source line of each piece of text that pandoc read.

pandoc's markdown reader keeps no source positions. The manuscript is written
one sentence per line, so each line of a paragraph (pandoc's text between two
soft breaks) is one line of the source: it is found by looking, from the line
after the previous find, for the first line whose words contain its words in
order. Markup (attributes, citation keys, emphasis marks) only adds words to
the source line, so it never hides a match. A piece whose words are found on
no line within reach gets no line; callers say so, with the lines around it.
"""

import html
import re
import unicodedata

WORDS = re.compile(r"[^\W_]+")
REACH = 400  # lines searched ahead; a miss never scans the whole manuscript
WINDOW = 3  # a piece may run over this many lines (inline code or a raw block holding line breaks)


def words(text):
    """The words of text as a reader or a writer would type them (letters and digits, lower case)."""
    return WORDS.findall(unicodedata.normalize("NFC", text).lower())


def contains_in_order(haystack, needles):
    """Are needles a subsequence of haystack?"""
    position = 0
    for needle in needles:
        try:
            position = haystack.index(needle, position) + 1
        except ValueError:
            return False
    return True


class SourceLines:
    """The words of each line of a source file, searched forward in order."""

    def __init__(self, text, first_line=1):
        self.lines = [words(html.unescape(line)) for line in text.splitlines()]
        self.cursor = first_line - 1  # index of the next line to search from

    def find(self, needles):
        """The 1-based lines (first, last) holding needles at or after the cursor, or None.

        One line is looked for first; failing that, a few consecutive lines (text that pandoc
        read as one piece across line breaks, such as inline code). A find moves the cursor past it.
        """
        if not needles:
            return None
        end = min(len(self.lines), self.cursor + REACH)
        for width in range(1, WINDOW + 1):
            for index in range(self.cursor, end - width + 1):
                if contains_in_order([word for line in self.lines[index:index + width] for word in line], needles):
                    self.cursor = index + width
                    return index + 1, index + width
        return None

    def words_of(self, line):
        return self.lines[line - 1]

    def find_anywhere(self, needles, start_line=1):
        """The one line holding needles from start_line on, or from the top; None when none or several do.

        For text that pandoc moves away from where it was written: a footnote's text sits where
        it is referenced, while its definition may be anywhere.
        """
        if not needles:
            return None
        for begin in (start_line - 1, 0):
            hits = [index + 1 for index in range(begin, len(self.lines)) if contains_in_order(self.lines[index], needles)]
            if len(hits) == 1:
                return hits[0]
            if hits:
                return None
        return None


def place(run, runs_of_source, source, near=""):
    """'file:line', or 'file, between lines a and b (...)' when the text was not found in the source.

    near: the text the message is about; of a run over several lines, the line holding it is named.
    """
    if run is not None and run.line is not None:
        wanted = words(near)
        line = next((number for number, line_words in run.line_words
                     if wanted and contains_in_order(line_words, wanted)), run.line)
        return f"{source}:{line}"
    lines = [r.line for r in runs_of_source]
    index = runs_of_source.index(run) if run in runs_of_source else -1
    before = next((line for line in reversed(lines[:index]) if line is not None), None) if index >= 0 else None
    after = next((line for line in lines[index + 1:] if line is not None), None) if index >= 0 else None
    if before or after:
        return f"{source}, between lines {before or 1} and {after or 'the end'} (its text was not found in the source)"
    return f"{source} (the line could not be found in the source)"


def sentence(run):
    return " ".join(run.text.split()) if run is not None else ""
