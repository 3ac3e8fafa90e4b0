--[[
Each edition's own text, before anything is numbered or cited.

* Text for one edition, [...]{edition=corrected} or ::: {edition=published},
  is dropped from the other edition and kept, with its attribute, in its own;
  running first, it lets citeproc number and list only the references an
  edition shows.
* In the published edition a number with was= shows the published text; the
  corrected text is kept as corrected=, for the number's tooltip.

What is dropped or kept here is what the number check reads (it reads this
filter's output), and what both renderings show. Values other than
corrected and published are left alone for the check to refuse.

Metadata it reads: edition (corrected unless said).
]]

local function own_text(edition)
  local function keep(element)
    local wanted = element.attributes.edition
    if (wanted == "corrected" or wanted == "published") and wanted ~= edition then
      return {}
    end
  end
  local function published_text(span)
    local was = span.attributes.was
    if span.attributes.fact and was then
      span.attributes.corrected = pandoc.utils.stringify(span.content)
      span.content = pandoc.Inlines(was)
      return span
    end
  end
  if edition == "published" then
    return {
      Span = function(span)
        local kept = keep(span)
        if kept then
          return kept
        end
        return published_text(span)
      end,
      Div = keep,
    }
  end
  return { Span = keep, Div = keep }
end

function Pandoc(doc)
  local edition = doc.meta.edition and pandoc.utils.stringify(doc.meta.edition) or "corrected"
  return doc:walk(own_text(edition))
end
