"""Drives Warden's MCP server with the official MCP Python SDK, as an agent would.

Usage:
  mcp_client.py http URL API_KEY CALLS_JSON
  mcp_client.py stdio WARDEN_BINARY CONFIG API_KEY CALLS_JSON

CALLS_JSON is a list of {"tool": NAME, "arguments": {...}, "until": {"key": K, "equals": V}?};
with "until", the call is repeated (every 0.2 s, at most 100 times) until the structured result's K
equals V. Prints one JSON document on stdout:
{"server": {...}, "tools": [names], "calls": [{"is_error", "text", "structured"} or {"error"}]}.
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


async def drive(read, write, calls):
    async with ClientSession(read, write) as session:
        init = await session.initialize()
        tools = await session.list_tools()
        results = []
        for call in calls:
            until = call.get("until")
            try:
                for _ in range(100):
                    result = await session.call_tool(call["tool"], call.get("arguments", {}))
                    structured = result.structured_content or {}
                    if until is None or structured.get(until["key"]) == until["equals"]:
                        break
                    await asyncio.sleep(0.2)
            except Exception as error:  # a JSON-RPC error answer
                results.append({"error": str(error)})
                continue
            results.append(
                {
                    "is_error": bool(result.is_error),
                    "text": "".join(c.text for c in result.content if getattr(c, "type", "") == "text"),
                    "structured": result.structured_content,
                }
            )
        return {
            "server": {"name": init.server_info.name, "version": init.server_info.version},
            "instructions": init.instructions,
            "tools": [
                {"name": t.name, "schema": t.input_schema} for t in tools.tools
            ],
            "calls": results,
        }


async def main():
    mode = sys.argv[1]
    if mode == "http":
        url, key, calls = sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
        client = create_mcp_http_client(headers={"Authorization": f"Bearer {key}"})
        async with client:
            async with streamable_http_client(url, http_client=client) as (read, write):
                out = await drive(read, write, calls)
    elif mode == "stdio":
        binary, config, key, calls = sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
        params = StdioServerParameters(
            command=binary,
            args=["--config", config, "mcp"],
            env={"WARDEN_API_KEY": key, "WARDEN_LOG": "warn"},
        )
        async with stdio_client(params) as (read, write):
            out = await drive(read, write, calls)
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(out))


asyncio.run(main())
