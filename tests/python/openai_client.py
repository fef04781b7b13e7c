"""Talks to Warden's OpenAI-compatible endpoint with the official `openai` package.

Usage: openai_client.py BASE_URL API_KEY STEPS_JSON

STEPS_JSON is a list of steps:
  {"op": "models"}
  {"op": "chat", "messages": [...], "stream": bool, "model": "warden"?, "extra_body": {...}?}
Prints a JSON list with one result per step; an API error becomes
{"error": {"status", "type", "code", "message"}}.
"""

import json
import sys

import openai
from openai import OpenAI


def chat(client, step):
    kwargs = {
        "model": step.get("model", "warden"),
        "messages": step["messages"],
    }
    if step.get("extra_body"):
        kwargs["extra_body"] = step["extra_body"]
    if not step.get("stream"):
        completion = client.chat.completions.create(**kwargs)
        return {
            "id": completion.id,
            "object": completion.object,
            "model": completion.model,
            "content": completion.choices[0].message.content,
            "role": completion.choices[0].message.role,
            "finish_reason": completion.choices[0].finish_reason,
            "usage": completion.usage.model_dump() if completion.usage else None,
            "warden": (completion.model_extra or {}).get("warden"),
        }
    stream = client.chat.completions.create(
        stream=True, stream_options={"include_usage": True}, **kwargs
    )
    content, finish, roles, events, usage, chunks = "", None, [], [], None, 0
    for chunk in stream:
        chunks += 1
        extra = chunk.model_extra or {}
        for event in (extra.get("warden") or {}).get("events", []):
            events.append(event["type"])
        if chunk.usage is not None:
            usage = chunk.usage.model_dump()
        for choice in chunk.choices:
            if choice.delta.role:
                roles.append(choice.delta.role)
            if choice.delta.content:
                content += choice.delta.content
            if choice.finish_reason:
                finish = choice.finish_reason
    return {
        "content": content,
        "finish_reason": finish,
        "roles": roles,
        "events": events,
        "usage": usage,
        "chunks": chunks,
    }


def main():
    base, key, steps = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    client = OpenAI(base_url=f"{base}/v1", api_key=key, max_retries=0, timeout=120)
    results = []
    for step in steps:
        try:
            if step["op"] == "models":
                results.append({"models": [m.id for m in client.models.list()]})
            else:
                results.append(chat(client, step))
        except openai.APIStatusError as error:
            body = error.body if isinstance(error.body, dict) else {}
            results.append(
                {
                    "error": {
                        "status": error.status_code,
                        "type": body.get("type"),
                        "code": body.get("code"),
                        "message": body.get("message"),
                    }
                }
            )
        except openai.APIError as error:  # an error object inside a stream
            results.append({"error": {"status": None, "message": error.message, "body": error.body}})
    print(json.dumps(results))


main()
