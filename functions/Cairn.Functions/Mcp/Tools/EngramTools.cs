using System.Text.Json.Nodes;
using Cairn.Engrams;
using Cairn.Engrams.Recall;
using Cairn.Engrams.Schema;

namespace Cairn.Mcp.Tools;

// Engrams, the agent's durable rules and knowledge; the same calls as /api/v1/engrams.
internal sealed class EngramTools(LearnService learn, RecallService recall, EngramLifecycle lifecycle) : IMcpToolSet
{
    public string Toolset => "engrams";

    // The engram fields a model usually sets, described for it; types and allowed values come from the PLUR schema
    // Cairn validates with.
    private static readonly (string Name, string Description)[] LearnFields =
    [
        ("statement", "The rule or fact itself, one sentence, e.g. 'Never call the payments API without an idempotency key.'"),
        ("type", "behavioral (how to act), terminological (what a term means), procedural (how to do something) or architectural (how a system is built)."),
        ("scope", "Where it applies and who recalls it: 'user:me' or 'agent:…' (only you), 'workspace:<id>' (its members), or a shared namespace such as 'group:acme/payments', 'project:…', 'org:…', 'global'."),
        ("rationale", "Why it holds."),
        ("contraindications", "Situations where it does not apply."),
        ("polarity", "do or dont; inferred from the statement when left out."),
        ("commitment", "How settled it is; locked engrams are always recalled first."),
        ("summary", "At most 80 characters: the short form used when the budget is tight."),
        ("domain", "Subject area, e.g. 'payments'."),
        ("tags", "Keywords that help recall find it."),
        ("pinned", "true to recall it whenever its scope is recalled, whatever the task."),
        ("status", "Default candidate: it becomes active once learned 3 times (or promoted). Give active to use it at once."),
        ("visibility", "private (default), public or template: governs packs, not recall."),
        ("id", "Leave out to get a generated ENG-… id."),
    ];

    public IEnumerable<McpTool> Tools =>
    [
        McpTool.Define("cairn_engram_learn", "Learn an engram",
                "Store a durable rule, preference or fact as an engram (PLUR schema) so later recalls bring it back. Learning the " +
                "same statement again in the same scope reinforces the engram you have (outcome 'reinforced') instead of making a " +
                "duplicate. Returns outcome, the stored engram (with its id), meta (activation, recurrences) and warnings, e.g. a " +
                "conflict with an engram that says the opposite. Fields other than those listed (any PLUR field) are accepted " +
                "and kept as sent; at most 64 KiB. Engrams in shared scopes are refused if they look like secrets or personal data.")
            .ObjectBody(LearnSchema(), LearnFields.Select(f => f.Name).Where(RequiredToLearn))
            .Handle((call, engram, ct) => learn.LearnAsync(call.AgentId, call.Username, engram, ct)),

        McpTool.Define("cairn_engram_recall", "Recall engrams for a task",
                "Get the engrams that apply to what you are about to do, ranked (locked and pinned first, then by relevance, " +
                "activation, feedback and scope) and fitted into a token budget. Returns 'injection', a ready-to-use block to put " +
                "in your context, plus the engrams grouped as constraints, directives and knowledge, and those left out. Only " +
                "active engrams in the scopes you name (and 'global') are recalled.")
            .Body<RecallRequest>()
            .Property("query", "What the engrams are for (query or task is required; at most 8000 characters).", maxLength: RecallService.MaxQueryLength)
            .Property("task", "The task you are about to do, in your own words (at most 8000 characters).", maxLength: RecallService.MaxQueryLength)
            .Property("scopes", "Your scope context, narrowest first, e.g. ['user:me', 'group:acme/payments', 'org:acme'] (at most 50; 'global' is always added).", maxItems: RecallService.MaxScopes)
            .Property("budget_tokens", "Tokens the injection block may use (10 to 100000, default 2000).", minimum: 10, maximum: RecallService.MaxBudget)
            .Property("record_access", "false to peek without counting this recall as use; default true.")
            .Handle((call, request, ct) => recall.RecallAsync(call.AgentId, request, ct)),

        McpTool.Define("cairn_engram_feedback", "Say whether an engram helped",
                "After a recalled engram guided your work, say whether it helped: positive, negative or neutral. Feedback moves its " +
                "rank in later recalls (and positive feedback counts as use). Returns the engram with its feedback counts.")
            .Parameter<string>("id", "The engram's id (ENG-…), from cairn_engram_recall or cairn_engram_learn.")
            .Body<FeedbackRequest>()
            .Property("signal", "Did it help?", required: true, oneOf: EngramLifecycle.Signals)
            .Property("owner_id", "The engram's owner (UUID), for another agent's engram in a shared scope; default you.")
            .Handle((call, request, ct) => lifecycle.FeedbackAsync(call.AgentId, call.Arguments.Required<string>("id"), request, ct)),
    ];

    // What the schema requires, less what learning fills in (a generated id, status candidate).
    private static bool RequiredToLearn(string name) => EngramSchema.Engram.Find(name)!.Required && name is not ("id" or "status");

    private static JsonObject LearnSchema()
    {
        var properties = new JsonObject();
        foreach (var (name, description) in LearnFields)
        {
            var field = EngramSchema.Engram.Find(name) ?? throw new InvalidOperationException($"'{name}' is not a field of the engram schema.");
            var schema = ShapeSchema(field.Shape);
            schema["description"] = description;
            properties[name] = schema;
        }
        return properties;
    }

    // The JSON Schema of one shape of the engram schema: type, allowed values, items, nested fields.
    private static JsonObject ShapeSchema(Shape shape) => shape switch
    {
        EnumShape e => new JsonObject { ["type"] = "string", ["enum"] = new JsonArray([.. e.Values.Select(v => (JsonNode)v)]) },
        StringShape => new JsonObject { ["type"] = "string" },
        NumberShape n => new JsonObject { ["type"] = n.Expected == "an integer" ? "integer" : "number" },
        BoolShape => new JsonObject { ["type"] = "boolean" },
        ArrayShape a => new JsonObject { ["type"] = "array", ["items"] = ShapeSchema(a.Item) },
        ObjectShape o => new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject(o.Fields.Select(f => KeyValuePair.Create(f.Name, (JsonNode?)ShapeSchema(f.Shape)))),
        },
        _ => new JsonObject { ["type"] = "object" },
    };
}
