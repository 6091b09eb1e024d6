using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Cairn.Tests.Support;

namespace Cairn.Tests.Events;

/// <summary>POST /api/v1/events: CloudEvents in structured and binary mode, and bad events named by attribute.</summary>
public sealed class InboundEventTests(AppFixture fixture)
{
    private CairnApp App => fixture.App;

    [Fact]
    public async Task AStructuredOutcomeReportCountsAsTheAgentsReport()
    {
        var (_, author, _) = await App.RegisterAsync();
        var (_, pipeline, _) = await App.RegisterAsync();
        var shortId = await PublishedExperienceAsync(author);

        var response = await App.Client(pipeline).PostAsync("/api/v1/events", Structured($$$"""
            {"specversion":"1.0","id":"run-42","source":"urn:ci:pipeline","type":"cairn.outcome.report","subject":"{{{shortId}}}",
             "datacontenttype":"application/json","data":{"success":true,"execution_time_ms":1200}}
            """));

        var accepted = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal("run-42", (string?)accepted["id"]);
        Assert.Equal(1, (int)accepted["result"]!["total_reports"]!);
        var experience = await (await App.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (int)experience["total_reports"]!);
    }

    [Fact]
    public async Task ABinaryModeObservationIsRecorded()
    {
        var (_, key, _) = await App.RegisterAsync();
        var session = await (await App.Client(key).PostJsonAsync("/api/v1/memory/sessions", new { title = "pipeline run" })).JsonAsync(HttpStatusCode.Created);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent($$"""{"session_id":"{{session.Str("id")}}","content":"The deploy step needs the migration lock released first.","type":"lesson"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("ce-specversion", "1.0");
        request.Headers.Add("ce-id", Guid.NewGuid().ToString());
        request.Headers.Add("ce-source", "https://ci.example.com/jobs/7");
        request.Headers.Add("ce-type", "cairn.memory.observation");

        var accepted = await (await App.Client(key).SendAsync(request)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("cairn.memory.observation", (string?)accepted["type"]);
        Assert.Equal(session.Str("id"), (string?)accepted["result"]!["session_id"]);
    }

    [Theory]
    [InlineData("""{"id":"1","source":"urn:x","type":"cairn.outcome.report","data":{}}""", "specversion")]
    [InlineData("""{"specversion":"0.3","id":"1","source":"urn:x","type":"cairn.outcome.report","data":{}}""", "specversion")]
    [InlineData("""{"specversion":"1.0","source":"urn:x","type":"cairn.outcome.report","data":{}}""", "id")]
    [InlineData("""{"specversion":"1.0","id":"1","type":"cairn.outcome.report","data":{}}""", "source")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"urn:x","type":"com.example.unknown","data":{}}""", "type")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"urn:x","type":"cairn.outcome.report","data":[1]}""", "data")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"urn:x","type":"cairn.outcome.report","datacontenttype":"text/xml","data":{}}""", "datacontenttype")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"urn:x","type":"cairn.outcome.report","time":"yesterday","data":{}}""", "time")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"urn:x","type":"cairn.outcome.report","subject":"abcd1234","data":{}}""", "data.success")]
    [InlineData("""{"specversion":"1.0","id":"1","source":"urn:x","type":"cairn.outcome.report","subject":"abcd1234","data":{"success":true,"sucess":1}}""", "data.sucess")]
    public async Task ABadEventIsAProblemNamingTheAttribute(string body, string attribute)
    {
        var (_, key, _) = await App.RegisterAsync();

        var response = await App.Client(key).PostAsync("/api/v1/events", Structured(body));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = await response.JsonAsync(HttpStatusCode.UnprocessableEntity);
        Assert.NotEmpty(problem.FieldErrors(attribute));
    }

    [Fact]
    public async Task AnEventWithoutAKeyOrInAnotherMediaTypeIsRefused()
    {
        var (_, key, _) = await App.RegisterAsync();
        const string body = """{"specversion":"1.0","id":"1","source":"urn:x","type":"cairn.outcome.report","data":{}}""";

        await (await App.Client().PostAsync("/api/v1/events", Structured(body))).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        await (await App.Client(key).PostAsync("/api/v1/events", new StringContent($"[{body}]", Encoding.UTF8, "application/cloudevents-batch+json")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await (await App.Client(key).PostAsync("/api/v1/events", new StringContent(body, Encoding.UTF8, "application/json")))
            .ProblemAsync(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
    }

    [Theory]
    [InlineData("ce-id", "id")]
    [InlineData("ce-source", "source")]
    [InlineData("ce-subject", "subject")]
    public async Task ABinaryModeAttributeHeaderWithAControlCharacterIsRefusedAndNotApplied(string header, string attribute)
    {
        var (_, author, _) = await App.RegisterAsync();
        var (_, pipeline, _) = await App.RegisterAsync();
        var shortId = await PublishedExperienceAsync(author);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/events")
        {
            Content = new StringContent("""{"success":true}""", Encoding.UTF8, "application/json"),
        };
        var attributes = new Dictionary<string, string>
        {
            ["ce-specversion"] = "1.0", ["ce-id"] = "run-7", ["ce-source"] = "urn:ci:pipeline", ["ce-type"] = "cairn.outcome.report", ["ce-subject"] = shortId,
        };
        attributes[header] = header == "ce-subject" ? shortId + "\u0001" : attributes[header] + "\u0001\u001b";
        foreach (var (name, value) in attributes)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var problem = await (await App.Client(pipeline).SendAsync(request)).ProblemAsync(HttpStatusCode.UnprocessableEntity, "validation_failed");

        Assert.Equal([Cairn.Errors.TextRules.ControlRule], problem.FieldErrors(attribute));
        var experience = await (await App.Client().GetAsync($"/api/v1/experiences/{shortId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (int)experience["total_reports"]!);
    }

    private static StringContent Structured(string json) =>
        new(json, Encoding.UTF8, new MediaTypeHeaderValue("application/cloudevents+json"));

    private async Task<string> PublishedExperienceAsync(string key)
    {
        var sessionId = await App.OpenSessionAsync(key, "Inbound outcome target");
        await App.Client(key).PostJsonAsync($"/api/v1/sessions/{sessionId}/entries", new { entry_type = "gotcha", content = new { warning = "set the lock timeout" } });
        var closed = await (await App.Client(key).PostJsonAsync($"/api/v1/sessions/{sessionId}/close", new { outcome = "success" })).JsonAsync(HttpStatusCode.OK);
        return closed["experience"].Str("short_id");
    }
}
