--[[
Numbers and references, after citeproc.

* A number tied to a fact, [1114]{fact=storm.randomized}: in HTML it becomes
  focusable and shows, on hover and keyboard focus, the fact, the data value
  with its unit, the source and its status; elsewhere (the PDF) it is plain.
  In the published edition the published text (was=) is shown instead.
* An exempt number, [2008]{exempt="year"}, becomes plain text; a trial
  registration number (NCT and eight digits) links to its registry page.
* The Div #corrections lists each correction of the published text shown in
  this edition, in order, linked to the number; the published edition drops it.
* Each entry of the reference list says whether the cited work is
  reconstructed and which identifiers are unverified (build/references.json).

Metadata it reads: facts-file, references-index, edition.
]]

local facts, references
local edition = "corrected"
local reference_numbers = {}
local tooltip_count = 0
local corrections = {}  -- the corrected numbers, in the order they are shown

local function read_json(path)
  local handle = assert(io.open(path, "r"), "cannot open " .. path)
  local text = handle:read("a")
  handle:close()
  return pandoc.json.decode(text, false)
end

local function inlines(text)
  local blocks = pandoc.read(text, "markdown").blocks
  return blocks[1] and blocks[1].content or pandoc.Inlines({})
end

local function source_text(fact)
  local number = reference_numbers[fact.ref]
  local citation = fact.ref_label .. (number and (" [" .. number .. "]") or "")
  return citation .. ", " .. fact.location
end

-- The number as this edition shows it: the published text (was=) in the published edition.
local function shown_content(span)
  if edition == "published" and span.attributes.was then
    return inlines(span.attributes.was)
  end
  return span.content
end

