--[[
An identifier for each sentence, from its text, for the HTML.

The source holds one sentence per line, which pandoc reads as soft breaks: each run of a
paragraph between two soft breaks is wrapped in a span without class whose identifier is
s- and the first 8 hex digits of the SHA-1 of its text (a repeated sentence adds -2, -3).
So two builds of nearly the same text differ only where the text does, and a review
(build/review/index.html) can point to a sentence of the article. Readers see nothing new.

Table cells and the reference list are left alone: they are not the manuscript's sentences
(alike cells, "3", would be told apart only by their order; facts.lua marks each reference
inside citeproc's own spans).
]]

local seen = {}

local function sentence_id(inlines)
  local base = "s-" .. pandoc.utils.sha1(pandoc.utils.stringify(inlines)):sub(1, 8)
  seen[base] = (seen[base] or 0) + 1
  return seen[base] == 1 and base or (base .. "-" .. seen[base])
end

local function wrap(block)
  local result = pandoc.Inlines({})
  local run = pandoc.Inlines({})
  local function flush()
    while #run > 0 and run[#run].t == "Space" do
      run:remove(#run)
    end
    if #run > 0 then
      result:insert(pandoc.Span(run, { id = sentence_id(run) }))
    end
    run = pandoc.Inlines({})
  end
  for _, inline in ipairs(block.content) do
    if inline.t == "SoftBreak" then
      flush()
      result:insert(inline)
    else
      run:insert(inline)
    end
  end
  flush()
  block.content = result
  return block
end

function Pandoc(doc)
  doc.blocks = doc.blocks:walk({
    traverse = "topdown",
    Table = function(table)
      return table, false
    end,
    Div = function(div)
      if div.identifier == "refs" then
        return div, false
      end
    end,
    Para = wrap,
    Plain = wrap,
  })
  return doc
end
