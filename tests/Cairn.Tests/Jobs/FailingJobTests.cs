using System.Net;
using Cairn.Tests.Support;
using Npgsql;

namespace Cairn.Tests.Jobs;

// A job whose storage is broken: every way of running it must fail loudly and say what kind of failure it is.
public sealed class FailingJobTests
{
    [Fact]
    public async Task AFailingJobFailsTheHostInvocationAndTheAdminRunAndSaysTheFailureIsPermanent()
    {
        StorageMode.RequirePostgresDocuments();
        await using var database = new TestDatabase();
        await database.InitializeAsync();
        await using var app = new CairnApp(database, new Dictionary<string, string?> { ["Cairn:Admin:ApiKey"] = AdminAppFixture.Key });
        app.StartServer();
        await using (var connection = new NpgsqlConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var sabotage = new NpgsqlCommand("alter table documents rename to documents_gone", connection);
            await sabotage.ExecuteNonQueryAsync();
        }
        const string failure = "Failed (permanent): 42P01: relation \"documents\" does not exist";

        var invocation = await TimerInvocationTests.HostClient(app).PostRawAsync("/rate-limit-cleanup", TimerInvocationTests.HostPayload(isPastDue: false));
        using var admin = app.Client();
        admin.DefaultRequestHeaders.Add("X-Admin-Key", AdminAppFixture.Key);
        var adminRun = await admin.PostAsync("/api/v1/admin/jobs/rate-limit-cleanup/run", null);

        var body = await invocation.JsonAsync(HttpStatusCode.InternalServerError);
        Assert.Equal(["Outputs", "Logs", "ReturnValue"], body.Select(p => p.Key));
        Assert.Equal(failure, TimerInvocationTests.Logs(body)[^1]);
        var problem = await adminRun.ProblemAsync(HttpStatusCode.InternalServerError, "job_failed");
        Assert.Contains("will keep failing until the cause is fixed", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal("failed", problem["run"].Str("status"));
        Assert.Equal("permanent", problem["run"].Str("failure"));
        Assert.Equal(failure, (string?)problem["run"]!["log"]!.AsArray()[^1]);
    }
}
