--[[
Tables, figures and cross-references, before citeproc runs.

* A Div with a `table` attribute becomes the table in that JSON file
  (written by scripts/make_table1.py; looked up on the resource path), with
  the Div's paragraph as caption and the file's notes below it.
* A figure whose image X.svg has a sibling X.json (scripts/plot_forest.py)
  is a generated figure too.
* The caption of a generated table or figure ends by citing its sources.
* Tables (ids tbl-...) and figures (ids fig-...) are numbered in order, and
  a citation of such an id (@tbl-negative, as in Quarto) becomes "Table 1".
* For Typst, image paths are made relative to the compile root, the project folder.
]]

local kinds = { tbl = "Table", fig = "Figure" }
local numbers = {}

local function find_resource(path)
  for _, dir in ipairs(PANDOC_STATE.resource_path) do
    local candidate = pandoc.path.join({ dir, path })
    local handle = io.open(candidate, "r")
    if handle then
      local text = handle:read("a")
      handle:close()
      return text
    end
  end
  return nil
end

local function markdown_blocks(text)
  return pandoc.read(text, "markdown").blocks
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
  return pandoc.Inlines({ pandoc.Strong({ pandoc.Str(label(id) .. ".") }), pandoc.Space() })
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
  return pandoc.Inlines({ pandoc.Space(), pandoc.Str("Sources"), pandoc.Cite({ pandoc.Str("[@sources]") }, citations),
    pandoc.Str(".") })
end

local function generated_table(div)
  local path = div.attributes.table
  local text = find_resource(path)
  if not text then
    error("table " .. div.identifier .. ": expected the file " .. path .. " on the resource path, found none")
  end
  local spec = pandoc.json.decode(text, false)
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
  local notes = {}
  for _, note in ipairs(spec.notes) do
    notes[#notes + 1] = pandoc.Para(markdown_inlines(note))
  end
  return { table, pandoc.Div(notes, { class = "table-notes" }) }
end

-- The figure's sidecar JSON (X.json beside X.svg), or nil.
local function figure_spec(figure)
  local image
  figure:walk({ Image = function(img) image = img end })
  local text = image and find_resource((image.src:gsub("^/", ""):gsub("%.svg$", ".json")))
  return text and pandoc.json.decode(text, false)
end

function Pandoc(doc)
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
        local caption = figure.caption.long[1]
        local content = caption_prefix(figure.identifier)
        content:extend(caption and caption.content or {})
        content:extend(source_citations(figure_spec(figure)))
        figure.caption.long = { pandoc.Plain(content) }
        return figure
      end
    end,
    Image = function(image)
      -- Typst resolves "/x" against the compile root, the project folder: point at the
      -- file where pandoc's resource path finds it (build/figures/... or the project's own).
      if FORMAT == "typst" and not image.src:match("^/") and not image.src:match("^%a+:") then
        for _, dir in ipairs(PANDOC_STATE.resource_path) do
          local candidate = pandoc.path.normalize(pandoc.path.join({ dir, image.src }))
          local handle = io.open(candidate, "r")
          if handle then
            handle:close()
            image.src = "/" .. candidate
            return image
          end
        end
        image.src = "/" .. image.src
        return image
      end
    end,
    Cite = function(cite)
      local id = cite.citations[1].id
      if kinds[id:match("^(%a+)%-") or ""] then
        if not numbers[id] then
          error("cross-reference @" .. id .. ": expected a table or figure with id " .. id .. ", found none")
        end
        return pandoc.Link(label(id), "#" .. id)
      end
    end,
  })
  return doc
end