-- Remember a corrected number for the corrections section; its anchor id, if it gets one.
local function record_correction(span, anchored)
  local id = anchored and ("correction-" .. (#corrections + 1)) or nil
  corrections[#corrections + 1] = {
    fact = span.attributes.fact, was = span.attributes.was, note = span.attributes.note,
    text = pandoc.utils.stringify(span.content), anchor = id,
  }
  return id or ""
end

-- In metadata (the title, for <title> and the running head) and in image
-- descriptions (alt text) a number is plain text.
local plain_numbers = {
  Span = function(span)
    if span.attributes.fact or span.attributes.exempt then
      if span.attributes.was and edition == "corrected" then
        record_correction(span, false)
      end
      return shown_content(span)
    end
  end,
}

local function fact_span(span)
  local key = span.attributes.fact
  local fact = facts[key]
  if not fact then
    error("unknown fact key '" .. key .. "'")
  end
  local was = span.attributes.was
  local content = shown_content(span)
  if not FORMAT:match("html") then
    if was and edition == "corrected" then
      record_correction(span, false)
    end
    return content
  end
  tooltip_count = tooltip_count + 1
  local id = "prov-" .. tooltip_count
  local value = fact.text .. (fact.unit ~= "" and (" " .. fact.unit) or "")
  local text = fact.description .. ": " .. value .. " · " .. source_text(fact) .. " · " .. fact.status
  local classes = { "fact", fact.status }
  local span_id = ""
  if was and edition == "corrected" then
    text = text .. " · published as " .. was
    classes[#classes + 1] = "corrected"
    span_id = record_correction(span, true)  -- the corrections section links here
  elseif was then
    text = text .. " · the published text differs from the source; the corrected edition has "
      .. pandoc.utils.stringify(span.content)
    classes[#classes + 1] = "discrepancy"
  end
  local tooltip = pandoc.Span({ pandoc.Str(text) }, pandoc.Attr(id, { "fact-source" }, { { "role", "tooltip" } }))
  local shown = pandoc.Inlines(content)
  shown:insert(tooltip)
  -- Attributes as an ordered list: a Lua table's key order changes from run to run.
  return pandoc.Span(shown, pandoc.Attr(span_id, classes, {
    { "tabindex", "0" },
    { "data-fact", key },
    { "data-status", fact.status },
    { "aria-describedby", id },
  }))
end

-- "Bruix 2015 [7], abstract" with [7] linking to the reference list.
local function source_inlines(fact)
  local result = pandoc.Inlines({ pandoc.Str(fact.ref_label) })
  local number = reference_numbers[fact.ref]
  if number then
    result:extend({ pandoc.Space(), pandoc.Link("[" .. number .. "]", "#ref-" .. fact.ref) })
  end
  result:insert(pandoc.Str(", " .. fact.location))
  return result
end

local function corrections_section()
  if edition ~= "corrected" or #corrections == 0 then
    return {}
  end
  local nbsp = "\u{00A0}"  -- "24 wk" must not break between number and unit
  local items = {}
  for _, c in ipairs(corrections) do
    local fact = facts[c.fact]
    local value = fact.text .. (fact.unit ~= "" and (nbsp .. fact.unit) or "")
    local corrected = "“" .. c.text:gsub(" ", nbsp) .. "”"
    local item = pandoc.Inlines({
      pandoc.Str("Published “" .. c.was:gsub(" ", nbsp) .. "”, corrected to "),
      -- Only a number in the HTML text has an anchor to link to.
      c.anchor and FORMAT:match("html") and pandoc.Link(corrected, "#" .. c.anchor) or pandoc.Str(corrected),
      pandoc.Str(": " .. fact.description .. " = " .. value .. "; "),
    })
    item:extend(source_inlines(fact))
    item:insert(pandoc.Str("; " .. fact.status .. "."))
    if c.note and c.note ~= "" then
      item:extend({ pandoc.Space(), pandoc.Str(c.note .. ".") })
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
  local marks = pandoc.Inlines({})
  if entry.status == "reconstructed" then
    marks:insert(pandoc.Space())
    marks:insert(status_mark("‡ reconstructed"))
  end
  if #entry.unverified > 0 then
    marks:insert(pandoc.Space())
    local names = {}
    for i, name in ipairs(entry.unverified) do
      names[i] = name:upper()
    end
    marks:insert(status_mark("(" .. table.concat(names, ", ") .. " unverified)"))
  end
  local last = div.content[#div.content]
  local target = last.content
  local inner = target[#target]
  if inner and inner.t == "Span" then
    target = inner.content
  end
  target:extend(marks)
  return div
end

local function reference_list(div)
  div = div:walk({ Div = mark_reference })
  local note = pandoc.Para({ pandoc.Str(
    "‡ Reconstructed: the editorial’s printed reference list could not be read; these entries were inferred "
      .. "from what the text says at each citation. Unverified identifiers were recalled, not read.") })
  note = pandoc.Div({ note }, { class = "references-note" })
  return { div, note }
end

-- Raw HTML, TeX or Typst would reach readers unchecked, from the text or the metadata;
-- only comments are let through, and dropped.
local function raw_text(raw)
  if raw.text:match("^<!%-%-") then
    return {}
  end
  error("raw " .. raw.format .. " is not allowed in the manuscript or its metadata: " .. raw.text:sub(1, 60))
end
local refuse_raw = { RawInline = raw_text, RawBlock = raw_text }

function Pandoc(doc)
  local meta = doc.meta
  facts = read_json(pandoc.utils.stringify(meta["facts-file"])).facts
  references = read_json(pandoc.utils.stringify(meta["references-index"]))
  edition = meta.edition and pandoc.utils.stringify(meta.edition) or "corrected"
  if edition == "published" then
    doc.meta["published-edition"] = true  -- the templates explain its marks differently
  end
  doc:walk({
    Div = function(div)
      if div.identifier == "refs" then
        local number = 0
        for _, entry in ipairs(div.content) do
          local key = entry.identifier and entry.identifier:match("^ref%-(.+)$")
          if key then
            number = number + 1
            reference_numbers[key] = number
          end
        end
      end
    end,
  })
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
        local registration = pandoc.utils.stringify(span.content):match("^NCT%d%d%d%d%d%d%d%d$")
        if registration then
          return pandoc.Link(span.content, "https://clinicaltrials.gov/study/" .. registration)
        end
        return span.content
      end
    end,
  })
  doc = doc:walk(refuse_raw)
  doc.blocks = doc.blocks:walk({
    Div = function(div)
      if div.identifier == "corrections" then
        return corrections_section()
      elseif div.identifier == "refs" then
        return reference_list(div)
      end
    end,
  })
  return doc
end
