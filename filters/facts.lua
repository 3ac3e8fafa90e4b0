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

local STATUS_WORDS = {
  verified = "verified: read in the source",
  secondary = "secondary: read in a later report that quotes the source",
  unverified = "unverified: not confirmed in a source",
}

-- "gain in median ..." -> "Gain in median ...": every line of a tooltip starts alike.
local function capitalized(text)
  return (text:gsub("^%l", string.upper))
end

-- The lines of a tooltip, always in the same order and words: what, value, source, status, correction.
local function tooltip_lines(entry)
  local lines = {
    capitalized(entry.description) .. ".",
    "Data: " .. value_text(entry) .. ".",
    "Source: " .. source_text(entry) .. ".",
    "Status: " .. (STATUS_WORDS[entry.status] or entry.status) .. ".",
  }
  if entry.verdict == "corrected" then
    lines[#lines + 1] = "Corrected: published as " .. entry.was .. "."
  elseif entry.verdict == "discrepancy" and entry.corrected_text ~= pandoc.null and entry.corrected_text then
    lines[#lines + 1] = "The published text differs from the source; the corrected edition has " .. entry.corrected_text .. "."
  elseif entry.verdict == "discrepancy" then
    lines[#lines + 1] = "The published text differs from the source."
  end
  return lines
end

-- A number in HTML: focusable, with its provenance as a tooltip. The number is its name; the
-- tooltip is its description only (hidden and aria-hidden, so it is neither read twice nor
-- copied with the text, nor shown with styles off or in reader mode); the marks are aria-hidden,
-- since the description says the status in words.
local function html_number(span, entry)
  local tooltip_id = "t-" .. span.identifier
  local shown = pandoc.Inlines(span.content)
  shown:extend(marks(entry))
  local lines = pandoc.Inlines({})
  for index, line in ipairs(tooltip_lines(entry)) do
    if index > 1 then
      lines:insert(pandoc.Space())
    end
    lines:insert(pandoc.Span({ pandoc.Str(line) }, { class = index == 1 and "tip-what" or "tip-line" }))
  end
  shown:insert(pandoc.Span(lines, pandoc.Attr(tooltip_id, { "fact-source" },
    { { "role", "tooltip" }, { "hidden", "" }, { "aria-hidden", "true" } })))
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

-- HTML: each citation gets an id, and is remembered under the section it stands in, for the back-links.
local function collect_citations(doc)
  local section = "the text"
  local count = 0
  local function walk_blocks(blocks)
    local result = pandoc.Blocks({})
    for _, block in ipairs(blocks) do
      if block.t == "Header" then
        section = pandoc.utils.stringify(block.content)
      end
      if block.t == "Div" and block.identifier == "refs" then
        result:insert(block)
      else
        result:insert(block:walk({
          Cite = function(cite)
            count = count + 1
            local id = "cite-" .. count
            for _, citation in ipairs(cite.citations) do
              citing[citation.id] = citing[citation.id] or {}
              table.insert(citing[citation.id], { id = id, section = section })
            end
            return pandoc.Span({ cite }, { id = id, class = "cite-place" })
          end,
        }))
      end
    end
    return result
  end
  doc.blocks = walk_blocks(doc.blocks)
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

-- Text for a data: URI (RFC 2397), percent-encoded byte by byte, so that it is the same on every run.
local function data_uri(mime, text)
  return "data:" .. mime .. ";charset=utf-8," .. text:gsub("[^%w%-%._~]", function(char)
    return string.format("%%%02X", string.byte(char))
  end)
end

local function read_file(path)
  for _, dir in ipairs(PANDOC_STATE.resource_path) do
    local handle = io.open(pandoc.path.join({ dir, path }), "rb")
    if handle then
      local text = handle:read("a")
      handle:close()
      return text
    end
  end
  return nil
end

local function meta_text(meta, key)
  return meta[key] and pandoc.utils.stringify(meta[key]) or ""
end

-- JSON with its keys in the order given (a Lua table's order changes from run to run).
local function ordered_json(pairs_list)
  local parts = {}
  for _, pair in ipairs(pairs_list) do
    local value = pair[2]
    local encoded
    if type(value) == "table" and value.ordered then
      encoded = ordered_json(value)
    elseif type(value) == "table" then
      local items = {}
      for i, item in ipairs(value) do
        items[i] = (type(item) == "table" and item.ordered) and ordered_json(item) or pandoc.json.encode(item)
      end
      encoded = "[" .. table.concat(items, ",") .. "]"
    else
      encoded = pandoc.json.encode(value)
    end
    parts[#parts + 1] = pandoc.json.encode(pair[1]) .. ":" .. encoded
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

local function ordered(list)
  list.ordered = true
  return list
end

-- What a journal's article page offers, made from the record (build/metadata.json) and the title:
-- the citation downloads (RIS, BibTeX), JSON-LD, a description, and the links to the other files.
local function journal_page(doc)
  local meta = doc.meta
  local title = meta_text(meta, "title")
  local names, cited = {}, {}
  for i, author in ipairs(meta.author or {}) do
    names[i] = pandoc.utils.stringify(author.name)
    cited[i] = pandoc.utils.stringify(author["cited-name"])
  end
  local keywords = {}
  for i, keyword in ipairs(meta.keywords or {}) do
    keywords[i] = pandoc.utils.stringify(keyword)
  end
  local year, month, day = meta_text(meta, "date"):match("^(%d+)-(%d+)-(%d+)$")
  local doi, journal = meta_text(meta, "doi"), meta_text(meta, "journal")
  local pages = meta_text(meta, "first-page") .. "-" .. meta_text(meta, "last-page")
  local ris = { "TY  - JOUR" }
  for _, name in ipairs(names) do
    local given, family = name:match("^(.-)%s+(%S+)$")
    ris[#ris + 1] = "AU  - " .. family .. ", " .. given
  end
  for _, line in ipairs({
    "TI  - " .. title, "T2  - " .. journal, "J2  - " .. meta_text(meta, "journal-abbrev"),
    "PY  - " .. year, "DA  - " .. year .. "/" .. month .. "/" .. day, "VL  - " .. meta_text(meta, "volume"),
    "IS  - " .. meta_text(meta, "issue"), "SP  - " .. meta_text(meta, "first-page"),
    "EP  - " .. meta_text(meta, "last-page"), "DO  - " .. doi, "UR  - https://doi.org/" .. doi,
  }) do
    ris[#ris + 1] = line
  end
  for _, keyword in ipairs(keywords) do
    ris[#ris + 1] = "KW  - " .. keyword
  end
  if meta.pmid then
    ris[#ris + 1] = "AN  - PMID:" .. meta_text(meta, "pmid")
  end
  ris[#ris + 1] = "LA  - en"
  ris[#ris + 1] = "ER  - "
  local bibtex_authors = {}
  for i, name in ipairs(names) do
    local given, family = name:match("^(.-)%s+(%S+)$")
    bibtex_authors[i] = family .. ", " .. given
  end
  local key = (cited[1] or "article"):match("^(%S+)"):lower() .. year
  local fields = {
    "@article{" .. key .. ",",
    "  author = {" .. table.concat(bibtex_authors, " and ") .. "},",
    "  title = {" .. title .. "},",
    "  journal = {" .. journal .. "},",
    "  year = {" .. year .. "},",
    "  volume = {" .. meta_text(meta, "volume") .. "},",
    "  number = {" .. meta_text(meta, "issue") .. "},",
    "  pages = {" .. meta_text(meta, "first-page") .. "--" .. meta_text(meta, "last-page") .. "},",
    "  doi = {" .. doi .. "},",
  }
  if meta.pmid then
    fields[#fields + 1] = "  pmid = {" .. meta_text(meta, "pmid") .. "},"
  end
  fields[#fields + 1] = "  keywords = {" .. table.concat(keywords, ", ") .. "},"
  fields[#fields + 1] = "  language = {english},"
  fields[#fields + 1] = "}"
  local bibtex = table.concat(fields, "\n") .. "\n"
  meta["ris-href"] = data_uri("application/x-research-info-systems", table.concat(ris, "\r\n") .. "\r\n")
  meta["bibtex-href"] = data_uri("application/x-bibtex", bibtex)
  meta["citation-file"] = key
  meta["publication-date"] = year .. "/" .. month .. "/" .. day
  local csv = read_file("tables/table1.csv")
  if csv then
    meta["table-csv-href"] = data_uri("text/csv", csv)
  end
  -- Relative links to the files beside this edition's HTML (build/ and build/published/).
  local up = edition == "published" and "../" or ""
  meta["files-prefix"] = up
  meta["other-edition-href"] = edition == "published" and "../editorial.html" or "published/editorial.html"
  meta["other-edition"] = edition == "published" and "the corrected edition" or "the edition as published"
  -- The abstract's text, for <meta name="description"> and JSON-LD.
  local abstract = ""
  doc.blocks:walk({
    Div = function(div)
      if div.identifier == "abstract" then
        local paras = {}
        for _, block in ipairs(div.content) do
          if block.t == "Para" and not (block.content[1] and block.content[1].t == "Strong") then
            paras[#paras + 1] = pandoc.utils.stringify(block:walk(plain_numbers))
          end
        end
        abstract = table.concat(paras, " ")
      end
    end,
  })
  meta["description-meta"] = abstract
  local authors = {}
  for i, name in ipairs(names) do
    authors[i] = ordered({ { "@type", "Person" }, { "name", name } })
  end
  local jsonld = ordered_json({
    { "@context", "https://schema.org" },
    { "@type", "ScholarlyArticle" },
    { "headline", title },
    { "name", title },
    { "author", authors },
    { "datePublished", meta_text(meta, "date") },
    { "inLanguage", meta_text(meta, "lang") },
    { "keywords", keywords },
    { "abstract", abstract },
    { "identifier", ordered({ { "@type", "PropertyValue" }, { "propertyID", "DOI" }, { "value", doi } }) },
    { "sameAs", "https://doi.org/" .. doi },
    { "license", meta_text(meta, "license-url") },
    { "pagination", pages },
    { "pageStart", meta_text(meta, "first-page") },
    { "pageEnd", meta_text(meta, "last-page") },
    { "isPartOf", ordered({
      { "@type", "PublicationIssue" },
      { "issueNumber", meta_text(meta, "issue") },
      { "isPartOf", ordered({
        { "@type", "PublicationVolume" },
        { "volumeNumber", meta_text(meta, "volume") },
        { "isPartOf", ordered({ { "@type", "Periodical" }, { "name", journal } }) },
      }) },
    }) },
  })
  -- "</" may not appear inside a script element.
  meta["json-ld"] = pandoc.RawInline("html", (jsonld:gsub("</", "<\\/")))
end

local BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

local function base64(data)
  local out = {}
  for i = 1, #data, 3 do
    local a, b, c = data:byte(i, i + 2)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    local chars = {}
    for j = 1, 4 do
      local index = (n >> (6 * (4 - j))) & 63
      chars[j] = BASE64:sub(index + 1, index + 1)
    end
    if not b then
      chars[3], chars[4] = "=", "="
    elseif not c then
      chars[4] = "="
    end
    out[#out + 1] = table.concat(chars)
  end
  return table.concat(out)
end

local function attribute(text)
  return (text:gsub("&", "&amp;"):gsub('"', "&quot;"):gsub("<", "&lt;"))
end

-- HTML: Figure 1 as inline SVG, so that its text can be found and selected (its alt text is its name,
-- and its rows are in the table after it); and a view at full size, CSS :target with no script, where
-- a phone can zoom and scroll the image.
local function html_figure(figure)
  local image
  figure:walk({ Image = function(img) image = img end })
  if not image or not image.src:match("%.svg$") then
    return nil
  end
  local svg = read_file(image.src)
  if not svg then
    return nil
  end
  local alt = attribute(pandoc.utils.stringify(image.caption))
  local inline = svg:gsub("^.-<svg ", "<svg ", 1)
  inline = inline:gsub("<svg ", '<svg role="img" aria-label="' .. alt .. '" ', 1)
  inline = inline:gsub(' width="[%d.]+pt" height="[%d.]+pt"', "", 1)
  local id = figure.identifier
  figure.content = pandoc.Blocks({
    pandoc.RawBlock("html", '<div class="figure-image">' .. inline .. "</div>"),
    pandoc.Plain({ pandoc.Link("Open the figure at full size", "#" .. id .. "-full", "", { class = "figure-open" }) }),
  })
  local full = '<div id="' .. id .. '-full" class="figure-full">'
    .. '<p class="figure-full-bar"><a class="figure-close" href="#' .. id .. '">Close the full-size view</a></p>'
    .. '<img src="data:image/svg+xml;base64,' .. base64(svg) .. '" alt="' .. alt .. '" width="720" />'
    .. "</div>"
  return { figure, pandoc.RawBlock("html", full) }
end

-- HTML: the figure's table, folded (details) under the figure.
local function html_figure_data(div)
  local blocks = pandoc.Blocks({ pandoc.RawBlock("html", '<details class="figure-data" id="' .. div.identifier .. '">'
    .. "<summary>Show the figure’s data as a table</summary>") })
  blocks:extend(div.content)
  blocks:insert(pandoc.RawBlock("html", "</details>"))
  return blocks
end

-- Typst: the figure's alt text on its image (pandoc's Typst writer drops it), for the PDF's Figure tag.
local function typst_figure(figure)
  local image
  figure:walk({ Image = function(img) image = img end })
  if not image or #image.caption == 0 or figure.identifier == "" then
    return nil
  end
  local alt = pandoc.utils.stringify(image.caption):gsub("\\", "\\\\"):gsub('"', '\\"')
  return { pandoc.RawBlock("typst", "#show <" .. figure.identifier .. '>: set image(alt: "' .. alt .. '")'), figure }
end

-- Typst: a span that must stay on one line (a confidence interval, "(one-sided)") is a box.
local function typst_nowrap(span)
  local inlines = pandoc.Inlines({ pandoc.RawInline("typst", "#box[") })
  inlines:extend(span.content)
  inlines:insert(pandoc.RawInline("typst", "]"))
  return inlines
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
  if FORMAT:match("html") then
    journal_page(doc)
    collect_citations(doc)
  end
  doc.blocks = doc.blocks:walk({
    Span = function(span)
      if span.attributes.fact then
        return fact_span(span)
      elseif span.attributes.exempt then
        return exempt_span(span)
      elseif span.attributes.edition or span.attributes.generated then
        return span.content
      elseif FORMAT == "typst" and (span.classes:includes("ci") or span.classes:includes("nowrap")) then
        return typst_nowrap(span)
      end
    end,
    Div = function(div)
      if div.identifier == "corrections" then
        return corrections_section()
      elseif div.identifier == "refs" then
        return reference_list(div)
      elseif div.attributes.generated == "figure-data" then
        -- The PDF's figure holds its numbers as text and its tag has the alt text; the table is the HTML's.
        return FORMAT:match("html") and html_figure_data(div) or {}
      elseif div.attributes.edition then
        return div.content
      end
    end,
  })
  if FORMAT:match("html") then
    doc.blocks = doc.blocks:walk({
      Figure = html_figure,
      -- The frame of a table, which does not scroll: its numbers' tooltips are placed against it.
      Table = function(tbl) return pandoc.Div({ tbl }, { class = "table-wrap" }) end,
    })
  elseif FORMAT == "typst" then
    doc.blocks = doc.blocks:walk({ Figure = typst_figure })
  end
  return doc
end
