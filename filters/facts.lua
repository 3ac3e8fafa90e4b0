--[[
Numbers, claims and references, as the number check judged them.

The renderings read the AST that scripts/check_numbers.py wrote, in which every
number span, claim and corrected words has an id, and its report (numbers-file),
which holds each one's verdict, fact, value, source and status (filters/report.lua).
Nothing is decided here:

* A number tied to a fact shows its mark († unverified, § corrected, ‖ the
  published text differs) after it, in every format; in HTML it is also
  focusable and shows its provenance on hover and keyboard focus.
* A claim about the numbers shows the relation and the values it rests on the
  same way; an undecidable one is marked † and says why it was not checked.
* Corrected words show § and, in HTML, the published words and their source.
* An exempt number is plain text; a trial registration links to its registry.
* Each reference list entry says whether the work is reconstructed and which
  identifiers are unverified (references-index).
* Text only one edition shows, and labels the build generated, lose their wrappers.

Metadata it reads: numbers-file, references-index, edition.
]]

package.path = pandoc.path.directory(PANDOC_SCRIPT_FILE) .. "/?.lua;" .. package.path
local report = require("report")

local function marks(entry)
  local text = report.mark_text(entry)
  if entry.generated or text == "" then
    return pandoc.Inlines({}) -- Table 1 writes its own marks
  end
  return pandoc.Inlines({ pandoc.Span({ pandoc.Str(text) }, { class = "fact-mark", ["aria-hidden"] = "true" }) })
end

local function number_tooltip(entry)
  local text = entry.description .. ": " .. report.value_text(entry) .. " · " .. report.source_text(entry)
    .. " · " .. entry.status
  if entry.verdict == "corrected" then
    text = text .. " · corrected; published as " .. entry.was
  elseif entry.verdict == "discrepancy" and entry.corrected_text ~= pandoc.null and entry.corrected_text then
    text = text .. " · the published text differs from the source; the corrected edition has " .. entry.corrected_text
  end
  return text
end

local function claim_tooltip(entry)
  if entry.verdict == "undecidable" then
    return "Claim not checked: " .. entry.because
  elseif entry.kind == "correction" then
    local text = "Corrected words; published as “" .. pandoc.utils.stringify(report.published_inlines(entry.was))
      .. "” · " .. entry.because .. " · " .. report.source_text(entry) .. " · " .. entry.status
    if entry.verdict == "discrepancy" then
      text = "The published words; the corrected edition has “" .. entry.corrected_text .. "” · " .. entry.because
    end
    return text
  end
  local text = "Claim: " .. entry.relation .. " · " .. entry.values .. " · " .. entry.status
  if entry.verdict == "corrected" then
    text = text .. " · corrected; published as “" .. entry.was .. "” (" .. entry.was_claim .. ")"
  elseif entry.verdict == "discrepancy" then
    text = text .. " · the data contradicts the published claim; the corrected edition has “"
      .. (entry.corrected_text or "") .. "”"
  end
  return text
end

-- A number, claim or corrected words in HTML: focusable, with its provenance as a tooltip.
local function html_number(span, entry, kind, tooltip_text)
  local tooltip_id = "t-" .. span.identifier
  local shown = pandoc.Inlines(span.content)
  shown:extend(marks(entry))
  shown:insert(pandoc.Span({ pandoc.Str(tooltip_text) },
    pandoc.Attr(tooltip_id, { "fact-source" }, { { "role", "tooltip" } })))
  local classes = { kind, entry.status ~= "" and entry.status or "verified" }
  if report.MARKS[entry.verdict] then
    classes[#classes + 1] = entry.verdict
  end
  -- Attributes as an ordered list: a Lua table's key order changes from run to run.
  return pandoc.Span(shown, pandoc.Attr(span.identifier, classes, {
    { "tabindex", "0" },
    { "data-" .. kind, entry.fact or entry.claim or entry.kind },
    { "data-status", entry.status },
    { "aria-describedby", tooltip_id },
  }))
end

local function judged_span(span, kind)
  local entry = report.entries[span.identifier]
  if not entry then
    error("[" .. pandoc.utils.stringify(span) .. "] has no verdict in the report: rebuild its check")
  end
  if entry.verdict == "no claim" then
    return span.content
  end
  if FORMAT:match("html") then
    local tooltip = kind == "fact" and number_tooltip(entry) or claim_tooltip(entry)
    return html_number(span, entry, kind, tooltip)
  end
  local shown = pandoc.Inlines(span.content)
  shown:extend(marks(entry))
  return shown
end

local function exempt_span(span)
  local registration = pandoc.utils.stringify(span.content):match("^NCT%d%d%d%d%d%d%d%d$")
  if registration then
    return pandoc.Link(span.content, "https://clinicaltrials.gov/study/" .. registration)
  end
  return span.content
end

-- In metadata (the title, for <title> and the running head) and image descriptions, plain text.
local plain = {
  Span = function(span)
    return span.content
  end,
}

-- A status mark of a reference, kept on one line (Typst would hyphenate it).
local function status_mark(text)
  if FORMAT == "typst" then
    return pandoc.RawInline("typst", "#box[" .. text .. "]")
  end
  return pandoc.Span({ pandoc.Str(text) }, { class = "ref-status" })
end

local function mark_reference(div)
  local key = div.identifier:match("^ref%-(.+)$")
  local entry = key and report.references[key]
  if not entry then
    return nil
  end
  local marks_of_entry = pandoc.Inlines({})
  if entry.status == "reconstructed" then
    marks_of_entry:extend({ pandoc.Space(), status_mark("‡ reconstructed") })
  end
  if #entry.unverified > 0 then
    local names = {}
    for i, name in ipairs(entry.unverified) do
      names[i] = name:upper()
    end
    marks_of_entry:extend({ pandoc.Space(), status_mark("(" .. table.concat(names, ", ") .. " unverified)") })
  end
  local target = div.content[#div.content].content
  local inner = target[#target]
  if inner and inner.t == "Span" then
    target = inner.content
  end
  target:extend(marks_of_entry)
  return div
end

local function reference_list(div)
  div = div:walk({ Div = mark_reference })
  local note = pandoc.Para({ pandoc.Str(
    "‡ Reconstructed: the editorial’s printed reference list could not be read; these entries were inferred "
      .. "from what the text says at each citation. Unverified identifiers were recalled, not read.") })
  return { div, pandoc.Div({ note }, { id = "references-note", class = "references-note" }) }
end

function Pandoc(doc)
  report.load(doc)
  if report.edition == "published" then
    doc.meta["published-edition"] = true -- the templates explain its marks differently
  end
  for key, value in pairs(doc.meta) do
    local kind = pandoc.utils.type(value)
    if kind == "Inlines" or kind == "Blocks" then
      doc.meta[key] = value:walk(plain)
    end
  end
  doc.blocks = doc.blocks:walk({
    Image = function(image)
      image.caption = image.caption:walk(plain)
      return image
    end,
  })
  doc.blocks = doc.blocks:walk({
    Span = function(span)
      local attributes = span.attributes
      if attributes.fact then
        return judged_span(span, "fact")
      elseif attributes.claim or attributes.correction then
        return judged_span(span, attributes.claim and "claim" or "correction")
      elseif attributes.exempt then
        return exempt_span(span)
      elseif attributes.edition or attributes.generated then
        return span.content
      end
    end,
    Div = function(div)
      if div.identifier == "refs" then
        return reference_list(div)
      elseif div.attributes.edition then
        return div.content
      end
    end,
  })
  return doc
end
