--[[
The section "Corrections to the published version", in the Div #corrections.

It runs before filters/facts.lua, on the spans as the check left them. It lists, in
the order the text shows them, the numbers, the claims and the words
this edition corrects, as the number check's report names them (report.corrections),
each with the published text, the corrected text, the values or the note that
decide it, and its source. In HTML each links to the corrected text. The published
edition drops the Div.

Metadata it reads: numbers-file, references-index, edition (filters/report.lua).
]]

package.path = pandoc.path.directory(PANDOC_SCRIPT_FILE) .. "/?.lua;" .. package.path
local report = require("report")

local NBSP = "\u{00A0}" -- "24 wk" must not break between number and unit
local shown_text = {} -- id -> the corrected text as the document shows it (citations rendered)

local function quoted(inlines)
  local result = pandoc.Inlines({ pandoc.Str("“") })
  result:extend(inlines)
  result:insert(pandoc.Str("”"))
  return result
end

local function corrected_link(id, inlines)
  if FORMAT:match("html") then
    return pandoc.Inlines({ pandoc.Link(quoted(inlines), "#" .. id) })
  end
  return quoted(inlines)
end

local function number_item(id, entry)
  local item = pandoc.Inlines({ pandoc.Str("Published “" .. entry.was:gsub(" ", NBSP) .. "”, corrected to ") })
  item:extend(corrected_link(id, { pandoc.Str((entry.text:gsub(" ", NBSP))) }))
  item:insert(pandoc.Str(": " .. entry.description .. " = " .. report.value_text(entry):gsub(" ", NBSP, 1) .. "; "))
  item:extend(report.source_inlines(entry))
  item:insert(pandoc.Str("; " .. entry.status .. "."))
  if entry.note ~= "" then
    item:extend({ pandoc.Space(), pandoc.Str(entry.note .. ".") })
  end
  return item
end

local function claim_item(id, entry)
  local item = pandoc.Inlines({ pandoc.Str("Published “" .. entry.was .. "” (" .. entry.was_claim .. "), corrected to ") })
  item:extend(corrected_link(id, { pandoc.Str(entry.text) }))
  item:insert(pandoc.Str(" (" .. entry.relation .. "): " .. entry.values .. "; " .. entry.status .. "."))
  return item
end

local function words_item(id, entry)
  local item = pandoc.Inlines({ pandoc.Str("Published ") })
  item:extend(quoted(report.published_inlines(entry.was)))
  item:insert(pandoc.Str(", corrected to "))
  item:extend(corrected_link(id, shown_text[id] or { pandoc.Str(entry.text) }))
  item:insert(pandoc.Str(": " .. entry.because .. "; "))
  item:extend(report.source_inlines(entry))
  item:insert(pandoc.Str("; " .. entry.status .. "."))
  return item
end

local function corrections_section()
  if report.edition ~= "corrected" or #report.corrections == 0 then
    return {}
  end
  local items = {}
  for _, id in ipairs(report.corrections) do
    local entry = report.entries[id]
    local item = entry.kind == "claim" and claim_item(id, entry)
      or entry.kind == "correction" and words_item(id, entry) or number_item(id, entry)
    items[#items + 1] = { pandoc.Plain(item) }
  end
  return pandoc.Div({
    pandoc.Header(2, "Corrections to the published version", { id = "corrections-to-the-published-version" }),
    pandoc.Para({ pandoc.Str(
      "This edition corrects the numbers, claims and words below, which disagree with the sources the editorial "
        .. "cites. The published edition keeps the original text.") }),
    pandoc.BulletList(items),
  }, { id = "corrections" })
end

function Pandoc(doc)
  report.load(doc)
  doc:walk({
    Span = function(span)
      if span.attributes.correction and span.identifier ~= "" then
        -- The corrected words with their citations as rendered, for the list; the spans inside
        -- unwrapped, so that no id appears twice.
        shown_text[span.identifier] = span.content:walk({ Span = function(inner) return inner.content end })
      end
    end,
  })
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      if div.identifier == "corrections" then
        return corrections_section()
      end
    end,
  })
  return doc
end
