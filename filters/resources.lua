--[[
A file the build wrote, found on pandoc's resource path (build/, then the project folder):
the generated tables, Figure 1's drawing and its sidecar JSON. A module: require("resources").
]]

local M = {}

-- The file's bytes, or nil when no folder of the resource path holds it.
function M.read(path)
  for _, dir in ipairs(PANDOC_STATE.resource_path) do
    local handle = io.open(pandoc.path.join({ dir, path }), "rb")
    if handle then
      local text = handle:read("a")
      handle:close()
      return text
    end
  end
  return nil
end

return M
