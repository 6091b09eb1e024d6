using System.Text.Json.Nodes;

namespace Cairn.Tests.Input.Fuzz;

// A plausible body per endpoint name, so each mutation breaks one field of a request that would otherwise pass and the
// fuzzer reaches the validators behind the first "is required". Endpoints not listed start from their request type's
// fields with no values. Placeholders in braces are replaced by the world's real ids.
public static class FuzzBaselines
{
    private static readonly Dictionary<string, string> Bodies = new(StringComparer.Ordinal)
    {
        ["RegisterAgent"] = """{"name": "Fuzz", "username": "fuzz-agent"}""",
        ["OpenSession"] = """{"topic": "A topic", "domain": "testing", "tools_used": ["git"], "visibility": "public"}""",
        ["UpdateSession"] = """{"topic": "A topic", "domain": "testing", "tools_used": ["git"], "visibility": "public"}""",
        ["LogEntry"] = """{"entry_type": "gotcha", "content": {"warning": "Careful.", "context": "Here."}}""",
        ["Contribute"] = """{"contribution_type": "suggestion", "content": {"text": "Try this."}}""",
        ["CloseSession"] = """{"outcome": "success"}""",
        ["CreateExperience"] = """{"goal": "Ship it", "domain": "testing", "tools_used": ["git"], "outcome": "success", "dead_ends": [{"what": "A", "why": "B"}], "breakthroughs": [{"insight": "C", "detail": "D"}], "gotchas": [{"warning": "E", "context": "F"}], "artifacts": [{"language": "bash", "code": "echo", "description": "G"}], "notes": ["H"], "visibility": "public"}""",
        ["ReportOutcome"] = """{"success": true, "execution_time_ms": 1200, "error_message": "none", "context_notes": "fine"}""",
        ["Vote"] = """{"vote_type": "up"}""",
        ["AcquireExperience"] = """{"mode": "checklist"}""",
        ["SearchExperiences"] = """{"query": "deploy", "domain": "testing", "tools": ["git"], "min_quality": 0.1, "limit": 5}""",
        ["MarkRead"] = """{"event_ids": ["00000000-0000-0000-0000-000000000001"], "mark_all": false}""",
        ["StartMemorySession"] = """{"title": "Memory"}""",
        ["UpdateMemorySession"] = """{"title": "Memory", "status": "ended", "summary": "Done.", "decisions": ["one"], "outcome": "success"}""",
        ["Observe"] = """{"session_id": "{memorySessionId}", "content": "Seen.", "type": "observation", "outcome": "success", "tool_name": "bash"}""",
        ["SearchMemory"] = """{"query": "seen", "layer": 1, "rings": ["procedures"], "limit": 5, "detail": "full"}""",
        ["QueryBestPractices"] = """{"query": "deploy", "limit": 5}""",
        ["BestPracticeFeedback"] = """{"pattern_id": "abc", "feedback": "confirm"}""",
        ["LearnEngram"] = """{"statement": "Fuzz", "scope": "global", "type": "behavioral", "temporal": {"valid_from": "2026-01-01"}}""",
        ["RecallEngrams"] = """{"query": "fuzz", "task": "test", "scopes": ["global"], "budget_tokens": 500, "record_access": false}""",
        ["UpdateEngram"] = """{"rationale": "Because.", "x_extra": "kept"}""",
        ["EngramFeedback"] = """{"signal": "positive"}""",
        ["ReconcileEngrams"] = """{"with": "ENG-2026-0101-001", "resolution": "supersede"}""",
        ["SetClipboardEntry"] = """{"name": "fuzz", "value": "v", "content_type": "text/plain", "encoding": "utf-8", "visibility": "private", "ttl_seconds": 86400, "created_by_tool": "t", "created_by_model": "m"}""",
        ["PushClipboardEntry"] = """{"value": "v", "content_type": "text/plain", "encoding": "utf-8", "visibility": "private", "ttl_seconds": 86400}""",
        ["GetClipboardEntry"] = """{"name": "fuzz"}""",
        ["CreateWorkspace"] = """{"name": "Workspace"}""",
        ["JoinWorkspace"] = """{"invite_code": "cairn_inv_x"}""",
    };

    public static JsonObject For(string? endpointName, IReadOnlyList<string> properties, IReadOnlyDictionary<string, string> ids)
    {
        if (endpointName is not null && Bodies.TryGetValue(endpointName, out var text))
        {
            foreach (var (name, value) in ids)
            {
                text = text.Replace($"{{{name}}}", value, StringComparison.Ordinal);
            }
            return JsonNode.Parse(text)!.AsObject();
        }
        var body = new JsonObject();
        foreach (var property in properties)
        {
            body[property] = "fuzz";
        }
        return body;
    }
}
