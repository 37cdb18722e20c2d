-- Headless probe for the README's Neovim recipe. The recipe is sourced first
-- (as a user's init.lua would be); this file then opens LSP_FILE, waits for the
-- recipe's client to attach, asks for a definition and collects diagnostics.
-- Env: LSP_FILE, LSP_LINE, LSP_COL (0-based), LSP_OUT, LSP_TIMEOUT (ms).
local env = vim.env
local timeout = tonumber(env.LSP_TIMEOUT or '20000')
local result = { nvim = tostring(vim.version().major .. '.' .. vim.version().minor .. '.' .. vim.version().patch) }
local function finish(code)
  vim.fn.writefile({ vim.fn.json_encode(result) }, env.LSP_OUT)
  vim.cmd((code == 0) and 'qall!' or ('cquit ' .. code))
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(env.LSP_FILE))
  local bufnr = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[bufnr].filetype
  local client
  assert(vim.wait(timeout, function()
    for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do client = c end
    return client ~= nil and client.initialized
  end, 20), 'no client attached and initialized: the recipe did not start the server')
  result.client_name = client.name
  result.root_dir = client.config.root_dir
  result.definition_provider = client.server_capabilities and client.server_capabilities.definitionProvider or false
  local r, e = client.request_sync('textDocument/definition', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = tonumber(env.LSP_LINE), character = tonumber(env.LSP_COL) },
  }, timeout, bufnr)
  result.definition = r and r.result or { error = tostring(e) }
  vim.wait(timeout, function() return #vim.diagnostic.get(bufnr) > 0 end, 20)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(result.diagnostics, { lnum = d.lnum, severity = d.severity, message = d.message, source = d.source })
  end
  client.stop()
  vim.wait(2000, function() return client.is_stopped() end, 20)
end)
if not ok then result.failure = tostring(err); finish(1) else finish(0) end
