"""Align two versions of a text: blocks, then sentences, then tokens.

Both sides are walked in order. Blocks are matched by kind and identifier or text; blocks
that differ are paired with the most alike of the other side (a paragraph with one word
changed is one changed paragraph, not a deletion and an insertion). Paragraphs are compared
sentence by sentence (the source holds one per line), sentences token by token
(review_tokens.py). What comes out is one pandoc AST in which deleted and inserted inlines sit
in review-del and review-ins spans, a number whose text changed is a review-fact span holding
its old and new spans, and every sentence is a review-sentence span.
"""

from difflib import SequenceMatcher

from audit_output import block_texts
from pandoc_ast import ATTRIBUTED, attributes, inline_text
from review_diff import diff_tokens
from review_tokens import Tokenizer, mark_span, rebuild, sentences

PAIRING_THRESHOLD = 0.4  # two blocks or sentences this alike (difflib ratio) are one that changed


def align(olds, news, key, similarity):
    """[(old or None, new or None)] in order: equal keys paired, the rest paired by similarity."""
    matcher = SequenceMatcher(None, [key(item) for item in olds], [key(item) for item in news], autojunk=False)
    pairs = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            pairs.extend(zip(olds[i1:i2], news[j1:j2]))
        else:
            pairs.extend(pair_up(olds[i1:i2], news[j1:j2], similarity))
    return pairs


