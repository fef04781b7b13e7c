"""A small MCP server written with the official MCP Python SDK, for Warden's MCP client tests.

Usage: mcp_fixture_server.py stdio | mcp_fixture_server.py http PORT
"""

import sys

from mcp.server.mcpserver import MCPServer

server = MCPServer("fixture", log_level="WARNING")


@server.tool()
def echo(text: str) -> str:
    """Returns the text it was given."""
    return text


@server.tool()
def write_note(path: str, content: str) -> str:
    """Writes content to the file at path (a side effect Warden must hold for approval)."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(content)
    return f"wrote {len(content)} bytes to {path}"


@server.tool()
def big(size: int) -> str:
    """Returns size bytes of text."""
    return "x" * size


@server.tool()
def fail() -> str:
    """Always fails."""
    raise ValueError("the fixture failed on purpose")


if __name__ == "__main__":
    if sys.argv[1] == "stdio":
        server.run("stdio")
    else:
        server.run("streamable-http", host="127.0.0.1", port=int(sys.argv[2]))
