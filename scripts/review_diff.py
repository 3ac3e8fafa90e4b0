"""Compare two sentences token by token (tokens from review_tokens.py).

The result is a list of (mark, containers, inlines) items for review_tokens.rebuild(): mark is
None for what both sides have, "del" or "ins" for what one side has. Spaces are items too, so
that taking every insertion and dropping every deletion gives the new text exactly, and the
reverse the old text (what Word's "accept all" and "reject all" do with tracked changes).
A number span whose fact is the same on both sides but whose text changed becomes one
review-fact span holding both spans: it reads "33.3 → 33.4", not as two unrelated words.
"""

from difflib import SequenceMatcher


class ContainerMap(dict):
    """Old container serial -> the new container it corresponds to (learnt from equal tokens)."""

    def learn(self, old_path, new_path):
        for old, new in zip(old_path, new_path):
            if old.signature != new.signature:
                break
            self.setdefault(old.serial, new)


def old_path(token, mapping):
    """Old containers swapped for their new counterparts, outermost first, while they correspond."""
    result, following = [], True
    for container in token.path:
        counterpart = mapping.get(container.serial) if following else None
        following = counterpart is not None
        result.append(counterpart or container)
    return tuple(result)


def number_change(old, new):
    """A review-fact span: one number whose fact is the same and whose text (or correction) changed."""
    key = dict(new.inline["c"][0][2]).get("fact")
    attr = [new.identifier, ["review-fact"], [["fact", key], ["old-id", old.identifier]]]
    return {"t": "Span", "c": [attr, [old.inline, new.inline]]}


def equal_items(old, new, mapping):
    """Items of two tokens with the same key; their spaces compared too."""
    mapping.learn(old.path, new.path)
    inline = new.inline
    changed = False
    if new.kind == "fact" and old.inline["c"] != new.inline["c"]:
        if old.text != new.text or attribute_pairs(old) != attribute_pairs(new):
            inline, changed = number_change(old, new), True
    items = [(None, new.path, [inline])]
    if old.trail == new.trail:
        items[0][2].extend(new.trail)
    else:
        if old.trail:
            items.append(("del", new.path, old.trail))
        if new.trail:
            items.append(("ins", new.path, new.trail))
    return items, changed


def attribute_pairs(token):
    """A number span's attributes that the writer chose (fact, was, note), without its generated id."""
    return sorted(pair for pair in token.inline["c"][0][2] if pair[0] in ("fact", "was", "note", "corrected"))


def side_items(tokens, mark, mapping):
    return [(mark, old_path(token, mapping) if mark == "del" else token.path, [token.inline] + token.trail)
            for token in tokens]


def diff_tokens(old, new):
    """(items, fact pairs, whether anything changed) for two token lists.

    Fact pairs are (old token, new token) for every number span: paired when the same fact is at
    the same place, or, within a changed stretch, in order (a number tied to another fact);
    unpaired ones are (token, None) or (None, token).
    """
    matcher = SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False)
    mapping = ContainerMap()
    opcodes = matcher.get_opcodes()
    # Learn the containers both sides share first, so that deleted words stay inside them.
    for operation, i1, i2, j1, j2 in opcodes:
        if operation == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2]):
                mapping.learn(a.path, b.path)
    items, pairs, changed = [], [], False
    for operation, i1, i2, j1, j2 in opcodes:
        if operation == "equal":
            for a, b in zip(old[i1:i2], new[j1:j2]):
                more, number_changed = equal_items(a, b, mapping)
                items.extend(more)
                changed = changed or number_changed or a.trail != b.trail
                if b.kind == "fact":
                    pairs.append((a, b))
            continue
        changed = True
        gone, came = old[i1:i2], new[j1:j2]
        items.extend(side_items(gone, "del", mapping))
        items.extend(side_items(came, "ins", mapping))
        gone_facts = [t for t in gone if t.kind == "fact"]
        came_facts = [t for t in came if t.kind == "fact"]
        for index in range(max(len(gone_facts), len(came_facts))):
            pairs.append((gone_facts[index] if index < len(gone_facts) else None,
                          came_facts[index] if index < len(came_facts) else None))
    return items, pairs, changed
