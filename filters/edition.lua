--[[
Each edition's own text, before anything is numbered or cited.

Text for one edition, [...]{edition=corrected} or ::: {edition=published},
is dropped from the other edition and unwrapped in its own; running first,
it lets citeproc number and list only the references an edition shows.

Metadata it reads: edition (corrected unless said).
]]

local function own_text(edition)
  local function keep(element)
    local wanted = element.attributes.edition
    if wanted then
      return wanted == edition and element.content or {}
    end
  end
  return { Span = keep, Div = keep }
end

function Pandoc(doc)
  local edition = doc.meta.edition and pandoc.utils.stringify(doc.meta.edition) or "corrected"
  return doc:walk(own_text(edition))
end
