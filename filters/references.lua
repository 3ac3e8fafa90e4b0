--[[
The reference list, as readers meet it.

* Each entry says whether the cited work is reconstructed (‡) and which of its
  identifiers are unverified (references-index, via filters/report.lua).
* In HTML each citation gets a stable id, and each entry links back to where it
  is cited; in Typst the list is a numbered list, so the PDF tags it as a list.
]]

package.path = pandoc.path.directory(PANDOC_SCRIPT_FILE) .. "/?.lua;" .. package.path
local report = require("report")

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

-- Where each reference is cited (HTML): key -> list of { id = citation span id, section = heading text }.
local citing = {}

local function cite_backlinks(key)
  local places = citing[key]
  if not places or #places == 0 then
    return nil
  end
  local inlines = pandoc.Inlines({ pandoc.Str("Cited in:") })
  local seen = {}
  for index, place in ipairs(places) do
    seen[place.section] = (seen[place.section] or 0) + 1
    local label = seen[place.section] == 1 and place.section or "again"
    inlines:insert(pandoc.Space())
    inlines:insert(pandoc.Link(label, "#" .. place.id, "",
      { class = "backlink", ["aria-label"] = "Back to the citation in " .. place.section
        .. (seen[place.section] > 1 and ", once more" or "") }))
  end
  return pandoc.Span(inlines, { class = "cited-in" })
end

-- Typst: the reference list as a numbered list (tagged L and LI in the PDF), each entry labelled for links.
local function typst_reference_list(div)
  local items = {}
  for _, entry in ipairs(div.content) do
    local key = entry.identifier and entry.identifier:match("^ref%-(.+)$")
    if key then
      local inlines = pandoc.Inlines({ pandoc.RawInline("typst", "#metadata(none)<ref-" .. key .. ">") })
      entry:walk({
        Span = function(span)
          if span.classes:includes("csl-right-inline") then
            inlines:extend(span.content)
          end
        end,
      })
      items[#items + 1] = { pandoc.Plain(inlines) }
    end
  end
  return pandoc.Div({ pandoc.OrderedList(items) }, { id = "refs" })
end

local function reference_list(div)
  div = div:walk({ Div = mark_reference })
  if FORMAT:match("html") then
    div = div:walk({
      Div = function(entry)
        local key = entry.identifier:match("^ref%-(.+)$")
        local links = key and cite_backlinks(key)
        if links then
          local target = entry.content[#entry.content].content
          local inner = target[#target]
          if inner and inner.t == "Span" then
            target = inner.content
          end
          target:extend({ pandoc.Space(), links })
          return entry
        end
      end,
    })
  elseif FORMAT == "typst" then
    div = typst_reference_list(div)
  end
  local note = pandoc.Para({ pandoc.Str(
    "‡ Reconstructed: the editorial’s printed reference list could not be read; these entries were inferred "
      .. "from what the text says at each citation. Unverified identifiers were recalled, not read.") })
  return { div, pandoc.Div({ note }, { id = "references-note", class = "references-note" }) }
end

-- HTML: each citation gets an id, from its key and the text of its paragraph (not its place, so
-- that a change elsewhere leaves it alone), and is remembered under its section, for the back-links.
local function collect_citations(doc)
  local section = "the text"
  local seen = {}
  local function cite_place(block)
    local digest = pandoc.utils.sha1(pandoc.utils.stringify(block)):sub(1, 8)
    return function(cite)
      local id = "cite-" .. cite.citations[1].id .. "-" .. digest
      seen[id] = (seen[id] or 0) + 1
      id = seen[id] == 1 and id or (id .. "-" .. seen[id])
      for _, citation in ipairs(cite.citations) do
        citing[citation.id] = citing[citation.id] or {}
        table.insert(citing[citation.id], { id = id, section = section })
      end
      return pandoc.Span({ cite }, { id = id, class = "cite-place" })
    end
  end
  local result = pandoc.Blocks({})
  for _, block in ipairs(doc.blocks) do
    if block.t == "Header" then
      section = pandoc.utils.stringify(block.content)
    end
    if block.t == "Div" and block.identifier == "refs" then
      result:insert(block)
    else
      result:insert(block:walk({ Cite = cite_place(block) }))
    end
  end
  doc.blocks = result
end

function Pandoc(doc)
  report.load(doc)
  if FORMAT:match("html") then
    collect_citations(doc)
  end
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      if div.identifier == "refs" then
        return reference_list(div)
      end
    end,
  })
  return doc
end