def pair_up(olds, news, similarity):
    """Order-keeping pairs of old and new items that maximise total similarity (above the threshold)."""
    rows, cols = len(olds), len(news)
    score = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            alike = similarity(olds[i], news[j])
            paired = score[i + 1][j + 1] + alike if alike >= PAIRING_THRESHOLD else -1.0
            score[i][j] = max(paired, score[i + 1][j], score[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < rows or j < cols:
        if i < rows and j < cols and similarity(olds[i], news[j]) >= PAIRING_THRESHOLD \
                and score[i][j] == score[i + 1][j + 1] + similarity(olds[i], news[j]):
            pairs.append((olds[i], news[j]))
            i, j = i + 1, j + 1
        elif i < rows and (j == cols or score[i][j] == score[i + 1][j]):
            pairs.append((olds[i], None))
            i += 1
        else:
            pairs.append((None, news[j]))
            j += 1
    return pairs


def ratio(a, b):
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def without_citations(value):
    """A copy of an AST fragment without its Cite elements (whose labels a renumbering changes)."""
    if isinstance(value, list):
        return [without_citations(item) for item in value if not (isinstance(item, dict) and item.get("t") == "Cite")]
    if isinstance(value, dict):
        return {key: without_citations(item) for key, item in value.items()}
    return value


def block_text(block):
    """A block's text without citation labels: what aligning blocks goes by."""
    return " ".join(" ".join(block_texts([without_citations(block)])).split())


def block_key(block):
    kind = block["t"]
    if kind in ("Div", "Table", "Figure") and block["c"][0][0]:
        return (kind, block["c"][0][0])
    return (kind, block_text(block))


def block_similarity(old, new):
    if old["t"] != new["t"]:
        return 0.0
    if block_key(old)[1] == block_key(new)[1]:
        return 1.0
    if old["t"] in ("Div", "Table", "Figure") and (old["c"][0][0] or new["c"][0][0]):
        return 0.0  # blocks with identifiers are the same block only under the same identifier
    old_words, new_words = block_text(old).split(), block_text(new).split()
    if min(len(old_words), len(new_words)) < 4:
        return ratio(" ".join(old_words), " ".join(new_words))  # a short cell: alike by its letters
    return ratio(old_words, new_words)


class Merger:
    """Merges an old and a new AST's blocks; records what it paired on the way."""

    def __init__(self):
        self.tokenizer = Tokenizer()  # one for both sides: container serials never clash
        self.fact_pairs = []  # (old token or None, new token or None) of every number span
        self.sentences = []  # {"old": tokens or None, "new": tokens or None, "prose": bool, "changed": bool}
        self.table_cells = []  # changed cells of generated tables (review_table.py)
        self.prose = True
        self.bare = False  # in the reference list: citeproc's spans, which HTML writes as divs, take no wrapper
        self.new_ids = set()  # the new side's identifiers: a deleted block must not take one (a moved reference)

    # -- blocks --------------------------------------------------------------------------------

    def blocks(self, olds, news):
        merged = []
        for old, new in align(olds or [], news or [], block_key, block_similarity):
            merged.extend(self.block(old, new))
        return merged

    def block(self, old, new):
        """The merged blocks of a pair (either side may be None: a deleted or an inserted block)."""
        if new is None:
            old = self.renamed(old)
        some = new or old
        kind = some["t"]
        if kind in ("Para", "Plain"):
            return [{"t": kind, "c": self.paragraph(old["c"] if old else [], new["c"] if new else [])}]
        if kind == "Header":
            level, attr, inlines = some["c"]
            merged = self.sentence(old and old["c"][2], new and new["c"][2], heading=text(inlines))
            return [{"t": "Header", "c": [level, attr, merged]}]
        if kind == "Div":
            return [self.div(old, new)]
        if kind == "BlockQuote":
            return [{"t": kind, "c": self.blocks(old and old["c"], new and new["c"])}]
        if kind in ("BulletList", "OrderedList"):
            return [self.listing(old, new)]
        if kind == "Table":
            from review_table import merge_table  # here: review_table builds on this module

            return [merge_table(self, old, new)]
        if kind == "Figure":
            attr, caption, body = some["c"]
            long = self.blocks(old and old["c"][1][1], new and new["c"][1][1])
            return [{"t": "Figure", "c": [attr, [caption[0], long], body]}]
        if old is not None and new is not None and old == new:
            return [new]
        return [block for block in (old, new) if block is not None]  # nothing finer to compare

    def renamed(self, block):
        """A deleted block whose identifier the new text uses elsewhere, as was-<id>."""
        position = ATTRIBUTED.get(block["t"])
        if position is None or attributes(block).identifier not in self.new_ids:
            return block
        parts = list(block["c"])
        parts[position] = ["was-" + parts[position][0], *parts[position][1:]]
        return {"t": block["t"], "c": parts}

    def div(self, old, new):
        some = new or old
        attr = some["c"][0]
        keeps_prose = self.prose
        identifier = attr[0]
        keeps_bare = self.bare
        if identifier in ("refs", "corrections") or dict(attr[2]).get("generated"):
            self.prose = False  # built text: not in the manuscript's source lines
        self.bare = self.bare or identifier == "refs"
        merged = {"t": "Div", "c": [attr, self.blocks(old and old["c"][1], new and new["c"][1])]}
        self.prose, self.bare = keeps_prose, keeps_bare
        return merged

    def listing(self, old, new):
        some = new or old

        def items(block):
            if block is None:
                return []
            return block["c"] if block["t"] == "BulletList" else block["c"][1]

        def item_similarity(a, b):
            return ratio(" ".join(block_text(x) for x in a).split(), " ".join(block_text(x) for x in b).split())

        merged = [self.blocks(a, b) for a, b in align(items(old), items(new), lambda item: str(item),
                                                       item_similarity)]
        if some["t"] == "BulletList":
            return {"t": "BulletList", "c": merged}
        return {"t": "OrderedList", "c": [some["c"][0], merged]}

    # -- paragraphs and sentences ----------------------------------------------------------------

    def paragraph(self, old_inlines, new_inlines):
        """A paragraph's merged inlines: sentences paired, each marked; the breaks between them kept right."""
        olds = [(identifier, self.tokenizer.tokens(inlines), inlines) for identifier, inlines in sentences(old_inlines)]
        news = [(identifier, self.tokenizer.tokens(inlines), inlines) for identifier, inlines in sentences(new_inlines)]

        def key(sentence):
            return tuple(token.key for token in sentence[1])

        def similarity(a, b):
            return ratio(key(a), key(b))

        merged, old_started, new_started = [], False, False
        for old, new in align(olds, news, key, similarity):
            in_old, in_new = old is not None, new is not None
            # A break exists on a side when that side already has a sentence and this one is on it too.
            gap_old, gap_new = in_old and old_started, in_new and new_started
            if gap_old and gap_new:
                merged.append({"t": "SoftBreak"})
            elif gap_old or gap_new:
                merged.append(mark_span("del" if gap_old else "ins", [{"t": "SoftBreak"}]))
            old_started, new_started = old_started or in_old, new_started or in_new
            span = self.sentence_span(old, new)
            merged.extend(span["c"][1] if self.bare else [span])
        return merged

    def sentence_span(self, old, new):
        identifier = new[0] if new else ("was-" + old[0] if old[0] else "")
        inlines, changed = self.compare(old[1] if old else None, new[1] if new else None, id=identifier)
        state = "changed" if changed else "same"
        if old is None or new is None:
            # A whole sentence: one mark around it as written, not one per container inside it.
            state = "inserted" if old is None else "deleted"
            inlines = [mark_span("ins" if old is None else "del", list((new or old)[2]))]
        return {"t": "Span", "c": [[identifier, ["review-sentence", state], []], inlines]}

    def sentence(self, old_inlines, new_inlines, **record):
        """Merged inlines of a heading or other single run of text."""
        old = self.tokenizer.tokens(old_inlines) if old_inlines is not None else None
        new = self.tokenizer.tokens(new_inlines) if new_inlines is not None else None
        return self.compare(old, new, **record)[0]

    def compare(self, old, new, **record):
        """(merged inlines, whether anything changed) of two token lists (None: that side has none).

        Each comparison is recorded (self.sentences), with what the caller adds (its id, a heading's text).
        """
        items, pairs, changed = diff_tokens(old or [], new or [])
        self.fact_pairs.extend(pairs)
        self.sentences.append({"old": old, "new": new, "prose": self.prose,
                               "changed": changed or old is None or new is None, **record})
        return rebuild(items), changed or old is None or new is None


def identifiers(value, found=None):
    """Every element identifier in an AST fragment."""
    found = set() if found is None else found
    if isinstance(value, dict):
        if value.get("t") in ATTRIBUTED:
            identifier = attributes(value).identifier
            if identifier:
                found.add(identifier)
        identifiers(value.get("c"), found)
    elif isinstance(value, list):
        for item in value:
            identifiers(item, found)
    return found


def merge_document(old_ast, new_ast):
    """(merged AST, the Merger with its records) of two ASTs; metadata from the new one."""
    merger = Merger()
    merger.new_ids = identifiers(new_ast["blocks"])
    blocks = merger.blocks(old_ast["blocks"] if old_ast else [], new_ast["blocks"])
    return {"pandoc-api-version": new_ast["pandoc-api-version"], "meta": new_ast["meta"], "blocks": blocks}, merger


def text(inlines):
    return " ".join(inline_text(inlines).split())
