using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Cairn.Tests.Support;

namespace Cairn.Tests.Engrams;

public sealed partial class EngramLifecycleTests(AppFixture fixture)
{
    private Task<EngramApi> AgentAsync() => EngramApi.RegisterAsync(fixture.App);

    [Fact]
    public async Task LearningGeneratesTheIdMakesACandidateAndFillsTheSchemaDefaults()
    {
        var agent = await AgentAsync();

        var learned = await agent.LearnAsync(new { statement = "Always validate user input at API boundaries.", scope = "user:me", type = "procedural" });

        var engram = learned["engram"]!;
        Assert.Equal("created", learned.Str("outcome"));
        Assert.Matches(GeneratedId(), engram.Str("id"));
        Assert.Equal("candidate", engram.Str("status"));
        Assert.Equal("do", engram.Str("polarity"));
        Assert.StartsWith("sha256:", engram.Str("content_hash"), StringComparison.Ordinal);
        Assert.Equal(2, (int)engram["version"]!);
        Assert.Equal(1, (int)engram["engram_version"]!);
        Assert.Equal("private", engram.Str("visibility"));
        Assert.Equal(0.7, (double)engram["activation"]!["retrieval_strength"]!);
        Assert.Equal("""{"positive":0,"negative":0,"neutral":0}""", engram["feedback_signals"]!.ToJsonString());
        Assert.Equal(agent.AgentId, learned["meta"]!.Str("owner_id"));
    }

    [Fact]
    public async Task UnknownFieldsComeBackExactlyAsSent()
    {
        var agent = await AgentAsync();
        var sent = SampleEngrams.FullObject();

        await agent.LearnRawAsync(SampleEngrams.Full);
        var read = (await agent.GetAsync("ENG-2026-0518-001"))["engram"]!.AsObject();

        foreach (var (key, value) in sent)
        {
            Assert.True(JsonNode.DeepEquals(value, read[key]), $"{key}: sent {value?.ToJsonString()}, read {read[key]?.ToJsonString()}");
        }
        Assert.Equal("""{"nested":[1,2.50,"three",null,true],"n":1e2}""", read["x_future_field"]!.ToJsonString());
        Assert.Equal(sent.Select(p => p.Key), read.Select(p => p.Key).Take(sent.Count));
    }

    [Fact]
    public async Task LearningTheSameStatementAgainReinforcesTheEngram()
    {
        var agent = await AgentAsync();
        var first = await agent.LearnAsync(new { statement = "Run migrations before deploying.", scope = "project:cairn", type = "procedural" });

        var again = await (await agent.PostAsync(new { statement = "  run migrations  before deploying ", scope = "project:cairn", type = "procedural" })).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("reinforced", again.Str("outcome"));
        Assert.Equal(first["engram"]!.Str("id"), again["engram"]!.Str("id"));
        Assert.Equal(2, (int)again["meta"]!["recurrences"]!);
        Assert.Equal(2, (int)again["meta"]!["accesses"]!);
    }

    [Fact]
    public async Task TheSameStatementInAnotherScopeIsAnotherEngram()
    {
        var agent = await AgentAsync();
        var first = await agent.LearnAsync(new { statement = "Prefer small commits.", scope = "project:a", type = "behavioral" });

        var second = await agent.LearnAsync(new { statement = "Prefer small commits.", scope = "project:b", type = "behavioral" });

        Assert.NotEqual(first["engram"]!.Str("id"), second["engram"]!.Str("id"));
    }

