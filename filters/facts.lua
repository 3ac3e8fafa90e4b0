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

local STATUS_WORDS = {
  verified = "verified: read in the source",
  secondary = "secondary: read in a later report that quotes the source",
  unverified = "unverified: not confirmed in a source",
}

-- "gain in median ..." -> "Gain in median ...": every line of a tooltip starts alike.
local function capitalized(text)
  return (text:gsub("^%l", string.upper))
end

local function status_line(entry)
  return "Status: " .. (STATUS_WORDS[entry.status] or entry.status) .. "."
end

-- The lines of a number's tooltip, always in the same order and words: what, value, source, status, correction.
local function number_tooltip(entry)
  local lines = { capitalized(entry.description) .. ".", "Data: " .. report.value_text(entry) .. ".",
    "Source: " .. report.source_text(entry) .. ".", status_line(entry) }
  if entry.verdict == "corrected" then
    lines[#lines + 1] = "Corrected: published as " .. entry.was .. "."
  elseif entry.verdict == "discrepancy" and entry.corrected_text ~= pandoc.null and entry.corrected_text then
    lines[#lines + 1] = "The published text differs from the source; the corrected edition has "
      .. entry.corrected_text .. "."
  end
  return lines
end

-- The lines of a claim's or corrected words' tooltip, in the same manner.
local function claim_tooltip(entry)
  if entry.verdict == "undecidable" then
    return { "A claim the data cannot decide.", "Not checked: " .. entry.because .. "." }
  elseif entry.kind == "correction" then
    local published = pandoc.utils.stringify(report.published_inlines(entry.was))
    local lines = { "Words corrected from the published text.", "Why: " .. entry.because .. ".",
      "Source: " .. report.source_text(entry) .. ".", status_line(entry) }
    lines[#lines + 1] = entry.verdict == "discrepancy" and ("The corrected edition has “" .. entry.corrected_text .. "”.")
      or ("Corrected: published as “" .. published .. "”.")
    return lines
  end
  local lines = { "Claim: " .. entry.relation .. ".", "Data: " .. entry.values .. ".", status_line(entry) }
  if entry.verdict == "corrected" then
    lines[#lines + 1] = "Corrected: published as “" .. entry.was .. "” (" .. entry.was_claim .. ")."
  elseif entry.verdict == "discrepancy" then
    lines[#lines + 1] = "The data contradicts this published claim; the corrected edition has “"
      .. (entry.corrected_text or "") .. "”."
  end
  return lines
end

-- A number, claim or corrected words in HTML: focusable, with its provenance as a tooltip. The text
-- is its name; the tooltip is its description only (hidden and aria-hidden, so it is neither read
-- twice nor copied with the text, nor shown with styles off or in reader mode); the marks are
-- aria-hidden, since the description says the status in words.
local function html_number(span, entry, kind, tooltip_lines)
  local tooltip_id = "t-" .. span.identifier
  local shown = pandoc.Inlines(span.content)
  shown:extend(marks(entry))
  local lines = pandoc.Inlines({})
  for index, line in ipairs(tooltip_lines) do
    if index > 1 then
      lines:insert(pandoc.Space())
    end
    lines:insert(pandoc.Span({ pandoc.Str(line) }, { class = index == 1 and "tip-what" or "tip-line" }))
  end
  shown:insert(pandoc.Span(lines, pandoc.Attr(tooltip_id, { "fact-source" },
    { { "role", "tooltip" }, { "hidden", "" }, { "aria-hidden", "true" } })))
  -- A claim or corrected words is a .fact too (the same tooltip, marks and keys), and a .claim or .correction.
  local classes = kind == "fact" and { "fact" } or { "fact", kind }
  classes[#classes + 1] = entry.status ~= "" and entry.status or "verified"
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
      if div.attributes.edition then
        return div.content
      end
    end,
  })
  return doc
end
