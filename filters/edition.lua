--[[
Each edition's own text, before anything is numbered or cited.

* Text for one edition, [...]{edition=corrected} or ::: {edition=published},
  is dropped from the other edition and kept, with its attribute, in its own;
  running first, it lets citeproc number and list only the references an
  edition shows.
* In the published edition a span with was= shows the published text: a number
  (fact=), a claim (claim=, whose published relation is was-claim=) or words
  corrected (correction=, whose was= is Markdown and may cite). The corrected
  text is kept as corrected= (and the claim as corrected-claim=), for tooltips.
  These two are this filter's own: written by hand they are renamed written-corrected=
  (written-corrected-claim=), which the check refuses, so no span can fake a correction.

What is dropped or kept here is what the number check reads (it reads this
filter's output), and what both renderings show. Values other than
corrected and published are left alone for the check to refuse.

Metadata it reads: edition (corrected unless said).
]]

-- corrected= and corrected-claim= written in the manuscript: renamed, for the check to refuse.
local function rename_written(span)
  for _, key in ipairs({ "corrected", "corrected-claim" }) do
    if span.attributes[key] then
      span.attributes["written-" .. key] = span.attributes[key]
      span.attributes[key] = nil
    end
  end
end

local function own_text(edition)
  local function keep(element)
    local wanted = element.attributes.edition
    if (wanted == "corrected" or wanted == "published") and wanted ~= edition then
      return {}
    end
  end
  local function published_text(span)
    local was = span.attributes.was
    if not was then
      return nil
    end
    if span.attributes.fact or span.attributes.claim then
      span.attributes.corrected = pandoc.utils.stringify(span.content)
      span.content = pandoc.Inlines(was)
      if span.attributes.claim and span.attributes["was-claim"] then
        span.attributes["corrected-claim"] = span.attributes.claim
        span.attributes.claim = span.attributes["was-claim"]
      end
      return span
    elseif span.attributes.correction then
      span.attributes.corrected = pandoc.utils.stringify(span.content)
      local blocks = pandoc.read(was, "markdown").blocks
      span.content = blocks[1] and blocks[1].content or pandoc.Inlines({})
      return span
    end
  end
  if edition == "published" then
    return {
      Span = function(span)
        rename_written(span)
        local kept = keep(span)
        if kept then
          return kept
        end
        return published_text(span) or span -- the renaming is kept only when the span is returned
      end,
      Div = keep,
    }
  end
  return {
    Span = function(span)
      rename_written(span)
      return keep(span) or span
    end,
    Div = keep,
  }
end

function Pandoc(doc)
  local edition = doc.meta.edition and pandoc.utils.stringify(doc.meta.edition) or "corrected"
  return doc:walk(own_text(edition))
end
