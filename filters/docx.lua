--[[
Word specifics, for build/editorial.docx and the review's tracked copy.

* A figure drawn as SVG is embedded as the PNG beside it (scripts/plot_forest.py writes
  both): pandoc converts SVG for Word only through rsvg-convert, which the build lacks.
* The record's authors are maps (name, affiliation) and its keywords plain strings, which
  the Word writer would show as nothing: they become their names and text.
]]

local function on_resource_path(path)
  for _, dir in ipairs(PANDOC_STATE.resource_path) do
    local handle = io.open(pandoc.path.join({ dir, path }), "rb")
    if handle then
      handle:close()
      return true
    end
  end
  return false
end

function Image(image)
  local png = image.src:gsub("%.svg$", ".png")
  if png ~= image.src and on_resource_path((png:gsub("^/", ""))) then
    image.src = png
    return image
  end
end

function Meta(meta)
  if meta.author then
    local names = pandoc.List({})
    for _, author in ipairs(meta.author) do
      names:insert(pandoc.Inlines(pandoc.utils.stringify(author.name or author)))
    end
    meta.author = names
  end
  if meta.keywords then
    local words = pandoc.List({})
    for _, word in ipairs(meta.keywords) do
      words:insert(pandoc.Inlines(pandoc.utils.stringify(word)))
    end
    meta.keywords = words
  end
  return meta
end
