--[[
Figures and tables as each format shows them best.

* HTML: a figure's SVG is inlined, so that its text can be found and selected,
  with a link to a full-size view (CSS :target, no script) that a phone can zoom;
  the figure's rows, a table the check read, are folded under it (details); and
  each table is framed, so that its numbers' tooltips are placed against the frame.
* Typst: the figure's alt text goes on its image (pandoc's writer drops it), for
  the PDF's Figure tag; spans that must stay on one line (.ci, .nowrap) are boxes;
  the figure's table is left out, since the PDF's figure holds its text as text.
]]

package.path = pandoc.path.directory(PANDOC_SCRIPT_FILE) .. "/?.lua;" .. package.path
local resources = require("resources")

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
  local svg = resources.read(image.src)
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
    .. '<img src="' .. attribute(image.src) .. '" alt="' .. alt .. '" width="720" />'
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
  if FORMAT:match("html") then
    doc.blocks = doc.blocks:walk({
      Figure = html_figure,
      Div = function(div)
        if div.attributes.generated == "figure-data" then
          return html_figure_data(div)
        end
      end,
      -- The frame of a table, which does not scroll: its numbers' tooltips are placed against it.
      Table = function(tbl) return pandoc.Div({ tbl }, { class = "table-wrap" }) end,
    })
  elseif FORMAT == "typst" then
    doc.blocks = doc.blocks:walk({
      Figure = typst_figure,
      Span = function(span)
        if span.classes:includes("ci") or span.classes:includes("nowrap") then
          return typst_nowrap(span)
        end
      end,
      Div = function(div)
        if div.attributes.generated == "figure-data" then
          return {}
        end
      end,
    })
  end
  return doc
end
