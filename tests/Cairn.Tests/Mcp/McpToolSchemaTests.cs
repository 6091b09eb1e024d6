using System.Text.Json;
using System.Text.Json.Nodes;
using Cairn.Clipboard;
using Cairn.Collective.Experiences;
using Cairn.Collective.Sessions;
using Cairn.Engrams;
using Cairn.Engrams.Recall;
using Cairn.Engrams.Schema;
using Cairn.Inbox;
using Cairn.Mcp;
using Cairn.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Cairn.Tests.Mcp;

/// <summary>Tool inputs are the HTTP API's request types: same field names, same allowed values, described for a model.</summary>
public sealed class McpToolSchemaTests(AppFixture fixture)
{
    /// <summary>Each tool whose arguments are a request body of the HTTP API, with the route values it adds.</summary>
    public static TheoryData<string, Type, string[]> Bodies => new()
    {
        { "cairn_experience_search", typeof(SearchRequest), [] },
        { "cairn_experience_acquire", typeof(AcquireRequest), ["identifier"] },
        { "cairn_experience_report_outcome", typeof(ReportOutcomeRequest), ["identifier"] },
        { "cairn_experience_vote", typeof(VoteRequest), ["identifier"] },
        { "cairn_session_open", typeof(OpenSessionRequest), [] },
        { "cairn_session_log_entry", typeof(LogEntryRequest), ["session_id"] },
        { "cairn_session_close", typeof(CloseSessionRequest), ["session_id"] },
        { "cairn_session_contribute", typeof(ContributeRequest), ["session_id"] },
        { "cairn_inbox_mark_read", typeof(MarkReadRequest), [] },
        { "cairn_clipboard_set", typeof(SetEntryRequest), [] },
        { "cairn_clipboard_get", typeof(GetEntryRequest), [] },
        { "cairn_clipboard_push", typeof(PushEntryRequest), [] },
        { "cairn_engram_recall", typeof(RecallRequest), [] },
        { "cairn_engram_feedback", typeof(FeedbackRequest), ["id"] },
        { "cairn_memory_session_start", typeof(Cairn.Memory.StartMemorySessionRequest), [] },
        { "cairn_memory_observe", typeof(Cairn.Memory.ObserveRequest), [] },
        { "cairn_memory_search", typeof(Cairn.Memory.MemorySearchRequest), [] },
        { "cairn_cbp_query", typeof(Cairn.Memory.CbpQueryRequest), [] },
        { "cairn_cbp_feedback", typeof(Cairn.Memory.CbpFeedbackRequest), [] },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public void ArgumentsAreTheJsonFieldsOfTheRequestType(string tool, Type requestType, string[] routeValues)
    {
        var fields = requestType.GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name));

