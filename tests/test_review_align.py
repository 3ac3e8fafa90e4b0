"""The review's alignment of two texts, on small pieces of Markdown read by pandoc (no build needed)."""

import json
import subprocess

import pytest

from pandoc_ast import inline_text
from read_manuscript import pandoc_path
from review_align import merge_document


def ast(markdown):
    result = subprocess.run([pandoc_path(), "--from", "markdown", "--to", "json"], input=markdown,
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def merged(old, new):
    return merge_document(ast(old), ast(new))


def side(value, keep):
    """The merged AST as one side reads it: 'ins' keeps insertions (accept all), 'del' deletions (reject all)."""
    drop = "review-del" if keep == "ins" else "review-ins"
    if isinstance(value, list):
        out = []
        for item in value:
            if isinstance(item, dict) and item.get("t") == "Span" and item["c"][0][1] == [drop]:
                continue
            converted = side(item, keep)
            if isinstance(item, dict) and item.get("t") == "Span" and (
                    item["c"][0][1] in (["review-del"], ["review-ins"]) or "review-sentence" in item["c"][0][1]):
                out.extend(converted["c"][1])
            elif isinstance(item, dict) and item.get("t") == "Span" and item["c"][0][1] == ["review-fact"]:
                out.append(converted["c"][1][1 if keep == "ins" else 0])
            else:
                out.append(converted)
        return out
    if isinstance(value, dict):
        return {key: side(item, keep) for key, item in value.items()}
    return value


def paragraph_texts(document):
    """The text of each paragraph; a paragraph wholly of the other side is empty here, and left out
    (the tracked copy tracks its paragraph mark, docx_output.track_marks)."""
    texts = [inline_text(block["c"]) for block in document["blocks"] if block["t"] == "Para"]
    return [text for text in texts if text]


def marks(document):
    found = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("t") == "Span" and value["c"][0][1] in (["review-del"], ["review-ins"]):
                found.append((value["c"][0][1][0][7:], inline_text(value["c"][1]).strip()))
                return
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document["blocks"])
    return found


EDITS = [
    ("A b c.\nD e f.\n", "A x c.\nD e f.\n"),
    ("A b c.\nD e f.\n", "D e f.\n"),
    ("A b c.\nD e f.\n", "A b c.\nNew one.\nD e f.\n"),
    ("A b c.\n", "A b c d.\n"),
    ("A b *c d* e.\n", "A b *c x* e.\n"),
    ("One.\n\nTwo.\n\nThree.\n", "One.\n\nThree.\n\nFour.\n"),
    ("Median [33.3 mo]{fact=s.rfs.median.d} here.\n", "Median [33.4 mo]{fact=s.rfs.median.d} here.\n"),
]


@pytest.mark.parametrize("old, new", EDITS)
def test_taking_every_insertion_gives_the_new_text_and_every_deletion_the_old(old, new):
    document, _ = merged(old, new)
    assert paragraph_texts(side(document, "ins")) == paragraph_texts(ast(new))
    assert paragraph_texts(side(document, "del")) == paragraph_texts(ast(old))


def test_only_the_changed_word_is_marked():
    document, _ = merged("The trial failed to meet its endpoint.\n", "The trial did not meet its primary endpoint.\n")
    assert marks(document) == [("del", "failed to"), ("ins", "did not"), ("ins", "primary")]


def test_a_number_with_a_new_value_is_one_token_and_a_number_tied_to_another_fact_is_paired():
    document, merger = merged("It was [33.3 mo]{fact=s.rfs.median.d} and [5]{fact=s.n.d} here.\n",
                              "It was [33.4 mo]{fact=s.rfs.median.d} and [5]{fact=s.n.p} here.\n")
    changes = [element for element in json.loads(json.dumps(document))["blocks"][0]["c"][0]["c"][1]
               if element["t"] == "Span" and element["c"][0][1] == ["review-fact"]]
    assert len(changes) == 1 and inline_text(changes[0]["c"][1][:1]) == "33.3 mo"
    keys = [(old.key[1] if old else None, new.key[1] if new else None) for old, new in merger.fact_pairs]
    assert keys == [("s.rfs.median.d", "s.rfs.median.d"), ("s.n.d", "s.n.p")]


def test_a_renumbered_citation_is_no_change():
    old = ast("Text[@a].\n")
    new = json.loads(json.dumps(old))
    cite = new["blocks"][0]["c"][1]
    assert cite["t"] == "Cite"
    cite["c"][1] = [{"t": "Str", "c": "[7]"}]  # as citeproc renders it after a reference was added earlier
    document, _ = merge_document(old, new)
    assert marks(document) == []


def test_an_emphasised_word_deleted_stays_inside_its_emphasis():
    document, _ = merged("A *b c d* e.\n", "A *b d* e.\n")
    emph = document["blocks"][0]["c"][0]["c"][1][2]
    assert emph["t"] == "Emph" and marks({"blocks": [emph]}) == [("del", "c")]
