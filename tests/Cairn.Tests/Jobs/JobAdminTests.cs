using System.Net;
using Cairn.Storage;
using Cairn.Tests.Support;
using Microsoft.Extensions.Options;

namespace Cairn.Tests.Jobs;

// An app with an admin key and a fake clock, on its own database: its purges must not touch other tests' data.
public sealed class AdminAppFixture : IAsyncLifetime
{
    public const string Key = "test-admin-key-0123456789abcdefghijklmnopqrstuv";

    public FakeClock Clock { get; } = new(new DateTimeOffset(2026, 1, 5, 12, 2, 30, TimeSpan.Zero));

    public TestDatabase Database { get; } = new();

    public CairnApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        await Database.InitializeAsync();
        App = new CairnApp(Database, new Dictionary<string, string?> { ["Cairn:Admin:ApiKey"] = Key }, Clock);
        App.StartServer();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class JobAdminTests(AppFixture shared, AdminAppFixture admin) : IClassFixture<AdminAppFixture>
{
    private HttpClient AdminClient(string? key = AdminAppFixture.Key)
    {
        var client = admin.App.Client();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Admin-Key", key);
        }
        return client;
    }

    [Fact]
    public async Task ListingTheJobsShowsEachScheduleAndItsNextOccurrenceInUtc()
    {
        var body = await (await AdminClient().GetAsync("/api/v1/admin/jobs")).JsonAsync(HttpStatusCode.OK);

        var job = Assert.Single(body["jobs"]!.AsArray(), j => (string?)j!["name"] == "rate-limit-cleanup")!;
        Assert.Equal("0 */5 * * * *", job.Str("schedule"));
        Assert.Equal("2026-01-05T12:05:00+00:00", job.Str("next_occurrence"));
    }

    [Fact]
    public async Task RunningAJobOnDemandDoesItsWorkAndReturnsTheRunReport()
    {
        StorageMode.RequirePostgresDocuments();
        var db = admin.Database.ConnectionString;
        var now = admin.Clock.GetUtcNow();
        await ExpiredDocuments.InsertAsync(db, Containers.RateLimits, "admin-expired-1", now.AddMinutes(-1));
        await ExpiredDocuments.InsertAsync(db, Containers.RateLimits, "admin-expired-2", now.AddHours(-2));
        await ExpiredDocuments.InsertAsync(db, Containers.RateLimits, "admin-live", now.AddMinutes(1));

        var run = await (await AdminClient().PostAsync("/api/v1/admin/jobs/rate-limit-cleanup/run", null)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("rate-limit-cleanup", run.Str("job"));
        Assert.Equal("admin", run.Str("trigger"));
        Assert.Equal("succeeded", run.Str("status"));
        Assert.Null(run["failure"]);
        Assert.Equal(true, (bool?)run["finished"]);
        Assert.Equal(false, (bool?)run["is_past_due"]);
        Assert.Equal(2, (long?)run["counts"]!["deleted"]);
        Assert.Equal("2026-01-05T12:02:30+00:00", run.Str("started_at"));
        Assert.Equal("Started by an administrator.", (string?)run["log"]![0]);
        Assert.False(await ExpiredDocuments.ExistsAsync(db, Containers.RateLimits, "admin-expired-1"));
        Assert.False(await ExpiredDocuments.ExistsAsync(db, Containers.RateLimits, "admin-expired-2"));
        Assert.True(await ExpiredDocuments.ExistsAsync(db, Containers.RateLimits, "admin-live"));
    }

    [Fact]
    public async Task RunningAnUnknownJobIsNotFound()
    {
        var response = await AdminClient().PostAsync("/api/v1/admin/jobs/no-such-job/run", null);

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("The job 'no-such-job' was not found.", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData(null, "send it in the 'X-Admin-Key' header")]
    [InlineData("test-admin-key-0123456789abcdefghijklmnopqrstuX", "does not hold the admin key")]
    [InlineData("short", "does not hold the admin key")]
    public async Task AdminEndpointsNeedTheAdminKey(string? key, string message)
    {
        foreach (var response in new[]
        {
            await AdminClient(key).GetAsync("/api/v1/admin/jobs"),
            await AdminClient(key).PostAsync("/api/v1/admin/jobs/rate-limit-cleanup/run", null),
        })
        {
            var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
            Assert.Contains(message, (string?)problem["detail"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnAgentApiKeyIsNotAnAdminKey()
    {
        var (_, agentKey, _) = await admin.App.RegisterAsync();
        using var client = admin.App.Client(agentKey);

        var response = await client.PostAsync("/api/v1/admin/jobs/rate-limit-cleanup/run", null);

        await response.ProblemAsync(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task WithoutAConfiguredAdminKeyTheAdminEndpointsDoNotExist()
    {
        using var client = shared.App.Client();
        client.DefaultRequestHeaders.Add("X-Admin-Key", AdminAppFixture.Key);

        await (await client.GetAsync("/api/v1/admin/jobs")).ProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostAsync("/api/v1/admin/jobs/rate-limit-cleanup/run", null)).ProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task AnAdminKeyShorterThan32CharactersStopsStartUp()
    {
        await using var app = new CairnApp(shared.Database, new Dictionary<string, string?> { ["Cairn:Admin:ApiKey"] = "too-short" });

        var error = Assert.IsType<OptionsValidationException>(app.StartupFailure());

        Assert.Contains("Cairn:Admin:ApiKey must be at least 32 characters", error.Message, StringComparison.Ordinal);
    }
}
