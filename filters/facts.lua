--[[
Numbers and references, as the number check judged them.

The renderings read the AST that scripts/check_numbers.py wrote, in which
every number span has an id, and its report (numbers-file), which holds each
number's verdict, fact, value, source and status. Nothing is decided here:

* A number tied to a fact shows its mark († unverified, § corrected, ‖ the
  published text differs) after it, in every format; in HTML it is also
  focusable and shows its provenance on hover and keyboard focus.
* An exempt number is plain text; a trial registration links to its registry.
* The Div #corrections lists the corrections the report names, in order.
* Each reference list entry says whether the work is reconstructed and which
  identifiers are unverified (references-index).
* Text only one edition shows, and labels the build generated, lose their
  wrappers.

Metadata it reads: numbers-file, references-index, edition.
]]

local numbers = {}
local corrections = {}
local references
local edition = "corrected"
local reference_numbers = {}
local MARKS = { corrected = "§", discrepancy = "‖" }

local function read_json(path)
  local handle = assert(io.open(path, "r"), "cannot open " .. path)
  local text = handle:read("a")
  handle:close()
  return pandoc.json.decode(text, false)
end

local function value_text(entry)
  return entry.fact_text .. (entry.fact_unit ~= "" and (" " .. entry.fact_unit) or "")
end

local function source_text(entry)
  local number = reference_numbers[entry.ref]
  return entry.ref_label .. (number and (" [" .. number .. "]") or "") .. ", " .. entry.location
end

-- The marks after a number: its correction (§, ‖) and an unverified source (†).
local function marks(entry)
  local text = (MARKS[entry.verdict] or "") .. (entry.status == "unverified" and "†" or "")
  if entry.generated or text == "" then
    return pandoc.Inlines({})  -- Table 1 writes its own marks
  end
  return pandoc.Inlines({ pandoc.Span({ pandoc.Str(text) }, { class = "fact-mark", ["aria-hidden"] = "true" }) })
end

local function tooltip_text(entry)
  local text = entry.description .. ": " .. value_text(entry) .. " · " .. source_text(entry) .. " · " .. entry.status
  if entry.verdict == "corrected" then
    text = text .. " · corrected; published as " .. entry.was
  elseif entry.verdict == "discrepancy" and entry.corrected_text ~= pandoc.null and entry.corrected_text then
    text = text .. " · the published text differs from the source; the corrected edition has " .. entry.corrected_text
  elseif entry.verdict == "discrepancy" then
    text = text .. " · the published text differs from the source"
  end
  return text
end

