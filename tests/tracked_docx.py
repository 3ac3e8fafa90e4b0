"""Word's "accept all" and "reject all" on a docx's tracked changes, for the review's tests.

Accepting keeps insertions and drops deletions; a paragraph (or row) whose mark is tracked as
deleted goes, and one whose mark is tracked as inserted stays. Rejecting does the opposite.
"""

import io
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(name):
    return f"{{{W}}}{name}"


def document(docx):
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def resolve(root, keep):
    """The document with every change of kind keep ('ins' to accept, 'del' to reject) kept, the others undone."""
    drop = "del" if keep == "ins" else "ins"
    for holder in list(root.iter(q("p"), q("tr"))):
        properties = holder.find(q("pPr") + "/" + q("rPr")) if holder.tag == q("p") else holder.find(q("trPr"))
        if properties is not None and properties.find(q(drop)) is not None:
            holder.getparent().remove(holder)  # its mark (and so the paragraph or row) is undone
    for mark in list(root.iter(q(drop))):
        if mark.getparent().tag not in (q("rPr"), q("trPr")):
            mark.getparent().remove(mark)
    for mark in list(root.iter(q(keep))):
        parent = mark.getparent()
        if parent.tag in (q("rPr"), q("trPr")):
            parent.remove(mark)
            continue
        index = parent.index(mark)
        for offset, child in enumerate(list(mark)):
            parent.insert(index + offset, child)
        parent.remove(mark)
    for text in root.iter(q("delText")):
        text.tag = q("t")
    return root


def texts(root):
    """Each paragraph's text, in order."""
    return ["".join(node.text or "" for node in paragraph.iter(q("t"))) for paragraph in root.iter(q("p"))]


def accepted(docx):
    return texts(resolve(document(docx), "ins"))


def rejected(docx):
    return texts(resolve(document(docx), "del"))
