"""Fills a fresh Haven tenant with one or more of everything the Freshdesk clients read (through its API, as an
integrator would): companies, contacts, groups, tickets with replies, notes and time entries, canned responses,
business hours, an SLA policy, a survey with a rating, a scenario, a ticket summary, the knowledge base, skills and
discussions. Usage: seed-haven.py BASE_URL API_KEY CA_FILE; prints the ids it made as JSON.
"""
import base64
import json
import ssl
import sys
import urllib.request

base, key, ca = sys.argv[1], sys.argv[2], sys.argv[3]
context = ssl.create_default_context(cafile=ca)
auth = "Basic " + base64.b64encode(f"{key}:X".encode()).decode()


def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Authorization", auth)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, context=context) as response:
            text = response.read().decode()
            return json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        sys.exit(f"seed: {method} {path} answered {error.code}: {error.read().decode()[:500]}")


ids = {}
ids["company"] = call("POST", "/companies", {"name": "Seed Corp"})["id"]
ids["group"] = call("POST", "/groups", {"name": "Tier 1"})["id"]
ids["contact"] = call("POST", "/contacts", {"name": "Sam Seed", "email": "sam@seed.example", "company_id": ids["company"]})["id"]
agents = call("GET", "/agents")
ids["agent"] = agents[0]["id"]
ids["hours"] = call("POST", "/business_hours", {
    "name": "Office", "time_zone": "UTC",
    "business_hours": {day: {"start_time": "9:00 am", "end_time": "5:00 pm"} for day in ["monday", "tuesday", "wednesday", "thursday", "friday"]},
})["id"]
target = {"respond_within": 3600, "resolve_within": 86400, "business_hours": False, "escalation_enabled": True}
ids["sla"] = call("POST", "/sla_policies", {
    "name": "Standard", "is_default": True,
    "sla_target": {f"priority_{n}": target for n in range(1, 5)},
})["id"]
ids["survey"] = call("POST", "/surveys", {"title": "How did we do?", "scale": 3})["id"]
tickets = []
for n in (1, 2, 3):
    ticket = call("POST", "/tickets", {
        "subject": f"Seed ticket {n}", "description": f"<p>Body {n}</p>", "email": f"seed{n}@example.com", "priority": 2,
        "status": 2, "group_id": ids["group"],
    })
    tickets.append(ticket["id"])
    call("POST", f"/tickets/{ticket['id']}/reply", {"body": "A reply"})
    call("POST", f"/tickets/{ticket['id']}/notes", {"body": "A note"})
    call("POST", f"/tickets/{ticket['id']}/time_entries", {"time_spent": "00:30", "note": "Looked into it"})
ids["tickets"] = tickets
call("POST", f"/tickets/{tickets[0]}/satisfaction_ratings", {"ratings": {"default_question": 103}, "feedback": "Quick"})
call("PUT", f"/tickets/{tickets[0]}/summary", {"body": "<p>Customer asked about seeds.</p>"})
folder = call("POST", "/canned_response_folders", {"name": "Greetings"})
ids["canned_folder"] = folder["id"]
ids["canned"] = call("POST", "/canned_responses", {
    "title": "Hello", "content_html": "<p>Hello {{ticket.requester.name}}</p>", "folder_id": folder["id"],
})["id"]
ids["scenario"] = call("POST", "/scenario_automations", {"name": "Escalate", "actions": [{"name": "priority", "value": 4}]})["id"]
category = call("POST", "/solutions/categories", {"name": "Getting started", "description": "First steps"})
ids["solution_category"] = category["id"]
kb_folder = call("POST", f"/solutions/categories/{category['id']}/folders", {"name": "Basics", "visibility": 1})
ids["solution_folder"] = kb_folder["id"]
ids["solution_article"] = call("POST", f"/solutions/folders/{kb_folder['id']}/articles", {
    "title": "How to reset your password", "description": "<p>Open Settings and choose <b>Reset</b>.</p>", "status": 2,
    "tags": ["account"],
})["id"]
ids["skill"] = call("POST", "/skills", {
    "name": "Billing", "agents": [{"id": ids["agent"]}],
    "conditions": [{"resource_type": "ticket", "field_name": "ticket_type", "operator": "in", "value": ["Refund"]}],
})["id"]
board = call("POST", "/discussions/categories", {"name": "Community", "description": "Talk to us"})
ids["discussion_category"] = board["id"]
forum = call("POST", f"/discussions/categories/{board['id']}/forums", {"name": "Questions", "forum_type": 1, "forum_visibility": 1})
ids["forum"] = forum["id"]
topic = call("POST", f"/discussions/forums/{forum['id']}/topics", {"title": "How do I export?", "message": "<p>Where is export?</p>"})
ids["topic"] = topic["id"]
ids["comment"] = call("POST", f"/discussions/topics/{topic['id']}/comments", {"body": "<p>Settings, then Export.</p>"})["id"]
print(json.dumps(ids))
