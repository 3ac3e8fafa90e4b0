"""Word files from pandoc: written with fixed dates, read back as text, tracked changes made sound.

pandoc's docx writer dates the file from SOURCE_DATE_EPOCH (without it, from the clock). For
tracked changes, pandoc may give a deletion and the insertion after it the same w:id, and it
leaves the paragraph mark (or table row) of a wholly deleted paragraph untracked, so that
accepting every change would keep an empty paragraph: finish_tracked() mends both.
"""

import io
import os
import subprocess
import zipfile
from datetime import datetime

from lxml import etree

from read_manuscript import pandoc_path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
DOCUMENT = "word/document.xml"


def epoch(timestamp):
    """Seconds since 1970 of an ISO 8601 time ('2016-08-18T00:00:00Z')."""
    return int(datetime.fromisoformat(timestamp.replace("Z", "+00:00")).timestamp())


def pandoc_docx(source, options, timestamp, stdin=None):
    """(docx bytes, pandoc's stderr) of a pandoc run writing Word, dated timestamp; source may be '-'."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch(timestamp)))
    result = subprocess.run([pandoc_path(), source, *options, "--to", "docx", "--output", "-"], input=stdin,
                            capture_output=True, env=env)
    return result.returncode, result.stdout, result.stderr.decode("utf-8", "replace")


def document_root(docx):
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read(DOCUMENT))


def paragraph_texts(root):
    """The text of each paragraph of word/document.xml as Word shows it (deleted text left out)."""
    texts = []
    for paragraph in root.iter(f"{{{W}}}p"):
        texts.append("".join(node.text or "" for node in paragraph.iter(f"{{{W}}}t")))
    return texts


def renumber_revisions(root):
    """Give every w:ins and w:del its own w:id, after every other id in the document (bookmarks)."""
    revisions = [node for node in root.iter(f"{{{W}}}ins", f"{{{W}}}del")]
    others = [int(node.get(f"{{{W}}}id")) for node in root.iter() if node.get(f"{{{W}}}id", "").isdigit()
              and node not in revisions]
    start = max(others, default=0) + 1
    for offset, node in enumerate(revisions):
        node.set(f"{{{W}}}id", str(start + offset))


def inside(run, tag, element):
    node = run.getparent()
    while node is not None and node is not element:
        if node.tag == tag:
            return True
        node = node.getparent()
    return False


def blank(run):
    return not "".join(node.text or "" for node in run.iter(f"{{{W}}}t", f"{{{W}}}delText")).strip()


def whole_revision(element):
    """'del' or 'ins' when every run of element with text sits in a deletion (or insertion), else None.

    pandoc writes some runs of its own between marked ones (the tab after a reference's number):
    blank runs do not count.
    """
    runs = [run for run in element.iter(f"{{{W}}}r") if not blank(run)]
    if not runs:
        return None
    for kind in ("del", "ins"):
        if all(inside(run, f"{{{W}}}{kind}", element) for run in runs):
            return kind
    return None


def absorb(element, kind, author, date):
    """Put element's unmarked (blank) runs into revisions of kind, so accepting or rejecting removes them too."""
    tag = f"{{{W}}}{kind}"
    for run in [run for run in element.iter(f"{{{W}}}r") if not inside(run, tag, element)]:
        wrapper = etree.Element(tag)
        run.addprevious(wrapper)
        wrapper.append(run)
        wrapper.set(f"{{{W}}}id", "0")
        wrapper.set(f"{{{W}}}author", author)
        wrapper.set(f"{{{W}}}date", date)
        if kind == "del":
            for text in run.iter(f"{{{W}}}t"):
                text.tag = f"{{{W}}}delText"


def add_mark(properties, kind, author, date):
    mark = etree.SubElement(properties, f"{{{W}}}{kind}")
    mark.set(f"{{{W}}}id", "0")  # renumbered with the others
    mark.set(f"{{{W}}}author", author)
    mark.set(f"{{{W}}}date", date)


def child(parent, name, first=False):
    """parent's child w:name, made (first or last) when it has none."""
    found = parent.find(f"w:{name}", NS)
    if found is None:
        found = etree.Element(f"{{{W}}}{name}")
        parent.insert(0, found) if first else parent.append(found)
    return found


def track_marks(root, author, date):
    """Track the paragraph mark of each wholly deleted or inserted paragraph, and such table rows.

    A paragraph in a table cell is left to its row: a cell cannot lose its last paragraph.
    """
    for paragraph in list(root.iter(f"{{{W}}}p")):
        kind = whole_revision(paragraph)
        if kind and paragraph.getparent().tag != f"{{{W}}}tc":
            absorb(paragraph, kind, author, date)
            add_mark(child(child(paragraph, "pPr", first=True), "rPr"), kind, author, date)
    for row in list(root.iter(f"{{{W}}}tr")):
        kind = whole_revision(row)
        if kind:
            absorb(row, kind, author, date)
            add_mark(child(row, "trPr", first=True), kind, author, date)


def replace_document(docx, root):
    """The docx with word/document.xml replaced, every other entry (and its date) as it was."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == DOCUMENT:
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(info, data, compress_type=info.compress_type)
    return out.getvalue()


def finish_tracked(docx, author, date):
    """A tracked-changes docx made sound: marks of whole paragraphs and rows tracked, revision ids unique."""
    root = document_root(docx)
    track_marks(root, author, date)
    renumber_revisions(root)
    return replace_document(docx, root)
