--[[
Tables, figures and cross-references, before citeproc runs.

* A Div with a `table` attribute becomes the table in that JSON file
  (written by scripts/make_table1.py; looked up on the resource path), with
  the Div's paragraph as caption and the file's notes below it.
* A figure whose image X.svg has a sibling X.json (scripts/plot_forest.py)
  is a generated figure too.
* The caption of a generated table or figure ends by citing its sources.
* A generated figure whose sidecar JSON holds a `table` (Figure 1's rows) is
  followed by that table, its text alternative (Div id fig-...-data).
* Tables (ids tbl-...) and figures (ids fig-...) are numbered in order, and
  a citation of such an id (@tbl-negative, as in Quarto) becomes "Table 1".
* What this filter adds carries the attribute generated= (the table, its notes,
  caption labels, cross-reference links), so that the number check knows it
  comes from the data; the same attribute written in the manuscript is an error.
]]

package.path = pandoc.path.directory(PANDOC_SCRIPT_FILE) .. "/?.lua;" .. package.path
local resources = require("resources")

local kinds = { tbl = "Table", fig = "Figure" }
local numbers = {}


-- Each text of a table, read as Markdown once. A pandoc.read costs far more than its text, so the
-- texts of a table are read together (read_all), each in a Div of its own; the data's text is
-- escaped (scripts/make_table1.py), so one cell cannot change how another reads.
local parsed = {}

local function read_all(texts)
  local parts = {}
  for _, text in ipairs(texts) do
    if parsed[text] == nil then
      parsed[text] = false
      parts[#parts + 1] = text
    end
  end
  if #parts == 0 then
    return
  end
  local fenced = {}
  for i, text in ipairs(parts) do
    fenced[i] = "::: crossref-text\n" .. text .. "\n:::"
  end
  local blocks = pandoc.read(table.concat(fenced, "\n\n"), "markdown").blocks
  for i, text in ipairs(parts) do
    local block = blocks[i]
    local whole = #blocks == #parts and block.t == "Div" and block.classes[1] == "crossref-text"
    -- A text that closes its own fence is read alone.
    parsed[text] = whole and block.content or pandoc.read(text, "markdown").blocks
  end
end

-- Every text of a table or figure spec: its caption, columns, cells and notes.
local function texts_of(spec)
  local texts = { spec.caption }
  for _, list in ipairs({ spec.columns or {}, spec.notes or {} }) do
    for _, text in ipairs(list) do
      texts[#texts + 1] = text
    end
  end
  for _, row in ipairs(spec.rows or {}) do
    for _, cell in ipairs(row) do
      texts[#texts + 1] = cell
    end
  end
  return texts
end

local function markdown_blocks(text)
  if not parsed[text] then
    read_all({ text })
  end
  return parsed[text]
end

-- Table cells hold their text without paragraph breaks.
local function cell_blocks(text)
  return markdown_blocks(text):walk({ Para = function(para) return pandoc.Plain(para.content) end })
end

local function markdown_inlines(text)
  local blocks = markdown_blocks(text)
  return blocks[1] and blocks[1].content or {}
end

local function label(id)
  local kind = kinds[id:match("^(%a+)%-")]
  return kind .. " " .. numbers[id]
end

local function caption_prefix(id)
  local label_text = pandoc.Span({ pandoc.Strong({ pandoc.Str(label(id) .. ".") }) }, { generated = "label" })
  return pandoc.Inlines({ label_text, pandoc.Space() })
end

-- " Sources[1,3]." citing the bib keys a generated table or figure draws from.
local function source_citations(spec)
  local citations = {}
  for i, key in ipairs(spec and spec.sources or {}) do
    citations[i] = pandoc.Citation(key, "NormalCitation")
  end
  if #citations == 0 then
    return pandoc.Inlines({})
  end
  local sources = pandoc.Span({ pandoc.Str("Sources"), pandoc.Cite({ pandoc.Str("[@sources]") }, citations) },
    { generated = "sources" })
  return pandoc.Inlines({ pandoc.Space(), sources, pandoc.Str(".") })
end

local function generated_table(div)
  local path = div.attributes.table
  local text = resources.read(path)
  if not text then
    error("table " .. div.identifier .. ": expected the file " .. path .. " on the resource path, found none")
  end
  local spec = pandoc.json.decode(text, false)
  read_all(texts_of(spec))
  local caption = caption_prefix(div.identifier)
  local first = div.content[1]
  if first and first.content then
    caption:extend(first.content)
  end
  caption:extend(source_citations(spec))
  local aligns = {}
  for i, align in ipairs(spec.align) do
    aligns[i] = ({ left = "AlignLeft", right = "AlignRight", center = "AlignCenter" })[align]
  end
  local headers, widths, rows = {}, {}, {}
  for i, column in ipairs(spec.columns) do
    headers[i] = { pandoc.Plain(markdown_inlines(column)) }
    widths[i] = 0
  end
  for r, row in ipairs(spec.rows) do
    rows[r] = {}
    for c, cell in ipairs(row) do
      rows[r][c] = cell_blocks(cell)
    end
  end
  local simple = pandoc.SimpleTable(caption, aligns, widths, headers, rows)
  local table = pandoc.utils.from_simple_table(simple)
  table.identifier = div.identifier
  table.attributes.generated = "table"
  local notes = {}
  for _, note in ipairs(spec.notes) do
    notes[#notes + 1] = pandoc.Para(markdown_inlines(note))
  end
  -- Its id ends in -notes: the Typst template sets such a block as table notes (Typst drops classes).
  return { table, pandoc.Div(notes, { id = div.identifier .. "-notes", class = "table-notes", generated = "table-notes" }) }
end

-- A generated figure's rows as a table, after it: its text alternative (the HTML shows it on request).
local function figure_table(id, spec)
  read_all(texts_of(spec))
  local caption = pandoc.Inlines({ pandoc.Span({ pandoc.Strong({ pandoc.Str(label(id) .. " as a table.") }) },
    { generated = "label" }), pandoc.Space() })
  caption:extend(markdown_inlines(spec.caption))
  local aligns, widths, headers, rows = {}, {}, {}, {}
  for i, column in ipairs(spec.columns) do
    aligns[i] = ({ left = "AlignLeft", right = "AlignRight", center = "AlignCenter" })[spec.align[i]]
    widths[i] = 0
    headers[i] = { pandoc.Plain(markdown_inlines(column)) }
  end
  for r, row in ipairs(spec.rows) do
    rows[r] = {}
    for c, cell in ipairs(row) do
      rows[r][c] = cell_blocks(cell)
    end
  end
  local table = pandoc.utils.from_simple_table(pandoc.SimpleTable(caption, aligns, widths, headers, rows))
  table.attributes.generated = "table"
  return pandoc.Div({ table }, { id = id .. "-data", class = "figure-data", generated = "figure-data" })
end

-- The figure's sidecar JSON (X.json beside X.svg), or nil.
local function figure_spec(figure)
  local image
  figure:walk({ Image = function(img) image = img end })
  local text = image and resources.read((image.src:gsub("^/", ""):gsub("%.svg$", ".json")))
  return text and pandoc.json.decode(text, false)
end

-- generated= is this filter's mark of what the build made: the manuscript may not write it.
local function refuse_generated(element)
  if element.attributes.generated then
    error("attribute generated= on '" .. pandoc.utils.stringify(element):sub(1, 60)
      .. "': expected it only from the build, which marks what it generates with it")
  end
end

function Pandoc(doc)
  doc:walk({ Span = refuse_generated, Div = refuse_generated, Link = refuse_generated, Table = refuse_generated,
    Header = refuse_generated, Image = refuse_generated, Figure = refuse_generated, Code = refuse_generated,
    CodeBlock = refuse_generated })
  local counts = { tbl = 0, fig = 0 }
  local function count(id)
    local prefix = id:match("^(%a+)%-")
    if prefix and kinds[prefix] and not numbers[id] then
      counts[prefix] = counts[prefix] + 1
      numbers[id] = counts[prefix]
    end
  end
  doc:walk({
    Div = function(div) if div.attributes.table then count(div.identifier) end end,
    Figure = function(figure) count(figure.identifier) end,
  })
  doc = doc:walk({
    Div = function(div)
      if div.attributes.table then
        return generated_table(div)
      end
    end,
    Figure = function(figure)
      if numbers[figure.identifier] then
        local spec = figure_spec(figure)
        local caption = figure.caption.long[1]
        local content = caption_prefix(figure.identifier)
        content:extend(caption and caption.content or {})
        content:extend(source_citations(spec))
        figure.caption.long = { pandoc.Plain(content) }
        if spec and spec.alt then
          -- The image's description is its alt text: what the figure shows, not its caption again.
          figure = figure:walk({ Image = function(image)
            image.caption = pandoc.Inlines({ pandoc.Span({ pandoc.Str(spec.alt) }, { generated = "alt" }) })
            return image
          end })
        end
        if spec and spec.table then
          return { figure, figure_table(figure.identifier, spec.table) }
        end
        return figure
      end
    end,
    Cite = function(cite)
      local id = cite.citations[1].id
      if kinds[id:match("^(%a+)%-") or ""] then
        if not numbers[id] then
          error("cross-reference @" .. id .. ": expected a table or figure with id " .. id .. ", found none")
        end
        return pandoc.Link(label(id), "#" .. id, "", { generated = "crossref" })
      end
    end,
  })
  return doc
end
