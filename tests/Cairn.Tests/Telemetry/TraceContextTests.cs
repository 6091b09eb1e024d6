using System.Diagnostics;
using System.Net;
using Cairn.Tests.Support;

namespace Cairn.Tests.Telemetry;

// An incoming W3C traceparent is honoured, and every problem's trace_id is the request's W3C trace id.
public sealed class TraceContextTests(AppFixture fixture)
{
    [Fact]
    public async Task AProblemCarriesTheTraceIdOfTheCallersTraceparent()
    {
        var trace = ActivityTraceId.CreateRandom();
        var traceId = trace.ToHexString();
        using var client = TracingClient.Create(fixture.App, trace, ActivitySpanId.CreateRandom());

        var unauthorized = await (await client.GetAsync("/api/v1/agents/me")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var unknown = await (await client.GetAsync("/api/v1/no-such-thing")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        var invalid = await (await client.PostRawAsync("/api/v1/agents/register", "{not json")).ProblemAsync(HttpStatusCode.BadRequest, "malformed_json");

        Assert.Equal(traceId, (string?)unauthorized["trace_id"]);
        Assert.Equal(traceId, (string?)unknown["trace_id"]);
        Assert.Equal(traceId, (string?)invalid["trace_id"]);
    }

    [Fact]
    public async Task WithoutATraceparentEachRequestStartsItsOwnW3CTrace()
    {
        using var client = fixture.App.Client();

        var first = await (await client.GetAsync("/api/v1/agents/me")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
        var second = await (await client.GetAsync("/api/v1/agents/me")).ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");

        Assert.Matches("^[0-9a-f]{32}$", (string?)first["trace_id"]);
        Assert.Matches("^[0-9a-f]{32}$", (string?)second["trace_id"]);
        Assert.NotEqual((string?)first["trace_id"], (string?)second["trace_id"]);
    }
}