    [Fact]
    public async Task AnUpdateBumpsTheVersionAndKeepsThePreviousOneRetrievable()
    {
        var agent = await AgentAsync();
        var id = (await agent.LearnRawAsync("""{"statement": "Cache for 5 minutes.", "scope": "user:me", "type": "architectural", "x_custom": {"keep": [1.0]}}"""))["engram"]!.Str("id");

        var updated = await (await agent.PatchAsync(id, """{"statement": "Cache for 10 minutes.", "rationale": "Load halved."}""")).JsonAsync(HttpStatusCode.OK);

        var engram = updated["engram"]!;
        Assert.Equal("updated", updated.Str("outcome"));
        Assert.Equal(2, (int)engram["engram_version"]!);
        Assert.Equal("Cache for 10 minutes.", engram.Str("statement"));
        Assert.Equal("""{"keep":[1.0]}""", engram["x_custom"]!.ToJsonString());
        var reference = engram["previous_version_ref"]!;
        Assert.StartsWith("evt-", reference.Str("event_id"), StringComparison.Ordinal);

        var versions = await (await agent.Client.GetAsync($"/api/v1/engrams/{id}/versions")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([1, 2], versions["versions"]!.AsArray().Select(v => (int)v!["version"]!));
        Assert.Equal(reference.Str("event_id"), versions["versions"]![0]!.Str("event_id"));
        var first = await (await agent.Client.GetAsync($"/api/v1/engrams/{id}/versions/1")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Cache for 5 minutes.", first["engram"]!.Str("statement"));
        Assert.Equal(1, (int)first["engram"]!["engram_version"]!);
    }

    [Fact]
    public async Task AfterAStatementChangesLearningFollowsTheNewStatement()
    {
        var agent = await AgentAsync();
        var id = (await agent.LearnAsync(new { statement = "Rotate keys yearly.", scope = "user:me", type = "procedural" }))["engram"]!.Str("id");
        await (await agent.PatchAsync(id, """{"statement": "Rotate keys quarterly."}""")).JsonAsync(HttpStatusCode.OK);

        var newer = await (await agent.PostAsync(new { statement = "Rotate keys quarterly.", scope = "user:me", type = "procedural" })).JsonAsync(HttpStatusCode.OK);
        var older = await agent.LearnAsync(new { statement = "Rotate keys yearly.", scope = "user:me", type = "procedural" });

        Assert.Equal(("reinforced", id), (newer.Str("outcome"), newer["engram"]!.Str("id")));
        Assert.NotEqual(id, older["engram"]!.Str("id"));
        await (await agent.PatchAsync(id, """{"statement": "Rotate keys yearly."}""")).ProblemAsync(HttpStatusCode.Conflict, "duplicate_statement");
    }

    [Fact]
    public async Task AnUpdateThatChangesNothingKeepsTheVersion()
    {
        var agent = await AgentAsync();
        var id = (await agent.LearnAsync(new { statement = "Name tests as sentences.", scope = "user:me", type = "behavioral" }))["engram"]!.Str("id");

        var result = await (await agent.PatchAsync(id, """{"statement": "Name tests as sentences."}""")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("unchanged", result.Str("outcome"));
        Assert.Equal(1, (int)result["engram"]!["engram_version"]!);
    }

    [Theory]
    [InlineData("""{"status": "active"}""", "status")]
    [InlineData("""{"scope": "global"}""", "scope")]
    [InlineData("""{"id": "ENG-other"}""", "id")]
    [InlineData("""{"engram_version": 9}""", "engram_version")]
    public async Task FieldsCairnMaintainsCannotBePatched(string patch, string field)
    {
        var agent = await AgentAsync();
        var id = (await agent.LearnAsync(new { statement = "Patch me not.", scope = "user:me", type = "behavioral" }))["engram"]!.Str("id");

        var problem = await (await agent.PatchAsync(id, patch)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Fact]
    public async Task APatchThatBreaksTheSchemaNamesTheField()
    {
        var agent = await AgentAsync();
        var id = (await agent.LearnAsync(new { statement = "Keep summaries short.", scope = "user:me", type = "behavioral" }))["engram"]!.Str("id");

        var problem = await (await agent.PatchAsync(id, $$$"""{"summary": "{{{new string('s', 81)}}}", "activation": {"retrieval_strength": 2}}""")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("must be at most 80 characters.", problem.FieldErrors("summary"));
        Assert.Contains("must be between 0 and 1.", problem.FieldErrors("activation.retrieval_strength"));
    }

    [Fact]
    public async Task AStaleIfMatchIsRefused()
    {
        var agent = await AgentAsync();
        var id = (await agent.LearnAsync(new { statement = "Use ETags.", scope = "user:me", type = "behavioral" }))["engram"]!.Str("id");
        var request = new HttpRequestMessage(HttpMethod.Patch, $"/api/v1/engrams/{id}")
        {
            Content = new StringContent("""{"rationale": "r"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "\"not-the-etag\"");

        await (await agent.Client.SendAsync(request)).ProblemAsync(HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task PromoteAndForgetMoveThroughTheLifecycleAndRecordIt()
    {
        var agent = await AgentAsync();
        var id = (await agent.LearnAsync(new { statement = "Document thresholds.", scope = "user:me", type = "behavioral" }))["engram"]!.Str("id");

        var promoted = await agent.ActionAsync(id, "promote");
        var forgotten = await agent.ActionAsync(id, "forget");

        Assert.Equal("active", promoted["engram"]!.Str("status"));
        Assert.Equal("retired", forgotten["engram"]!.Str("status"));
        var transitions = forgotten["meta"]!["transitions"]!.AsArray().Select(t => $"{t!.Str("from")}→{t.Str("to")}:{t.Str("reason")}");
        Assert.Equal(["→candidate:learned", "candidate→active:promoted", "active→retired:forgotten"], transitions);
        await (await agent.Client.PostAsync($"/api/v1/engrams/{id}/promote", null)).ProblemAsync(HttpStatusCode.Conflict, "engram_retired");
    }

    [Fact]
    public async Task FeedbackCountsSignalsAndMovesStrength()
    {
        var agent = await AgentAsync();
        var id = await agent.ActiveAsync("Feedback shapes ranking.", "user:me");

        await agent.ActionAsync(id, "feedback", new { signal = "positive" });
        var negative = await agent.ActionAsync(id, "feedback", new { signal = "negative" });
        var neutral = await agent.ActionAsync(id, "feedback", new { signal = "neutral" });

        Assert.Equal("""{"positive":1,"negative":1,"neutral":1}""", neutral["engram"]!["feedback_signals"]!.ToJsonString());
        var usage = negative["engram"]!["usage"]!;
        Assert.Equal((1, 1), ((int)usage["hits"]!, (int)usage["misses"]!));
        Assert.Equal(2, (int)negative["meta"]!["accesses"]!);
        var afterPositive = (double)(await agent.GetAsync(id))["engram"]!["activation"]!["retrieval_strength"]!;
        Assert.InRange(afterPositive, 0, 0.8);
        var problem = await (await agent.Client.PostJsonAsync($"/api/v1/engrams/{id}/feedback", new { signal = "great" })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
        Assert.Contains("must be one of: positive, negative, neutral.", problem.FieldErrors("signal"));
    }

    [Fact]
    public async Task AnotherAgentCannotReadOrChangeMyEngrams()
    {
        var mine = await AgentAsync();
        var theirs = await AgentAsync();
        var id = await mine.ActiveAsync("Private notes stay private.", "user:mine");

        await (await theirs.Client.GetAsync($"/api/v1/engrams/{id}")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await theirs.PatchAsync(id, """{"rationale": "x"}""")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await theirs.Client.PostJsonAsync($"/api/v1/engrams/{id}/feedback", new { signal = "negative", owner_id = mine.AgentId }))
            .ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task OthersCanGiveFeedbackOnEngramsOfSharedScopes()
    {
        var author = await AgentAsync();
        var reader = await AgentAsync();
        var id = await author.ActiveAsync("Shared knowledge gets shared feedback.", $"space:{Guid.NewGuid():N}", new { visibility = "public" });

        var result = await reader.ActionAsync(id, "feedback", new { signal = "positive", owner_id = author.AgentId });

        Assert.Equal(1, (int)result["engram"]!["feedback_signals"]!["positive"]!);
    }

    [Fact]
    public async Task ListingShowsMyEngramsAndFiltersByStatus()
    {
        var agent = await AgentAsync();
        await agent.ActiveAsync("Listed and active.", "user:me");
        await agent.LearnAsync(new { statement = "Listed, still a candidate.", scope = "user:me", type = "behavioral" });

        var active = await (await agent.Client.GetAsync("/api/v1/engrams?status=active")).JsonAsync(HttpStatusCode.OK);
        var all = await (await agent.Client.GetAsync("/api/v1/engrams")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(["Listed and active."], active["engrams"]!.AsArray().Select(e => e!["engram"]!.Str("statement")));
        Assert.Equal(2, all["engrams"]!.AsArray().Count);
        await (await agent.Client.GetAsync("/api/v1/engrams?status=lost")).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");
    }

    [Fact]
    public async Task ATakenIdIsAConflict()
    {
        var agent = await AgentAsync();
        await agent.LearnAsync(new { id = "ENG-taken-1", statement = "First.", scope = "user:me", type = "behavioral" });

        await (await agent.PostAsync(new { id = "ENG-taken-1", statement = "Second.", scope = "user:me", type = "behavioral" }))
            .ProblemAsync(HttpStatusCode.Conflict, "engram_exists");
    }

    [Theory]
    [InlineData("""{"statement": "x", "scope": "user:me", "type": "behavioral", "statement": "y"}""", "duplicate_key")]
    [InlineData("""{"statement": "x", """, "malformed_json")]
    [InlineData("""["not", "an", "object"]""", "invalid_body")]
    public async Task BadBodiesAreBadRequests(string json, string code)
    {
        var agent = await AgentAsync();

        await (await agent.PostRawAsync(json)).ProblemAsync(HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task ValidationErrorsNameThePathAndTheRule()
    {
        var agent = await AgentAsync();

        var problem = await (await agent.PostRawAsync("""
            {"statement": "", "scope": "user:me", "type": "behavioral", "associations": [{"target_type": "engram", "target": "ENG-1", "strength": 1.0, "type": "semantic"}],
             "dual_coding": {}, "temporal": {"valid_from": "2026-01-01"}}
            """)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Contains("must not be empty.", problem.FieldErrors("statement"));
        Assert.Contains("must be between 0 and 0.95.", problem.FieldErrors("associations[0].strength"));
        Assert.Contains("needs at least one of example or analogy.", problem.FieldErrors("dual_coding"));
        Assert.Contains("is required.", problem.FieldErrors("temporal.learned_at"));
    }

    [Fact]
    public async Task SecretsAreRefusedInEngramsOthersCanRecall()
    {
        var agent = await AgentAsync();

        var problem = await (await agent.PostAsync(new { statement = "Deploy with key AKIAIOSFODNN7EXAMPLE.", scope = "global", type = "procedural", visibility = "public" }))
            .ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");

        Assert.NotEmpty(problem.FieldErrors("statement"));
    }

    [Fact]
    public async Task EntitiesCairnExtractsAreNotScannedOutOfContextButEntitiesSentAre()
    {
        var agent = await AgentAsync();
        const string statement = "Allow 10.0.0.0/8 and 192.168.0.0/16 in the security group.";

        // The statement is a CIDR look-alike; the extracted "10.0.0.0" alone used to be refused as a private address.
        var learned = await agent.LearnAsync(new { statement, scope = "global", type = "procedural", visibility = "public" });
        var sent = await (await agent.PostAsync(new
        {
            statement = "Route the build agents through the NAT gateway.", scope = "global", type = "procedural", visibility = "public",
            entities = new[] { new { name = "10.1.2.3", type = "other" } },
        })).ProblemAsync(HttpStatusCode.UnprocessableEntity, "sensitive_content");

        Assert.Contains("10.0.0.0", learned["engram"]!["entities"]!.AsArray().Select(e => (string?)e!["name"]));
        Assert.NotEmpty(sent.FieldErrors("entities[0].name"));
    }

    [GeneratedRegex(@"^ENG-\d{4}-\d{4}-[0-9A-Z]{8}$")]
    private static partial Regex GeneratedId();
}