-- A number in HTML: focusable, with its provenance as a tooltip.
local function html_number(span, entry)
  local tooltip_id = "t-" .. span.identifier
  local shown = pandoc.Inlines(span.content)
  shown:extend(marks(entry))
  shown:insert(pandoc.Span({ pandoc.Str(tooltip_text(entry)) },
    pandoc.Attr(tooltip_id, { "fact-source" }, { { "role", "tooltip" } })))
  local classes = { "fact", entry.status }
  if MARKS[entry.verdict] then
    classes[#classes + 1] = entry.verdict
  end
  -- Attributes as an ordered list: a Lua table's key order changes from run to run.
  return pandoc.Span(shown, pandoc.Attr(span.identifier, classes, {
    { "tabindex", "0" },
    { "data-fact", entry.fact },
    { "data-status", entry.status },
    { "aria-describedby", tooltip_id },
  }))
end

local function fact_span(span)
  local entry = numbers[span.identifier]
  if not entry then
    error("number [" .. pandoc.utils.stringify(span) .. "] has no verdict in the report: rebuild its check")
  end
  if FORMAT:match("html") then
    return html_number(span, entry)
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

-- In metadata (the title, for <title> and the running head) a number is plain text.
local plain_numbers = {
  Span = function(span)
    if span.attributes.fact or span.attributes.exempt or span.attributes.edition or span.attributes.generated then
      return span.content
    end
  end,
}

-- "Bruix 2015 [7], abstract" with [7] linking to the reference list.
local function source_inlines(entry)
  local result = pandoc.Inlines({ pandoc.Str(entry.ref_label) })
  local number = reference_numbers[entry.ref]
  if number then
    result:extend({ pandoc.Space(), pandoc.Link("[" .. number .. "]", "#ref-" .. entry.ref) })
  end
  result:insert(pandoc.Str(", " .. entry.location))
  return result
end

local function corrections_section()
  if edition ~= "corrected" or #corrections == 0 then
    return {}
  end
  local nbsp = "\u{00A0}" -- "24 wk" must not break between number and unit
  local items = {}
  for _, id in ipairs(corrections) do
    local entry = numbers[id]
    local corrected = "“" .. entry.text:gsub(" ", nbsp) .. "”"
    local item = pandoc.Inlines({
      pandoc.Str("Published “" .. entry.was:gsub(" ", nbsp) .. "”, corrected to "),
      FORMAT:match("html") and pandoc.Link(corrected, "#" .. id) or pandoc.Str(corrected),
      pandoc.Str(": " .. entry.description .. " = " .. value_text(entry):gsub(" ", nbsp, 1) .. "; "),
    })
    item:extend(source_inlines(entry))
    item:insert(pandoc.Str("; " .. entry.status .. "."))
    if entry.note ~= "" then
      item:extend({ pandoc.Space(), pandoc.Str(entry.note .. ".") })
    end
    items[#items + 1] = { pandoc.Plain(item) }
  end
  return pandoc.Div({
    pandoc.Header(2, "Corrections to the published version", { id = "corrections-to-the-published-version" }),
    pandoc.Para({ pandoc.Str(
      "This edition corrects the numbers below, which disagree with the sources the editorial cites. "
        .. "The published edition keeps the original text.") }),
    pandoc.BulletList(items),
  }, { id = "corrections" })
end

-- A status mark of a reference, kept on one line (Typst would hyphenate it).
local function status_mark(text)
  if FORMAT == "typst" then
    return pandoc.RawInline("typst", "#box[" .. text .. "]")
  end
  return pandoc.Span({ pandoc.Str(text) }, { class = "ref-status" })
end

local function mark_reference(div)
  local key = div.identifier:match("^ref%-(.+)$")
  local entry = key and references[key]
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

local function number_references(doc)
  doc:walk({
    Div = function(div)
      if div.identifier == "refs" then
        local count = 0
        for _, entry in ipairs(div.content) do
          local key = entry.identifier and entry.identifier:match("^ref%-(.+)$")
          if key then
            count = count + 1
            reference_numbers[key] = count
          end
        end
      end
    end,
  })
end

function Pandoc(doc)
  local meta = doc.meta
  local report = read_json(pandoc.utils.stringify(meta["numbers-file"]))
  for _, entry in ipairs(report.numbers) do
    numbers[entry.id] = entry
  end
  corrections = report.corrections
  references = read_json(pandoc.utils.stringify(meta["references-index"]))
  edition = meta.edition and pandoc.utils.stringify(meta.edition) or "corrected"
  if edition == "published" then
    doc.meta["published-edition"] = true -- the templates explain its marks differently
  end
  number_references(doc)
  for key, value in pairs(doc.meta) do
    local kind = pandoc.utils.type(value)
    if kind == "Inlines" or kind == "Blocks" then
      doc.meta[key] = value:walk(plain_numbers)
    end
  end
  doc.blocks = doc.blocks:walk({
    Image = function(image)
      image.caption = image.caption:walk(plain_numbers)
      return image
    end,
  })
  doc.blocks = doc.blocks:walk({
    Span = function(span)
      if span.attributes.fact then
        return fact_span(span)
      elseif span.attributes.exempt then
        return exempt_span(span)
      elseif span.attributes.edition or span.attributes.generated then
        return span.content
      end
    end,
    Div = function(div)
      if div.identifier == "corrections" then
        return corrections_section()
      elseif div.identifier == "refs" then
        return reference_list(div)
      elseif div.attributes.edition then
        return div.content
      end
    end,
  })
  return doc
end