        Assert.Equal([.. routeValues, .. fields], Properties(Schema(tool)).Select(p => p.Key));
    }

    [Fact]
    public void EveryToolIsDescribedForAModel()
    {
        foreach (var tool in Registry.Tools.Select(t => t.Protocol))
        {
            Assert.Matches("^(cairn|pluggedin)_", tool.Name);
            Assert.False(string.IsNullOrWhiteSpace(tool.Title), tool.Name);
            Assert.True(tool.Description!.Length >= 80, $"{tool.Name}: say when to use it, what comes back and its limits.");
            var schema = JsonNode.Parse(tool.InputSchema.GetRawText())!.AsObject();
            Assert.Equal("object", (string?)schema["type"]);
            // Only the engram is a pass-through body (PLUR fields beyond those described are kept as sent).
            Assert.Equal(tool.Name == "cairn_engram_learn", (bool)schema["additionalProperties"]!);
            Assert.All(Properties(schema), p => Assert.False(string.IsNullOrWhiteSpace((string?)p.Value!["description"]), $"{tool.Name}.{p.Key}"));
            Assert.All(schema["required"]?.AsArray().Select(r => (string)r!) ?? [], r => Assert.Contains(r, Properties(schema).Select(p => p.Key)));
        }
    }

    [Fact]
    public void AllowedValuesComeFromTheListsTheServicesCheck()
    {
        Assert.Equal(Visibilities.All, Enum("cairn_session_open", "visibility"));
        Assert.Equal(EntrySchemas.Types, Enum("cairn_session_log_entry", "entry_type"));
        Assert.Equal(Cairn.Collective.Experiences.Outcomes.All, Enum("cairn_session_close", "outcome"));
        Assert.Equal(Acquisition.Modes, Enum("cairn_experience_acquire", "mode"));
        Assert.Equal(VoteTypes.All, Enum("cairn_experience_vote", "vote_type"));
        Assert.Equal(ClipboardValues.Encodings, Enum("cairn_clipboard_push", "encoding"));
        Assert.Equal(EngramLifecycle.Signals, Enum("cairn_engram_feedback", "signal"));
        Assert.Equal(Cairn.Memory.ObservationTypes.All, Enum("cairn_memory_observe", "type"));
        Assert.Equal(Cairn.Memory.Rings.All, Schema("cairn_memory_search")["properties"]!["rings"]!["items"]!["enum"]!.AsArray().Select(v => (string)v!));
    }

    [Fact]
    public void LearningDescribesTheEngramFieldsWithTheSchemasOwnTypesAndValues()
    {
        var schema = Schema("cairn_engram_learn");
        var properties = schema["properties"]!.AsObject();

        Assert.Equal(["statement", "type", "scope"], schema["required"]!.AsArray().Select(r => (string)r!));
        Assert.Equal(EngramSchema.Types, properties["type"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(EngramSchema.Commitments, properties["commitment"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal("string", (string?)properties["tags"]!["items"]!["type"]);
        Assert.Equal("boolean", (string?)properties["pinned"]!["type"]);
        Assert.All(properties, p => Assert.NotNull(EngramSchema.Engram.Find(p.Key)));
    }

    [Fact]
    public void EndingAMemorySessionTakesTheUpdateFieldsButNotTheStatusItSetsItself()
    {
        var fields = typeof(Cairn.Memory.UpdateMemorySessionRequest).GetProperties().Select(p => JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name)).Where(f => f != "status");

        Assert.Equal(["session_id", .. fields], Properties(Schema("cairn_memory_session_end")).Select(p => p.Key));
    }

    [Fact]
    public void TypesAreThoseTheWireFormatAccepts()
    {
        var logEntry = Properties(Schema("cairn_session_log_entry")).ToDictionary(p => p.Key, p => p.Value!);
        var search = Properties(Schema("cairn_experience_search")).ToDictionary(p => p.Key, p => p.Value!);

        Assert.Equal("string", (string?)logEntry["session_id"]["type"]);
        Assert.Null(logEntry["session_id"]["format"]);
        Assert.Equal("object", (string?)logEntry["content"]["type"]);
        Assert.Equal("integer", (string?)search["limit"]["type"]);
        Assert.Equal("number", (string?)search["min_quality"]["type"]);
        Assert.Equal("array", (string?)search["tools"]["type"]);
        Assert.Equal("string", (string?)search["tools"]["items"]!["type"]);
        Assert.Equal(["query"], Schema("cairn_experience_search")["required"]!.AsArray().Select(r => (string)r!));
    }

    [Fact]
    public void DescribingAFieldTheRequestLacksFailsAtStartUp()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            McpTool.Define("cairn_test", "Test", "A test tool.").Body<VoteRequest>().Property("vote", "A misspelt field."));

        Assert.Contains("'vote' is not a field", error.Message);
        Assert.Contains("vote_type", error.Message);
    }

    private McpToolRegistry Registry => fixture.App.Services.GetRequiredService<McpToolRegistry>();

    private JsonObject Schema(string tool) =>
        JsonNode.Parse(Registry.Tools.Single(t => t.Name == tool).Protocol.InputSchema.GetRawText())!.AsObject();

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Properties(JsonObject schema) => schema["properties"]!.AsObject();

    private IEnumerable<string> Enum(string tool, string property) =>
        Schema(tool)["properties"]![property]!["enum"]!.AsArray().Select(v => (string)v!);
}
