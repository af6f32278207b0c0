"""Calls every tool of the freshdesk-mcp server (effytech, from PyPI, unmodified) over MCP's stdio transport, as an
AI agent would, against a live Haven: the server is started through resolve-to-haven.py so its requests to
https://$FRESHDESK_DOMAIN reach the local Haven. Each tool gets real arguments (ids from the seeded data and from
earlier tools); a tool fails when the call errors or its answer carries an error. Exit 0 when every tool succeeds.
Usage: freshdesk-mcp-tools.py PYTHON ROOT SEED_IDS_JSON
"""
import asyncio
import json
import os
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

python, root, seeded = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
ids = dict(seeded)


def plan():
    """(tool, arguments) in order; arguments may be functions of what earlier tools returned."""
    t = ids["tickets"][0]
    return [
        ("get_ticket_fields", {}),
        ("get_field_properties", {"field_name": "priority"}),
        ("create_ticket", {"subject": "From an AI agent", "description": "<p>Printer jam</p>", "source": 2, "priority": 2, "status": 2,
                           "email": "ai.customer@example.com"}),
        # create_ticket answers "Ticket created successfully" without the id: the list names it.
        ("get_tickets", {"page": 1, "per_page": 10}),
        ("get_ticket", lambda: {"ticket_id": ids["mcp_ticket"]}),
        ("update_ticket", lambda: {"ticket_id": ids["mcp_ticket"], "ticket_fields": {"priority": 3, "tags": ["ai"]}}),
        ("search_tickets", {"query": "\"priority:3\""}),
        ("create_ticket_reply", lambda: {"ticket_id": ids["mcp_ticket"], "body": "<p>We are on it.</p>"}),
        ("create_ticket_note", lambda: {"ticket_id": ids["mcp_ticket"], "body": "<p>Internal: check tray 2.</p>"}),
        ("get_ticket_conversation", lambda: {"ticket_id": ids["mcp_ticket"]}),
        ("update_ticket_conversation", lambda: {"conversation_id": ids["mcp_note"], "body": "<p>Internal: tray 2 checked.</p>"}),
        ("view_ticket_summary", {"ticket_id": t}),
        ("update_ticket_summary", {"ticket_id": t, "body": "<p>Summary by an AI agent.</p>"}),
        ("delete_ticket_summary", {"ticket_id": t}),
        ("delete_ticket", lambda: {"ticket_id": ids["mcp_ticket"]}),
        ("get_agents", {"page": 1, "per_page": 10}),
        ("view_agent", {"agent_id": ids["agent"]}),
        ("search_agents", {"query": "a"}),
        ("create_agent", {"agent_fields": {"email": "ai.agent@demo.example", "ticket_scope": 1, "name": "AI Agent"}}),
        ("update_agent", lambda: {"agent_id": ids["mcp_agent"], "agent_fields": {"signature": "<p>AI</p>"}}),
        ("list_contacts", {"page": 1, "per_page": 10}),
        ("get_contact", {"contact_id": ids["contact"]}),
        ("search_contacts", {"query": "Sam"}),
        ("update_contact", {"contact_id": ids["contact"], "contact_fields": {"job_title": "Buyer"}}),
        ("list_contact_fields", {}),
        ("create_contact_field", {"contact_field_fields": {"label": "Plan", "label_for_customers": "Plan", "type": "custom_text"}}),
        ("view_contact_field", lambda: {"contact_field_id": ids["mcp_contact_field"]}),
        ("update_contact_field", lambda: {"contact_field_id": ids["mcp_contact_field"], "contact_field_fields": {"label": "Plan name"}}),
        ("list_companies", {"page": 1, "per_page": 10}),
        ("view_company", {"company_id": ids["company"]}),
        ("search_companies", {"query": "Seed"}),
        ("find_company_by_name", {"name": "Seed Corp"}),
        ("list_company_fields", {}),
        ("list_groups", {"page": 1, "per_page": 10}),
        ("create_group", {"group_fields": {"name": "AI desk", "description": "Tickets an AI agent triages"}}),
        ("view_group", lambda: {"group_id": ids["mcp_group"]}),
        # The tool checks its input against its create model, which needs the name.
        ("update_group", lambda: {"group_id": ids["mcp_group"], "group_fields": {"name": "AI desk", "description": "Triage"}}),
        ("create_ticket_field", {"ticket_field_fields": {"label": "Order number", "label_for_customers": "Order number", "type": "custom_text"}}),
        ("view_ticket_field", lambda: {"ticket_field_id": ids["mcp_ticket_field"]}),
        ("update_ticket_field", lambda: {"ticket_field_id": ids["mcp_ticket_field"], "ticket_field_fields": {"label": "Order no."}}),
        ("list_canned_response_folders", {}),
        ("create_canned_response_folder", {"name": "AI replies"}),
        ("update_canned_response_folder", lambda: {"folder_id": ids["mcp_canned_folder"], "name": "AI answers"}),
        ("create_canned_response", lambda: {"canned_response_fields": {
            "title": "Tray", "content_html": "<p>Open tray 2, {{ticket.requester.name}}.</p>", "folder_id": ids["mcp_canned_folder"],
            "visibility": 0}}),
        ("list_canned_responses", lambda: {"folder_id": ids["mcp_canned_folder"]}),
        ("view_canned_response", lambda: {"canned_response_id": ids["mcp_canned"]}),
        ("update_canned_response", lambda: {"canned_response_id": ids["mcp_canned"], "canned_response_fields": {"title": "Tray two"}}),
        ("list_solution_categories", {}),
        ("view_solution_category", {"category_id": ids["solution_category"]}),
        ("create_solution_category", {"category_fields": {"name": "Printers", "description": "Paper and ink"}}),
        ("update_solution_category", lambda: {"category_id": ids["mcp_solution_category"], "category_fields": {"name": "Printing"}}),
        ("list_solution_folders", lambda: {"category_id": ids["mcp_solution_category"]}),
        ("create_solution_category_folder", lambda: {"category_id": ids["mcp_solution_category"],
                                                     "folder_fields": {"name": "Jams", "visibility": 1}}),
        ("view_solution_category_folder", lambda: {"folder_id": ids["mcp_solution_folder"]}),
        ("update_solution_category_folder", lambda: {"folder_id": ids["mcp_solution_folder"], "folder_fields": {"name": "Paper jams"}}),
        ("create_solution_article", lambda: {"folder_id": ids["mcp_solution_folder"], "article_fields": {
            "title": "Clear a jam", "description": "<p>Open tray 2.</p>", "status": 2}}),
        ("list_solution_articles", lambda: {"folder_id": ids["mcp_solution_folder"]}),
        ("view_solution_article", lambda: {"article_id": ids["mcp_solution_article"]}),
        ("update_solution_article", lambda: {"article_id": ids["mcp_solution_article"], "article_fields": {"title": "Clear a paper jam"}}),
    ]


