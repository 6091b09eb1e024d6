using System.Net;
using System.Text.Json.Nodes;
using Cairn.Storage;
using Cairn.Tests.Support;

namespace Cairn.Tests.Jobs;

// The Functions host fires a timer as POST /{function} in the custom-handler format; the real app answers on Kestrel.
public sealed class TimerInvocationTests(AppFixture fixture)
{
    internal static string HostPayload(bool isPastDue) => $$"""
        {
          "Data": {
            "timer": {
              "Schedule": { "AdjustForDST": true },
              "ScheduleStatus": { "Last": "2026-01-05T11:55:00+00:00", "Next": "2026-01-05T12:00:00+00:00", "LastUpdated": "2026-01-05T11:55:00+00:00" },
              "IsPastDue": {{(isPastDue ? "true" : "false")}}
            }
          },
          "Metadata": { "sys": { "MethodName": "rate-limit-cleanup", "UtcNow": "2026-01-05T12:00:00.0123456Z", "RandGuid": "{{Guid.NewGuid()}}" } }
        }
        """;

    // What the host's own HTTP client looks like: loopback, no forwarding headers.
    internal static HttpClient HostClient(CairnApp app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        client.DefaultRequestHeaders.UserAgent.ParseAdd("Azure-Functions-Host/4.1040.300.0");
        return client;
    }

    [Fact]
    public async Task ATimerInvocationRunsTheJobAndAnswers200WithOutputsAndLogs()
    {
        StorageMode.RequirePostgresDocuments();
        var db = fixture.Database.ConnectionString;
        var now = TimeProvider.System.GetUtcNow();
        var expired = $"timer-test:{Guid.NewGuid():N}";
        var live = $"timer-test:{Guid.NewGuid():N}";
        await ExpiredDocuments.InsertAsync(db, Containers.RateLimits, expired, now.AddMinutes(-5));
        await ExpiredDocuments.InsertAsync(db, Containers.RateLimits, live, now.AddHours(1));

        var response = await HostClient(fixture.App).PostRawAsync("/rate-limit-cleanup", HostPayload(isPastDue: false));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], body.Select(p => p.Key));
        Assert.Empty(body["Outputs"]!.AsObject());
        Assert.Null(body["ReturnValue"]);
        var logs = Logs(body);
        Assert.Equal("Started by the Functions host's timer.", logs[0]);
        Assert.Contains(logs, line => line.StartsWith("Deleted ", StringComparison.Ordinal) && line.EndsWith("none left.", StringComparison.Ordinal));
        Assert.StartsWith("Succeeded in ", logs[^1], StringComparison.Ordinal);
        Assert.False(await ExpiredDocuments.ExistsAsync(db, Containers.RateLimits, expired));
        Assert.True(await ExpiredDocuments.ExistsAsync(db, Containers.RateLimits, live));
    }

    [Fact]
    public async Task APastDueInvocationSaysSoEvenWhenTheHostSendsTheTimerAsAJsonString()
    {
        var timer = JsonNode.Parse(HostPayload(isPastDue: true))!["Data"]!["timer"]!.ToJsonString();
        var payload = new JsonObject { ["Data"] = new JsonObject { ["timer"] = timer }, ["Metadata"] = new JsonObject() }.ToJsonString();

        var response = await HostClient(fixture.App).PostRawAsync("/rate-limit-cleanup", payload);

        var logs = Logs(await response.JsonAsync(HttpStatusCode.OK));
        Assert.Equal("Started by the Functions host's timer, past due (a scheduled occurrence was missed).", logs[0]);
    }

    [Theory]
    [InlineData("203.0.113.9")]
    [InlineData("127.0.0.1")]
    public async Task ARequestRelayedByTheCatchAllHttpFunctionCannotFireATimer(string forwardedFor)
    {
        var db = fixture.Database.ConnectionString;
        var expired = $"timer-test:{Guid.NewGuid():N}";
        await ExpiredDocuments.InsertAsync(db, Containers.RateLimits, expired, TimeProvider.System.GetUtcNow().AddMinutes(-5));
        using var client = HostClient(fixture.App);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);

        var response = await client.PostRawAsync("/rate-limit-cleanup", HostPayload(isPastDue: false));

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("No endpoint matches POST /rate-limit-cleanup.", (string?)problem["detail"]);
        Assert.True(await ExpiredDocuments.ExistsAsync(db, Containers.RateLimits, expired));
    }

    [Fact]
    public async Task AFunctionNameThatIsNotAJobIsNotFound()
    {
        var response = await HostClient(fixture.App).PostRawAsync("/no-such-job", HostPayload(isPastDue: false));

        await response.ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsRefusedWith400InTheHostFormat()
    {
        var response = await HostClient(fixture.App).PostRawAsync("/rate-limit-cleanup", "{\"Data\":");

        var logs = Logs(await response.JsonAsync(HttpStatusCode.BadRequest));
        Assert.StartsWith("Refused: the invocation body is not valid JSON", logs.Single(), StringComparison.Ordinal);
    }

    internal static IReadOnlyList<string> Logs(JsonObject body) => body["Logs"]!.AsArray().Select(line => (string)line!).ToList();
}
