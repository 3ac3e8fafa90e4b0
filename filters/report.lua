--[[
The number check's report, as the rendering filters read it (a module: require("report")).

load(doc) reads numbers-file (build/checks/numbers.json) and references-index from the
document's metadata, and numbers the reference list as citeproc ordered it. The helpers
turn an entry of the report into what readers see: its value, its source, its marks.
]]

local M = { entries = {}, corrections = {}, references = {}, reference_numbers = {}, edition = "corrected" }
-- The marks after a number, a claim or corrected words; † marks what no source confirms.
M.MARKS = { corrected = "§", discrepancy = "‖", undecidable = "†" }

local function read_json(path)
  local handle = assert(io.open(path, "r"), "cannot open " .. path)
  local text = handle:read("a")
  handle:close()
  return pandoc.json.decode(text, false)
end

function M.load(doc)
  local report = read_json(pandoc.utils.stringify(doc.meta["numbers-file"]))
  for _, list in ipairs({ report.numbers, report.claims or {} }) do
    for _, entry in ipairs(list) do
      M.entries[entry.id] = entry
    end
  end
  M.corrections = report.corrections
  M.references = read_json(pandoc.utils.stringify(doc.meta["references-index"]))
  M.edition = doc.meta.edition and pandoc.utils.stringify(doc.meta.edition) or "corrected"
  doc:walk({
    Div = function(div)
      if div.identifier == "refs" then
        local count = 0
        for _, entry in ipairs(div.content) do
          local key = entry.identifier and entry.identifier:match("^ref%-(.+)$")
          if key then
            count = count + 1
            M.reference_numbers[key] = count
          end
        end
      end
    end,
  })
end

function M.value_text(entry)
  return entry.fact_text .. (entry.fact_unit ~= "" and (" " .. entry.fact_unit) or "")
end

function M.source_text(entry)
  local number = M.reference_numbers[entry.ref]
  return entry.ref_label .. (number and (" [" .. number .. "]") or "") .. ", " .. entry.location
end

-- "Bruix 2015 [7], abstract" with [7] linking to the reference list.
function M.source_inlines(entry)
  local result = pandoc.Inlines({ pandoc.Str(entry.ref_label) })
  local number = M.reference_numbers[entry.ref]
  if number then
    result:extend({ pandoc.Space(), pandoc.Link("[" .. number .. "]", "#ref-" .. entry.ref) })
  end
  result:insert(pandoc.Str(", " .. entry.location))
  return result
end

-- The marks of an entry as text: its correction or discrepancy, and an unverified source.
function M.mark_text(entry)
  local mark = M.MARKS[entry.verdict] or ""
  if entry.status == "unverified" and entry.verdict ~= "undecidable" then
    mark = mark .. "†"
  end
  return mark
end

-- Published Markdown (a was= of corrected words) as readers saw it: its citations as numbers.
function M.published_inlines(text)
  local blocks = pandoc.read(text, "markdown").blocks
  local inlines = blocks[1] and blocks[1].content or pandoc.Inlines({})
  return inlines:walk({
    Cite = function(cite)
      local numbers = {}
      for _, citation in ipairs(cite.citations) do
        numbers[#numbers + 1] = tostring(M.reference_numbers[citation.id] or "?")
      end
      return pandoc.Superscript({ pandoc.Str("[" .. table.concat(numbers, ",") .. "]") })
    end,
  })
end

return M