# Where a tool's answer names something later tools use.
REMEMBER = {
    "create_agent": "mcp_agent", "create_contact_field": "mcp_contact_field", "create_group": "mcp_group",
    "create_ticket_field": "mcp_ticket_field", "create_canned_response_folder": "mcp_canned_folder",
    "create_canned_response": "mcp_canned", "create_solution_category": "mcp_solution_category",
    "create_solution_category_folder": "mcp_solution_folder", "create_solution_article": "mcp_solution_article",
}


# Tools whose own code cannot read a correct answer: delete_ticket calls response.json() on DELETE's 204 No Content,
# which has no body (Freshdesk answers the same). Such a tool counts only when the change it asked for is then seen.
CLIENT_DEFECTS = {"delete_ticket": "decodes the empty body of DELETE's 204 No Content as JSON"}


async def effect_seen(session, name, arguments):
    if name == "delete_ticket":
        answer = decode(await session.call_tool("get_ticket", {"ticket_id": arguments["ticket_id"]}))
        return isinstance(answer, dict) and answer.get("deleted") is True
    return False


def decode(result):
    """A tool's answer: FastMCP sends a list as one text part per item, anything else as one part."""
    texts = [getattr(part, "text", "") for part in result.content]
    try:
        values = [json.loads(text) for text in texts]
    except ValueError:
        return "\n".join(texts)
    return values if len(values) != 1 else values[0]


def problem(answer):
    """Why an answer is a failure, or None."""
    if isinstance(answer, str):
        stripped = answer.strip()
        return stripped[:300] if stripped.startswith(("Error", "Validation Error", "Cannot")) else None
    for value in answer if isinstance(answer, list) else [answer]:
        if isinstance(value, dict) and ("error" in value or "errors" in value or (value.get("code") and value.get("message"))):
            return json.dumps(value)[:300]
    return None


async def main():
    env = dict(os.environ)
    server = StdioServerParameters(
        command=python, args=[f"{root}/scripts/clients/resolve-to-haven.py", "freshdesk_mcp.server:main"], env=env)
    failures, defects, calls = [], [], 0
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = sorted(tool.name for tool in (await session.list_tools()).tools)
            steps = plan()
            planned = {name for name, _ in steps}
            unplanned = sorted(set(tools) - planned)
            if unplanned:
                failures.append(f"no call planned for {unplanned}")
            for name, arguments in steps:
                if name not in tools:
                    failures.append(f"{name}: not a tool of this server")
                    continue
                try:
                    arguments = arguments() if callable(arguments) else arguments
                except KeyError as missing:
                    failures.append(f"{name}: not called, an earlier tool did not give {missing}")
                    print(f"  ✘ {name}")
                    continue
                calls += 1
                result = await session.call_tool(name, arguments)
                answer = decode(result)
                why = str(answer)[:300] if result.isError else problem(answer)
                if why and name in CLIENT_DEFECTS and await effect_seen(session, name, arguments):
                    print(f"  ✔ {name} (done; the tool's own error: it {CLIENT_DEFECTS[name]})")
                    defects.append(name)
                    continue
                if why:
                    failures.append(f"{name}({json.dumps(arguments)[:120]}): {why}")
                    print(f"  ✘ {name}")
                    continue
                print(f"  ✔ {name}")
                listed = answer if isinstance(answer, list) else [answer]
                if name in REMEMBER:
                    ids[REMEMBER[name]] = answer["id"]
                if name == "get_tickets":
                    ids["mcp_ticket"] = next(t["id"] for t in answer["tickets"] if t["subject"] == "From an AI agent")
                if name == "get_ticket_conversation":
                    ids["mcp_note"] = next(c["id"] for c in listed if c.get("private"))
    print(f"freshdesk-mcp: {calls} calls to {len(tools)} tools")
    if failures:
        sys.exit("freshdesk-mcp: failures:\n  " + "\n  ".join(failures))
    note = f" ({', '.join(defects)}: done, though the tool reports its own decoding error)" if defects else ""
    print(f"freshdesk-mcp: all {len(tools)} tools succeeded{note}")


asyncio.run(main())
