--[[
Image paths for Typst, which resolves "/x" against the compile root, the project
folder: each image points at the file where pandoc's resource path finds it
(build/figures/... or the project's own).
]]

function Image(image)
  if image.src:match("^/") or image.src:match("^%a+:") then
    return nil
  end
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
